"""Closing a vote wipes its traces (清除投票痕迹): nothing stored links a code to a ballot, or tells
the order in which ballots arrived.

While a vote is open, each cast is one transaction: a code flipped to used and a ballot with its
answers inserted. What that leaves behind is removed in steps, each a short transaction, so other
votes keep casting meanwhile (SQLite has one writer at a time):

1. **at the close** a satisfaction vote's used codes are deleted (their counts kept on the vote, which
   takes no more ballots: sealing, 封存中) in chunks of `CODES_CHUNK`, each a short transaction
   (`forget_used_codes`), so no code row is left to be joined to a ballot — on PostgreSQL a consumed
   code and its ballot shared one `xmin`; a motion's or election's are deleted inside its closing
   transaction (`scrub_agenda_item`). The transaction that ends the close marks the vote for the
   rewrite: `scrub_after` = "" (no ballot rewritten yet);
2. **after that commit** (`after_close`) the vote's ballots and the rows written with them are
   rewritten in chunks of `CHUNK` ballots in key order, each chunk its own transaction: copied aside,
   deleted and inserted again with the same keys in key order. The keys are random, so key order
   says nothing of arrival; on PostgreSQL the rows then carry their chunk's `xmin` (chunks follow
   key order too) and a `ctid` in key order, on SQLite a page's cells lie at offsets in key order.
   `scrub_after` keeps the last key rewritten, so a rewrite cut short resumes where it stopped;
3. then the log is folded: on SQLite the write-ahead log (one commit per cast) is checkpointed into
   the database file and truncated; connections run with `secure_delete`, so freed cells are
   zeroes. On PostgreSQL the touched tables are vacuumed, so the dead row versions leave the pages.
   Only then is `scrub_after` back to NULL; if the log could not be truncated (a reader held it),
   the vote stays marked and the next `after_close` (`close-due` runs it every minute) tries again.
"""
import logging
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Table, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from .enums import AgendaKind
from .models import (AgendaItem, Answer, Ballot, BallotCode, Campaign, CongressCode, ElectionBallot, ElectionChoice,
                     MotionBallot)

log = logging.getLogger(__name__)
CHUNK = 500  # ballots per rewrite transaction: some tens of milliseconds of work
CODES_CHUNK = 2_000  # used codes deleted per transaction at a close: some tens of milliseconds
CHECKPOINT_TRIES, CHECKPOINT_WAIT = 5, 0.2  # seconds between tries; each try waits 50 ms for readers


