"""Cycles (评选年度) and declarations (申报) in SQL: finding them, the levels held, the first submission."""
from collections.abc import Collection
from datetime import date

from sqlalchemy import Select, delete, exists, func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from .enums import DeclarationState
from .models import (Criterion, CriterionScore, Cycle, Declaration, DeclarationEvent, DocumentCheck, Enterprise,
                     Evidence, Forum, SettingChange, SignOff)


def cycle_of_year(session: Session, jurisdiction_id: int, year: int) -> Cycle | None:
    return session.scalar(select(Cycle).where(Cycle.jurisdiction_id == jurisdiction_id, Cycle.year == year))


def cycles_of(session: Session, jurisdiction_ids: list[int] | None) -> list[Cycle]:
    """Cycles newest first: of these jurisdictions, or all (None)."""
    query = select(Cycle).order_by(Cycle.year.desc(), Cycle.id)
    if jurisdiction_ids is not None:
        query = query.where(Cycle.jurisdiction_id.in_(jurisdiction_ids))
    return list(session.scalars(query))


def of_cycle(session: Session, cycle_id: int) -> list[Declaration]:
    """A cycle's declarations with their enterprises (every list of them shows the names)."""
    return list(session.scalars(select(Declaration).options(joinedload(Declaration.enterprise))
                                .where(Declaration.cycle_id == cycle_id).order_by(Declaration.id)))


def listed(cycle_id: int, states: Collection[str] | None, name: str = "") -> Select:
    """A cycle's declarations in these states (None: all) whose enterprise's name holds ``name``, in the order
    made, with their enterprises: the statement a page of them is read from."""
    statement = select(Declaration).join(Declaration.enterprise).options(contains_eager(Declaration.enterprise)) \
        .where(Declaration.cycle_id == cycle_id).order_by(Declaration.id)
    if states is not None:
        statement = statement.where(Declaration.state.in_(list(states)))
    return statement.where(Enterprise.name.contains(name, autoescape=True)) if name else statement


def first_of_cycles(session: Session, cycle_ids: list[int], states: Collection[str], limit: int) -> list[Declaration]:
    """The first ``limit`` declarations (in the order made) in these states of each cycle, in one statement."""
    ranked = select(Declaration.id, func.row_number().over(partition_by=Declaration.cycle_id, order_by=Declaration.id)
                    .label("rank")).where(Declaration.cycle_id.in_(cycle_ids),
                                          Declaration.state.in_(list(states))).subquery()
    return list(session.scalars(select(Declaration).join(ranked, ranked.c.id == Declaration.id)
                                .options(joinedload(Declaration.enterprise)).where(ranked.c.rank <= limit)
                                .order_by(Declaration.id)))


def spot_checked(session: Session, cycle_ids: list[int], states: Collection[str]) -> list[Declaration]:
    """The declarations of these cycles in these states that have a spot-check survey, with their enterprises."""
    return list(session.scalars(select(Declaration).options(joinedload(Declaration.enterprise))
                                .where(Declaration.cycle_id.in_(cycle_ids), Declaration.state.in_(list(states)),
                                       Declaration.spot_check_campaign_id.is_not(None)).order_by(Declaration.id)))


def notice_ends_of_cycles(session: Session, cycle_ids: list[int], today: date) -> list[tuple[int, date, int]]:
    """(cycle, day, declarations) for each day from today on that declarations' public notice ends."""
    return [tuple(row) for row in session.execute(
        select(Declaration.cycle_id, Declaration.notice_ends, func.count())
        .where(Declaration.cycle_id.in_(cycle_ids), Declaration.state == DeclarationState.ON_NOTICE,
               Declaration.notice_ends >= today)
        .group_by(Declaration.cycle_id, Declaration.notice_ends).order_by(Declaration.notice_ends))]


def of_enterprise(session: Session, enterprise_id: int) -> list[Declaration]:
    """An enterprise's declarations, newest first."""
    return list(session.scalars(select(Declaration).join(Cycle).where(Declaration.enterprise_id == enterprise_id)
                                .order_by(Cycle.year.desc(), Declaration.id.desc())))


