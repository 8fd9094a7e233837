"""Long work off the request path (后台任务): the job path closes, seals and exports exactly as the direct
path does, reports its progress, fails with its message and is retried, is claimed by one worker at a
time, and is taken again when its worker fell silent; two workers never close a vote twice."""
import io
import os
import subprocess
import sys
import threading
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from browser_support import fits_the_phone
from helpers import answers, cast, open_vote, run_cli
from seal_support import qr_links, sha256
from survey.data import jobs as store
from survey.data import job_files, scrub
from survey.data.models import Campaign, Job, Seal
from survey.domain import campaigns, jobs
from survey.domain.clock import utcnow
from survey.domain.errors import IllegalTransition
from survey.web.job_runs import RUNNERS, run_close, work_once
from survey.web.job_views import worker_settings

OPTIONS = ["satisfied", "fairly", "dissatisfied", "satisfied", "fairly"]
ROOT = Path(__file__).resolve().parent.parent


def cast_ballots(api, world, count: int, electorate: int = 30) -> int:
    campaign_id, plain = open_vote(api, world.a, electorate=electorate, codes=count)
    for n, code in enumerate(plain):
        assert cast(api, code, answers(OPTIONS[n % len(OPTIONS)])).status_code == 201
    return campaign_id


def work(app, clock=utcnow) -> bool:
    """One job taken by a worker of this app and run to its end; False when none was waiting."""
    with app.app_context():
        return work_once(app.extensions["harmony.engine"], app.extensions["harmony.sessions"].session_factory,
                              RUNNERS, worker_settings(), clock)


def job_row(app, job_id: int) -> Job:
    with app.app_context():
        with app.extensions["harmony.sessions"].session_factory() as session:
            return session.get(Job, job_id)


def signed_in(app, user: str = "chair_a"):
    client = app.test_client()
    assert client.post("/login", data={"username": user, "password": "password-" + user}).status_code == 302
    return client


def seal_of(app, campaign_id: int) -> str | None:
    with app.app_context():
        with app.extensions["harmony.sessions"].session_factory() as session:
            return session.scalar(select(Seal.sha256).where(Seal.campaign_id == campaign_id))


def test_one_rule_decides_at_the_limit():
    limits = jobs.Limits(close=10, export=100, slips=5)
    assert not jobs.through_job("close", 10, limits) and jobs.through_job("close", 11, limits)
    assert not jobs.through_job("export", 100, limits) and jobs.through_job("export", 101, limits)
    assert not jobs.through_job("slips", 5, limits) and jobs.through_job("slips", 6, limits)


