"""The secret ballot's one guarded write (无记名投票): a single-use code is consumed in the same
transaction as its ballot is stored, or nothing changes.

Every kind of secret ballot (satisfaction vote, congress motion or election, and kinds to come)
builds one ``SecretCast`` at import, from its code table's parent column and the parent's "still
open" condition. Its statements are compiled once per database dialect and run on the driver's own
cursor (``Prepared``): building, cache-keying and executing them through SQLAlchemy on every request
cost more than running them. They run inside the session's transaction, or, for the usual ballot
(``cast_alone``), in a transaction of their own on a pooled connection, committed at once: SQLite
lets one writer in at a time, and the shorter it holds the lock the less the others wait for it.
"""
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Executable, bindparam, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Column

Writes = Sequence[tuple["Prepared", dict | list[dict]]]  # prepared INSERTs and their rows, in order
_NAMED = re.compile(r"%\((\w+)\)s")


class Driver(NamedTuple):
    """A driver's cursor and its dialect, inside a transaction."""
    dialect: Dialect
    cursor: Any


@contextmanager
def on_session(session: Session) -> Iterator[Driver]:
    """A cursor of the session's connection, in the session's transaction."""
    connection = session.connection()
    cursor = connection.connection.cursor()
    try:
        yield Driver(connection.dialect, cursor)
    finally:
        cursor.close()


@contextmanager
def own_transaction(session: Session) -> Iterator[tuple[Driver, Callable[[], None]]]:
    """A cursor of a pooled connection of the session's engine, outside the session, and its commit;
    whatever is not committed is rolled back when the connection goes back to the pool."""
    engine = session.get_bind()
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            yield Driver(engine.dialect, cursor), connection.commit
        finally:
            cursor.close()
    finally:
        connection.close()


class Prepared:
    """A Core statement compiled once per dialect, run on a driver's cursor (in its transaction), its
    parameters converted as SQLAlchemy would (e.g. booleans for SQLite)."""

    def __init__(self, statement: Executable, column_keys: Sequence[str] | None = None):
        self._statement, self._keys, self._compiled = statement, column_keys, {}

    def _for(self, dialect: Dialect) -> tuple[str, list[str], dict, dict]:
        if dialect.name not in self._compiled:
            compiled = self._statement.compile(dialect=dialect, column_keys=self._keys)
            names = (list(compiled.positiontup) if dialect.positional
                     else list(dict.fromkeys(_NAMED.findall(compiled.string))))
            binds = {name: compiled.binds[name] for name in names}
            fixed = {name: bind.value for name, bind in binds.items() if not bind.required}
            processors = {name: process for name, bind in binds.items()
                          if (process := bind.type.dialect_impl(dialect).bind_processor(dialect))}
            self._compiled[dialect.name] = (compiled.string, names, fixed, processors)
        return self._compiled[dialect.name]

    def _parameters(self, dialect: Dialect, given: dict) -> tuple | dict:
        _sql, names, fixed, processors = self._for(dialect)
        values = fixed | given if fixed or processors else given  # a copy only when something changes
        for name, process in processors.items():
            values[name] = process(values[name])
        return tuple(map(values.__getitem__, names)) if dialect.positional else values

    def run(self, driver: Driver, parameters: dict | list[dict]) -> tuple | None:
        """Execute (a list of rows: executemany); the first row returned, if any."""
        dialect, cursor = driver
        if isinstance(parameters, list):
            cursor.executemany(self._for(dialect)[0], [self._parameters(dialect, row) for row in parameters])
            return None
        cursor.execute(self._for(dialect)[0], self._parameters(dialect, parameters))
        return cursor.fetchone() if cursor.description else None


class SecretCast:
    """``code_parent``: the code table's column naming what the code votes on (e.g. its campaign);
    ``parent_key``: that parent's key column; ``still_open``: when the parent takes ballots."""

    def __init__(self, code_parent: Column, parent_key: Column, still_open: ColumnElement[bool]):
        code = code_parent.table
        # Share-locked on PostgreSQL, so a concurrent close waits for this ballot or refuses it.
        open_parent = (
            select(parent_key).where(parent_key == bindparam("parent"), still_open)
            .with_for_update(read=True).scalar_subquery()
        )
        unused = (code.c.code_hash == bindparam("hashed"), code.c.used.is_(False))
        self._consume = Prepared(
            update(code).where(*unused, code_parent == open_parent).values(used=True).returning(code_parent))
        self._consume_any = Prepared(update(code).where(*unused, code_parent == (
            select(parent_key).where(parent_key == code_parent, still_open)
            .with_for_update(read=True).scalar_subquery()
        )).values(used=True).returning(code_parent))

    def cast(self, session: Session, hashed: str, parent_id: int, writes: Writes, **open_now) -> bool:
        """Mark the code used if it is unused and its parent still open, then run ``writes``
        (an empty row list is skipped), in the session's transaction. False, with nothing written:
        the caller rolls back."""
        with on_session(session) as driver:
            if self._consume.run(driver, {"hashed": hashed, "parent": parent_id, **open_now}) is None:
                return False
            _store(driver, writes)
        return True

    def cast_alone(self, session: Session, hashed: str, writes_for: Callable[[int], Writes | None],
                   **open_now) -> bool:
        """In a transaction of its own, committed here: mark the code used if it is unused and its
        parent takes ballots now, whichever parent that is (the code's lookup folded into the guarded
        UPDATE), then run ``writes_for(parent's key)``. False, with nothing changed, when the code did
        not count or ``writes_for`` gave None."""
        with own_transaction(session) as (driver, commit):
            row = self._consume_any.run(driver, {"hashed": hashed, **open_now})
            writes = writes_for(row[0]) if row else None
            if writes is None:
                return False
            _store(driver, writes)
            commit()
        return True


def _store(driver: Driver, writes: Writes) -> None:
    """Run ``writes`` after the code was consumed, in the same transaction."""
    for statement, rows in writes:
        if rows:
            statement.run(driver, rows)
