"""The mediation pages (劳动争议调解): the bodies a staff member sees and setting one up, a body with its
mediators and cases, a case with its sessions, outcome and agreement. A concern or a warning case is
referred from its own page."""
from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..data import accounts
from ..data import organisations as organisation_store
from ..data.enums import MediationLevel, MediationState
from ..data.models import Concern, Enterprise, MediationBody, MediationCase, User, WarningCase
from ..domain import access, concerns, mediation
from ..domain.errors import HarmonyError, Invalid
from ..extensions import db
from .changes import commit_change, refusal
from .common import local_today
from .mediation_agreement import agreement_pdf
from .mediation_views import posted_parties

bp = Blueprint("mediation_pages", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here is for signed-in staff."""


def _index_page(errors: dict | None = None, status: int = 200):
    administered = access.administered(db(), current_user)
    return render_template("mediation/index.html", bodies=mediation.visible_bodies(db(), current_user),
                           jurisdictions=organisation_store.jurisdictions(db(), administered) if administered != [] else [],
                           levels=(MediationLevel.CITY, MediationLevel.TOWN), form=request.form,
                           errors=errors or {}), status


@bp.get("/mediation")
def index():
    return _index_page()


@bp.post("/mediation-bodies")
def create_body():
    chair = current_user.role == access.CHAIR
    level = MediationLevel.ENTERPRISE if chair else request.form.get("level", "")
    def created():
        return mediation.create_body(db(), current_user, request.form.get("name", ""), level,
                                     None if chair else request.form.get("jurisdiction", type=int),
                                     current_user.enterprise_id if chair else None)
    return commit_change(created, lambda error: _index_page(refusal(error), error.status),
                         lambda body: redirect(url_for("mediation_pages.body", body_id=body.id)),
                         refusals=(HarmonyError,))


def _body_page(body: MediationBody, errors: dict | None = None, status: int = 200):
    return render_template("mediation/body.html", body=body, cases=mediation.cases_of(db(), current_user, body),
                           form=request.form, errors=errors or {}), status


@bp.get("/mediation-bodies/<int:body_id>")
def body(body_id: int):
    return _body_page(mediation.body_for(db(), current_user, body_id))


def _body_change(body_id: int, operation, answer):
    found = mediation.body_for(db(), current_user, body_id)
    return commit_change(lambda: operation(found), lambda error: _body_page(found, refusal(error), error.status),
                         answer, refusals=(HarmonyError,))


@bp.post("/mediation-bodies/<int:body_id>/mediators")
def add_mediator(body_id: int):
    username = request.form.get("account", "").strip()
    return _body_change(body_id, lambda found: mediation.add_mediator(
        db(), current_user, found, request.form.get("name", ""), _account(username) if username else None),
                        lambda _m: redirect(url_for("mediation_pages.body", body_id=body_id)))


def _account(username: str) -> User:
    """The staff account a mediator signs in with, by its user name (a name no one has is refused)."""
    found = accounts.user_named(db(), username)
    if found is None:
        raise Invalid("invalid_input", errors={"account": "mediator_account_invalid"})
    return found


@bp.post("/mediation-bodies/<int:body_id>/cases")
def open_case(body_id: int):
    return _body_change(body_id, lambda found: mediation.open_case(db(), current_user, found, posted_parties(),
                                                                         local_today()),
                        lambda case: redirect(url_for("mediation_pages.case", case_id=case.id)))


def _source(case: MediationCase) -> dict | None:
    """Where the case came from, with a link only for those who may open it."""
    if case.concern_id is not None:
        concern = db().get(Concern, case.concern_id)
        readable = concerns.is_enterprise_union(db(), current_user, concern) or access.can_read(
            db(), current_user, db().get(Enterprise, concern.enterprise_id))
        return {"kind": "concern", "concern": concern,
                "url": readable and url_for("concern_cases.case", case_id=concern.id)}
    if case.warning_case_id is not None:
        found = db().get(WarningCase, case.warning_case_id)
        readable = access.administers(db(), current_user,
                                      db().get(Enterprise, found.report.enterprise_id).jurisdiction_id)
        return {"kind": "warning_case", "warning_case": found,
                "url": readable and url_for("warning_pages.case", case_id=found.id)}
    return None


def _case_page(case: MediationCase, errors: dict | None = None, status: int = 200):
    body = db().get(MediationBody, case.body_id)
    return render_template("mediation/case.html", case=case, body=body, source=_source(case), today=local_today(),
                           mediator=next((m for m in body.mediators if m.id == case.mediator_id), None),
                           outcomes=mediation.TRANSITIONS.get(case.state, ()), MediationState=MediationState,
                           form=request.form, errors=errors or {}), status


@bp.get("/mediation-cases/<int:case_id>")
def case(case_id: int):
    return _case_page(mediation.case_for(db(), current_user, case_id))


def _case_change(case_id: int, operation):
    found = mediation.case_for(db(), current_user, case_id)
    return commit_change(lambda: operation(found), lambda error: _case_page(found, refusal(error), error.status),
                         lambda _done: redirect(url_for("mediation_pages.case", case_id=case_id)),
                         refusals=(HarmonyError,))


def _day(field: str) -> date:
    try:
        return date.fromisoformat(request.form.get(field, ""))
    except ValueError:
        raise Invalid("invalid_input", errors={field: "mediation_session_day"}) from None


@bp.post("/mediation-cases/<int:case_id>/sessions")
def add_session(case_id: int):
    return _case_change(case_id, lambda found: mediation.add_session(
        db(), current_user, found, _day("held_on"), request.form.get("place", ""), request.form.get("notes", ""),
        local_today()))


@bp.post("/mediation-cases/<int:case_id>/outcome")
def conclude(case_id: int):
    outcome = mediation.Outcome(request.form.get("outcome", ""), request.form.get("terms"),
                                request.form.get("mediator", type=int), request.form.get("note"))
    return _case_change(case_id, lambda found: mediation.conclude(db(), current_user, found, outcome, local_today()))


@bp.get("/mediation-cases/<int:case_id>/agreement.pdf")
def agreement(case_id: int):
    return agreement_pdf(mediation.agreement_of(db(), current_user, case_id))
