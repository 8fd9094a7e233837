"""Sign-in failures and session versions in the user row, each changed by one guarded UPDATE.

Counting in SQL (`failed_sign_ins + 1`) instead of reading and writing back keeps the count exact when
several workers or nodes handle attempts for the same account at once.
"""
from datetime import datetime

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from .models import User


def count_attempt(session: Session, username: str, now: datetime) -> int | None:
    """Count one attempt as a failure unless the account is blocked at `now`: the new count, or None
    (blocked or no such user)."""
    not_blocked = or_(User.blocked_until.is_(None), User.blocked_until <= now)
    return session.scalar(update(User).where(User.username == username, not_blocked)
                          .values(failed_sign_ins=User.failed_sign_ins + 1).returning(User.failed_sign_ins))


def block(session: Session, username: str, failures: int, until: datetime | None) -> None:
    """Block the account until `until` (None: not blocked) if no other attempt was counted meanwhile."""
    session.execute(update(User).where(User.username == username, User.failed_sign_ins == failures)
                    .values(blocked_until=until))


def reset(session: Session, user_id: int) -> None:
    session.execute(update(User).where(User.id == user_id).values(failed_sign_ins=0, blocked_until=None))


def next_session_version(session: Session, user_id: int) -> None:
    session.execute(update(User).where(User.id == user_id).values(session_version=User.session_version + 1))
