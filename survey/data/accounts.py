"""Staff accounts in SQL."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import User


def user_named(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def user_with_key(session: Session, key_hash: str) -> User | None:
    """The user whose API key has this SHA-256."""
    return session.scalar(select(User).where(User.api_key_hash == key_hash))
