"""The office's jurisdiction and enterprise pages, and the chair's headcount and departments page."""
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...data import organisations as store
from ...data.models import Enterprise, Jurisdiction
from ...domain import access, organisations
from ...domain.errors import NotFound
from ...extensions import db
from ..common import enterprise_for, utcnow
from . import admin_only, bp, office_staff
from .forms import EnterpriseForm, JurisdictionForm, StaffingForm, choices, form_change


def jurisdiction_choices(blank: str | None = None) -> list:
    """The jurisdictions the user administers, for a select."""
    return choices(store.jurisdictions(db(), access.administered(db(), current_user)), blank)


@bp.route("")
@office_staff
def index():
    scope = access.administered(db(), current_user)
    jurisdictions = store.jurisdictions(db(), scope)
    return render_template("office/index.html", jurisdictions=jurisdictions, names={j.id: j.name for j in jurisdictions},
                           enterprises=store.enterprises(db(), scope))


def _jurisdiction(jurisdiction_id: int) -> Jurisdiction:
    found = store.jurisdiction(db(), jurisdiction_id)
    if found is None:
        raise NotFound("not_found")
    return found


def _jurisdiction_page(form: JurisdictionForm, found: Jurisdiction | None, errors: dict | None = None,
                       status: int = 200):
    form.parent.choices = choices([j for j in store.jurisdictions(db()) if found is None or j.id != found.id],
                                  _("None (a top-level union)"))
    return render_template("office/jurisdiction.html", form=form, jurisdiction=found, errors=errors or {}), status


def _to_index(text: str):
    def answer(_result):
        flash(text)
        return redirect(url_for("office.index"))
    return answer


@bp.route("/jurisdictions/new", methods=["GET", "POST"])
@admin_only
def new_jurisdiction():
    form = JurisdictionForm()
    return form_change(form, partial(_jurisdiction_page, form, None),
                       lambda: organisations.create_jurisdiction(db(), form.name.data or "", form.parent.data,
                                                                 form.whole_concern_days()),
                       _to_index(_("Jurisdiction created.")))


@bp.route("/jurisdictions/<int:jurisdiction_id>", methods=["GET", "POST"])
@admin_only
def edit_jurisdiction(jurisdiction_id: int):
    found = _jurisdiction(jurisdiction_id)
    form = JurisdictionForm(name=found.name, parent=found.parent_id, concern_days=str(found.concern_days))
    return form_change(form, partial(_jurisdiction_page, form, found),
                       lambda: organisations.edit_jurisdiction(db(), current_user, found, form.name.data or "",
                                                               form.parent.data, form.whole_concern_days(), utcnow()),
                       _to_index(_("Jurisdiction saved.")))


def _enterprise_page(form: EnterpriseForm, found: Enterprise | None, errors: dict | None = None, status: int = 200):
    form.jurisdiction.choices = jurisdiction_choices(_("Choose a jurisdiction"))
    return render_template("office/enterprise.html", form=form, enterprise=found, errors=errors or {}), status


@bp.route("/enterprises/new", methods=["GET", "POST"])
@office_staff
def new_enterprise():
    form = EnterpriseForm()
    return form_change(form, partial(_enterprise_page, form, None),
                       lambda: organisations.add_enterprise(db(), _administered_details(form)),
                       _to_index(_("Enterprise created.")))


@bp.route("/enterprises/<int:enterprise_id>", methods=["GET", "POST"])
@office_staff
def edit_enterprise(enterprise_id: int):
    found = enterprise_for(current_user, enterprise_id)
    access.require_administer(db(), current_user, found.jurisdiction_id)
    form = EnterpriseForm(name=found.name, credit_code=found.credit_code, jurisdiction=found.jurisdiction_id,
                          **_staffing_data(found))
    return form_change(form, partial(_enterprise_page, form, found),
                       lambda: organisations.edit_enterprise(db(), found, _administered_details(form)),
                       _to_index(_("Enterprise saved.")))


def _administered_details(form: EnterpriseForm):
    """The form's enterprise, in a jurisdiction the user administers (403 otherwise)."""
    details = form.details()
    if details.jurisdiction_id is not None:
        access.require_administer(db(), current_user, details.jurisdiction_id)
    return details


@bp.route("/enterprises/<int:enterprise_id>/staffing", methods=["GET", "POST"])
@login_required
def staffing(enterprise_id: int):
    """Headcount and departments: for the enterprise's chair (while no vote is open) and its office."""
    found = enterprise_for(current_user, enterprise_id)
    access.require_staffing(db(), current_user, found)
    form = StaffingForm(**_staffing_data(found))

    def saved(_result):
        flash(_("Headcount and departments saved."))
        return redirect(url_for("assessor.enterprise", enterprise_id=found.id))
    return form_change(form, partial(_staffing_page, form, found),
                       lambda: organisations.edit_staffing(db(), found, form.whole_headcount(), form.department_list()),
                       saved)


def _staffing_data(found: Enterprise) -> dict[str, str]:
    return {"headcount": str(found.headcount), "departments": "\n".join(found.departments)}


def _staffing_page(form: StaffingForm, found: Enterprise, errors: dict | None = None, status: int = 200):
    return render_template("office/staffing.html", form=form, enterprise=found, errors=errors or {}), status
