"""The yearly cycle (评选年度) of a jurisdiction: opening it, its settings, its criteria scheme.

Every change of a setting is recorded (who, when, old → new). The calendar and the public-notice
length may change at any time; the minimum scores and the criteria only until the first declaration
of the cycle is submitted, so every declaration is scored by the rules it was submitted under.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from ..data import declarations as store
from ..data import organisations
from ..data.models import Criterion, Cycle, SettingChange, User
from . import access, criteria, scoring, setting_changes
from .errors import Conflict, Invalid

YEARS = (2000, 2099)
MAX_NOTICE_DAYS = 90
DATES = ("self_check_from", "self_check_to", "declaration_deadline", "assessment_from", "assessment_to",
         "commendation_date")
# dynamic management and the board (`titles`, `board`): whole numbers with their bounds
COUNTS = {"yellow_card_months": (1, 24), "near_days": (0, 90), "waiting_cycles": (0, 10), "coverage_target": (1, 100)}
SETTINGS = (*DATES, "notice_days", "min_scores", *COUNTS)
FROZEN = ("min_scores",)  # with the criteria: fixed once a declaration is submitted
DATE_ORDER = (("self_check_from", "self_check_to"), ("assessment_from", "assessment_to"))


@dataclass(frozen=True)
class Settings:
    """A cycle's settings: the calendar, the public notice's length, the minimum score per level."""

    self_check_from: date | None = None
    self_check_to: date | None = None
    declaration_deadline: date | None = None
    assessment_from: date | None = None
    assessment_to: date | None = None
    commendation_date: date | None = None
    notice_days: int = 7
    min_scores: dict[str, Decimal] = field(default_factory=dict)
    yellow_card_months: int = 3  # a yellow card's deadline, from the day it is given
    near_days: int = 14  # a yellow card's deadline is near this many days before it
    waiting_cycles: int = 1  # after a title is lost, the cycles closed to the enterprise beyond that year's
    coverage_target: int = 75  # the board's target: the share of enterprises holding a level (%)


def settings_of(cycle: Cycle) -> Settings:
    return Settings(**{name: getattr(cycle, name) for name in DATES}, notice_days=cycle.notice_days,
                    **{name: getattr(cycle, name) for name in COUNTS},
                    min_scores={level: Decimal(value) for level, value in (cycle.min_scores or {}).items()})


def check(settings: Settings) -> dict[str, str]:
    errors = {}
    if not 0 <= settings.notice_days <= MAX_NOTICE_DAYS:
        errors["notice_days"] = "notice_days_range"
    for name, (low, high) in COUNTS.items():
        if not low <= getattr(settings, name) <= high:
            errors[name] = "setting_range"
    for level, minimum in settings.min_scores.items():
        if level not in criteria.ALL_LEVELS:
            errors[f"min_scores.{level}"] = "level_choice"
        elif not minimum.is_finite() or not 0 <= minimum <= scoring.MAX_SCHEME_POINTS \
                or minimum != minimum.quantize(scoring.CENT):
            errors[f"min_scores.{level}"] = "min_score_range"
    for first, last in DATE_ORDER:
        start, end = getattr(settings, first), getattr(settings, last)
        if start and end and end < start:
            errors[last] = "date_order"
    return errors


def _stored(settings: Settings) -> dict:
    """The settings as the cycle stores them: a minimum as its shortest decimal ("80", "85.5")."""
    minimums = {level: format(minimum.normalize(), "f") for level, minimum in sorted(settings.min_scores.items())}
    return {**{name: getattr(settings, name) for name in (*DATES, *COUNTS)}, "notice_days": settings.notice_days,
            "min_scores": minimums}


def create(session: Session, user: User, jurisdiction_id: int, year: int, settings: Settings) -> Cycle:
    """Open a year's cycle with the example criteria; an assessor of the jurisdiction (or above it) or an admin."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    errors = check(settings)
    if not YEARS[0] <= year <= YEARS[1]:
        errors["year"] = "cycle_year_range"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if store.cycle_of_year(session, jurisdiction_id, year) is not None:
        raise Conflict("cycle_exists", year=year)
    cycle = Cycle(jurisdiction_id=jurisdiction_id, year=year, example_scheme=True, criteria=criteria.example(),
                  **_stored(settings))
    session.add(cycle)
    session.flush()
    return cycle


def require_administer(session: Session, user: User, cycle: Cycle) -> None:
    access.require_administer(session, user, cycle.jurisdiction_id)


def scheme_frozen(session: Session, cycle: Cycle) -> bool:
    """The minimum scores and the criteria are fixed once a declaration of the cycle has been submitted."""
    return store.ever_submitted(session, cycle.id)


def change(session: Session, user: User, cycle: Cycle, settings: Settings, now: datetime) -> list[SettingChange]:
    """Set the cycle's settings, recording each one that changed; the frozen ones refused once submitted."""
    require_administer(session, user, cycle)
    errors = check(settings)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    new, old = _stored(settings), _stored(settings_of(cycle))
    changed = [name for name in SETTINGS if new[name] != old[name]]
    if any(name in FROZEN for name in changed) and scheme_frozen(session, cycle):
        raise Conflict("cycle_scheme_frozen")
    for name in changed:
        setattr(cycle, name, new[name])
    return [_record(session, user, cycle, name, old[name], new[name], now) for name in changed]


def _record(session: Session, user: User, cycle: Cycle, name: str, old, new, now: datetime) -> SettingChange:
    return setting_changes.record(session, user, name, old, new, now, cycle_id=cycle.id)


def _scheme_text(scheme: list[Criterion] | list[criteria.CriterionSpec]) -> str:
    return "; ".join(f"{c.key} {'veto' if c.veto else c.max_points}" for c in scheme)


def replace_criteria(session: Session, user: User, cycle: Cycle, specs: list[criteria.CriterionSpec],
                     now: datetime) -> None:
    """A new scheme for the cycle, until its first declaration is submitted; recorded as one setting."""
    require_administer(session, user, cycle)
    errors = criteria.check(specs)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if scheme_frozen(session, cycle):
        raise Conflict("cycle_scheme_frozen")
    old = _scheme_text(cycle.criteria)
    criteria.replace(session, cycle, specs)
    cycle.example_scheme = False
    _record(session, user, cycle, "criteria", old, _scheme_text(specs), now)


def visible(session: Session, user: User) -> list[Cycle]:
    """The cycles a user administers, newest first; a chair those their enterprise may take part in."""
    if user.role == access.CHAIR:
        enterprise = organisations.enterprise(session, user.enterprise_id or 0)
        chain = access.jurisdiction_chain(session, enterprise.jurisdiction_id) if enterprise else []
        return store.cycles_of(session, chain)
    return store.cycles_of(session, access.administered(session, user))
