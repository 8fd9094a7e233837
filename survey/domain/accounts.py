"""Staff accounts: passwords hashed (scrypt), API keys shown once and stored as SHA-256.

Sign-in protection lives in the user row, so it holds on every worker and node: failed sign-ins
(登录失败) are counted and, past a threshold, the account refuses sign-ins for a back-off delay that
doubles with each further failure. A session version ends every session of a user at once.
"""
import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..data import accounts as store
from ..data import organisations, sign_ins
from ..data.models import User
from .access import ASSESSOR, CHAIR, ROLES
from .errors import Conflict, HarmonyError, Invalid, NotFound

MIN_PASSWORD = 8
PASSWORD_METHOD = "scrypt"  # werkzeug's default; tests set a cheaper one
# Checked against when the user does not exist, so both answers take the same time.
_DUMMY_HASH = generate_password_hash("harmony-timing-equaliser")


@dataclass(frozen=True)
class Backoff:
    """After `failures` failed sign-ins in a row the account waits `start`, doubled per further failure, at most `cap`."""

    failures: int = 5
    start: timedelta = timedelta(minutes=1)
    cap: timedelta = timedelta(hours=1)

    def blocked_until(self, failures: int, last_failure: datetime) -> datetime | None:
        """When an account with `failures` failures in a row, the last at `last_failure`, may try again."""
        if failures < self.failures:
            return None
        doublings = min(failures - self.failures, 32)  # 2**32 minutes is past any cap; keeps the number small
        return last_failure + min(self.start * 2 ** doublings, self.cap)


class SignInBlocked(HarmonyError):
    """Too many failed sign-ins: the account refuses even the right password until the delay has passed."""

    status = 429

    def __init__(self, until: datetime, now: datetime):
        super().__init__("sign_in_blocked", minutes=max(1, math.ceil((until - now).total_seconds() / 60)))


def key_hash(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


def _fresh_key() -> str:
    return "hk_" + secrets.token_urlsafe(32)


def create_user(session: Session, username: str, password: str, role: str,
                enterprise_id: int | None = None, jurisdiction_id: int | None = None) -> tuple[User, str]:
    """A new user and their API key (plain, to be shown once)."""
    errors = {}
    if not 1 <= len(username) <= 80:
        errors["username"] = "username_length"
    if len(password) < MIN_PASSWORD:
        errors["password"] = "password_short"
    if role not in ROLES:
        errors["role"] = "role_choice"
    if role == CHAIR and organisations.enterprise(session, enterprise_id or 0) is None:
        errors["enterprise"] = "enterprise_required"
    if role == ASSESSOR and organisations.jurisdiction(session, jurisdiction_id or 0) is None:
        errors["jurisdiction"] = "jurisdiction_required"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if store.user_named(session, username):
        raise Conflict("username_taken")
    api_key = _fresh_key()
    user = User(username=username, password_hash=generate_password_hash(password, PASSWORD_METHOD), role=role,
                enterprise_id=enterprise_id if role == CHAIR else None,
                jurisdiction_id=jurisdiction_id if role == ASSESSOR else None,
                api_key_hash=key_hash(api_key), active=True)
    session.add(user)
    session.flush()
    return user, api_key


def count_attempt(session: Session, username: str, now: datetime, backoff: Backoff = Backoff()) -> int | None:
    """Count a sign-in attempt as a failure before its password is checked: the failures in a row, or
    None while the account waits out its back-off (or no such user).

    The caller commits it at once, so parallel attempts on any node cannot get more guesses than the
    threshold, and no lock is held during the slow hash.
    """
    failures = sign_ins.count_attempt(session, username, now)
    if failures is not None:
        sign_ins.block(session, username, failures, backoff.blocked_until(failures, now))
    return failures


def authenticate(session: Session, username: str, password: str, failures: int | None, now: datetime) -> User | None:
    """The user if the password is right, given the attempt ``count_attempt`` counted (committed); None
    if not — an unknown name answers the same, in the same time. Raises SignInBlocked while the
    account waits out its back-off."""
    user = store.user_named(session, username, fresh=True)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if failures is None:
        raise SignInBlocked(user.blocked_until or now, now)  # or: reset by a success just now
    if not (user.active and check_password_hash(user.password_hash, password)):
        return None
    sign_ins.reset(session, user.id)
    return user


def end_sessions(session: Session, user: User) -> None:
    """Every signed-in browser of this user is signed out at its next request (logout, new credentials)."""
    sign_ins.next_session_version(session, user.id)


def by_api_key(session: Session, api_key: str) -> User | None:
    user = store.user_with_key(session, key_hash(api_key))
    return user if user and user.active else None


def _existing(session: Session, username: str) -> User:
    user = store.user_named(session, username)
    if user is None:
        raise NotFound("not_found")
    return user


def new_api_key(session: Session, username: str) -> str:
    return replace_api_key(session, _existing(session, username))


def replace_api_key(session: Session, user: User) -> str:
    """Replace a user's API key (the old one stops working) and return the new one, to be shown once."""
    api_key = _fresh_key()
    user.api_key_hash = key_hash(api_key)
    end_sessions(session, user)
    return api_key


def set_password(session: Session, username: str, password: str, active: bool = True) -> None:
    user = _existing(session, username)
    reset_password(session, user, password)
    user.active = active


def reset_password(session: Session, user: User, password: str) -> None:
    """A new password (重置密码); every session of the user ends."""
    if len(password) < MIN_PASSWORD:
        raise Invalid("invalid_input", errors={"password": "password_short"})
    user.password_hash = generate_password_hash(password, PASSWORD_METHOD)
    end_sessions(session, user)


def set_active(session: Session, user: User, active: bool) -> None:
    """Disable (停用) or enable an account. A disabled one cannot sign in nor use its API key, and its
    sessions end."""
    user.active = active
    end_sessions(session, user)
