"""The secret ballot's one guarded write (无记名投票): a single-use code is consumed in the same
transaction as its ballot is stored, or nothing changes.

Every kind of secret ballot (satisfaction vote, congress motion or election, and kinds to come)
builds one ``SecretCast`` at import, from its code table's parent column and the parent's "still
open" condition. Its statements are compiled once per database dialect and run on the driver's own
cursor, inside the session's transaction (``Prepared``): building, cache-keying and executing them
through SQLAlchemy on every request cost more than running them.
"""
import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Executable, bindparam, select, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Column

Writes = Sequence[tuple["Prepared", dict | list[dict]]]  # prepared INSERTs and their rows, in order
_NAMED = re.compile(r"%\((\w+)\)s")


class Prepared:
    """A Core statement compiled once per dialect, run on the session connection's driver cursor (in
    its transaction), its parameters converted as SQLAlchemy would (e.g. booleans for SQLite)."""

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
        values = fixed | given
        for name, process in processors.items():
            values[name] = process(values[name])
        return tuple(values[name] for name in names) if dialect.positional else values

    def run(self, connection: Connection, parameters: dict | list[dict]) -> tuple | None:
        """Execute (a list of rows: executemany); the first row returned, if any."""
        dialect, cursor = connection.dialect, connection.connection.cursor()
        try:
            if isinstance(parameters, list):
                cursor.executemany(self._for(dialect)[0], [self._parameters(dialect, row) for row in parameters])
                return None
            cursor.execute(self._for(dialect)[0], self._parameters(dialect, parameters))
            return cursor.fetchone() if cursor.description else None
        finally:
            cursor.close()


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
        (an empty row list is skipped). False, with nothing written: the caller rolls back."""
        connection = session.connection()
        if self._consume.run(connection, {"hashed": hashed, "parent": parent_id, **open_now}) is None:
            return False
        store(session, writes)
        return True

    def consume(self, session: Session, hashed: str, **open_now) -> int | None:
        """Mark the code used if it is unused and its parent takes ballots now, whichever parent that
        is (the code's lookup folded into the guarded UPDATE); the parent's key, or None."""
        row = self._consume_any.run(session.connection(), {"hashed": hashed, **open_now})
        return row[0] if row else None


def store(session: Session, writes: Writes) -> None:
    """Run ``writes`` after the code was consumed, in the same transaction."""
    connection = session.connection()
    for statement, rows in writes:
        if rows:
            statement.run(connection, rows)
