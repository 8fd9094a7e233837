"""The chair's pages: create, edit while draft, freeze on open, issue slips, turnout, tally."""
import csv
import io
import re

from sqlalchemy import text

from helpers import answers, cast, open_vote
from survey.extensions import db


def sign_in(client, username="chair_a"):
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302


def create(client, world, **fields):
    data = {"title": "2026 年度测评", "scale": "3", **fields}
    response = client.post(f"/enterprises/{world.a}/campaigns", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_chair_lands_on_their_enterprise(client, world):
    sign_in(client)
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/enterprises/{world.a}")


def test_create_with_department_question_and_5_point_scale(client, api, world):
    sign_in(client)
    campaign_id = create(client, world, scale="5", ask_department="1", electorate="60")
    form = api("chair_a").get(f"/campaigns/{campaign_id}/form").json
    assert form["items"][0]["key"] == "department"
    assert [o["text"] for o in form["items"][0]["options"]] == ["生产部", "技术部"]
    assert len(form["items"][1]["options"]) == 5
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["electorate"] == 60


def test_bad_create_form_keeps_input_and_explains(client, world):
    sign_in(client)
    response = client.post(f"/enterprises/{world.a}/campaigns", data={"title": "保留的标题", "electorate": "0"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="保留的标题"' in page and 'class="error"' in page


def test_edit_questionnaire_while_draft(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    data = {"wages.text_zh": "工资", "wages.text_en": "Pay", "wages.weight": "3", "wages.satisfied": ["satisfied"],
            "wages.satisfied.score": "100", "overall.required": "1", "overall.satisfied": ["satisfied", "fairly"]}
    for item in api("chair_a").get(f"/campaigns/{campaign_id}/form").json["items"]:
        if item["key"] not in ("wages", "overall"):
            data[f"{item['key']}.satisfied"] = [o["key"] for o in item["options"] if o["satisfied"]]
            data[f"{item['key']}.weight"] = str(item["weight"])
            data[f"{item['key']}.required"] = "1" if item["required"] else ""
    assert client.post(f"/campaigns/{campaign_id}/questionnaire", data=data).status_code == 302
    items = {i["key"]: i for i in api("chair_a").get(f"/campaigns/{campaign_id}/form").json["items"]}
    assert items["wages"]["text"] == "工资" and items["wages"]["weight"] == 3
    assert [o["satisfied"] for o in items["wages"]["options"]] == [True, False, False]
    assert client.post(f"/campaigns/{campaign_id}/questionnaire", data={"remove": "care"}).status_code == 302
    added = client.post(f"/campaigns/{campaign_id}/questionnaire", data={"add": "1", "new_zh": "食堂", "new_en": "Canteen"})
    assert added.status_code == 302
    keys = [i["key"] for i in api("chair_a").get(f"/campaigns/{campaign_id}/form").json["items"]]
    assert "care" not in keys and keys[-2:] == ["q1", "suggestion"]


def test_bad_questionnaire_edit_changes_nothing(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    response = client.post(f"/campaigns/{campaign_id}/questionnaire",
                           data={"wages.text_zh": "新", "wages.text_en": "New", "contract.weight": "500"})
    assert response.status_code == 422
    items = {i["key"]: i for i in api("chair_a").get(f"/campaigns/{campaign_id}/form").json["items"]}
    assert items["wages"]["text"] == "工资按时足额支付及正常增长"


def test_copy_questionnaire_from_an_earlier_vote(client, api, world):
    sign_in(client)
    first = create(client, world)
    client.post(f"/campaigns/{first}/questionnaire", data={"add": "1", "new_zh": "通勤班车", "new_en": "Shuttle bus"})
    second = create(client, world, title="下一次")
    assert client.post(f"/campaigns/{second}/copy", data={"source": str(first)}).status_code == 302
    texts = [i["text"] for i in api("chair_a").get(f"/campaigns/{second}/form").json["items"]]
    assert "通勤班车" in texts


def test_questionnaire_and_settings_freeze_when_the_vote_opens(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    assert client.post(f"/campaigns/{campaign_id}/open").status_code == 302
    response = client.post(f"/campaigns/{campaign_id}/questionnaire", data={"remove": "wages"})
    assert response.status_code == 422
    assert client.post(f"/campaigns/{campaign_id}/settings", data={"threshold": "60"}).status_code == 422
    keys = [i["key"] for i in api("chair_a").get(f"/campaigns/{campaign_id}/form").json["items"]]
    assert "wages" in keys and api("chair_a").get(f"/campaigns/{campaign_id}").json["threshold"] == "80.00"


def test_settings_form_sets_floors_and_vetoes(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    response = client.post(f"/campaigns/{campaign_id}/settings",
                           data={"method": "rate", "threshold": "85", "floors.collective": "80", "vetoes.safety": "50"})
    assert response.status_code == 302
    body = api("chair_a").get(f"/campaigns/{campaign_id}").json
    assert body["threshold"] == "85.00" and body["floors"] == {"collective": "80"} and body["vetoes"] == {"safety": "50"}
    bad = client.post(f"/campaigns/{campaign_id}/settings", data={"threshold": "abc"})
    assert bad.status_code == 422


def test_codes_download_as_csv_once_and_only_hashes_are_kept(client, api, world, session):
    sign_in(client)
    campaign_id = create(client, world)
    response = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "3", "format": "csv"})
    assert response.headers["Content-Disposition"].startswith("attachment")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["code", "url"] and len(rows) == 4
    assert all(row[1].endswith("/v/" + row[0].replace("-", "")) for row in rows[1:])
    stored = session.scalars(text("SELECT code_hash FROM ballot_code")).all()
    assert len(stored) == 3 and not {row[0].replace("-", "") for row in rows[1:]} & set(stored)


def test_codes_download_as_pdf_slips(client, world):
    sign_in(client)
    campaign_id = create(client, world)
    response = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "12", "format": "pdf"})
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    from pypdf import PdfReader
    pdf = PdfReader(io.BytesIO(response.data))
    assert len(pdf.pages) == 2 and "甲公司" in pdf.pages[0].extract_text()


def test_bad_code_count_is_explained(client, world):
    sign_in(client)
    campaign_id = create(client, world)
    response = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "0"})
    assert response.status_code == 422 and 'class="error"' in response.get_data(as_text=True)


def test_turnout_only_while_open_then_the_tally(client, api, world):
    sign_in(client)
    campaign_id = create(client, world, electorate="4")
    client.post(f"/campaigns/{campaign_id}/open")
    codes = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 4}).json["codes"]
    for code in codes[:3]:
        cast(api, code, answers())
    cast(api, codes[3], answers("dissatisfied"))
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert re.search(r'id="cast">4<', page) and re.search(r'id="turnout">100.0%<', page)
    assert 'id="verdict"' not in page and 'id="composite"' not in page
    assert client.post(f"/campaigns/{campaign_id}/close").status_code == 302
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert re.search(r'id="composite">75.00%<', page)
    assert re.search(r'id="verdict">自查不合格<', page)


