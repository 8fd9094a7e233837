"""Operator commands, run in-process with Flask's CLI runner; one smoke test runs `flask --app wsgi` itself."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from config import TestConfig
from survey import create_app
from survey.data.db import make_engine
from survey.data.models import Base

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def flask(fresh_url, tmp_path):
    """`flask --app wsgi <args>` on a fresh, unmigrated database, in this process."""
    app = create_app(TestConfig, DATABASE_URL=fresh_url, SECRET_KEY="cli-test")
    app.instance_path = str(tmp_path)
    runner = app.test_cli_runner()

    def invoke(*args, stdin=None):
        with app.app_context():  # as `flask` pushes one around every command
            return runner.invoke(args=list(args), input=stdin)

    yield invoke
    app.extensions["harmony.engine"].dispose()


def last_line(result):
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_operator_sets_up_a_deployment(flask):
    assert "database ready" in flask("init-db").stdout
    city = last_line(flask("create-jurisdiction", "市总工会"))
    district = last_line(flask("create-jurisdiction", "区总工会", "--parent", city))
    enterprise = last_line(flask("create-enterprise", "示例公司", "--credit-code", "91350100M000100Y43",
                                 "--headcount", "120", "--jurisdiction", district, "--department", "生产部"))
    assert city.isdigit() and district.isdigit() and enterprise.isdigit()
    key = last_line(flask("create-user", "chair1", "--role", "chair", "--enterprise", enterprise,
                          "--password-stdin", stdin="a-long-password\n"))
    assert key.startswith("hk_")
    fresh = last_line(flask("new-api-key", "chair1"))
    assert fresh.startswith("hk_") and fresh != key
    assert flask("set-password", "chair1", "--password-stdin", "--disable", stdin="another-password\n").exit_code == 0
    assert flask("new-api-key", "nobody").exit_code != 0
    assert last_line(flask("close-due")) == "已关闭 0 次测评 closed 0 vote(s)"


def test_bad_credit_code_is_refused_with_a_message(flask):
    flask("init-db")
    city = last_line(flask("create-jurisdiction", "市总工会"))
    result = flask("create-enterprise", "X", "--credit-code", "91350100M000100Y44", "--headcount", "5",
                   "--jurisdiction", city)
    assert result.exit_code != 0 and "credit_code" in result.stderr


def test_chair_needs_an_enterprise(flask):
    flask("init-db")
    result = flask("create-user", "c", "--role", "chair", "--password-stdin", stdin="long-enough\n")
    assert result.exit_code != 0 and "enterprise" in result.stderr


def test_demo_prepares_logins_and_working_vote_links(flask):
    output = flask("demo", "--no-serve")
    assert output.exit_code == 0, output.stderr
    assert "chair" in output.stdout and output.stdout.count("/v/") == 10 and "/c/" in output.stdout
    again = flask("demo", "--no-serve")
    assert again.exit_code == 0 and again.stdout.count("/v/") == 10


def test_the_readme_command_runs_as_a_newcomer_runs_it(fresh_url):
    """The one subprocess: `python3 -m flask --app wsgi demo`, as the README's first command, without serving."""
    env = dict(os.environ, DATABASE_URL=fresh_url, SECRET_KEY="cli-test")
    output = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "demo", "--no-serve"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert output.returncode == 0, output.stderr
    assert "chair" in output.stdout and output.stdout.count("/v/") == 10


def test_migrations_create_exactly_the_models(database_url):
    """Alembic's schema and the models agree, on SQLite and PostgreSQL."""
    engine = make_engine(database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []
