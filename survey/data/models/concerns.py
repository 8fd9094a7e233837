"""Workers' concerns (职工诉求, 件件有回声): what a worker raised through the enterprise's concern QR,
and its thread of follow-ups, answers and directions.

A concern is as anonymous as a ballot (`SecretRow`): a random key, no hidden rowid, no time finer than
the day, no address or device, its tracking code (查询码) only as a hash; a name or phone only when the
worker gives them. An entry's ``position`` orders one concern's thread, nothing across concerns.
"""
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import ConcernState
from .base import Base, SecretBallot, SecretRow


class Concern(SecretBallot, Base):
    """诉求: one concern, due for an answer by ``due_on``; escalated to the upper union when still
    unanswered after that day."""

    __tablename__ = "concern"
    indexes = (Index("ix_concern_enterprise_state", "enterprise_id", "state"),)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(20))
    raised_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default=ConcernState.OPEN)
    closure: Mapped[str | None] = mapped_column(String(10))
    abuse_reason: Mapped[str | None] = mapped_column(Text)
    answered_in_time: Mapped[bool | None] = mapped_column(Boolean)  # its first answer came by its due day
    entries: Mapped[list["ConcernEntry"]] = relationship(order_by="ConcernEntry.position",
                                                         cascade="all, delete-orphan")


class ConcernEntry(SecretRow, Base):
    """One entry of a concern's thread: the worker's follow-up (no author), or a staff account's answer
    or direction; dated by the day only."""

    __tablename__ = "concern_entry"
    concern_id: Mapped[str] = mapped_column(ForeignKey("concern.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    written_on: Mapped[date] = mapped_column(Date)


class DayRewrite(Base):
    """改写进度: how far the nightly rewrite of rows workers write day by day (concerns, objections)
    has come. ``since``: the first day whose rows may still lie in order of arrival (None: every day);
    ``until`` and ``after`` mark a rewrite under way: the day it began and the last key rewritten."""

    __tablename__ = "day_rewrite"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    after: Mapped[str | None] = mapped_column(String(32))
