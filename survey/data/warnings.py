"""The early-warning watch as stored: points, rules, windows, reports and cases of a set of enterprises or
jurisdictions, and the signals Harmony reads from its own records (the latest vote's verdict, the
overdue concerns, the concerns raised in a span of days)."""
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .enums import CampaignState, ConcernState, Role, WarningCaseState
from .models import (Campaign, ColourRule, Concern, Enterprise, ReportingWindow, Seal, User, WarningCase,
                     WarningPoint, WarningReport)


def point_of(session: Session, enterprise_id: int) -> WarningPoint | None:
    return session.scalar(select(WarningPoint).where(WarningPoint.enterprise_id == enterprise_id))


def points(session: Session, enterprise_ids: list[int]) -> list[WarningPoint]:
    return list(session.scalars(select(WarningPoint).where(WarningPoint.enterprise_id.in_(enterprise_ids))))


def rules_of(session: Session, jurisdiction_id: int) -> list[ColourRule]:
    return list(session.scalars(select(ColourRule).where(ColourRule.jurisdiction_id == jurisdiction_id)
                                .order_by(ColourRule.position)))


def windows(session: Session, jurisdiction_ids: list[int]) -> list[ReportingWindow]:
    return list(session.scalars(select(ReportingWindow).where(ReportingWindow.jurisdiction_id.in_(jurisdiction_ids))
                                .order_by(ReportingWindow.starts_on)))


def reports(session: Session, enterprise_ids: list[int]) -> list[WarningReport]:
    """The reports of these enterprises, oldest first."""
    return list(session.scalars(select(WarningReport).where(WarningReport.enterprise_id.in_(enterprise_ids))
                                .order_by(WarningReport.reported_on, WarningReport.id)))


def periodic_report(session: Session, enterprise_id: int, period: str) -> WarningReport | None:
    return session.scalar(select(WarningReport).where(WarningReport.enterprise_id == enterprise_id,
                                                      WarningReport.period == period))


def open_cases(session: Session, enterprise_ids: list[int]) -> list[WarningCase]:
    return list(session.scalars(
        select(WarningCase).join(WarningReport).where(WarningReport.enterprise_id.in_(enterprise_ids),
                                                      WarningCase.state == WarningCaseState.OPEN)
        .order_by(WarningCase.due_on, WarningCase.id)))


def latest_vote_qualified(session: Session, enterprise_id: int) -> bool | None:
    """Whether the enterprise's most recently closed, sealed vote qualified; None without one."""
    summary = session.scalar(select(Seal.summary).join(Campaign, Campaign.id == Seal.campaign_id)
                             .where(Campaign.enterprise_id == enterprise_id, Campaign.state == CampaignState.CLOSED)
                             .order_by(Campaign.closed_at.desc(), Campaign.id.desc()).limit(1))
    return None if summary is None else bool(summary["qualified"])


def concerns_overdue(session: Session, enterprise_id: int, today: date) -> int:
    return session.scalar(select(func.count()).select_from(Concern).where(
        Concern.enterprise_id == enterprise_id, Concern.state == ConcernState.OPEN, Concern.due_on < today))


def concerns_raised(session: Session, enterprise_id: int, first: date, last: date) -> int:
    """The concerns raised at an enterprise from ``first`` to ``last``, both days included."""
    return session.scalar(select(func.count()).select_from(Concern).where(
        Concern.enterprise_id == enterprise_id, Concern.raised_on >= first, Concern.raised_on <= last))


def enterprise_names(session: Session, enterprise_ids: list[int]) -> dict[int, str]:
    return dict(session.execute(select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(enterprise_ids))).all())


def chair_of(session: Session, enterprise_id: int) -> User | None:
    """The enterprise's first active chair account, the liaison a warning point gets by default."""
    return session.scalar(select(User).where(User.enterprise_id == enterprise_id, User.role == Role.CHAIR,
                                             User.active.is_(True)).order_by(User.id).limit(1))
