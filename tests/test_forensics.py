"""A forensic look at a closed vote, as a database administrator would take it: the raw bytes of the
SQLite file and its write-ahead log, PostgreSQL's system columns and a `pg_dump`.

50 ballots are cast in a known order, each with answers that tell its place in that order. Once the
vote is closed, no code hash of the vote may be left anywhere, and no stored order — a cell's offset
in its SQLite page, a WAL frame, a PostgreSQL `ctid` or `xmin`, the order of rows in a dump — may
follow the order of arrival: Kendall's τ within ±0.3 of 0.

For 50 independent random ranks τ has a standard deviation of √(2·105 / (9·50·49)) ≈ 0.098, so
|τ| > 0.3 (3.1 σ) happens by chance about once in 470 looks; with a dozen looks a test would fail
about once in 40 runs. So the ballot keys — in production 128 bits from `secrets` — are drawn here
from a fixed random sequence (`SEED`): the stored orders are then the same on every run.
"""
import random
import re
import sqlite3
import subprocess
import types
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scipy.stats import kendalltau
from sqlalchemy import bindparam, text

from congress_support import open_session
from helpers import SCORED, open_vote, run_cli
from survey.data import scrub
from survey.domain import codes as ballot_codes

BALLOTS = 50
SEED = 8
CHUNKS = [scrub.CHUNK, 7]  # the vote's ballots rewritten in one chunk, or in eight
LIMIT = 0.3
OPTIONS = ("satisfied", "fairly", "dissatisfied")
DIGITS = 4  # 3⁴ = 81 patterns ≥ 50 ballots
CANDIDATES = 6  # 2⁶ − 1 = 63 non-empty choices ≥ 50 ballots


@pytest.fixture
def keys(monkeypatch):
    """Ballot keys from a fixed sequence; the list of the keys handed out so far, in order."""
    rng, handed = random.Random(SEED), []

    def token_hex(size: int) -> str:
        handed.append(rng.randbytes(size).hex())
        return handed[-1]

    fixed = types.SimpleNamespace(token_hex=token_hex)
    monkeypatch.setattr("survey.data.models.base.secrets", fixed)
    return handed


