"""What is recorded on a declaration besides its moves: the chair's self-scores and evidence files, the
assessor's scores with notes, documents checked and workers' forums (考核), and the departments'
sign-offs on the cycle's list (会签, for the leading group's review)."""
import hashlib
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ..data import declarations as store
from ..data import evidence_files
from ..data.enums import DeclarationState
from ..data.models import (Criterion, CriterionScore, Cycle, Declaration, DocumentCheck, Evidence, Forum, SignOff,
                           User)
from . import cycles, declarations, scoring
from .congress import CATEGORIES
from .errors import Conflict, Invalid, NotFound
from .spreadsheet import CONTROL_CHARACTERS

State = DeclarationState
CHAIR_EDITS = (State.DRAFT, State.RETURNED)  # the chair's self-scores and evidence
_UNSTORABLE = re.compile(f"[{CONTROL_CHARACTERS}\t\r\n]")  # a file name keeps no control character, no line break
MAGIC = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
MAX_EVIDENCE_FILES = 200
MAX_TEXT = 4000
MAX_ATTENDEES = 10_000


def _criterion(declaration: Declaration, key: str) -> Criterion:
    for criterion in scoring.applying(declaration.cycle.criteria, declaration.level):
        if criterion.key == key:
            return criterion
    raise Invalid("invalid_input", errors={key: "criterion_unknown"})


def _chair_editing(session: Session, user: User, declaration: Declaration) -> None:
    declarations.require_chair(user, declaration)
    if declaration.state not in CHAIR_EDITS:
        raise Conflict("declaration_not_editable")


def _assessing(session: Session, user: User, declaration: Declaration) -> None:
    declarations.require_assessor(session, user, declaration)
    if declaration.state != State.UNDER_ASSESSMENT:
        raise Conflict("declaration_not_under_assessment")


def scoring_as_chair(session: Session, user: User, declaration: Declaration) -> bool:
    """Whose scores a score sheet sets now: the chair's self-scores while the declaration is theirs to
    edit, the assessor's while it is under assessment; 409 for a declaration in neither state."""
    if declaration.state in CHAIR_EDITS and declarations.is_chair(user, declaration):
        return True
    if declaration.state == State.UNDER_ASSESSMENT and declarations.is_assessor(session, user, declaration):
        return False
    declarations.require_see(session, user, declaration)
    raise Conflict("declaration_scores_closed")


def set_scores(session: Session, user: User, declaration: Declaration, values: Mapping[str, object],
               notes: Mapping[str, str] | None = None) -> None:
    """Score criteria by key: points, or for a veto criterion true (met) or false. Every value is checked
    before any is stored; a criterion not given keeps its score."""
    own = scoring_as_chair(session, user, declaration)
    notes = notes or {}
    checked, errors = {}, {}
    for key in {*values, *notes}:
        try:
            criterion = _criterion(declaration, key)
            checked[key] = (criterion, scoring.checked(criterion, values[key]) if key in values else None)
        except Invalid as refused:
            errors.update(refused.details["errors"])
    if any(len(note) > MAX_TEXT for note in notes.values()):
        errors["notes"] = "text_length"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    existing = store.scores_of(session, declaration.id)
    for key, (criterion, value) in checked.items():
        row = existing.get(key) or CriterionScore(declaration_id=declaration.id, criterion_id=criterion.id, note="")
        if key in values:
            setattr(row, _column(criterion, own), value)
        if key in notes and not own:
            row.note = notes[key].strip()
        session.add(row)
    session.flush()


def _column(criterion: Criterion, own: bool) -> str:
    return ("self_" if own else "") + ("met" if criterion.veto else "points")


def content_type(data: bytes) -> str | None:
    """PDF, JPEG or PNG, known by the file's first bytes (never by its name); None for anything else."""
    return next((kind for magic, kind in MAGIC.items() if data.startswith(magic)), None)


