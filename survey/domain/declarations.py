"""The declaration (申报) and its state machine, one explicit operation per transition.

draft → submitted → under_assessment → assessed → in_review → on_notice → named, with returned (to the
chair, with reasons; submitted again), disqualified (with a reason) and withdrawn. Each operation checks
its actor — the enterprise's chair (or an admin) submits and withdraws; an assessor of the cycle's
jurisdiction or above it (or an admin) does the rest — raises Forbidden (403) for anyone else and
IllegalTransition (409) for a move the life cycle does not allow, and logs the move.
"""
from datetime import date, datetime, timedelta, tzinfo
from fractions import Fraction

from sqlalchemy.orm import Session

from ..data import declarations as store
from ..data.enums import DeclarationState, ElectorateSource
from ..data.models import Campaign, Cycle, Declaration, DeclarationEvent, Enterprise, Seal, User
from . import access, clock, levels, lifecycle, naming, rules, scoring, seals, titles
from .errors import Conflict, Forbidden, Invalid

State = DeclarationState
SELF_CHECK_LINE = Fraction(80)  # 80% or more (the score method: 80 points or more), inclusive
# by all workers (the headcount, or an electorate the chair gave) or by the congress: every source so far,
# named so that a new kind of electorate is not a self-check until it is listed here
SELF_CHECK_SOURCES = (ElectorateSource.HEADCOUNT, ElectorateSource.GIVEN, ElectorateSource.CONGRESS)
MAX_NOTE = 2000


# who may act


def is_chair(user: User, declaration: Declaration) -> bool:
    """The enterprise's own chair, or an admin."""
    return access.can_manage(user, declaration.enterprise)


def is_assessor(session: Session, user: User, declaration: Declaration) -> bool:
    """An assessor of the cycle's jurisdiction or of one above it, or an admin."""
    return access.administers(session, user, declaration.cycle.jurisdiction_id)


def can_see(session: Session, user: User, declaration: Declaration) -> bool:
    return is_chair(user, declaration) or is_assessor(session, user, declaration)


def require_see(session: Session, user: User, declaration: Declaration) -> None:
    if not can_see(session, user, declaration):
        raise Forbidden("forbidden")


def require_chair(user: User, declaration: Declaration) -> None:
    if not is_chair(user, declaration):
        raise Forbidden("forbidden")


def require_assessor(session: Session, user: User, declaration: Declaration) -> None:
    if not is_assessor(session, user, declaration):
        raise Forbidden("forbidden")


# creation


def vote_qualifies(method: str, summary: dict) -> bool:
    """A sealed tally qualifies a declaration: qualified under its own rules (composite ≥ threshold,
    floors, vetoes, turnout floor) and counted against the line of 80% or more, never a lower one."""
    line = SELF_CHECK_LINE * rules.scale(method)
    return bool(summary.get("qualified")) and summary.get("composite") is not None \
        and Fraction(summary["threshold"]) >= line and Fraction(summary["composite"]) >= line


def _sealed_self_check(session: Session, enterprise: Enterprise, campaign: Campaign | None, cycle: Cycle,
                       zone: tzinfo) -> Seal:
    """The vote's seal, if it is the enterprise's own closed, sealed and qualified self-check of the cycle's
    year (the year it closed in local time, ``zone``)."""
    refused = Invalid("declaration_vote_not_qualified")
    if campaign is None or campaign.enterprise_id != enterprise.id or not campaign.is_closed:
        raise refused
    sealed = seals.seal_if_closed(session, campaign)
    if sealed is None or campaign.electorate_source not in SELF_CHECK_SOURCES \
            or clock.local_year(campaign.closed_at, zone) != cycle.year \
            or campaign.is_spot_check or store.is_spot_check(session, campaign.id) \
            or not vote_qualifies(campaign.method, sealed.summary):
        raise refused
    return sealed