def exists_in_cycle(session: Session, cycle_id: int, enterprise_id: int) -> bool:
    return session.scalar(select(exists().where(Declaration.cycle_id == cycle_id,
                                                Declaration.enterprise_id == enterprise_id)))


def held_levels(session: Session, enterprise_id: int, jurisdiction_id: int) -> dict[int, str]:
    """The level the enterprise was named at, per year, in the cycles of this jurisdiction."""
    rows = session.execute(select(Cycle.year, Declaration.level).join(Cycle)
                           .where(Declaration.enterprise_id == enterprise_id, Cycle.jurisdiction_id == jurisdiction_id,
                                  Declaration.state == DeclarationState.NAMED))
    return dict(rows.all())


def ever_submitted(session: Session, cycle_id: int) -> bool:
    """Whether a declaration of the cycle has ever been submitted (whatever became of it since)."""
    return session.scalar(select(exists().where(DeclarationEvent.declaration_id == Declaration.id,
                                                Declaration.cycle_id == cycle_id,
                                                DeclarationEvent.to_state == DeclarationState.SUBMITTED)))


def is_spot_check(session: Session, campaign_id: int) -> bool:
    """Whether the vote is an assessor's spot-check survey, never a self-check."""
    return session.scalar(select(exists().where(Declaration.spot_check_campaign_id == campaign_id)))


def states_of_cycle(session: Session, cycle_id: int) -> dict[str, int]:
    """How many of the cycle's declarations are in each state."""
    rows = session.execute(select(Declaration.state, func.count()).where(Declaration.cycle_id == cycle_id)
                           .group_by(Declaration.state))
    return dict(rows.all())


def states_of_cycles(session: Session, cycle_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many of each cycle's declarations are in each state (a cycle without any: absent)."""
    counted: dict[int, dict[str, int]] = {}
    for cycle_id, state, n in session.execute(select(Declaration.cycle_id, Declaration.state, func.count())
                                              .where(Declaration.cycle_id.in_(cycle_ids))
                                              .group_by(Declaration.cycle_id, Declaration.state)):
        counted.setdefault(cycle_id, {})[state] = n
    return counted


def scores_of(session: Session, declaration_id: int) -> dict[str, CriterionScore]:
    """A declaration's scores by criterion key."""
    rows = session.execute(select(Criterion.key, CriterionScore).join(Criterion)
                           .where(CriterionScore.declaration_id == declaration_id))
    return dict(rows.all())


def setting_changes(session: Session, cycle_id: int | None = None,
                    jurisdiction_id: int | None = None) -> list[SettingChange]:
    """The changes of a cycle's settings, or of a jurisdiction's own, in the order made."""
    owner = (SettingChange.cycle_id == cycle_id) if cycle_id is not None \
        else (SettingChange.jurisdiction_id == jurisdiction_id)
    return list(session.scalars(select(SettingChange).where(owner).order_by(SettingChange.id)))


def has_evidence(session: Session, criterion_id: int) -> bool:
    return session.scalar(select(exists().where(Evidence.criterion_id == criterion_id)))


def delete_scores_of(session: Session, criterion_id: int) -> None:
    session.execute(delete(CriterionScore).where(CriterionScore.criterion_id == criterion_id))


def evidence_of(session: Session, declaration_id: int) -> list[Evidence]:
    return list(session.scalars(select(Evidence).where(Evidence.declaration_id == declaration_id)
                                .order_by(Evidence.criterion_id, Evidence.id)))


def documents_of(session: Session, declaration_id: int) -> list[DocumentCheck]:
    return list(session.scalars(select(DocumentCheck).where(DocumentCheck.declaration_id == declaration_id)
                                .order_by(DocumentCheck.id)))


def forums_of(session: Session, declaration_id: int) -> list[Forum]:
    return list(session.scalars(select(Forum).where(Forum.declaration_id == declaration_id).order_by(Forum.id)))


def sign_offs_of(session: Session, cycle_id: int) -> list[SignOff]:
    return list(session.scalars(select(SignOff).where(SignOff.cycle_id == cycle_id).order_by(SignOff.id)))
