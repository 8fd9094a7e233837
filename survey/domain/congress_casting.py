"""Casting a motion or election ballot: the code is consumed in the same transaction as the ballot
insert, exactly as for the satisfaction vote (``casting``), with the same refusals."""
import secrets
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..data import congress_votes as store
from ..data.congress import Candidate, Election
from . import lifecycle
from .agenda import CHOICES
from .casting import require_consumed, require_unused
from .errors import Forbidden, Invalid

Store = Callable[[Session, str], None]


def require_usable(hashed: str, state: store.CodeState | None) -> None:
    """The satisfaction vote's refusals: unknown, used, not open, closed."""
    require_unused(hashed, state)
    if state.state != lifecycle.OPEN:
        raise Forbidden("vote_not_open" if state.state == lifecycle.DRAFT else "vote_closed")


def _motion_ballot(item_id: int, choice: object) -> Store:
    if choice not in CHOICES:
        raise Invalid("bad_answers", errors={"choice": "not_an_option"})
    return lambda session, ballot_id: store.store_motion_ballot(session, ballot_id, item_id, str(choice))


def _election_ballot(session: Session, item_id: int, choices: object) -> Store:
    """Up to ``seats`` distinct candidates of this election; none at all is a blank ballot."""
    seats = session.scalar(select(Election.seats).where(Election.id == item_id))
    candidates = {str(c) for c in session.scalars(select(Candidate.id).where(Candidate.election_id == item_id))}
    marked = [str(c) for c in choices] if isinstance(choices, list | tuple) else None
    if marked is None or not set(marked) <= candidates or len(set(marked)) < len(marked):
        raise Invalid("bad_answers", errors={"choices": "not_an_option"})
    if len(marked) > seats:
        raise Invalid("bad_answers", errors={"choices": "congress_too_many_choices"}, seats=seats)
    chosen = [int(c) for c in marked]
    return lambda session, ballot_id: store.store_election_ballot(session, ballot_id, item_id, chosen)


def ballot_for(session: Session, state: store.CodeState, choice: object, choices: object) -> Store:
    """Check the ballot's content for the code's motion or election; what stores it once consumed."""
    if state.kind == "motion":
        return _motion_ballot(state.item_id, choice)
    return _election_ballot(session, state.item_id, choices)


def cast(session: Session, hashed: str, state: store.CodeState, choice: object = None, choices: object = None) -> str:
    """Store a motion ballot (``choice``) or an election ballot (``choices``: candidate ids) for the
    resolved code and return its hash for the receipt; raise when it cannot count."""
    require_usable(hashed, state)
    store_ballot = ballot_for(session, state, choice, choices)
    require_consumed(session, store.consume(session, hashed, state.item_id),
                     lambda: require_usable(hashed, store.code_state(session, hashed)))
    store_ballot(session, secrets.token_hex(16))
    session.commit()
    return hashed
