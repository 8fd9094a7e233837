"""JSON API v1 for workers' concerns (职工诉求): raising, tracking and following up need no key (the
concern QR's token and the tracking code are the credentials, and no log records these paths);
the enterprise's concern QR and the cases need a staff key."""
from flask import Blueprint, g, jsonify

from ..domain import concerns
from ..extensions import db
from . import schemas
from .api_keys import require_key
from .common import enterprise_for, local_today
from .concern_views import case_for, case_json, concern_url, worker_json
from .schemas import parsed

bp = Blueprint("api_concerns", __name__, url_prefix="/api/v1")
PUBLIC = {"api_concerns.raise_concern", "api_concerns.track", "api_concerns.follow_up"}
bp.before_request(require_key(*PUBLIC))


def _enterprise_json(enterprise) -> dict:
    return {"id": enterprise.id, "name": enterprise.name, "credit_code": enterprise.credit_code,
            "headcount": enterprise.headcount, "jurisdiction_id": enterprise.jurisdiction_id,
            "departments": list(enterprise.departments or ()), "concern_token": enterprise.concern_token,
            "concern_url": concern_url(enterprise)}


@bp.get("/enterprises/<int:enterprise_id>")
def show_enterprise(enterprise_id: int):
    """The enterprise, with the token and address of its concern QR."""
    return jsonify(_enterprise_json(enterprise_for(g.user, enterprise_id)))


@bp.post("/enterprises/<int:enterprise_id>/concern-token")
def new_concern_token(enterprise_id: int):
    """A new concern QR token; the old one stops working."""
    enterprise = enterprise_for(g.user, enterprise_id, manage=True)
    concerns.issue_token(enterprise)
    found = _enterprise_json(enterprise)
    db().commit()
    return jsonify(found)


@bp.post("/concerns")
def raise_concern():
    body = parsed(schemas.NewConcern)
    enterprise = concerns.enterprise_of_token(db(), body.enterprise)
    code = concerns.raise_concern(db(), enterprise, concerns.Raised(body.category, body.text, body.name, body.phone),
                                  local_today())
    db().commit()
    return jsonify({"tracking_code": code}), 201


@bp.get("/concerns/<code>")
def track(code: str):
    return jsonify(worker_json(concerns.find(db(), code)))


@bp.post("/concerns/<code>/follow-ups")
def follow_up(code: str):
    concern = concerns.find(db(), code)
    concerns.follow_up(db(), concern, parsed(schemas.ConcernFollowUp).text, local_today())
    db().commit()
    return jsonify(worker_json(concern)), 201


def _case(concern) -> dict:
    today = local_today()
    return case_json(concern, concerns.sees_in_full(db(), g.user, concern, today),
                     concerns.is_enterprise_union(db(), g.user, concern), today)


@bp.get("/enterprises/<int:enterprise_id>/concerns")
def list_concerns(enterprise_id: int):
    """Every concern of the enterprise: in full for its chair; for an assessor of its jurisdiction the
    escalated ones in full and the others as category, state and days, never with a name or phone."""
    return jsonify([_case(c) for c in concerns.of_enterprise(db(), g.user, enterprise_for(g.user, enterprise_id))])


@bp.get("/concern-cases/escalated")
def escalated():
    return jsonify([_case(c) for c in concerns.escalated(db(), g.user, local_today())])


@bp.get("/concern-cases/<case_id>")
def show_case(case_id: str):
    return jsonify(_case(case_for(g.user, case_id)))


def _changed(concern) -> tuple:
    db().commit()
    return jsonify(_case(concern))


@bp.post("/concern-cases/<case_id>/answer")
def answer(case_id: str):
    concern, body = case_for(g.user, case_id), parsed(schemas.ConcernAnswer)
    concerns.answer(db(), concern, g.user, body.text, body.closure, local_today())
    return _changed(concern)


@bp.post("/concern-cases/<case_id>/direct")
def direct(case_id: str):
    concern = case_for(g.user, case_id)
    concerns.direct(db(), concern, g.user, parsed(schemas.ConcernFollowUp).text, local_today())
    return _changed(concern)


@bp.post("/concern-cases/<case_id>/abusive")
def abusive(case_id: str):
    concern = case_for(g.user, case_id)
    concerns.mark_abusive(db(), concern, g.user, parsed(schemas.ConcernAbuse).reason)
    return _changed(concern)
