"""Who may see and change what: chairs their enterprise, assessors their jurisdiction's subtree."""
from sqlalchemy.orm import Session

from ..data import organisations as store
from ..data.enums import Role
from ..data.models import Campaign, Enterprise, User
from .errors import Conflict, Forbidden, NotFound

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


def can_run(session: Session, user: User, campaign: Campaign) -> bool:
    """Who runs a vote (codes, opening, closing): its enterprise's chair and an admin; an assessor's
    spot-check survey (抽查测评) only those who administer the jurisdiction running it, never the chair."""
    if campaign.is_spot_check:
        return administers(session, user, campaign.run_by_jurisdiction_id)
    return can_manage(user, campaign.enterprise)


def can_see(session: Session, user: User, campaign: Campaign) -> bool:
    """Who sees a vote, its turnout, results and files: a spot-check survey is hidden from the chair."""
    if campaign.is_spot_check:
        return administers(session, user, campaign.run_by_jurisdiction_id)
    return can_read(session, user, campaign.enterprise)


def require_campaign(session: Session, user: User, campaign: Campaign, run: bool = False) -> None:
    if not (can_run if run else can_see)(session, user, campaign):
        raise Forbidden("forbidden")


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


def enterprises_under(session: Session, jurisdiction_id: int) -> dict[int, Enterprise]:
    """The enterprises of a jurisdiction and of every jurisdiction below it, by id (in name order)."""
    return {e.id: e for e in store.enterprises(session, subtree(session, jurisdiction_id))}


def subtree(session: Session, root: int | None) -> list[int]:
    """A jurisdiction and every jurisdiction below it."""
    found, frontier = [], [root] if root is not None else []
    while frontier:
        found += frontier
        frontier = store.children_of(session, frontier)
    return found


def administers(session: Session, user: User, jurisdiction_id: int | None) -> bool:
    """The office's rule (管理): an admin everywhere, an assessor in their jurisdiction and below it."""
    if user.role == ADMIN:
        return True
    return user.role == ASSESSOR and user.jurisdiction_id in jurisdiction_chain(session, jurisdiction_id)


def require_administer(session: Session, user: User, jurisdiction_id: int | None) -> None:
    if not administers(session, user, jurisdiction_id):
        raise Forbidden("forbidden")


def require_jurisdiction(session: Session, user: User, jurisdiction_id: int) -> None:
    """An existing jurisdiction the user administers: 404 when there is none, 403 when it is another's."""
    if store.jurisdiction(session, jurisdiction_id) is None:
        raise NotFound("not_found")
    require_administer(session, user, jurisdiction_id)


def administered(session: Session, user: User) -> list[int] | None:
    """The jurisdictions a user administers: None for all (an admin), else an assessor's subtree."""
    if user.role == ADMIN:
        return None
    return subtree(session, user.jurisdiction_id) if user.role == ASSESSOR else []


def account_jurisdiction(session: Session, account: User) -> int | None:
    """Where an account belongs: an assessor's jurisdiction, a chair's enterprise's."""
    if account.role == CHAIR:
        enterprise = store.enterprise(session, account.enterprise_id or 0)
        return enterprise.jurisdiction_id if enterprise else None
    return account.jurisdiction_id


def require_administer_account(session: Session, user: User, account: User) -> None:
    """Chair and assessor accounts of the user's jurisdictions; never an admin's, never one's own."""
    if account.role == ADMIN or account.id == user.id:
        raise Forbidden("forbidden")
    require_administer(session, user, account_jurisdiction(session, account))


def require_staffing(session: Session, user: User, enterprise: Enterprise) -> None:
    """Who may change an enterprise's headcount and departments: whoever administers it, and its own
    chair while none of its votes (satisfaction votes, motions, elections) is open."""
    if administers(session, user, enterprise.jurisdiction_id):
        return
    if user.role != CHAIR or user.enterprise_id != enterprise.id:
        raise Forbidden("forbidden")
    if store.open_votes(session, enterprise.id):
        raise Conflict("staffing_vote_open")
