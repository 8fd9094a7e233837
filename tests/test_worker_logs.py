"""No log line for a worker's request: the shipped gunicorn config, the development server, the app's logs."""
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from helpers import answers, open_vote
from survey.domain.resolver import CodeKind
from survey.web import ballot
from survey.web.redact import WORKER_PATHS, canonical_case, is_worker_path, redact

ROOT = Path(__file__).resolve().parent.parent
WORKER = ["/v", "/V", "/v/", "/V/K7QM2XHD9PWRT", "/v?code=K7QM2XHD9PWRT", "/v/submit", "/v/vote", "/v/sign-in",
          "/%76/K7QM2XHD9PWRT", "/%2576/X", "//v/X", "/./v/X", "/static/../v/X", "/v;x=1", "/v%3Fcode=X",
          "http://host/v/X?lang=en", "/c", "/C/1", "/c?q=1", "/api/v1/ballots", "/API/V1/Ballots?x=1",
          "/o", "/O/declarations/3", "/o/track", "/api/v1/objections/K7QM-2XHD-9PWRT",
          "/api/v1/declarations/12/objections", "/API/v1/Declarations/12/Objections/ab12?x=1",
          "/api/v1/declarations/12/../7/objections"]
STAFF = ["/", "/verify", "/vote", "/campaigns/1", "/congresses/2/hall", "/api/v1/campaigns/1", "/api/v1/ballotsx",
         "/login?next=/v", "/static/style.css", "v/X", "GET", "", "/office", "/api/v1/declarations/12",
         "/api/v1/declarations//objections", "/api/v1/declarations/12/spot-check", "/notice/3", "/named"]


@pytest.mark.parametrize("target", WORKER)
def test_worker_paths_are_recognised_however_spelled(target):
    assert is_worker_path(target)


@pytest.mark.parametrize("target", STAFF)
def test_staff_paths_are_not_worker_paths(target):
    assert not is_worker_path(target)


def test_the_worker_paths_are_one_list_with_the_concerns_and_the_objections():
    assert WORKER_PATHS == ("/v", "/c", "/api/v1/ballots", "/api/v1/concerns", "/o", "/api/v1/objections",
                            "/api/v1/declarations/*/objections")


def segment_rule(path: str) -> bool:
    """The rule as the README states it: each segment of a listed path equal in any case, `*` any segment."""
    segments = path.split("/")
    return any(len(segments) >= len(wanted) and all(
        segment.lower() == part or (part == "*" and segment) for part, segment in zip(wanted, segments))
        for wanted in (pattern.split("/") for pattern in WORKER_PATHS))


# Plain paths (nothing to decode or resolve) near the listed ones: each letter kept, in upper case or swapped
# for a letter whose lower case is not (or not only) that ASCII letter; a segment added or cut.
LOOKALIKES = {"s": "ſ", "i": "ıİ", "k": "K"}
LETTER = st.sampled_from("abcdeijlnoprstv1x")
NEAR = st.tuples(st.sampled_from([pattern.replace("*", "12") for pattern in WORKER_PATHS]), st.data()).map(
    lambda drawn: "".join(drawn[1].draw(st.sampled_from([letter, letter.upper(), *LOOKALIKES.get(letter, "")]))
                          for letter in drawn[0]))


def cut_and_extend(drawn: tuple[str, int, list[str], bool]) -> str:
    path, cut, added, slash = drawn
    segments = path.split("/")
    return "/".join(segments[:len(segments) + cut] + added) + ("/" if slash else "")


PLAIN = st.tuples(NEAR, st.integers(-3, 0), st.lists(st.text(LETTER, min_size=1, max_size=3), max_size=2),
                  st.booleans()).map(cut_and_extend)


@settings(max_examples=3000, derandomize=True, deadline=None)
@given(PLAIN)
def test_the_quick_worker_path_check_follows_the_segment_rule(path):
    assert is_worker_path(path) == segment_rule(path), path
    assert canonical_case(path) == path or segment_rule(path)


def test_redact_replaces_worker_paths_in_free_text_only():
    assert redact("Invalid request GET /V/K7QM2XHD9PWRT HTTP/1.1 from 10.0.0.1") == \
        "Invalid request GET [worker path] HTTP/1.1 from 10.0.0.1"
    assert redact('referer "http://x/v/K7QM" on /campaigns/1') == 'referer "[worker path]" on /campaigns/1'


