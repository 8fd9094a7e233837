"""Ballots cast per second on both paths, and the questionnaire page, against a bare Flask endpoint that inserts one row.

Both apps run under gunicorn with the same settings (survey/gunicorn_conf.py: sync workers, the
same worker count), on 127.0.0.1 only, on the same kind of database. Four loads are measured in
interleaved rounds (their order rotating from round to round, so a busy moment on the machine hits
each alike): the JSON cast (POST /api/v1/ballots), the phone's form cast (POST /v/submit, with
the session cookie and CSRF token its client got from the page once, if the page gives them), the
questionnaire page (GET /v/<code>) and the bare insert. Each figure is the median of the rounds with their spread
(lowest–highest), and each ratio the median of the per-round ratios to the bare insert of the same
round. Every cast carries a fresh code, issued beforehand through the domain, and a full set of
answers; the bare endpoint gets the JSON bodies. Load: a bounded number of requests from a few
client processes (http.client; gunicorn's sync workers close each connection, so it reconnects).
The workers' CPU time per request, read from /proc, is printed too (median). Then, in-process, the
SQL statements one cast sends (before_cursor_execute).

With --against DIR, the Harmony of another checkout (e.g. the main branch, before a change) is served
beside this one, with the same settings over the same database, and its three loads join the rounds:
each load's figure of this code is then also given as the median of the per-round ratios to the other's.

Usage: python3 bench/cast_rate.py [--requests N] [--rounds R] [--clients C] [--workers W] [--against DIR]
                                  [--database-url postgresql://user@127.0.0.1/db]   (adds a PostgreSQL run)
"""
import argparse
import http.client
import json
import multiprocessing
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from itertools import groupby, islice
from statistics import median
from urllib.parse import urlencode
from pathlib import Path

from flask import Flask, jsonify, request
from sqlalchemy import Column, MetaData, String, Table, event, insert

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey import create_app  # noqa: E402
from survey.data.db import fresh_schema_url, make_engine, make_session_factory  # noqa: E402
from survey.data.migrate import upgrade  # noqa: E402
from survey.domain import campaigns, organisations  # noqa: E402

GUNICORN_CONF = ROOT / "survey" / "gunicorn_conf.py"
PG_SCHEMA = "harmony_bench"
STATEMENT_SAMPLE = 20  # casts counted in-process for the statements per cast
WARM_UP = 50  # requests per client before the clock starts: workers import, connect, cache the form
BARE = Table("bench_bare", MetaData(), Column("id", String(32), primary_key=True), Column("code", String(32)))
INSERT_BARE = insert(BARE)


def bare_app() -> Flask:
    """The yardstick: parse the same JSON, insert one row in its own transaction, answer 201."""
    app = Flask(__name__)
    engine = make_engine(os.environ["DATABASE_URL"])

    @app.post("/bare")
    def bare():
        body = request.get_json()
        with engine.begin() as connection:
            connection.execute(INSERT_BARE, {"id": secrets.token_hex(16), "code": str(body["code"])[:32]})
        return jsonify({"ok": True}), 201

    return app


def prepare(url: str, count: int) -> tuple[list[str], dict]:
    """Migrate, set up an open vote with `count` fresh codes and the bare table; codes and full answers."""
    upgrade(url)
    engine = make_engine(url)
    BARE.metadata.create_all(engine)
    engine.dispose()
    return open_vote(url, count)


