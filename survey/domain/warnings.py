"""The labour-relations early-warning watch (劳动关系预警): so that conflicts are found, reported and
resolved early.

An assessor designates warning points (预警点), each with a liaison — the enterprise's chair by default —
who reports the indicators on the schedule (`warning_rules`); any enterprise's chair reports an event at
once. Harmony adds its own signals to every report: the latest vote below its threshold, concerns
overdue or rising. The jurisdiction's colour rules (the nearest jurisdiction up the chain that has its own, else
the shipped example) give the report's level. A red report or an event opens a case for the upper
union: it gets an owner and a response deadline, and closes only with the actions taken.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from ..data import warnings as store
from ..data.enums import Role, WarningCaseState, WarningLevel
from ..data.models import ColourRule, Enterprise, ReportingWindow, User, WarningCase, WarningPoint, WarningReport
from . import access, setting_changes
from .errors import Conflict, Forbidden, Invalid, NotFound
from .warning_rules import (EXAMPLE, RISING_DAYS, Rule, due_periods, is_rising, level_of, period_problem,
                            rule_problems, values_of)

CASE_DAYS = 3  # days the upper union has to respond to a red report or an event
NARRATIVE_MAX = 2000
WINDOW_NAME_MAX = 100


def _text(value: str | None, limit: int, field: str, required: bool = False) -> str:
    text = (value or "").strip()
    if len(text) > limit or (required and not text):
        raise Invalid("invalid_input", errors={field: "warning_text_length"})
    return text


def rules_in_force(session: Session, user: User, jurisdiction_id: int) -> tuple[list[Rule], int | None]:
    """`rules_for` a jurisdiction the user administers."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    return rules_for(session, jurisdiction_id)


def rules_for(session: Session, jurisdiction_id: int) -> tuple[list[Rule], int | None]:
    """The colour rules in force and the jurisdiction that set them (None: the shipped example)."""
    for found in access.jurisdiction_chain(session, jurisdiction_id):
        own = store.rules_of(session, found)
        if own:
            return [Rule(r.indicator, r.comparison, r.value, r.level) for r in own], found
    return list(EXAMPLE), None


def set_rules(session: Session, user: User, jurisdiction_id: int, rules: list[Rule], now: datetime) -> None:
    """Replace a jurisdiction's own colour rules (an empty list goes back to the inherited ones); recorded."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    problems = rule_problems(rules)
    if problems:
        raise Invalid("invalid_input", errors=problems)
    own = store.rules_of(session, jurisdiction_id)
    before = [Rule(r.indicator, r.comparison, r.value, r.level) for r in own]
    for old in own:
        session.delete(old)
    session.flush()
    session.add_all(ColourRule(jurisdiction_id=jurisdiction_id, position=n, indicator=r.indicator,
                               comparison=r.comparison, value=r.value, level=r.level) for n, r in enumerate(rules))
    if before != rules:
        setting_changes.record(session, user, "colour_rules", _rules_text(before), _rules_text(rules), now,
                               jurisdiction_id=jurisdiction_id)


def _rules_text(rules: list[Rule]) -> str | None:
    """``wage_arrears_months >= 2 → red; …``; None for no rules of its own."""
    return "; ".join(f"{r.indicator} {r.comparison} {r.value} → {r.level}" for r in rules) or None


def add_window(session: Session, user: User, jurisdiction_id: int, name: str, starts_on: date,
               ends_on: date, now: datetime) -> ReportingWindow:
    """An intensified reporting window of the jurisdiction; recorded as a change of its settings."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    name = _text(name, WINDOW_NAME_MAX, "name", required=True)
    if ends_on < starts_on:
        raise Invalid("invalid_input", errors={"ends_on": "warning_window_order"})
    window = ReportingWindow(jurisdiction_id=jurisdiction_id, name=name, starts_on=starts_on, ends_on=ends_on)
    session.add(window)
    setting_changes.record(session, user, "reporting_windows", None, f"{name} {starts_on}–{ends_on}", now,
                           jurisdiction_id=jurisdiction_id)
    return window


def _windows(session: Session, enterprise: Enterprise) -> list[tuple[date, date]]:
    chain = access.jurisdiction_chain(session, enterprise.jurisdiction_id)
    return [(w.starts_on, w.ends_on) for w in store.windows(session, chain)]


def designate(session: Session, user: User, enterprise: Enterprise, liaison: User | None, today: date) -> WarningPoint:
    """Make the enterprise a warning point; the liaison is its chair unless another account is named."""
    access.require_administer(session, user, enterprise.jurisdiction_id)
    if store.point_of(session, enterprise.id) is not None:
        raise Conflict("warning_point_exists")
    liaison = liaison or store.chair_of(session, enterprise.id)
    if liaison is None or not access.can_read(session, liaison, enterprise):
        raise Invalid("invalid_input", errors={"liaison": "warning_liaison_invalid"})
    point = WarningPoint(enterprise_id=enterprise.id, liaison_id=liaison.id, designated_on=today)
    session.add(point)
    session.flush()
    return point


def point_of(session: Session, enterprise: Enterprise) -> WarningPoint | None:
    return store.point_of(session, enterprise.id)


def signals(session: Session, enterprise: Enterprise, today: date) -> dict[str, Decimal]:
    """Harmony's own signals: the latest vote below its threshold (1 or 0), the concerns overdue, the
    concerns rising (1 or 0)."""
    qualified = store.latest_vote_qualified(session, enterprise.id)
    recent, before = (store.concerns_raised(session, enterprise.id, today - timedelta(days=RISING_DAYS * (n + 1) - 1),
                                            today - timedelta(days=RISING_DAYS * n)) for n in (0, 1))
    return {"vote_below_threshold": Decimal(int(qualified is False)),
            "concerns_overdue": Decimal(store.concerns_overdue(session, enterprise.id, today)),
            "concerns_rising": Decimal(int(is_rising(recent, before)))}


