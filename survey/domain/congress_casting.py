"""Casting a motion or election ballot: the code is consumed in the same transaction as the ballot
insert, exactly as for the satisfaction vote (``casting``), with the same refusals."""
from sqlalchemy.orm import Session

from ..data import congress_votes as store
from ..data.enums import AgendaItemState, AgendaKind
from .agenda import CHOICES
from .casting import require_consumed, require_unused
from .errors import Forbidden, Invalid


def require_usable(hashed: str, state: store.CodeState | None) -> None:
    """The satisfaction vote's refusals: unknown, used, not open, closed."""
    require_unused(hashed, state)
    if state.state != AgendaItemState.OPEN:
        raise Forbidden("vote_not_open" if state.state == AgendaItemState.DRAFT else "vote_closed")


def _motion_ballot(motion_id: int, choice: object) -> store.Writes:
    if choice not in CHOICES:
        raise Invalid("bad_answers", errors={"choice": "not_an_option"})
    return store.motion_ballot(motion_id, str(choice))


def _election_ballot(session: Session, election_id: int, choices: object) -> store.Writes:
    """Up to ``seats`` distinct candidates of this election; none at all is a blank ballot."""
    seats, candidate_ids = store.election_form(session, election_id)
    candidates = {str(c) for c in candidate_ids}
    marked = [str(c) for c in choices] if isinstance(choices, list | tuple) else None
    if marked is None or not set(marked) <= candidates or len(set(marked)) < len(marked):
        raise Invalid("bad_answers", errors={"choices": "not_an_option"})
    if len(marked) > seats:
        raise Invalid("bad_answers", errors={"choices": "congress_too_many_choices"}, seats=seats)
    return store.election_ballot(election_id, [int(c) for c in marked])


def ballot_for(session: Session, state: store.CodeState, choice: object, choices: object) -> store.Writes:
    """Check the ballot's content for the code's motion or election; the rows that store it once consumed."""
    if state.kind == AgendaKind.MOTION:
        return _motion_ballot(state.agenda_item_id, choice)
    return _election_ballot(session, state.agenda_item_id, choices)


def cast(session: Session, hashed: str, state: store.CodeState, choice: object = None, choices: object = None) -> str:
    """Store a motion ballot (``choice``) or an election ballot (``choices``: candidate ids) for the
    resolved code and return its hash for the receipt (the caller commits); raise when it cannot count."""
    require_usable(hashed, state)
    writes = ballot_for(session, state, choice, choices)
    consumed = store.cast(session, hashed, state.agenda_item_id, writes)
    require_consumed(session, consumed, lambda: require_usable(hashed, store.code_state(session, hashed)))
    return hashed
