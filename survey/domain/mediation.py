"""Labour-dispute mediation (劳动争议调解): bodies at city, town and enterprise level with their mediators,
and their cases — the parties, the claim, the sessions held and how the case ended.

A case is open until it ends, once, in an agreement (调解协议: the terms agreed and the mediator, printed
as the 调解协议书), a referral to arbitration (仲裁) or to court (诉讼), or its withdrawal; receiving it
and ending it are logged with who did it and on which day. Who sees a body sees its cases in full, the worker's side
included, and no one else does: the assessors who administer the body's jurisdiction (for an
enterprise's body, the enterprise's jurisdiction) and, for an enterprise's body, its chair.

A workers' concern closed as referred, or a warning case, can be referred to a body that serves its
enterprise (the enterprise's own, or one of a jurisdiction above it); the two keep the link both ways.
The referral copies nothing of the worker: the parties are what the referrer writes.
"""
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy.orm import Session

from ..data import mediation as store
from ..data.enums import ConcernClosure, ConcernState, MediationLevel, MediationState, Role
from ..data.models import (Concern, Enterprise, MediationBody, MediationCase, MediationEvent, MediationSession,
                           Mediator, User, WarningCase)
from . import access, concerns
from .errors import Conflict, Forbidden, IllegalTransition, Invalid, NotFound
from .plain_text import plain

NAME_MAX, PLACE_MAX, TEXT_MAX = 100, 200, 2000
MEDIATOR_MAX = 50
# The state machine: an open case ends once, in one of these.
TRANSITIONS = {MediationState.OPEN: (MediationState.AGREEMENT, MediationState.REFERRED_ARBITRATION,
                                     MediationState.REFERRED_COURT, MediationState.WITHDRAWN)}


def _checked(errors: dict[str, str]) -> None:
    if errors:
        raise Invalid("invalid_input", errors=errors)


def _text(value: str | None, field: str, errors: dict[str, str], maximum: int = TEXT_MAX, minimum: int = 1) -> str:
    return plain(value, field, errors, maximum=maximum, minimum=minimum, length_key="mediation_text_length")


def _jurisdiction_of(session: Session, body: MediationBody) -> int:
    if body.enterprise_id is None:
        return body.jurisdiction_id
    return session.get(Enterprise, body.enterprise_id).jurisdiction_id


def can_see(session: Session, user: User, body: MediationBody) -> bool:
    """The body's jurisdiction's assessors (and admins); for an enterprise's body also its chair."""
    if body.enterprise_id is not None and user.role == Role.CHAIR:
        return user.enterprise_id == body.enterprise_id
    return access.administers(session, user, _jurisdiction_of(session, body))


def _require(session: Session, user: User, body: MediationBody) -> None:
    if not can_see(session, user, body):
        raise Forbidden("forbidden")


def create_body(session: Session, user: User, name: str, level: str, jurisdiction_id: int | None,
                enterprise_id: int | None) -> MediationBody:
    """A city or town body of a jurisdiction, or an enterprise's own (its chair may set it up)."""
    errors: dict[str, str] = {}
    name = _text(name, "name", errors, NAME_MAX)
    if level not in set(MediationLevel) or (level == MediationLevel.ENTERPRISE) != (enterprise_id is not None) \
            or (jurisdiction_id is None) == (enterprise_id is None):
        errors["level"] = "mediation_level_choice"
    _checked(errors)
    if enterprise_id is not None:
        enterprise = session.get(Enterprise, enterprise_id)
        if enterprise is None:
            raise NotFound("not_found")
        if not (access.can_manage(user, enterprise) or access.administers(session, user, enterprise.jurisdiction_id)):
            raise Forbidden("forbidden")
    else:
        access.require_jurisdiction(session, user, jurisdiction_id)
    body = MediationBody(name=name, level=level, jurisdiction_id=jurisdiction_id, enterprise_id=enterprise_id)
    session.add(body)
    session.flush()
    return body


