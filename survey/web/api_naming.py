"""JSON API v1 of the spot check, the public notice and naming: starting the assessor's spot-check
survey, objections (lodged and read without a key: the tracking code is the credential), the
public named list and the certificate PDF."""
from flask import Blueprint, g, jsonify, request

from ..data.models import Declaration
from ..domain import codes, declarations, naming, spot_survey
from ..domain.errors import NotFound
from ..extensions import db, limiter
from ..messages import message
from . import schemas
from .api_keys import require_key
from .assessment_common import declaration_for
from .openapi import PUBLIC
from .common import local_today
from .naming_words import certificate_of, certificate_response, objection_json, objection_limit, spot_check_title
from .schemas import parsed, validated

bp = Blueprint("api_naming", __name__, url_prefix="/api/v1")
bp.before_request(require_key(*PUBLIC))


def _declaration(declaration_id: int) -> Declaration:
    """Any declaration (lodging an objection needs no key); 404 when there is none."""
    found = db().get(Declaration, declaration_id)
    if found is None:
        raise NotFound("not_found")
    return found


def _assessed(declaration_id: int) -> Declaration:
    """The declaration, for an assessor of its cycle's jurisdiction (or an admin): 403 for anyone else."""
    found = declaration_for(g.user, declaration_id)
    declarations.require_assessor(db(), g.user, found)
    return found


@bp.post("/declarations/<int:declaration_id>/spot-check")
def start_spot_check(declaration_id: int):
    """The assessor's own anonymous survey: then codes, opening and closing as for any vote."""
    found = declaration_for(g.user, declaration_id)
    body = parsed(schemas.SpotCheck)
    survey = spot_survey.start(db(), g.user, found, body.electorate, spot_check_title(found))
    db().commit()
    return jsonify({"vote": survey.id}), 201


@bp.post("/declarations/<int:declaration_id>/objections")
@limiter.limit(objection_limit, error_message=lambda: message("too_many"))
def lodge_objection(declaration_id: int):
    """No key: anyone may object while the declaration is on notice; the tracking code is shown once."""
    found = _declaration(declaration_id)
    body = parsed(schemas.NewObjection)
    code = naming.lodge(db(), found, body.text, local_today(), body.name, body.contact)
    db().commit()
    return jsonify({"tracking_code": codes.display(code)}), 201


@bp.get("/objections/<code>")
def show_objection(code: str):
    return jsonify(objection_json(naming.by_code(db(), code)))


@bp.get("/declarations/<int:declaration_id>/objections")
def list_objections(declaration_id: int):
    found = _assessed(declaration_id)
    return jsonify([objection_json(objection, full=True) for objection in naming.objections_of(db(), found)])


@bp.post("/declarations/<int:declaration_id>/objections/<objection_id>/finding")
def answer_objection(declaration_id: int, objection_id: str):
    found = _assessed(declaration_id)
    objection = naming.objection_of(db(), found, objection_id)
    body = parsed(schemas.Finding)
    naming.answer(db(), g.user, found, objection, body.finding, local_today())
    db().commit()
    return jsonify(objection_json(objection, full=True))


@bp.get("/named")
def named():
    """No key: the named enterprises, ?jurisdiction=<id>&year=<y> (either may be left out)."""
    query = validated(schemas.NamedQuery, dict(request.args))
    entries = naming.named(db(), query.jurisdiction, query.year)
    return jsonify([{"enterprise": entry.declaration.enterprise.name,
                     "credit_code": entry.declaration.enterprise.credit_code, "level": entry.declaration.level,
                     "year": entry.cycle.year, "jurisdiction": entry.issuer,
                     "certificate": certificate_of(entry.declaration).number, "state": entry.state}
                    for entry in entries])


@bp.get("/declarations/<int:declaration_id>/certificate.pdf")
def certificate(declaration_id: int):
    """The certificate of a named declaration (409 before), for its chair and its assessors."""
    return certificate_response(declaration_for(g.user, declaration_id))
