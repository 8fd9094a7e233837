"""Secrecy of motion and election ballots: no time, order, code or person can be read back."""
import re

from sqlalchemy import inspect, text

from congress_support import new_congress, open_motion, open_session, vote
from helpers import burst
from test_congress_web import log_in, sign_in_codes
from survey.data.models import CongressCode, ElectionBallot, ElectionChoice, MotionBallot

FORBIDDEN_WORDS = {"time", "timestamp", "date", "at", "created", "seq", "sequence", "serial", "rowid", "ip", "addr",
                   "address", "agent", "device", "code", "hash", "user", "delegate", "name"}
BALLOT_COLUMNS = {"motion_ballot": {"id", "motion_id", "choice"}, "election_ballot": {"id", "election_id"},
                  "election_choice": {"ballot_id", "candidate_id"}}


def test_ballot_models_have_no_time_sequence_code_or_person_column():
    for model in (MotionBallot, ElectionBallot, ElectionChoice):
        for column in model.__table__.columns:
            assert not set(column.name.lower().split("_")) & FORBIDDEN_WORDS, f"{model.__name__}.{column.name}"
            assert column.autoincrement is not True
    assert {c.name for c in CongressCode.__table__.columns} == {"code_hash", "item_id", "used"}


def test_migrated_ballot_tables_have_those_columns_and_no_rowid(session):
    inspector = inspect(session.get_bind())
    for table, expected in BALLOT_COLUMNS.items():
        assert {c["name"] for c in inspector.get_columns(table)} == expected
    assert inspector.get_pk_constraint("election_choice")["constrained_columns"] == ["ballot_id", "candidate_id"]
    if session.get_bind().dialect.name == "sqlite":
        for table in BALLOT_COLUMNS:
            sql = session.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
            assert "WITHOUT ROWID" in sql, table


def test_ballot_keys_are_random_and_stored_in_key_order(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=30, present=30)
    motion_id, codes = open_motion(api, congress_id)
    vote(api, codes, {"for": 10, "against": 10, "abstain": 10})
    api("chair_a").post(f"/motions/{motion_id}/close")
    session.commit()
    order = "ctid" if session.get_bind().dialect.name == "postgresql" else "1"
    physical = session.scalars(text(f"SELECT id FROM motion_ballot ORDER BY {order}")).all()
    assert len(physical) == 30 and physical == sorted(physical)
    assert all(re.fullmatch(r"[0-9a-f]{32}", i) for i in physical) and len({i[:4] for i in physical}) > 20
    dump = "\n".join(str(row) for table in ("motion_ballot", "congress_code", "sign_in", "delegate")
                     for row in session.execute(text(f"SELECT * FROM {table}")))
    for code in codes:
        assert code.replace("-", "") not in dump and code not in dump


def test_sign_in_codes_are_stored_only_as_hashes(client, api, world, session):
    congress_id, _ids = new_congress(api, world.a, 3)
    log_in(client)
    printed = sign_in_codes(client, congress_id)
    dump = "\n".join(str(row) for row in session.execute(text("SELECT * FROM delegate")))
    assert len(printed) == 3 and not any(code.replace("-", "") in dump for code in printed)


def test_concurrent_burst_of_one_code_yields_exactly_one_ballot(app, api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion_id, codes = open_motion(api, congress_id)
    assert burst(app, 12, {"code": codes[0], "choice": "for"}) == [201] + [409] * 11
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM motion_ballot")) == 1


def test_concurrent_election_burst_stores_one_ballot_and_its_marks(app, api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    created = api("chair_a").post(f"/congresses/{congress_id}/elections",
                                  {"title": "选举", "seats": 2, "candidates": ["甲", "乙", "丙"]}).json
    api("chair_a").post(f"/elections/{created['id']}/open")
    code = api("chair_a").post(f"/elections/{created['id']}/codes").json["codes"][0]
    marked = [c["id"] for c in created["candidates"][:2]]
    assert burst(app, 8, {"code": code, "choices": marked}) == [201] + [409] * 7
    session.commit()
    assert session.scalar(text("SELECT count(*) FROM election_ballot")) == 1
    assert session.scalar(text("SELECT count(*) FROM election_choice")) == 2


def test_codes_and_sign_in_codes_never_reach_the_logs(app, client, api, world, caplog):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion_id, codes = open_motion(api, congress_id)
    with caplog.at_level("DEBUG"):
        client.get(f"/v/{codes[0]}")
        client.post("/v/vote", data={"code": codes[0], "choice": "for"})
        client.post("/v/vote", data={"code": codes[0], "choice": "for"})
    logged = caplog.text
    for code in codes:
        assert code not in logged and code.replace("-", "") not in logged


def test_results_stay_hidden_while_open(api, world):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    motion_id, codes = open_motion(api, congress_id)
    vote(api, codes, {"for": 2})
    hidden = api("chair_a").get(f"/motions/{motion_id}/results")
    assert hidden.status_code == 409 and hidden.json["error"] == "results_hidden"
    shown = api("chair_a").get(f"/motions/{motion_id}").json
    assert shown["voted"] == 2 and "for" not in shown
