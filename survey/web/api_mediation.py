"""JSON API v1 for labour-dispute mediation (劳动争议调解): bodies and mediators, cases with their sessions
and outcome, the agreement's PDF, and the referral of a concern or a warning case (Bearer keys)."""
from flask import Blueprint, g, jsonify

from ..data.models import User
from ..domain import mediation, warnings
from ..domain.errors import NotFound
from ..extensions import db
from . import schemas
from .api_keys import require_key
from .common import local_today
from .concern_views import case_for as concern_case_for
from .mediation_agreement import agreement_pdf
from .mediation_views import body_json, case_json
from .schemas import parsed

bp = Blueprint("api_mediation", __name__, url_prefix="/api/v1")
bp.before_request(require_key())


def _created(case) -> tuple:
    db().commit()
    return jsonify(case_json(case)), 201


def _parties(body: schemas.MediationParties) -> mediation.Parties:
    return mediation.Parties(body.worker_party, body.employer_party, body.claim)


@bp.get("/mediation-bodies")
def list_bodies():
    """The bodies the key's account sees."""
    return jsonify([body_json(b) for b in mediation.visible_bodies(db(), g.user)])


@bp.post("/mediation-bodies")
def create_body():
    body = parsed(schemas.NewMediationBody)
    found = mediation.create_body(db(), g.user, body.name, body.level, body.jurisdiction, body.enterprise)
    db().commit()
    return jsonify(body_json(found)), 201


@bp.get("/mediation-bodies/<int:body_id>")
def show_body(body_id: int):
    return jsonify(body_json(mediation.body_for(db(), g.user, body_id)))


@bp.post("/mediation-bodies/<int:body_id>/mediators")
def add_mediator(body_id: int):
    found, body = mediation.body_for(db(), g.user, body_id), parsed(schemas.NewMediator)
    account = None
    if body.account is not None:
        account = db().get(User, body.account)
        if account is None:
            raise NotFound("not_found")
    mediator = mediation.add_mediator(db(), g.user, found, body.name, account)
    db().commit()
    return jsonify({"id": mediator.id, "name": mediator.name, "account_id": mediator.account_id}), 201


@bp.get("/mediation-bodies/<int:body_id>/cases")
def list_cases(body_id: int):
    found = mediation.body_for(db(), g.user, body_id)
    return jsonify([case_json(c) for c in mediation.cases_of(db(), g.user, found)])


@bp.post("/mediation-bodies/<int:body_id>/cases")
def open_case(body_id: int):
    found, body = mediation.body_for(db(), g.user, body_id), parsed(schemas.MediationParties)
    return _created(mediation.open_case(db(), g.user, found, _parties(body), local_today()))


@bp.get("/mediation-cases/<int:case_id>")
def show_case(case_id: int):
    return jsonify(case_json(mediation.case_for(db(), g.user, case_id)))


@bp.post("/mediation-cases/<int:case_id>/sessions")
def add_session(case_id: int):
    case, body = mediation.case_for(db(), g.user, case_id), parsed(schemas.MediationSessionBody)
    mediation.add_session(db(), g.user, case, body.held_on, body.place, body.notes, local_today())
    return _created(case)


@bp.post("/mediation-cases/<int:case_id>/outcome")
def conclude(case_id: int):
    case, body = mediation.case_for(db(), g.user, case_id), parsed(schemas.MediationOutcome)
    mediation.conclude(db(), g.user, case, mediation.Outcome(body.outcome, body.terms, body.mediator, body.note),
                       local_today())
    db().commit()
    return jsonify(case_json(case))


@bp.get("/mediation-cases/<int:case_id>/agreement.pdf")
def agreement(case_id: int):
    return agreement_pdf(mediation.agreement_of(db(), g.user, case_id))


@bp.post("/concern-cases/<case_id>/mediation")
def refer_concern(case_id: str):
    concern, body = concern_case_for(g.user, case_id), parsed(schemas.MediationReferral)
    return _created(mediation.refer_concern(db(), g.user, concern, body.body, _parties(body), local_today()))


@bp.post("/warning-cases/<int:case_id>/mediation")
def refer_warning_case(case_id: int):
    case, body = warnings.case_for(db(), g.user, case_id), parsed(schemas.MediationReferral)
    return _created(mediation.refer_warning_case(db(), g.user, case, body.body, _parties(body), local_today()))
