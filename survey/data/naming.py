"""Public notice and naming in SQL: objections (异议), certificates (荣誉证书) and the named list (命名名单)."""
from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from .enums import DeclarationState, ObjectionState, TitleState
from .models import Certificate, Cycle, Declaration, Enterprise, Jurisdiction, Objection, Title


def objection_by_hash(session: Session, code_hash: str) -> Objection | None:
    return session.scalar(select(Objection).where(Objection.code_hash == code_hash))


def objections_of(session: Session, declaration_id: int) -> list[Objection]:
    """A declaration's objections, open ones first, then by day; the random key orders a day's."""
    return list(session.scalars(select(Objection).where(Objection.declaration_id == declaration_id)
                                .order_by(Objection.state.desc(), Objection.lodged_on, Objection.id)))


def open_objections(session: Session, declaration_ids: Iterable[int]) -> dict[int, int]:
    """Open objections per declaration, for those that have any."""
    return dict(session.execute(
        select(Objection.declaration_id, func.count()).where(
            Objection.declaration_id.in_(list(declaration_ids)), Objection.state == ObjectionState.OPEN)
        .group_by(Objection.declaration_id)).all())


def open_objections_of_cycles(session: Session, cycle_ids: list[int]) -> list[tuple[Declaration, int]]:
    """The declarations of these cycles with open objections, and how many, with their enterprises."""
    counted = select(Objection.declaration_id, func.count().label("open")) \
        .join(Declaration, Objection.declaration_id == Declaration.id) \
        .where(Declaration.cycle_id.in_(cycle_ids), Objection.state == ObjectionState.OPEN) \
        .group_by(Objection.declaration_id).subquery()
    return [tuple(row) for row in session.execute(
        select(Declaration, counted.c.open).join(counted, counted.c.declaration_id == Declaration.id)
        .options(joinedload(Declaration.enterprise)).order_by(Declaration.id))]


def on_notice(session: Session, cycle_id: int) -> list[Declaration]:
    """The cycle's declarations on public notice, by enterprise name."""
    return list(session.scalars(select(Declaration).join(Enterprise, Declaration.enterprise_id == Enterprise.id)
                                .where(Declaration.cycle_id == cycle_id, Declaration.state == DeclarationState.ON_NOTICE)
                                .order_by(Enterprise.name, Declaration.id)))


def certificate_of(session: Session, declaration_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.declaration_id == declaration_id))


def certificate_by_number(session: Session, number: str) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.number == number))


def certificates_in_cycle(session: Session, cycle_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Certificate)
                          .join(Declaration, Certificate.declaration_id == Declaration.id)
                          .where(Declaration.cycle_id == cycle_id))


def named(session: Session, jurisdiction_id: int | None, year: int | None
          ) -> list[tuple[Declaration, Cycle, Jurisdiction, Certificate | None, str]]:
    """Named declarations whose title stands (named or under a yellow card), with their cycle, its
    jurisdiction, the certificate and the title's state, by year, level, name."""
    state = func.coalesce(Title.state, TitleState.NAMED.value)
    statement = (select(Declaration, Cycle, Jurisdiction, Certificate, state)
                 .join(Cycle, Declaration.cycle_id == Cycle.id)
                 .join(Jurisdiction, Cycle.jurisdiction_id == Jurisdiction.id)
                 .join(Enterprise, Declaration.enterprise_id == Enterprise.id)
                 .outerjoin(Certificate, Certificate.declaration_id == Declaration.id)
                 .outerjoin(Title, Title.declaration_id == Declaration.id)
                 .where(Declaration.state == DeclarationState.NAMED,
                        or_(Title.id.is_(None), Title.state.in_([TitleState.NAMED, TitleState.YELLOW_CARD]))))
    if jurisdiction_id is not None:
        statement = statement.where(Cycle.jurisdiction_id == jurisdiction_id)
    if year is not None:
        statement = statement.where(Cycle.year == year)
    return [tuple(row) for row in session.execute(
        statement.order_by(Cycle.year.desc(), Jurisdiction.name, Declaration.level.desc(), Enterprise.name))]
