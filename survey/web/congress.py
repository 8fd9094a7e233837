"""Congress pages (职代会): the chair runs the session, the hall watches, delegates sign in and vote.

Chairs manage their enterprise's sessions; assessors only read. The delegate's pages live under
/v like the ballot pages (no caching, codes redacted from logs): the personal sign-in code and the
ballot codes are both opened from /v/<code> (``code_page``).
"""
import io

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..data.congress import AgendaItem, Delegate, Motion
from ..domain import access, agenda, campaigns, codes, congress_casting, congresses
from ..domain.congress import CATEGORIES, category_labels
from ..domain.errors import Conflict, HarmonyError, Invalid, NotFound
from ..extensions import db
from ..printing.roster_sheet import render_sign_in_sheet
from .chair import codes_download
from .common import enterprise_for, utcnow
from .congress_common import congress_for, item_for, pdf_download, resolution_pdf, results_json, roster_lines
from .messages import field_errors, message
from .schemas import form_count

bp = Blueprint("congress", __name__)
HALL_REFRESH_SECONDS = 10
KIND = "<any(motions, elections):kind>"


@bp.app_context_processor
def _labels():
    return {"category_labels": category_labels(_l), "categories": CATEGORIES}


@bp.route("/enterprises/<int:enterprise_id>/congresses")
@login_required
def index(enterprise_id: int, errors: list | None = None, status: int = 200):
    enterprise = enterprise_for(current_user, enterprise_id)
    return render_template("congress/index.html", enterprise=enterprise,
                           congresses=congresses.of_enterprise(db(), enterprise.id),
                           can_manage=access.can_manage(current_user, enterprise), errors=errors or []), status


@bp.post("/enterprises/<int:enterprise_id>/congresses")
@login_required
def create(enterprise_id: int):
    enterprise = enterprise_for(current_user, enterprise_id, manage=True)
    try:
        congress = congresses.create(db(), enterprise, request.form.get("title", ""))
    except Invalid as error:
        db().rollback()
        return index(enterprise_id, refusal_texts(error), error.status)
    db().commit()
    return redirect(url_for("congress.show", congress_id=congress.id))


@bp.route("/congresses/<int:congress_id>")
@login_required
def show(congress_id: int, errors: list | None = None, status: int = 200):
    congress = congress_for(current_user, congress_id)
    items = congress.items
    return render_template(
        "congress/show.html", congress=congress, attendance=congresses.attendance(db(), congress),
        share=congresses.share(congress), signed=congresses.signed_in(db(), congress), items=items,
        voted=agenda.voted(db(), items), can_manage=access.can_manage(current_user, congress.enterprise),
        errors=errors or [], form=request.form), status


def refusal_texts(error: HarmonyError) -> list[str]:
    """What to tell the chair about a refused change: each bad field, each bad roster line, or the reason."""
    if isinstance(error, congresses.RosterRejected):
        return [message(error.key)] + [
            message("roster_line", line=e["line"], text=e["message"]) if e["line"] else e["message"]
            for e in roster_lines(error.errors)]
    fields = field_errors(error.details.get("errors", {}), **error.details)
    return list(fields.values()) or [message(error.key, **error.details)]


def _attempt(operation, refused, done: str):
    """Run a change and commit it, then go to ``done``; on refusal keep nothing and show
    ``refused(messages, status)`` instead."""
    try:
        operation()
    except (Invalid, Conflict) as error:
        db().rollback()
        return refused(refusal_texts(error), error.status)
    db().commit()
    return redirect(done)


def _changed(congress_id: int, operation):
    """A change of the session, answered by its page."""
    return _attempt(operation, lambda texts, status: show(congress_id, texts, status),
                    url_for("congress.show", congress_id=congress_id))


