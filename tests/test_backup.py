"""`flask backup`: refused while a vote is open; after close, a restore round trip keeps the seal."""
import os
import shutil
import subprocess

import pytest
from sqlalchemy import create_engine, make_url, text

from config import TestConfig
from conftest import Api
from congress_support import open_motion, open_session
from helpers import answers, cast, open_vote, run_cli
from seal_support import closed_vote, mixed_ballots, sealed, sealed_file, sha256
from survey import create_app
from survey.cli import OPEN_VOTE_WARNING
from survey.data import scrub
from survey.messages import say
from survey.data.db import normalize_url


def backup(app, path, *options):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["backup", str(path), *options])


def test_backup_is_refused_while_a_satisfaction_vote_is_open(app, api, world, tmp_path):
    open_vote(api, world.a, codes=1)
    refused = backup(app, tmp_path / "copy")
    assert refused.exit_code == 1 and "Votes are open, no backup made: 2026 测评" in refused.output
    assert not (tmp_path / "copy").exists() and not (tmp_path / "copy.partial").exists()


@pytest.mark.parametrize("kind", ["motions", "elections"])
def test_backup_is_refused_while_a_motion_or_an_election_is_open(app, api, world, tmp_path, kind):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    if kind == "motions":
        open_motion(api, congress_id)
    else:
        chair = api("chair_a")
        created = chair.post(f"/congresses/{congress_id}/elections", {"title": "选举", "seats": 1, "candidates": ["甲", "乙"]})
        assert chair.post(f"/elections/{created.json['id']}/open").status_code == 200
    refused = backup(app, tmp_path / "copy")
    assert refused.exit_code == 1 and "Votes are open" in refused.output and not (tmp_path / "copy").exists()


def test_a_closed_vote_still_being_rewritten_holds_a_backup_back_until_close_due_finishes(app, api, world, tmp_path,
                                                                                          monkeypatch):
    monkeypatch.setattr(scrub, "CHUNK", 1)
    monkeypatch.setattr("survey.web.common.REWRITE_SECONDS", 0)  # the close's request rewrites one ballot
    campaign_id, plain = open_vote(api, world.a, codes=2)
    for code in plain:
        assert cast(api, code, answers()).status_code == 201
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    refused = backup(app, tmp_path / "copy")
    assert refused.exit_code == 1 and "no backup made: 2026 测评" in refused.output
    run_cli(app, "close-due")
    assert backup(app, tmp_path / "copy").exit_code == 0


def test_draft_votes_do_not_hold_a_backup_back(app, api, world, tmp_path):
    api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿", "electorate": 10})
    made = backup(app, tmp_path / "copy")
    assert made.exit_code == 0 and "backup written" in made.output and (tmp_path / "copy").stat().st_size > 0


def test_forced_backup_of_an_open_vote_warns_what_it_holds(app, api, world, tmp_path):
    open_vote(api, world.a, codes=1)
    forced = backup(app, tmp_path / "copy", "--force")
    assert forced.exit_code == 0 and (tmp_path / "copy").exists()
    with app.app_context():
        warning = say(OPEN_VOTE_WARNING)
    assert warning in forced.output and "2026 测评" in forced.output
    assert "codes' hashes" in warning and "in the order they arrived" in warning and "哈希" in warning


@pytest.fixture
def restored(database_url, tmp_path):
    """A function restoring a backup into a fresh database of its own; the URL that reads it."""
    made = []

    def restore(path) -> str:
        if database_url.startswith("sqlite"):
            shutil.copy(path, tmp_path / "restored.db")  # the operator's restore: a file copy
            return f"sqlite:///{tmp_path / 'restored.db'}"
        source = make_url(normalize_url(database_url))
        name = f"{source.database}_restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
        admin = create_engine(source.set(query={}), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {name}"))
        made.append((admin, name))
        target = source.set(drivername="postgresql", database=name, query={})
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={target.render_as_string(hide_password=False)}",
                        str(path)], check=True, capture_output=True)
        return database_url.replace(f"/{source.database}?", f"/{name}?")

    yield restore
    for admin, name in made:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_a_backup_after_close_restores_with_the_seal_intact(app, api, world, tmp_path, database_url, restored):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    seal = sealed(api, campaign_id)["sha256"]
    assert sha256(sealed_file(api, campaign_id)) == seal
    made = run_cli(app, "backup", str(tmp_path / "harmony.backup"))  # as the operator runs it
    assert made.exit_code == 0 and "backup written" in made.stdout and "WARNING" not in made.stderr, made.stderr

    copy = create_app(TestConfig, DATABASE_URL=restored(tmp_path / "harmony.backup"), SERVER_NAME="harmony.test")
    try:
        chair = Api(copy.test_client(), world.keys["chair_a"])
        assert sealed(lambda user=None: chair, campaign_id)["sha256"] == seal
        exported = sealed_file(lambda user=None: chair, campaign_id)
        assert sha256(exported) == seal
        (tmp_path / "sealed.json").write_bytes(exported)
        verified = copy.test_cli_runner().invoke(args=["verify-seal", str(tmp_path / "sealed.json"), "--digest", seal])
        assert verified.exit_code == 0 and verified.output.strip().splitlines()[-1] == seal
    finally:
        copy.extensions["harmony.sessions"].remove()
        copy.extensions["harmony.engine"].dispose()
