"""A forensic look at a closed vote, as a database administrator would take it: the raw bytes of the
SQLite file and its write-ahead log, PostgreSQL's system columns and a `pg_dump`.

50 ballots are cast in a known order, each with answers that tell its place in that order. Once the
vote is closed, no code hash of the vote may be left anywhere, and no stored order — a cell's offset
in its SQLite page, a WAL frame, a PostgreSQL `ctid` or `xmin`, the order of rows in a dump — may
follow the order of arrival: Kendall's τ within ±0.3 of 0.

How the look is taken and why its keys are drawn from a fixed sequence: `forensic_support`.
"""
import sqlite3

import pytest
from sqlalchemy import text

from congress_support import open_session
from forensic_support import forensic_look, hashes, stratified_tau, wal_bytes
from helpers import SCORED, open_vote, run_cli
from survey.data import scrub

BALLOTS = 50
CHUNKS = [scrub.CHUNK, 7]  # the vote's ballots rewritten in one chunk, or in eight
OPTIONS = ("satisfied", "fairly", "dissatisfied")
DIGITS = 4  # 3⁴ = 81 patterns ≥ 50 ballots
CANDIDATES = 6  # 2⁶ − 1 = 63 non-empty choices ≥ 50 ballots


def pattern(i: int) -> dict[str, str]:
    """The answers of the i-th ballot: i in base 3 over the first four items."""
    chosen = {key: "satisfied" for key in SCORED}
    for place in range(DIGITS):
        chosen[SCORED[place]] = OPTIONS[i // 3 ** place % 3]
    return chosen


def decoded(answers: dict[str, str]) -> int:
    return sum(OPTIONS.index(answers[SCORED[place]]) * 3 ** place for place in range(DIGITS))


# --- the votes -----------------------------------------------------------------------------------

def cast_in_order(api, world) -> tuple[int, list[str]]:
    """A satisfaction vote of BALLOTS ballots, the i-th cast answering pattern(i)."""
    campaign_id, plain = open_vote(api, world.a, electorate=BALLOTS, codes=BALLOTS)
    for i, code in enumerate(plain):
        assert api().post("/ballots", {"code": code, "answers": pattern(i)}).status_code == 201
    return campaign_id, plain


def look_at_satisfaction_vote(session, database_url, keys, plain) -> None:
    rows = session.execute(text(
        "SELECT a.ballot_id, i.key, o.key FROM answer a JOIN item i ON i.id = a.item_id "
        "JOIN option o ON o.id = a.option_id")).all()
    answers: dict[str, dict[str, str]] = {}
    for ballot, item, option in rows:
        answers.setdefault(ballot, {})[item] = option
    arrival = {ballot: decoded(chosen) for ballot, chosen in answers.items()}
    assert arrival == {key: i for i, key in enumerate(keys)}  # the answers tell each ballot's place
    forensic_look(session, database_url, {"ballot": "id", "answer": "ballot_id"}, arrival, hashes(plain),
                  "ballot_code")
    assert session.execute(text("SELECT count(*) FROM ballot_code WHERE used")).scalar() == 0


@pytest.mark.parametrize("chunk", CHUNKS)
def test_a_closed_satisfaction_vote_keeps_no_code_and_no_order_of_arrival(api, world, session, database_url, keys,
                                                                          monkeypatch, chunk):
    monkeypatch.setattr(scrub, "CHUNK", chunk)
    campaign_id, plain = cast_in_order(api, world)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    look_at_satisfaction_vote(session, database_url, keys, plain)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_a_vote_closed_by_the_worker_keeps_no_code_and_no_order_of_arrival(app, api, world, session, database_url,
                                                                          keys, monkeypatch, chunk):
    """A large vote's close goes through a job: the worker runs the same close and the same rewrite."""
    monkeypatch.setattr(scrub, "CHUNK", chunk)
    app.config["JOB_THRESHOLD_BALLOTS"] = BALLOTS - 1
    campaign_id, plain = cast_in_order(api, world)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 202
    assert run_cli(app, "worker", "--once").exit_code == 0
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "closed"
    look_at_satisfaction_vote(session, database_url, keys, plain)


@pytest.mark.parametrize("chunk", CHUNKS)
def test_closed_congress_ballots_keep_no_code_and_no_order_of_arrival(api, world, session, database_url, keys,
                                                                      monkeypatch, chunk):
    monkeypatch.setattr(scrub, "CHUNK", chunk)
    congress_id, _ids = open_session(api, world.a, total=BALLOTS, present=BALLOTS)
    chair = api("chair_a")
    names = [f"候选人{n}" for n in range(CANDIDATES)]
    election = chair.post(f"/congresses/{congress_id}/elections",
                          {"title": "选举", "seats": CANDIDATES, "candidates": names}).json
    candidates = [c["id"] for c in election["candidates"]]
    motion = chair.post(f"/congresses/{congress_id}/motions", {"title": "集体合同草案"}).json["id"]
    issued = {}
    for kind, item in (("elections", election["id"]), ("motions", motion)):
        assert chair.post(f"/{kind}/{item}/open").status_code == 200
        issued[kind] = chair.post(f"/{kind}/{item}/codes").json["codes"]
    for i, code in enumerate(issued["elections"]):
        marked = [c for bit, c in enumerate(candidates) if (i + 1) >> bit & 1]
        assert api().post("/ballots", {"code": code, "choices": marked}).status_code == 201
    for i, code in enumerate(issued["motions"]):
        assert api().post("/ballots", {"code": code, "choice": ("for", "against", "abstain")[i % 3]}).status_code == 201
    for kind, item in (("elections", election["id"]), ("motions", motion)):
        assert chair.post(f"/{kind}/{item}/close").status_code == 200
    marks: dict[str, int] = {}
    for ballot, candidate in session.execute(text("SELECT ballot_id, candidate_id FROM election_choice")):
        marks[ballot] = marks.get(ballot, 0) | 1 << candidates.index(candidate)
    arrival = {ballot: bits - 1 for ballot, bits in marks.items()}
    assert arrival == {key: i for i, key in enumerate(keys[:BALLOTS])}
    every_code = hashes(issued["elections"] + issued["motions"])
    forensic_look(session, database_url, {"election_ballot": "id", "election_choice": "ballot_id"}, arrival,
                  every_code, "congress_code")
    forensic_look(session, database_url, {"motion_ballot": "id"},
                  {key: i for i, key in enumerate(keys[BALLOTS:])}, every_code, "congress_code")


def test_stratified_tau_sees_arrival_order_within_pages():
    """The statistic itself: pages in arrival order give 1, reversed −1, and pages are not mixed."""
    assert stratified_tau([[(1, 1), (2, 2), (3, 3)], [(9, 4), (8, 5)]]) == pytest.approx(0.5)
    assert stratified_tau([[(o, a) for o, a in zip(range(10), range(10))]]) == pytest.approx(1)
    assert stratified_tau([[(o, -a) for o, a in zip(range(10), range(10))]]) == pytest.approx(-1)


@pytest.mark.parametrize("way", ["chair page", "close-due", "closing time passed, the chair looks", "congress page"])
def test_every_way_of_closing_wipes_the_traces(app, client, api, world, session, database_url, way):
    """The web views and the CLI all delete the used codes and, after their commit, empty the log."""
    if way == "congress page":
        congress_id, _ids = open_session(api, world.a, total=3, present=3)
        motion = api("chair_a").post(f"/congresses/{congress_id}/motions", {"title": "议案"}).json["id"]
        api("chair_a").post(f"/motions/{motion}/open")
        plain = api("chair_a").post(f"/motions/{motion}/codes").json["codes"]
        for code in plain:
            assert api().post("/ballots", {"code": code, "choice": "for"}).status_code == 201
    else:
        campaign_id, plain = open_vote(api, world.a, codes=3)
        for i, code in enumerate(plain):
            assert api().post("/ballots", {"code": code, "answers": pattern(i)}).status_code == 201
    if way in ("close-due", "closing time passed, the chair looks"):
        session.execute(text("UPDATE campaign SET closes_at = '2020-01-01 00:00:00'"))
    session.commit()
    assert session.get_bind().dialect.name != "sqlite" or wal_bytes(database_url) > 0
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    if way == "chair page":
        assert client.post(f"/campaigns/{campaign_id}/close").status_code == 302
    elif way == "close-due":
        assert "closed 1 vote(s)" in app.test_cli_runner().invoke(args=["close-due"]).output
    elif way == "congress page":
        assert client.post(f"/motions/{motion}/close").status_code == 302
        assert api("chair_a").get(f"/motions/{motion}").json["codes_issued"] == 3
    else:
        assert client.get(f"/campaigns/{campaign_id}").status_code == 200  # the chair's next action closes it
        assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "closed"
    session.commit()
    for table in ("ballot_code", "congress_code"):
        assert session.scalar(text(f"SELECT count(*) FROM {table} WHERE used")) == 0
    assert session.get_bind().dialect.name != "sqlite" or wal_bytes(database_url) == 0


# --- a close in steps, cut short ------------------------------------------------------------------

def _progress(session, campaign_id: int) -> str | None:
    session.commit()
    return session.scalar(text("SELECT scrub_after FROM campaign WHERE id = :id"), {"id": campaign_id})


def _stored(session) -> set:
    session.commit()
    return set(session.execute(text("SELECT b.id, b.valid, a.item_id, a.option_id, a.text FROM ballot b "
                                    "JOIN answer a ON a.ballot_id = b.id")).all())


def test_a_rewrite_cut_short_is_finished_by_close_due_and_leaves_no_trace(app, api, world, session, database_url,
                                                                          keys, monkeypatch):
    """The chair's close stops after one chunk (its time budget spent); a chunk that fails midway
    changes nothing; `close-due` finishes the rewrite, and the forensic look finds nothing."""
    monkeypatch.setattr(scrub, "CHUNK", 7)
    monkeypatch.setattr("survey.web.common.REWRITE_SECONDS", 0)
    campaign_id, plain = cast_in_order(api, world)
    before = _stored(session)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    assert _progress(session, campaign_id) == sorted(keys)[6]  # the first chunk's last key

    rewrite = scrub.rewrite_rows

    def fails_midway(*args):
        rewrite(*args)
        raise RuntimeError("the process died")

    monkeypatch.setattr(scrub, "rewrite_rows", fails_midway)
    with pytest.raises(RuntimeError):
        scrub.after_close(session.get_bind())
    assert _progress(session, campaign_id) == sorted(keys)[6] and _stored(session) == before
    monkeypatch.setattr(scrub, "rewrite_rows", rewrite)

    assert "closed 0 vote(s)" in run_cli(app, "close-due").output
    assert _progress(session, campaign_id) is None
    assert _stored(session) == before
    look_at_satisfaction_vote(session, database_url, keys, plain)


def test_a_reader_holding_the_log_leaves_its_truncation_to_the_next_close_due(app, api, world, session, database_url,
                                                                              monkeypatch, caplog):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no write-ahead log file of its own to truncate")
    monkeypatch.setattr(scrub, "CHECKPOINT_WAIT", 0.01)
    campaign_id, plain = open_vote(api, world.a, codes=3)
    for i, code in enumerate(plain):
        assert api().post("/ballots", {"code": code, "answers": pattern(i)}).status_code == 201
    reader = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM ballot").fetchone()  # a read transaction on the log as it was
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    assert "could not be truncated" in caplog.text
    assert _progress(session, campaign_id) is not None and wal_bytes(database_url) > 0
    session.close()
    reader.close()
    assert "closed 0 vote(s)" in run_cli(app, "close-due").output
    assert _progress(session, campaign_id) is None
    session.close()
    assert wal_bytes(database_url) == 0
