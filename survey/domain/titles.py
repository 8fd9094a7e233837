"""Dynamic management (动态管理) of a named enterprise's title (称号), one explicit operation per move.

named → yellow_card (黄牌警告, with the reasons and a deadline to put things right, 限期整改) → named again when
rectified in time, with the assessor's finding; yellow_card → delisted (摘牌) when the deadline is missed or
the rectification failed — never silently: the assessor confirms it with the finding; named or yellow_card →
revoked (撤销) at once upon a major accident with liability or a mass incident. Each move is made by an
assessor of the naming jurisdiction or above it (or an admin; Forbidden otherwise), refused as
IllegalTransition (409) when the life cycle does not allow it, and logged. A delisted or revoked enterprise
may declare again only after the waiting period: a title lost in year E closes every cycle up to year
E + ``waiting_cycles`` (default 1: the next cycle but one is the first open to it).
"""
import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from ..data import titles as store
from ..data.enums import CheckMethod, RevokingEvent, TitleState
from ..data.models import Cycle, Declaration, Enterprise, Title, TitleCheck, TitleEvent, User
from ..data.paging import Page, page_of
from . import access, lifecycle, spot_survey
from .errors import Conflict, Invalid, NotFound
from .plain_text import plain

State = TitleState
MAX_TEXT = 2000
MAX_REASONS = 50
MAX_SCORE = Decimal(1000)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def of_declaration(session: Session, declaration: Declaration) -> Title:
    """The title a named declaration gave (made when it is named; made now for one named before)."""
    found = store.of_declaration(session, declaration.id)
    if found is None:
        found = Title(declaration=declaration, enterprise_id=declaration.enterprise_id, state=State.NAMED, reasons=[])
        session.add(found)
        session.flush()
    return found


def current(session: Session, enterprise: Enterprise) -> Title:
    """The enterprise's title from its newest naming; NotFound when it was never named."""
    declaration = store.latest_named(session, enterprise.id)
    if declaration is None:
        raise NotFound("title_none")
    return of_declaration(session, declaration)


def cycle_of(title: Title) -> Cycle:
    return title.declaration.cycle


def require_assessor(session: Session, user: User, title: Title) -> None:
    access.require_administer(session, user, cycle_of(title).jurisdiction_id)


def _text(value: str | None, field: str, errors: dict[str, str]) -> str:
    return plain(value, field, errors, maximum=MAX_TEXT, length_key="long_text_limit",
                 required_key="text_required") or ""


def _checked(errors: dict[str, str]) -> None:
    if errors:
        raise Invalid("invalid_input", errors=errors)


def _move(session: Session, user: User, title: Title, target: State, today: date, note: str) -> Title:
    current_state = title.state
    title.state = lifecycle.TITLE.transition(current_state, target)
    title.events.append(TitleEvent(from_state=current_state, to_state=target, user_id=user.id, day=today, note=note,
                                   deadline=title.deadline if target == State.YELLOW_CARD else None))
    session.flush()
    return title


def yellow_card(session: Session, user: User, title: Title, reasons: list[str], deadline: date | None,
                today: date) -> Title:
    """黄牌: the criteria found below the level, and the deadline (default: the cycle's months from today)."""
    require_assessor(session, user, title)
    lifecycle.TITLE.transition(title.state, State.YELLOW_CARD)
    errors: dict[str, str] = {}
    given = [reason for reason in (plain(r, "reasons", errors, maximum=MAX_TEXT, length_key="long_text_limit")
                                   for r in reasons[:MAX_REASONS]) if reason]
    if not given and "reasons" not in errors:
        errors["reasons"] = "yellow_card_reasons"
    deadline = deadline or add_months(today, cycle_of(title).yellow_card_months)
    if deadline <= today:
        errors["deadline"] = "yellow_card_deadline"
    _checked(errors)
    title.deadline, title.reasons = deadline, given
    return _move(session, user, title, State.YELLOW_CARD, today, "；".join(given))


def rectified(session: Session, user: User, title: Title, finding: str, today: date) -> Title:
    """Put right by the deadline (inclusive), as the assessor found: named again. Past it only delisting remains."""
    require_assessor(session, user, title)
    lifecycle.TITLE.transition(title.state, State.NAMED)
    errors: dict[str, str] = {}
    finding = _text(finding, "finding", errors)
    _checked(errors)
    if today > title.deadline:
        raise Conflict("yellow_card_overdue", deadline=title.deadline.isoformat())
    title.deadline, title.reasons = None, []
    return _move(session, user, title, State.NAMED, today, finding)


def delist(session: Session, user: User, title: Title, finding: str, today: date) -> Title:
    """摘牌: the deadline missed or the rectification failed, confirmed by the assessor with the finding."""
    require_assessor(session, user, title)
    lifecycle.TITLE.transition(title.state, State.DELISTED)
    errors: dict[str, str] = {}
    finding = _text(finding, "finding", errors)
    _checked(errors)
    title.ended_on = today
    return _move(session, user, title, State.DELISTED, today, finding)


