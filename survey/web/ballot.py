"""The worker's pages (选票): open the QR link, answer, get a receipt. No JavaScript needed."""
from flask import Blueprint, redirect, render_template, request, url_for

from ..data.models import Campaign
from ..domain import casting, codes
from ..domain.errors import Conflict, HarmonyError, Invalid, NotFound
from ..extensions import db
from . import congress, receipts
from .common import local_time, utcnow
from .messages import field_errors, message

bp = Blueprint("ballot", __name__, url_prefix="/v")


def _refusal(error: HarmonyError):
    """A friendly page instead of an error: unknown, used, not yet open, closed."""
    receipt = None
    if isinstance(error, Conflict) and "hashed" in error.details:
        receipt = receipts.known(error.details["hashed"])
    return render_template("ballot/refused.html", reason=error.key, text=message(error.key),
                           receipt=receipt, opens_at=local_time(error.details.get("opens_at"))), error.status


def _ballot_page(code: str, answers: dict, errors: dict, status: int = 200):
    try:
        state = casting.usable_code(db(), code, utcnow())[1]
    except NotFound:  # a congress's code: a motion's or an election's ballot, or a delegate's sign-in
        return congress.code_page(code)
    campaign = db().get(Campaign, state.campaign_id)
    return render_template("ballot/form.html", campaign=campaign, code=codes.normalize(code),
                           display=codes.display(codes.normalize(code)), answers=answers,
                           errors=errors), status


@bp.route("", methods=["GET", "POST"])
def enter_code():
    """For phones that cannot scan: type the code from the slip (a code in the query string is ignored:
    a code travels in a POST body or the QR link only)."""
    if request.method == "GET":
        return render_template("ballot/enter.html")
    try:
        return _ballot_page(request.form.get("code", ""), {}, {})
    except HarmonyError as error:
        return _refusal(error)


@bp.route("/<code>")
def ballot(code: str):
    try:
        return _ballot_page(code, {}, {})
    except HarmonyError as error:
        return _refusal(error)


@bp.route("/submit", methods=["POST"])
def submit():
    code = request.form.get("code", "")
    answers = {key[2:]: value for key, value in request.form.items() if key.startswith("a.")}
    try:
        hashed = casting.cast(db(), code, answers, utcnow())
    except Invalid as error:
        return _ballot_page(code, answers, field_errors(error.details.get("errors", {})), 422)
    except HarmonyError as error:
        db().rollback()
        return _refusal(error)
    return receipts.issued(hashed)


@bp.get("/submit")
@bp.get("/vote")
def last_receipt():
    """The receipt page opened again (a reload, a language switch): this browser's last receipt."""
    receipt = receipts.last()
    if receipt is None:
        return redirect(url_for("ballot.enter_code"))
    return receipts.page(receipt)
