"""Who may see and change what: chairs their enterprise, assessors their jurisdiction's subtree."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..data.models import Enterprise, Jurisdiction, User
from .errors import Forbidden

ADMIN, ASSESSOR, CHAIR = "admin", "assessor", "chair"
ROLES = (ADMIN, ASSESSOR, CHAIR)


def jurisdiction_chain(session: Session, jurisdiction_id: int | None) -> list[int]:
    """The jurisdiction and all its ancestors, nearest first."""
    chain: list[int] = []
    while jurisdiction_id is not None and jurisdiction_id not in chain:
        chain.append(jurisdiction_id)
        jurisdiction_id = session.scalar(select(Jurisdiction.parent_id).where(Jurisdiction.id == jurisdiction_id))
    return chain


def can_read(session: Session, user: User, enterprise: Enterprise) -> bool:
    if user.role == ADMIN:
        return True
    if user.role == CHAIR:
        return user.enterprise_id == enterprise.id
    return user.role == ASSESSOR and user.jurisdiction_id in jurisdiction_chain(session, enterprise.jurisdiction_id)


def can_manage(user: User, enterprise: Enterprise) -> bool:
    """Running a vote is the enterprise union's job (and an admin's), not the assessor's."""
    return user.role == ADMIN or (user.role == CHAIR and user.enterprise_id == enterprise.id)


def require_read(session: Session, user: User, enterprise: Enterprise) -> None:
    if not can_read(session, user, enterprise):
        raise Forbidden("forbidden")


def require_manage(user: User, enterprise: Enterprise) -> None:
    if not can_manage(user, enterprise):
        raise Forbidden("forbidden")


def visible_enterprises(session: Session, user: User) -> list[Enterprise]:
    query = select(Enterprise).order_by(Enterprise.name)
    if user.role == CHAIR:
        query = query.where(Enterprise.id == user.enterprise_id)
    elif user.role == ASSESSOR:
        query = query.where(Enterprise.jurisdiction_id.in_(subtree(session, user.jurisdiction_id)))
    return list(session.scalars(query))


def subtree(session: Session, root: int | None) -> list[int]:
    """A jurisdiction and every jurisdiction below it."""
    found, frontier = [], [root] if root is not None else []
    while frontier:
        found += frontier
        frontier = list(session.scalars(select(Jurisdiction.id).where(Jurisdiction.parent_id.in_(frontier))))
    return found
