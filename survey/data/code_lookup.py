"""Finding a typed code by its hash in the code tables the satisfaction vote's and the congress's
modules do not own: a delegate's personal sign-in code (签到码)."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from .congress import Delegate


def delegate_by_sign_in(session: Session, hashed: str) -> Delegate | None:
    """The delegate whose sign-in code has this hash; None for another code."""
    return session.scalar(select(Delegate).where(Delegate.signin_hash == hashed))
