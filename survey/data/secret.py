"""The secret ballot's one guarded write (无记名投票): a single-use code is consumed in the same
transaction as its ballot is stored, or nothing changes.

Every kind of secret ballot (satisfaction vote, congress motion or election, and kinds to come)
builds one ``SecretCast`` at import, from its code table's parent column and the parent's "still
open" condition; building and cache-keying the statement on every request cost more than running
it. It runs on the session's connection, past the ORM's execution layer, and so do the inserts.
"""
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Insert, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Column


Writes = Sequence[tuple[Insert, dict | list[dict]]]  # prebuilt INSERTs and their rows, in order


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
        self._consume = (
            update(code)
            .where(code.c.code_hash == bindparam("hashed"), code.c.used.is_(False), code_parent == open_parent)
            .values(used=True)
        )

    def cast(self, session: Session, hashed: str, parent_id: int, writes: Writes) -> bool:
        """Mark the code used if it is unused and its parent still open, then run ``writes``
        (an empty row list is skipped). False, with nothing written: the caller rolls back."""
        connection = session.connection()
        if connection.execute(self._consume, {"hashed": hashed, "parent": parent_id}).rowcount != 1:
            return False
        for statement, rows in writes:
            if rows:
                connection.execute(statement, rows)
        return True
