"""The declarative base, and the shape shared by every table a secret ballot writes."""
import secrets
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import Index, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NO_ROWID = {"sqlite_with_rowid": False}


class Base(DeclarativeBase):
    pass


class Staged:
    """An entity that moves draft → open → closed (``states``, its StrEnum): the questions views and
    templates ask of it, so none of them spells a state as a bare string."""

    states: ClassVar[type[StrEnum]]

    @property
    def is_draft(self) -> bool:
        return self.state == self.states.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state == self.states.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.states.CLOSED


class SecretRow:
    """A row written when a ballot is cast (无记名投票): no time column and no sequential id, only
    random or composite keys, and on SQLite no hidden rowid (a sequence too), so the order in which
    ballots arrived cannot be read back. ``indexes`` are the table's further indexes, if any."""

    indexes: ClassVar[tuple[Index, ...]] = ()

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (*cls.indexes, NO_ROWID)


class SecretBallot(SecretRow):
    """A ballot (选票) keyed by 128 random bits in hex, never by a code, a person or a time."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True, sort_order=-1)  # first, as migrated

    @staticmethod
    def new_key() -> str:
        return secrets.token_hex(16)