def add_evidence(session: Session, user: User, declaration: Declaration, criterion_key: str, filename: str,
                 data: bytes, directory: Path, max_bytes: int, now: datetime) -> Evidence:
    """A file for one criterion, by the chair while the declaration is theirs to edit."""
    _chair_editing(session, user, declaration)
    criterion = _criterion(declaration, criterion_key)
    kind = content_type(data)
    if kind is None:
        raise Invalid("invalid_input", errors={"file": "evidence_type"})
    if len(data) > max_bytes:
        raise Invalid("invalid_input", errors={"file": "evidence_too_large"}, limit=max_bytes // (1024 * 1024))
    if len(store.evidence_of(session, declaration.id)) >= MAX_EVIDENCE_FILES:
        raise Conflict("evidence_too_many", limit=MAX_EVIDENCE_FILES)
    sha256 = hashlib.sha256(data).hexdigest()
    evidence_files.store(directory, sha256, data)
    name = _UNSTORABLE.sub("", Path(filename or "").name).strip()[:200] or sha256[:12]
    evidence = Evidence(declaration_id=declaration.id, criterion_id=criterion.id, filename=name, content_type=kind,
                        size=len(data), sha256=sha256, user_id=user.id, at=now)
    session.add(evidence)
    session.flush()
    return evidence


def evidence_for(session: Session, user: User, declaration: Declaration, evidence_id: int) -> Evidence:
    declarations.require_see(session, user, declaration)
    evidence = session.get(Evidence, evidence_id)
    if evidence is None or evidence.declaration_id != declaration.id:
        raise NotFound("not_found")
    return evidence


def remove_evidence(session: Session, user: User, declaration: Declaration, evidence: Evidence) -> None:
    """The record goes; the file stays, as another record may name the same content."""
    _chair_editing(session, user, declaration)
    session.delete(evidence)
    session.flush()


def _text(value: str, field: str, required: bool = True) -> str:
    value = (value or "").strip()
    if (required and not value) or len(value) > MAX_TEXT:
        raise Invalid("invalid_input", errors={field: "text_length"})
    return value


def check_documents(session: Session, user: User, declaration: Declaration, documents: str, finding: str,
                    today: date) -> DocumentCheck:
    """查阅资料: the documents the assessor checked, and what they found."""
    _assessing(session, user, declaration)
    checked = DocumentCheck(declaration_id=declaration.id, documents=_text(documents, "documents"),
                            finding=_text(finding, "finding", required=False), user_id=user.id, day=today)
    session.add(checked)
    session.flush()
    return checked


def hold_forum(session: Session, user: User, declaration: Declaration, held_on: date, place: str,
               attendees: Mapping[str, int], issues: str) -> Forum:
    """职工座谈会: when and where, how many of each category of workers attended, the issues raised."""
    _assessing(session, user, declaration)
    if set(attendees) - set(CATEGORIES) or any(not 0 <= n <= MAX_ATTENDEES for n in attendees.values()) \
            or not sum(attendees.values()):
        raise Invalid("invalid_input", errors={"attendees": "forum_attendees"})
    forum = Forum(declaration_id=declaration.id, held_on=held_on, place=_text(place, "place")[:200],
                  attendees={category: attendees.get(category, 0) for category in CATEGORIES},
                  issues=_text(issues, "issues", required=False), user_id=user.id)
    session.add(forum)
    session.flush()
    return forum


def sign_off(session: Session, user: User, cycle: Cycle, department: str, opinion: str, today: date) -> SignOff:
    """会签: a department's opinion on the cycle's list, recorded by the cycle's assessor."""
    cycles.require_administer(session, user, cycle)
    department = _text(department, "department")
    if len(department) > 100:
        raise Invalid("invalid_input", errors={"department": "text_length"})
    signed = SignOff(cycle_id=cycle.id, department=department, opinion=_text(opinion, "opinion"), user_id=user.id,
                     day=today)
    session.add(signed)
    session.flush()
    return signed

