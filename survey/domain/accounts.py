"""Staff accounts: passwords hashed (scrypt), API keys shown once and stored as SHA-256."""
import hashlib
import secrets

from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..data import accounts as store
from ..data import organisations
from ..data.models import User
from .access import ASSESSOR, CHAIR, ROLES
from .errors import Conflict, Invalid, NotFound

MIN_PASSWORD = 8
PASSWORD_METHOD = "scrypt"  # werkzeug's default; tests set a cheaper one
# Checked against when the user does not exist, so both answers take the same time.
_DUMMY_HASH = generate_password_hash("harmony-timing-equaliser")


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


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = store.user_named(session, username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if user.active and check_password_hash(user.password_hash, password) else None


def by_api_key(session: Session, api_key: str) -> User | None:
    user = store.user_with_key(session, key_hash(api_key))
    return user if user and user.active else None


def _existing(session: Session, username: str) -> User:
    user = store.user_named(session, username)
    if user is None:
        raise NotFound("not_found")
    return user


def new_api_key(session: Session, username: str) -> str:
    """Replace a user's API key (the old one stops working) and return the new one, to be shown once."""
    user = _existing(session, username)
    api_key = _fresh_key()
    user.api_key_hash = key_hash(api_key)
    return api_key


def set_password(session: Session, username: str, password: str, active: bool = True) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid("invalid_input", errors={"password": "password_short"})
    user = _existing(session, username)
    user.password_hash = generate_password_hash(password, PASSWORD_METHOD)
    user.active = active