@dataclass(frozen=True)
class Rows:
    """Rows rewritten together in key order: a table keyed by a random ``id``, and its parts, the rows
    of other tables that name it in ``part_key``. ``references`` (table, column): rows that only point
    at it, not rewritten; their reference is set aside and put back."""

    table: Table
    parts: tuple[Table, ...] = ()
    part_key: str = "ballot_id"
    references: tuple[tuple[Table, str], ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        return self.table.name, *(part.name for part in self.parts)


@dataclass(frozen=True)
class Kind:
    """A kind of vote as the rewrite sees it: where it is marked, its ballots with their parts, its codes."""

    owner: Table
    ballots: Rows
    owner_column: str
    codes: Table
    agenda_kind: str | None = None  # agenda items are motions and elections in one table

    @property
    def tables(self) -> tuple[str, ...]:
        return *self.ballots.tables, self.codes.name


CAMPAIGN = Kind(Campaign.__table__, Rows(Ballot.__table__, (Answer.__table__,)), "campaign_id", BallotCode.__table__)
MOTION = Kind(AgendaItem.__table__, Rows(MotionBallot.__table__), "motion_id", CongressCode.__table__,
              AgendaKind.MOTION)
ELECTION = Kind(AgendaItem.__table__, Rows(ElectionBallot.__table__, (ElectionChoice.__table__,)), "election_id",
                CongressCode.__table__, AgendaKind.ELECTION)
KINDS = (CAMPAIGN, MOTION, ELECTION)
Pending = dict[tuple[Kind, int], str]  # (kind, vote id) → the last key rewritten


def campaign_codes(session: Session, campaign: Campaign) -> tuple[int, int]:
    """A satisfaction vote's (issued, used) codes, counted as it stops taking ballots."""
    return _counted(session, BallotCode.__table__, BallotCode.campaign_id == campaign.id)


def forget_used_codes(session: Session, campaign: Campaign) -> bool:
    """Delete the next CODES_CHUNK used codes of a vote that takes no more ballots (step 1); True while
    more may be left. In chunks: a million in one transaction would hold SQLite's write lock ~10 s."""
    codes = BallotCode.__table__
    chosen = select(codes.c.code_hash).where(codes.c.campaign_id == campaign.id, codes.c.used.is_(True))
    deleted = session.execute(delete(codes).where(codes.c.code_hash.in_(chosen.limit(CODES_CHUNK)))).rowcount
    return deleted == CODES_CHUNK


def scrub_agenda_item(session: Session, agenda_item: AgendaItem) -> None:
    """The same for a congress motion (议案) or election (选举) and its ballots."""
    agenda_item.codes_issued, agenda_item.codes_used = _forget_used_codes(
        session, CongressCode.__table__, CongressCode.agenda_item_id == agenda_item.id)
    agenda_item.scrub_after = ""
    session.flush()


def _forget_used_codes(session: Session, codes: Table, of_vote) -> tuple[int, int]:
    """(issued, used) before the used codes are deleted. Unused codes stay, so a worker holding
    one is told the vote is closed; they were never consumed and join no ballot."""
    issued, used = _counted(session, codes, of_vote)
    session.execute(delete(codes).where(of_vote, codes.c.used.is_(True)))
    return issued, used


def _counted(session: Session, codes: Table, of_vote) -> tuple[int, int]:
    return tuple(session.execute(select(func.count(), func.count().filter(codes.c.used)).where(of_vote)).one())


def after_close(engine: Engine, budget: float | None = None) -> bool:
    """Run right after the commit that closed a vote (outside any transaction): rewrite every marked
    vote and fold the log. ``budget``: seconds of rewriting after which the rest is left to the next
    call. True when nothing is left pending."""
    deadline = None if budget is None else time.monotonic() + budget
    finished, done = rewrite_pending(engine, deadline)
    return fold(engine, finished) and done


def rewrite_pending(engine: Engine, deadline: float | None = None) -> tuple[Pending, bool]:
    """Rewrite the marked votes chunk by chunk; the votes rewritten to the end, and whether all were."""
    finished: Pending = {}
    for kind, vote in _marked(engine):
        while (chunk := _rewrite_chunk(engine, kind, vote)).more:
            if deadline is not None and time.monotonic() > deadline:
                log.info("the rewrite of a closed vote continues at the next close-due")
                return finished, False
        if chunk.mark is not None:
            finished[kind, vote] = chunk.mark
    return finished, True


def _marked(engine: Engine) -> list[tuple[Kind, int]]:
    with engine.connect() as connection:
        return [(kind, vote) for kind in KINDS for vote in connection.scalars(_marked_votes(kind))]


def _marked_votes(kind: Kind):
    owner = kind.owner.c
    found = select(owner.id).where(owner.scrub_after.is_not(None))
    return found if kind.agenda_kind is None else found.where(owner.kind == kind.agenda_kind)


@dataclass(frozen=True)
class Chunk:
    more: bool  # a chunk was rewritten; more may follow
    mark: str | None  # the vote's `scrub_after` now; None: no longer marked (another process folded it)


def _rewrite_chunk(engine: Engine, kind: Kind, vote: int) -> Chunk:
    """Rewrite the vote's next CHUNK ballots in key order, in one transaction."""
    started = time.monotonic()
    owner = kind.owner.c
    with engine.begin() as connection:
        # a write first: it takes SQLite's write lock (and PostgreSQL's row lock) before the read
        after = connection.execute(update(kind.owner).where(owner.id == vote, owner.scrub_after.is_not(None))
                                   .values(scrub_after=owner.scrub_after).returning(owner.scrub_after)).scalar()
        last = None if after is None else rewrite_rows(connection, kind.ballots, f"{kind.owner_column} = :vote",
                                                       {"vote": vote}, after)
        if last is None:
            return Chunk(False, after)
        connection.execute(update(kind.owner).where(owner.id == vote).values(scrub_after=last))
    let_writers_in(engine, started)
    return Chunk(True, last)


def let_writers_in(engine: Engine, started: float) -> None:
    """After a chunk on SQLite, copy its frames from the log into the database file here (a passive
    checkpoint, which blocks no one), then wait as long as both took: the casts waiting for the write lock
    have it. Otherwise the casts' own automatic checkpoints would copy the rewrite's frames, each cast
    paying for the close, and the log would grow to gigabytes while a large vote is rewritten."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        time.sleep(time.monotonic() - started)


def rewrite_rows(connection: Connection, rows: Rows, chosen: str, params: dict, after: str) -> str | None:
    """Delete and insert again, in key order, the next CHUNK rows ``chosen`` (an SQL condition on the
    table, with ``params``) after the key ``after``, and their parts; the last key rewritten, None when
    none was left.

    The copies are temporary tables: on SQLite they live outside the database file and its log,
    on PostgreSQL in the session's temporary space; they are dropped before the commit.
    """
    main = rows.table.name
    binds = [bindparam(name, value) for name, value in {**params, "after": after}.items()]
    connection.execute(text(f"CREATE TEMPORARY TABLE scrub_{main} AS SELECT * FROM {main} "
                            f"WHERE ({chosen}) AND id > :after ORDER BY id LIMIT {CHUNK}").bindparams(*binds))
    last = connection.execute(text(f"SELECT max(id) FROM scrub_{main}")).scalar()
    if last is None:
        connection.execute(text(f"DROP TABLE scrub_{main}"))
        return None
    copies = [rows.table, *rows.parts]
    for part in rows.parts:
        _copy(connection, part.name, "*", f"{rows.part_key} IN (SELECT id FROM scrub_{main})")
    for table, column in rows.references:
        _copy(connection, table.name, f"id, {column}", f"{column} IN (SELECT id FROM scrub_{main})")
        connection.execute(text(f"UPDATE {table.name} SET {column} = NULL "
                                f"WHERE id IN (SELECT id FROM scrub_{table.name})"))
    for table in reversed(copies):
        key = "id" if table is rows.table else rows.part_key
        connection.execute(text(f"DELETE FROM {table.name} WHERE {key} IN (SELECT {key} FROM scrub_{table.name})"))
    for table in copies:
        order = ", ".join(column.name for column in table.primary_key.columns)
        connection.execute(text(f"INSERT INTO {table.name} SELECT * FROM scrub_{table.name} ORDER BY {order}"))
    for table, column in rows.references:
        connection.execute(text(f"UPDATE {table.name} SET {column} = (SELECT {column} FROM scrub_{table.name} AS kept "
                                f"WHERE kept.id = {table.name}.id) WHERE id IN (SELECT id FROM scrub_{table.name})"))
    for table in [*copies, *(table for table, _column in rows.references)]:
        connection.execute(text(f"DROP TABLE scrub_{table.name}"))
    return last


def _copy(connection: Connection, table: str, columns: str, where: str) -> None:
    connection.execute(text(f"CREATE TEMPORARY TABLE scrub_{table} AS SELECT {columns} FROM {table} WHERE {where}"))


def fold(engine: Engine, finished: Pending) -> bool:
    """Fold the log behind the rewritten votes and unmark them; False when the SQLite log could not
    be truncated (those votes stay marked, so the next call tries again)."""
    if not finished:
        return True
    vacuum(engine, [name for kind, _vote in finished for name in kind.tables])
    _mark(engine, {vote: None for vote in finished})
    if not truncate_log(engine):
        _mark(engine, finished)
        log.warning("the write-ahead log could not be truncated after a close: a reader held it; "
                    "close-due tries again")
        return False
    return True


def vacuum(engine: Engine, tables: list[str]) -> None:
    """On PostgreSQL, vacuum the rewritten tables: the dead row versions leave their pages."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM {', '.join(dict.fromkeys(tables))}")


def _mark(engine: Engine, marks: dict[tuple[Kind, int], str | None]) -> None:
    with engine.begin() as connection:
        for (kind, vote), mark in marks.items():
            connection.execute(update(kind.owner).where(kind.owner.c.id == vote).values(scrub_after=mark))


def truncate_log(engine: Engine) -> bool:
    """On SQLite, checkpoint SQLite's write-ahead log and truncate it to 0 bytes. A passive checkpoint first
    copies most frames without blocking anyone; TRUNCATE then holds the write lock only to copy the
    last frames and wait (briefly, then again later) for the readers still in the log. True on
    PostgreSQL, whose log is its own."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql("PRAGMA busy_timeout = 50")
        try:
            for _try in range(CHECKPOINT_TRIES):
                busy, _frames, _copied = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
                if not busy:
                    return True
                time.sleep(CHECKPOINT_WAIT)
            return False
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {timeout}")
