"""Operations on a congress session (职工代表大会): roster, opening, sign-in, attendance.

Life cycle (``lifecycle``): a draft's roster can change; opening fixes the number of delegates
(the base of the quorum and of every majority) and lets delegates sign in; closing ends the session
and seals its results. Sign-in is once per delegate, by the personal sign-in code of the printed
roster sheet or by the chair, who may also record a delegate as voting on paper.
"""
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from ..data import congresses as store
from ..data.enums import AgendaItemState, CongressState
from ..data.models import Congress, Delegate, Enterprise, SignIn
from . import codes, lifecycle
from .congress import ManagementShare, management_share, quorum_met
from .errors import Conflict, Invalid, NotFound
from .roster import Roster, RosterError, parse_entries, parse_roster

MAX_TITLE = 200


class RosterRejected(Invalid):
    """A roster with errors: nothing was imported; ``errors`` are the roster's line-numbered errors."""

    def __init__(self, errors: tuple[RosterError, ...]):
        super().__init__("roster_rejected", roster_errors=errors)
        self.errors = errors


def check_title(title: str) -> str:
    title = title.strip()
    if not 1 <= len(title) <= MAX_TITLE:
        raise Invalid("invalid_input", errors={"title": "title_length"})
    return title


def create(session: Session, enterprise: Enterprise, title: str,
           delegates: Sequence[Mapping[str, object]] = ()) -> Congress:
    """A draft congress, with its roster when ``delegates`` are given (all or nothing)."""
    congress = Congress(enterprise=enterprise, title=check_title(title), state=CongressState.DRAFT)
    session.add(congress)
    if delegates:
        _add_rows(congress, _checked(parse_entries(delegates)))
    session.flush()
    return congress


def _checked(roster: Roster) -> Roster:
    if not roster.ok:
        raise RosterRejected(roster.errors)
    return roster


def _add_rows(congress: Congress, roster: Roster) -> None:
    congress.delegates.extend(Delegate(name=row.name, department=row.department, category=row.category)
                              for row in roster.rows)


def require_draft(congress: Congress) -> None:
    if congress.state != CongressState.DRAFT:
        raise Conflict("congress_roster_fixed")


def import_roster(session: Session, congress: Congress, data: bytes, filename: str) -> None:
    """Replace a draft's roster by the file's delegates, or change nothing if the file has an error."""
    require_draft(congress)
    roster = _checked(parse_roster(data, filename))
    congress.delegates.clear()
    session.flush()
    _add_rows(congress, roster)
    session.flush()


def add_delegate(session: Session, congress: Congress, entry: Mapping[str, object]) -> Delegate:
    require_draft(congress)
    row = _checked(parse_entries([entry])).rows[0]
    if any((d.name.casefold(), d.department.casefold()) == (row.name.casefold(), row.department.casefold())
           for d in congress.delegates):
        raise Conflict("congress_delegate_exists", name=row.name)
    delegate = Delegate(name=row.name, department=row.department, category=row.category)
    congress.delegates.append(delegate)
    session.flush()
    return delegate


def remove_delegate(session: Session, congress: Congress, delegate_id: int) -> None:
    require_draft(congress)
    congress.delegates.remove(delegate_of(congress, delegate_id))
    session.flush()


def delegate_of(congress: Congress, delegate_id: object) -> Delegate:
    found = next((d for d in congress.delegates if d.id == delegate_id), None)
    if found is None:
        raise NotFound("congress_unknown_delegate")
    return found


def share(congress: Congress) -> ManagementShare:
    """Managers' and leaders' share of the roster (warns above 20%)."""
    counts: dict[str, int] = {}
    for delegate in congress.delegates:
        counts[delegate.category] = counts.get(delegate.category, 0) + 1
    return management_share(counts)


def open_(session: Session, congress: Congress) -> None:
    """Open the session: the roster, and so the number of all delegates, is fixed from now on."""
    if not congress.delegates:
        raise Invalid("congress_no_delegates")
    congress.state = lifecycle.CONGRESS.transition(congress.state, CongressState.OPEN)
    congress.delegate_total = len(congress.delegates)
    session.flush()


