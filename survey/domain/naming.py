"""Public notice and naming (公示与命名): objections to a proposed enterprise, their answers, the
certificate of a named one and the public named list.

An objection (异议) is lodged by anyone, without an account, while the declaration is on notice; it is
kept as a ballot is: no address, device or time finer than the day, and its tracking code (查询码,
a ballot code's kind: 65 random bits) only as a hash. The objector learns the answer with the code.

Certificate numbers (证书编号) read ``HX-<year>-<jurisdiction id>-<nnnn>``: the cycle's year, the
jurisdiction that names, and the certificate's place in that cycle from 0001 (HX for 和谐).
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..data import naming as store
from ..data import organisations
from ..data import titles
from ..data.enums import DeclarationState, ObjectionState, TitleState
from ..data.models import Certificate, Cycle, Declaration, Objection, User
from . import access, codes
from .errors import Conflict, Invalid, NotFound
from .plain_text import plain

MAX_TEXT = 2000
MAX_NAME = 100


LIMITS = {MAX_TEXT: "long_text_limit", MAX_NAME: "short_text_limit"}


def _plain(text: str | None, limit: int, field: str, errors: dict[str, str], required: bool = False) -> str | None:
    """Trimmed plain text within ``limit`` (MAX_TEXT or MAX_NAME), or None when empty (`plain_text`)."""
    return plain(text, field, errors, maximum=limit, length_key=LIMITS[limit],
                 required_key="text_required" if required else None) or None


def notice_open(declaration: Declaration, today: date) -> bool:
    """On notice and its notice not over: objections are taken until the day before ``notice_ends``."""
    return (declaration.state == DeclarationState.ON_NOTICE and declaration.notice_ends is not None
            and today < declaration.notice_ends)


def last_day(declaration: Declaration) -> date:
    """The last day an objection is taken: the day before the notice ends."""
    return declaration.notice_ends - timedelta(days=1)


def lodge(session: Session, declaration: Declaration, text: str, today: date,
          name: str | None = None, contact: str | None = None) -> str:
    """Record an objection; its tracking code goes to the objector once, and only its hash is kept."""
    if not notice_open(declaration, today):
        raise Conflict("objection_not_on_notice")
    errors: dict[str, str] = {}
    text = _plain(text, MAX_TEXT, "text", errors, required=True)
    name, contact = _plain(name, MAX_NAME, "name", errors), _plain(contact, MAX_NAME, "contact", errors)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    code = codes.new_code()
    session.add(Objection(declaration_id=declaration.id, code_hash=codes.code_hash(code), text=text, name=name,
                          contact=contact, lodged_on=today, state=ObjectionState.OPEN))
    session.flush()
    return code


def by_code(session: Session, raw: str) -> Objection:
    """The objection of a tracking code as typed (any case, with or without dashes)."""
    hashed = codes.typed_hash(raw)
    found = store.objection_by_hash(session, hashed) if hashed else None
    if found is None:
        raise NotFound("objection_unknown")
    return found


def answer(session: Session, user: User, declaration: Declaration, objection: Objection, finding: str,
           today: date) -> None:
    """The assessor's finding (核查结论) on an open objection; an answered one stays answered."""
    access.require_administer(session, user, declaration.cycle.jurisdiction_id)
    if not objection.is_open:
        raise Conflict("objection_answered")
    errors: dict[str, str] = {}
    finding = _plain(finding, MAX_TEXT, "finding", errors, required=True)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    objection.state, objection.finding = ObjectionState.ANSWERED, finding
    objection.answered_by, objection.answered_on = user.id, today
    session.flush()


def objections_of(session: Session, declaration: Declaration) -> list[Objection]:
    return store.objections_of(session, declaration.id)


def objection_of(session: Session, declaration: Declaration, objection_id: str) -> Objection:
    found = session.get(Objection, objection_id[:32])
    if found is None or found.declaration_id != declaration.id:
        raise NotFound("not_found")
    return found


def open_count(session: Session, declaration: Declaration) -> int:
    return store.open_objections(session, [declaration.id]).get(declaration.id, 0)


def certificate(session: Session, declaration: Declaration, named_on: date) -> Certificate:
    """The named declaration's certificate: issued when it is named (`declarations.name`), and on the first
    request for a declaration named before certificates were issued at naming."""
    if declaration.state != DeclarationState.NAMED:
        raise Conflict("certificate_not_named")
    found = store.certificate_of(session, declaration.id)
    if found is None:
        cycle = declaration.cycle
        place = store.certificates_in_cycle(session, cycle.id) + 1
        found = Certificate(number=f"HX-{cycle.year}-{cycle.jurisdiction_id}-{place:04d}",
                            declaration_id=declaration.id, issued_on=named_on)
        session.add(found)
        session.flush()
    return found


def by_number(session: Session, number: str) -> Certificate:
    found = store.certificate_by_number(session, number.strip().upper()[:40])
    if found is None:
        raise NotFound("certificate_unknown")
    return found


@dataclass(frozen=True)
class Named:
    """One entry of the public named list (命名名单), as a certificate's check shows it too."""

    declaration: Declaration
    cycle: Cycle
    issuer: str  # the naming jurisdiction's name
    certificate: Certificate | None
    state: str = TitleState.NAMED  # the title's: named, yellow_card, delisted or revoked

    @property
    def stands(self) -> bool:
        return self.state in (TitleState.NAMED, TitleState.YELLOW_CARD)


def named(session: Session, jurisdiction_id: int | None = None, year: int | None = None) -> list[Named]:
    """The public named list: titles that stand; a delisted or revoked one stays only in the ledger."""
    return [Named(declaration, cycle, jurisdiction.name, found, state)
            for declaration, cycle, jurisdiction, found, state in store.named(session, jurisdiction_id, year)]


def issuer(session: Session, cycle: Cycle) -> str:
    """The name of the jurisdiction whose cycle it is, which names and issues the certificates."""
    return organisations.jurisdiction(session, cycle.jurisdiction_id).name


def holder(session: Session, found: Certificate) -> Named:
    """What a certificate certifies: the named declaration, its cycle, the issuer and whether the title stands."""
    declaration = session.get(Declaration, found.declaration_id)
    title = titles.of_declaration(session, declaration.id)
    return Named(declaration, declaration.cycle, issuer(session, declaration.cycle), found,
                 title.state if title else TitleState.NAMED)


def notice_of(session: Session, cycle: Cycle) -> list[Declaration]:
    """The cycle's declarations on public notice (公示名单)."""
    return store.on_notice(session, cycle.id)
