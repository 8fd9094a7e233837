"""Time the jurisdiction's views for a city of 2,000 enterprises whose seals hold 10⁶ ballots.

The city (10 districts with a town each) is written straight into a fresh SQLite database in a temporary
folder (or a `bench_board` schema of the PostgreSQL database given with --database-url): each enterprise
with a sealed self-check of 5 to 1,000 ballots (1 to 4 for one in ten), a third of them with a sealed
spot-check survey, and titles in every state — the summaries are what sealing writes, and the views
read only the seals, so no ballot is cast. Each view is a whole request through the Flask test client
(key or sign-in check, SQL, JSON or the page), for the city's assessor (the city union's; an admin for
the office's list): the board (`GET /api/v1/jurisdictions/<city>/board` and its page), the enterprise
list of the jurisdiction (the assessor's `/dashboard`; the office's `/office`, with headcounts), the
assessor's home (counts and the few items waiting, per cycle) and the paged lists it links to (the second
page of the city cycle's ~1,100 declarations, with their scores; of the ~1,000 named titles). Each is run
once to warm up (the first board of a process reads every seal's summary, then keeps the figures by the
seal's digest) and then --runs times, the views interleaved; the median, the slowest and the first request
are printed against the 300 ms goal, with the SQL statements one request sends (a fixed number, whatever
the count of enterprises: none is read one by one; a page of declarations reads each one's scores).

Usage: python3 bench/board.py [--database-url postgresql://postgres@127.0.0.1:5432/test] [--enterprises 2000]
"""
import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from board_support import build_city  # noqa: E402
from survey import create_app  # noqa: E402
from survey.data.db import fresh_schema_url  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402
from survey.data.models import Cycle  # noqa: E402
from survey.domain import accounts  # noqa: E402

GOAL = 0.3  # seconds
PASSWORD = "bench-password-1"


def signed_in(app, username: str):
    """A test client signed in through the login form (its CSRF token included)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"csrf_token": token, "username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    return client


def views(app, city, key: str, cycle: int) -> dict:
    """name → one request of the view (status 200 checked)."""
    api, assessor, admin = app.test_client(), signed_in(app, "bench_assessor"), signed_in(app, "bench_admin")
    headers = {"Authorization": f"Bearer {key}"}
    return {
        "board, API": lambda: api.get(f"/api/v1/jurisdictions/{city.root}/board", headers=headers),
        "board, page": lambda: assessor.get(f"/assessor/jurisdictions/{city.root}/board"),
        "enterprise list (/dashboard)": lambda: assessor.get("/dashboard"),
        "office's enterprise list (/office)": lambda: admin.get("/office"),
        "assessor's home (/assessor)": lambda: assessor.get("/assessor"),
        "city cycle's declarations, page 2": lambda: assessor.get(f"/cycles/{cycle}?page=2"),
        "named titles, page 2": lambda: assessor.get("/assessor/titles?page=2"),
    }


def statements(engine, request) -> int:
    """The SQL statements one request sends."""
    sent: list[str] = []
    listener = lambda *_args: sent.append("")  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(sent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--profile", help="profile one request of the view of this name instead of timing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = fresh_schema_url(args.database_url, "bench_board") if args.database_url \
            else f"sqlite:///{folder}/board.db"
        upgrade(url)
        app = create_app(None, DATABASE_URL=url, SECRET_KEY="bench")
        with app.app_context():
            session = app.extensions["harmony.sessions"]()
            started = time.perf_counter()
            city = build_city(session, date.today(), districts=10, enterprises=args.enterprises, seed=2026,
                              largest=1230)
            _admin, key = accounts.create_user(session, "bench_admin", PASSWORD, "admin")
            accounts.create_user(session, "bench_assessor", PASSWORD, "assessor", jurisdiction_id=city.root)
            session.commit()
            cycle = session.scalar(select(Cycle.id).where(Cycle.jurisdiction_id == city.root))
            ballots = sum(e.cast for e in city.enterprises)
            print(f"city: {len(city.enterprises)} enterprises, {ballots:,} ballots in their self-checks' seals "
                  f"(built in {time.perf_counter() - started:.1f} s)")
        requests = views(app, city, key, cycle)
        first = {}
        for name, request in requests.items():  # the board's first view reads the seals' summaries
            started = time.perf_counter()
            response = request()
            first[name] = time.perf_counter() - started
            assert response.status_code == 200, (name, response.status_code)
        if args.profile:
            import cProfile
            cProfile.runctx("requests[args.profile]()", globals(), locals(), sort="cumulative")
            return
        times: dict[str, list[float]] = {name: [] for name in requests}
        cpu: dict[str, list[float]] = {name: [] for name in requests}
        for _run in range(args.runs):
            for name, request in requests.items():
                started, used = time.perf_counter(), time.process_time()
                request()
                times[name].append(time.perf_counter() - started)
                cpu[name].append(time.process_time() - used)
        engine = app.extensions["harmony.engine"]
        print(f"{args.runs} runs each, interleaved: median (CPU of this process: SQLite runs in it), slowest, "
              f"and the first request (a process's first board reads every seal's summary); goal {GOAL * 1000:.0f} ms")
        for name, request in requests.items():
            median = statistics.median(times[name])
            print(f"  {median * 1000:5.0f} ms (CPU {statistics.median(cpu[name]) * 1000:4.0f} ms), slowest "
                  f"{max(times[name]) * 1000:5.0f} ms, first {first[name] * 1000:5.0f} ms, "
                  f"{statements(engine, request):3d} SQL statements  {name}  {'met' if median < GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()
