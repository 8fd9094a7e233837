"""Staff accounts in SQL."""
from collections.abc import Iterable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .enums import Role
from .models import Enterprise, User


def user_named(session: Session, username: str, fresh: bool = False) -> User | None:
    """The user of this name; ``fresh`` reads the row again even if the session holds it (after an UPDATE)."""
    statement = select(User).where(User.username == username)
    if fresh:
        statement = statement.execution_options(populate_existing=True)
    return session.scalar(statement)


def user_with_key(session: Session, key_hash: str) -> User | None:
    """The user whose API key has this SHA-256."""
    return session.scalar(select(User).where(User.api_key_hash == key_hash))


def staff_of(session: Session, jurisdiction_ids: Iterable[int] | None) -> list[User]:
    """The chair and assessor accounts of these jurisdictions (None: all), by user name: assessors of
    the jurisdictions, chairs of their enterprises."""
    query = select(User).where(User.role != Role.ADMIN).order_by(User.username)
    if jurisdiction_ids is not None:
        ids = list(jurisdiction_ids)
        chairs = select(Enterprise.id).where(Enterprise.jurisdiction_id.in_(ids))
        query = query.where(or_(User.jurisdiction_id.in_(ids), User.enterprise_id.in_(chairs)))
    return list(session.scalars(query))
