"""The staff's concern pages (诉求办理): the enterprise union answers every concern, closes it with how,
or marks it abusive; the upper union sees the overdue ones in full, answers or directs. The poster with
the enterprise's concern QR is printed here, and a new QR issued when the old one must stop working."""
import io

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..data.models import Concern, Enterprise
from ..domain import access, concerns, mediation
from ..domain.errors import HarmonyError
from ..extensions import db
from ..printing.concern_poster import PosterText, render_poster
from .changes import commit_change, refusal
from .common import enterprise_for, local_today
from .concern_views import case_for, concern_url
from .mediation_views import posted_parties
from .downloads import pdf_download

bp = Blueprint("concern_cases", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here is for signed-in staff."""


@bp.get("/enterprises/<int:enterprise_id>/concerns")
def cases(enterprise_id: int):
    enterprise = enterprise_for(current_user, enterprise_id)
    found = concerns.of_enterprise(db(), current_user, enterprise)
    today = local_today()
    return render_template("concern/cases.html", enterprise=enterprise, cases=found, url=concern_url(enterprise),
                           escalated={c.id for c in found if concerns.is_escalated(c, today)},
                           can_manage=access.can_manage(current_user, enterprise))


def _case_page(concern: Concern, error: str | None = None, status: int = 200):
    today = local_today()
    return render_template("concern/case.html", concern=concern, today=today, error=error,
                           escalated=concerns.is_escalated(concern, today),
                           full=concerns.sees_in_full(db(), current_user, concern, today),
                           chair=concerns.is_enterprise_union(db(), current_user, concern),
                           mediation=mediation.referral_of_concern(db(), concern),
                           bodies=mediation.serving(db(), db().get(Enterprise, concern.enterprise_id)),
                           can_see_body=lambda body: mediation.can_see(db(), current_user, body)), status


@bp.get("/concern-cases/<case_id>")
def case(case_id: str):
    return _case_page(case_for(current_user, case_id))


def _change(case_id: str, operation):
    concern = case_for(current_user, case_id)
    return commit_change(lambda: operation(concern),
                         lambda error: _case_page(concern, " ".join(refusal(error).values()), error.status),
                         lambda _done: redirect(url_for("concern_cases.case", case_id=case_id)),
                         refusals=(HarmonyError,))


@bp.post("/concern-cases/<case_id>/answer")
def answer(case_id: str):
    closure = request.form.get("closure") or None
    return _change(case_id, lambda concern: concerns.answer(db(), concern, current_user, request.form.get("text", ""),
                                                             closure, local_today()))


@bp.post("/concern-cases/<case_id>/direct")
def direct(case_id: str):
    return _change(case_id, lambda concern: concerns.direct(db(), concern, current_user,
                                                             request.form.get("text", ""), local_today()))


@bp.post("/concern-cases/<case_id>/abusive")
def abusive(case_id: str):
    return _change(case_id, lambda concern: concerns.mark_abusive(db(), concern, current_user,
                                                                   request.form.get("reason", "")))


@bp.post("/concern-cases/<case_id>/mediation")
def refer(case_id: str):
    """Refer a concern closed as referred to a mediation body (劳动争议调解); the page then shows the case."""
    return _change(case_id, lambda concern: mediation.refer_concern(
        db(), current_user, concern, request.form.get("body", type=int) or 0, posted_parties(), local_today()))


@bp.get("/enterprises/<int:enterprise_id>/concern-poster.pdf")
def poster(enterprise_id: int):
    enterprise = enterprise_for(current_user, enterprise_id, manage=True)
    url = concern_url(enterprise)
    out = io.BytesIO()
    render_poster(out, PosterText(
        _("Speak up: every concern gets an answer"), enterprise.name,
        (_("Scan with your phone, write your concern, keep the tracking code."),
         _("Anonymous unless you give your name. The union answers within %(days)s days.",
           days=concerns.days_to_answer(db(), enterprise))), url))
    return pdf_download(out.getvalue(), _("Concern QR %(enterprise)s", enterprise=enterprise.name) + ".pdf",
                        "concern-qr.pdf")


@bp.post("/enterprises/<int:enterprise_id>/concern-token")
def new_token(enterprise_id: int):
    enterprise = enterprise_for(current_user, enterprise_id, manage=True)
    concerns.issue_token(enterprise)
    db().commit()
    flash(_("A new concern QR is issued: the old posters no longer work. Print the new poster."))
    return redirect(url_for("concern_cases.cases", enterprise_id=enterprise_id))


@bp.get("/concerns/escalated")
def escalated():
    return render_template("concern/escalated.html", cases=concerns.escalated(db(), current_user, local_today()))
