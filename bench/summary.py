"""Time the statistical summary of a closed vote at 10⁴, 10⁵ and 10⁶ ballots of 10 items.

Each ballot answers a department question and nine scored items (5% of answers skipped). The data
goes into a fresh SQLite database in a temporary folder (or a `bench_summary` schema of the
PostgreSQL database given with --database-url) while the vote is open; closing it then counts and
seals it (timed), which computes the statistics and keeps them in the seal. Then a child process
runs `summarize` (what every view of the closed vote does: it reads the sealed statistics) once to
warm the cache and once timed, then times the SQL pass over the answers alone (what the close runs,
and every view of a vote sealed before statistics were sealed), and reports the seconds, the peak
of Python allocations (tracemalloc) and the child's peak resident memory (the interpreter with
numpy/scipy is about 150 MB of it), so the data generation does not count.

Usage: python3 bench/summary.py [--database-url postgresql://postgres@127.0.0.1:5432/test] [--sizes 10000 ...]
"""
import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime
from pathlib import Path

import numpy as np
from scipy.stats import norm
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey.data.db import fresh_schema_url, make_engine, make_session_factory  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402
from survey.data.models import Campaign  # noqa: E402
from survey.domain import campaigns, organisations, summary, vote_statistics  # noqa: E402

SIZES = (10_000, 100_000, 1_000_000)
DEPARTMENTS = ["生产部", "技术部", "销售部", "行政部"]
SHARES = (0.62, 0.25, 0.13)  # satisfied, fairly satisfied, dissatisfied
MOOD, NOISE = 0.8, 0.7
CUTS = math.hypot(MOOD, NOISE) * norm.ppf(np.cumsum(SHARES)[:-1])
SKIP = 0.05
CHUNK = 100_000
SCHEMA = "bench_summary"


