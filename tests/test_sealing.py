"""A vote closes in steps (open → sealing → closed), each its own transaction: while it is sealing
(封存中) it takes no ballots and shows no results, every page and the API say so, and a close cut
short between the steps (its process died) is finished by `close-due` or by its job."""
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text

from helpers import answers, cast, open_vote, run_cli
from seal_support import sha256
from survey.data import scrub
from survey.data.models import BallotCode, Campaign, Seal
from survey.domain import campaigns
from survey.domain.clock import utcnow
from test_jobs import seal_of, signed_in, work

SEALING_ZH, SEALING_EN = "测评已停止投票，正在封存；封存完成后显示结果。", "its seal is being written"


@contextmanager
def own_session(app):
    """A session of its own, as another process's would be."""
    with app.app_context():
        with app.extensions["harmony.sessions"].session_factory() as session:
            yield session


def cast_all(api, world, count: int, codes: int | None = None) -> tuple[int, list[str]]:
    """A vote with `count` ballots cast; the codes not used."""
    campaign_id, plain = open_vote(api, world.a, electorate=30, codes=codes or count + 1)
    for code in plain[:count]:
        assert cast(api, code, answers()).status_code == 201
    return campaign_id, plain[count:]


def cut_short(app, campaign_id: int, steps: int) -> list[str]:
    """A close whose process dies after committing its first `steps` steps: the steps it took."""
    with own_session(app) as session:
        closing = campaigns.closing(session, session.get(Campaign, campaign_id), utcnow())
        taken = []
        for step in closing:
            session.commit()
            taken.append(step)
            if len(taken) == steps:
                break
        closing.close()
    return taken


def direct_seal(app, campaign_id: int) -> str:
    """The seal the close would write, taken back."""
    with own_session(app) as session:
        campaign = session.get(Campaign, campaign_id)
        list(campaigns.closing(session, campaign, campaign.closed_at or utcnow()))
        digest = session.scalar(select(Seal.sha256).where(Seal.campaign_id == campaign_id))
        session.rollback()
    return digest


def used_codes(app, campaign_id: int) -> int:
    with own_session(app) as session:
        return session.scalar(select(func.count()).select_from(BallotCode).where(
            BallotCode.campaign_id == campaign_id, BallotCode.used))


def test_a_close_cut_short_once_the_vote_stopped_is_finished_by_close_due_with_the_same_seal(app, api, world):
    campaign_id, _unused = cast_all(api, world, 3)
    assert cut_short(app, campaign_id, 1) == ["stopped"]
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "sealing"
    assert seal_of(app, campaign_id) is None and used_codes(app, campaign_id) == 3  # not yet forgotten
    expected = direct_seal(app, campaign_id)  # at the moment it stopped: the seal states it

    result = run_cli(app, "close-due")
    assert result.exit_code == 0 and "closed 1 vote(s)" in result.output
    shown = api("chair_a").get(f"/campaigns/{campaign_id}/results")
    assert shown.status_code == 200 and shown.json["cast"] == 3 and shown.json["seal"]["sha256"] == expected
    assert used_codes(app, campaign_id) == 0
    assert "closed 0 vote(s)" in run_cli(app, "close-due").output  # nothing left to finish


def test_a_close_cut_short_among_the_chunks_of_used_codes_keeps_their_count(app, api, world, monkeypatch):
    monkeypatch.setattr(scrub, "CODES_CHUNK", 2)
    campaign_id, _unused = cast_all(api, world, 5)
    assert cut_short(app, campaign_id, 2) == ["stopped", "codes forgotten"]
    assert used_codes(app, campaign_id) == 3
    assert run_cli(app, "close-due").exit_code == 0
    assert used_codes(app, campaign_id) == 0
    turnout = api("chair_a").get(f"/campaigns/{campaign_id}/results").json
    assert (turnout["cast"], turnout["codes"]) == (5, {"issued": 6, "used": 5, "unused": 1})


def test_a_vote_sealing_with_its_close_job_is_left_to_the_job(app, api, world):
    """close-due does not seal what a job is sealing (or will again, claimed after its worker died)."""
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id, _unused = cast_all(api, world, 2)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 202
    cut_short(app, campaign_id, 1)  # the job's first step, and its worker died
    assert "closed 0 vote(s)" in run_cli(app, "close-due").output
    assert seal_of(app, campaign_id) is None
    assert work(app)
    assert api("chair_a").get("/jobs/1").json["state"] == "done" and seal_of(app, campaign_id) is not None
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "closed"


