"""The staff-and-workers' congress (职工代表大会) in SQL: sessions, sign-ins, motions and elections."""
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import AgendaItem, Congress, Delegate, SignIn


def congress(session: Session, congress_id: int) -> Congress | None:
    return session.get(Congress, congress_id)


def of_enterprise(session: Session, enterprise_id: int) -> list[Congress]:
    """An enterprise's congress sessions, newest first."""
    return list(session.scalars(select(Congress).where(Congress.enterprise_id == enterprise_id)
                                .order_by(Congress.id.desc())))


def present_and_paper(session: Session, congress_id: int) -> tuple[int, int]:
    """Delegates signed in, and how many of them vote on paper."""
    present, paper = session.execute(
        select(func.count(), func.count().filter(SignIn.paper)).where(SignIn.congress_id == congress_id)
    ).one()
    return present, paper


def sign_in_of(session: Session, delegate_id: int) -> SignIn | None:
    return session.get(SignIn, delegate_id)


def record_sign_in(session: Session, record: SignIn) -> bool:
    """Store a sign-in; False (rolled back) when the delegate signed in at the same moment elsewhere."""
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True


def sign_ins(session: Session, congress_id: int) -> list[SignIn]:
    return list(session.scalars(select(SignIn).where(SignIn.congress_id == congress_id)))


def signed_in_delegates(session: Session, congress_id: int) -> set[int]:
    return set(session.scalars(select(SignIn.delegate_id).where(SignIn.congress_id == congress_id)))


def delegate_with_sign_in(session: Session, signin_hash: str) -> Delegate | None:
    """The delegate whose personal sign-in code has this hash."""
    return session.scalar(select(Delegate).where(Delegate.signin_hash == signin_hash))


def agenda_item(session: Session, agenda_item_id: int) -> AgendaItem | None:
    return session.get(AgendaItem, agenda_item_id)


def agenda_items(session: Session, congress_id: int, kind: type[AgendaItem]) -> list[AgendaItem]:
    """The congress's motions (or elections), in the order they were added."""
    return list(session.scalars(select(kind).where(kind.congress_id == congress_id).order_by(kind.id)))
