"""Workers' concerns as stored: found by their tracking code's hash, listed per enterprise, and the
escalated ones of a set of enterprises (unanswered after their due day)."""
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .enums import ConcernClosure, ConcernState
from .models import Concern, Enterprise


def by_hash(session: Session, code_hash: str) -> Concern | None:
    return session.scalar(select(Concern).where(Concern.code_hash == code_hash))


def enterprise_by_token(session: Session, token: str) -> Enterprise | None:
    return session.scalar(select(Enterprise).where(Enterprise.concern_token == token))


def of_enterprise(session: Session, enterprise_id: int) -> list[Concern]:
    """An enterprise's concerns, the earliest due first (by the day only: within a day, by random key)."""
    return list(session.scalars(select(Concern).where(Concern.enterprise_id == enterprise_id)
                                .order_by(Concern.due_on, Concern.id)))


def escalated(session: Session, enterprise_ids: list[int] | None, today: date) -> list[Concern]:
    """Concerns still unanswered after their due day, of these enterprises (None: all of them)."""
    query = select(Concern).where(Concern.state == ConcernState.OPEN, Concern.due_on < today)
    if enterprise_ids is not None:
        query = query.where(Concern.enterprise_id.in_(enterprise_ids))
    return list(session.scalars(query.order_by(Concern.due_on, Concern.id)))


def raised_on_day(session: Session, enterprise_id: int, day: date) -> int:
    return session.scalar(select(func.count()).select_from(Concern)
                          .where(Concern.enterprise_id == enterprise_id, Concern.raised_on == day))


def statistics(session: Session, enterprise_ids: list[int]) -> list[tuple]:
    """Per enterprise and category: concerns received, answered, answered by their due day, closed, and
    closed as solved — one aggregate over the concerns."""
    return [tuple(row) for row in session.execute(
        select(Concern.enterprise_id, Concern.category, func.count(),
               func.count(Concern.answered_in_time), func.count(case((Concern.answered_in_time.is_(True), 1))),
               func.count(case((Concern.state == ConcernState.CLOSED, 1))),
               func.count(case((Concern.closure == ConcernClosure.SOLVED, 1))))
        .where(Concern.enterprise_id.in_(enterprise_ids))
        .group_by(Concern.enterprise_id, Concern.category).order_by(Concern.enterprise_id, Concern.category))]


def ledger(session: Session, enterprise_ids: list[int]) -> list[Concern]:
    """The concerns of these enterprises for the ledger, by enterprise and day."""
    return list(session.scalars(select(Concern).where(Concern.enterprise_id.in_(enterprise_ids))
                                .order_by(Concern.enterprise_id, Concern.raised_on, Concern.id)))
