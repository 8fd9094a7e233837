"""Titles of named enterprises (称号) in SQL: finding them, the yellow cards open, the spot checks, the
titles ended (for the waiting period) and the open red warning cases at an enterprise."""
from collections.abc import Iterable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from .enums import DeclarationState, TitleState, WarningCaseState, WarningLevel
from .models import Cycle, Declaration, Enterprise, Title, TitleCheck, WarningCase, WarningReport


def of_declaration(session: Session, declaration_id: int) -> Title | None:
    return session.scalar(select(Title).where(Title.declaration_id == declaration_id))


def latest_named(session: Session, enterprise_id: int) -> Declaration | None:
    """The enterprise's newest named declaration (latest year; of two in a year, the later)."""
    return session.scalar(select(Declaration).join(Cycle, Declaration.cycle_id == Cycle.id)
                          .where(Declaration.enterprise_id == enterprise_id,
                                 Declaration.state == DeclarationState.NAMED)
                          .order_by(Cycle.year.desc(), Declaration.id.desc()).limit(1))


def ended(session: Session, enterprise_id: int) -> list[tuple[Title, Cycle]]:
    """The enterprise's delisted or revoked titles with the cycle that named them."""
    return [tuple(row) for row in session.execute(
        select(Title, Cycle).join(Declaration, Title.declaration_id == Declaration.id)
        .join(Cycle, Declaration.cycle_id == Cycle.id)
        .where(Title.enterprise_id == enterprise_id, Title.ended_on.is_not(None)))]


# A title's enterprise and naming cycle, which every list of titles shows: loaded with the titles, not one by one.
_NAMES = (joinedload(Title.declaration).joinedload(Declaration.enterprise),
          joinedload(Title.declaration).joinedload(Declaration.cycle))


def _under(statement, jurisdiction_ids: Iterable[int] | None):
    statement = statement.join(Declaration, Title.declaration_id == Declaration.id) \
        .join(Cycle, Declaration.cycle_id == Cycle.id)
    return statement if jurisdiction_ids is None else statement.where(Cycle.jurisdiction_id.in_(list(jurisdiction_ids)))


def yellow_cards(session: Session, jurisdiction_ids: Iterable[int] | None) -> list[Title]:
    """Open yellow cards of titles named by these jurisdictions (None: all), nearest deadline first."""
    return list(session.scalars(_under(select(Title).options(*_NAMES), jurisdiction_ids)
                                .where(Title.state == TitleState.YELLOW_CARD).order_by(Title.deadline, Title.id)))


def titles(session: Session, jurisdiction_ids: Iterable[int] | None) -> list[Title]:
    """Every title named by these jurisdictions, by year, then enterprise."""
    return list(session.scalars(_under(select(Title).options(*_NAMES), jurisdiction_ids)
                                .order_by(Cycle.year, Declaration.enterprise_id, Title.id)))


def listed(jurisdiction_ids: Iterable[int] | None, states: Iterable[str], name: str = "") -> Select:
    """The titles in these states named by these jurisdictions (None: all) whose enterprise's name holds
    ``name``, newest year first, then by name: the statement a page of them is read from."""
    statement = _under(select(Title).options(*_NAMES), jurisdiction_ids) \
        .join(Enterprise, Declaration.enterprise_id == Enterprise.id).where(Title.state.in_(list(states)))
    if name:
        statement = statement.where(Enterprise.name.contains(name, autoescape=True))
    return statement.order_by(Cycle.year.desc(), Enterprise.name, Title.id)


def states(session: Session, jurisdiction_ids: Iterable[int] | None) -> dict[str, int]:
    """How many of the titles named by these jurisdictions are in each state."""
    counted = _under(select(Title.state, func.count()), jurisdiction_ids).group_by(Title.state)
    return dict(session.execute(counted).all())


def checks(session: Session, jurisdiction_ids: Iterable[int] | None) -> list[TitleCheck]:
    return list(session.scalars(_under(select(TitleCheck).join(Title, TitleCheck.title_id == Title.id),
                                       jurisdiction_ids).order_by(TitleCheck.day, TitleCheck.id)))


def checks_of(session: Session, title_id: int) -> list[TitleCheck]:
    return list(session.scalars(select(TitleCheck).where(TitleCheck.title_id == title_id)
                                .order_by(TitleCheck.day, TitleCheck.id)))


def red_cases(session: Session, enterprise_id: int) -> list[WarningCase]:
    """The open warning cases of the enterprise's red reports, oldest first."""
    return list(session.scalars(select(WarningCase).join(WarningReport, WarningCase.report_id == WarningReport.id)
                                .where(WarningReport.enterprise_id == enterprise_id,
                                       WarningReport.level == WarningLevel.RED,
                                       WarningCase.state == WarningCaseState.OPEN).order_by(WarningCase.id)))
