"""Where a request's time goes: cProfile in-process over a few hundred requests of each kind.

The phone's questionnaire page (GET /v/<code>), the JSON cast (POST /api/v1/ballots), the form cast
(POST /v/submit) and a 404 under /api/v1, each through Flask's test client on a fresh SQLite
database, against an empty Flask app's 404 (the floor of any Flask request). Prints the CPU time per
request of each kind, the SQL statements it sends, and the functions that take most of it.

Usage: python3 bench/profile_requests.py [--requests N] [--top K]
"""
import argparse
import cProfile
import json
import pstats
import re
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path

from flask import Flask
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cast_rate import open_vote  # noqa: E402
from survey import create_app  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402

SKIPPED = ("BEGIN", "COMMIT", "PRAGMA", "--")


def csrf_token(client, code: str) -> str:
    page = client.get(f"/v/{code}").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def kinds(app: Flask, codes: list[str], answers: dict, count: int):
    """(name, one request) for each kind; the casts consume fresh codes from `codes`."""
    client = app.test_client()
    spare = iter(codes[1:])
    token = csrf_token(client, codes[0])
    form = {"csrf_token": token, **{f"a.{key}": value for key, value in answers.items()}}
    body = json.dumps({"answers": answers})[1:]
    yield "GET /v/<code> (questionnaire page)", lambda: client.get(f"/v/{codes[0]}")
    yield "POST /api/v1/ballots (JSON cast)", lambda: client.post(
        "/api/v1/ballots", data='{"code": "%s", %s' % (next(spare), body), content_type="application/json")
    yield "POST /v/submit (form cast)", lambda: client.post("/v/submit", data={"code": next(spare), **form})
    yield "GET /api/v1/nothing (404)", lambda: client.get("/api/v1/nothing")
    empty = Flask("empty").test_client()
    yield "empty Flask app, 404", lambda: empty.get("/nothing")


def measure(name: str, request, engine, count: int, top: int) -> None:
    traced: list[str] = []
    status = request().status_code  # warm: imports, the cached form and page
    engine.dispose()  # reconnect with SQLite's trace callback: the casts run on the driver's cursor
    event.listen(engine, "connect", lambda connection, _record: connection.set_trace_callback(traced.append))
    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    for _ in range(count):
        request()
        traced.append("-- next request")
    profile.disable()
    cpu = (time.process_time() - started) / count * 1e6
    engine.dispose()
    # An executemany's rows are traced one by one: a run of one statement within a request is one.
    statements = [shape for shape, _rows in groupby(" ".join(statement.split()[:3]) for statement in traced)
                  if shape.split()[0] not in SKIPPED]
    plain = time.process_time()
    for _ in range(count):
        request()
    plain = (time.process_time() - plain) / count * 1e6
    print(f"\n{name} ({status}): {plain:.0f} µs CPU per request without the profiler ({cpu:.0f} µs profiled), "
          f"{len(statements) / count:g} SQL statements (BEGIN and COMMIT aside)")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/profile.db"
        upgrade(url)
        codes, answers = open_vote(url, 5 * args.requests + 10)
        app = create_app(None, DATABASE_URL=url, SECRET_KEY="bench")
        engine = app.extensions["harmony.engine"]
        for name, request in kinds(app, codes, answers, args.requests):
            measure(name, request, engine, args.requests, args.top)


if __name__ == "__main__":
    main()
