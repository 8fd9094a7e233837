"""Closing a large vote while another enterprise's vote is being cast: how much later do those casts answer?

Enterprise Y has an open vote of many ballots (loaded directly, 10 answers each, with their used
codes); enterprise X has an open vote and a pile of fresh codes. The shipped gunicorn config serves
Harmony on 127.0.0.1 (port 5105 by default); a few client threads cast X's ballots one after another
through `POST /api/v1/ballots`. After a quiet spell Y's vote is closed from another process as the
`close-due` command would: the closing transaction (close, delete the used codes, seal, commit), then
`scrub.after_close` (the rewrite in chunks, each its own transaction, then the checkpoint or VACUUM).
Printed: the p50, p99 and slowest latency of X's casts before the close and of those in flight during
it, and the duration of each step. Goal: p99 during − p99 before ≤ 0.3 s.

Usage: python3 bench/close_under_load.py [--ballots N] [--clients C] [--port P]
                                         [--database-url postgresql://user@127.0.0.1/db]
"""
import argparse
import http.client
import json
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cast_rate import gunicorn, open_vote  # noqa: E402
from summary import create_vote, load  # noqa: E402
from survey.data import scrub  # noqa: E402
from survey.data.db import fresh_schema_url, make_engine, make_session_factory  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402
from survey.data.models import Campaign  # noqa: E402
from survey.domain import campaigns, codes  # noqa: E402

SCHEMA = "bench_close"
WORKERS = 5  # the shipped default on 2 cores (2 × cores + 1)
QUIET, SETTLE = 8.0, 2.0  # seconds of casting before the close, and after it


def used_codes(url: str, campaign_id: int, count: int) -> None:
    """The used codes of Y's loaded ballots, as casting would have left them."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO ballot_code (code_hash, campaign_id, used) VALUES (%s, %s, %s)"
            if engine.dialect.name == "postgresql" else
            "INSERT INTO ballot_code (code_hash, campaign_id, used) VALUES (?, ?, ?)",
            [(codes.code_hash(codes.new_code()), campaign_id, True) for _ in range(count)])
    engine.dispose()


def close_now(url: str, campaign_id: int) -> dict:
    """Run in a child process: close Y as `close-due` does; wall-clock times of each step."""
    engine = make_engine(url)
    session = make_session_factory(engine)()
    campaign = session.get(Campaign, campaign_id)
    started = time.time()
    for _step in campaigns.closing(session, campaign, datetime(2026, 5, 20, 18)):
        session.commit()
    committed = time.time()
    finished, _done = scrub.rewrite_pending(engine)
    rewritten = time.time()
    scrub.fold(engine, finished)
    return {"started": started, "committed": committed, "rewritten": rewritten, "ended": time.time()}


class Casting:
    """Client threads casting X's ballots one after another; (start, latency, status) of each."""

    def __init__(self, port: int, plain: list[str], answers: dict, clients: int):
        self.stop = threading.Event()
        self.records: list[tuple[float, float, int]] = []
        share = len(plain) // clients
        self.threads = [threading.Thread(target=self._run, args=(port, plain[n * share:(n + 1) * share], answers))
                        for n in range(clients)]

    def _run(self, port: int, mine: list[str], answers: dict) -> None:
        headers = {"Content-Type": "application/json"}
        for code in mine:
            if self.stop.is_set():
                return
            body = json.dumps({"code": code, "answers": answers})
            started = time.time()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("POST", "/api/v1/ballots", body, headers)
            status = connection.getresponse().status
            connection.close()
            self.records.append((started, time.time() - started, status))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def window(self, start: float, end: float, within: bool = False) -> np.ndarray:
        """Latencies of the casts in flight at some moment of [start, end] (`within`: wholly inside it)."""
        if within:
            return np.array([latency for began, latency, _s in self.records if began >= start and began + latency <= end])
        return np.array([latency for began, latency, _s in self.records if began < end and began + latency > start])


def percentiles(latencies: np.ndarray) -> str:
    return (f"p50 {np.percentile(latencies, 50) * 1000:.0f} ms, p99 {np.percentile(latencies, 99) * 1000:.0f} ms, "
            f"slowest {latencies.max() * 1000:.0f} ms ({len(latencies)} casts)")


def run(base_url: str | None, ballots: int, clients: int, port: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}" if base_url is None else fresh_schema_url(base_url, SCHEMA)
        upgrade(url)
        closing = create_vote(url, ballots)
        load(url, closing, ballots)
        used_codes(url, closing, ballots)
        plain, answers = open_vote(url, 20_000, credit_code="91110000802100433B")
        log = Path(folder) / "gunicorn.log"
        with gunicorn("wsgi:app", url, WORKERS, log, port=port) as (bound, _pid), \
                Casting(bound, plain, answers, clients) as casting:
            time.sleep(QUIET)
            child = subprocess.run([sys.executable, __file__, "--close", url, str(closing)],
                                   check=True, capture_output=True, text=True)
            times = json.loads(child.stdout.splitlines()[-1])
            time.sleep(SETTLE)
        refused = sum(status != 201 for _b, _l, status in casting.records)
        first = min(began for began, _l, _s in casting.records)
        before = casting.window(first + 2.0, times["started"], within=True)  # the first 2 s warm the workers up
        during = casting.window(times["started"], times["ended"])
        delay = np.percentile(during, 99) - np.percentile(before, 99)
        print(f"  close of {ballots:,} ballots: {times['ended'] - times['started']:.2f} s "
              f"(closing transaction {times['committed'] - times['started']:.2f} s, "
              f"rewrite in chunks of {scrub.CHUNK} {times['rewritten'] - times['committed']:.2f} s, "
              f"checkpoint/vacuum {times['ended'] - times['rewritten']:.2f} s)")
        print(f"  casts before the close: {percentiles(before)}")
        print(f"  casts during the close: {percentiles(during)}")
        print(f"  p99 delay {delay:+.2f} s ({'within' if delay <= 0.3 else 'above'} the 0.3 s goal); "
              f"{refused} casts not answered 201")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to use instead of a temporary SQLite file")
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=5105)
    parser.add_argument("--close", nargs=2, metavar=("URL", "CAMPAIGN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.close:
        url, campaign = args.close
        print(json.dumps(close_now(url, int(campaign))))
    else:
        print(f"{'PostgreSQL' if args.database_url else 'SQLite'}: close a vote of {args.ballots:,} ballots "
              f"while {args.clients} clients cast another's")
        run(args.database_url, args.ballots, args.clients, args.port)


if __name__ == "__main__":
    main()
