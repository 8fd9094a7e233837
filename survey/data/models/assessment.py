"""The assessor's yearly cycle (评选年度): its settings and criteria, the enterprises' declarations (申报),
their assessment (考核) and the leading group's review (评审)."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import DeclarationState
from .base import Base
from .campaigns import Campaign
from .organisations import Enterprise

POINTS = Numeric(6, 2)


class Cycle(Base):
    """评选年度: one jurisdiction's campaign of one year, with its calendar and settings.

    ``min_scores`` is the minimum total per level (``{"A": "80"}``; none by default); ``notice_days``
    the length of the public notice (0 allowed). ``example_scheme``: the criteria are still the shipped
    example, unchanged."""

    __tablename__ = "cycle"
    __table_args__ = (Index("uq_cycle_year", "jurisdiction_id", "year", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"))
    year: Mapped[int] = mapped_column(Integer)
    self_check_from: Mapped[date | None] = mapped_column(Date)
    self_check_to: Mapped[date | None] = mapped_column(Date)
    declaration_deadline: Mapped[date | None] = mapped_column(Date)
    assessment_from: Mapped[date | None] = mapped_column(Date)
    assessment_to: Mapped[date | None] = mapped_column(Date)
    commendation_date: Mapped[date | None] = mapped_column(Date)
    notice_days: Mapped[int] = mapped_column(Integer, default=7)
    min_scores: Mapped[dict] = mapped_column(JSON, default=dict)
    example_scheme: Mapped[bool] = mapped_column(Boolean, default=True)
    # dynamic management and the board: a yellow card's months to rectify, the days before its deadline it is
    # "near", the cycles a delisted or revoked enterprise waits, the coverage the jurisdiction aims at (%)
    yellow_card_months: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    near_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    waiting_cycles: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    coverage_target: Mapped[int] = mapped_column(Integer, default=75, server_default="75")
    criteria: Mapped[list["Criterion"]] = relationship(
        order_by="Criterion.position", cascade="all, delete-orphan", back_populates="cycle")


class Criterion(Base):
    """评分标准条目: one line of a cycle's scheme, with its maximum points, or a veto (一票否决) line,
    which carries no points and fails the declaration when not met. ``levels``: the levels it applies to."""

    __tablename__ = "criterion"
    __table_args__ = (Index("uq_criterion_key", "cycle_id", "key", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(String(40))
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    max_points: Mapped[Decimal] = mapped_column(POINTS)
    veto: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_zh: Mapped[str] = mapped_column(Text, default="")
    evidence_en: Mapped[str] = mapped_column(Text, default="")
    levels: Mapped[list] = mapped_column(JSON, default=list)
    cycle: Mapped[Cycle] = relationship(back_populates="criteria")


class SettingChange(Base):
    """设置变更: who changed which setting when, from what to what (as text): a cycle's, or a jurisdiction's
    own (its days to answer a concern, colour rules, reporting windows) — one of the two."""

    __tablename__ = "setting_change"
    __table_args__ = (CheckConstraint("(cycle_id IS NULL) <> (jurisdiction_id IS NULL)",
                                      name="ck_setting_change_one_owner"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"), index=True)
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime]
    setting: Mapped[str] = mapped_column(String(60))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)


class Declaration(Base):
    """申报: an enterprise's application for a level in a cycle, with its sealed self-check vote.

    ``notice_ends``: the day the public notice is over, from which naming is possible.
    ``spot_check_campaign_id``: the assessor's own anonymous survey of the workers, if started."""

    __tablename__ = "declaration"
    __table_args__ = (Index("uq_declaration_cycle", "cycle_id", "enterprise_id", unique=True),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    level: Mapped[str] = mapped_column(String(3))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    seal_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(20), default=DeclarationState.DRAFT)
    notice_ends: Mapped[date | None] = mapped_column(Date)
    spot_check_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), unique=True)
    cycle: Mapped[Cycle] = relationship()
    enterprise: Mapped[Enterprise] = relationship()
    campaign: Mapped[Campaign] = relationship(foreign_keys=[campaign_id])
    events: Mapped[list["DeclarationEvent"]] = relationship(order_by="DeclarationEvent.id",
                                                            cascade="all, delete-orphan")
    scores: Mapped[list["CriterionScore"]] = relationship(cascade="all, delete-orphan")


class DeclarationEvent(Base):
    """申报记录: one transition of a declaration, by whom, when, with the reason or note given."""

    __tablename__ = "declaration_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text, default="")


class CriterionScore(Base):
    """评分: the chair's self-score and the assessor's score of one criterion, with the assessor's note.
    Points for a scored criterion; for a veto criterion ``self_met``/``met`` (met = no veto found)."""

    __tablename__ = "criterion_score"
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), primary_key=True)
    self_points: Mapped[Decimal | None] = mapped_column(POINTS)
    points: Mapped[Decimal | None] = mapped_column(POINTS)
    self_met: Mapped[bool | None] = mapped_column(Boolean)
    met: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")


class Evidence(Base):
    """佐证材料: a file for one criterion of a declaration. The file lies outside the database (under
    ``EVIDENCE_DIR``), named by its SHA-256, which is kept here."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime]


class DocumentCheck(Base):
    """查阅资料: documents the assessor checked at the enterprise, and what they found."""

    __tablename__ = "document_check"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    documents: Mapped[str] = mapped_column(Text)
    finding: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    day: Mapped[date] = mapped_column(Date)


class Forum(Base):
    """职工座谈会: a workers' forum the assessor held, with its attendees by category
    (``{"frontline": 8, …}``, the congress's categories) and the issues raised."""

    __tablename__ = "forum"
    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    attendees: Mapped[dict] = mapped_column(JSON, default=dict)
    issues: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))


class SignOff(Base):
    """会签意见: a department's opinion on the cycle's list (labour bureau, work safety, business federation…),
    recorded for the leading group's review."""

    __tablename__ = "sign_off"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    department: Mapped[str] = mapped_column(String(100))
    opinion: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    day: Mapped[date] = mapped_column(Date)
