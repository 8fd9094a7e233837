"""The labour-relations early-warning watch (劳动关系预警): the enterprises watched as warning points with
their liaison, the jurisdictions' colour rules and intensified reporting windows, the reports, and the
cases a red report or an event opens for the upper union."""
from datetime import date
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import WarningCaseState
from .base import Base


class WarningPoint(Base):
    """预警点: an enterprise watched, and the account that reports for it (its chair by default)."""

    __tablename__ = "warning_point"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), unique=True)
    liaison_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    designated_on: Mapped[date] = mapped_column(Date)


class ColourRule(Base):
    """预警规则: indicator, comparison and value give a level; the highest level matched is the report's."""

    __tablename__ = "colour_rule"
    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(40))
    comparison: Mapped[str] = mapped_column(String(2))
    value: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    level: Mapped[str] = mapped_column(String(8))


class ReportingWindow(Base):
    """An intensified reporting window (holidays, major meetings): a report is due every week inside it."""

    __tablename__ = "reporting_window"
    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)


class WarningReport(Base):
    """预警报告: a periodic report (``period`` "2026-05", "2026-10", or a window's week "2026-W40") or an
    event reported at once, with its indicators, Harmony's own signals and the level they give."""

    __tablename__ = "warning_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprise.id"), index=True)
    period: Mapped[str | None] = mapped_column(String(8))
    event: Mapped[bool] = mapped_column(Boolean, default=False)
    indicators: Mapped[dict] = mapped_column(JSON)
    signals: Mapped[dict] = mapped_column(JSON)
    narrative: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(8))
    reported_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    reported_on: Mapped[date] = mapped_column(Date)
    case: Mapped["WarningCase | None"] = relationship(back_populates="report", uselist=False)


class WarningCase(Base):
    """预警处置: what a red report or an event asks of the upper union — an owner, a response deadline,
    and closing only with the actions taken."""

    __tablename__ = "warning_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("warning_report.id"), unique=True)
    state: Mapped[str] = mapped_column(String(8), default=WarningCaseState.OPEN)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    due_on: Mapped[date] = mapped_column(Date)
    actions: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    report: Mapped[WarningReport] = relationship(back_populates="case", lazy="joined")
