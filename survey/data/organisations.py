"""The union hierarchy in SQL: jurisdictions (辖区) and their enterprises (企业)."""
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .enums import AgendaItemState, CampaignState
from .models import AgendaItem, Campaign, Congress, Enterprise, Jurisdiction


def jurisdiction(session: Session, jurisdiction_id: int) -> Jurisdiction | None:
    return session.get(Jurisdiction, jurisdiction_id)


def enterprise(session: Session, enterprise_id: int) -> Enterprise | None:
    return session.get(Enterprise, enterprise_id)


def parent_of(session: Session, jurisdiction_id: int) -> int | None:
    return session.scalar(select(Jurisdiction.parent_id).where(Jurisdiction.id == jurisdiction_id))


def children_of(session: Session, jurisdiction_ids: Iterable[int]) -> list[int]:
    return list(session.scalars(select(Jurisdiction.id).where(Jurisdiction.parent_id.in_(list(jurisdiction_ids)))))


def _exists(session: Session, statement, model, other_than) -> bool:
    if other_than is not None:
        statement = statement.where(model.id != other_than.id)
    return session.scalar(statement.limit(1)) is not None


def credit_code_taken(session: Session, code: str, other_than: Enterprise | None = None) -> bool:
    return _exists(session, select(Enterprise.id).where(Enterprise.credit_code == code), Enterprise, other_than)


def enterprise_named(session: Session, name: str, jurisdiction_id: int | None,
                     other_than: Enterprise | None = None) -> bool:
    """Whether another enterprise of the jurisdiction has this name."""
    statement = select(Enterprise.id).where(Enterprise.name == name, Enterprise.jurisdiction_id == jurisdiction_id)
    return _exists(session, statement, Enterprise, other_than)


def jurisdiction_named(session: Session, name: str, parent_id: int | None,
                       other_than: Jurisdiction | None = None) -> bool:
    """Whether another jurisdiction under the same parent (or another top one) has this name."""
    parent = Jurisdiction.parent_id.is_(None) if parent_id is None else Jurisdiction.parent_id == parent_id
    return _exists(session, select(Jurisdiction.id).where(Jurisdiction.name == name, parent), Jurisdiction, other_than)


def jurisdictions(session: Session, jurisdiction_ids: Iterable[int] | None = None) -> list[Jurisdiction]:
    """Jurisdictions by name: all of them, or those of ``jurisdiction_ids``."""
    query = select(Jurisdiction).order_by(Jurisdiction.name, Jurisdiction.id)
    if jurisdiction_ids is not None:
        query = query.where(Jurisdiction.id.in_(list(jurisdiction_ids)))
    return list(session.scalars(query))


def open_votes(session: Session, enterprise_id: int) -> int:
    """How many of the enterprise's satisfaction votes, motions and elections are open."""
    campaigns = select(func.count()).select_from(Campaign).where(
        Campaign.enterprise_id == enterprise_id, Campaign.state == CampaignState.OPEN).scalar_subquery()
    ballots = select(func.count()).select_from(AgendaItem).join(Congress).where(
        Congress.enterprise_id == enterprise_id, AgendaItem.state == AgendaItemState.OPEN).scalar_subquery()
    return session.scalar(select(campaigns + ballots))


def enterprises(session: Session, jurisdiction_ids: Iterable[int] | None = None) -> list[Enterprise]:
    """Enterprises by name: all of them, or those of ``jurisdiction_ids``."""
    query = select(Enterprise).order_by(Enterprise.name)
    if jurisdiction_ids is not None:
        query = query.where(Enterprise.jurisdiction_id.in_(list(jurisdiction_ids)))
    return list(session.scalars(query))
