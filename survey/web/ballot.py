"""The worker's pages under /v (选票): open the QR link, answer, get a receipt; a congress delegate
signs in and votes on motions and elections here too. No JavaScript needed.

Every code typed or scanned is resolved once (``domain.resolver``); ``PAGES`` says which page each
kind of code opens.
"""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..data.models import AgendaItem, Campaign, Delegate
from ..domain import casting, codes, congress_casting, congresses, resolver
from ..domain.errors import Conflict, HarmonyError, Invalid, NotFound
from ..domain.resolver import CodeKind, Resolved
from ..extensions import csrf, db
from ..messages import field_errors, message
from . import questionnaire_page, receipts
from .changes import commit_change
from .common import local_time, utcnow

bp = Blueprint("ballot", __name__, url_prefix="/v")


def _refusal(error: HarmonyError):
    """A friendly page instead of an error: unknown, used, not yet open, closed."""
    receipt = None
    if isinstance(error, Conflict) and "hashed" in error.details:
        receipt = receipts.known(error.details["hashed"])
    return render_template("ballot/refused.html", reason=error.key, text=message(error.key),
                           receipt=receipt, opens_at=local_time(error.details.get("opens_at"))), error.status


def _campaign_ballot_page(resolved: Resolved, answers: dict | None = None, errors: dict | None = None,
                          status: int = 200, notice: str | None = None):
    casting.require_usable(resolved.hashed, resolved.found, utcnow())
    if not (answers or errors or notice or status != 200):
        kept = questionnaire_page.page(resolved.found, resolved.code, codes.display(resolved.code))
        if kept is not None:
            return kept
    campaign = db().get(Campaign, resolved.found.campaign_id)
    return render_template("ballot/form.html", campaign=campaign, code=resolved.code,
                           display=codes.display(resolved.code), answers=answers or {},
                           errors=errors or {}, notice=notice), status


def _agenda_ballot_page(resolved: Resolved, errors: dict | None = None, status: int = 200,
                        chosen: list[str] | None = None, notice: str | None = None):
    """A motion's or an election's ballot, with the choices already marked when it is shown again."""
    congress_casting.require_usable(resolved.hashed, resolved.found)
    agenda_item = db().get(AgendaItem, resolved.found.agenda_item_id)
    return render_template("congress/ballot.html", agenda_item=agenda_item, code=resolved.code,
                           display=codes.display(resolved.code), errors=errors or {},
                           chosen=chosen or [], notice=notice), status


def _posted_answers() -> dict[str, str]:
    return {key[2:]: value for key, value in request.form.items() if key.startswith("a.")}


def _posted_choices() -> list[str]:
    return [request.form.get("choice", "")] + request.form.getlist("choices")


FORMS_KEPT = ("ballot.vote",)


def lost_session():
    """A congress ballot posted after the delegate's session cookie expired (its CSRF token no longer
    matches) is not cast, but nothing is lost: the ballot again, with a fresh token and a sentence saying
    why. (The campaign ballot form is not CSRF-checked: see ``submit``.)"""
    resolved = resolver.resolve(db(), request.form.get("code", ""))
    notice = _("Your session had expired, so your ballot was not sent yet. Your answers are kept: "
               "check them and send the ballot again.")
    try:
        if resolved.kind == CodeKind.AGENDA_BALLOT:
            return _agenda_ballot_page(resolved, chosen=_posted_choices(), notice=notice)
        raise NotFound("unknown_code")
    except HarmonyError as error:
        return _refusal(error)


def _sign_in_page(resolved: Resolved, error: str | None = None, status: int = 200):
    """A delegate's personal sign-in code: confirm the sign-in."""
    delegate: Delegate = resolved.found
    return render_template("congress/sign_in.html", delegate=delegate, congress=delegate.congress,
                           signed=congresses.signed_in(db(), delegate.congress).get(delegate.id),
                           code=resolved.code, error=error), status


