"""The satisfaction vote (满意度测评): its questionnaire, its codes and its ballots.

Ballot-secrecy rules (DESIGN.md) shape three tables: `ballot_code` holds only hashes and never links
to a ballot; `ballot` and `answer` have random or composite keys, no time column and, on SQLite, no
hidden rowid, so the order in which ballots arrived cannot be read back.
"""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import CampaignState, CountingMethod, ElectorateSource, ItemKind, TurnoutFloor
from .base import Base, SecretBallot, SecretRow, Staged
from .organisations import Enterprise


class Questionnaire(Base):
    """问卷: each campaign owns its own copy, editable while the campaign is a draft."""

    __tablename__ = "questionnaire"
    id: Mapped[int] = mapped_column(primary_key=True)
    title_zh: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    scale: Mapped[int] = mapped_column(Integer, default=3)
    items: Mapped[list["Item"]] = relationship(
        order_by="Item.position", cascade="all, delete-orphan", back_populates="questionnaire"
    )


class Item(Base):
    """题目: `scored` items count; `text` is a free suggestion; `department` asks for a group."""

    __tablename__ = "item"
    __table_args__ = (Index("uq_item_key", "questionnaire_id", "key", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), default=ItemKind.SCORED)
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    questionnaire: Mapped[Questionnaire] = relationship(back_populates="items")
    options: Mapped[list["Option"]] = relationship(
        order_by="Option.position", cascade="all, delete-orphan", back_populates="item"
    )


class Option(Base):
    """选项, with whether it counts as satisfied and its 0–100 score for the score method."""

    __tablename__ = "option"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    text_zh: Mapped[str] = mapped_column(String(200))
    text_en: Mapped[str] = mapped_column(String(200))
    satisfied: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[Item] = relationship(back_populates="options")


class Campaign(Staged, Base):
    """满意度测评: one satisfaction vote of one enterprise, draft → open → sealing → closed.

    ``run_by_jurisdiction_id``: set on an assessor's spot-check survey (抽查测评) of the enterprise, run by
    that jurisdiction's assessors and never by the enterprise's chair; never the enterprise's self-check."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    states = CampaignState
    state: Mapped[str] = mapped_column(String(10), default=CampaignState.DRAFT)
    electorate: Mapped[int] = mapped_column(Integer)
    electorate_source: Mapped[str] = mapped_column(String(12), default=ElectorateSource.HEADCOUNT)
    congress_id: Mapped[int | None] = mapped_column(ForeignKey("congress.id"))  # the delegates vote
    run_by_jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"))
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    method: Mapped[str] = mapped_column(String(8), default=CountingMethod.RATE)
    threshold: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(80))
    floors: Mapped[dict] = mapped_column(JSON, default=dict)
    vetoes: Mapped[dict] = mapped_column(JSON, default=dict)
    turnout_floor: Mapped[str] = mapped_column(String(12), default=TurnoutFloor.MAJORITY)
    closed_at: Mapped[datetime | None]
    codes_issued: Mapped[int | None] = mapped_column(Integer)  # kept at close, when the codes are deleted
    codes_used: Mapped[int | None] = mapped_column(Integer)
    scrub_after: Mapped[str | None] = mapped_column(String(32))  # the rewrite's progress once closed (`scrub`)
    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined")
    enterprise: Mapped[Enterprise] = relationship()

    @property
    def is_sealing(self) -> bool:
        """Closed to ballots, its seal being written (封存中): its results are not shown yet."""
        return self.state == CampaignState.SEALING

    @property
    def is_spot_check(self) -> bool:
        return self.run_by_jurisdiction_id is not None


class BallotCode(Base):
    """选票码: one printed slip. Only the SHA-256 of the code is kept; it never points at a ballot."""

    __tablename__ = "ballot_code"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class Ballot(SecretBallot, Base):
    """选票: random 128-bit key, no time, no code, no address; `valid` = has a scored answer."""

    __tablename__ = "ballot"
    indexes = (Index("ix_ballot_campaign_id", "campaign_id", "id"),)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    valid: Mapped[bool] = mapped_column(Boolean)


class Answer(SecretRow, Base):
    """One answer of one ballot, keyed by (ballot, item): a ballot's answers lie together, so a cast
    writes few pages. No other index: the tally reaches a campaign's answers through its ballots."""

    __tablename__ = "answer"
    ballot_id: Mapped[str] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), primary_key=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("option.id"))
    text: Mapped[str | None] = mapped_column(Text)