def body_for(session: Session, user: User, body_id: int) -> MediationBody:
    body = session.get(MediationBody, body_id)
    if body is None:
        raise NotFound("not_found")
    _require(session, user, body)
    return body


def visible_bodies(session: Session, user: User) -> list[MediationBody]:
    """The bodies a user sees: all for an admin, their enterprise's for a chair, an assessor's subtree's."""
    if user.role == Role.ADMIN:
        return store.bodies(session, None, None)
    if user.role == Role.CHAIR:
        return store.bodies(session, [], [user.enterprise_id] if user.enterprise_id else [])
    under = access.subtree(session, user.jurisdiction_id)
    return store.bodies(session, under, [e.id for e in access.visible_enterprises(session, user)])


def serving(session: Session, enterprise: Enterprise) -> list[MediationBody]:
    """The bodies a dispute at the enterprise can go to: its own, and those of its jurisdiction and above."""
    return store.bodies(session, access.jurisdiction_chain(session, enterprise.jurisdiction_id), [enterprise.id])


def add_mediator(session: Session, user: User, body: MediationBody, name: str, account: User | None) -> Mediator:
    """A mediator by name; a staff account given must be one that sees the body."""
    _require(session, user, body)
    errors: dict[str, str] = {}
    name = _text(name, "name", errors, MEDIATOR_MAX)
    if account is not None and not (account.active and can_see(session, account, body)):
        errors["account"] = "mediator_account_invalid"
    _checked(errors)
    mediator = Mediator(body_id=body.id, name=name, account_id=account.id if account else None)
    session.add(mediator)
    session.flush()
    session.refresh(body)
    return mediator


@dataclass(frozen=True)
class Parties:
    """A case as brought: the worker's side and the employer's side (as text) and the claim (申请事项)."""

    worker_party: str
    employer_party: str
    claim: str

    def checked(self) -> "Parties":
        errors: dict[str, str] = {}
        found = Parties(_text(self.worker_party, "worker_party", errors, NAME_MAX * 2),
                        _text(self.employer_party, "employer_party", errors, NAME_MAX * 2),
                        _text(self.claim, "claim", errors))
        _checked(errors)
        return found


def _log(case: MediationCase, before: str | None, after: str, user: User, today: date) -> None:
    case.events.append(MediationEvent(from_state=before, to_state=after, user_id=user.id, day=today))


def _open(session: Session, user: User, body: MediationBody, parties: Parties, today: date, **source) -> MediationCase:
    case = MediationCase(body_id=body.id, state=MediationState.OPEN, received_on=today, **asdict(parties.checked()),
                         **source)
    _log(case, None, MediationState.OPEN, user, today)
    session.add(case)
    session.flush()
    return case


def open_case(session: Session, user: User, body: MediationBody, parties: Parties, today: date) -> MediationCase:
    """A case brought to the body directly (received today)."""
    _require(session, user, body)
    return _open(session, user, body, parties, today)


def _serving_body(session: Session, enterprise_id: int, body_id: int) -> MediationBody:
    body = session.get(MediationBody, body_id)
    if body is None:
        raise NotFound("not_found")
    if body not in serving(session, session.get(Enterprise, enterprise_id)):
        raise Invalid("invalid_input", errors={"body": "mediation_body_elsewhere"})
    return body


def refer_concern(session: Session, user: User, concern: Concern, body_id: int, parties: Parties,
                  today: date) -> MediationCase:
    """Refer a concern closed as referred to a body serving its enterprise; by those who read the concern."""
    concerns.require_read(session, user, concern)
    if concern.state != ConcernState.CLOSED or concern.closure != ConcernClosure.REFERRED:
        raise Conflict("mediation_concern_not_referred")
    if store.referred_from_concern(session, concern.id) is not None:
        raise Conflict("mediation_already_referred")
    return _open(session, user, _serving_body(session, concern.enterprise_id, body_id), parties, today,
                 concern_id=concern.id)