def create(session: Session, user: User, enterprise: Enterprise, cycle: Cycle, level: str,
           campaign: Campaign | None, now: datetime, zone: tzinfo) -> Declaration:
    """A draft declaration of the level sought, with the sealed self-check vote; by the enterprise's chair.

    The enterprise must belong to the cycle's jurisdiction or one below it; one declaration per cycle;
    the level must be allowed by the levels held before (``levels``); no title lost within the waiting period
    (``titles``)."""
    if not access.can_manage(user, enterprise):
        raise Forbidden("forbidden")
    if cycle.jurisdiction_id not in access.jurisdiction_chain(session, enterprise.jurisdiction_id):
        raise Invalid("invalid_input", errors={"cycle": "declaration_cycle_choice"})
    if level not in levels.LEVELS:
        raise Invalid("invalid_input", errors={"level": "level_choice"})
    if store.exists_in_cycle(session, cycle.id, enterprise.id):
        raise Conflict("declaration_exists")
    titles.require_no_wait(session, enterprise, cycle)
    if not levels.allowed(level, cycle.year, store.held_levels(session, enterprise.id, cycle.jurisdiction_id)):
        raise Invalid("declaration_level_not_allowed", level=level)
    sealed = _sealed_self_check(session, enterprise, campaign, cycle, zone)
    declaration = Declaration(cycle=cycle, enterprise=enterprise, level=level, campaign=campaign,
                              seal_sha256=sealed.sha256, state=State.DRAFT)
    session.add(declaration)
    _log(session, declaration, None, State.DRAFT, user, now, "")
    return declaration


# transitions


def _log(session: Session, declaration: Declaration, from_state: str | None, to_state: str, user: User,
         now: datetime, note: str) -> None:
    declaration.events.append(DeclarationEvent(from_state=from_state, to_state=to_state, user_id=user.id, at=now,
                                               note=note))
    session.flush()


def _move(session: Session, declaration: Declaration, target: State, user: User, now: datetime,
          note: str = "") -> Declaration:
    current = declaration.state
    declaration.state = lifecycle.DECLARATION.transition(current, target)
    _log(session, declaration, current, target, user, now, note)
    return declaration


def _reason(note: str) -> str:
    """A reason is required (returning, disqualifying) and bounded."""
    note = (note or "").strip()
    if not note or len(note) > MAX_NOTE:
        raise Invalid("invalid_input", errors={"note": "declaration_reason_required"})
    return note


def _note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise Invalid("invalid_input", errors={"note": "declaration_note_length"})
    return note


def score_of(session: Session, declaration: Declaration, own: bool = False) -> scoring.Score:
    """The assessor's score of the declaration (``own``: the chair's self-score) over the criteria of its level."""
    scored = store.scores_of(session, declaration.id)
    applying = scoring.applying(declaration.cycle.criteria, declaration.level)
    points = {key: (s.self_points if own else s.points) for key, s in scored.items()}
    met = {key: (s.self_met if own else s.met) for key, s in scored.items()}
    return scoring.score(applying, points, met)


def submit(session: Session, user: User, declaration: Declaration, today: date, now: datetime,
           note: str = "") -> Declaration:
    """The chair submits a draft by the declaration deadline, or submits a returned one again; every
    criterion self-scored. The cycle's minimum scores and criteria are fixed from now on."""
    require_chair(user, declaration)
    lifecycle.DECLARATION.transition(declaration.state, State.SUBMITTED)
    deadline = declaration.cycle.declaration_deadline
    if declaration.state == State.DRAFT and deadline is not None and today > deadline:
        raise Conflict("declaration_deadline_passed", deadline=deadline.isoformat())
    if score_of(session, declaration, own=True).missing:
        raise Conflict("declaration_self_scores_missing")
    return _move(session, declaration, State.SUBMITTED, user, now, _note(note))


def withdraw(session: Session, user: User, declaration: Declaration, now: datetime, note: str = "") -> Declaration:
    require_chair(user, declaration)
    return _move(session, declaration, State.WITHDRAWN, user, now, _note(note))


def return_(session: Session, user: User, declaration: Declaration, now: datetime, note: str) -> Declaration:
    """Back to the chair with the reasons, to be completed and submitted again."""
    require_assessor(session, user, declaration)
    return _move(session, declaration, State.RETURNED, user, now, _reason(note))


def assess(session: Session, user: User, declaration: Declaration, now: datetime, note: str = "") -> Declaration:
    """The assessment (考核) begins: the assessor scores, checks documents, holds a forum."""
    require_assessor(session, user, declaration)
    return _move(session, declaration, State.UNDER_ASSESSMENT, user, now, _note(note))


