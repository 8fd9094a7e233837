"""Closing a vote wipes its traces (清除投票痕迹): nothing stored links a code to a ballot, or tells
the order in which ballots arrived.

While a vote is open, each cast is one transaction: a code flipped to used and a ballot with its
answers inserted. What that leaves behind is removed at close, inside the closing transaction:

- the vote's **used codes are deleted** (their counts kept on the vote), so no code row is left to
  be joined to a ballot — on PostgreSQL a consumed code and its ballot shared one `xmin`;
- the vote's **ballots and the rows written with them are rewritten**: copied aside, deleted, and
  inserted again with the same keys in key order. The keys are random, so key order says nothing
  of arrival; on PostgreSQL every row then carries the closing transaction's `xmin` and a `ctid`
  in key order, on SQLite a page's cells lie at offsets in key order. Only this vote's rows are
  touched, so other votes keep casting while it closes.

`after_close` runs once the closing transaction has committed: on SQLite it checkpoints the
write-ahead log into the database file and truncates it (the log held one commit per cast);
SQLite connections run with `secure_delete`, so the freed cells are zeroes. On PostgreSQL it
vacuums the ballot tables, so the dead row versions are gone from the pages too.
"""
import logging

from sqlalchemy import Engine, Table, delete, func, select, text
from sqlalchemy.orm import Session

from .models import (AgendaItem, Answer, Ballot, BallotCode, Campaign, CongressCode, ElectionBallot, ElectionChoice,
                     Motion, MotionBallot)

log = logging.getLogger(__name__)
TABLES = ("ballot", "answer", "ballot_code", "motion_ballot", "election_ballot", "election_choice",
          "congress_code")


def scrub_campaign(session: Session, campaign: Campaign) -> None:
    """Forget a satisfaction vote's used codes and rewrite its ballots and answers in key order."""
    campaign.codes_issued, campaign.codes_used = _forget_used_codes(
        session, BallotCode.__table__, BallotCode.campaign_id == campaign.id)
    _rewrite(session, Ballot.__table__, "campaign_id", campaign.id, Answer.__table__)
    session.flush()


def scrub_agenda_item(session: Session, agenda_item: AgendaItem) -> None:
    """The same for a congress motion (议案) or election (选举) and its ballots."""
    agenda_item.codes_issued, agenda_item.codes_used = _forget_used_codes(
        session, CongressCode.__table__, CongressCode.agenda_item_id == agenda_item.id)
    if isinstance(agenda_item, Motion):
        _rewrite(session, MotionBallot.__table__, "motion_id", agenda_item.id)
    else:
        _rewrite(session, ElectionBallot.__table__, "election_id", agenda_item.id, ElectionChoice.__table__)
    session.flush()


def _forget_used_codes(session: Session, codes: Table, of_vote) -> tuple[int, int]:
    """(issued, used) before the used codes are deleted. Unused codes stay, so a worker holding
    one is told the vote is closed; they were never consumed and join no ballot."""
    issued, used = session.execute(select(func.count(), func.count().filter(codes.c.used)).where(of_vote)).one()
    session.execute(delete(codes).where(of_vote, codes.c.used.is_(True)))
    return issued, used


def _rewrite(session: Session, ballots: Table, owner: str, owner_id: int, *parts: Table) -> None:
    """Delete and insert again, in key order, a vote's ballots and their parts (keyed by ballot_id).

    The copies are temporary tables: on SQLite they live outside the database file and its log,
    on PostgreSQL in the session's temporary space; they are dropped before the commit.
    """
    of_vote = f"FROM {ballots.name} WHERE {owner} = :owner"
    copies = [(ballots, f"SELECT * {of_vote}")]
    copies += [(part, f"SELECT * FROM {part.name} WHERE ballot_id IN (SELECT id {of_vote})") for part in parts]
    for table, rows in copies:
        session.execute(text(f"CREATE TEMPORARY TABLE scrub_{table.name} AS {rows}"), {"owner": owner_id})
    for table, _rows in reversed(copies):
        session.execute(text(f"DELETE FROM {table.name} WHERE {_key_of(table)} IN "
                             f"(SELECT {_key_of(table)} FROM scrub_{table.name})"))
    for table, _rows in copies:
        order = ", ".join(column.name for column in table.primary_key.columns)
        session.execute(text(f"INSERT INTO {table.name} SELECT * FROM scrub_{table.name} ORDER BY {order}"))
        session.execute(text(f"DROP TABLE scrub_{table.name}"))


def _key_of(table: Table) -> str:
    """The column naming the ballot a row belongs to."""
    return "id" if "id" in table.c else "ballot_id"


def after_close(engine: Engine) -> None:
    """Run right after the commit that closed a vote (outside any transaction)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            busy, _frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            if busy:
                log.warning("the write-ahead log could not be truncated after a close: a reader held it")
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"VACUUM {', '.join(TABLES)}")
