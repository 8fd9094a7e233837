"""Staff pages for union chairs (and read-only for assessors): a vote's page, its questionnaire and
settings, codes and slips, turnout and tally. The dashboard and enterprise pages are ``assessor``'s."""
from collections.abc import Iterable

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from ..data.enums import JobKind
from ..data.models import Campaign
from ..domain import access, campaigns, editing, jobs, summary
from ..domain.errors import Invalid, NotFound
from ..extensions import db
from . import statistics
from .changes import commit_change, create_then_show
from .common import campaign_for, close_if_due, close_vote, enterprise_for, localized
from .confirm import confirm_close as close_confirmation, confirmation
from .downloads import codes_download
from .enterprise_page import enterprise_page
from .forms import campaign_settings, counting_edit, item_edits, new_item
from .job_views import limits, start_slips, to_page
from ..messages import field_errors, message
from .schemas import form_id

bp = Blueprint("chair", __name__)
TURNOUT_REFRESH_SECONDS = 30  # the open vote's page shows turnout as it grows, without JavaScript


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("assessor.dashboard"))
    return render_template("home.html")


@bp.post("/enterprises/<int:enterprise_id>/campaigns")
@login_required
def create_campaign(enterprise_id: int):
    found = enterprise_for(current_user, enterprise_id, manage=True)
    return create_then_show(lambda: campaigns.create(db(), found, campaign_settings(request.form)),
                            lambda error: enterprise_page(found, field_errors(error.details.get("errors", {})), 422),
                            "chair.campaign", "campaign_id")


@bp.route("/campaigns/<int:campaign_id>")
@login_required
def campaign(campaign_id: int, errors: dict | None = None, status: int = 200,
             submitted: MultiDict | None = None, opened: Iterable[str] = ()):
    """The vote's page; a refused questionnaire save passes what was `submitted` (shown again) and
    the questions to show `opened` (else those named in ?changed=, the ones just saved)."""
    found = campaign_for(current_user, campaign_id)
    can_run = access.can_run(db(), current_user, found)
    if can_run:
        _close_if_due(found)
    closed = summary.summarize(db(), found) if found.is_closed else None
    return render_template("chair/campaign.html", campaign=found, turnout=campaigns.turnout(db(), found),
                           results=closed and closed.results, **statistics.page(closed),
                           free_texts=campaigns.free_texts(db(), found) if closed else [],
                           can_manage=can_run,
                           closing=jobs.active_close(db(), found) if found.is_open or found.is_sealing else None,
                           errors=errors or {}, question_errors=_by_question(errors or {}),
                           submitted=submitted, submitted_questions={field.split(".")[0] for field in submitted or ()},
                           opened=set(opened) | set(request.args.getlist("changed")),
                           limit=current_app.config["MAX_CODES_PER_BATCH"],
                           refresh=TURNOUT_REFRESH_SECONDS,
                           others=[c for c in campaigns.of_enterprise(db(), found.enterprise_id)
                                   if c.id != found.id]), status


def _by_question(errors: dict[str, str]) -> dict[str, list[str]]:
    """Error texts by the question their field belongs to ("wages.weight" → "wages")."""
    grouped: dict[str, list[str]] = {}
    for field, text in errors.items():
        grouped.setdefault(field.split(".")[0], []).append(text)
    return grouped


def _close_if_due(found: Campaign) -> None:
    """The chair's next action on a vote past its closing time closes it first (a large one through a
    job, whose progress the vote's page links), and says so."""
    if close_if_due(found, current_user):
        flash(_("The closing time has passed: the vote was closed now."))


def _managed(campaign_id: int) -> Campaign:
    """The vote a manager is about to change, closed first if its time has passed."""
    found = campaign_for(current_user, campaign_id, manage=True)
    _close_if_due(found)
    return found


def _changed(campaign_id: int, operation):
    """Run a change; on refusal show the campaign page with the message, keeping nothing."""
    def refused(error: Invalid):
        errors = field_errors(error.details.get("errors", {}), **error.details) or {"_": message(error.key)}
        return campaign(campaign_id, errors, 422)
    done = url_for("chair.campaign", campaign_id=campaign_id)
    return commit_change(operation, refused, lambda _result: redirect(done), refusals=(Invalid,))


@bp.post("/campaigns/<int:campaign_id>/open")
@login_required
def open_campaign(campaign_id: int):
    found = _managed(campaign_id)
    return _changed(campaign_id, lambda: campaigns.open_(db(), found))


@bp.get("/campaigns/<int:campaign_id>/close")
@login_required
def confirm_close(campaign_id: int):
    """What closing does, with the turnout so far, before the chair closes the vote for good."""
    found = _managed(campaign_id)

    def consequences():
        turnout = campaigns.turnout(db(), found)
        return [_("%(cast)s of %(electorate)s have voted (%(pct)s%%); the vote cannot be reopened.",
                  cast=turnout.cast, electorate=turnout.electorate, pct="%.0f" % ((turnout.rate or 0) * 100)),
                _("Unused codes stop working and the results are counted and shown.")]
    return close_confirmation(found, _("Close the vote now?"), consequences, _("Close the vote and count"),
                              ("chair.close_campaign", "chair.campaign"), campaign_id=campaign_id)


