"""Where a request's time goes: CPU per request of each kind, in interleaved rounds, then cProfile.

Each request is one call of the WSGI app with the environ a gunicorn worker would build (no test
client, whose own work would hide the app's), on a fresh SQLite database: the phone's questionnaire
page (GET /v/<code>, with the session cookie the page gave, if any), the JSON cast (POST /api/v1/ballots,
no cookie, as an app sends it), the form cast (POST /v/submit with the cookie and CSRF token the page
gave, if any), and a 404 under /api/v1 without a cookie and with the session cookie of the /v pages
(the code entry page's, which holds a CSRF token). Two floors of any Flask request: an empty Flask
app's 404, and the same app with a secret key reading the same signed session cookie. The kinds run
in rounds of N requests each, their order rotating; each figure is the median CPU time per request
over the rounds (lowest–highest), each ratio the median of the per-round ratios to the empty app.
Then the SQL statements of each kind and the functions that take most of its time (cProfile).

Usage: python3 bench/profile_requests.py [--requests N] [--rounds R] [--top K]
"""
import argparse
import cProfile
import io
import json
import pstats
import re
import sys
import tempfile
import time
from itertools import groupby
from pathlib import Path
from statistics import median
from urllib.parse import urlencode

from flask import Flask, session
from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cast_rate import open_vote  # noqa: E402
from survey import create_app  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402

SKIPPED = ("BEGIN", "COMMIT", "PRAGMA", "--")


def environ(method: str, path: str, body: bytes = b"", content_type: str = "", cookie: str = "") -> dict:
    """What a gunicorn sync worker hands the app for a request from 127.0.0.1."""
    built = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "", "RAW_URI": path,
             "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "5000", "SERVER_PROTOCOL": "HTTP/1.1",
             "REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": "40000", "HTTP_HOST": "127.0.0.1:5000",
             "HTTP_CONNECTION": "close", "wsgi.version": (1, 0), "wsgi.url_scheme": "http",
             "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
             "wsgi.multiprocess": True, "wsgi.run_once": False}
    if content_type:
        built.update(CONTENT_TYPE=content_type, CONTENT_LENGTH=str(len(body)))
    if cookie:
        built["HTTP_COOKIE"] = cookie
    return built


def call(app, built: dict) -> tuple[int, dict, bytes]:
    answered = {}

    def start_response(status, headers, _exc_info=None):
        answered.update(status=int(status.split()[0]), headers=dict(headers))
    body = b"".join(app(built, start_response))
    return answered["status"], answered["headers"], body


def session_app() -> Flask:
    """An empty Flask app with a secret key, whose one view reads the session: the floor with a cookie."""
    app = Flask("sessions")
    app.secret_key = "bench"
    app.add_url_rule("/seed", "seed", lambda: session.setdefault("csrf_token", "0" * 40) and "")
    return app


def kinds(app: Flask, codes: list[str], answers: dict) -> dict:
    """name → (one request, expected status); the casts consume fresh codes from `codes`."""
    _status, headers, page = call(app, environ("GET", f"/v/{codes[0]}"))
    cookie = headers.get("Set-Cookie", "").split(";", 1)[0]  # what the page gives to post back, if anything
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    hidden = {"csrf_token": token.group(1).decode()} if token else {}
    entered = call(app, environ("GET", "/v"))[1]["Set-Cookie"].split(";", 1)[0]  # a session on the /v pages
    spare = iter(codes[1:])
    fields = {f"a.{key}": value for key, value in answers.items()}
    empty, with_sessions = Flask("empty"), session_app()
    seeded = call(with_sessions, environ("GET", "/seed"))[1]["Set-Cookie"].split(";", 1)[0]
    return {
        "GET /v/<code> (questionnaire page)": (lambda: call(app, environ("GET", f"/v/{codes[0]}", cookie=cookie)), 200),
        "POST /api/v1/ballots (JSON cast)": (lambda: call(app, environ(
            "POST", "/api/v1/ballots", json.dumps({"code": next(spare), "answers": answers}).encode(),
            "application/json")), 201),
        "POST /v/submit (form cast)": (lambda: call(app, environ(
            "POST", "/v/submit", urlencode({**hidden, "code": next(spare), **fields}).encode(),
            "application/x-www-form-urlencoded", cookie)), 200),
        "GET /api/v1/nothing (404, no cookie)": (lambda: call(app, environ("GET", "/api/v1/nothing")), 404),
        "GET /api/v1/nothing (404, a /v session cookie)": (
            lambda: call(app, environ("GET", "/api/v1/nothing", cookie=entered)), 404),
        "empty Flask app, 404": (lambda: call(empty, environ("GET", "/nothing")), 404),
        "empty Flask app with sessions, 404 with a cookie": (
            lambda: call(with_sessions, environ("GET", "/nothing", cookie=seeded)), 404),
    }


def timed(requests: dict, count: int, rounds: int) -> dict[str, list[float]]:
    """CPU µs per request of each kind in each round; the kinds' order rotates from round to round."""
    names = list(requests)
    spent: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            request = requests[name][0]
            started = time.process_time()
            for _ in range(count):
                request()
            spent[name].append((time.process_time() - started) / count * 1e6)
    return spent


def statements(request, engine, count: int) -> float:
    """SQL statements per request (SQLite's trace callback: the casts run on the driver's cursor)."""
    traced: list[str] = []
    engine.dispose()
    listener = lambda connection, _record: connection.set_trace_callback(traced.append)  # noqa: E731
    event.listen(engine, "connect", listener)
    for _ in range(count):
        request()
        traced.append("-- next request")
    engine.dispose()
    event.remove(engine, "connect", listener)
    # An executemany's rows are traced one by one: a run of one statement within a request is one.
    shapes = [shape for shape, _rows in groupby(" ".join(statement.split()[:3]) for statement in traced)
              if shape.split()[0] not in SKIPPED]
    return len(shapes) / count


def profiled(name: str, request, count: int, top: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(count):
        request()
    profile.disable()
    print(f"\n{name}")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(top)


def spread(values: list[float], digits: int = 0) -> str:
    return f"{median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per kind and round")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--top", type=int, default=25, help="functions shown per kind (0: no profile)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/profile.db"
        upgrade(url)
        casts = 2 * (args.requests * (args.rounds + 2) + 50)
        codes, answers = open_vote(url, casts + 10)
        app = create_app(None, DATABASE_URL=url, SECRET_KEY="bench")
        requests = kinds(app, codes, answers)
        for name, (request, status) in requests.items():  # warm: imports, the kept form and pages
            for _ in range(20):
                answered = request()[0]
                if answered != status:
                    raise SystemExit(f"{name}: {answered}, not {status}")
        spent = timed(requests, args.requests, args.rounds)
        floor = spent["empty Flask app, 404"]
        engine = app.extensions["harmony.engine"]
        print(f"CPU per request, {args.rounds} interleaved rounds of {args.requests}: median (lowest–highest), "
              "and the median of the rounds' ratios to the empty app's 404")
        for name, (request, _status) in requests.items():
            ratio = spread([mine / empty for mine, empty in zip(spent[name], floor)], 2)
            sql = statements(request, engine, 20) if name.startswith(("GET /v", "POST")) else 0
            print(f"  {spread(spent[name]):>18} µs  ×{ratio:<18} {sql:g} SQL  {name}")
        if args.top:
            for name, (request, _status) in requests.items():
                profiled(name, request, args.requests, args.top)


if __name__ == "__main__":
    main()
