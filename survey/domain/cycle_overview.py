"""A cycle at a glance for its assessors (评选年度概览) and its ledger (台账): declarations per state, the
deadlines still to come, spot checks that found the self-check markedly higher, open objections, and
one ledger row per declaration."""
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from sqlalchemy.orm import Session

from ..data import declarations as declaration_store
from ..data import naming as store
from ..data import organisations
from ..data.enums import DeclarationState
from ..data.models import Cycle, Declaration
from ..data.paging import Page, page_of
from . import campaigns, declarations, naming, spot_survey
from .scoring import Score
from .spot_check import Discrepancy

CYCLE_DATES = ("self_check_to", "declaration_deadline", "assessment_to", "commendation_date")
# the states in which a declaration waits for its assessors to move it on (assess, conclude, review, put on notice)
WAITING = (DeclarationState.SUBMITTED, DeclarationState.UNDER_ASSESSMENT, DeclarationState.ASSESSED,
           DeclarationState.IN_REVIEW)
# the states in which a spot check's finding still bears on the decision: once on notice it has been made
UNDECIDED = WAITING[1:]
SHOWN = 5  # waiting declarations shown per cycle at a glance; the cycle's list has them all


@dataclass(frozen=True)
class Glance:
    cycle: Cycle
    issuer: str
    states: dict[str, int]  # state → declarations, every state listed
    waiting: list[Declaration]  # the first SHOWN waiting ones, in the order made
    deadlines: list[tuple[date, str, int | None]]  # (day, what: a cycle date or "notice_ends", declarations)
    flagged: list[tuple[Declaration, Discrepancy]]
    objections_open: list[tuple[Declaration, int]]

    @property
    def total(self) -> int:
        return sum(self.states.values())

    @property
    def waiting_total(self) -> int:
        return sum(self.states[state] for state in WAITING)


def glances(session: Session, cycles: list[Cycle], today: date) -> list[Glance]:
    """Each cycle at a glance, in a fixed number of statements however many declarations they hold (and one
    comparison per closed spot check of a declaration still undecided)."""
    ids = [cycle.id for cycle in cycles]
    if not ids:
        return []
    counted = declaration_store.states_of_cycles(session, ids)
    waiting = declaration_store.first_of_cycles(session, ids, WAITING, SHOWN)
    notice_ends = declaration_store.notice_ends_of_cycles(session, ids, today)
    spot_checked = declaration_store.spot_checked(session, ids, UNDECIDED)
    compared = [(d, spot_survey.discrepancy(session, d)) for d in spot_checked]
    open_ = store.open_objections_of_cycles(session, ids)
    issuers = {j.id: j.name for j in organisations.jurisdictions(session, {cycle.jurisdiction_id for cycle in cycles})}
    return [Glance(cycle, issuers[cycle.jurisdiction_id],
                   {state: counted.get(cycle.id, {}).get(state, 0) for state in DeclarationState},
                   [d for d in waiting if d.cycle_id == cycle.id], _deadlines(cycle, notice_ends, today),
                   [(d, found) for d, found in compared if d.cycle_id == cycle.id and found and found.flagged],
                   [(d, n) for d, n in open_ if d.cycle_id == cycle.id])
            for cycle in cycles]


def _deadlines(cycle: Cycle, notice_ends: list[tuple[int, date, int]], today: date) -> list[tuple]:
    found = [(getattr(cycle, name), name, None) for name in CYCLE_DATES
             if getattr(cycle, name) is not None and getattr(cycle, name) >= today]
    found += [(day, "notice_ends", n) for cycle_id, day, n in notice_ends if cycle_id == cycle.id]
    return sorted(found, key=lambda entry: (entry[0], entry[1]))


def declaration_page(session: Session, cycle: Cycle, shown: str, name: str, number: int) -> Page:
    """A page of the cycle's declarations: ``shown`` is a state, "waiting" (`WAITING`) or "" for all."""
    states = WAITING if shown == "waiting" else (shown,) if shown in tuple(DeclarationState) else None
    return page_of(session, declaration_store.listed(cycle.id, states, name), number)


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
