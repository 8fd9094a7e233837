"""Mediation as stored: the bodies of a set of jurisdictions and enterprises, their cases, and the case a
concern or a warning case was referred to."""
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .models import MediationBody, MediationCase


def bodies(session: Session, jurisdiction_ids: list[int] | None, enterprise_ids: list[int] | None) -> list[MediationBody]:
    """The bodies of these jurisdictions and of these enterprises (None: all), city and town first."""
    query = select(MediationBody)
    if jurisdiction_ids is not None or enterprise_ids is not None:
        query = query.where(or_(MediationBody.jurisdiction_id.in_(jurisdiction_ids or []),
                                MediationBody.enterprise_id.in_(enterprise_ids or [])))
    return list(session.scalars(query.order_by(MediationBody.enterprise_id.is_not(None), MediationBody.name,
                                               MediationBody.id)))


def cases_of(session: Session, body_id: int) -> list[MediationCase]:
    return list(session.scalars(select(MediationCase).where(MediationCase.body_id == body_id)
                                .order_by(MediationCase.received_on.desc(), MediationCase.id.desc())))


def referred_from_concern(session: Session, concern_id: str) -> MediationCase | None:
    return session.scalar(select(MediationCase).where(MediationCase.concern_id == concern_id))


def referred_from_warning(session: Session, warning_case_id: int) -> MediationCase | None:
    return session.scalar(select(MediationCase).where(MediationCase.warning_case_id == warning_case_id))