def create_vote(url: str, count: int) -> int:
    """An enterprise and an open vote with the default questionnaire and a department question,
    for an electorate of 1.25 × the ballots to come (80% turnout), at most the largest allowed."""
    engine = make_engine(url)
    session = make_session_factory(engine)()
    district = organisations.create_jurisdiction(session, "区总工会")
    electorate = min(count * 5 // 4, campaigns.MAX_ELECTORATE)
    enterprise = organisations.create_enterprise(session, "基准测试公司", "91350100M000100Y43", electorate,
                                                 district.id, DEPARTMENTS)
    campaign = campaigns.create(session, enterprise, campaigns.Settings("基准测评", electorate, ask_department=True))
    campaigns.open_(session, campaign)
    session.commit()
    campaign_id = campaign.id
    session.close()
    engine.dispose()
    return campaign_id


def close_vote(url: str, campaign_id: int) -> None:
    """Close the loaded vote as a chair would: this counts and seals it."""
    engine = make_engine(url)
    session = make_session_factory(engine)()
    for _step in campaigns.closing(session, session.get(Campaign, campaign_id), datetime(2026, 5, 20, 18)):
        session.commit()
    session.close()
    engine.dispose()


def questionnaire_options(url: str, campaign_id: int) -> list[tuple[int, list[int]]]:
    engine = make_engine(url)
    session = make_session_factory(engine)()
    campaign = session.get(Campaign, campaign_id)
    items = [(item.id, [o.id for o in item.options]) for item in campaign.questionnaire.items
             if item.kind in ("scored", "department")]
    session.close()
    engine.dispose()
    return items


def chunk_rows(rng, count: int, campaign_id: int, items: list[tuple[int, list[int]]]):
    """(ballots, answers) rows for `count` ballots, ballot keys sorted as closing leaves them.

    Answers to the scored items share each worker's general mood, so they correlate as real ones do.
    """
    blob = rng.bytes(16 * count).hex()
    keys = sorted(blob[i:i + 32] for i in range(0, 32 * count, 32))
    ballots = [(key, campaign_id, True) for key in keys]
    mood = rng.normal(size=count)
    answers = []
    for item_id, options in items:
        if len(options) == len(SHARES):
            chosen = np.searchsorted(CUTS, -(MOOD * mood + NOISE * rng.normal(size=count)))
        else:
            chosen = rng.integers(len(options), size=count)
        kept = rng.random(count) >= SKIP
        answers += [(keys[i], item_id, options[chosen[i]]) for i in np.flatnonzero(kept)]
    answers.sort()
    return ballots, answers


def load(url: str, campaign_id: int, count: int) -> None:
    items = questionnaire_options(url, campaign_id)
    rng = np.random.default_rng(count)
    engine = make_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":  # a throwaway file: keep the pages in memory until commit
            connection.exec_driver_sql("PRAGMA cache_size = -2000000")
        raw = connection.connection.driver_connection
        for start in range(0, count, CHUNK):
            ballots, answers = chunk_rows(rng, min(CHUNK, count - start), campaign_id, items)
            _insert(raw, ballots, answers)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("VACUUM ANALYZE"))
        else:  # as a database at rest: statistics gathered, the write-ahead log folded in
            connection.execute(text("ANALYZE"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()


def _insert(raw, ballots, answers) -> None:
    if hasattr(raw, "execute") and type(raw).__module__.startswith("sqlite3"):
        raw.executemany("INSERT INTO ballot (id, campaign_id, valid) VALUES (?, ?, ?)", ballots)
        raw.executemany("INSERT INTO answer (ballot_id, item_id, option_id) VALUES (?, ?, ?)", answers)
        return
    with raw.cursor() as cursor:
        with cursor.copy("COPY ballot (id, campaign_id, valid) FROM STDIN") as copy:
            for row in ballots:
                copy.write_row(row)
        with cursor.copy("COPY answer (ballot_id, item_id, option_id) FROM STDIN") as copy:
            for row in answers:
                copy.write_row(row)


def peak_rss_kb() -> int:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss would
    carry over the parent's peak, which holds the generated data."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(url: str, campaign_id: int) -> dict:
    """Run in a child process: warm up once, then time one summary."""
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    campaign = sessions().get(Campaign, campaign_id)
    summary.summarize(sessions(), campaign)
    tracemalloc.start()
    started = time.perf_counter()
    found = summary.summarize(sessions(), campaign)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    vote_statistics.sql_pass(sessions(), campaign, found.results.distribution)
    sql_pass = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": seconds, "sql_pass": sql_pass, "python_peak_mb": peak / 1e6,
            "max_rss_mb": peak_rss_kb() / 1e3,
            "respondents": found.composite.n, "mean": float(found.composite.estimate),
            "ci95": [found.composite.low, found.composite.high], "alpha": found.alpha.alpha}


def fresh_database(base_url: str | None, folder: Path, count: int) -> str:
    if base_url is None:
        return f"sqlite:///{folder / f'bench-{count}.db'}"
    return fresh_schema_url(base_url, SCHEMA)


def run(base_url: str | None, sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            url = fresh_database(base_url, Path(folder), count)
            upgrade(url)
            campaign_id = create_vote(url, count)
            started = time.perf_counter()
            load(url, campaign_id, count)
            loaded = time.perf_counter() - started
            started = time.perf_counter()
            close_vote(url, campaign_id)
            closed = time.perf_counter() - started
            child = subprocess.run([sys.executable, __file__, "--measure", url, str(campaign_id)],
                                   check=True, capture_output=True, text=True)
            result = json.loads(child.stdout.splitlines()[-1])
            print(f"{count:>9,} ballots: summary of the sealed vote {result['seconds']:.3f} s, SQL pass "
                  f"{result['sql_pass']:.2f} s, Python peak {result['python_peak_mb']:.1f} MB, "
                  f"process peak RSS {result['max_rss_mb']:.0f} MB (data loaded in {loaded:.0f} s, closed and sealed in "
                  f"{closed:.1f} s; "
                  f"composite {result['mean']:.4f}, 90% interval [{result['ci95'][0]:.4f}, {result['ci95'][1]:.4f}], "
                  f"alpha {result['alpha']:.3f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to use instead of a temporary SQLite file")
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--measure", nargs=2, metavar=("URL", "CAMPAIGN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{backend}: summarize a closed vote (1 department question + 9 scored items, {SKIP:.0%} skipped)")
    run(args.database_url, args.sizes)


if __name__ == "__main__":
    main()