def open_vote(url: str, count: int, credit_code: str = "91350100M000100Y43") -> tuple[list[str], dict]:
    """An enterprise's open vote for `count` workers with as many fresh codes; codes and full answers."""
    engine = make_engine(url)
    session = make_session_factory(engine)()
    district = organisations.create_jurisdiction(session, "基准区总工会")
    enterprise = organisations.create_enterprise(session, "基准测试有限公司", credit_code, count, district.id)
    campaign = campaigns.create(session, enterprise, campaigns.Settings(title="投票速率基准"))
    campaigns.open_(session, campaign)
    codes = campaigns.issue_codes(session, campaign, count, count)
    answers = {item.key: item.options[0].key if item.options else "食堂饭菜可以再改进"
               for item in campaign.questionnaire.items}
    session.commit()
    session.close()
    engine.dispose()
    return codes, answers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, database_url: str, workers: int, log: Path, port: int | None = None,
             root: Path = ROOT):
    """Serve `app_spec` of the checkout at `root` with the shipped gunicorn config on 127.0.0.1 (`port`, or a
    free one); yields port and pid."""
    port = port or free_port()
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="bench", HARMONY_WORKERS=str(workers),
               HARMONY_BIND=f"127.0.0.1:{port}", PYTHONPATH=f"{root}{os.pathsep}{root / 'bench'}")
    with open(log, "ab") as out:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), app_spec],
                                  cwd=root, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start; see {log}")
                time.sleep(0.1)
        yield port, server.pid
    except (OSError, http.client.HTTPException) as error:
        raise SystemExit(f"{app_spec}: {error!r}; server log: {log}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def workers_cpu(master: int) -> float:
    """CPU seconds used so far by a gunicorn master's workers (Linux /proc)."""
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def session_for_form(port: int, page_code: str) -> tuple[dict[str, str], dict[str, str]]:
    """What a phone's first view of the questionnaire page gives it to post back: the headers (a session
    cookie, if the page set one) and the hidden fields (a CSRF token, if the form has one)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"/v/{page_code}")
    response = connection.getresponse()
    page = response.read().decode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if response.getheader("Set-Cookie"):
        headers["Cookie"] = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return headers, {"csrf_token": token.group(1)} if token else {}


def client(job: tuple[int, str, str, list, int]) -> tuple[float, float, Counter]:
    """One client process: warm up, then send its requests one after another; times and statuses."""
    port, method, path, bodies, warm_up = job
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if path == "/v/submit":
        headers, hidden = session_for_form(port, bodies[0]["page"])
        bodies = [urlencode({**hidden, "code": body["code"],
                             **{f"a.{key}": value for key, value in body["answers"].items()}}).encode()
                  for body in bodies]
    statuses: Counter = Counter()
    started = 0.0
    for index, body in enumerate(bodies):
        if index == warm_up:
            started = time.perf_counter()
        if method == "GET":
            connection.request("GET", path)
        else:
            connection.request("POST", path, body, headers)
        response = connection.getresponse()
        response.read()
        if index >= warm_up:
            statuses[response.status] += 1
    return started, time.perf_counter(), statuses


def load(port: int, method: str, path: str, bodies: list, clients: int, status: int) -> float:
    """Requests per second over the measured requests (warm-up excluded); every one must answer `status`."""
    share = len(bodies) // clients
    jobs = [(port, method, path, bodies[n * share:(n + 1) * share], WARM_UP) for n in range(clients)]
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(client, jobs)
    statuses = sum((counted for _start, _end, counted in results), Counter())
    if set(statuses) != {status}:
        raise SystemExit(f"{path}: unexpected statuses {dict(statuses)}")
    elapsed = max(end for _s, end, _c in results) - min(start for start, _e, _c in results)
    return statuses.total() / elapsed


def statements_per_cast(url: str, codes: list[str], answers: dict) -> tuple[float, list[str]]:
    """Cast in-process through the test client, counting what SQLite runs (its trace callback: the
    cast's statements go to the driver's cursor, past SQLAlchemy's events), BEGIN and COMMIT aside.
    The hashes and keys in them are the benchmark's own."""
    app = create_app(None, DATABASE_URL=url, SECRET_KEY="bench")
    engine = app.extensions["harmony.engine"]
    seen: list[str] = []
    client_ = app.test_client()
    assert client_.post("/api/v1/ballots", json={"code": codes[0], "answers": answers}).status_code == 201
    engine.dispose()
    event.listen(engine, "connect", lambda connection, _record: connection.set_trace_callback(seen.append))
    for code in codes[1:]:
        assert client_.post("/api/v1/ballots", json={"code": code, "answers": answers}).status_code == 201
    engine.dispose()
    # SQLite traces each row of an executemany as it runs it: consecutive runs of one statement are one.
    shapes = [" ".join(statement.split())[:60] for statement in seen
              if statement.split()[0] not in ("BEGIN", "COMMIT", "PRAGMA")]
    runs = [(shape, len(list(group))) for shape, group in groupby(shapes)]
    one_cast = [f"{shape}…" + (f" (executemany, {rows} rows)" if rows > 1 else "")
                for shape, rows in runs[:len(runs) // (len(codes) - 1)]]
    return len(runs) / (len(codes) - 1), one_cast


LOADS = (  # name, unit, what, server, method, path, expected status
    ("json", "ballots/s", "POST /api/v1/ballots", "harmony", "POST", "/api/v1/ballots", 201),
    ("form", "ballots/s", "POST /v/submit, the phone's form", "harmony", "POST", "/v/submit", 200),
    ("page", "pages/s", "GET /v/<code>, the questionnaire", "harmony", "GET", None, 200),
    ("bare", "inserts/s", "one-row insert endpoint", "bare", "POST", "/bare", 201),
)


def spread(values: list[float], digits: int = 0) -> str:
    return f"{median(values):,.{digits}f} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


AGAINST = " (the other checkout)"


def bodies_for(name: str, fresh, per_round: int, answers: dict, page_code: str) -> tuple[str | None, list]:
    """The path (None: the load's own) and the request bodies of one load's round."""
    if name.startswith("page"):
        return f"/v/{page_code}", [None] * per_round
    if name.startswith("form"):
        return None, [{"code": code, "answers": answers, "page": page_code} for code in islice(fresh, per_round)]
    return None, [json.dumps({"code": code, "answers": answers}).encode() for code in islice(fresh, per_round)]


def run(label: str, url: str, args) -> None:
    """The servers up at once, the loads measured in interleaved rounds, their order rotating."""
    loads = LOADS + tuple((name + AGAINST, unit, what, "against", *rest)
                          for name, unit, what, _server, *rest in LOADS[:3] if args.against)
    per_round = args.requests + WARM_UP * args.clients
    casting_loads = sum(not name.startswith("page") for name, *_rest in loads)
    codes, answers = prepare(url, casting_loads * args.rounds * per_round + STATEMENT_SAMPLE + 2)
    page_code, codes = codes[0], codes[1:]
    fresh = iter(codes)
    rates: dict[str, list[float]] = {name: [] for name, *_rest in loads}
    cpu: dict[str, list[float]] = {name: [] for name, *_rest in loads}
    log = Path(tempfile.gettempdir()) / "harmony-bench-gunicorn.log"
    with ExitStack() as started:
        servers = {"harmony": started.enter_context(gunicorn("wsgi:app", url, args.workers, log)),
                   "bare": started.enter_context(gunicorn("cast_rate:bare_app()", url, args.workers, log))}
        if args.against:
            servers["against"] = started.enter_context(
                gunicorn("wsgi:app", url, args.workers, log, root=Path(args.against).resolve()))
        for round_ in range(args.rounds):
            turn = round_ % len(loads)
            for name, _unit, _what, server, method, path, status in loads[turn:] + loads[:turn]:
                port, pid = servers[server]
                own_path, bodies = bodies_for(name, fresh, per_round, answers, page_code)
                before = workers_cpu(pid)
                rates[name].append(load(port, method, own_path or path, bodies, args.clients, status))
                cpu[name].append((workers_cpu(pid) - before) / per_round * 1000)
    statements, one_cast = (statements_per_cast(url, list(islice(fresh, STATEMENT_SAMPLE + 1)), answers)
                            if url.startswith("sqlite") else (None, []))
    print(f"{label}: {args.requests} requests per load and round, {args.rounds} interleaved rounds, "
          f"{args.clients} clients, {args.workers} sync workers; median (lowest–highest)")
    for name, unit, what, *_rest in loads:
        ratio = "" if name == "bare" else "  ratio " + spread(
            [rate / bare_rate for rate, bare_rate in zip(rates[name], rates["bare"])], 2)
        if name + AGAINST in rates:
            ratio += "; over the other checkout's " + spread(
                [mine / other for mine, other in zip(rates[name], rates[name + AGAINST])], 2)
        print(f"  {name}  {spread(rates[name])} {unit}  {median(cpu[name]):.2f} ms server CPU per request"
              f"{ratio}  ({what})")
    print("  aims: casting 0.75 (SQLite) / 0.6 (PostgreSQL) of the bare insert, the page 0.75")
    print(f"  SQL statements per cast: {statements:g}" if statements else "  SQL statements per cast: as on SQLite")
    for statement in one_cast:
        print(f"    {statement}")


def main() -> None:
    from survey import gunicorn_conf

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="measured requests per load and round")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; the median counts")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--workers", type=int, default=gunicorn_conf.workers, help="gunicorn workers, both apps")
    parser.add_argument("--database-url", help="PostgreSQL URL: also run there, in schema " + PG_SCHEMA)
    parser.add_argument("--against", help="another checkout of Harmony, served beside this one in the same rounds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{folder}/bench.db", args)
    if args.database_url:
        run("PostgreSQL", fresh_schema_url(args.database_url, PG_SCHEMA), args)


if __name__ == "__main__":
    main()
