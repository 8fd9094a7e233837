"""The nightly rewrite of what workers write day by day (`day_rewrite`), under the forensic look of
`forensic_support`: 50 concerns (each with a follow-up, one referred to mediation) and 50
objections arrive in a known order, each text telling its place. That day the storage still holds the
order of arrival — the look sees it, so these tests can fail. After the next day's `close-due` no
stored order follows arrival, the log is empty and not a field is lost.
"""
import re
import sqlite3
import subprocess
import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from forensic_support import dump_orders, forensic_look, stored_orders, wal_bytes, within_limit
from helpers import concern_token, run_cli
from naming_support import on_notice
from survey.data import day_rewrite, scrub
from survey.data.backup import back_up
from survey.data.db import make_engine
from survey.data.models import DayRewrite
from survey.web.common import local_today

ROWS = 50
REFERRED = 3  # the concern referred to mediation
CONCERN_TABLES = {"concern": "id", "concern_entry": "concern_id"}
OBJECTION_TABLES = {"objection": "id"}


def raise_in_order(api, world) -> None:
    token = concern_token(api, world.a)
    for place in range(ROWS):
        raised = api().post("/concerns", {"enterprise": token, "category": "wages",
                                          "text": f"第{place:02d}号：三月份的加班费至今没有发放。"})
        assert raised.status_code == 201, raised.json
        code = raised.json["tracking_code"]
        assert api().post(f"/concerns/{code}/follow-ups", {"text": f"第{place:02d}号补充：还没有回复。"}).status_code == 201


def refer_to_mediation(api, world, session) -> str:
    concern_id = arrived(session, "concern")[REFERRED]
    body = api("assessor_east").post("/mediation-bodies", {"name": "东区劳动争议调解中心", "level": "town",
                                                           "jurisdiction": world.east}).json
    chair = api("chair_a")
    chair.post(f"/concern-cases/{concern_id}/answer", {"text": "已转劳动争议调解。", "closure": "referred"})
    referred = chair.post(f"/concern-cases/{concern_id}/mediation", {
        "body": body["id"], "worker_party": "职工", "employer_party": "甲公司", "claim": "支付加班费"})
    assert referred.status_code == 201, referred.json
    return concern_id


def lodge_in_order(app, api, world, session) -> None:
    app.config["OBJECTION_RATE_LIMIT"] = f"{ROWS} per hour"
    declaration_id = on_notice(api, world, session)
    for place in range(ROWS):
        lodged = api().post(f"/declarations/{declaration_id}/objections", {"text": f"第{place:02d}号：该企业拖欠工资。"})
        assert lodged.status_code == 201, lodged.json


def arrived(session, table: str) -> list[str]:
    """The keys of a table's rows in their order of arrival, read from their texts."""
    session.commit()
    rows = session.execute(text(f"SELECT id, text FROM {table}")).all()
    return sorted((key for key, _text in rows), key=dict((key, re.match(r"第(\d+)号", said).group(1))
                                                          for key, said in rows).get)


def arrival(session, table: str) -> dict[str, int]:
    return {key: place for place, key in enumerate(arrived(session, table))}


def everything(session) -> dict[str, list]:
    session.commit()
    return {table: session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2")).all()
            for table in ("concern", "concern_entry", "objection", "mediation_case")}


def fold_now(session) -> None:
    """Copy the log into the database file, as SQLite does by itself from time to time."""
    session.commit()
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        session.commit()


def mark(session, name: str) -> tuple:
    session.commit()
    found = session.get(DayRewrite, name, populate_existing=True)
    return found and (found.since, found.until, found.after)


@pytest.fixture
def written(app, api, world, session, keys):
    """The day's concerns and objections; the referred concern's key, and everything stored."""
    raise_in_order(api, world)
    concern_id = refer_to_mediation(api, world, session)
    lodge_in_order(app, api, world, session)
    return concern_id, everything(session)


def test_the_day_they_arrive_their_storage_follows_arrival(session, database_url, written):
    """The control: without the rewrite, the look sees the order (on PostgreSQL `xmin`, one per row)."""
    fold_now(session)
    for tables, table in ((CONCERN_TABLES, "concern"), (OBJECTION_TABLES, "objection")):
        taus = stored_orders(session, database_url, tables, arrival(session, table))
        print(taus)
        assert max(abs(tau) for tau in taus.values()) > 0.8


def test_the_next_day_close_due_rewrites_them_and_loses_nothing(app, session, database_url, written, days_later):
    concern_id, before = written
    days_later(1)
    run_cli(app, "close-due")
    assert everything(session) == before
    assert mark(session, "concern") == mark(session, "objection") == (today(app), None, None)
    assert session.scalar(text("SELECT concern_id FROM mediation_case")) == concern_id
    forensic_look(session, database_url, CONCERN_TABLES, arrival(session, "concern"))
    forensic_look(session, database_url, OBJECTION_TABLES, arrival(session, "objection"))


def today(app):
    with app.test_request_context():
        return local_today()