def refer_warning_case(session: Session, user: User, case: WarningCase, body_id: int, parties: Parties,
                       today: date) -> MediationCase:
    """Refer a warning case to a body serving its enterprise; by the upper union that handles the case."""
    enterprise_id = case.report.enterprise_id
    access.require_administer(session, user, session.get(Enterprise, enterprise_id).jurisdiction_id)
    if store.referred_from_warning(session, case.id) is not None:
        raise Conflict("mediation_already_referred")
    return _open(session, user, _serving_body(session, enterprise_id, body_id), parties, today,
                 warning_case_id=case.id)


def case_for(session: Session, user: User, case_id: int) -> MediationCase:
    case = session.get(MediationCase, case_id)
    if case is None:
        raise NotFound("not_found")
    _require(session, user, session.get(MediationBody, case.body_id))
    return case


def _require_open(case: MediationCase, target: str) -> None:
    if target not in TRANSITIONS.get(case.state, ()):
        raise IllegalTransition(case.state, target)


def add_session(session: Session, user: User, case: MediationCase, held_on: date, place: str, notes: str,
                today: date) -> MediationSession:
    """A session held (调解会), between the day the case was received and today."""
    _require(session, user, session.get(MediationBody, case.body_id))
    if case.state != MediationState.OPEN:
        raise Conflict("mediation_case_closed")
    errors: dict[str, str] = {}
    place = _text(place, "place", errors, PLACE_MAX)
    notes = _text(notes, "notes", errors, minimum=0)
    if not case.received_on <= held_on <= today:
        errors["held_on"] = "mediation_session_day"
    _checked(errors)
    found = MediationSession(position=len(case.sessions) + 1, held_on=held_on, place=place, notes=notes)
    case.sessions.append(found)
    return found


@dataclass(frozen=True)
class Outcome:
    """How a case ends: the state, and for an agreement the terms and the mediator; a note otherwise."""

    state: str
    terms: str | None = None
    mediator_id: int | None = None
    note: str | None = None


def conclude(session: Session, user: User, case: MediationCase, outcome: Outcome, today: date) -> None:
    """End an open case in one of `TRANSITIONS`; an agreement needs its terms and a mediator of the body."""
    body = session.get(MediationBody, case.body_id)
    _require(session, user, body)
    if outcome.state not in set(MediationState):
        raise Invalid("invalid_input", errors={"outcome": "mediation_outcome_choice"})
    _require_open(case, outcome.state)
    errors: dict[str, str] = {}
    note = _text(outcome.note, "note", errors, minimum=0) or None
    terms = None
    if outcome.state == MediationState.AGREEMENT:
        terms = _text(outcome.terms, "terms", errors)
        if outcome.mediator_id not in {m.id for m in body.mediators}:
            errors["mediator"] = "mediation_mediator_invalid"
    _checked(errors)
    _log(case, case.state, outcome.state, user, today)
    case.state, case.terms, case.outcome_note, case.closed_on = outcome.state, terms, note, today
    case.mediator_id = outcome.mediator_id if terms is not None else None


def referral_of_concern(session: Session, concern: Concern) -> MediationCase | None:
    return store.referred_from_concern(session, concern.id)


def referral_of_warning_case(session: Session, case: WarningCase) -> MediationCase | None:
    return store.referred_from_warning(session, case.id)


def cases_of(session: Session, user: User, body: MediationBody) -> list[MediationCase]:
    _require(session, user, body)
    return store.cases_of(session, body.id)


def agreement_of(session: Session, user: User, case_id: int) -> MediationCase:
    """A case whose agreement can be printed: one that ended in an agreement."""
    case = case_for(session, user, case_id)
    if case.state != MediationState.AGREEMENT:
        raise Conflict("mediation_no_agreement")
    return case