@bp.post("/campaigns/<int:campaign_id>/close")
@login_required
def close_campaign(campaign_id: int):
    """Close now and show the results, or — a large vote — show the progress of the job closing it."""
    found = _managed(campaign_id)
    job = close_vote(found, current_user)
    if job is not None:
        return to_page(job)
    return redirect(url_for("chair.campaign", campaign_id=campaign_id))


@bp.post("/campaigns/<int:campaign_id>/questionnaire")
@login_required
def edit_questionnaire(campaign_id: int):
    found = _managed(campaign_id)
    form = request.form
    if form.get("remove"):
        return _changed(campaign_id, lambda: editing.remove_item(found, form["remove"]))
    if form.get("add"):
        return _edited(found, lambda: [editing.add_item(found, new_item(form)).key], lambda: ())
    edits = item_edits(found, form)
    return _edited(found, lambda: editing.edit_items(found, edits), lambda: editing.changed_items(found, edits))


def _edited(found: Campaign, operation, changed) -> object:
    """Save questions; back on the page the changed ones are open. Refused, the page shows every
    submitted value again (nothing saved, nothing lost), each error naming its question, and
    opens the questions with errors or edits."""
    def refused(error: Invalid):
        return campaign(found.id, _question_errors(found, error), 422, request.form, changed())

    def done(keys: list[str]):
        return redirect(url_for("chair.campaign", campaign_id=found.id, changed=keys, _anchor="questionnaire"))
    return commit_change(operation, refused, done, refusals=(Invalid,))


def _question_errors(found: Campaign, error: Invalid) -> dict[str, str]:
    """「第3题：…」: each field's message names its question by its number on the page."""
    numbers = {item.key: number for number, item in enumerate(found.questionnaire.items, 1)}
    named = {}
    for field, key in error.details.get("errors", {}).items():
        question = field.split(".")[0]
        if question in numbers:
            named[field] = _("Question %(n)s: %(text)s", n=numbers[question], text=message(key))
        else:
            named[field] = _("New question: %(text)s", text=message(key)) if question == "new" else message(key)
    return named or {"_": message(error.key)}


@bp.get("/campaigns/<int:campaign_id>/questions/<key>/remove")
@login_required
def confirm_remove_item(campaign_id: int, key: str):
    """Removing a question drops its texts, options and settings: asked first, on its own page."""
    found = _managed(campaign_id)
    item = next((item for item in found.questionnaire.items if item.key == key), None)
    if item is None:
        raise NotFound("not_found")
    return confirmation(
        _("Remove the question “%(item)s”?", item=localized(item)),
        [_("Its texts, options, weight and floors are deleted; unsaved edits on the questionnaire page are lost. "
           "To have it back, add it again by hand.")],
        url_for("chair.edit_questionnaire", campaign_id=campaign_id), _("Remove this question"),
        url_for("chair.campaign", campaign_id=campaign_id), {"remove": key})


@bp.post("/campaigns/<int:campaign_id>/copy")
@login_required
def copy_questionnaire(campaign_id: int):
    found = _managed(campaign_id)
    source = campaign_for(current_user, request.form.get("source", type=form_id) or 0)
    return _changed(campaign_id, lambda: editing.copy_questionnaire(db(), found, source))


@bp.post("/campaigns/<int:campaign_id>/settings")
@login_required
def edit_settings(campaign_id: int):
    found = _managed(campaign_id)
    return _changed(campaign_id, lambda: editing.edit_counting(found, counting_edit(found, request.form)))


@bp.post("/campaigns/<int:campaign_id>/codes")
@login_required
def issue_codes(campaign_id: int):
    """Issue a batch and hand it over once, as slips (PDF) or a list (CSV); only hashes stay."""
    found = _managed(campaign_id)
    count, spare = request.form.get("count", type=int) or 0, request.form.get("spare") == "1"

    def refused(error: Invalid):
        return campaign(campaign_id, field_errors(error.details.get("errors", {}), **error.details), 422)
    if request.form.get("format") != "csv" and jobs.through_job(JobKind.SLIPS, count, limits()):
        return commit_change(lambda: start_slips(found, current_user, count, spare), refused, to_page,
                             refusals=(Invalid,))
    return commit_change(
        lambda: campaigns.issue_codes(db(), found, count, current_app.config["MAX_CODES_PER_BATCH"], spare=spare),
        refused, lambda plain: codes_download(found, plain, campaigns.turnout(db(), found).issued), refusals=(Invalid,))
