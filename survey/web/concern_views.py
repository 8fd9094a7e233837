"""Workers' concerns in JSON, for the worker's pages, the staff pages and the API: what the worker reads
with the tracking code, and a case as a chair or the upper union sees it (identity only to the chair)."""
import re
from datetime import date

from flask import url_for

from ..data.enums import ConcernEntryKind
from ..data.models import Concern, Enterprise, User
from ..domain import concerns, mediation
from ..domain.errors import NotFound
from ..extensions import db
from .common import public_base
from .mediation_views import link_json

CASE_ID = re.compile(r"[0-9a-f]{32}")

WORKER_SEES = (ConcernEntryKind.FOLLOW_UP, ConcernEntryKind.ANSWER)  # the upper union's directions stay between unions


def case_for(user: User, case_id: str) -> Concern:
    """A concern the user may read (its enterprise's chair; an assessor of its jurisdiction); 404 otherwise."""
    concern = db().get(Concern, case_id) if CASE_ID.fullmatch(case_id) else None
    if concern is None:
        raise NotFound("not_found")
    concerns.require_read(db(), user, concern)
    return concern


def concern_url(enterprise: Enterprise) -> str:
    """The address in the enterprise's concern QR."""
    return public_base() + url_for("concerns.raise_form", token=enterprise.concern_token)


def _entries(concern: Concern, kinds=tuple(ConcernEntryKind)) -> list[dict]:
    return [{"kind": e.kind, "text": e.text, "written_on": e.written_on.isoformat()}
            for e in concern.entries if e.kind in kinds]


def worker_json(concern: Concern) -> dict:
    """What the tracking code shows: the state, the answers, the thread without the unions' directions."""
    return {"state": concern.state, "category": concern.category, "closure": concern.closure,
            "raised_on": concern.raised_on.isoformat(), "due_on": concern.due_on.isoformat(),
            "answers": [e for e in _entries(concern, (ConcernEntryKind.ANSWER,))],
            "entries": _entries(concern, WORKER_SEES)}


def case_json(concern: Concern, full: bool, identity: bool, today: date) -> dict:
    """A case for the staff: ``full`` adds the text and the thread, ``identity`` the name and phone given."""
    found = {"id": concern.id, "enterprise_id": concern.enterprise_id, "category": concern.category,
             "state": concern.state, "closure": concern.closure, "raised_on": concern.raised_on.isoformat(),
             "due_on": concern.due_on.isoformat(), "escalated": concerns.is_escalated(concern, today),
             "full": full, "mediation": link_json(mediation.referral_of_concern(db(), concern))}
    if full:
        found.update(text=concern.text, abuse_reason=concern.abuse_reason, entries=_entries(concern))
    if identity:
        found.update(name=concern.name, phone=concern.phone)
    return found