def pattern(i: int) -> dict[str, str]:
    """The answers of the i-th ballot: i in base 3 over the first four items."""
    chosen = {key: "satisfied" for key in SCORED}
    for place in range(DIGITS):
        chosen[SCORED[place]] = OPTIONS[i // 3 ** place % 3]
    return chosen


def decoded(answers: dict[str, str]) -> int:
    return sum(OPTIONS.index(answers[SCORED[place]]) * 3 ** place for place in range(DIGITS))


def hashes(plain: list[str]) -> list[str]:
    return [ballot_codes.code_hash(ballot_codes.normalize(code)) for code in plain]


# --- what the look finds -------------------------------------------------------------------------

def stratified_tau(groups: list[list[tuple[int, int]]]) -> float:
    """Kendall's τ of (stored position, arrival) pairs compared within each group only (a page),
    weighted by the group's number of pairs; τ over one group is scipy's."""
    weighted = pairs = 0.0
    for group in groups:
        if len(group) < 2:
            continue
        positions, arrivals = zip(*group)
        count = len(group) * (len(group) - 1) / 2
        weighted += kendalltau(positions, arrivals).statistic * count
        pairs += count
    return weighted / pairs


def ranks_tau(positions: dict[str, object], arrival: dict[str, int]) -> float:
    ordered = sorted(positions, key=positions.get)
    return kendalltau(range(len(ordered)), [arrival[key] for key in ordered]).statistic


class SqliteLook:
    """The database file and its log, read as bytes; b-tree pages parsed from their headers."""

    def __init__(self, url: str):
        self.path = Path(url.removeprefix("sqlite:///"))
        self.raw = self.path.read_bytes()
        wal = self.path.with_name(self.path.name + "-wal")
        self.wal = wal.read_bytes() if wal.exists() else b""
        self.page_size = int.from_bytes(self.raw[16:18], "big")

    def pages(self, root: int):
        """(page bytes, cell offsets) of every page of the b-tree at `root`, interior pages too."""
        todo = [root]
        while todo:
            number = todo.pop()
            page = self.raw[(number - 1) * self.page_size:number * self.page_size]
            header = 100 if number == 1 else 0
            kind, cells = page[header], int.from_bytes(page[header + 3:header + 5], "big")
            size = 12 if kind in (2, 5) else 8
            offsets = [int.from_bytes(page[header + size + 2 * n:header + size + 2 * n + 2], "big")
                       for n in range(cells)]
            if kind in (2, 5):
                todo += [int.from_bytes(page[o:o + 4], "big") for o in offsets]
                todo.append(int.from_bytes(page[header + 8:header + 12], "big"))
            yield page, sorted(offsets)

    def groups(self, root: int, arrival: dict[str, int]) -> list[list[tuple[int, int]]]:
        """Per page: (offset of the first cell holding a ballot's key, that ballot's arrival)."""
        found = []
        for page, offsets in self.pages(root):
            cells = {}
            for key, place in arrival.items():
                at = page.find(key.encode())
                if at >= 0 and offsets and at >= offsets[0]:
                    cells[place] = max(o for o in offsets if o <= at)
            found.append([(offset, place) for place, offset in cells.items()])
        return found


def sqlite_look(session, url: str, tables: tuple[str, ...], arrival: dict[str, int], code_hashes: list[str]) -> dict:
    look = SqliteLook(url)
    assert look.wal == b"", "the write-ahead log still holds frames after close"
    for hashed in code_hashes:
        assert hashed.encode() not in look.raw and bytes.fromhex(hashed) not in look.raw
    roots = session.execute(text("SELECT name, rootpage FROM sqlite_master WHERE tbl_name IN :t AND rootpage > 0")
                            .bindparams(bindparam("t", expanding=True)),
                            {"t": list(tables)}).all()
    assert len(roots) >= len(tables)
    return {f"offset:{name}": stratified_tau(look.groups(root, arrival)) for name, root in roots}


def _ctid(value: str) -> tuple[int, int]:
    block, line = value.strip("()").split(",")
    return int(block), int(line)


def postgres_look(session, url: str, tables: dict[str, str], arrival: dict[str, int], code_hashes: list[str],
                  code_table: str) -> dict:
    stored = set(session.scalars(text(f"SELECT code_hash FROM {code_table}")))
    assert not stored & set(code_hashes), "a used code's hash survived the close"
    taus, xmins = {}, set()
    for table, key in tables.items():
        rows = session.execute(text(f"SELECT {key}, ctid::text, xmin::text, xmax::text FROM {table}")).all()
        rows = [row for row in rows if row[0] in arrival]
        xmins |= {int(row[2]) for row in rows}
        # xmax: 0, or the closing transaction itself (its foreign-key checks lock the rows it inserts)
        assert {int(row[3]) for row in rows} <= {0} | xmins
        first = {}
        for owner, ctid, _xmin, _xmax in rows:
            first[owner] = min(first.get(owner, _ctid(ctid)), _ctid(ctid))
        taus[f"ctid:{table}"] = ranks_tau(first, arrival)
        by_xmin = {owner: int(xmin) for owner, _c, xmin, _x in rows}
        if len(set(by_xmin.values())) > 1:
            taus[f"xmin:{table}"] = ranks_tau(by_xmin, arrival)
    code_xmins = {int(x) for x in session.scalars(text(f"SELECT xmin::text FROM {code_table}"))}
    assert not xmins & code_xmins, "a ballot shares its xmin with a code"
    assert len(xmins) <= -(-len(arrival) // scrub.CHUNK), "a ballot kept an xmin of its own, not its chunk's"
    dump = pg_dump(url)
    for hashed in code_hashes:
        assert hashed not in dump
    for table in tables:
        block = re.search(rf"COPY \S*\b{table} .*?\n(.*?)\n\\\.", dump, re.S).group(1)
        positions = {}
        for key, place in arrival.items():
            at = block.find(key)
            if at >= 0:
                positions[key] = at
        taus[f"dump:{table}"] = ranks_tau(positions, arrival)
    return taus


def pg_dump(url: str) -> str:
    """`pg_dump --data-only` of the test's schema (the URL's search_path)."""
    parts = urlsplit(url.replace("+psycopg", ""))
    schema = parse_qs(parts.query)["options"][0].split("=")[-1]
    plain = parts._replace(query="").geturl()
    return subprocess.run(["pg_dump", "--data-only", f"--schema={schema}", plain],
                          check=True, capture_output=True, text=True).stdout


def forensic_look(session, url, tables: dict[str, str], arrival, code_hashes, code_table) -> dict:
    session.commit()
    if session.get_bind().dialect.name == "sqlite":
        taus = sqlite_look(session, url, tuple(tables), arrival, code_hashes)
    else:
        taus = postgres_look(session, url, tables, arrival, code_hashes, code_table)
    print({name: round(float(tau), 3) for name, tau in taus.items()})
    for name, tau in taus.items():
        assert abs(tau) <= LIMIT, f"{name}: τ = {tau:.2f} follows the order of arrival"
    return taus


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


def _wal_bytes(url: str) -> int:
    wal = Path(url.removeprefix("sqlite:///") + "-wal")
    return wal.stat().st_size if wal.exists() else 0


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
    assert session.get_bind().dialect.name != "sqlite" or _wal_bytes(database_url) > 0
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
    assert session.get_bind().dialect.name != "sqlite" or _wal_bytes(database_url) == 0


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

    rewrite = scrub._rewrite_keys

    def fails_midway(*args):
        rewrite(*args)
        raise RuntimeError("the process died")

    monkeypatch.setattr(scrub, "_rewrite_keys", fails_midway)
    with pytest.raises(RuntimeError):
        scrub.after_close(session.get_bind())
    assert _progress(session, campaign_id) == sorted(keys)[6] and _stored(session) == before
    monkeypatch.setattr(scrub, "_rewrite_keys", rewrite)

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
    assert _progress(session, campaign_id) is not None and _wal_bytes(database_url) > 0
    session.close()
    reader.close()
    assert "closed 0 vote(s)" in run_cli(app, "close-due").output
    assert _progress(session, campaign_id) is None
    session.close()
    assert _wal_bytes(database_url) == 0