def test_in_small_chunks_too(app, session, database_url, written, days_later, monkeypatch):
    monkeypatch.setattr(scrub, "CHUNK", 7)
    days_later(1)
    run_cli(app, "close-due")
    forensic_look(session, database_url, CONCERN_TABLES, arrival(session, "concern"))
    forensic_look(session, database_url, OBJECTION_TABLES, arrival(session, "objection"))


def test_once_a_day_the_rows_since_the_last_rewrite(app, api, world, session, written, days_later, monkeypatch):
    """The same day's second run rewrites nothing; the next night's run takes the rows written after
    the last one (and the day it ran), not older ones."""
    days_later(1)
    run_cli(app, "close-due")
    chosen = []
    rewrite = scrub.rewrite_rows
    monkeypatch.setattr(scrub, "rewrite_rows", lambda connection, rows, where, params, after: chosen.append(
        params["since"]) or rewrite(connection, rows, where, params, after))
    run_cli(app, "close-due")
    assert chosen == []
    later = {"enterprise": concern_token(api, world.a), "category": "hours", "text": "第50号：周末加班。"}
    assert api().post("/concerns", later).status_code == 201
    days_later(2)
    run_cli(app, "close-due")
    assert set(chosen) == {today(app) - timedelta(days=1)}


def test_a_rewrite_cut_short_is_finished_by_the_next_close_due(app, session, database_url, written, days_later,
                                                               monkeypatch):
    _concern_id, before = written
    monkeypatch.setattr(scrub, "CHUNK", 7)
    rewrite, calls = scrub.rewrite_rows, []

    def dies_at_the_third_chunk(*args):
        calls.append(rewrite(*args))
        if len(calls) == 3:
            raise RuntimeError("the process died")
        return calls[-1]

    monkeypatch.setattr(scrub, "rewrite_rows", dies_at_the_third_chunk)
    days_later(1)
    with pytest.raises(RuntimeError):
        day_rewrite.rewrite_written(session.get_bind(), today(app))
    assert mark(session, "concern") == (None, today(app), sorted(arrival(session, "concern"))[13])
    assert everything(session) == before
    monkeypatch.setattr(scrub, "rewrite_rows", rewrite)
    run_cli(app, "close-due")
    assert mark(session, "concern")[1:] == (None, None) and everything(session) == before
    forensic_look(session, database_url, CONCERN_TABLES, arrival(session, "concern"))


def test_a_reader_holding_the_log_leaves_the_fold_to_the_next_close_due(app, session, database_url, written,
                                                                      days_later, monkeypatch, caplog):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no write-ahead log file of its own to truncate")
    monkeypatch.setattr(scrub, "CHECKPOINT_WAIT", 0.01)
    reader = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM concern").fetchone()
    days_later(1)
    assert not day_rewrite.rewrite_written(session.get_bind(), today(app))
    assert "could not be truncated after the nightly rewrite" in caplog.text
    assert mark(session, "concern")[1] == today(app) and wal_bytes(database_url) > 0
    session.close()
    reader.close()
    run_cli(app, "close-due")
    assert mark(session, "concern") == (today(app), None, None)
    session.close()
    assert wal_bytes(database_url) == 0


def test_a_backup_holds_the_days_rows_rewritten(app, session, database_url, written, tmp_path):
    """Taken the same day, before any night: the copy holds no order of arrival either — on SQLite its
    file's bytes, on PostgreSQL the order of the rows in the dump."""
    target = tmp_path / "copy"
    back_up(session, database_url, target, today(app))
    assert mark(session, "concern") == mark(session, "objection") == (today(app), None, None)
    if session.get_bind().dialect.name == "postgresql":
        dump = subprocess.run(["pg_restore", "--data-only", "-f", "-", str(target)], check=True,
                              capture_output=True, text=True).stdout
        within_limit(dump_orders(dump, CONCERN_TABLES, arrival(session, "concern")))
        within_limit(dump_orders(dump, OBJECTION_TABLES, arrival(session, "objection")))
        return
    copy_url = f"sqlite:///{target}"
    engine = make_engine(copy_url)
    try:
        with Session(engine) as copy:
            forensic_look(copy, copy_url, CONCERN_TABLES, arrival(session, "concern"))
            forensic_look(copy, copy_url, OBJECTION_TABLES, arrival(session, "objection"))
    finally:
        engine.dispose()


def test_two_close_due_at_once_rewrite_once_and_lose_nothing(app, session, database_url, written, days_later,
                                                            monkeypatch):
    """Two workers (or a worker and a cron `close-due`) starting the night's rewrite together take turns
    on the mark: both finish, no row is lost or doubled, and the mark ends as one rewrite leaves it."""
    _concern_id, before = written
    monkeypatch.setattr(scrub, "CHUNK", 7)
    days_later(1)
    engine, day, results = session.get_bind(), today(app), []
    session.close()
    workers = [threading.Thread(target=lambda: results.append(day_rewrite.rewrite_written(engine, day)))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 2
    assert everything(session) == before
    assert mark(session, "concern") == mark(session, "objection") == (day, None, None)
    forensic_look(session, database_url, CONCERN_TABLES, arrival(session, "concern"))
