"""No more codes than voters: the cap, the confirmed spare margin, and the codes a closed vote keeps."""
import io
import json

import pypdf
from sqlalchemy import text

from helpers import answers, cast
from survey.domain import rules, sealing
from survey.domain.campaigns import Turnout

ELECTORATE = 4


def draft(api, enterprise_id: int, electorate: int = ELECTORATE) -> int:
    created = api("chair_a").post(f"/enterprises/{enterprise_id}/campaigns", {"title": "封顶", "electorate": electorate})
    assert created.status_code == 201
    return created.json["id"]


def issue(api, campaign_id: int, count: int, **extra):
    return api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": count, **extra})


def test_codes_up_to_the_electorate_and_not_one_more(api, world):
    campaign_id = draft(api, world.a)
    refused = issue(api, campaign_id, ELECTORATE + 1)
    assert refused.status_code == 422 and refused.json["error"] == "codes_exceed_electorate"
    assert "应参与人数4人" in refused.json["message"] and "已发放0个" in refused.json["message"]
    assert issue(api, campaign_id, ELECTORATE - 1).status_code == 201
    assert issue(api, campaign_id, 1).status_code == 201  # exactly the electorate
    again = api("chair_a").post(f"/campaigns/{campaign_id}/codes?lang=en", {"count": 1})
    assert again.status_code == 422 and "electorate is 4 and 4 codes are issued" in again.json["message"]


def test_a_spare_margin_needs_an_explicit_confirmation(api, world, session):
    campaign_id = draft(api, world.a)
    assert issue(api, campaign_id, ELECTORATE + 1, spare="yes").status_code == 422  # only `true` confirms
    assert issue(api, campaign_id, ELECTORATE + 1, spare=True).status_code == 201
    assert session.scalar(text("SELECT count(*) FROM ballot_code")) == ELECTORATE + 1


def test_the_chair_form_refuses_without_the_checkbox_and_issues_with_it(client, api, world):
    campaign_id = draft(api, world.a)
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'name="spare"' in page and f'value="{ELECTORATE}"' in page
    refused = client.post(f"/campaigns/{campaign_id}/codes", data={"count": ELECTORATE + 1, "format": "csv"})
    assert refused.status_code == 422 and "选票码不得多于应参与人数" in refused.get_data(as_text=True)
    issued = client.post(f"/campaigns/{campaign_id}/codes",
                         data={"count": ELECTORATE + 1, "format": "csv", "spare": "1"})
    assert issued.status_code == 200 and issued.mimetype == "text/csv"


def closed_with_spares(api, enterprise_id: int, codes: int, ballots: int) -> int:
    campaign_id = draft(api, enterprise_id)
    chair = api("chair_a")
    assert chair.post(f"/campaigns/{campaign_id}/open").status_code == 200
    plain = issue(api, campaign_id, codes, spare=True).json["codes"]
    for code in plain[:ballots]:
        assert cast(api, code, answers()).status_code == 201
    assert chair.post(f"/campaigns/{campaign_id}/close").status_code == 200
    return campaign_id


def test_a_closed_vote_keeps_its_code_counts_in_the_seal_results_and_attachment(client, api, world, session):
    campaign_id = closed_with_spares(api, world.a, codes=ELECTORATE + 1, ballots=3)
    assert session.scalar(text("SELECT count(*) FROM ballot_code WHERE used")) == 0
    counts = {"issued": 5, "used": 3, "unused": 2}
    summary = json.loads(api("chair_a").get(f"/campaigns/{campaign_id}/export?format=json").data)["summary"]
    assert summary["codes"] == counts
    assert api("chair_a").get(f"/campaigns/{campaign_id}/results").json["codes"] == counts
    pdf = api("chair_a").get(f"/campaigns/{campaign_id}/declaration.pdf").data
    words = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    assert "5/3/2" in words and "发放选票码5个，应参与人数4人" in words
    digest = api("chair_a").get(f"/campaigns/{campaign_id}/results").json["seal"]["sha256"]
    public = client.get(f"/verify/{digest}").get_data(as_text=True)
    assert "发放选票码5个，应参与人数4人" in public and "5 / 3 / 2" in public


def test_no_margin_line_without_spare_codes(api, world):
    campaign_id = closed_with_spares(api, world.a, codes=ELECTORATE, ballots=ELECTORATE)
    pdf = api("chair_a").get(f"/campaigns/{campaign_id}/declaration.pdf").data
    words = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    assert "4/4/0" in words and "发放选票码" not in words


def test_turnout_never_exceeds_one_even_when_spare_codes_were_all_cast(api, world):
    campaign_id = closed_with_spares(api, world.a, codes=ELECTORATE + 1, ballots=ELECTORATE + 1)
    results = api("chair_a").get(f"/campaigns/{campaign_id}/results").json
    assert results["cast"] == ELECTORATE + 1 and results["turnout"] == 1.0
    assert Turnout(electorate=2, cast=5, valid=5, issued=5, used=5).rate == 1
    assert Turnout(electorate=0, cast=0, valid=0, issued=0, used=0).rate is None
    tally = rules.tally((), rules.counting_rules("rate", 80, {}, {}))
    assert sealing.summary_of(5, 5, 2, tally, {})["turnout"] == "1.000000"


def test_verify_seal_accepts_a_file_sealed_before_codes_were_kept(app, api, world, tmp_path):
    campaign_id = closed_with_spares(api, world.a, codes=ELECTORATE, ballots=2)
    sealed = json.loads(api("chair_a").get(f"/campaigns/{campaign_id}/export?format=json").data)
    del sealed["summary"]["codes"]
    path = tmp_path / "before.json"
    path.write_bytes(sealing.canonical(sealed).encode())
    result = app.test_cli_runner().invoke(args=["verify-seal", str(path)])
    assert result.exit_code == 0, result.output
    checked = sealing.verify([path.read_bytes()])
    assert checked.agrees and "codes" not in checked.recounted