def test_a_worker_path_in_any_case_routes_to_the_same_page(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    plain = codes[0].replace("-", "")
    assert canonical_case("/V/Ab") == "/v/Ab" and canonical_case("/Verify") == "/Verify"
    assert canonical_case("/API/V1/Declarations/12/Objections") == "/api/v1/declarations/12/objections"
    lower, upper = client.get(f"/v/{plain}"), client.get(f"/V/{plain}")
    assert upper.status_code == lower.status_code == 200
    token = re.compile(r'name="csrf_token" value="[^"]*"')  # signed with the time: may differ by a second
    assert token.sub("", upper.get_data(as_text=True)) == token.sub("", lower.get_data(as_text=True))
    assert client.get("/V").status_code == 200 and client.get("/V/K7QM2XHD9PWRT").status_code == 404


def test_a_traceback_is_logged_without_the_worker_path(client, api, world, caplog, monkeypatch):
    _campaign, codes = open_vote(api, world.a, codes=1)
    plain = codes[0].replace("-", "")

    def failing(resolved, *_args):
        raise ValueError(f"cannot render /v/{resolved.code}")

    monkeypatch.setitem(ballot.PAGES, CodeKind.CAMPAIGN_BALLOT, failing)
    with caplog.at_level(logging.ERROR):
        assert client.get(f"/V/{plain}").status_code == 500
    traceback = "\n".join(record.exc_text or "" for record in caplog.records)
    assert "ValueError: cannot render [worker path]" in traceback and plain not in traceback


SIGN_IN_CODE = "SGNK7QM2XHD9P"


def visit(opener, url: str, data: bytes | None = None, headers: dict | None = None) -> str:
    """The page at `url`, whatever its status."""
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers or {})) as response:
            return response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.read().decode()


def worker_requests(base: str, codes: list[str], opener) -> list[str]:
    """A worker's visits over HTTP: every link spelling, a cast through the form and the API, a sign-in.
    Returns the receipts shown."""
    plain = [code.replace("-", "") for code in codes]
    form = visit(opener, f"{base}/v/{plain[0]}")
    token = re.search(r'name="csrf_token" value="([^"]*)"', form)
    fields = {"code": plain[0], **{f"a.{key}": value for key, value in answers().items()}}
    if token:
        fields["csrf_token"] = token.group(1)
    done = visit(opener, f"{base}/v/submit", urlencode(fields).encode())
    receipts = [re.search(r'id="receipt">([A-Z0-9]+)<', done).group(1)]
    for path in (f"/V/{plain[1]}", f"/v?code={plain[1]}", f"/v/{codes[1].lower()}", f"/%76/{plain[1]}",
                 f"/v/{plain[0]}", "/v/submit?lang=en"):
        visit(opener, base + path)
    visit(opener, f"{base}/v/sign-in", urlencode({"code": SIGN_IN_CODE}).encode())
    cast = json.dumps({"code": plain[2], "answers": answers()}).encode()
    shown = visit(opener, f"{base}/api/v1/ballots", cast, {"Content-Type": "application/json"})
    return receipts + [json.loads(shown)["receipt"]]


def staff_requests(base: str, code: str, opener) -> int:
    visit(opener, f"{base}/login")
    visit(opener, f"{base}/static/style.css", headers={"Referer": f"{base}/v/{code}"})
    return 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the server did not start")


def assert_no_worker_line(lines: list[str], secrets: list[str]) -> None:
    text = "\n".join(lines)
    for secret in secrets:
        assert secret not in text and secret.lower() not in text, secret
    for line in lines:
        for target in re.findall(r'"[A-Z]+ (\S+)', line):
            assert not is_worker_path(target), line


def cast_setup(api, world) -> tuple[list[str], list[str]]:
    _campaign, codes = open_vote(api, world.a, codes=3)
    return codes, [c.replace("-", "") for c in codes]


def test_shipped_gunicorn_config_writes_no_line_for_a_worker_request(api, world, database_url, tmp_path):
    """The real server with the shipped config and debug logging: worker requests of every spelling,
    a cast with its receipt, a malformed request line; then read both logs."""
    codes, plain = cast_setup(api, world)
    port, access, errors = free_port(), tmp_path / "access.log", tmp_path / "error.log"
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="x", HARMONY_BIND=f"127.0.0.1:{port}",
               HARMONY_WORKERS="1", HARMONY_ACCESS_LOG=str(access))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "survey/gunicorn_conf.py", "--log-level", "debug",
                               "--error-logfile", str(errors), "wsgi:app"], cwd=ROOT, env=env)
    base, opener = f"http://127.0.0.1:{port}", urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        wait_for(port)
        receipts = worker_requests(base, codes, opener)
        staff = staff_requests(base, plain[1], opener)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            raw.sendall(f"GET /v/{plain[1]} HTTP/1.1 junk\r\n\r\n".encode())
            raw.recv(1024)
    finally:
        server.terminate()
        server.wait(10)
    lines = access.read_text().splitlines()
    assert len(lines) == staff and '"GET /login' in lines[0] and '"GET /static/style.css' in lines[1]
    assert '"[worker path]"' in lines[1]  # the referer
    assert_no_worker_line(lines + errors.read_text().splitlines(), codes + plain + receipts + [SIGN_IN_CODE])


def test_development_server_writes_no_line_for_a_worker_request(app, api, world, caplog):
    codes, plain = cast_setup(api, world)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    base, opener = f"http://127.0.0.1:{server.port}", urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        with caplog.at_level(logging.DEBUG):
            receipts = worker_requests(base, codes, opener)
            staff = staff_requests(base, plain[1], opener)
    finally:
        server.shutdown()
        thread.join()
    lines = [record.getMessage() for record in caplog.records]
    requests = [line for line in lines if " HTTP/1.1" in line]
    assert len(requests) == staff and "GET /login" in requests[0]
    assert_no_worker_line(lines, codes + plain + receipts + [SIGN_IN_CODE])
