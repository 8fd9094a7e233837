"""Shared by the congress pages and the congress API: loading with access checks, plain dictionaries."""
import io

from flask import Response
from sqlalchemy.orm import Session

from ..data.models import AgendaItem, Congress, Delegate, Election, Motion, User
from ..domain import agenda, congresses, resolutions
from ..domain.errors import NotFound
from ..extensions import db
from ..domain.roster import RosterError
from ..printing.resolution import render_resolution
from .common import enterprise_for
from ..messages import message
from .downloads import pdf_download
from .resolution_wording import wording

KIND_CLASSES: dict[str, type[AgendaItem]] = {"motions": Motion, "elections": Election}


def congress_for(user: User, congress_id: int, manage: bool = False) -> Congress:
    """The congress if the user may see (or manage) its enterprise."""
    congress = db().get(Congress, congress_id)
    if congress is None:
        raise NotFound("not_found")
    enterprise_for(user, congress.enterprise_id, manage)
    return congress


def agenda_item_for(user: User, kind: str, item_id: int, manage: bool = False) -> AgendaItem:
    """A motion (kind ``motions``) or an election (``elections``) the user may see (or manage)."""
    agenda_item = agenda.load(db(), KIND_CLASSES[kind], item_id)
    congress_for(user, agenda_item.congress_id, manage)
    return agenda_item


def delegate_json(delegate: Delegate) -> dict:
    return {"id": delegate.id, "name": delegate.name, "department": delegate.department,
            "category": delegate.category}


def congress_json(session: Session, congress: Congress) -> dict:
    present = congresses.attendance(session, congress)
    share = congresses.share(congress)
    return {
        "id": congress.id, "enterprise_id": congress.enterprise_id, "title": congress.title,
        "state": congress.state, "total": present.total, "present": present.present, "paper": present.paper,
        "quorum_met": present.quorum_met,
        "management_share": {"managers": share.managers, "share": str(share.share), "warn": share.warn},
        "delegates": [delegate_json(d) for d in congress.delegates],
    }


def agenda_item_json(session: Session, agenda_item: AgendaItem) -> dict:
    body = {"id": agenda_item.id, "congress_id": agenda_item.congress_id, "kind": agenda_item.kind,
            "title": agenda_item.title, "state": agenda_item.state,
            "voted": agenda.voted(session, [agenda_item])[agenda_item.id],
            "codes_issued": agenda.codes_issued(session, [agenda_item])[agenda_item.id]}
    if isinstance(agenda_item, Election):
        body["seats"] = agenda_item.seats
        body["candidates"] = [{"id": c.id, "name": c.name} for c in agenda_item.candidates]
    return body


def results_json(session: Session, agenda_item: AgendaItem) -> dict:
    """A closed agenda item's counts and outcome (409 ``results_hidden`` before): the sealed record's form."""
    if isinstance(agenda_item, Motion):
        return resolutions.motion_record(agenda_item, agenda.motion_outcome(session, agenda_item))
    return resolutions.election_record(agenda_item, agenda.election_outcome(session, agenda_item))


def roster_lines(errors: tuple[RosterError, ...]) -> list[dict]:
    """Each error of a rejected roster with its line (None: the whole file) and its message."""
    return [{"line": e.line, "error": e.key, "message": message(e.key, **e.details)} for e in errors]


def resolution_pdf(congress: Congress) -> Response:
    """The resolution sheet of a closed session as an A4 PDF download (409 while it is open)."""
    sealed = resolutions.resolution(db(), congress)
    out = io.BytesIO()
    render_resolution(sealed.record, sealed.digest, wording(), out)
    return pdf_download(out.getvalue(), f"resolution-{congress.id}.pdf")
