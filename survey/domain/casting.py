"""Casting a ballot (投票): the code is consumed in the same transaction as the ballot insert."""
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from ..data import casting as store
from ..data.forms import form_rows
from . import lifecycle
from .errors import Conflict, Forbidden, Invalid, NotFound
from .voting import Form, build_form, check_answers

# The forms of open votes, per process: a vote's questionnaire is frozen once it opens.
_frozen: dict[int, Form] = {}


def forget_forms() -> None:
    """Drop the cached forms (a process that switches databases, such as the test suite)."""
    _frozen.clear()


def frozen_form(session: Session, campaign_id: int) -> Form:
    """The form of an opened (or closed) campaign, loaded once per process."""
    if campaign_id not in _frozen:
        _frozen[campaign_id] = build_form(campaign_id, form_rows(session, campaign_id))
    return _frozen[campaign_id]


def require_unused(hashed: str, state: object | None) -> None:
    """Refuse an unknown code (no state) or a used one."""
    if state is None:
        raise NotFound("unknown_code")
    if state.used:
        raise Conflict("code_used", hashed=hashed)


def require_consumed(session: Session, consumed: bool, recheck: Callable[[], object]) -> None:
    """When the guarded UPDATE matched no code, roll back and raise why: used meanwhile, or closed."""
    if not consumed:
        session.rollback()
        recheck()
        raise Forbidden("vote_closed")


def require_usable(hashed: str, state: store.CodeState | None, now: datetime) -> None:
    """Refuse a code that cannot count now: unknown, used, vote not open yet, or closed."""
    require_unused(hashed, state)
    status = lifecycle.voting_status(state.state, state.opens_at, state.closes_at, now)
    if status != "open":
        raise Forbidden(f"vote_{status}", opens_at=state.opens_at)


def cast_at_once(session: Session, hashed: str, answers: dict, now: datetime) -> str | None:
    """The usual ballot in as few statements as it takes, committed at once in a transaction of its
    own: the code consumed by the guarded UPDATE that also finds its campaign, the answers checked,
    the ballot stored; the hash for the receipt. None, with nothing changed, for anything else
    (unknown, used, closed, a congress code, answers to correct): the caller looks the code up and
    casts it with ``cast``, which says why. ``hashed`` "": what was typed cannot be a code."""
    def answers_for(campaign_id: int) -> tuple[bool, tuple] | None:
        checked = check_answers(frozen_form(session, campaign_id), answers)
        return None if checked.errors else (checked.valid, checked.rows)
    return hashed if hashed and store.cast_alone(session, hashed, now, answers_for) else None


def cast(session: Session, hashed: str, state: store.CodeState, answers: dict, now: datetime) -> str:
    """Store a ballot for the resolved code, for the caller to commit, and return its hash (for the
    receipt); raise when it cannot count."""
    require_usable(hashed, state, now)
    checked = check_answers(frozen_form(session, state.campaign_id), answers)
    if checked.errors:
        raise Invalid("bad_answers", errors=checked.errors)
    # No commit between the read and the writes: SQLite read outside a transaction (the UPDATE then
    # takes the write lock with its busy timeout) and PostgreSQL reads committed data per statement.
    consumed = store.consume_and_store(session, hashed, state.campaign_id, checked.valid, checked.rows, now)
    require_consumed(session, consumed, lambda: require_usable(hashed, store.code_state(session, hashed), now))
    return hashed
