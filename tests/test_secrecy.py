"""Ballot secrecy, proven: no time, order, code, address or device can be read back from a ballot."""
import logging
import re

from sqlalchemy import inspect, text

from helpers import answers, burst, cast, open_vote
from survey.data import casting as casting_data
from survey.data.models import Answer, Ballot, BallotCode
from survey.domain.resolver import CodeKind
from survey.web import ballot

FORBIDDEN_COLUMN = re.compile(r"time|date|_at$|created|seq|serial|ip|addr|agent|device|code|user", re.I)


def columns(model):
    return {column.name: column for column in model.__table__.columns}


def test_ballot_tables_have_no_time_sequence_code_or_address_column():
    for model in (Ballot, Answer):
        for name, column in columns(model).items():
            assert not FORBIDDEN_COLUMN.search(name), f"{model.__name__}.{name}"
            assert column.autoincrement is not True
    assert set(columns(Ballot)) == {"id", "campaign_id", "valid"}
    assert set(columns(Answer)) == {"ballot_id", "item_id", "option_id", "text"}
    assert set(columns(BallotCode)) == {"code_hash", "campaign_id", "used"}


def test_database_schema_matches(session):
    """The migrated schema itself (not just the models) has those columns and no more."""
    inspector = inspect(session.get_bind())
    assert {c["name"] for c in inspector.get_columns("ballot")} == {"id", "campaign_id", "valid"}
    assert {c["name"] for c in inspector.get_columns("answer")} == {"ballot_id", "item_id", "option_id", "text"}
    assert inspector.get_pk_constraint("answer")["constrained_columns"] == ["ballot_id", "item_id"]


def test_sqlite_ballot_tables_have_no_hidden_rowid(session):
    if session.get_bind().dialect.name != "sqlite":
        return
    for table in ("ballot", "answer"):
        sql = session.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
        assert "WITHOUT ROWID" in sql


def test_ballot_keys_are_random_and_nothing_links_them_to_codes(api, world, session):
    campaign_id, codes = open_vote(api, world.a, codes=20)
    for code in codes:
        assert cast(api, code, answers()).status_code == 201
    ids = session.scalars(text("SELECT id FROM ballot")).all()
    assert len(ids) == 20 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    assert len({i[:4] for i in ids}) > 10  # 128 random bits: no common prefix or counter
    dump = "\n".join(str(row) for table in ("ballot", "answer", "ballot_code")
                     for row in session.execute(text(f"SELECT * FROM {table}")))
    for code in codes:
        plain = code.replace("-", "")
        assert plain not in dump and code not in dump


def test_ballots_are_stored_in_key_order_not_arrival_order(api, world, session):
    """SQLite keeps WITHOUT ROWID tables in key order; PostgreSQL is CLUSTERed by key at close."""
    campaign_id, codes = open_vote(api, world.a, codes=30)
    for code in codes:
        cast(api, code, answers())
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        physical = session.scalars(text("SELECT id FROM ballot ORDER BY ctid")).all()
    else:
        physical = session.scalars(text("SELECT id FROM ballot")).all()
    assert physical == sorted(physical)


def test_concurrent_burst_of_one_code_yields_exactly_one_ballot(app, api, world, session):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    assert burst(app, 12, {"code": codes[0], "answers": answers()}) == [201] + [409] * 11
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM ballot")) == 1
    assert session.scalar(text("SELECT count(*) FROM answer")) == 9


def test_a_cast_failing_after_its_code_was_consumed_changes_nothing(api, world, session, monkeypatch):
    """The usual ballot runs in a transaction of its own, committed only once the ballot and its answers
    are in: an error between the guarded UPDATE and the answers leaves the code unused and no row."""
    _campaign, codes = open_vote(api, world.a, codes=1)

    def failing(*_args):
        raise RuntimeError("the answers' insert fails")

    monkeypatch.setattr(casting_data, "_ballot", failing)
    assert cast(api, codes[0], answers()).status_code == 500
    monkeypatch.undo()
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM ballot")) == 0
    assert session.scalar(text("SELECT count(*) FROM ballot_code WHERE used = :used"), {"used": True}) == 0
    assert cast(api, codes[0], answers()).status_code == 201


def test_double_submission_of_the_web_form_counts_once(client, api, world, session):
    _campaign, codes = open_vote(api, world.a, codes=1)
    form = {"code": codes[0], **{f"a.{k}": v for k, v in answers().items()}}
    first = client.post("/v/submit", data=form)
    second = client.post("/v/submit", data=form)
    assert first.status_code == 200 and second.status_code == 409
    assert session.scalar(text("SELECT count(*) FROM ballot")) == 1


def test_codes_never_reach_the_logs(app, client, api, world, caplog):
    _campaign, codes = open_vote(api, world.a, codes=2)
    plain = [code.replace("-", "") for code in codes]
    with caplog.at_level(logging.DEBUG):
        client.get(f"/v/{plain[0]}")
        client.post("/v/submit", data={"code": plain[0], "a.overall": "satisfied"})
        client.post("/v/submit", data={"code": plain[0], "a.overall": "satisfied"})
        app.logger.info("request %s", f"/v/{plain[1]}")
        logging.getLogger("werkzeug").info('127.0.0.1 - - "GET /v/%s HTTP/1.1" 200 -', plain[1])
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "request [worker path]" in logged and "GET " not in logged  # the request line is dropped
    for code in codes + plain:
        assert code not in logged


def test_unexpected_errors_on_the_vote_page_are_logged_without_the_code(app, client, api, world, caplog, monkeypatch):
    _campaign, codes = open_vote(api, world.a, codes=1)
    plain = codes[0].replace("-", "")
    monkeypatch.setitem(ballot.PAGES, CodeKind.CAMPAIGN_BALLOT, lambda *a, **k: 1 / 0)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/v/{plain}")
    assert response.status_code == 500
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "unexpected error on GET ballot.ballot" in logged  # the route's name, not its path
    assert plain not in logged and "GET /v" not in logged


def test_vote_pages_send_no_referer_and_are_not_cached(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    response = client.get(f"/v/{codes[0]}")
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
