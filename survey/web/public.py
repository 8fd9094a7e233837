"""The public's pages (公众页面), no sign-in: a cycle's public notice (公示) with the form to lodge an
objection, reading an objection's answer by its tracking code, the named list (命名名单) and the check
of a certificate (证书核验), where its QR code leads.

Lodging and reading objections live under /o, a worker path (`redact`): no log line records them, and
the tracking code travels only in a form's body, never in a URL.
"""
from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from ..data.models import Cycle, Declaration
from ..data import organisations
from ..domain import codes, naming
from ..domain.errors import HarmonyError, Invalid, NotFound
from ..extensions import db, limiter
from ..messages import field_errors, message
from .changes import commit_change
from .common import local_today
from .naming_words import objection_json, objection_limit
from .schemas import NamedQuery, validated

bp = Blueprint("public", __name__)


def _found(model, key: int):
    found = db().get(model, key)
    if found is None:
        raise NotFound("not_found")
    return found


@bp.get("/notice/<int:cycle_id>")
def notice(cycle_id: int, errors: dict | None = None, failed: int | None = None, status: int = 200):
    """The proposed enterprises and levels, with the day the notice ends and a form for each."""
    cycle = _found(Cycle, cycle_id)
    return render_template("public/notice.html", cycle=cycle, issuer=naming.issuer(db(), cycle),
                           declarations=naming.notice_of(db(), cycle), today=local_today(), last_day=naming.last_day,
                           errors=errors or {}, failed=failed, form=request.form), status


@bp.post("/o/declarations/<int:declaration_id>")
@limiter.limit(objection_limit, error_message=lambda: message("too_many"))
def lodge(declaration_id: int):
    """Lodge an objection; the answering page (not a redirect) shows the tracking code once."""
    declaration = _found(Declaration, declaration_id)
    form = request.form

    def refused(error: HarmonyError):
        errors = field_errors(error.details.get("errors", {})) or {"_": message(error.key)}
        return notice(declaration.cycle_id, errors, declaration.id, 422 if isinstance(error, Invalid) else error.status)
    return commit_change(
        lambda: naming.lodge(db(), declaration, form.get("text", ""), local_today(), form.get("name"),
                             form.get("contact")),
        refused,
        lambda code: (render_template("public/lodged.html", code=codes.display(code), declaration=declaration), 201))


@bp.route("/o", methods=["GET", "POST"])
def track():
    """Type the tracking code (in the form's body, never the URL) to read the objection's state and answer."""
    if request.method == "GET":
        return render_template("public/track.html", found=None, error=None)
    try:
        found = objection_json(naming.by_code(db(), request.form.get("code", "")))
    except NotFound as error:
        return render_template("public/track.html", found=None, error=message(error.key)), 404
    return render_template("public/track.html", found=found, error=None)


@bp.get("/named")
def named():
    """The named enterprises, by jurisdiction and year (命名名单)."""
    try:
        query = validated(NamedQuery, {key: value for key, value in request.args.items() if value.strip()})
    except Invalid as error:
        return render_template("public/named.html", entries=[], errors=field_errors(error.details["errors"]),
                               jurisdictions=organisations.jurisdictions(db()), form=request.args), 422
    return render_template("public/named.html", entries=naming.named(db(), query.jurisdiction, query.year), errors={},
                           jurisdictions=organisations.jurisdictions(db()), form=request.args)


@bp.get("/certificates/<number>")
def certificate(number: str):
    """What the certificate's QR code opens: the enterprise, level, year and issuer it certifies."""
    try:
        entry = naming.holder(db(), naming.by_number(db(), number))
    except NotFound:
        return render_template("public/certificate.html", entry=None, number=number[:40]), 404
    return render_template("public/certificate.html", entry=entry, number=entry.certificate.number,
                           title=_("Certificate check"))