def revoke(session: Session, user: User, title: Title, event: str, day: date, description: str, today: date,
           source: str | None = None) -> Title:
    """撤销: a major accident with liability or a mass incident, on ``day`` (not after today), as described."""
    require_assessor(session, user, title)
    lifecycle.TITLE.transition(title.state, State.REVOKED)
    errors: dict[str, str] = {}
    if event not in tuple(RevokingEvent):
        errors["event"] = "revoking_event_choice"
    if day > today:
        errors["date"] = "event_in_future"
    description = _text(description, "description", errors)
    source = plain(source, "source", errors, maximum=200, length_key="short_text_limit") or None
    _checked(errors)
    title.event, title.event_on, title.event_source, title.ended_on = event, day, source, today
    return _move(session, user, title, State.REVOKED, today, description)


def record_check(session: Session, user: User, title: Title, day: date, method: str, findings: str,
                 score: Decimal | None, today: date, campaign_id: int | None = None) -> TitleCheck:
    """A spot check (抽查) of a standing title: its day (not after today), method, findings and score."""
    require_assessor(session, user, title)
    if not title.stands:
        raise Conflict("title_ended")
    errors: dict[str, str] = {}
    if method not in tuple(CheckMethod):
        errors["method"] = "check_method_choice"
    if day > today:
        errors["date"] = "event_in_future"
    if score is not None and not (score.is_finite() and 0 <= score <= MAX_SCORE):
        errors["score"] = "criterion_score_range"
    findings = _text(findings, "findings", errors)
    _checked(errors)
    check = TitleCheck(title_id=title.id, day=day, method=method, findings=findings, score=score,
                       campaign_id=campaign_id, user_id=user.id)
    session.add(check)
    session.flush()
    return check


def start_survey(session: Session, user: User, title: Title, electorate: int, purpose: str, heading: str,
                 today: date) -> TitleCheck:
    """The assessor's anonymous survey (抽查测评) of a standing title's enterprise, recorded as a spot check of
    method "survey" with its vote: the declaration's spot-check survey's copy of the self-check, run with the
    ordinary vote pages by the naming jurisdiction, hidden from the chair; once sealed, the board compares it."""
    require_assessor(session, user, title)
    if not title.stands:
        raise Conflict("title_ended")
    survey = spot_survey.copy(session, title.declaration, electorate, heading)
    return record_check(session, user, title, today, CheckMethod.SURVEY, purpose, None, today, survey.id)


def checks_of(session: Session, title: Title) -> list[TitleCheck]:
    return store.checks_of(session, title.id)


# the waiting period


def last_closed_year(session: Session, enterprise: Enterprise) -> int | None:
    """The last year whose cycles a lost title still closes to the enterprise; None when none does."""
    years = [ended.ended_on.year + cycle.waiting_cycles for ended, cycle in store.ended(session, enterprise.id)]
    return max(years, default=None)


def require_no_wait(session: Session, enterprise: Enterprise, cycle: Cycle) -> None:
    """Declaring in ``cycle`` is refused (422) while the waiting period of a delisted or revoked title runs."""
    closed = last_closed_year(session, enterprise)
    if closed is not None and cycle.year <= closed:
        raise Invalid("declaration_waiting_period", year=closed + 1)


# deadlines and flags


@dataclass(frozen=True)
class Due:
    """A yellow card past its deadline (``overdue``) or within the cycle's near days of it."""

    title: Title
    overdue: bool
    days_left: int


def near(deadline: date, near_days: int, today: date) -> bool:
    """A deadline past, or within ``near_days`` (the naming cycle's setting) of today."""
    return (deadline - today).days <= near_days


def is_due(title: Title, today: date) -> bool:
    return near(title.deadline, cycle_of(title).near_days, today)


def due(session: Session, jurisdiction_ids: list[int] | None, today: date) -> list[Due]:
    """The yellow cards of these jurisdictions (None: all) past or near their deadline, nearest first."""
    return [Due(title, title.deadline < today, (title.deadline - today).days)
            for title in store.yellow_cards(session, jurisdiction_ids) if is_due(title, today)]


def red_cases(session: Session, title: Title):
    """动态管理预警: open cases of red reports at a standing title's enterprise, for the assessor to act on."""
    return store.red_cases(session, title.enterprise_id) if title.stands else []


def titles_under(session: Session, jurisdiction_ids: list[int] | None) -> list[Title]:
    return store.titles(session, jurisdiction_ids)


STANDING = (TitleState.NAMED, TitleState.YELLOW_CARD)


def title_page(session: Session, jurisdiction_ids: list[int] | None, shown: str, name: str, number: int) -> Page:
    """A page of the titles of these jurisdictions: ``shown`` is a state, or "" for those standing."""
    states = (shown,) if shown in tuple(TitleState) else STANDING
    return page_of(session, store.listed(jurisdiction_ids, states, name), number)


def states_under(session: Session, jurisdiction_ids: list[int] | None) -> dict[str, int]:
    """Titles per state, every state listed."""
    counted = store.states(session, jurisdiction_ids)
    return {state: counted.get(state, 0) for state in TitleState}


def checks_under(session: Session, jurisdiction_ids: list[int] | None) -> list[TitleCheck]:
    return store.checks(session, jurisdiction_ids)
