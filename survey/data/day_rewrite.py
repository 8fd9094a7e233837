"""The nightly rewrite (每日改写) of what workers write day by day: concerns with their threads, and
objections. They keep no time finer than the day, but storage remembers arrival: on SQLite the order
in which a page's cells were placed, on PostgreSQL each row version's `xmin` and `ctid`. So once a day
(`close-due`, every minute, starts it on the first run of a new day) the rows written since the last
rewrite are deleted and inserted again in key order, in chunks, as a closed vote's ballots are
(`scrub`): the keys are random, so key order says nothing of arrival. Then the log is folded: SQLite's
write-ahead log is checkpointed and truncated (freed cells are zeroes, `secure_delete`); PostgreSQL's
rewritten tables are vacuumed.

A rewrite covers every row written on or after its mark's ``since`` day, today's so far included, and
then moves ``since`` to the day it began: today's later rows are taken the next night. A backup asks
for a rewrite `again` the same day, so the copy holds no order of arrival either.

A mediation case names the concern it was referred from: that reference is set aside while the concern
is rewritten and put back in the same transaction.
"""
import logging
import time
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select, text, update

from . import scrub
from .models import Concern, ConcernEntry, DayRewrite, MediationCase, Objection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    """Rows workers write, as the rewrite sees them: its mark's name, the rows and their parts, and
    the SQL condition choosing those written on or after the day ``:since``."""

    name: str
    rows: scrub.Rows
    since: str


CONCERNS = Written("concern", scrub.Rows(Concern.__table__, (ConcernEntry.__table__,), "concern_id",
                                         ((MediationCase.__table__, "concern_id"),)),
                   "raised_on >= :since OR id IN (SELECT concern_id FROM concern_entry WHERE written_on >= :since)")
OBJECTIONS = Written("objection", scrub.Rows(Objection.__table__), "lodged_on >= :since")
WRITTEN = (CONCERNS, OBJECTIONS)


def rewrite_written(engine: Engine, today: date, again: bool = False) -> bool:
    """Rewrite what was written since the last rewrite, if a new day has come (``again``: even if not);
    True when nothing is left pending (False: the SQLite log is held by a reader; the next call folds)."""
    under_way = [written for written in WRITTEN if _begin(engine, written, today, again)]
    for written in under_way:
        while _rewrite_chunk(engine, written):
            pass
    return _fold(engine, under_way)


def _begin(engine: Engine, written: Written, today: date, again: bool) -> bool:
    """Start the day's rewrite when due; True when one is under way (started now, or left unfinished).
    Writes first, so two `close-due` at once take their turns on the mark."""
    mark = DayRewrite.__table__
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO day_rewrite (name) VALUES (:name) ON CONFLICT DO NOTHING"),
                           {"name": written.name})
        since, until = connection.execute(update(mark).where(mark.c.name == written.name)
                                          .values(name=mark.c.name).returning(mark.c.since, mark.c.until)).one()
        if until is None and not again and since is not None and since >= today:
            return False
        if until is None:
            connection.execute(update(mark).where(mark.c.name == written.name).values(until=today, after=""))
    return True


def _rewrite_chunk(engine: Engine, written: Written) -> bool:
    """Rewrite the next chunk of rows in key order, in one transaction; False when none was left."""
    started = time.monotonic()
    with engine.begin() as connection:
        # a write first: it takes SQLite's write lock before the read
        since, after = connection.execute(update(DayRewrite).where(DayRewrite.name == written.name)
                                          .values(after=DayRewrite.after)
                                          .returning(DayRewrite.since, DayRewrite.after)).one()
        last = scrub.rewrite_rows(connection, written.rows, written.since, {"since": since or date.min}, after)
        if last is None:
            return False
        connection.execute(update(DayRewrite).where(DayRewrite.name == written.name).values(after=last))
    scrub.let_writers_in(engine, started)
    return True


def _fold(engine: Engine, under_way: list[Written]) -> bool:
    """Fold the log behind the rewritten rows, then move each mark on; a mark whose log could not be
    truncated is put back as it was, so the next call folds again."""
    if not under_way:
        return True
    scrub.vacuum(engine, [name for written in under_way for name in written.rows.tables])
    names = [written.name for written in under_way]
    with engine.begin() as connection:
        marks = connection.execute(select(DayRewrite.name, DayRewrite.until, DayRewrite.after)
                                   .where(DayRewrite.name.in_(names))).all()
        # only marks still under way: another close-due may have folded them meanwhile
        connection.execute(update(DayRewrite).where(DayRewrite.name.in_(names), DayRewrite.until.is_not(None))
                           .values(since=DayRewrite.until, until=None, after=None))
    if scrub.truncate_log(engine):
        return True
    with engine.begin() as connection:
        for name, until, after in marks:
            connection.execute(update(DayRewrite).where(DayRewrite.name == name).values(until=until, after=after))
    log.warning("the write-ahead log could not be truncated after the nightly rewrite: a reader held it; "
                "close-due tries again")
    return False