def close(session: Session, congress: Congress, now: datetime) -> None:
    """End the session; every motion and election must be closed (or never opened) first."""
    if any(agenda_item.state == AgendaItemState.OPEN for agenda_item in congress.agenda_items):
        raise Conflict("congress_item_open")
    congress.state = lifecycle.CONGRESS.transition(congress.state, CongressState.CLOSED)
    congress.closed_at = now
    session.flush()


def require_session(congress: Congress) -> None:
    if congress.state != CongressState.OPEN:
        raise Conflict("congress_not_in_session", current=congress.state)


@dataclass(frozen=True)
class Attendance:
    total: int
    present: int
    paper: int

    @property
    def quorum_met(self) -> bool:
        return quorum_met(self.present, self.total)

    @property
    def electronic(self) -> int:
        """Present delegates who vote by phone: the number of ballot codes each ballot may have."""
        return self.present - self.paper


def attendance(session: Session, congress: Congress) -> Attendance:
    present, paper = store.present_and_paper(session, congress.id)
    total = congress.delegate_total if congress.delegate_total is not None else len(congress.delegates)
    return Attendance(total, present, paper)


def require_quorum(session: Session, congress: Congress) -> Attendance:
    """The session's attendance, or 409 ``congress_no_quorum`` without two-thirds present."""
    require_session(congress)
    present = attendance(session, congress)
    if not present.quorum_met:
        raise Conflict("congress_no_quorum", present=present.present, total=present.total)
    return present


def sign_in(session: Session, delegate: Delegate, now: datetime, paper: bool = False,
            by_chair: bool = False) -> SignIn:
    """Record the delegate as present, once: a second sign-in is 409 ``congress_signed_in``."""
    require_session(delegate.congress)
    record = SignIn(delegate_id=delegate.id, congress_id=delegate.congress_id, paper=paper,
                    by_chair=by_chair, signed_in_at=now)
    if store.sign_in_of(session, delegate.id) is not None or not store.record_sign_in(session, record):
        raise Conflict("congress_signed_in", name=delegate.name)
    return record


def issue_sign_in_codes(session: Session, congress: Congress) -> list[tuple[Delegate, str]]:
    """A fresh personal sign-in code for every delegate not signed in yet; earlier ones stop working.
    Only hashes are kept: the plain codes go once to the printed roster sheet."""
    if congress.state == CongressState.CLOSED:
        raise Conflict("congress_closed")
    signed = store.signed_in_delegates(session, congress.id)
    issued = [(delegate, codes.new_code()) for delegate in congress.delegates if delegate.id not in signed]
    for delegate, code in issued:
        delegate.signin_hash = codes.code_hash(code)
    session.flush()
    return issued


def printed_sign_in_codes(session: Session, congress: Congress) -> int:
    """How many delegates not signed in yet hold a printed sign-in code (printing again cancels them)."""
    signed = store.signed_in_delegates(session, congress.id)
    return sum(1 for delegate in congress.delegates if delegate.signin_hash and delegate.id not in signed)


def signed_in(session: Session, congress: Congress) -> dict[int, SignIn]:
    """Sign-ins by delegate id."""
    return {s.delegate_id: s for s in store.sign_ins(session, congress.id)}


def of_enterprise(session: Session, enterprise_id: int) -> list[Congress]:
    """An enterprise's congress sessions, newest first."""
    return store.of_enterprise(session, enterprise_id)


def electorate(session: Session, enterprise_id: int, congress_id: int, quorate: bool = False) -> int:
    """Delegates signed in to a session of this enterprise: the electorate of a satisfaction vote held
    by the congress. ``quorate``: the session must be open with its quorum (when that vote opens)."""
    congress = store.congress(session, congress_id)
    if congress is None or congress.enterprise_id != enterprise_id:
        raise Invalid("invalid_input", errors={"congress_id": "congress_choice"})
    return (require_quorum(session, congress) if quorate else attendance(session, congress)).present
