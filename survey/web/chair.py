"""Staff pages for union chairs (and read-only for assessors): votes, codes, slips, turnout, tally."""
import csv
import io

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext as _
from flask_login import current_user, login_required

from ..domain import access, campaigns, codes, editing, summary
from ..domain.errors import Invalid
from ..extensions import db
from ..printing.slips import render_slips
from . import statistics
from .common import campaign_for, enterprise_for, utcnow
from .forms import campaign_settings, counting_edit, item_edits
from .messages import field_errors, message
from .schemas import form_id

bp = Blueprint("chair", __name__)


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("chair.dashboard"))
    return render_template("home.html")


@bp.route("/dashboard")
@login_required
def dashboard():
    enterprises = access.visible_enterprises(db(), current_user)
    if len(enterprises) == 1 and current_user.role == access.CHAIR:
        return redirect(url_for("chair.enterprise", enterprise_id=enterprises[0].id))
    return render_template("chair/dashboard.html", enterprises=enterprises)


@bp.route("/enterprises/<int:enterprise_id>")
@login_required
def enterprise(enterprise_id: int, errors: dict | None = None, status: int = 200):
    found = enterprise_for(current_user, enterprise_id)
    return render_template("chair/enterprise.html", enterprise=found,
                           campaigns=campaigns.of_enterprise(db(), found.id),
                           can_manage=access.can_manage(current_user, found), errors=errors or {},
                           form=request.form), status


@bp.post("/enterprises/<int:enterprise_id>/campaigns")
@login_required
def create_campaign(enterprise_id: int):
    found = enterprise_for(current_user, enterprise_id, manage=True)
    try:
        campaign = campaigns.create(db(), found, campaign_settings(request.form))
    except Invalid as error:
        db().rollback()
        return enterprise(enterprise_id, field_errors(error.details.get("errors", {})), 422)
    db().commit()
    return redirect(url_for("chair.campaign", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>")
@login_required
def campaign(campaign_id: int, errors: dict | None = None, status: int = 200):
    found = campaign_for(current_user, campaign_id)
    closed = summary.summarize(db(), found) if found.state == "closed" else None
    return render_template("chair/campaign.html", campaign=found, turnout=campaigns.turnout(db(), found),
                           results=closed and closed.results, **statistics.page(closed),
                           can_manage=access.can_manage(current_user, found.enterprise),
                           errors=errors or {}, limit=current_app.config["MAX_CODES_PER_BATCH"],
                           others=[c for c in campaigns.of_enterprise(db(), found.enterprise_id)
                                   if c.id != found.id]), status


def _changed(campaign_id: int, operation):
    """Run a change; on refusal show the campaign page with the message, keeping nothing."""
    try:
        operation()
    except Invalid as error:
        db().rollback()
        errors = field_errors(error.details.get("errors", {}), **error.details) or {"_": message(error.key)}
        return campaign(campaign_id, errors, 422)
    db().commit()
    return redirect(url_for("chair.campaign", campaign_id=campaign_id))


@bp.post("/campaigns/<int:campaign_id>/open")
@login_required
def open_campaign(campaign_id: int):
    found = campaign_for(current_user, campaign_id, manage=True)
    return _changed(campaign_id, lambda: campaigns.open_(db(), found))


@bp.post("/campaigns/<int:campaign_id>/close")
@login_required
def close_campaign(campaign_id: int):
    found = campaign_for(current_user, campaign_id, manage=True)
    return _changed(campaign_id, lambda: campaigns.close(db(), found, utcnow()))


@bp.post("/campaigns/<int:campaign_id>/questionnaire")
@login_required
def edit_questionnaire(campaign_id: int):
    found = campaign_for(current_user, campaign_id, manage=True)
    form = request.form
    if form.get("remove"):
        return _changed(campaign_id, lambda: editing.remove_item(found, form["remove"]))
    if form.get("add"):
        return _changed(campaign_id, lambda: editing.add_item(found, form.get("new_zh", ""), form.get("new_en", "")))
    return _changed(campaign_id, lambda: editing.edit_items(found, item_edits(found, form)))


@bp.post("/campaigns/<int:campaign_id>/copy")
@login_required
def copy_questionnaire(campaign_id: int):
    found = campaign_for(current_user, campaign_id, manage=True)
    source = campaign_for(current_user, request.form.get("source", type=form_id) or 0)
    return _changed(campaign_id, lambda: editing.copy_questionnaire(db(), found, source))


@bp.post("/campaigns/<int:campaign_id>/settings")
@login_required
def edit_settings(campaign_id: int):
    found = campaign_for(current_user, campaign_id, manage=True)
    return _changed(campaign_id, lambda: editing.edit_counting(found, counting_edit(found, request.form)))


@bp.post("/campaigns/<int:campaign_id>/codes")
@login_required
def issue_codes(campaign_id: int):
    """Issue a batch and hand it over once, as slips (PDF) or a list (CSV); only hashes stay."""
    found = campaign_for(current_user, campaign_id, manage=True)
    count = request.form.get("count", type=int) or 0
    try:
        plain = campaigns.issue_codes(db(), found, count, current_app.config["MAX_CODES_PER_BATCH"])
    except Invalid as error:
        db().rollback()
        return campaign(campaign_id, field_errors(error.details.get("errors", {}), **error.details), 422)
    db().commit()
    return codes_download(found, plain)


def codes_download(found, plain: list[str]) -> Response:
    """Fresh codes of a vote (a campaign, or a congress's motion or election: anything with a title,
    an id and an enterprise) handed over once: A4 slips, or a CSV list with `format=csv`."""
    base = current_app.config["PUBLIC_BASE_URL"] or request.host_url.rstrip("/")
    links = [(codes.display(code), f"{base}/v/{code}") for code in plain]
    if request.form.get("format") == "csv":
        return _codes_csv(found, links)
    return _codes_pdf(found, links, base)


def _download(body, mimetype: str, name: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store"})


def _codes_csv(found, links) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["code", "url"])
    writer.writerows(links)
    return _download(out.getvalue(), "text/csv; charset=utf-8", f"codes-{found.id}.csv")


def _in_every_language(render) -> list[str]:
    """Slips are printed for everyone: each text in Chinese and in English."""
    lines = []
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            lines.append(render())
    return lines


def _codes_pdf(found, links, base: str) -> Response:
    out = io.BytesIO()
    render_slips(links, out, title=found.enterprise.name, subtitle=found.title,
                 instructions=_in_every_language(
                     lambda: _("Scan the QR code, or open %(url)s and type the code.", url=f"{base}/v")),
                 code_label=" ".join(_in_every_language(lambda: _("Ballot code"))))
    return _download(out.getvalue(), "application/pdf", f"slips-{found.id}.pdf")