def _unknown(_resolved: Resolved):
    raise NotFound("unknown_code")


PAGES = {CodeKind.CAMPAIGN_BALLOT: _campaign_ballot_page, CodeKind.AGENDA_BALLOT: _agenda_ballot_page,
         CodeKind.SIGN_IN: _sign_in_page, CodeKind.UNKNOWN: _unknown}


def _code_page(raw_code: str):
    """The page the code opens, or the refusal (unknown, used, not yet open, closed)."""
    resolved = resolver.resolve(db(), raw_code)
    try:
        return PAGES[resolved.kind](resolved)
    except HarmonyError as error:
        return _refusal(error)


@bp.route("", methods=["GET", "POST"])
def enter_code():
    """For phones that cannot scan: type the code from the slip (a code in the query string is ignored:
    a code travels in a POST body or the QR link only)."""
    if request.method == "GET":
        return render_template("ballot/enter.html")
    return _code_page(request.form.get("code", ""))


@bp.route("/<code>")
def ballot(code: str):
    return _code_page(code)


@bp.route("/submit", methods=["POST"])
@csrf.exempt  # the code posted is the ballot's only authority, no cookie is: a forged post needs the code
def submit():
    answers = _posted_answers()
    code, hashed = resolver.typed(request.form.get("code", ""))
    if casting.cast_at_once(db(), hashed, answers, utcnow()) is None:  # else cast and committed
        resolved = resolver.look_up(db(), code, hashed)  # not counted as it is: say why, or show the answers
        try:
            if resolved.kind != CodeKind.CAMPAIGN_BALLOT:
                raise NotFound("unknown_code")
            hashed = casting.cast(db(), resolved.hashed, resolved.found, answers, utcnow())
        except Invalid as error:
            return _campaign_ballot_page(resolved, answers, field_errors(error.details.get("errors", {})), 422)
        except HarmonyError as error:
            db().rollback()
            return _refusal(error)
        db().commit()
    return receipts.issued(hashed)


@bp.get("/submit")
@bp.get("/vote")
def last_receipt():
    """The receipt page opened again (a reload, a language switch): this browser's last receipt."""
    receipt = receipts.last()
    if receipt is None:
        return redirect(url_for("ballot.enter_code"))
    return receipts.page(receipt)


@bp.post("/sign-in")
def confirm_sign_in():
    """The delegate confirms the sign-in page opened from their personal QR (a form, so CSRF-checked)."""
    resolved = resolver.resolve(db(), request.form.get("code", ""))
    if resolved.kind != CodeKind.SIGN_IN:
        raise NotFound("unknown_code")
    delegate: Delegate = resolved.found

    def refused(error: HarmonyError):
        return _sign_in_page(resolved, message(error.key, name=delegate.name, current=delegate.congress.state), 409)
    return commit_change(
        lambda: congresses.sign_in(db(), delegate, utcnow()), refused,
        lambda _record: render_template("congress/signed_in.html", delegate=delegate,
                                        attendance=congresses.attendance(db(), delegate.congress)),
        refusals=(Conflict,))


@bp.post("/vote")
def vote():
    """Cast a motion ballot (``choice``) or an election ballot (``choices``); a refused code goes back
    to its ballot page, which says why (used, closed, unknown)."""
    resolved = resolver.resolve(db(), request.form.get("code", ""))
    try:
        if resolved.kind != CodeKind.AGENDA_BALLOT:
            raise NotFound("unknown_code")
        hashed = congress_casting.cast(db(), resolved.hashed, resolved.found,
                                       request.form.get("choice"), request.form.getlist("choices"))
    except Invalid as error:
        db().rollback()
        return _agenda_ballot_page(resolved, field_errors(error.details.get("errors", {}), **error.details), 422)
    except HarmonyError:
        db().rollback()
        return redirect(url_for("ballot.ballot", code=resolved.code or "-"))
    db().commit()
    return receipts.issued(hashed)
