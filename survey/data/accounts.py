"""Staff accounts in SQL."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import User


def user_named(session: Session, username: str, fresh: bool = False) -> User | None:
    """The user of this name; ``fresh`` reads the row again even if the session holds it (after an UPDATE)."""
    statement = select(User).where(User.username == username)
    if fresh:
        statement = statement.execution_options(populate_existing=True)
    return session.scalar(statement)


def user_with_key(session: Session, key_hash: str) -> User | None:
    """The user whose API key has this SHA-256."""
    return session.scalar(select(User).where(User.api_key_hash == key_hash))
