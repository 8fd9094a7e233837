"""Operator commands, run as a newcomer would: `flask --app wsgi …` in a subprocess."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from survey.data.db import make_engine
from survey.data.models import Base

ROOT = Path(__file__).resolve().parent.parent


def flask(database_url, *args, stdin=None):
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="cli-test")
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=120)


def last_line(result):
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def fresh_url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_operator_sets_up_a_deployment(fresh_url):
    assert "database ready" in flask(fresh_url, "init-db").stdout
    city = last_line(flask(fresh_url, "create-jurisdiction", "市总工会"))
    district = last_line(flask(fresh_url, "create-jurisdiction", "区总工会", "--parent", city))
    enterprise = last_line(flask(fresh_url, "create-enterprise", "示例公司", "--credit-code", "91350100M000100Y43",
                                 "--headcount", "120", "--jurisdiction", district, "--department", "生产部"))
    assert city.isdigit() and district.isdigit() and enterprise.isdigit()
    key = last_line(flask(fresh_url, "create-user", "chair1", "--role", "chair", "--enterprise", enterprise,
                          "--password-stdin", stdin="a-long-password\n"))
    assert key.startswith("hk_")
    fresh = last_line(flask(fresh_url, "new-api-key", "chair1"))
    assert fresh.startswith("hk_") and fresh != key
    assert flask(fresh_url, "set-password", "chair1", "--password-stdin", "--disable", stdin="another-password\n").returncode == 0
    assert flask(fresh_url, "new-api-key", "nobody").returncode != 0
    assert last_line(flask(fresh_url, "close-due")) == "closed 0 vote(s)"


def test_bad_credit_code_is_refused_with_a_message(fresh_url):
    flask(fresh_url, "init-db")
    city = last_line(flask(fresh_url, "create-jurisdiction", "市总工会"))
    result = flask(fresh_url, "create-enterprise", "X", "--credit-code", "91350100M000100Y44",
                   "--headcount", "5", "--jurisdiction", city)
    assert result.returncode != 0 and "credit_code" in result.stderr


def test_chair_needs_an_enterprise(fresh_url):
    flask(fresh_url, "init-db")
    result = flask(fresh_url, "create-user", "c", "--role", "chair", "--password-stdin", stdin="long-enough\n")
    assert result.returncode != 0 and "enterprise" in result.stderr


def test_demo_prepares_logins_and_working_vote_links(fresh_url):
    output = flask(fresh_url, "demo", "--no-serve")
    assert output.returncode == 0, output.stderr
    assert "chair" in output.stdout and output.stdout.count("/v/") == 10
    again = flask(fresh_url, "demo", "--no-serve")
    assert again.returncode == 0 and again.stdout.count("/v/") == 10


def test_migrations_create_exactly_the_models(database_url):
    """Alembic's schema and the models agree, on SQLite and PostgreSQL."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []
