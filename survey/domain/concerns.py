"""Workers' concerns answered (职工诉求, 事事有记录，件件有回声): raised through the enterprise's concern QR,
answered by the enterprise union within its jurisdiction's days, escalated to the upper union when not.

A worker raises a concern anonymously (a name and phone only if they choose to give them) and gets a
tracking code (查询码), kept only as its hash like a ballot code: with it they read the state and the
answers and add follow-ups. A concern closes only with a written answer and how it was closed. The
enterprise's chair sees everything; an assessor of its jurisdiction sees an escalated concern in full
and the others as their category, state and days only, and never the worker's name or phone.

Abuse control without knowing who wrote: limits per enterprise and day and per tracking code and
day, plain text only (no HTML), bounded lengths, and a chair may mark a concern abusive with a
reason — it is kept, never deleted.
"""
import re
from dataclasses import astuple, dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..data import concerns as store
from ..data.enums import ConcernCategory, ConcernClosure, ConcernEntryKind, ConcernState, Role
from ..data.models import Concern, ConcernEntry, Enterprise, Jurisdiction, User
from . import access, codes
from .errors import Conflict, Forbidden, HarmonyError, Invalid, NotFound
from .plain_text import MARKUP, plain

TEXT_MIN, TEXT_MAX = 5, 2000  # characters of a concern, a follow-up or an answer
NAME_MAX = 50
PHONE = re.compile(r"\+?[0-9][0-9 -]{5,18}[0-9]")
PER_ENTERPRISE_DAY = 100  # concerns raised at one enterprise in one day
PER_CODE_DAY = 5  # follow-ups under one tracking code in one day


class TooMany(HarmonyError):
    status = 429


def _text(value: str | None, field: str, errors: dict[str, str], minimum: int = TEXT_MIN) -> str:
    return plain(value, field, errors, maximum=TEXT_MAX, minimum=minimum, length_key="concern_text_length")


def _optional(value: str | None) -> str | None:
    return (value or "").strip() or None


@dataclass(frozen=True)
class Raised:
    """What a worker sends: the category, the text, and a name and phone only if they choose to."""

    category: str
    text: str
    name: str | None = None
    phone: str | None = None

    def checked(self) -> "Raised":
        errors: dict[str, str] = {}
        if self.category not in set(ConcernCategory):
            errors["category"] = "concern_category_choice"
        text = _text(self.text, "text", errors)
        name, phone = _optional(self.name), _optional(self.phone)
        if name and (len(name) > NAME_MAX or MARKUP.search(name)):
            errors["name"] = "concern_name_length"
        if phone and not PHONE.fullmatch(phone):
            errors["phone"] = "concern_phone_format"
        if errors:
            raise Invalid("invalid_input", errors=errors)
        return Raised(self.category, text, name, phone)


def issue_token(enterprise: Enterprise) -> str:
    """A new token for the concern QR; the old one stops working (a poster that got out of hand)."""
    enterprise.concern_token = Enterprise.new_concern_token()
    return enterprise.concern_token


def enterprise_of_token(session: Session, token: str) -> Enterprise:
    found = store.enterprise_by_token(session, (token or "").strip().lower()) if token else None
    if found is None:
        raise NotFound("unknown_concern_token")
    return found


def raise_concern(session: Session, enterprise: Enterprise, raised: Raised, today: date) -> str:
    """Record a concern and return its tracking code (shown once, kept only as a hash)."""
    raised = raised.checked()
    if store.raised_on_day(session, enterprise.id, today) >= PER_ENTERPRISE_DAY:
        raise TooMany("concerns_too_many")
    days = days_to_answer(session, enterprise)
    code = codes.new_code()
    session.add(Concern(id=Concern.new_key(), enterprise_id=enterprise.id, code_hash=codes.code_hash(code),
                        category=raised.category, text=raised.text, name=raised.name, phone=raised.phone,
                        raised_on=today, due_on=today + timedelta(days=days), state=ConcernState.OPEN))
    session.flush()
    return code


def find(session: Session, typed: str) -> Concern:
    """The concern of a tracking code as typed (any case, with or without dashes)."""
    hashed = codes.typed_hash(typed)
    found = store.by_hash(session, hashed) if hashed else None
    if found is None:
        raise NotFound("unknown_tracking_code")
    return found


def is_escalated(concern: Concern, today: date) -> bool:
    """Unanswered after its due day: the upper union sees it in full and may answer or direct."""
    return concern.state == ConcernState.OPEN and today > concern.due_on


def _entry(concern: Concern, kind: str, text: str, author: User | None, today: date) -> None:
    concern.entries.append(ConcernEntry(position=len(concern.entries) + 1, kind=kind, text=text,
                                        author_id=author.id if author else None, written_on=today))


def days_to_answer(session: Session, enterprise: Enterprise) -> int:
    """The enterprise's jurisdiction's days to answer a concern (default 7)."""
    return session.get(Jurisdiction, enterprise.jurisdiction_id).concern_days


def follow_up(session: Session, concern: Concern, text: str, today: date) -> None:
    """The worker adds to their concern; an answered one is open again, due in the jurisdiction's days."""
    if concern.state in (ConcernState.CLOSED, ConcernState.ABUSIVE):
        raise Conflict("concern_closed")
    errors: dict[str, str] = {}
    text = _text(text, "text", errors)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if sum(e.kind == ConcernEntryKind.FOLLOW_UP and e.written_on == today for e in concern.entries) >= PER_CODE_DAY:
        raise TooMany("concerns_too_many")
    _entry(concern, ConcernEntryKind.FOLLOW_UP, text, None, today)
    if concern.state == ConcernState.ANSWERED:
        concern.state = ConcernState.OPEN
        concern.due_on = today + timedelta(days=days_to_answer(session, session.get(Enterprise, concern.enterprise_id)))


def is_enterprise_union(session: Session, user: User, concern: Concern) -> bool:
    """The concern's own union: its enterprise's chair (or an admin), who sees the name and phone given."""
    return access.can_manage(user, session.get(Enterprise, concern.enterprise_id))


def _is_upper_union(session: Session, user: User, concern: Concern) -> bool:
    enterprise = session.get(Enterprise, concern.enterprise_id)
    return user.role == Role.ASSESSOR and access.can_read(session, user, enterprise)


def sees_in_full(session: Session, user: User, concern: Concern, today: date) -> bool:
    """The chair (or an admin) always; an assessor of its jurisdiction once it is escalated."""
    return is_enterprise_union(session, user, concern) or (_is_upper_union(session, user, concern)
                                                 and is_escalated(concern, today))


def require_read(session: Session, user: User, concern: Concern) -> None:
    if not (is_enterprise_union(session, user, concern) or _is_upper_union(session, user, concern)):
        raise Forbidden("forbidden")


def _require_answerer(session: Session, user: User, concern: Concern, today: date) -> None:
    require_read(session, user, concern)
    if not sees_in_full(session, user, concern, today):
        raise Forbidden("concern_not_escalated")
    if concern.state in (ConcernState.CLOSED, ConcernState.ABUSIVE):
        raise Conflict("concern_closed")


def answer(session: Session, concern: Concern, user: User, text: str, closure: str | None, today: date) -> None:
    """The enterprise union answers (or the upper union, once escalated); with a closure type it is closed."""
    _require_answerer(session, user, concern, today)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors, minimum=1)
    if closure is not None and closure not in set(ConcernClosure):
        errors["closure"] = "concern_closure_choice"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    if concern.answered_in_time is None:  # the due day has not moved before a first answer
        concern.answered_in_time = today <= concern.due_on
    _entry(concern, ConcernEntryKind.ANSWER, text, user, today)
    concern.state = ConcernState.CLOSED if closure else ConcernState.ANSWERED
    concern.closure = closure


def direct(session: Session, concern: Concern, user: User, text: str, today: date) -> None:
    """The upper union directs the enterprise union on an escalated concern (交办); it stays open."""
    if not _is_upper_union(session, user, concern):
        raise Forbidden("forbidden")
    _require_answerer(session, user, concern, today)
    errors: dict[str, str] = {}
    text = _text(text, "text", errors, minimum=1)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    _entry(concern, ConcernEntryKind.DIRECTION, text, user, today)


def mark_abusive(session: Session, concern: Concern, user: User, reason: str) -> None:
    """The enterprise union marks a concern abusive, with its reason; the concern is kept."""
    if not is_enterprise_union(session, user, concern):
        raise Forbidden("forbidden")
    if concern.state in (ConcernState.CLOSED, ConcernState.ABUSIVE):
        raise Conflict("concern_closed")
    errors: dict[str, str] = {}
    reason = _text(reason, "reason", errors, minimum=1)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    concern.state, concern.abuse_reason = ConcernState.ABUSIVE, reason


def of_enterprise(session: Session, user: User, enterprise: Enterprise) -> list[Concern]:
    access.require_read(session, user, enterprise)
    return store.of_enterprise(session, enterprise.id)


def escalated(session: Session, user: User, today: date) -> list[Concern]:
    """The escalated concerns the user's union sees: an assessor's subtree, every one for an admin."""
    if user.role == Role.CHAIR:
        raise Forbidden("forbidden")
    return store.escalated(session, _enterprise_ids(session, user), today)


def _enterprise_ids(session: Session, user: User) -> list[int] | None:
    if user.role == Role.ADMIN:
        return None
    return [enterprise.id for enterprise in access.visible_enterprises(session, user)]


@dataclass(frozen=True)
class Counts:
    """How a set of concerns was answered: received, answered, answered by the due day, closed, solved."""

    received: int = 0
    answered: int = 0
    in_time: int = 0
    closed: int = 0
    solved: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    @property
    def in_time_share(self) -> float | None:
        return self.in_time / self.received if self.received else None

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.closed if self.closed else None


@dataclass(frozen=True)
class Statistics:
    """A jurisdiction's concerns (its subtree): all, by category and by enterprise. Concerns are not asked
    a department, so there is no per-department figure to suppress."""

    total: Counts
    by_category: dict[str, Counts]
    by_enterprise: dict[int, Counts]
    overdue: int  # unanswered after their due day: with the upper union now


def statistics(session: Session, user: User, jurisdiction_id: int, today: date) -> Statistics:
    access.require_jurisdiction(session, user, jurisdiction_id)
    by_category: dict[str, Counts] = {}
    by_enterprise: dict[int, Counts] = {}
    enterprise_ids = list(access.enterprises_under(session, jurisdiction_id))
    for enterprise_id, category, *counts in store.statistics(session, enterprise_ids):
        found = Counts(*counts)
        by_category[category] = by_category.get(category, Counts()) + found
        by_enterprise[enterprise_id] = by_enterprise.get(enterprise_id, Counts()) + found
    return Statistics(sum(by_category.values(), Counts()), by_category, by_enterprise,
                      len(store.escalated(session, enterprise_ids, today)))


def ledger(session: Session, user: User, jurisdiction_id: int) -> tuple[list[Concern], dict[int, Enterprise]]:
    """The concerns of a jurisdiction and below for its ledger (台账), with their enterprises; the ledger
    shows no text and no identity."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    enterprises = access.enterprises_under(session, jurisdiction_id)
    return store.ledger(session, list(enterprises)), enterprises
