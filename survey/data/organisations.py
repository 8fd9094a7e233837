"""The union hierarchy in SQL: jurisdictions (辖区) and their enterprises (企业)."""
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Enterprise, Jurisdiction


def jurisdiction(session: Session, jurisdiction_id: int) -> Jurisdiction | None:
    return session.get(Jurisdiction, jurisdiction_id)


def enterprise(session: Session, enterprise_id: int) -> Enterprise | None:
    return session.get(Enterprise, enterprise_id)


def parent_of(session: Session, jurisdiction_id: int) -> int | None:
    return session.scalar(select(Jurisdiction.parent_id).where(Jurisdiction.id == jurisdiction_id))


def children_of(session: Session, jurisdiction_ids: Iterable[int]) -> list[int]:
    return list(session.scalars(select(Jurisdiction.id).where(Jurisdiction.parent_id.in_(list(jurisdiction_ids)))))


def credit_code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(Enterprise.id).where(Enterprise.credit_code == code)) is not None


def enterprises(session: Session, jurisdiction_ids: Iterable[int] | None = None) -> list[Enterprise]:
    """Enterprises by name: all of them, or those of ``jurisdiction_ids``."""
    query = select(Enterprise).order_by(Enterprise.name)
    if jurisdiction_ids is not None:
        query = query.where(Enterprise.jurisdiction_id.in_(list(jurisdiction_ids)))
    return list(session.scalars(query))
