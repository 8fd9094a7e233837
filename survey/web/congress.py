"""The chair's congress pages (职代会): sessions, roster, sign-ins, motions and elections.

Chairs manage their enterprise's sessions; assessors only read. The hall display is ``hall``; the
delegate's sign-in and ballot pages are the worker's pages under /v (``ballot``).
"""
import io

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ..data.models import AgendaItem, Motion
from ..domain import access, agenda, campaigns, codes, congresses
from ..domain.congress import CATEGORIES, category_labels
from ..domain.errors import Conflict, HarmonyError
from ..extensions import db
from ..printing.roster_sheet import render_sign_in_sheet
from ..messages import field_errors, message
from .changes import commit_change, create_then_show, line_texts
from .common import after_close, enterprise_for, public_base, utcnow
from .confirm import confirm_close, confirmation
from .congress_common import agenda_item_for, congress_for, resolution_pdf, results_json
from .downloads import codes_download, pdf_download
from .schemas import form_count

bp = Blueprint("congress", __name__)
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
    return create_then_show(lambda: congresses.create(db(), enterprise, request.form.get("title", "")),
                            lambda error: index(enterprise_id, refusal_texts(error), error.status),
                            "congress.show", "congress_id")


@bp.route("/congresses/<int:congress_id>")
@login_required
def show(congress_id: int, errors: list | None = None, status: int = 200):
    congress = congress_for(current_user, congress_id)
    agenda_items = congress.agenda_items
    return render_template(
        "congress/show.html", congress=congress, attendance=congresses.attendance(db(), congress),
        share=congresses.share(congress), signed=congresses.signed_in(db(), congress), items=agenda_items,
        voted=agenda.voted(db(), agenda_items), can_manage=access.can_manage(current_user, congress.enterprise),
        printed=congresses.printed_sign_in_codes(db(), congress),
        errors=errors or [], form=request.form), status


def refusal_texts(error: HarmonyError) -> list[str]:
    """What to tell the chair about a refused change: each bad field, each bad roster line, or the reason."""
    if isinstance(error, congresses.RosterRejected):
        return line_texts(error.key, error.errors)
    fields = field_errors(error.details.get("errors", {}), **error.details)
    return list(fields.values()) or [message(error.key, **error.details)]


def _refused_on_session(congress_id: int):
    return lambda error: show(congress_id, refusal_texts(error), error.status)


def _changed(congress_id: int, operation):
    """A change of the session, answered by its page."""
    done = url_for("congress.show", congress_id=congress_id)
    return commit_change(operation, _refused_on_session(congress_id), lambda _result: redirect(done))


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


@bp.get("/congresses/<int:congress_id>/close")
@login_required
def confirm_close_session(congress_id: int):
    """Closing the session ends sign-ins and ballots for good: asked first, with the attendance."""
    congress = congress_for(current_user, congress_id, manage=True)

    def consequences():
        present = congresses.attendance(db(), congress)
        return [_("%(present)s of %(total)s delegates are signed in.", present=present.present, total=present.total),
                _("No delegate can sign in and no motion or election can be opened afterwards; the session cannot "
                  "be reopened. The resolution sheet can then be downloaded.")]
    return confirm_close(congress, _("Close the session now?"), consequences, _("Close the session"),
                         ("congress.close_session", "congress.show"), congress_id=congress_id)


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


@bp.get("/congresses/<int:congress_id>/sign-in-sheet")
@login_required
def confirm_sign_in_sheet(congress_id: int):
    """Printing again cancels the codes of the sheet printed before: asked first, with how many."""
    congress = congress_for(current_user, congress_id, manage=True)
    return confirmation(
        _("Print the sign-in sheet again?"),
        [_("The personal codes of the earlier sheet stop working for %(n)s delegates not signed in yet; "
           "hand out the new sheet instead.", n=congresses.printed_sign_in_codes(db(), congress))],
        url_for("congress.sign_in_sheet", congress_id=congress_id), _("Print the sign-in sheet (PDF)"),
        url_for("congress.show", congress_id=congress_id))


@bp.post("/congresses/<int:congress_id>/sign-in-sheet")
@login_required
def sign_in_sheet(congress_id: int):
    """The printable roster sheet: a personal sign-in QR per delegate not signed in yet. Printing it
    issues new codes, so earlier sheets stop working."""
    congress = congress_for(current_user, congress_id, manage=True)
    return commit_change(lambda: congresses.issue_sign_in_codes(db(), congress), _refused_on_session(congress_id),
                         lambda issued: _sign_in_sheet(congress, issued), refusals=(Conflict,))


