"""The forensic look at the stored bytes, as a database administrator would take it: the raw SQLite
file and its write-ahead log, PostgreSQL's system columns (`ctid`, `xmin`) and a `pg_dump`. Each look
gives Kendall's τ between a stored order and the known order of arrival; `forensic_look` fails when
any |τ| exceeds LIMIT, or when a code hash the rows must not keep is found.

For 50 independent random ranks τ has a standard deviation of √(2·105 / (9·50·49)) ≈ 0.098, so
|τ| > 0.3 (3.1 σ) happens by chance about once in 470 looks; with a dozen looks a test would fail
about once in 40 runs. So the random keys — in production 128 bits from `secrets` — are drawn here
from a fixed random sequence (`SEED`, the `keys` fixture): the stored orders are then the same on every run.
"""
import random
import re
import subprocess
import types
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scipy.stats import kendalltau
from sqlalchemy import bindparam, text

from survey.data import scrub
from survey.domain import codes as ballot_codes

SEED = 8
LIMIT = 0.3


@pytest.fixture
def keys(monkeypatch):
    """Row keys from a fixed sequence; the list of the keys handed out so far, in order. Codes too come
    from a fixed sequence (another one): the tracking codes' hashes, which concerns and objections keep,
    order an index."""
    rng, handed = random.Random(SEED), []

    def token_hex(size: int) -> str:
        handed.append(rng.randbytes(size).hex())
        return handed[-1]

    fixed = types.SimpleNamespace(token_hex=token_hex)
    monkeypatch.setattr("survey.data.models.base.secrets", fixed)
    monkeypatch.setattr("survey.data.models.naming.secrets", fixed)
    monkeypatch.setattr("survey.domain.codes.secrets", types.SimpleNamespace(choice=random.Random(SEED + 1).choice))
    return handed


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
    assert look.wal == b"", "the write-ahead log still holds frames"
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
                  code_table: str | None, strict: bool) -> dict:
    taus, xmins = {}, set()
    for table, key in tables.items():
        rows = session.execute(text(f"SELECT {key}, ctid::text, xmin::text, xmax::text FROM {table}")).all()
        rows = [row for row in rows if row[0] in arrival]
        xmins |= {int(row[2]) for row in rows}
        # xmax: 0, or the rewriting transaction itself (its foreign-key checks lock the rows it inserts);
        # another's would be the id of a later transaction that locked the row, a follow-up's insert say
        assert not strict or {int(row[3]) for row in rows} <= {0} | xmins
        first = {}
        for owner, ctid, _xmin, _xmax in rows:
            first[owner] = min(first.get(owner, _ctid(ctid)), _ctid(ctid))
        taus[f"ctid:{table}"] = ranks_tau(first, arrival)
        by_xmin = {owner: int(xmin) for owner, _c, xmin, _x in rows}
        if len(set(by_xmin.values())) > 1:
            taus[f"xmin:{table}"] = ranks_tau(by_xmin, arrival)
    if code_table is not None:
        _no_code_left(session, code_table, code_hashes, xmins)
    assert not strict or len(xmins) <= -(-len(arrival) // scrub.CHUNK), "a row kept an xmin of its own"
    dump = pg_dump(url)
    for hashed in code_hashes:
        assert hashed not in dump
    return taus | dump_orders(dump, tables, arrival)


def dump_orders(dump: str, tables, arrival: dict[str, int]) -> dict:
    """τ of the order in which a plain-text dump's COPY blocks list the rows of `tables`."""
    taus = {}
    for table in tables:
        block = re.search(rf"COPY \S*\b{table} .*?\n(.*?)\n\\\.", dump, re.S).group(1)
        positions = {}
        for key, place in arrival.items():
            at = block.find(key)
            if at >= 0:
                positions[key] = at
        taus[f"dump:{table}"] = ranks_tau(positions, arrival)
    return taus


def _no_code_left(session, code_table: str, code_hashes: list[str], xmins: set[int]) -> None:
    stored = set(session.scalars(text(f"SELECT code_hash FROM {code_table}")))
    assert not stored & set(code_hashes), "a used code's hash survived the close"
    code_xmins = {int(x) for x in session.scalars(text(f"SELECT xmin::text FROM {code_table}"))}
    assert not xmins & code_xmins, "a ballot shares its xmin with a code"


def pg_dump(url: str) -> str:
    """`pg_dump --data-only` of the test's schema (the URL's search_path)."""
    parts = urlsplit(url.replace("+psycopg", ""))
    schema = parse_qs(parts.query)["options"][0].split("=")[-1]
    plain = parts._replace(query="").geturl()
    return subprocess.run(["pg_dump", "--data-only", f"--schema={schema}", plain],
                          check=True, capture_output=True, text=True).stdout


def stored_orders(session, url, tables: dict[str, str], arrival, code_hashes=(), code_table=None,
                  strict: bool = False) -> dict:
    """τ of every stored order against `arrival` (key → place) for the rows of `tables` (name → the
    column holding the key); none of `code_hashes` may be stored, nor (PostgreSQL) left in `code_table`.
    ``strict``: on PostgreSQL the rows also carry only their rewrite's transaction ids."""
    session.commit()
    if session.get_bind().dialect.name == "sqlite":
        return sqlite_look(session, url, tuple(tables), arrival, code_hashes)
    return postgres_look(session, url, tables, arrival, code_hashes, code_table, strict)


def forensic_look(session, url, tables: dict[str, str], arrival, code_hashes=(), code_table=None) -> dict:
    """`stored_orders`, each within ±LIMIT of 0."""
    return within_limit(stored_orders(session, url, tables, arrival, code_hashes, code_table, strict=True))


def within_limit(taus: dict) -> dict:
    print({name: round(float(tau), 3) for name, tau in taus.items()})
    for name, tau in taus.items():
        assert abs(tau) <= LIMIT, f"{name}: τ = {tau:.2f} follows the order of arrival"
    return taus


def wal_bytes(url: str) -> int:
    wal = Path(url.removeprefix("sqlite:///") + "-wal")
    return wal.stat().st_size if wal.exists() else 0
