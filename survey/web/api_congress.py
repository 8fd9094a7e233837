"""JSON API v1 for the congress (职代会): sessions, roster, sign-in, motions, elections, resolution.

Same style as the satisfaction vote's API: Bearer API keys, JSON bodies, errors as
``{"error", "message"}``. Ballots of motions and elections are cast through ``POST /api/v1/ballots``.
"""
from flask import Blueprint, g, jsonify, request

from ..data.models import Motion
from ..domain import agenda, codes, congresses, resolutions
from ..domain.errors import Invalid
from ..extensions import db
from ..messages import message
from . import schemas
from .api_keys import require_key
from .common import after_close, enterprise_for, utcnow
from .congress_common import (KIND_CLASSES, agenda_item_for, agenda_item_json, congress_for, congress_json,
                              delegate_json, resolution_pdf, results_json, roster_lines)
from .schemas import parsed

bp = Blueprint("api_congress", __name__, url_prefix="/api/v1")
bp.before_request(require_key())


@bp.errorhandler(congresses.RosterRejected)
def _roster_rejected(error: congresses.RosterRejected):
    db().rollback()
    return jsonify({"error": error.key, "message": message(error.key), "lines": roster_lines(error.errors)}), 422


def _done(body: dict, status: int = 200):
    db().commit()
    return jsonify(body), status


@bp.post("/enterprises/<int:enterprise_id>/congresses")
def create_congress(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id, manage=True)
    body = parsed(schemas.NewCongress)
    congress = congresses.create(db(), enterprise, body.title, [d.model_dump() for d in body.delegates])
    return _done(congress_json(db(), congress), 201)


@bp.get("/enterprises/<int:enterprise_id>/congresses")
def list_congresses(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id)
    return jsonify([{"id": c.id, "title": c.title, "state": c.state}
                    for c in congresses.of_enterprise(db(), enterprise.id)])


@bp.get("/congresses/<int:congress_id>")
def show_congress(congress_id: int):
    return jsonify(congress_json(db(), congress_for(g.user, congress_id)))


@bp.post("/congresses/<int:congress_id>/delegates")
def add_delegate(congress_id: int):
    congress = congress_for(g.user, congress_id, manage=True)
    entry = parsed(schemas.DelegateEntry).model_dump()
    return _done(delegate_json(congresses.add_delegate(db(), congress, entry)), 201)


@bp.post("/congresses/<int:congress_id>/roster")
def import_roster(congress_id: int):
    """Replace a draft's roster by an uploaded CSV or XLSX file (multipart field ``file``)."""
    congress = congress_for(g.user, congress_id, manage=True)
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("invalid_input", errors={"file": "congress_file_required"})
    congresses.import_roster(db(), congress, upload.read(), upload.filename or "")
    return _done(congress_json(db(), congress))


@bp.post("/congresses/<int:congress_id>/open")
def open_congress(congress_id: int):
    congress = congress_for(g.user, congress_id, manage=True)
    congresses.open_(db(), congress)
    return _done(congress_json(db(), congress))


@bp.post("/congresses/<int:congress_id>/close")
def close_congress(congress_id: int):
    congress = congress_for(g.user, congress_id, manage=True)
    congresses.close(db(), congress, utcnow())
    return _done(congress_json(db(), congress))


@bp.post("/congresses/<int:congress_id>/sign-ins")
def sign_in(congress_id: int):
    congress = congress_for(g.user, congress_id, manage=True)
    body = parsed(schemas.SignIn)
    delegate = congresses.delegate_of(congress, body.delegate_id)
    record = congresses.sign_in(db(), delegate, utcnow(), paper=body.paper, by_chair=True)
    return _done({"delegate_id": record.delegate_id, "paper": record.paper}, 201)


@bp.get("/congresses/<int:congress_id>/quorum")
def quorum(congress_id: int):
    present = congresses.attendance(db(), congress_for(g.user, congress_id))
    return jsonify({"total": present.total, "present": present.present, "paper": present.paper,
                    "quorum_met": present.quorum_met})


@bp.post("/congresses/<int:congress_id>/motions")
def add_motion(congress_id: int):
    congress = congress_for(g.user, congress_id, manage=True)
    motion = agenda.add_motion(db(), congress, parsed(schemas.NewMotion).title)
    return _done(agenda_item_json(db(), motion), 201)


@bp.post("/congresses/<int:congress_id>/elections")
def add_election(congress_id: int):
    congress = congress_for(g.user, congress_id, manage=True)
    body = parsed(schemas.NewElection)
    election = agenda.add_election(db(), congress, body.title, body.seats, body.candidates)
    return _done(agenda_item_json(db(), election), 201)


@bp.get("/congresses/<int:congress_id>/<any(motions, elections):kind>")
def list_items(congress_id: int, kind: str):
    congress = congress_for(g.user, congress_id)
    return jsonify([agenda_item_json(db(), item) for item in agenda.of_congress(db(), congress, KIND_CLASSES[kind])])


@bp.get("/<any(motions, elections):kind>/<int:item_id>")
def show_item(kind: str, item_id: int):
    return jsonify(agenda_item_json(db(), agenda_item_for(g.user, kind, item_id)))


@bp.post("/<any(motions, elections):kind>/<int:item_id>/open")
def open_item(kind: str, item_id: int):
    item = agenda_item_for(g.user, kind, item_id, manage=True)
    agenda.open_(db(), item)
    return _done(agenda_item_json(db(), item))


@bp.post("/<any(motions, elections):kind>/<int:item_id>/codes")
def issue_codes(kind: str, item_id: int):
    item = agenda_item_for(g.user, kind, item_id, manage=True)
    plain = agenda.issue_codes(db(), item)
    return _done({"codes": [codes.display(code) for code in plain]}, 201)


@bp.post("/<any(motions, elections):kind>/<int:item_id>/paper")
def record_paper(kind: str, item_id: int):
    """Paper counts: a motion's ``{"for", "against", "abstain"}``; an election's
    ``{"ballots", "votes": {"<candidate id>": n}}``."""
    item = agenda_item_for(g.user, kind, item_id, manage=True)
    counts = parsed(schemas.PaperCounts)
    if isinstance(item, Motion):
        agenda.record_motion_paper(db(), item, counts.motion())
    else:
        agenda.record_election_paper(db(), item, counts.ballots, counts.votes)
    return _done(agenda_item_json(db(), item))


@bp.post("/<any(motions, elections):kind>/<int:item_id>/close")
def close_item(kind: str, item_id: int):
    item = agenda_item_for(g.user, kind, item_id, manage=True)
    agenda.close(db(), item, utcnow())
    response = _done(agenda_item_json(db(), item))
    after_close()
    return response


@bp.get("/<any(motions, elections):kind>/<int:item_id>/results")
def show_results(kind: str, item_id: int):
    return jsonify(results_json(db(), agenda_item_for(g.user, kind, item_id)))


@bp.get("/congresses/<int:congress_id>/resolution")
def show_resolution(congress_id: int):
    """The sealed result set of a closed session and its SHA-256 digest."""
    sealed = resolutions.resolution(db(), congress_for(g.user, congress_id))
    return jsonify({"digest": sealed.digest, "record": sealed.record})



@bp.get("/congresses/<int:congress_id>/resolution.pdf")
def resolution_sheet(congress_id: int):
    return resolution_pdf(congress_for(g.user, congress_id))
