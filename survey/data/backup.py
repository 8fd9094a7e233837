"""Backups (备份): a consistent copy of the database, refused while any vote is open unless forced.

SQLite is copied with its backup API (pages read under one read transaction, the WAL's commits included)
into a single self-contained file; PostgreSQL with `pg_dump -Fc`, which reads one snapshot. A copy taken
while a vote is open holds that vote's code hashes and ballots as they arrived, hence the refusal. The
concerns and objections written so far are rewritten first (`day_rewrite`), so the copy holds no order
of their arrival either.
"""
import os
import re
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

from sqlalchemy import make_url, or_, select
from sqlalchemy.orm import Session

from . import day_rewrite
from .db import normalize_url
from .models import AgendaItem, Campaign

class VotesOpen(Exception):
    """A backup asked for while votes are open; `votes` are their titles."""

    def __init__(self, votes: list[str]):
        super().__init__(", ".join(votes))
        self.votes = votes


class BackupFailed(Exception):
    """The copy could not be made (pg_dump missing or failing, the target not writable)."""


def open_votes(session: Session) -> list[str]:
    """The titles of the satisfaction votes, motions and elections now open (or being sealed), or closed
    with their ballots not yet all rewritten (`scrub`): a copy would hold those in order of arrival too."""
    return [*session.scalars(_open(Campaign)), *session.scalars(_open(AgendaItem))]


def _open(vote):
    return select(vote.title).where(or_(vote.state.in_(("open", "sealing")), vote.scrub_after.is_not(None))
                                    ).order_by(vote.id)


def back_up(session: Session, database_url: str, target: Path, today: date, force: bool = False) -> list[str]:
    """Copy the database to `target` (replaced only once the copy is complete); the open votes the copy
    holds, which is empty unless `force`. Raises VotesOpen, BackupFailed."""
    votes = open_votes(session)
    session.rollback()  # hold no transaction while copying
    if votes and not force:
        raise VotesOpen(votes)
    day_rewrite.rewrite_written(session.get_bind(), today, again=True)
    url = make_url(normalize_url(database_url))
    partial = target.with_name(target.name + ".partial")
    try:
        (_sqlite if url.get_backend_name() == "sqlite" else _pg_dump)(url, partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        raise BackupFailed(str(error)) from error
    finally:
        partial.unlink(missing_ok=True)
    return votes


def _sqlite(url, target: Path) -> None:
    source, copy = sqlite3.connect(url.database), sqlite3.connect(target)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one file, no -wal beside it
    finally:
        copy.close()
        source.close()


def _pg_dump(url, target: Path) -> None:
    """pg_dump of the database, or of the schemas a `search_path` option in the URL names."""
    settings = {"PGHOST": url.host, "PGPORT": url.port, "PGUSER": url.username, "PGPASSWORD": url.password,
                "PGDATABASE": url.database}
    env = dict(os.environ, **{name: str(value) for name, value in settings.items() if value is not None})
    path = re.search(r"search_path=([^\s]+)", str(url.query.get("options", "")))
    schemas = [f"--schema={schema}" for schema in path.group(1).split(",")] if path else []
    try:
        subprocess.run(["pg_dump", "--format=custom", f"--file={target}", *schemas], env=env, check=True,
                       capture_output=True, text=True)
    except subprocess.CalledProcessError as failed:
        raise BackupFailed(failed.stderr.strip()) from failed