def test_a_vote_at_the_limit_closes_in_the_request_as_before(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 3
    campaign_id = cast_ballots(api, world, 3)
    response = api("chair_a").post(f"/campaigns/{campaign_id}/close")
    assert response.status_code == 200 and response.json["state"] == "closed"
    assert seal_of(app, campaign_id) is not None and not work(app)  # nothing was queued


def test_a_large_vote_is_closed_by_the_worker_with_the_same_seal_as_at_once(app, api, world, session):
    app.config["JOB_THRESHOLD_BALLOTS"] = 3
    campaign_id = cast_ballots(api, world, 4)
    moment = utcnow().replace(microsecond=0)
    campaign = session.get(Campaign, campaign_id)
    list(campaigns.closing(session, campaign, moment))  # the direct path, taken back: what its seal would be
    direct = session.scalar(select(Seal.sha256).where(Seal.campaign_id == campaign_id))
    session.rollback()

    started = api("chair_a").post(f"/campaigns/{campaign_id}/close")
    assert started.status_code == 202
    assert started.json == {"job": "/api/v1/jobs/1", "state": "queued"}
    assert started.headers["Location"] == "/api/v1/jobs/1"
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "open"
    assert api("chair_a").get("/jobs/1").json == {
        "id": 1, "kind": "close", "campaign_id": campaign_id, "state": "queued", "done": 0, "total": None,
        "error": None, "message": None, "result_url": None}

    assert work(app, clock=lambda: moment) and not work(app)
    done = api("chair_a").get("/jobs/1").json
    assert (done["state"], done["done"], done["total"]) == ("done", 4, 4)
    assert done["result_url"] == f"/api/v1/campaigns/{campaign_id}/results"
    assert api("chair_a").get(done["result_url"].removeprefix("/api/v1")).json["cast"] == 4
    assert seal_of(app, campaign_id) == direct
    session.commit()
    assert session.scalar(select(Campaign.scrub_after).where(Campaign.id == campaign_id)) is None  # rewritten
    assert session.scalar(text("SELECT count(*) FROM ballot_code WHERE used")) == 0


def test_a_second_close_while_one_is_queued_gets_the_same_job(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    first = api("chair_a").post(f"/campaigns/{campaign_id}/close")
    again = api("admin").post(f"/campaigns/{campaign_id}/close")
    assert first.status_code == again.status_code == 202 and first.json["job"] == again.json["job"]
    assert api("admin").get(again.json["job"].removeprefix("/api/v1")).status_code == 200  # whoever runs the vote
    assert work(app) and not work(app)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 409  # closed: refused as before


def test_two_closes_asked_at_once_queue_one_job(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    barrier, answered = threading.Barrier(2), []

    def close():
        client = app.test_client()
        barrier.wait()
        answered.append(client.post(f"/api/v1/campaigns/{campaign_id}/close",
                                    headers={"Authorization": f"Bearer {world.keys['chair_a']}"}).json["job"])

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answered) == 2 and answered[0] == answered[1]
    with app.app_context():
        assert app.extensions["harmony.sessions"]().scalar(select(func.count()).select_from(Job)) == 1


def test_the_chair_page_shows_the_close_in_progress_and_the_job_page_refreshes_itself(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    chair = signed_in(app)
    response = chair.post(f"/campaigns/{campaign_id}/close")
    assert response.status_code == 303 and response.headers["Location"] == "/jobs/1"
    vote_page = chair.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'id="closing"' in vote_page and 'href="/jobs/1"' in vote_page and "confirm_close" not in vote_page
    page = chair.get("/jobs/1").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="2">' in page and "<progress" in page and "等待" in page
    assert "Waiting" in chair.get("/jobs/1?lang=en").get_data(as_text=True)
    work(app)
    done = chair.get("/jobs/1").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in done and 'value="2"' in done and 'max="2"' in done
    assert 'id="closing"' not in chair.get(f"/campaigns/{campaign_id}").get_data(as_text=True)


def test_a_vote_past_its_closing_time_is_closed_by_a_job_when_large(app, api, world, session):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    session.execute(text("UPDATE campaign SET closes_at = '2020-01-01 00:00:00'"))
    session.commit()
    page = signed_in(app).get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'id="closing"' in page  # the chair's next action queued the close instead of closing in the request
    assert work(app) and seal_of(app, campaign_id) is not None


def closed_vote(app, api, world, count: int = 5) -> int:
    campaign_id = cast_ballots(api, world, count)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    return campaign_id


def exported_by_job(app, api, campaign_id: int, query: str) -> tuple[bytes, dict]:
    app.config["JOB_EXPORT_BALLOTS"] = 1
    started = api("chair_a").get(f"/campaigns/{campaign_id}/export?{query}")
    assert started.status_code == 202, started.json
    assert work(app)
    shown = api("chair_a").get(started.json["job"].removeprefix("/api/v1")).json
    got = api("chair_a").get(shown["result_url"].removeprefix("/api/v1"))
    assert got.status_code == 200 and got.headers["Cache-Control"] == "no-store"
    app.config["JOB_EXPORT_BALLOTS"] = 100_000
    return got.data, shown


@pytest.mark.parametrize("query", ["format=json", "format=csv", "format=csv&labels=text&lang=en"])
def test_an_export_written_by_a_job_has_the_bytes_of_the_direct_one(app, api, world, query):
    campaign_id = closed_vote(app, api, world)
    by_job, shown = exported_by_job(app, api, campaign_id, query)
    direct = api("chair_a").get(f"/campaigns/{campaign_id}/export?{query}")
    assert direct.status_code == 200 and by_job == direct.data
    assert (shown["kind"], shown["done"], shown["total"]) == ("export", 5, 5)
    if query == "format=json":
        assert sha256(by_job) == seal_of(app, campaign_id)


def _members(xlsx: bytes) -> dict[str, bytes]:
    """The workbook's parts, but the one stating when it was written."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def test_a_workbook_written_by_a_job_has_the_sheets_of_the_direct_one(app, api, world):
    campaign_id = closed_vote(app, api, world)
    by_job, _shown = exported_by_job(app, api, campaign_id, "format=xlsx&lang=en")
    direct = api("chair_a").get(f"/campaigns/{campaign_id}/export?format=xlsx&lang=en").data
    assert _members(by_job) == _members(direct) and len(_members(direct)) > 5


def test_the_same_export_asked_again_is_the_same_job_while_its_file_is_kept(app, api, world):
    campaign_id = closed_vote(app, api, world)
    app.config["JOB_EXPORT_BALLOTS"] = 1
    first = api("chair_a").get(f"/campaigns/{campaign_id}/export?format=csv").json["job"]
    assert api("chair_a").get(f"/campaigns/{campaign_id}/export?format=csv").json["job"] == first  # queued
    assert api("chair_a").get(f"/campaigns/{campaign_id}/export?format=xlsx").json["job"] != first
    work(app)
    assert api("chair_a").get(f"/campaigns/{campaign_id}/export?format=csv").json["job"] == first  # done
    other = api("assessor_east").get(f"/campaigns/{campaign_id}/export?format=csv")
    assert other.status_code == 202 and other.json["job"] != first  # another reader gets a job of their own


def test_the_staff_page_of_an_export_ends_with_its_download(app, api, world):
    campaign_id = closed_vote(app, api, world)
    app.config["JOB_EXPORT_BALLOTS"] = 1
    chair = signed_in(app)
    started = chair.get(f"/campaigns/{campaign_id}/export?format=csv&labels=text")
    assert started.status_code == 303
    page = started.headers["Location"]
    assert 'id="job-file"' not in chair.get(page).get_data(as_text=True)
    assert chair.get(page + "/file").status_code == 409  # not done yet
    work(app)
    shown = chair.get(page).get_data(as_text=True)
    assert 'id="job-file"' in shown and f"harmony-ballots-{campaign_id}.csv" in shown
    download = chair.get(page + "/file")
    assert download.status_code == 200 and download.data.startswith("\ufeff".encode())


def test_a_failed_job_says_why_and_a_retry_succeeds(app, api, world, monkeypatch):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    job = api("chair_a").post(f"/campaigns/{campaign_id}/close").json["job"].removeprefix("/api/v1")
    assert api("chair_a").post(f"{job}/retry").json["error"] == "job_not_failed"
    real = campaigns.seals.seal

    def broken(*args):
        raise RuntimeError("the disk is full")
    monkeypatch.setattr(campaigns.seals, "seal", broken)
    work(app)
    failed = api("chair_a").get(job + "?lang=en").json
    assert (failed["state"], failed["error"]) == ("failed", "job_failed") and "Try again" in failed["message"]
    # the vote stopped taking ballots (that step was committed); its seal was not written, nor shown
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "sealing"
    assert api("chair_a").get(f"/campaigns/{campaign_id}/results").json["error"] == "results_sealing"
    assert seal_of(app, campaign_id) is None
    page = signed_in(app).get("/jobs/1").get_data(as_text=True)
    assert 'id="job-error"' in page and 'id="job-retry"' in page and 'http-equiv="refresh"' not in page

    monkeypatch.setattr(campaigns.seals, "seal", real)
    assert api("chair_b").post(f"{job}/retry").status_code == 403
    again = api("chair_a").post(f"{job}/retry")
    assert again.status_code == 202 and again.json == {"job": "/api/v1/jobs/1", "state": "queued"}
    assert api("chair_a").post(f"{job}/retry").status_code == 409
    work(app)
    assert api("chair_a").get(job).json["state"] == "done" and seal_of(app, campaign_id) is not None
    assert job_row(app, 1).attempts == 2


def test_the_staff_retry_button_queues_the_failed_job_again(app, api, world, monkeypatch):
    campaign_id = closed_vote(app, api, world)
    app.config["JOB_EXPORT_BALLOTS"] = 1
    api("chair_a").get(f"/campaigns/{campaign_id}/export?format=xlsx")
    monkeypatch.setitem(RUNNERS, "export", lambda run: (_ for _ in ()).throw(OSError("no space left")))
    work(app)
    chair = signed_in(app)
    response = chair.post("/jobs/1/retry")
    assert response.status_code == 303 and job_row(app, 1).state == "queued"


def test_a_refusal_met_by_the_job_is_its_message(app, api, world):
    """A slips job for a vote whose electorate filled up meanwhile fails with the domain's refusal."""
    app.config["JOB_SLIPS_CODES"] = 2
    campaign_id, _plain = open_vote(api, world.a, electorate=5, codes=0)
    chair = signed_in(app)
    assert chair.post(f"/campaigns/{campaign_id}/codes", data={"count": 3}).status_code == 303
    assert api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 4}).status_code == 201
    work(app)
    failed = job_row(app, 1)
    assert (failed.state, failed.error) == ("failed", "codes_exceed_electorate")
    assert api("chair_a").get(f"/campaigns/{campaign_id}").status_code == 200
    assert "No more codes than voters" in chair.get("/jobs/1?lang=en").get_data(as_text=True)


def test_slips_printed_by_a_job_open_only_in_the_browser_that_asked(app, api, world):
    app.config["JOB_SLIPS_CODES"] = 3
    campaign_id, _plain = open_vote(api, world.a, electorate=10, codes=0)
    chair = signed_in(app)
    assert chair.post(f"/campaigns/{campaign_id}/codes", data={"count": 3}).headers["Content-Type"] == \
        "application/pdf"  # at the limit: at once, as before
    response = chair.post(f"/campaigns/{campaign_id}/codes", data={"count": 4})
    assert response.status_code == 303 and response.headers["Location"] == "/jobs/1"
    assert _issued(app, campaign_id) == 3  # the job's codes are kept only once it is done
    work(app)
    assert _issued(app, campaign_id) == 7
    row = job_row(app, 1)
    stored = job_files.path_of(worker_settings_folder(app), row.result_path).read_bytes()
    assert not stored.startswith(b"%PDF") and (row.done, row.total) == (4, 4)
    pdf = chair.get("/jobs/1/file")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    links = qr_links(pdf.data)
    assert len(links) == 4 and all("/v/" in link for link in links)
    code = links[0].rsplit("/v/", 1)[1]
    assert code.encode() not in stored
    assert cast(api, code, answers()).status_code == 201  # a printed code votes
    elsewhere = signed_in(app)  # the same chair in another browser
    assert elsewhere.get("/jobs/1/file").status_code == 403
    assert api("chair_a").get("/jobs/1/file").json["error"] == "job_slips_elsewhere"
    assert api("chair_a").get("/jobs/1").json["result_url"] is None


def worker_settings_folder(app):
    with app.app_context():
        return worker_settings().folder


def _issued(app, campaign_id: int) -> int:
    with app.app_context():
        with app.extensions["harmony.sessions"].session_factory() as session:
            return campaigns.turnout(session, session.get(Campaign, campaign_id)).issued


def test_a_jobs_file_is_forgotten_after_its_hours(app, api, world):
    campaign_id = closed_vote(app, api, world)
    _data, shown = exported_by_job(app, api, campaign_id, "format=csv")
    row = job_row(app, shown["id"])
    with app.app_context():
        session = app.extensions["harmony.sessions"]()
        assert jobs.forget_files(session, worker_settings().folder, utcnow() + timedelta(hours=23), 24) == 0
        assert jobs.forget_files(session, worker_settings().folder, utcnow() + timedelta(hours=25), 24) == 1
        session.commit()
    assert not job_files.exists(worker_settings_folder(app), row.result_path)
    again = api("chair_a").get(f"/jobs/{row.id}").json
    assert again["state"] == "done" and again["result_url"] is None
    assert api("chair_a").get(f"/jobs/{row.id}/file").json["error"] == "job_no_file"
    assert "deleted" in signed_in(app).get(f"/jobs/{row.id}?lang=en").get_data(as_text=True)


def test_who_sees_a_job(app, api, world):
    campaign_id = closed_vote(app, api, world)
    app.config["JOB_EXPORT_BALLOTS"] = 1
    export = api("chair_a").get(f"/campaigns/{campaign_id}/export?format=csv").json["job"].removeprefix("/api/v1")
    assert api("chair_a").get(export).status_code == 200
    assert api("admin").get(export).status_code == 200
    assert api("chair_b").get(export).status_code == 403  # another enterprise's
    assert api("assessor_east").get(export).status_code == 403  # sees the vote, did not ask
    assert api("assessor_west").get(export).status_code == 403
    assert api().get(export).status_code == 401
    assert api("chair_a").get("/jobs/99").status_code == 404
    assert signed_in(app, "chair_b").get("/jobs/1").status_code == 403
    assert signed_in(app, "assessor_east").get("/jobs/1").status_code == 403
    assert app.test_client().get("/jobs/1").status_code == 302  # to the sign-in


def test_progress_is_reported_as_the_work_goes(app, api, world, monkeypatch):
    """The close reports the ballots rewritten chunk by chunk, an export each ballot written."""
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 5)
    monkeypatch.setattr(scrub, "CHUNK", 2)
    monkeypatch.setattr(jobs, "REWRITE_SLICE", 0)  # one chunk between two reports
    monkeypatch.setattr(jobs.Run, "REPORT_EVERY", 0)
    reported, real = [], store.report

    def report(engine, job_id, attempt, done, total, now):
        reported.append((job_id, done, total))
        return real(engine, job_id, attempt, done, total, now)
    monkeypatch.setattr(store, "report", report)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    work(app)
    closing = [(done, total) for job, done, total in reported if job == 1]
    assert closing[0] == (0, 5) and closing[-1] == (5, 5) and {(2, 5), (4, 5)} <= set(closing)
    app.config["JOB_EXPORT_BALLOTS"] = 1
    api("chair_a").get(f"/campaigns/{campaign_id}/export?format=csv")
    work(app)
    exporting = [done for job, done, _total in reported if job == 2]
    assert exporting == sorted(exporting) and set(range(6)) <= set(exporting)