def _overdue_vote(client, api, world) -> int:
    """An open vote whose closing time has passed, not closed by anyone yet."""
    campaign_id, _codes = open_vote(api, world.a, codes=1)
    with client.application.app_context():
        db().execute(text("UPDATE campaign SET closes_at = '2000-01-01 00:00:00' WHERE id = :i"), {"i": campaign_id})
        db().commit()
    return campaign_id


def _state(api, campaign_id: int) -> str:
    return api("chair_a").get(f"/campaigns/{campaign_id}").json["state"]


def test_reading_an_overdue_vote_changes_nothing(client, api, world):
    campaign_id = _overdue_vote(client, api, world)
    sign_in(client, "assessor_east")
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert "测评现已结束" not in page
    assert api("assessor_east").get(f"/campaigns/{campaign_id}").json["state"] == "open"
    assert api("assessor_east").get(f"/campaigns/{campaign_id}/results").status_code == 409
    assert api("chair_a").get(f"/campaigns/{campaign_id}/results").json["error"] == "results_hidden"
    assert _state(api, campaign_id) == "open"


def test_the_chairs_next_look_closes_an_overdue_vote_and_says_so(client, api, world):
    campaign_id = _overdue_vote(client, api, world)
    sign_in(client)
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert "已到结束时间，测评现已结束。" in page
    assert _state(api, campaign_id) == "closed"
    assert "测评现已结束" not in client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)  # said once


def test_a_chairs_post_on_an_overdue_vote_closes_it_first(client, api, world):
    campaign_id = _overdue_vote(client, api, world)
    sign_in(client)
    response = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "1"})
    assert response.status_code == 422 and _state(api, campaign_id) == "closed"
    assert "已到结束时间，测评现已结束。" in response.get_data(as_text=True)
    english = client.get(f"/campaigns/{campaign_id}?lang=en").get_data(as_text=True)
    assert "The closing time has passed" not in english


def test_close_due_closes_an_overdue_vote(client, api, world):
    campaign_id = _overdue_vote(client, api, world)
    with client.application.app_context():
        result = client.application.test_cli_runner().invoke(args=["close-due"])
    assert result.exit_code == 0 and "closed 1 vote(s)" in result.output
    assert _state(api, campaign_id) == "closed"