def _sign_in_sheet(congress, issued):
    base = public_base()
    out = io.BytesIO()
    render_sign_in_sheet([(d.name, d.department, codes.display(code), f"{base}/v/{code}") for d, code in issued],
                         out, title=f"{congress.enterprise.name} · {congress.title}",
                         instructions=_("Scan your own code to sign in, or open %(url)s and type it.", url=f"{base}/v"))
    return pdf_download(out.getvalue(), f"sign-in-{congress.id}.pdf")


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
def create_campaign(congress_id: int):
    """A satisfaction vote (self-check) whose electorate is the delegates signed in to this session."""
    congress = congress_for(current_user, congress_id, manage=True)
    settings = campaigns.Settings(title=request.form.get("title", ""), congress_id=congress.id)
    return commit_change(lambda: campaigns.create(db(), congress.enterprise, settings),
                         _refused_on_session(congress_id),
                         lambda campaign: redirect(url_for("chair.campaign", campaign_id=campaign.id)))


@bp.route(f"/{KIND}/<int:item_id>")
@login_required
def agenda_item(kind: str, item_id: int, errors: list | None = None, status: int = 200):
    found = agenda_item_for(current_user, kind, item_id)
    results = results_json(db(), found) if found.is_closed else None
    return render_template("congress/item.html", agenda_item=found, kind=kind, results=results,
                           attendance=congresses.attendance(db(), found.congress),
                           voted=agenda.voted(db(), [found])[found.id],
                           issued=agenda.codes_issued(db(), [found])[found.id],
                           can_manage=access.can_manage(current_user, found.enterprise),
                           errors=errors or []), status


def _refused_on_agenda_item(kind: str, item_id: int):
    return lambda error: agenda_item(kind, item_id, refusal_texts(error), error.status)


def _agenda_item_changed(kind: str, found: AgendaItem, operation):
    """A change of a motion or election, answered by its page."""
    done = url_for("congress.agenda_item", kind=kind, item_id=found.id)
    return commit_change(operation, _refused_on_agenda_item(kind, found.id), lambda _result: redirect(done))


@bp.post(f"/{KIND}/<int:item_id>/open")
@login_required
def open_agenda_item(kind: str, item_id: int):
    found = agenda_item_for(current_user, kind, item_id, manage=True)
    return _agenda_item_changed(kind, found, lambda: agenda.open_(db(), found))


@bp.get(f"/{KIND}/<int:item_id>/close")
@login_required
def confirm_close_agenda_item(kind: str, item_id: int):
    """Closing a motion or election counts it for good: asked first, with how many have voted."""
    found = agenda_item_for(current_user, kind, item_id, manage=True)

    def consequences():
        present = congresses.attendance(db(), found.congress)
        return [_("%(voted)s of %(present)s present delegates have voted (%(total)s delegates in all); the ballot "
                  "cannot be reopened and its results are shown.",
                  voted=agenda.voted(db(), [found])[found.id], present=present.present, total=present.total)]
    return confirm_close(found, _("Close the ballot “%(title)s” and count now?", title=found.title), consequences,
                         _("Close the ballot and count"), ("congress.close_agenda_item", "congress.agenda_item"),
                         kind=kind, item_id=item_id)


@bp.post(f"/{KIND}/<int:item_id>/close")
@login_required
def close_agenda_item(kind: str, item_id: int):
    found = agenda_item_for(current_user, kind, item_id, manage=True)
    response = _agenda_item_changed(kind, found, lambda: agenda.close(db(), found, utcnow()))
    after_close()
    return response


@bp.post(f"/{KIND}/<int:item_id>/paper")
@login_required
def record_paper(kind: str, item_id: int):
    found = agenda_item_for(current_user, kind, item_id, manage=True)
    counts = {key: _whole(value) for key, value in request.form.items() if key != "csrf_token"}
    if isinstance(found, Motion):
        return _agenda_item_changed(kind, found, lambda: agenda.record_motion_paper(db(), found, counts))
    votes = {key[2:]: value for key, value in counts.items() if key.startswith("c.")}
    return _agenda_item_changed(kind, found,
                                lambda: agenda.record_election_paper(db(), found, counts.get("ballots", 0), votes))


def _whole(raw: str) -> int | str:
    """A form's count as a number when it is one (the domain refuses anything else)."""
    return form_count(raw.strip() or "0")


@bp.post(f"/{KIND}/<int:item_id>/codes")
@login_required
def issue_codes(kind: str, item_id: int):
    """Codes for the present delegates voting by phone, once, as slips to hand out at random."""
    found = agenda_item_for(current_user, kind, item_id, manage=True)
    return commit_change(lambda: agenda.issue_codes(db(), found), _refused_on_agenda_item(kind, item_id),
                         lambda plain: codes_download(found, plain, agenda.codes_issued(db(), [found])[found.id]),
                         refusals=(Conflict,))
