"""Sign-in protection that holds across workers and nodes, sessions that end together, proxies, cookies."""
import os
import subprocess
import sys
import threading
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import select

from config import TestConfig
from conftest import World
from helpers import redis_storage, run_cli
from survey import create_app
from survey.data.models import User
from survey.domain import accounts
from survey.web import auth

ROOT = Path(__file__).resolve().parent.parent
START = datetime(2026, 5, 1, 8, 0)
RIGHT = {"username": "chair_a", "password": "password-chair_a"}
WRONG = {"username": "chair_a", "password": "wrong-password"}
BLOCKED_ZH = "登录失败次数过多"


class Clock:
    """The time the sign-in view sees, moved by the test instead of sleeping."""

    def __init__(self, monkeypatch):
        self.now = START
        monkeypatch.setattr(auth, "utcnow", lambda: self.now)

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def node(database_url, tmp_path):
    """Another app instance over the same database, as a second node behind the load balancer."""
    other = create_app(TestConfig, DATABASE_URL=database_url, SERVER_NAME="harmony.test")
    other.instance_path = str(tmp_path)
    yield other
    other.extensions["harmony.sessions"].remove()
    other.extensions["harmony.engine"].dispose()


def an_address() -> str:
    return f"10.8.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def a_client(app, address: str | None = None):
    """A browser with an address of its own, so no test shares another's per-address count."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address or an_address()
    return client


def account(app, username="chair_a") -> User:
    with app.app_context():
        session = app.extensions["harmony.sessions"]()
        user = session.scalar(select(User).where(User.username == username))
        session.expunge(user)
        session.close()
        return user


def fail(client, times: int) -> None:
    for _ in range(times):
        assert client.post("/login", data=WRONG).status_code == 401


def signed_in(app, username="chair_a"):
    client = a_client(app)
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302
    assert not signed_out(client)
    return client


def signed_out(client) -> bool:
    response = client.get("/dashboard")
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_backoff_starts_at_the_threshold_doubles_and_stops_at_the_cap():
    rule = accounts.Backoff(failures=5, start=timedelta(minutes=1), cap=timedelta(hours=1))
    assert rule.blocked_until(4, START) is None
    assert [rule.blocked_until(n, START) - START for n in (5, 6, 7)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert rule.blocked_until(10, START) - START == timedelta(minutes=32)
    assert rule.blocked_until(11, START) - START == timedelta(hours=1)  # 64 minutes, capped
    assert rule.blocked_until(10**6, START) - START == timedelta(hours=1)


def test_five_failures_across_two_nodes_block_the_sixth_even_with_the_right_password(app, node, world, clock):
    first, second = a_client(app), a_client(node)
    for attempt in range(5):
        fail((first, second)[attempt % 2], 1)
    blocked = second.post("/login", data=RIGHT)
    assert blocked.status_code == 429 and BLOCKED_ZH in blocked.get_data(as_text=True)
    assert first.post("/login", data=RIGHT).status_code == 429
    assert signed_out(second)
    assert account(app).failed_sign_ins == 5  # refused attempts are not counted: no guess was checked


def test_parallel_attempts_get_no_more_guesses_than_the_threshold(app, world, clock):
    app.config["LOGIN_RATE_LIMIT"] = "100 per minute"
    statuses, barrier = [], threading.Barrier(12)

    def attempt():
        client = a_client(app)
        barrier.wait()
        statuses.append(client.post("/login", data=WRONG).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [401] * 5 + [429] * 7
    assert account(app).failed_sign_ins == 5


def test_the_block_expires_and_doubles_with_each_further_failure(app, world, clock):
    client = a_client(app)
    fail(client, 5)
    clock.advance(seconds=59)
    assert client.post("/login", data=RIGHT).status_code == 429
    clock.advance(seconds=1)
    fail(client, 1)  # the sixth failure: two minutes now
    blocked = client.post("/login", data=RIGHT, query_string={"lang": "en"})
    assert blocked.status_code == 429 and "try again in 2 minutes" in blocked.get_data(as_text=True)
    clock.advance(seconds=119)
    assert client.post("/login", data=RIGHT).status_code == 429
    clock.advance(seconds=1)
    assert client.post("/login", data=RIGHT).status_code == 302
    user = account(app)
    assert (user.failed_sign_ins, user.blocked_until) == (0, None)


def test_the_wait_is_capped(app, world, clock):
    app.config.update(LOGIN_FAILURE_LIMIT=1, LOGIN_BACKOFF_SECONDS=60, LOGIN_BACKOFF_MAX_SECONDS=180)
    client = a_client(app)
    for _ in range(4):  # waits of 1, 2, 3 (capped), 3 minutes
        fail(client, 1)
        clock.advance(minutes=3)
    assert account(app).blocked_until == START + timedelta(minutes=12)
    clock.advance(seconds=-1)
    assert client.post("/login", data=RIGHT).status_code == 429


def test_a_success_resets_the_count(app, world, clock):
    client = a_client(app)
    fail(client, 4)
    assert client.post("/login", data=RIGHT).status_code == 302
    assert account(app).failed_sign_ins == 0
    fail(client, 4)
    assert client.post("/login", data=RIGHT).status_code == 302


def test_an_unknown_name_gets_the_same_answer_after_the_same_work(app, world, clock, monkeypatch):
    checks, check = [], accounts.check_password_hash

    def counting_check(hashed, password):
        checks.append(password)
        return check(hashed, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting_check)
    client = a_client(app)
    known = client.post("/login", data=WRONG)
    unknown = client.post("/login", data={"username": "nobody_here", "password": "wrong-password"})
    assert known.status_code == unknown.status_code == 401
    assert known.get_data(as_text=True).replace("chair_a", "") == unknown.get_data(as_text=True).replace("nobody_here", "")
    assert checks == ["wrong-password", "wrong-password"]  # one hash check each: the same time


def test_a_logout_ends_every_session_of_that_user_on_every_node(app, node, world, clock):
    office, home, other = signed_in(app), signed_in(node), signed_in(app, "chair_b")
    assert office.post("/logout").status_code == 302
    assert signed_out(office) and signed_out(home)
    assert not signed_out(other)
    signed_in(node)  # signing in again works


def test_a_session_id_without_the_current_version_is_refused(app, world):
    user = account(app)
    with app.test_request_context():
        assert auth.load_user(f"{user.id}:{user.session_version}").id == user.id
        assert auth.load_user(str(user.id)) is None
        assert auth.load_user(f"{user.id}:{user.session_version + 1}") is None
        assert auth.load_user("x:0") is None


@pytest.mark.parametrize("command, stdin", [(("set-password", "chair_a", "--password-stdin"), "a-new-password\n"),
                                            (("new-api-key", "chair_a"), None)])
def test_new_credentials_from_the_cli_end_the_sessions(app, world, clock, command, stdin):
    office, other = signed_in(app), signed_in(app, "chair_b")
    assert run_cli(app, *command, stdin=stdin).exit_code == 0
    assert signed_out(office)
    assert not signed_out(other)


@pytest.mark.parametrize("public_url, secure", [("https://vote.example.org", True), ("http://10.0.0.5:5000", False),
                                                ("", False)])
def test_session_cookie_is_secure_when_the_public_address_is_https(database_url, tmp_path, public_url, secure):
    app = create_app(TestConfig, DATABASE_URL=database_url, PUBLIC_BASE_URL=public_url)
    app.instance_path = str(tmp_path)
    World(app).build()
    response = a_client(app).post("/login", data=RIGHT)
    assert response.status_code == 302
    assert ("Secure" in [part.strip() for part in response.headers["Set-Cookie"].split(";")]) is secure
    app.extensions["harmony.engine"].dispose()


@pytest.mark.parametrize("env, secure", [({"SESSION_COOKIE_SECURE": "0"}, False), ({}, True)])
def test_the_environment_still_decides_the_secure_flag(tmp_path, env, secure):
    script = ("from config import Config; from survey import create_app; "
              "print(create_app(Config).config['SESSION_COOKIE_SECURE'])")
    environment = {k: v for k, v in os.environ.items() if k != "SESSION_COOKIE_SECURE"}
    environment.update(env, PUBLIC_BASE_URL="https://vote.example.org", SECRET_KEY="x",
                       DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip() == str(secure), result.stderr


def throttled_app(database_url, tmp_path, **settings):
    app = create_app(TestConfig, DATABASE_URL=database_url, LOGIN_RATE_LIMIT="2 per minute", **settings)
    app.instance_path = str(tmp_path)
    return app


def attempt_from(client, forwarded_for: str) -> int:
    data = {"username": "nobody_here", "password": "wrong-password"}
    return client.post("/login", data=data, headers={"X-Forwarded-For": forwarded_for}).status_code


def test_without_proxies_a_forged_forwarded_for_does_not_change_the_address(database_url, tmp_path):
    app = throttled_app(database_url, tmp_path)
    client = a_client(app)
    assert [attempt_from(client, f"203.0.113.{n}") for n in range(3)] == [401, 401, 429]
    app.extensions["harmony.engine"].dispose()


def test_through_one_proxy_the_last_hop_is_the_address(database_url, tmp_path):
    app = throttled_app(database_url, tmp_path, PROXY_COUNT=1)
    client, address = a_client(app), f"198.51.100.{uuid.uuid4().int % 250}"
    assert attempt_from(client, f"6.6.6.6, {address}") == 401
    assert attempt_from(client, f"7.7.7.7, {address}") == 401
    assert attempt_from(client, address) == 429
    assert attempt_from(client, "192.0.2.77") == 401  # another client behind the same proxy
    app.extensions["harmony.engine"].dispose()


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL")
def test_the_per_address_limit_holds_across_two_nodes_in_redis(database_url, tmp_path):
    storage, prefix = redis_storage(), f"harmony-h-{uuid.uuid4().hex}"
    nodes = [throttled_app(database_url, tmp_path, RATELIMIT_STORAGE_URI=storage, RATELIMIT_KEY_PREFIX=prefix)
             for _ in range(2)]
    address = an_address()  # the shared limiter may keep an earlier app's prefix: the address keeps this run apart
    clients = [a_client(node, address) for node in nodes]
    assert [attempt_from(clients[n % 2], "") for n in range(3)] == [401, 401, 429]
    assert redis.Redis.from_url(storage).keys(f"*{address}*")  # the count lives in Redis, shared by every node
    for node in nodes:
        node.extensions["harmony.engine"].dispose()
