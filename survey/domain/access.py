"""Who may see and change what: chairs their enterprise, assessors their jurisdiction's subtree."""
from sqlalchemy.orm import Session

from ..data import organisations as store
from ..data.enums import Role
from ..data.models import Enterprise, User
from .errors import Forbidden

ADMIN, ASSESSOR, CHAIR = Role.ADMIN, Role.ASSESSOR, Role.CHAIR
ROLES = tuple(Role)


def jurisdiction_chain(session: Session, jurisdiction_id: int | None) -> list[int]:
    """The jurisdiction and all its ancestors, nearest first."""
    chain: list[int] = []
    while jurisdiction_id is not None and jurisdiction_id not in chain:
        chain.append(jurisdiction_id)
        jurisdiction_id = store.parent_of(session, jurisdiction_id)
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
    if user.role == CHAIR:
        own = store.enterprise(session, user.enterprise_id) if user.enterprise_id is not None else None
        return [own] if own else []
    return store.enterprises(session, subtree(session, user.jurisdiction_id) if user.role == ASSESSOR else None)


def subtree(session: Session, root: int | None) -> list[int]:
    """A jurisdiction and every jurisdiction below it."""
    found, frontier = [], [root] if root is not None else []
    while frontier:
        found += frontier
        frontier = store.children_of(session, frontier)
    return found
