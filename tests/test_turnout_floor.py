"""The turnout floor (最低参与率): more than half by default (过半数: exactly half fails), two-thirds or more
(三分之二以上: exactly two-thirds passes), or none; below it the vote is invalid (无效：参与人数不足)."""
import io
import json
import os

import pypdf
import pytest
from sqlalchemy import text

from helpers import answers, cast, open_vote
from seal_support import sealed, sealed_file
from survey.data.db import fresh_schema_url, make_engine
from survey.data.migrate import upgrade
from survey.domain import rules, sealing
from survey.domain.turnout import Turnout

TOO_LOW = "无效：参与人数不足"


@pytest.mark.parametrize("floor, cast_, electorate, reaches", [
    ("majority", 50, 100, False),  # exactly half is not more than half
    ("majority", 51, 100, True),  # half plus one
    ("majority", 3, 7, False),
    ("majority", 4, 7, True),
    ("two_thirds", 20, 30, True),  # exactly two-thirds is two-thirds or more
    ("two_thirds", 19, 30, False),
    ("two_thirds", 6666, 10000, False),  # 66.66% prints as 66.7% but stays below
    ("none", 1, 100, True),
    ("none", 0, 100, True),
    (None, 0, 100, True),  # a seal from before the setting: no floor
])
def test_the_floor_at_its_boundaries(floor, cast_, electorate, reaches):
    assert rules.reaches_turnout_floor(floor, Turnout(electorate, cast_)) is reaches


def test_below_the_floor_the_tally_is_invalid_whatever_it_counted():
    settings = rules.counting_rules("rate", 80, {}, {}, "majority")
    everyone_satisfied = [rules.ItemCount("a", 1, 50, 50, 5000)]
    invalid = rules.tally(everyone_satisfied, settings, Turnout(100, 50))
    assert not invalid.qualified and invalid.reasons == ("turnout_floor:majority",)
    assert invalid.verdict == rules.Verdict.TURNOUT_TOO_LOW and invalid.composite == 1
    counted = rules.tally([rules.ItemCount("a", 1, 51, 51, 5100)], settings, Turnout(100, 51))
    assert counted.qualified and counted.verdict == rules.Verdict.QUALIFIED
    with pytest.raises(ValueError):
        rules.tally(everyone_satisfied, settings)  # a floor without the turnout
    with pytest.raises(ValueError):
        rules.counting_rules("rate", 80, {}, {}, "most")


def vote(api, world, electorate: int, ballots: int, floor: str | None = None) -> dict:
    """A vote of `ballots` all-satisfied ballots out of `electorate`, closed; its results (in English)."""
    settings = {"turnout_floor": floor} if floor else None
    campaign_id, codes = open_vote(api, world.a, electorate=electorate, codes=ballots, settings=settings)
    for code in codes:
        assert cast(api, code, answers("satisfied")).status_code == 201
    chair = api("chair_a")
    assert chair.post(f"/campaigns/{campaign_id}/close").status_code == 200
    results = chair.get(f"/campaigns/{campaign_id}/results?lang=en").json
    return results | {"campaign_id": campaign_id}


def test_exactly_half_is_invalid_under_the_default_and_says_why(api, world):
    results = vote(api, world, electorate=100, ballots=50)
    assert results["turnout_floor"] == "majority" and results["composite_rate"] == 1.0
    assert results["qualified"] is False and results["verdict"] == "turnout_too_low"
    assert results["reasons"] == ["turnout_floor:majority"]
    test = results["statistics"]["composite"]["test"]
    assert test["verdict"] == "no_conclusion"  # though 50 satisfied ballots alone would reach the line
    assert results["statistics"]["conclusion_drawn"] is False and test["confident"] is False
    assert test["message"] == "Too few voted for the minimum turnout: no conclusion is drawn from these ballots."
    assert results["statistics"]["comparison"] is None


def test_half_plus_one_counts(api, world):
    results = vote(api, world, electorate=100, ballots=51)
    assert results["qualified"] is True and results["verdict"] == "qualified"
    assert results["reasons"] == ["composite_reaches"] and results["statistics"]["conclusion_drawn"] is True
    assert results["statistics"]["composite"]["test"]["confident"] is True


@pytest.mark.parametrize("ballots, qualified", [(6, True), (5, False)])
def test_two_thirds_exactly_counts(api, world, ballots, qualified):
    results = vote(api, world, electorate=9, ballots=ballots, floor="two_thirds")
    assert results["turnout_floor"] == "two_thirds" and results["qualified"] is qualified
    assert results["reasons"] == (["composite_reaches"] if qualified else ["turnout_floor:two_thirds"])


def test_no_floor_counts_a_single_ballot(api, world):
    results = vote(api, world, electorate=100, ballots=1, floor="none")
    assert results["qualified"] is True and results["turnout_floor"] == "none"


def test_the_floor_is_a_draft_setting_refused_when_unknown_and_frozen_once_open(api, world):
    chair = api("chair_a")
    created = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评", "turnout_floor": "two_thirds"})
    assert created.status_code == 201 and created.json["turnout_floor"] == "two_thirds"
    campaign_id = created.json["id"]
    assert chair.patch(f"/campaigns/{campaign_id}", {"threshold": "85"}).json["turnout_floor"] == "two_thirds"
    assert chair.patch(f"/campaigns/{campaign_id}", {"turnout_floor": "none"}).json["turnout_floor"] == "none"
    bad = chair.patch(f"/campaigns/{campaign_id}?lang=en", {"turnout_floor": "most"})
    assert bad.status_code == 422 and bad.json["errors"] == {
        "turnout_floor": "Choose the minimum turnout: more than half, two-thirds or more, or none."}
    assert chair.post(f"/campaigns/{campaign_id}/open").status_code == 200
    frozen = chair.patch(f"/campaigns/{campaign_id}", {"turnout_floor": "majority"})
    assert frozen.status_code == 422 and frozen.json["error"] == "questionnaire_frozen"
    assert chair.get(f"/campaigns/{campaign_id}").json["turnout_floor"] == "none"


