"""JSON API v1 for the labour-relations early-warning watch (劳动关系预警): reports from liaisons and
chairs, the upper union's points, colour rules, reporting windows, board and cases (Bearer keys)."""
from flask import Blueprint, g, jsonify

from ..data import declarations as declaration_store
from ..data.models import User
from ..domain import access, concerns, warnings
from ..domain.errors import NotFound
from ..domain.warning_rules import Rule
from ..extensions import db
from . import schemas
from .api_keys import require_key
from .assessment_common import change_json
from .common import enterprise_for, local_today, utcnow
from .schemas import parsed
from .warning_views import board_json, case_json, concern_statistics_json, report_json, webhook_payload
from .webhook import notify

bp = Blueprint("api_warnings", __name__, url_prefix="/api/v1")
bp.before_request(require_key())


@bp.post("/enterprises/<int:enterprise_id>/warning-reports")
def report(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id)
    body = parsed(schemas.WarningReport)
    found = warnings.report(db(), g.user, enterprise, warnings.Reported(body.period, body.event, body.indicators,
                                                                        body.narrative), local_today())
    db().commit()
    if found.case is not None:
        notify(webhook_payload(found, enterprise))
    return jsonify(report_json(found)), 201


@bp.post("/jurisdictions/<int:jurisdiction_id>/warning-points")
def designate(jurisdiction_id: int):
    body = parsed(schemas.NewWarningPoint)
    enterprise = enterprise_for(g.user, body.enterprise)
    if enterprise.jurisdiction_id not in access.subtree(db(), jurisdiction_id):
        raise NotFound("not_found")
    liaison = _user(body.liaison) if body.liaison else None
    point = warnings.designate(db(), g.user, enterprise, liaison, local_today())
    db().commit()
    return jsonify({"id": point.id, "enterprise_id": point.enterprise_id, "liaison_id": point.liaison_id,
                    "designated_on": point.designated_on.isoformat()}), 201


def _user(user_id: int) -> User:
    found = db().get(User, user_id)
    if found is None:
        raise NotFound("not_found")
    return found


@bp.get("/jurisdictions/<int:jurisdiction_id>/warnings")
def board(jurisdiction_id: int):
    """Points with their current level and overdue reports, the open cases, and the concerns' statistics."""
    found = board_json(warnings.board(db(), g.user, jurisdiction_id, local_today()), local_today())
    return jsonify({**found, "concerns": concern_statistics_json(concerns.statistics(db(), g.user, jurisdiction_id, local_today()))})


def _rules_json(jurisdiction_id: int) -> dict:
    rules, set_by = warnings.rules_in_force(db(), g.user, jurisdiction_id)
    return {"rules": [{"indicator": r.indicator, "comparison": r.comparison, "value": str(r.value), "level": r.level}
                      for r in rules], "set_by": set_by, "example": set_by is None}


@bp.get("/jurisdictions/<int:jurisdiction_id>/colour-rules")
def colour_rules(jurisdiction_id: int):
    return jsonify(_rules_json(jurisdiction_id))


@bp.put("/jurisdictions/<int:jurisdiction_id>/colour-rules")
def set_colour_rules(jurisdiction_id: int):
    body = parsed(schemas.ColourRules)
    warnings.set_rules(db(), g.user, jurisdiction_id,
                       [Rule(r.indicator, r.comparison, r.value, r.level) for r in body.rules], utcnow())
    db().commit()
    return jsonify(_rules_json(jurisdiction_id))


@bp.get("/jurisdictions/<int:jurisdiction_id>/changes")
def jurisdiction_changes(jurisdiction_id: int):
    """The changes of the jurisdiction's own settings: days to answer a concern, colour rules, reporting windows."""
    access.require_jurisdiction(db(), g.user, jurisdiction_id)
    return jsonify([change_json(c) for c in declaration_store.setting_changes(db(), jurisdiction_id=jurisdiction_id)])


@bp.post("/jurisdictions/<int:jurisdiction_id>/reporting-windows")
def add_window(jurisdiction_id: int):
    body = parsed(schemas.ReportingWindowBody)
    window = warnings.add_window(db(), g.user, jurisdiction_id, body.name, body.starts_on, body.ends_on, utcnow())
    db().commit()
    return jsonify({"id": window.id, "name": window.name, "starts_on": window.starts_on.isoformat(),
                    "ends_on": window.ends_on.isoformat()}), 201


@bp.post("/warning-cases/<int:case_id>/owner")
def assign(case_id: int):
    case, body = warnings.case_for(db(), g.user, case_id), parsed(schemas.CaseOwner)
    warnings.assign(db(), g.user, case, _user(body.owner), body.due_on)
    db().commit()
    return jsonify(case_json(case, local_today()))


@bp.post("/warning-cases/<int:case_id>/close")
def close(case_id: int):
    case, body = warnings.case_for(db(), g.user, case_id), parsed(schemas.CaseClosing)
    warnings.close(db(), g.user, case, body.actions, local_today())
    db().commit()
    return jsonify(case_json(case, local_today()))
