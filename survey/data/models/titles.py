"""Dynamic management (动态管理) of a named enterprise's title (称号): its state, the log of its moves and
the spot checks (抽查) of the year after naming."""
from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import TitleState
from .assessment import Declaration
from .base import Base


class Title(Base):
    """称号: the title a named declaration gave, named → yellow_card → named, or delisted or revoked.

    ``deadline`` and ``reasons`` (the criteria found below the level) belong to the open yellow card;
    ``ended_on`` is the day it was delisted or revoked, from which the waiting period runs; ``event``,
    ``event_on`` and ``event_source`` what revoked it."""

    __tablename__ = "title"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), unique=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), default=TitleState.NAMED)
    deadline: Mapped[date | None] = mapped_column(Date)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    ended_on: Mapped[date | None] = mapped_column(Date)
    event: Mapped[str | None] = mapped_column(String(20))
    event_on: Mapped[date | None] = mapped_column(Date)
    event_source: Mapped[str | None] = mapped_column(String(200))
    declaration: Mapped[Declaration] = relationship(lazy="joined")
    events: Mapped[list["TitleEvent"]] = relationship(order_by="TitleEvent.id", cascade="all, delete-orphan")

    @property
    def stands(self) -> bool:
        """Named or under a yellow card: the title still stands."""
        return self.state in (TitleState.NAMED, TitleState.YELLOW_CARD)


class TitleEvent(Base):
    """称号记录: one move of a title, by whom, on which day, with the finding, reasons or description;
    ``deadline``: the one a yellow card gave."""

    __tablename__ = "title_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("title.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    day: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class TitleCheck(Base):
    """称号抽查: a spot check of a named enterprise — its day, method, findings and score; a survey's vote."""

    __tablename__ = "title_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("title.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(12))
    findings: Mapped[str] = mapped_column(Text)
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