@dataclass(frozen=True)
class Reported:
    """A report as sent: a ``period`` or ``event`` true, the indicators and a short narrative."""

    period: str | None
    event: bool
    indicators: dict[str, object]
    narrative: str = ""


def _require_reporter(session: Session, user: User, enterprise: Enterprise, point: WarningPoint | None,
                      event: bool) -> None:
    if user.role == Role.ADMIN or (point is not None and point.liaison_id == user.id):
        return
    if not (event and access.can_manage(user, enterprise)):
        raise Forbidden("forbidden")


def report(session: Session, user: User, enterprise: Enterprise, sent: Reported, today: date) -> WarningReport:
    """Record a report and its level; a red one or an event opens a case for the upper union."""
    point = store.point_of(session, enterprise.id)
    _require_reporter(session, user, enterprise, point, sent.event)
    if sent.event == (sent.period is not None):
        raise Invalid("invalid_input", errors={"period": "warning_period_or_event"})
    values, errors = values_of(sent.indicators)
    if sent.period is not None:
        problem = period_problem(sent.period, _windows(session, enterprise))
        if problem:
            errors["period"] = problem
    narrative = _text(sent.narrative, NARRATIVE_MAX, "narrative", required=sent.event)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if sent.period is not None and store.periodic_report(session, enterprise.id, sent.period):
        raise Conflict("warning_period_reported")
    own = signals(session, enterprise, today)
    level, _matched = level_of({**values, **own}, rules_for(session, enterprise.jurisdiction_id)[0])
    found = WarningReport(enterprise_id=enterprise.id, period=sent.period, event=sent.event,
                          indicators={k: str(v) for k, v in values.items()}, signals={k: str(v) for k, v in own.items()},
                          narrative=narrative, level=level, reported_by=user.id, reported_on=today)
    if level == WarningLevel.RED or sent.event:
        found.case = WarningCase(state=WarningCaseState.OPEN, due_on=today + timedelta(days=CASE_DAYS))
    session.add(found)
    session.flush()
    return found


def _require_upper_union(session: Session, user: User, case: WarningCase) -> None:
    enterprise = session.get(Enterprise, case.report.enterprise_id)
    access.require_administer(session, user, enterprise.jurisdiction_id)


def assign(session: Session, user: User, case: WarningCase, owner: User, due_on: date | None) -> None:
    """Give an open case its owner (an assessor or admin who may act on it) and, if given, a new deadline."""
    _require_upper_union(session, user, case)
    if case.state != WarningCaseState.OPEN:
        raise Conflict("warning_case_closed")
    enterprise = session.get(Enterprise, case.report.enterprise_id)
    if owner.role == Role.CHAIR or not access.administers(session, owner, enterprise.jurisdiction_id):
        raise Invalid("invalid_input", errors={"owner": "warning_owner_invalid"})
    case.owner_id = owner.id
    if due_on is not None:
        case.due_on = due_on


def close(session: Session, user: User, case: WarningCase, actions: str, today: date) -> None:
    """Close a case, only with the actions taken."""
    _require_upper_union(session, user, case)
    if case.state != WarningCaseState.OPEN:
        raise Conflict("warning_case_closed")
    case.actions = _text(actions, NARRATIVE_MAX, "actions", required=True)
    case.state, case.closed_on = WarningCaseState.CLOSED, today


def case_for(session: Session, user: User, case_id: int) -> WarningCase:
    case = session.get(WarningCase, case_id)
    if case is None:
        raise NotFound("not_found")
    _require_upper_union(session, user, case)
    return case


@dataclass(frozen=True)
class PointStatus:
    """A warning point on the board: its current level (the latest report's; None before the first),
    its levels over time, and the periods whose report is overdue."""

    point: WarningPoint
    level: str | None
    history: tuple[tuple[date, str], ...]
    overdue: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    points: tuple[PointStatus, ...]
    cases: tuple[WarningCase, ...]
    names: dict[int, str]


def board(session: Session, user: User, jurisdiction_id: int, today: date) -> Board:
    """The watch of a jurisdiction and everything below it, for its assessors (and admins)."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    enterprises = access.enterprises_under(session, jurisdiction_id)
    ids = list(enterprises)
    by_enterprise: dict[int, list[WarningReport]] = {}
    for found in store.reports(session, ids):
        by_enterprise.setdefault(found.enterprise_id, []).append(found)
    statuses = []
    for point in store.points(session, ids):
        reports = by_enterprise.get(point.enterprise_id, [])
        reported = {r.period for r in reports if r.period}
        due = due_periods(point.designated_on, today, _windows(session, enterprises[point.enterprise_id]))
        statuses.append(PointStatus(point, reports[-1].level if reports else None,
                                    tuple((r.reported_on, r.level) for r in reports),
                                    tuple(p for p in due if p not in reported)))
    statuses.sort(key=lambda s: (-_rank(s.level), enterprises[s.point.enterprise_id].name))
    return Board(tuple(statuses), tuple(store.open_cases(session, ids)), store.enterprise_names(session, ids))


def _rank(level: str | None) -> int:
    return -1 if level is None else tuple(WarningLevel).index(level)



def ledger(session: Session, user: User, jurisdiction_id: int) -> tuple[list[WarningReport], dict[int, Enterprise]]:
    """Every report of the jurisdiction and below, oldest first, with their enterprises, for the warning ledger."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    enterprises = access.enterprises_under(session, jurisdiction_id)
    return store.reports(session, list(enterprises)), enterprises
