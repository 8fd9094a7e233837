"""What a code typed on /v is (选票码或签到码): normalised and hashed once, then looked up kind by kind.

Each kind is an entry of ``LOOKUPS``, tried in order, one query each; a new kind of code (a worker's
concern tracking code, an assessor's spot-check survey code) is a new entry, not a new branch.
"""
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from ..data import casting, congress_votes, congresses
from . import codes


class CodeKind(StrEnum):
    CAMPAIGN_BALLOT = "campaign_ballot"  # a satisfaction vote's ballot code
    AGENDA_BALLOT = "agenda_ballot"  # a congress motion's or election's ballot code
    SIGN_IN = "sign_in"  # a congress delegate's personal sign-in code
    UNKNOWN = "unknown"


LOOKUPS: tuple[tuple[CodeKind, Callable[[Session, str], object | None]], ...] = (
    (CodeKind.CAMPAIGN_BALLOT, casting.code_state),
    (CodeKind.AGENDA_BALLOT, congress_votes.code_state),
    (CodeKind.SIGN_IN, congresses.delegate_with_sign_in),
)


@dataclass(frozen=True)
class Resolved:
    """A code's kind, its canonical form and hash (None and "" when it cannot be a code), and what
    its lookup found: the satisfaction or congress code's state, or the delegate."""
    kind: CodeKind
    code: str | None
    hashed: str
    found: object | None = None


def typed(raw: str) -> tuple[str | None, str]:
    """The canonical code for what was typed and its hash, computed once; (None, "") if it cannot be a code."""
    code = codes.normalize(raw)
    return (code, codes.code_hash(code)) if code else (None, "")


def resolve(session: Session, raw: str) -> Resolved:
    return look_up(session, *typed(raw))


def look_up(session: Session, code: str | None, hashed: str) -> Resolved:
    """What a code already made canonical and hashed (``typed``) is."""
    if code is None:
        return Resolved(CodeKind.UNKNOWN, None, "")
    for kind, lookup in LOOKUPS:
        found = lookup(session, hashed)
        if found is not None:
            return Resolved(kind, code, hashed, found)
    return Resolved(CodeKind.UNKNOWN, code, hashed)
