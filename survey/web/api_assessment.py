"""JSON API v1 of the assessor's cycle (评选年度) and the declarations (申报): the chair declares, self-scores
and submits; the assessor assesses, reviews, puts on notice and names. Bearer API keys, as every staff API."""
from flask import Blueprint, current_app, g, jsonify, request

from ..data import declarations as store
from ..data.models import Campaign
from ..domain import assessing, criteria, cycles, declarations
from ..domain.errors import Invalid
from ..extensions import db
from . import schemas
from .api_keys import require_key
from .assessment_common import (MOVES, change_json, cycle_for, cycle_json, declaration_for, declaration_json,
                                evidence_dir, evidence_download, sign_off_json, summary_json)
from .common import enterprise_for, local_today, local_zone, utcnow
from .schemas import parsed

bp = Blueprint("api_assessment", __name__, url_prefix="/api/v1")
bp.before_request(require_key())


def _done(body, status: int = 200):
    db().commit()
    return jsonify(body), status


def settings_from(body: schemas.CycleSettings, base: cycles.Settings) -> cycles.Settings:
    """The settings sent, over ``base`` for those not sent."""
    sent = {name: getattr(body, name) for name in body.model_fields_set if name in cycles.SETTINGS}
    for name in ("notice_days", *cycles.COUNTS):
        if sent.get(name) is None:
            sent.pop(name, None)
    if "min_scores" in sent:
        sent["min_scores"] = dict(sent["min_scores"] or {})
    return cycles.Settings(**{**base.__dict__, **sent})


@bp.post("/jurisdictions/<int:jurisdiction_id>/cycles")
def create_cycle(jurisdiction_id: int):
    body = parsed(schemas.NewCycle)
    cycle = cycles.create(db(), g.user, jurisdiction_id, body.year, settings_from(body, cycles.Settings()))
    return _done(cycle_json(cycle), 201)


@bp.get("/cycles/<int:cycle_id>")
def show_cycle(cycle_id: int):
    return jsonify(cycle_json(cycle_for(g.user, cycle_id)))


@bp.patch("/cycles/<int:cycle_id>")
def change_cycle(cycle_id: int):
    """The settings sent change, each change recorded; the minimum scores only until the first submission."""
    cycle = cycle_for(g.user, cycle_id, manage=True)
    body = parsed(schemas.CycleSettings)
    cycles.change(db(), g.user, cycle, settings_from(body, cycles.settings_of(cycle)), utcnow())
    return _done(cycle_json(cycle))


@bp.get("/cycles/<int:cycle_id>/changes")
def cycle_changes(cycle_id: int):
    cycle = cycle_for(g.user, cycle_id, manage=True)
    return jsonify([change_json(c) for c in store.setting_changes(db(), cycle.id)])


@bp.put("/cycles/<int:cycle_id>/criteria")
def replace_criteria(cycle_id: int):
    cycle = cycle_for(g.user, cycle_id, manage=True)
    body = parsed(schemas.Scheme)
    specs = [criteria.CriterionSpec(c.key, c.area or c.key, c.text_zh, c.text_en, c.max_points, c.evidence_zh,
                                    c.evidence_en, c.veto) for c in body.criteria]
    cycles.replace_criteria(db(), g.user, cycle, specs, utcnow())
    return _done(cycle_json(cycle))


@bp.get("/cycles/<int:cycle_id>/declarations")
def cycle_declarations(cycle_id: int):
    cycle = cycle_for(g.user, cycle_id, manage=True)
    return jsonify([summary_json(d) for d in declarations.of_cycle(db(), cycle)])


@bp.post("/cycles/<int:cycle_id>/sign-offs")
def sign_off(cycle_id: int):
    cycle = cycle_for(g.user, cycle_id, manage=True)
    body = parsed(schemas.NewSignOff)
    return _done(sign_off_json(assessing.sign_off(db(), g.user, cycle, body.department, body.opinion,
                                                  local_today())), 201)


