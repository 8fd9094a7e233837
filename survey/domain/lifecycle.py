"""Life cycle of a vote: draft → open → closed, as explicit states."""
from datetime import datetime

from .errors import IllegalTransition

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
TRANSITIONS = {DRAFT: {OPEN}, OPEN: {CLOSED}, CLOSED: set()}


def transition(current: str, target: str) -> str:
    """The new state, or IllegalTransition when the life cycle does not allow the move."""
    if target not in TRANSITIONS.get(current, set()):
        raise IllegalTransition(current, target)
    return target


def due_to_close(state: str, closes_at: datetime | None, now: datetime) -> bool:
    """An open vote whose closing time has come closes by itself."""
    return state == OPEN and closes_at is not None and closes_at <= now


def voting_status(state: str, opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str:
    """What a worker arriving now meets: `not_open`, `open` or `closed`."""
    if state == CLOSED or due_to_close(state, closes_at, now):
        return "closed"
    if state == DRAFT or (opens_at is not None and now < opens_at):
        return "not_open"
    return "open"
