"""The worker's concern pages under /c (职工诉求): open the concern QR, write, get a tracking code; with the
code read the answers and add a follow-up. No sign-in, no JavaScript; the token and the code travel in the
QR link and in form bodies only, and no log records a /c path (``redact``)."""
from flask import Blueprint, render_template, request

from ..domain import codes, concerns
from ..domain.errors import HarmonyError, Invalid
from ..extensions import db
from ..messages import field_errors, message
from .common import local_today

bp = Blueprint("concerns", __name__, url_prefix="/c")


def _raise_page(token: str, enterprise, posted: dict | None = None, errors: dict | None = None, status: int = 200):
    return render_template("concern/raise.html", token=token, enterprise=enterprise, posted=posted or {},
                           errors=errors or {}), status


def _refused(error: HarmonyError):
    return render_template("concern/track.html", error=message(error.key)), error.status


@bp.get("/<token>")
def raise_form(token: str):
    try:
        return _raise_page(token, concerns.enterprise_of_token(db(), token))
    except HarmonyError as error:
        return _refused(error)


@bp.post("/<token>")
def raise_concern(token: str):
    form = request.form
    try:
        enterprise = concerns.enterprise_of_token(db(), token)
    except HarmonyError as error:
        return _refused(error)
    raised = concerns.Raised(form.get("category", ""), form.get("text", ""), form.get("name"), form.get("phone"))
    try:
        code = concerns.raise_concern(db(), enterprise, raised, local_today())
    except Invalid as error:
        db().rollback()
        return _raise_page(token, enterprise, form, field_errors(error.details.get("errors", {})), 422)
    except HarmonyError as error:
        db().rollback()
        return _raise_page(token, enterprise, form, {"text": message(error.key)}, error.status)
    db().commit()
    return render_template("concern/raised.html", enterprise=enterprise, display=codes.display(code), code=code)


def _concern_page(code: str, notice: str | None = None, errors: dict | None = None, status: int = 200):
    concern = concerns.find(db(), code)
    return render_template("concern/show.html", concern=concern, code=code, display=codes.display(codes.normalize(code)),
                           notice=notice, errors=errors or {}), status


@bp.route("", methods=["GET", "POST"])
def track():
    """Type the tracking code (it is never put in an address) to read the concern's answers."""
    if request.method == "GET":
        return render_template("concern/track.html")
    try:
        return _concern_page(request.form.get("code", ""))
    except HarmonyError as error:
        return _refused(error)


@bp.post("/follow-up")
def follow_up():
    code = request.form.get("code", "")
    try:
        concern = concerns.find(db(), code)
        concerns.follow_up(db(), concern, request.form.get("text", ""), local_today())
    except Invalid as error:
        db().rollback()
        return _concern_page(code, errors=field_errors(error.details.get("errors", {})), status=422)
    except HarmonyError as error:
        db().rollback()
        return _refused(error) if error.key == "unknown_tracking_code" else \
            _concern_page(code, errors={"text": message(error.key)}, status=error.status)
    db().commit()
    return _concern_page(code, notice=message("concern_follow_up_added"))
