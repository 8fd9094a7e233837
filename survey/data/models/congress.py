"""Models of the staff-and-workers' congress (职工代表大会): roster, sign-in, motions, elections.

Motions and elections are the congress's agenda items, one table (single-table inheritance): both
go draft → open → closed, both are voted with single-use codes, and both keep the attendance at
their close. Secrecy as for the satisfaction vote: `congress_code` keeps only hashes and never
points at a ballot; ballots and their choices have random or composite keys, no time column and,
on SQLite, no hidden rowid.
"""
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import AgendaItemState, AgendaKind, CongressState
from .base import Base, SecretBallot, SecretRow, Staged
from .organisations import Enterprise


class Congress(Staged, Base):
    """职工代表大会 session: the roster is open to change while a draft, fixed once it opens."""

    __tablename__ = "congress"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    states = CongressState
    state: Mapped[str] = mapped_column(String(10), default=CongressState.DRAFT)
    delegate_total: Mapped[int | None] = mapped_column(Integer)  # fixed when the session opens
    closed_at: Mapped[datetime | None]
    enterprise: Mapped[Enterprise] = relationship()
    delegates: Mapped[list["Delegate"]] = relationship(
        order_by="Delegate.id", cascade="all, delete-orphan", back_populates="congress")
    agenda_items: Mapped[list["AgendaItem"]] = relationship(order_by="AgendaItem.id", back_populates="congress")


class Delegate(Base):
    """职工代表. `signin_hash` is the SHA-256 of the personal sign-in code printed on the roster sheet."""

    __tablename__ = "delegate"
    __table_args__ = (Index("uq_delegate_name", "congress_id", "name", "department", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    department: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(12))
    signin_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    congress: Mapped[Congress] = relationship(back_populates="delegates")


class SignIn(Base):
    """签到: one per delegate (the key), by sign-in QR or by the chair; `paper` delegates vote on paper."""

    __tablename__ = "sign_in"
    delegate_id: Mapped[int] = mapped_column(ForeignKey("delegate.id"), primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), index=True)
    paper: Mapped[bool] = mapped_column(Boolean, default=False)
    by_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    signed_in_at: Mapped[datetime]


class AgendaItem(Staged, Base):
    """A motion or an election, with the attendance snapshot (total, present, quorum) of its close."""

    __tablename__ = "agenda_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    congress_id: Mapped[int] = mapped_column(ForeignKey("congress.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    states = AgendaItemState
    state: Mapped[str] = mapped_column(String(10), default=AgendaItemState.DRAFT)
    paper_ballots: Mapped[int] = mapped_column(Integer, default=0)
    snapshot_total: Mapped[int | None] = mapped_column(Integer)
    snapshot_present: Mapped[int | None] = mapped_column(Integer)
    snapshot_quorum: Mapped[bool | None] = mapped_column(Boolean)
    closed_at: Mapped[datetime | None]
    codes_issued: Mapped[int | None] = mapped_column(Integer)  # kept at close, when the codes are deleted
    codes_used: Mapped[int | None] = mapped_column(Integer)
    congress: Mapped[Congress] = relationship(back_populates="agenda_items")
    __mapper_args__ = {"polymorphic_on": "kind"}

    @property
    def enterprise(self) -> Enterprise:
        return self.congress.enterprise


class Motion(AgendaItem):
    """议案: for / against / abstain; the chair's paper counts are kept here, ballots in `MotionBallot`."""

    paper_for: Mapped[int] = mapped_column(Integer, default=0, nullable=True)
    paper_against: Mapped[int] = mapped_column(Integer, default=0, nullable=True)
    paper_abstain: Mapped[int] = mapped_column(Integer, default=0, nullable=True)
    __mapper_args__ = {"polymorphic_identity": AgendaKind.MOTION}


class Election(AgendaItem):
    """选举: up to `seats` choices per ballot among its candidates."""

    seats: Mapped[int] = mapped_column(Integer, default=1, nullable=True)
    candidates: Mapped[list["Candidate"]] = relationship(
        order_by="Candidate.position", cascade="all, delete-orphan", back_populates="election")
    __mapper_args__ = {"polymorphic_identity": AgendaKind.ELECTION}


class Candidate(Base):
    """候选人 of an election, with the votes the chair counted on paper ballots."""

    __tablename__ = "candidate"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    election_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    paper_votes: Mapped[int] = mapped_column(Integer, default=0)
    election: Mapped[Election] = relationship(back_populates="candidates")


class CongressCode(Base):
    """One electronic ballot code of a motion or election; only its hash, never a ballot or a delegate."""

    __tablename__ = "congress_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column("item_id", ForeignKey("agenda_item.id"), index=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class MotionBallot(SecretBallot, Base):
    """A motion ballot: random 128-bit key and the choice; nothing else."""

    __tablename__ = "motion_ballot"
    motion_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    choice: Mapped[str] = mapped_column(String(8))


class ElectionBallot(SecretBallot, Base):
    """An election ballot: random 128-bit key; its marks are `ElectionChoice` rows."""

    __tablename__ = "election_ballot"
    election_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)


class ElectionChoice(SecretRow, Base):
    """One candidate marked on one election ballot, keyed by (ballot, candidate)."""

    __tablename__ = "election_choice"
    indexes = (Index("ix_election_choice_candidate", "candidate_id"),)
    ballot_id: Mapped[str] = mapped_column(ForeignKey("election_ballot.id", ondelete="CASCADE"), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), primary_key=True)
