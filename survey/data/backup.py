"""Backups (备份): a consistent copy of the database, refused while any vote is open unless forced.

SQLite is copied with its backup API (pages read under one read transaction, the WAL's commits included)
into a single self-contained file; PostgreSQL with `pg_dump -Fc`, which reads one snapshot. A copy taken
while a vote is open holds that vote's code hashes and ballots as they arrived, hence the refusal.
"""
import os
import re
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url, select
from sqlalchemy.orm import Session

from .db import normalize_url
from .models import AgendaItem, Campaign

OPEN_VOTE_WARNING = (
    "警告：有投票仍在进行，此备份包含这些投票已用和未用选票码的哈希值，以及按到达顺序存放的已投选票："
    "持有此备份和选票码（或选票条）的人可以把选票码和选票对应起来。请像在线数据库一样保管，投票结束后另做备份并销毁此份。\n"
    "WARNING: votes are open. This backup holds their used and unused codes' hashes and the ballots cast so far,"
    " stored in the order they arrived: whoever holds it together with the codes (or the slips) can match codes"
    " to ballots. Keep it as safe as the live database; back up again after the votes close and destroy this copy.")


class VotesOpen(Exception):
    """A backup asked for while votes are open; `votes` are their titles."""

    def __init__(self, votes: list[str]):
        super().__init__(", ".join(votes))
        self.votes = votes


class BackupFailed(Exception):
    """The copy could not be made (pg_dump missing or failing, the target not writable)."""


def open_votes(session: Session) -> list[str]:
    """The titles of the satisfaction votes, motions and elections now open."""
    campaigns = session.scalars(select(Campaign.title).where(Campaign.state == "open").order_by(Campaign.id))
    items = session.scalars(select(AgendaItem.title).where(AgendaItem.state == "open").order_by(AgendaItem.id))
    return [*campaigns, *items]


def back_up(session: Session, database_url: str, target: Path, force: bool = False) -> list[str]:
    """Copy the database to `target` (replaced only once the copy is complete); the open votes the copy
    holds, which is empty unless `force`. Raises VotesOpen, BackupFailed."""
    votes = open_votes(session)
    session.rollback()  # hold no transaction while copying
    if votes and not force:
        raise VotesOpen(votes)
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
