"""Fixtures: every database test runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set."""
import os
import shutil
from datetime import timedelta

import pytest
from sqlalchemy import make_url, text

from config import TestConfig
from survey import create_app
from survey.data.db import fresh_schema_url, make_engine, make_session_factory
from survey.data.migrate import upgrade
from survey.data.models import Base
from survey.domain import accounts, board, casting, organisations
from survey.extensions import limiter
from survey.web import common, kept_pages

pytest_plugins = ["browser_support", "forensic_support", "title_support"]

# Staff passwords are hashed with scrypt in production; tests create many users, so hash cheaply.
accounts.PASSWORD_METHOD = "pbkdf2:sha256:1000"
BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
VALID_CODES = ["91350100M000100Y43", "91110000802100433B", "911100001000079554"]


def _postgres_url() -> str:
    """One schema per xdist worker, so parallel runs never share tables; the connections are named
    for the worker and the database, so a run on another database never ends this one's (below)."""
    schema = "harmony_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = fresh_schema_url(os.environ["TEST_DATABASE_URL"], schema)
    return url + f"&application_name={schema}_{make_url(url).database}"


@pytest.fixture(scope="session", params=BACKENDS)
def migrated(request, tmp_path_factory):
    """A migrated database per backend: a template file for SQLite, a schema for PostgreSQL."""
    if request.param == "sqlite":
        template = tmp_path_factory.mktemp("db") / "template.db"
        upgrade(f"sqlite:///{template}")
        return "sqlite", template
    url = _postgres_url()
    upgrade(url)
    return "postgresql", url


@pytest.fixture
def database_url(migrated, tmp_path):
    backend, where = migrated
    if backend == "sqlite":
        path = tmp_path / "harmony.db"
        shutil.copy(where, path)
        return f"sqlite:///{path}"
    engine = make_engine(where)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        # A transaction an earlier test of this worker left open (a server thread's session) would
        # block the TRUNCATE: end it, as the end of that test process would.
        # Only in this database: other runs on other databases of the server use the same worker names.
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                                " AND datname = current_database()"
                                " AND application_name = current_setting('application_name')"
                                " AND state LIKE 'idle in transaction%'"))
        connection.execute(text("SET LOCAL lock_timeout = '20s'"))  # fail, don't hang, on a leaked transaction
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return where


@pytest.fixture(scope="session")
def built_app():
    """One application per test process, and its configuration as built. Building one compiles every
    URL rule, a large share of a short test's time, so each test binds this one to its own database."""
    app = create_app(TestConfig, DATABASE_URL="sqlite://", SERVER_NAME="harmony.test")
    app.extensions["harmony.engine"].dispose()
    return app, dict(app.config)


@pytest.fixture
def app(built_app, database_url, tmp_path):
    """The application on this test's database, with the configuration and rate limits as built."""
    casting.forget_forms()  # each test's database reuses campaign ids with other questionnaires
    kept_pages.forget_all()
    board.forget_seals()  # and the generated seals' digests with other summaries
    app, config = built_app
    app.config.clear()
    app.config.update(config, DATABASE_URL=database_url)
    engine = make_engine(database_url)
    app.extensions["harmony.engine"] = engine
    app.extensions["harmony.sessions"] = make_session_factory(engine)
    app.instance_path = str(tmp_path)
    limiter.reset()  # no sign-in attempts counted yet, as in a new application
    yield app
    app.extensions["harmony.sessions"].remove()
    engine.dispose()


@pytest.fixture
def days_later(monkeypatch):
    """Move the service's clock (the day concerns and reports are dated by) on by whole days."""
    real = common.utcnow

    def move(days: int) -> None:
        monkeypatch.setattr(common, "utcnow", lambda: real() + timedelta(days=days))
    return move


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    with app.app_context():
        yield app.extensions["harmony.sessions"]()


class World:
    """Organisations and staff for a test: two enterprises in two districts, users with API keys."""

    def __init__(self, app):
        self.app = app
        self.keys: dict[str, str] = {}

    def build(self):
        with self.app.app_context():
            s = self.app.extensions["harmony.sessions"]()
            city = organisations.create_jurisdiction(s, "市总工会")
            east = organisations.create_jurisdiction(s, "东区总工会", city.id)
            west = organisations.create_jurisdiction(s, "西区总工会", city.id)
            a = organisations.create_enterprise(s, "甲公司", VALID_CODES[0], 100, east.id, ["生产部", "技术部"])
            b = organisations.create_enterprise(s, "乙公司", VALID_CODES[1], 50, west.id)
            self.city, self.east, self.west, self.a, self.b = city.id, east.id, west.id, a.id, b.id
            for name, role, scope in (("admin", "admin", {}),
                                      ("chair_a", "chair", {"enterprise_id": a.id}),
                                      ("chair_b", "chair", {"enterprise_id": b.id}),
                                      ("assessor_city", "assessor", {"jurisdiction_id": city.id}),
                                      ("assessor_east", "assessor", {"jurisdiction_id": east.id}),
                                      ("assessor_west", "assessor", {"jurisdiction_id": west.id})):
                _user, self.keys[name] = accounts.create_user(s, name, "password-" + name, role, **scope)
            s.commit()
        return self


@pytest.fixture
def world(app):
    return World(app).build()


class Api:
    """JSON calls with a user's API key."""

    def __init__(self, client, key: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def __getattr__(self, method):
        def call(path, json=None, **kwargs):
            return getattr(self.client, method)("/api/v1" + path, json=json, headers=self.headers, **kwargs)
        return call


@pytest.fixture
def api(client, world):
    """`api("chair_a").post("/campaigns/1/open")`."""
    return lambda user=None: Api(client, world.keys.get(user) if user else None)