def test_two_closers_finishing_at_once_store_one_seal(app, api, world):
    campaign_id, _unused = cast_all(api, world, 3)
    cut_short(app, campaign_id, 1)
    with own_session(app) as first, own_session(app) as second:
        finishing = [campaigns.finishing(session, session.get(Campaign, campaign_id)) for session in (first, second)]
        for steps, session in zip(finishing, (first, second)):  # both read their seal
            for step in steps:
                session.commit()
                if step == "sealed":
                    break
        for steps, session in zip(finishing, (first, second)):
            assert list(steps) == ["closed"]
            session.commit()
    with own_session(app) as session:
        assert session.scalar(select(func.count()).select_from(Seal).where(Seal.campaign_id == campaign_id)) == 1
        assert session.get(Campaign, campaign_id).is_closed


@pytest.fixture()
def sealing(app, api, world):
    """A vote stopped by a close that died on the way: (its id, a code it never used)."""
    campaign_id, unused = cast_all(api, world, 2)
    cut_short(app, campaign_id, 1)
    return campaign_id, unused[0]


def test_a_sealing_vote_takes_no_ballot_and_no_codes(app, api, client, sealing):
    campaign_id, code = sealing
    refused = cast(api, code, answers())
    assert refused.status_code == 403, refused.json
    assert 'data-reason="vote_closed"' in client.get(f"/v/{code}").get_data(as_text=True)
    issued = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 1})
    assert issued.status_code == 422 and issued.json["error"] == "campaign_closed"
    closed_again = api("chair_a").post(f"/campaigns/{campaign_id}/close")
    assert closed_again.status_code == 409 and closed_again.json["error"] == "illegal_transition"


def test_a_sealing_vote_shows_no_results_and_says_why(app, api, sealing):
    campaign_id, _code = sealing
    chair = api("chair_a")
    assert chair.get(f"/campaigns/{campaign_id}").json["state"] == "sealing"
    for path in ("results?", "export?format=json&", "export?format=csv&", "attachment.pdf?"):
        response = chair.get(f"/campaigns/{campaign_id}/{path}lang=en")
        assert response.status_code == 409 and response.json["error"] == "results_sealing", path
        assert SEALING_EN in response.json["message"], path
    assert chair.get(f"/campaigns/{campaign_id}/results?lang=zh").json["message"] == SEALING_ZH


def test_the_vote_page_says_it_is_being_sealed_in_both_languages(app, sealing):
    campaign_id, _code = sealing
    browser = signed_in(app)
    chinese = browser.get(f"/campaigns/{campaign_id}")
    page = chinese.get_data(as_text=True)
    assert chinese.status_code == 200
    assert "封存中" in page and SEALING_ZH in page and 'http-equiv="refresh"' in page
    assert 'id="results"' not in page and "/codes" not in page and "/close" not in page  # no slips, no close
    english = browser.get(f"/campaigns/{campaign_id}?lang=en").get_data(as_text=True)
    assert ">sealing<" in english and SEALING_EN in english
    assert browser.get(f"/campaigns/{campaign_id}/close").status_code == 302  # nothing left to confirm


def test_a_backup_waits_for_a_sealing_vote(app, sealing, tmp_path):
    result = run_cli(app, "backup", str(tmp_path / "copy.db"))
    assert result.exit_code != 0 and not (tmp_path / "copy.db").exists()


def test_the_openapi_document_names_the_sealing_state(client):
    state = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Campaign"]["properties"]["state"]
    assert state["enum"] == ["draft", "open", "sealing", "closed"]


def test_the_sealed_file_of_a_finished_close_is_the_seal(app, api, sealing):
    campaign_id, _code = sealing
    assert run_cli(app, "close-due").exit_code == 0
    data = api("chair_a").get(f"/campaigns/{campaign_id}/export?format=json").data
    assert sha256(data) == seal_of(app, campaign_id)
    with own_session(app) as session:
        assert session.scalar(text("SELECT scrub_after FROM campaign WHERE id = :id"), {"id": campaign_id}) is None