def disqualify(session: Session, user: User, declaration: Declaration, now: datetime, note: str) -> Declaration:
    require_assessor(session, user, declaration)
    return _move(session, declaration, State.DISQUALIFIED, user, now, _reason(note))


def conclude(session: Session, user: User, declaration: Declaration, now: datetime, note: str = "") -> Declaration:
    """The assessment is done: every criterion scored, no veto failed, the level's minimum reached.
    A declaration that fails is not concluded but disqualified, with its reason."""
    require_assessor(session, user, declaration)
    lifecycle.DECLARATION.transition(declaration.state, State.ASSESSED)
    scored = score_of(session, declaration)
    if scored.missing:
        raise Conflict("declaration_scores_missing", missing=", ".join(scored.missing))
    if scored.vetoed:
        raise Conflict("declaration_veto_failed", vetoes=", ".join(scored.vetoes_failed))
    if not scoring.reaches(scored.total, declaration.cycle.min_scores or {}, declaration.level):
        raise Conflict("declaration_below_minimum", total=scored.total,
                       minimum=declaration.cycle.min_scores[declaration.level])
    return _move(session, declaration, State.ASSESSED, user, now, _note(note))


def review(session: Session, user: User, declaration: Declaration, now: datetime, note: str = "") -> Declaration:
    """The leading group puts the declaration on its list (评审)."""
    require_assessor(session, user, declaration)
    return _move(session, declaration, State.IN_REVIEW, user, now, _note(note))


def notice(session: Session, user: User, declaration: Declaration, today: date, now: datetime,
           note: str = "") -> Declaration:
    """Public notice (公示) from today for the cycle's notice days: naming is possible from ``notice_ends``."""
    require_assessor(session, user, declaration)
    _move(session, declaration, State.ON_NOTICE, user, now, _note(note))
    declaration.notice_ends = today + timedelta(days=declaration.cycle.notice_days)
    return declaration


def naming_blockers(session: Session, declaration: Declaration, today: date) -> list[str]:
    """Why the declaration cannot be named today, as message keys; empty when it can. The one place
    every condition on naming is checked (the public notice; open objections join it)."""
    blockers = []
    if declaration.notice_ends is None or today < declaration.notice_ends:
        blockers.append("declaration_notice_running")
    if naming.open_count(session, declaration):
        blockers.append("objection_open")
    return blockers


def name(session: Session, user: User, declaration: Declaration, today: date, now: datetime,
         note: str = "") -> Declaration:
    """Naming (命名) once the public notice is over and nothing blocks it; its certificate and title (称号) are
    issued that day."""
    require_assessor(session, user, declaration)
    lifecycle.DECLARATION.transition(declaration.state, State.NAMED)
    blockers = naming_blockers(session, declaration, today)
    if blockers:
        raise Conflict(blockers[0], notice_ends=declaration.notice_ends.isoformat() if declaration.notice_ends else "")
    named = _move(session, declaration, State.NAMED, user, now, _note(note))
    naming.certificate(session, named, today)
    titles.of_declaration(session, named)
    return named


# each move by the name the API and the pages use, its target state, and whether it is the chair's
MOVES: dict[str, tuple[State, bool]] = {
    "submit": (State.SUBMITTED, True), "withdraw": (State.WITHDRAWN, True), "return": (State.RETURNED, False),
    "assess": (State.UNDER_ASSESSMENT, False), "disqualify": (State.DISQUALIFIED, False),
    "conclude": (State.ASSESSED, False), "review": (State.IN_REVIEW, False), "notice": (State.ON_NOTICE, False),
    "name": (State.NAMED, False),
}
NEEDS_REASON = ("return", "disqualify")


def moves_for(session: Session, user: User, declaration: Declaration) -> list[str]:
    """The moves this user may try now: their own, and legal from the current state (each still checks
    its conditions, such as the scores or the end of the notice)."""
    legal = lifecycle.DECLARATION.transitions.get(declaration.state, frozenset())
    return [move for move, (target, chairs) in MOVES.items() if target in legal
            and (is_chair(user, declaration) if chairs else is_assessor(session, user, declaration))]


def of_cycle(session: Session, cycle: Cycle) -> list[Declaration]:
    return store.of_cycle(session, cycle.id)


def of_enterprise(session: Session, enterprise: Enterprise) -> list[Declaration]:
    return store.of_enterprise(session, enterprise.id)