def test_a_queue_is_claimed_once_per_job_by_several_workers(app, api, world):
    campaign_id = closed_vote(app, api, world)
    with app.app_context():
        session = app.extensions["harmony.sessions"]()
        for _n in range(20):
            store.add(session, {"kind": "export", "campaign_id": campaign_id, "requested_by": 1, "params": {},
                                "dedupe": None, "created_at": utcnow()})
        session.commit()
    engine, claimed, barrier = app.extensions["harmony.engine"], [], threading.Barrier(3)

    def claim_all():
        barrier.wait()
        while (taken := store.claim(engine, utcnow(), utcnow() - timedelta(minutes=5))) is not None:
            claimed.append(taken)

    threads = [threading.Thread(target=claim_all) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == [(n, 1) for n in range(1, 21)]


def test_a_job_left_running_by_a_dead_worker_is_taken_again(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    engine, now = app.extensions["harmony.engine"], utcnow()
    assert store.claim(engine, now, now - timedelta(seconds=300)) == (1, 1)  # a worker took it, then died
    assert not work(app, clock=lambda: now + timedelta(seconds=299))  # not silent long enough yet
    assert work(app, clock=lambda: now + timedelta(seconds=301))
    row = job_row(app, 1)
    assert (row.state, row.attempts) == ("done", 2) and seal_of(app, campaign_id) is not None
    assert not store.report(engine, 1, 1, 1, 2, now)  # the dead worker's attempt can change nothing


def test_a_job_silent_after_its_last_attempt_fails(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    engine, now = app.extensions["harmony.engine"], utcnow()
    for attempt in (1, 2, 3):
        later = now + timedelta(seconds=400 * attempt)
        assert store.claim(engine, later, later - timedelta(seconds=300)) == (1, attempt)
    assert not work(app, clock=lambda: now + timedelta(seconds=1600))
    failed = api("chair_a").get("/jobs/1?lang=en").json
    assert (failed["state"], failed["error"]) == ("failed", "job_abandoned")


def test_two_workers_on_the_same_close_close_and_seal_the_vote_once(app, api, world):
    """The first worker falls silent inside the close; a second takes the job again: both run the close
    at once. One closes and seals, the other finds the vote closed; the job ends done, once."""
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 4)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    both, now, errors = threading.Barrier(2), utcnow(), []

    def held(run):
        both.wait(timeout=30)
        run_close(run)
    runners = {**RUNNERS, "close": held}

    def worker(clock):
        try:
            with app.app_context():
                work_once(app.extensions["harmony.engine"], app.extensions["harmony.sessions"].session_factory,
                               runners, worker_settings(), clock)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    first = threading.Thread(target=worker, args=(lambda: now,))
    first.start()
    while job_row(app, 1).state != "running":
        pass
    second = threading.Thread(target=worker, args=(lambda: now + timedelta(seconds=301),))
    second.start()
    first.join()
    second.join()
    assert errors == []
    with app.app_context():
        session = app.extensions["harmony.sessions"]()
        assert session.scalar(select(func.count()).select_from(Seal).where(Seal.campaign_id == campaign_id)) == 1
        assert session.get(Campaign, campaign_id).is_closed
    row = job_row(app, 1)
    assert (row.state, row.attempts, row.done, row.total) == ("done", 2, 4, 4)


def test_two_direct_closes_at_once_seal_once(app, api, world):
    """The guard is the domain's: two sessions closing the same vote at the same moment."""
    campaign_id = cast_ballots(api, world, 3)
    barrier, outcomes = threading.Barrier(2), []

    def close():
        with app.app_context():
            with app.extensions["harmony.sessions"].session_factory() as session:
                campaign = session.get(Campaign, campaign_id)
                barrier.wait()
                try:
                    for _step in campaigns.closing(session, campaign, utcnow()):
                        session.commit()
                    outcomes.append("closed")
                except IllegalTransition:
                    session.rollback()
                    outcomes.append("refused")

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["closed", "refused"]
    with app.app_context():
        session = app.extensions["harmony.sessions"]()
        assert session.scalar(select(func.count()).select_from(Seal).where(Seal.campaign_id == campaign_id)) == 1


def test_the_worker_command_runs_the_waiting_jobs(app, api, world):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    result = run_cli(app, "worker", "--once")
    assert result.exit_code == 0, result.output
    assert job_row(app, 1).state == "done"


def test_the_openapi_document_has_the_jobs_and_the_answers_202(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    started = {"$ref": "#/components/schemas/JobStarted"}
    assert set(paths["/api/v1/jobs/{job_id}"]) == {"get"}
    assert paths["/api/v1/jobs/{job_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JobShown"}
    assert paths["/api/v1/jobs/{job_id}/retry"]["post"]["responses"]["202"]["content"]["application/json"][
        "schema"] == started
    for path, method in (("/api/v1/campaigns/{campaign_id}/close", "post"),
                         ("/api/v1/campaigns/{campaign_id}/export", "get")):
        responses = paths[path][method]["responses"]
        assert set(responses) == {"200", "202", "4XX"}
        assert responses["202"]["content"]["application/json"]["schema"] == started


def _gone(pid: int) -> bool:
    """The process has ended (a zombie waiting for its new parent to reap it counts as ended)."""
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def _until(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_the_demos_worker_runs_jobs_and_close_due_and_stops_with_its_parent(app, api, world, session, database_url,
                                                                           tmp_path):
    """`start_worker`, as `demo` calls it before it becomes gunicorn: a real `flask --app wsgi worker`."""
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    large = cast_ballots(api, world, 2)
    api("chair_a").post(f"/campaigns/{large}/close")
    due, _plain = open_vote(api, world.a, codes=0)
    session.execute(text("UPDATE campaign SET closes_at = '2020-01-01 00:00:00' WHERE id = :id"), {"id": due})
    session.commit()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="worker-test", JOB_DIR=str(tmp_path / "jobs"))
    parent = subprocess.Popen([sys.executable, "-c", "import sys; from survey.cli import start_worker; "
                               "print(start_worker().pid, flush=True); sys.stdin.read()"],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    worker = int(parent.stdout.readline())
    try:
        assert _until(lambda: job_row(app, 1).state == "done")
        assert _until(lambda: api("chair_a").get(f"/campaigns/{due}").json["state"] == "closed")
        assert not _gone(worker)
    finally:
        parent.stdin.close()
        parent.wait(timeout=10)
    assert _until(lambda: _gone(worker))  # a loaded machine may take a while


@pytest.mark.browser
def test_the_job_page_fits_a_phone_and_its_retry_works_without_javascript(app, api, world, live_server,
                                                                         phone_context, monkeypatch):
    app.config["JOB_THRESHOLD_BALLOTS"] = 1
    campaign_id = cast_ballots(api, world, 2)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    page = phone_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=username]", "chair_a")
    page.fill("input[name=password]", "password-chair_a")
    page.click("main form button")
    for lang in ("zh", "en"):
        page.goto(f"{live_server.url}/jobs/1?lang={lang}")
        assert page.locator("progress#job-progress").is_visible() and fits_the_phone(page)
    monkeypatch.setitem(RUNNERS, "close", lambda run: (_ for _ in ()).throw(RuntimeError("injected")))
    work(app)
    page.goto(f"{live_server.url}/jobs/1?lang=zh")
    assert page.locator("#job-error").is_visible() and fits_the_phone(page)
    page.click("#job-retry")
    assert page.locator("#job-state").inner_text() == "等待中" and job_row(app, 1).state == "queued"
    monkeypatch.undo()
    work(app)
    page.goto(f"{live_server.url}/jobs/1")
    assert page.locator("#job-state").inner_text() == "已完成" and fits_the_phone(page)
