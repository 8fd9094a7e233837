"""A cycle at a glance for its assessors (评选年度概览) and its ledger (台账): declarations per state, the
deadlines still to come, spot checks that found the self-check markedly higher, open objections, and
one ledger row per declaration."""
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy.orm import Session

from ..data import declarations as declaration_store
from ..data import naming as store
from ..data.enums import DeclarationState
from ..data.models import Cycle, Declaration
from . import campaigns, declarations, naming, spot_survey
from .scoring import Score
from .spot_check import Discrepancy

CYCLE_DATES = ("self_check_to", "declaration_deadline", "assessment_to", "commendation_date")


@dataclass(frozen=True)
class Glance:
    cycle: Cycle
    issuer: str
    states: dict[str, int]  # state → declarations, every state listed
    deadlines: list[tuple[date, str, Declaration | None]]  # (day, what: a cycle date or "notice_ends", whose)
    flagged: list[tuple[Declaration, Discrepancy]]
    objections_open: list[tuple[Declaration, int]]
    declarations: list[Declaration]


def glance(session: Session, cycle: Cycle, today: date) -> Glance:
    found = declarations.of_cycle(session, cycle)
    counted = declaration_store.states_of_cycle(session, cycle.id)
    deadlines = [(getattr(cycle, name), name, None) for name in CYCLE_DATES
                 if getattr(cycle, name) is not None and getattr(cycle, name) >= today]
    deadlines += [(d.notice_ends, "notice_ends", d) for d in found
                  if d.state == DeclarationState.ON_NOTICE and d.notice_ends and d.notice_ends >= today]
    compared = [(d, spot_survey.discrepancy(session, d)) for d in found if d.spot_check_campaign_id]
    open_ = store.open_objections(session, [d.id for d in found])
    return Glance(cycle, naming.issuer(session, cycle), {state: counted.get(state, 0) for state in DeclarationState},
                  sorted(deadlines, key=lambda entry: (entry[0], entry[1])),
                  [(d, result) for d, result in compared if result and result.flagged],
                  [(d, open_[d.id]) for d in found if d.id in open_], found)


@dataclass(frozen=True)
class LedgerRow:
    """台账的一行: one declaration as the office files it."""

    declaration: Declaration
    self_check: Fraction | None  # the sealed composite of the self-check
    spot_check: Discrepancy | None
    score: Score
    objections: int
    objections_open: int
    certificate: str | None


def ledger(session: Session, cycle: Cycle) -> list[LedgerRow]:
    rows = []
    for declaration in declarations.of_cycle(session, cycle):
        objections = naming.objections_of(session, declaration)
        found = store.certificate_of(session, declaration.id)
        rows.append(LedgerRow(declaration, campaigns.results(session, declaration.campaign).tally.composite,
                              spot_survey.discrepancy(session, declaration), declarations.score_of(session, declaration),
                              len(objections), sum(o.is_open for o in objections), found and found.number))
    return rows