@bp.get("/cycles/<int:cycle_id>/sign-offs")
def sign_offs(cycle_id: int):
    cycle = cycle_for(g.user, cycle_id, manage=True)
    return jsonify([sign_off_json(s) for s in store.sign_offs_of(db(), cycle.id)])


@bp.post("/enterprises/<int:enterprise_id>/declarations")
def create_declaration(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id, manage=True)
    body = parsed(schemas.NewDeclaration)
    cycle = cycle_for(g.user, body.cycle)
    declaration = declarations.create(db(), g.user, enterprise, cycle, body.level, db().get(Campaign, body.vote),
                                      utcnow(), local_zone())
    return _done(declaration_json(declaration), 201)


@bp.get("/enterprises/<int:enterprise_id>/declarations")
def enterprise_declarations(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id, manage=True)
    return jsonify([summary_json(d) for d in declarations.of_enterprise(db(), enterprise)])


@bp.get("/declarations/<int:declaration_id>")
def show_declaration(declaration_id: int):
    return jsonify(declaration_json(declaration_for(g.user, declaration_id)))


@bp.post("/declarations/<int:declaration_id>/<any(submit, withdraw, return, assess, disqualify, conclude, review, "
         "notice, name):action>")
def move_declaration(declaration_id: int, action: str):
    """One move of the declaration; ``{"note"}`` is optional, and the reason for ``return`` and ``disqualify``."""
    declaration = declaration_for(g.user, declaration_id)
    body = parsed(schemas.Transition) if request.get_data() else schemas.Transition()
    return _done(declaration_json(MOVES[action](g.user, declaration, body.note)))


@bp.put("/declarations/<int:declaration_id>/scores")
def set_scores(declaration_id: int):
    """The chair's self-scores while a draft or returned, the assessor's scores (and notes) under assessment."""
    declaration = declaration_for(g.user, declaration_id)
    body = parsed(schemas.ScoreSheet)
    assessing.set_scores(db(), g.user, declaration, body.scores, body.notes)
    return _done(declaration_json(declaration))


@bp.post("/declarations/<int:declaration_id>/evidence")
def add_evidence(declaration_id: int):
    """Multipart ``file`` (PDF, JPEG or PNG) for the criterion ``criterion``."""
    declaration = declaration_for(g.user, declaration_id)
    upload = request.files.get("file")
    if upload is None:
        raise Invalid("invalid_input", errors={"file": "evidence_type"})
    evidence = assessing.add_evidence(db(), g.user, declaration, request.form.get("criterion", ""),
                                      upload.filename or "", upload.read(), evidence_dir(),
                                      current_app.config["EVIDENCE_MAX_BYTES"], utcnow())
    return _done({"id": evidence.id, "filename": evidence.filename, "content_type": evidence.content_type,
                  "size": evidence.size, "sha256": evidence.sha256}, 201)


@bp.get("/declarations/<int:declaration_id>/evidence/<int:evidence_id>")
def evidence_file(declaration_id: int, evidence_id: int):
    return evidence_download(g.user, declaration_for(g.user, declaration_id), evidence_id)


@bp.delete("/declarations/<int:declaration_id>/evidence/<int:evidence_id>")
def remove_evidence(declaration_id: int, evidence_id: int):
    declaration = declaration_for(g.user, declaration_id)
    assessing.remove_evidence(db(), g.user, declaration, assessing.evidence_for(db(), g.user, declaration, evidence_id))
    return _done(declaration_json(declaration))


@bp.post("/declarations/<int:declaration_id>/documents")
def check_documents(declaration_id: int):
    declaration = declaration_for(g.user, declaration_id)
    body = parsed(schemas.DocumentsChecked)
    assessing.check_documents(db(), g.user, declaration, body.documents, body.finding, local_today())
    return _done(declaration_json(declaration), 201)


@bp.post("/declarations/<int:declaration_id>/forums")
def hold_forum(declaration_id: int):
    declaration = declaration_for(g.user, declaration_id)
    body = parsed(schemas.NewForum)
    assessing.hold_forum(db(), g.user, declaration, body.held_on, body.place, body.attendees, body.issues)
    return _done(declaration_json(declaration), 201)