def test_the_chair_sets_the_floor_on_the_settings_form(client, api, world):
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json["id"]
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert '<option value="majority" selected>超过应参与人数的一半（过半数）</option>' in page
    saved = client.post(f"/campaigns/{campaign_id}/settings", data={"threshold": "80", "turnout_floor": "two_thirds"})
    assert saved.status_code == 302
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["turnout_floor"] == "two_thirds"
    refused = client.post(f"/campaigns/{campaign_id}/settings", data={"threshold": "80", "turnout_floor": "x"})
    assert refused.status_code == 422 and "请选择最低参与率" in refused.get_data(as_text=True)


def test_the_seal_states_the_rule_and_the_recount_agrees(api, world, client):
    results = vote(api, world, electorate=10, ballots=5)
    data = sealed_file(api, results["campaign_id"])
    document = json.loads(data)
    assert document["settings"]["campaign"]["turnout_floor"] == "majority"
    summary = document["summary"]
    assert summary["turnout_floor"] == "majority" and summary["qualified"] is False
    assert summary["reasons"] == ["turnout_floor:majority"]
    verification = sealing.verify([data])
    assert verification.agrees, verification.differences()
    # The floor cannot be dropped from the file unnoticed: recounted without it, the vote qualifies.
    del document["settings"]["campaign"]["turnout_floor"]
    assert "qualified" in sealing.verify([sealing.canonical(document).encode()]).differences()
    page = client.get(f"/verify/{sealed(api, results['campaign_id'])['sha256']}?lang=zh").get_data(as_text=True)
    assert TOO_LOW in page and "参与人数不足：须有超过应参与人数的一半（过半数）投票" in page


def test_a_seal_from_before_the_floor_verifies_as_it_was(api, world):
    """Seals made before the setting have it neither in their settings nor in their summary: no floor."""
    document = json.loads(sealed_file(api, vote(api, world, electorate=10, ballots=5)["campaign_id"]))
    del document["settings"]["campaign"]["turnout_floor"]
    summary = document["summary"]
    del summary["turnout_floor"]
    summary.update(qualified=True, reasons=["composite_reaches"])  # as it was counted then
    verification = sealing.verify([sealing.canonical(document).encode()])
    assert verification.agrees, verification.differences()
    assert "turnout_floor" not in verification.recounted


def test_the_attachment_says_invalid_with_the_rule_and_draws_no_conclusion(api, world):
    campaign_id = vote(api, world, electorate=100, ballots=50)["campaign_id"]
    pdf = api("chair_a").get(f"/campaigns/{campaign_id}/attachment.pdf?lang=zh")
    assert pdf.status_code == 200
    words = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    flat = words.replace(" ", "").replace("\n", "")
    assert TOO_LOW in flat and "自查合格" not in flat and "自查不合格" not in flat
    assert "参与人数不足：须有超过应参与人数的一半" in flat
    assert "参与人数未达到最低参与率：不根据这些选票作任何结论。" in flat and "有95%的把握" not in flat


def test_the_chair_page_shows_the_verdict_and_no_confident_sentence(api, world, client):
    campaign_id = vote(api, world, electorate=100, ballots=50)["campaign_id"]
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    page = client.get(f"/campaigns/{campaign_id}?lang=en").get_data(as_text=True)
    assert '<p class="verdict fail" id="verdict">Invalid: turnout too low</p>' in page
    assert "Too few voted: the vote counts only with ballots from more than half of the electorate." in page
    assert "no conclusion is drawn from these ballots" in page and "95% confident" not in page


@pytest.fixture
def unmigrated_url(migrated, tmp_path):
    """An empty database of this test's backend, to migrate step by step."""
    backend, _where = migrated
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'steps.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return fresh_schema_url(os.environ["TEST_DATABASE_URL"], f"harmony_steps_{worker}")


CAMPAIGN = ("INSERT INTO campaign (id, enterprise_id, questionnaire_id, title, state, electorate, electorate_source,"
            " method, threshold, floors, vetoes) VALUES (:id, 1, :id, 'v', :state, 10, 'given', 'rate', 80, '{}', '{}')")


def test_the_migration_gives_open_votes_the_default_and_closed_votes_no_floor(unmigrated_url):
    """Votes closed before the setting were counted and sealed without a floor; they keep none."""
    upgrade(unmigrated_url, "0007")
    engine = make_engine(unmigrated_url)
    states = {1: "draft", 2: "open", 3: "closed"}
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO jurisdiction (id, name) VALUES (1, 'j')"))
        connection.execute(text("INSERT INTO enterprise (id, name, credit_code, headcount, jurisdiction_id, departments)"
                                " VALUES (1, 'e', '91350100M000100Y43', 10, 1, '[]')"))
        for id_, state in states.items():
            connection.execute(text("INSERT INTO questionnaire (id, title_zh, title_en, scale) VALUES (:id, 'q', 'q', 3)"),
                               {"id": id_})
            connection.execute(text(CAMPAIGN), {"id": id_, "state": state})
    upgrade(unmigrated_url)
    with engine.connect() as connection:
        floors = dict(connection.execute(text("SELECT id, turnout_floor FROM campaign")).all())
    engine.dispose()
    assert floors == {1: "majority", 2: "majority", 3: "none"}
