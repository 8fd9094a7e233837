"""Casting in other votes while a large vote is closed by the worker, against casting while nothing closes.

Enterprise Y has an open vote of many ballots (loaded directly, 10 answers each, with their used codes);
enterprise X has an open vote and a pile of fresh codes. Harmony is served as the demo serves it:
gunicorn with the shipped config (5 sync workers on 127.0.0.1, port 5106 by default) and beside it the
worker (`flask --app wsgi worker`, at its configured lower priority). A few client threads cast X's
ballots through `POST /api/v1/ballots` all along. First a quiet spell (nothing closing), then Y's chair
asks `POST /api/v1/campaigns/<Y>/close`, which answers 202 with a job: the worker closes, seals and
rewrites Y while X's casting goes on, and the window lasts until `GET /api/v1/jobs/<id>` says done
(or `--window` seconds, for a close too long to measure whole); then a second quiet spell. Printed:
the casts answered per second in each window, and the ratio of the closing window to the quiet ones
(their mean). Goal: ≥ 0.8 (casting slowed by at most 20%).

Usage: python3 bench/close_in_worker.py [--ballots N] [--clients C] [--quiet S] [--window S] [--codes N]
                                        [--port P] [--database-url postgresql://user@127.0.0.1/db]
(JOB_REWRITE_PAUSE=0 in the environment measures the rewrite without its rests.)
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cast_rate import gunicorn, open_vote  # noqa: E402
from close_under_load import WORKERS, Casting, used_codes  # noqa: E402
from summary import create_vote, load  # noqa: E402
from survey.data.db import fresh_schema_url, make_engine, make_session_factory  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402
from survey.data.models import Campaign  # noqa: E402
from survey.domain import accounts  # noqa: E402

SCHEMA = "bench_close_worker"
GOAL = 0.8


def chair_key(url: str, campaign_id: int) -> str:
    """An API key of Y's chair, who asks for the close."""
    engine = make_engine(url)
    session = make_session_factory(engine)()
    enterprise = session.get(Campaign, campaign_id).enterprise_id
    _user, key = accounts.create_user(session, "bench_chair", "bench-password", "chair", enterprise_id=enterprise)
    session.commit()
    session.close()
    engine.dispose()
    return key


def call(port: int, method: str, path: str, key: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, headers={"Authorization": f"Bearer {key}"})
    response = connection.getresponse()
    answer = (response.status, json.loads(response.read() or b"{}"))
    connection.close()
    return answer


def worker(url: str, folder: str, log: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench", JOB_DIR=str(Path(folder) / "jobs"))
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=ROOT, env=env,
                                stdout=out, stderr=out)


def rate(casting: Casting, start: float, end: float) -> float:
    answered = [1 for began, latency, status in casting.records if began >= start and began + latency <= end
                and status == 201]
    return len(answered) / (end - start)


def run(base_url: str | None, ballots: int, clients: int, quiet: float, port: int, codes: int,
        window: float) -> None:
    os.environ["JOB_THRESHOLD_BALLOTS"] = "0"  # the close goes to the worker at any size
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}" if base_url is None else fresh_schema_url(base_url, SCHEMA)
        upgrade(url)
        closing = create_vote(url, ballots)
        started = time.time()
        load(url, closing, ballots)
        used_codes(url, closing, ballots)
        print(f"  loaded {ballots:,} ballots in {time.time() - started:.0f} s")
        key = chair_key(url, closing)
        plain, answers = open_vote(url, codes, credit_code="91110000802100433B")
        log = Path(folder) / "server.log"
        background = worker(url, folder, log)
        try:
            with gunicorn("wsgi:app", url, WORKERS, log, port=port) as (bound, _pid), \
                    Casting(bound, plain, answers, clients) as casting:
                time.sleep(2.0)  # the web workers warm up
                first = (time.time(), time.time() + quiet)
                time.sleep(quiet)
                status, job = call(bound, "POST", f"/api/v1/campaigns/{closing}/close", key)
                assert status == 202, (status, job)
                during = [time.time()]
                while call(bound, "GET", job["job"], key)[1]["state"] in ("queued", "running") and \
                        time.time() < during[0] + window:
                    time.sleep(0.5)
                during.append(time.time())
                shown = call(bound, "GET", job["job"], key)[1]
                second = (time.time(), time.time() + quiet)
                time.sleep(quiet)
        finally:
            background.terminate()
            background.wait(timeout=60)
        cast = len(casting.records)
        ran_out = cast >= len(plain) - clients
        quiet_rate = rate(casting, *first) if ran_out else (rate(casting, *first) + rate(casting, *second)) / 2
        closing_rate = rate(casting, *during)
        print(f"  the worker's close of {ballots:,} ballots, {during[1] - during[0]:.1f} s measured: "
              f"job {shown['state']}, {shown['done']:,} of {shown['total'] or ballots:,} rewritten")
        print(f"  casting in another vote: quiet {rate(casting, *first):.0f} and {rate(casting, *second):.0f} casts/s,"
              f" while closing {closing_rate:.0f} casts/s")
        print(f"  ratio {closing_rate / quiet_rate:.2f} ({'within' if closing_rate >= GOAL * quiet_rate else 'below'}"
              f" the goal of {GOAL}); {cast:,} casts in all"
              + (" — the codes ran out: the ratio is against the first quiet spell only; give more with --codes"
                 if ran_out else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL database to use instead of a temporary SQLite file")
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--quiet", type=float, default=20.0, help="seconds of each quiet window")
    parser.add_argument("--codes", type=int, default=300_000, help="fresh codes of the vote cast meanwhile")
    parser.add_argument("--port", type=int, default=5106)
    parser.add_argument("--window", type=float, default=float("inf"),
                        help="seconds of the close measured at most (then the close goes on unmeasured)")
    args = parser.parse_args()
    print(f"{'PostgreSQL' if args.database_url else 'SQLite'}: the worker closes a vote of {args.ballots:,} ballots "
          f"while {args.clients} clients cast another's")
    run(args.database_url, args.ballots, args.clients, args.quiet, args.port, args.codes, args.window)


if __name__ == "__main__":
    main()