@bp.post("/congresses/<int:congress_id>/roster")
@login_required
def import_roster(congress_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    upload = request.files.get("file")
    data, name = (upload.read(), upload.filename or "") if upload else (b"", "")
    return _changed(congress_id, lambda: congresses.import_roster(db(), congress, data, name))


@bp.post("/congresses/<int:congress_id>/delegates")
@login_required
def add_delegate(congress_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    return _changed(congress_id, lambda: congresses.add_delegate(db(), congress, request.form))


@bp.post("/congresses/<int:congress_id>/delegates/<int:delegate_id>/remove")
@login_required
def remove_delegate(congress_id: int, delegate_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    return _changed(congress_id, lambda: congresses.remove_delegate(db(), congress, delegate_id))


@bp.post("/congresses/<int:congress_id>/open")
@login_required
def open_session(congress_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    return _changed(congress_id, lambda: congresses.open_(db(), congress))


@bp.post("/congresses/<int:congress_id>/close")
@login_required
def close_session(congress_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    return _changed(congress_id, lambda: congresses.close(db(), congress, utcnow()))


@bp.post("/congresses/<int:congress_id>/sign-ins")
@login_required
def mark_present(congress_id: int):
    """The chair records a delegate as present, or as present and voting on paper."""
    congress = congress_for(current_user, congress_id, manage=True)
    delegate = congresses.delegate_of(congress, request.form.get("delegate_id", type=int))
    paper = request.form.get("paper") == "1"
    return _changed(congress_id, lambda: congresses.sign_in(db(), delegate, utcnow(), paper=paper, by_chair=True))


@bp.post("/congresses/<int:congress_id>/sign-in-sheet")
@login_required
def sign_in_sheet(congress_id: int):
    """The printable roster sheet: a personal sign-in QR per delegate not signed in yet. Printing it
    issues new codes, so earlier sheets stop working."""
    congress = congress_for(current_user, congress_id, manage=True)
    try:
        issued = congresses.issue_sign_in_codes(db(), congress)
    except Conflict as error:
        db().rollback()
        return show(congress_id, refusal_texts(error), error.status)
    db().commit()
    base = current_app.config["PUBLIC_BASE_URL"] or request.host_url.rstrip("/")
    out = io.BytesIO()
    render_sign_in_sheet([(d.name, d.department, codes.display(code), f"{base}/v/{code}") for d, code in issued],
                         out, title=f"{congress.enterprise.name} · {congress.title}",
                         instructions=_("Scan your own code to sign in, or open %(url)s and type it.", url=f"{base}/v"))
    return pdf_download(out.getvalue(), f"sign-in-{congress.id}.pdf")


@bp.route("/congresses/<int:congress_id>/hall")
@login_required
def hall(congress_id: int):
    """The hall display: attendance, quorum and how many have voted on each open ballot."""
    congress = congress_for(current_user, congress_id)
    open_items = [item for item in congress.items if item.state == "open"]
    return render_template("congress/hall.html", congress=congress, attendance=congresses.attendance(db(), congress),
                           items=open_items, voted=agenda.voted(db(), open_items), refresh=HALL_REFRESH_SECONDS)


@bp.route("/congresses/<int:congress_id>/resolution.pdf")
@login_required
def resolution(congress_id: int):
    return resolution_pdf(congress_for(current_user, congress_id))


@bp.post("/congresses/<int:congress_id>/motions")
@login_required
def add_motion(congress_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    return _changed(congress_id, lambda: agenda.add_motion(db(), congress, request.form.get("title", "")))


@bp.post("/congresses/<int:congress_id>/elections")
@login_required
def add_election(congress_id: int):
    congress = congress_for(current_user, congress_id, manage=True)
    form = request.form
    seats = form.get("seats", type=int)
    names = form.get("candidates", "").splitlines()
    return _changed(congress_id, lambda: agenda.add_election(db(), congress, form.get("title", ""), seats, names))


@bp.post("/congresses/<int:congress_id>/campaign")
@login_required
def satisfaction_vote(congress_id: int):
    """A satisfaction vote (self-check) whose electorate is the delegates signed in to this session."""
    congress = congress_for(current_user, congress_id, manage=True)
    settings = campaigns.Settings(title=request.form.get("title", ""), congress_id=congress.id)
    try:
        campaign = campaigns.create(db(), congress.enterprise, settings)
    except (Invalid, Conflict) as error:
        db().rollback()
        return show(congress_id, refusal_texts(error), error.status)
    db().commit()
    return redirect(url_for("chair.campaign", campaign_id=campaign.id))


@bp.route(f"/{KIND}/<int:item_id>")
@login_required
def item(kind: str, item_id: int, errors: list | None = None, status: int = 200):
    found = item_for(current_user, kind, item_id)
    results = results_json(db(), found) if found.state == "closed" else None
    return render_template("congress/item.html", item=found, kind=kind, results=results,
                           attendance=congresses.attendance(db(), found.congress),
                           voted=agenda.voted(db(), [found])[found.id],
                           issued=agenda.codes_issued(db(), [found])[found.id],
                           can_manage=access.can_manage(current_user, found.enterprise),
                           errors=errors or []), status


def _item_changed(kind: str, found: AgendaItem, operation):
    """A change of a motion or election, answered by its page."""
    return _attempt(operation, lambda texts, status: item(kind, found.id, texts, status),
                    url_for("congress.item", kind=kind, item_id=found.id))


@bp.post(f"/{KIND}/<int:item_id>/open")
@login_required
def open_item(kind: str, item_id: int):
    found = item_for(current_user, kind, item_id, manage=True)
    return _item_changed(kind, found, lambda: agenda.open_(db(), found))


@bp.post(f"/{KIND}/<int:item_id>/close")
@login_required
def close_item(kind: str, item_id: int):
    found = item_for(current_user, kind, item_id, manage=True)
    return _item_changed(kind, found, lambda: agenda.close(db(), found, utcnow()))


@bp.post(f"/{KIND}/<int:item_id>/paper")
@login_required
def record_paper(kind: str, item_id: int):
    found = item_for(current_user, kind, item_id, manage=True)
    counts = {key: _whole(value) for key, value in request.form.items() if key != "csrf_token"}
    if isinstance(found, Motion):
        return _item_changed(kind, found, lambda: agenda.record_motion_paper(db(), found, counts))
    votes = {key[2:]: value for key, value in counts.items() if key.startswith("c.")}
    return _item_changed(kind, found,
                         lambda: agenda.record_election_paper(db(), found, counts.get("ballots", 0), votes))


def _whole(raw: str) -> int | str:
    """A form's count as a number when it is one (the domain refuses anything else)."""
    return form_count(raw.strip() or "0")


@bp.post(f"/{KIND}/<int:item_id>/codes")
@login_required
def issue_codes(kind: str, item_id: int):
    """Codes for the present delegates voting by phone, once, as slips to hand out at random."""
    found = item_for(current_user, kind, item_id, manage=True)
    try:
        plain = agenda.issue_codes(db(), found)
    except Conflict as error:
        db().rollback()
        return item(kind, item_id, refusal_texts(error), error.status)
    db().commit()
    return codes_download(found, plain)


# The delegate's pages -------------------------------------------------------------------------


def code_page(code: str):
    """The page for a code that is not a satisfaction vote's: a motion's or an election's ballot,
    or a delegate's sign-in. Raises the ballot pages' refusals (unknown, used, not open, closed)."""
    try:
        return _ballot_page(code)
    except NotFound:
        return _sign_in_page(congresses.delegate_by_sign_in_code(db(), code), code)


def _ballot_page(code: str, errors: dict | None = None, status: int = 200):
    state = congress_casting.usable_code(db(), code)[1]
    found = db().get(AgendaItem, state.item_id)
    return render_template("congress/ballot.html", item=found, code=codes.normalize(code),
                           display=codes.display(codes.normalize(code)), errors=errors or {}), status


def _sign_in_page(delegate: Delegate, code: str, error: str | None = None, status: int = 200):
    return render_template("congress/sign_in.html", delegate=delegate, congress=delegate.congress,
                           signed=congresses.signed_in(db(), delegate.congress).get(delegate.id),
                           code=codes.normalize(code), error=error), status


@bp.post("/v/sign-in")
def confirm_sign_in():
    """The delegate confirms the sign-in page opened from their personal QR (a form, so CSRF-checked)."""
    code = request.form.get("code", "")
    delegate = congresses.delegate_by_sign_in_code(db(), code)
    try:
        congresses.sign_in(db(), delegate, utcnow())
    except Conflict as error:
        db().rollback()
        text = message(error.key, name=delegate.name, current=delegate.congress.state)
        return _sign_in_page(delegate, code, text, 409)
    db().commit()
    return render_template("congress/signed_in.html", delegate=delegate,
                           attendance=congresses.attendance(db(), delegate.congress))


@bp.post("/v/vote")
def vote():
    """Cast a motion ballot (``choice``) or an election ballot (``choices``); a refused code goes back
    to its ballot page, which says why (used, closed, unknown)."""
    code = request.form.get("code", "")
    try:
        hashed = congress_casting.cast(db(), code, request.form.get("choice"), request.form.getlist("choices"))
    except Invalid as error:
        db().rollback()
        return _ballot_page(code, field_errors(error.details.get("errors", {}), **error.details), 422)
    except HarmonyError:
        db().rollback()
        return redirect(url_for("ballot.ballot", code=codes.normalize(code) or "-"))
    return redirect(url_for("ballot.done", receipt=codes.receipt(current_app.config["SECRET_KEY"], hashed)))
