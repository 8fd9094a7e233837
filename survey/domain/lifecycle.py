"""Life cycles as explicit state machines (状态机), one per entity, sharing one small class.

A satisfaction vote goes draft → open → sealing → closed: sealing (封存中) it takes no more ballots
and its seal is being written, its results still hidden. A congress session and each motion or
election go draft → open → closed;
a declaration (申报) has its own table, ``DECLARATION``, and a named enterprise's title (称号) ``TITLE``.
"""
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from ..data.enums import AgendaItemState, CampaignState, CongressState, DeclarationState, TitleState
from .errors import Conflict, IllegalTransition

State = TypeVar("State", bound=StrEnum)


class StateMachine(Generic[State]):
    """The moves ``transitions`` allows between the members of ``states``; no other move is legal."""

    def __init__(self, states: type[State], transitions: Mapping[State, frozenset[State]]):
        self.states = states
        self.transitions = transitions

    def transition(self, current: str, target: str) -> State:
        """The new state, or IllegalTransition when the life cycle does not allow the move."""
        if target not in self.transitions.get(current, frozenset()):
            raise IllegalTransition(current, target)
        return self.states(target)


def _draft_open_closed(states: type[State]) -> StateMachine[State]:
    return StateMachine(states, {states("draft"): frozenset({states("open")}),
                                 states("open"): frozenset({states("closed")}), states("closed"): frozenset()})


_C = CampaignState
CAMPAIGN = StateMachine(CampaignState, {_C.DRAFT: frozenset({_C.OPEN}), _C.OPEN: frozenset({_C.SEALING}),
                                        _C.SEALING: frozenset({_C.CLOSED}), _C.CLOSED: frozenset()})
CONGRESS = _draft_open_closed(CongressState)
AGENDA_ITEM = _draft_open_closed(AgendaItemState)

_D = DeclarationState
# Returned goes back to the chair, who submits again; disqualified (on the spot, or upon an objection
# found true) and withdrawn (by the enterprise, at any time before naming) end a declaration, as naming does.
DECLARATION = StateMachine(DeclarationState, {
    _D.DRAFT: frozenset({_D.SUBMITTED, _D.WITHDRAWN}),
    _D.SUBMITTED: frozenset({_D.UNDER_ASSESSMENT, _D.RETURNED, _D.WITHDRAWN}),
    _D.RETURNED: frozenset({_D.SUBMITTED, _D.WITHDRAWN}),
    _D.UNDER_ASSESSMENT: frozenset({_D.ASSESSED, _D.RETURNED, _D.DISQUALIFIED, _D.WITHDRAWN}),
    _D.ASSESSED: frozenset({_D.IN_REVIEW, _D.DISQUALIFIED, _D.WITHDRAWN}),
    _D.IN_REVIEW: frozenset({_D.ON_NOTICE, _D.DISQUALIFIED, _D.WITHDRAWN}),
    _D.ON_NOTICE: frozenset({_D.NAMED, _D.DISQUALIFIED, _D.WITHDRAWN}),
    _D.NAMED: frozenset(), _D.DISQUALIFIED: frozenset(), _D.WITHDRAWN: frozenset(),
})

_T = TitleState
# A yellow card is rectified (back to named) or ends in delisting; revocation ends a standing title at once.
TITLE = StateMachine(TitleState, {
    _T.NAMED: frozenset({_T.YELLOW_CARD, _T.REVOKED}),
    _T.YELLOW_CARD: frozenset({_T.NAMED, _T.DELISTED, _T.REVOKED}),
    _T.DELISTED: frozenset(), _T.REVOKED: frozenset(),
})


def due_to_close(state: str, closes_at: datetime | None, now: datetime) -> bool:
    """An open vote whose closing time has come closes by itself."""
    return state == CampaignState.OPEN and closes_at is not None and closes_at <= now


def voting_status(state: str, opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str:
    """What a worker arriving now meets: `not_open`, `open` or `closed` (a vote being sealed too)."""
    if state in (CampaignState.SEALING, CampaignState.CLOSED) or due_to_close(state, closes_at, now):
        return "closed"
    if state == CampaignState.DRAFT or (opens_at is not None and now < opens_at):
        return "not_open"
    return "open"


def require_results(state: str) -> None:
    """Results are shown of a closed vote only: 409 ``results_hidden`` while it is open, ``results_sealing``
    while its seal is being written."""
    if state != CampaignState.CLOSED:
        raise Conflict("results_sealing" if state == CampaignState.SEALING else "results_hidden")
