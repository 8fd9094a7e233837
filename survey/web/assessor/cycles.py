"""The assessor's cycle pages (评选年度): the cycles and a new one, a cycle's settings with their change
log, its criteria, its declarations and the departments' sign-offs."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...data import declarations as store
from ...data import organisations
from ...domain import access, assessing, cycle_overview, cycles
from ...extensions import db
from ..assessment_common import change_json, cycle_for, summary_json
from ..assessment_forms import cycle_settings, scheme, year_of
from ..changes import commit_change, refusal
from ..common import local_today, utcnow
from ..paging import filters, page_number
from . import bp


def _staff() -> None:
    if current_user.role not in (access.ADMIN, access.ASSESSOR):
        abort(403)


@bp.route("/cycles")
@login_required
def cycles_list(errors: dict | None = None, status: int = 200):
    _staff()
    return render_template("assessor/cycles.html", cycles=cycles.visible(db(), current_user),
                           jurisdictions=organisations.jurisdictions(db(), access.administered(db(), current_user)),
                           names={j.id: j.name for j in organisations.jurisdictions(db())},
                           year=local_today().year, errors=errors or {}, form=request.form), status


@bp.post("/cycles")
@login_required
def create_cycle():
    _staff()
    jurisdiction = request.form.get("jurisdiction", "")
    return commit_change(
        lambda: cycles.create(db(), current_user, int(jurisdiction) if jurisdiction.isdigit() else 0,
                              year_of(request.form), cycle_settings(request.form)),
        lambda error: cycles_list(refusal(error), error.status),
        lambda made: redirect(url_for("assessor.cycle", cycle_id=made.id)))


@bp.route("/cycles/<int:cycle_id>")
@login_required
def cycle(cycle_id: int, errors: dict | None = None, status: int = 200):
    """?state= (a state, or "waiting"), ?q= (in the enterprise's name), ?page=: the page of declarations shown."""
    found = cycle_for(current_user, cycle_id, manage=True)
    shown = filters("state", "q")
    listed = cycle_overview.declaration_page(db(), found, shown.get("state", ""), shown.get("q", ""), page_number())
    return render_template("assessor/cycle.html", cycle=found, errors=errors or {}, form=request.form,
                           jurisdiction=organisations.jurisdiction(db(), found.jurisdiction_id),
                           frozen=cycles.scheme_frozen(db(), found),
                           changes=[change_json(c) for c in store.setting_changes(db(), found.id)],
                           listed=listed, declarations=[(d, summary_json(d)) for d in listed.items], shown=shown,
                           states=store.states_of_cycle(db(), found.id),
                           sign_offs=store.sign_offs_of(db(), found.id)), status if listed.exists else 404


def _back_to(cycle_id: int, text: str):
    def answer(_result):
        flash(text)
        return redirect(url_for("assessor.cycle", cycle_id=cycle_id))
    return answer


@bp.post("/cycles/<int:cycle_id>/settings")
@login_required
def change_settings(cycle_id: int):
    found = cycle_for(current_user, cycle_id, manage=True)
    return commit_change(lambda: cycles.change(db(), current_user, found, cycle_settings(request.form), utcnow()),
                         lambda error: cycle(cycle_id, refusal(error), error.status),
                         _back_to(cycle_id, _("Settings saved.")))


@bp.post("/cycles/<int:cycle_id>/criteria")
@login_required
def replace_criteria(cycle_id: int):
    found = cycle_for(current_user, cycle_id, manage=True)
    return commit_change(lambda: cycles.replace_criteria(db(), current_user, found, scheme(request.form), utcnow()),
                         lambda error: cycle(cycle_id, refusal(error), error.status),
                         _back_to(cycle_id, _("Criteria saved.")))


@bp.post("/cycles/<int:cycle_id>/sign-offs")
@login_required
def sign_off(cycle_id: int):
    found = cycle_for(current_user, cycle_id, manage=True)
    return commit_change(lambda: assessing.sign_off(db(), current_user, found, request.form.get("department", ""),
                                                    request.form.get("opinion", ""), local_today()),
                         lambda error: cycle(cycle_id, refusal(error), error.status),
                         _back_to(cycle_id, _("Opinion recorded.")))
