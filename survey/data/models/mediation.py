"""Labour-dispute mediation (劳动争议调解): the mediation bodies at city, town and enterprise level with
their mediators, and their cases with the sessions held and the log of each change of state.

A case names its parties as text; the worker's side stays with the body (only those who see the body
see it). A case referred from a workers' concern or a warning case keeps the link to it.
"""
from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import MediationState
from .base import Base


class MediationBody(Base):
    """调解组织: a city or town body belongs to a jurisdiction, an enterprise's (调解委员会) to the enterprise."""

    __tablename__ = "mediation_body"
    __table_args__ = (CheckConstraint("(jurisdiction_id IS NULL) <> (enterprise_id IS NULL)",
                                      name="ck_mediation_body_one_owner"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    mediators: Mapped[list["Mediator"]] = relationship(order_by="Mediator.id", lazy="selectin")


class Mediator(Base):
    """调解员: a mediator of a body by name, with the staff account they sign in with, if any."""

    __tablename__ = "mediator"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("mediation_body.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class MediationCase(Base):
    """调解案件: the parties, the claim, the days received and closed, and how it ended (the agreed terms
    and the mediator for an agreement, a note otherwise)."""

    __tablename__ = "mediation_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("mediation_body.id"), index=True)
    worker_party: Mapped[str] = mapped_column(Text)
    employer_party: Mapped[str] = mapped_column(Text)
    claim: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(24), default=MediationState.OPEN)
    received_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    terms: Mapped[str | None] = mapped_column(Text)
    outcome_note: Mapped[str | None] = mapped_column(Text)
    mediator_id: Mapped[int | None] = mapped_column(ForeignKey("mediator.id"))
    concern_id: Mapped[str | None] = mapped_column(ForeignKey("concern.id"), unique=True)
    warning_case_id: Mapped[int | None] = mapped_column(ForeignKey("warning_case.id"), unique=True)
    sessions: Mapped[list["MediationSession"]] = relationship(order_by="MediationSession.position",
                                                              cascade="all, delete-orphan")
    events: Mapped[list["MediationEvent"]] = relationship(order_by="MediationEvent.id", cascade="all, delete-orphan")


class MediationSession(Base):
    """调解会: one session of a case, its day, place and notes."""

    __tablename__ = "mediation_session"
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")


class MediationEvent(Base):
    """调解记录: one change of a case's state (received, then its outcome), by whom and on which day."""

    __tablename__ = "mediation_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("mediation_case.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    day: Mapped[date] = mapped_column(Date)
