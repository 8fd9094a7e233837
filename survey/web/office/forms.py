"""The office's forms (Flask-WTF, CSRF-checked). They only carry what was typed: the domain checks it,
and its refusals are shown beside the fields (``refusal``)."""
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from ...domain.access import ASSESSOR, CHAIR
from ...domain.organisations import EnterpriseDetails, split_departments
from ..changes import commit_change, refusal
from ..schemas import form_count


def _id(raw) -> int | None:
    """A chosen id, or None (none chosen, or not a number: the domain says what is missing)."""
    return int(raw) if str(raw or "").isdigit() and len(str(raw)) < 10 else None


def choices(named, blank: str | None = None) -> list[SelectChoice]:
    """Options of a select: each row's id and name, after a first empty one when ``blank`` is given."""
    return ([SelectChoice("", blank)] if blank else []) + [SelectChoice(str(row.id), row.name) for row in named]


class JurisdictionForm(FlaskForm):
    name = StringField(_l("Jurisdiction name"))
    parent = SelectField(_l("Parent jurisdiction"), coerce=_id, validate_choice=False)
    concern_days = StringField(_l("Days to answer a worker's concern"), default="7")

    def whole_concern_days(self) -> int | str:
        return form_count((self.concern_days.data or "").strip())


class StaffingForm(FlaskForm):
    headcount = StringField(_l("Headcount"))
    departments = TextAreaField(_l("Departments (one a line, or separated by 、)"))

    def whole_headcount(self) -> int | None:
        counted = form_count((self.headcount.data or "").strip())
        return counted if isinstance(counted, int) else None

    def department_list(self) -> list[str]:
        return split_departments(self.departments.data or "")


class EnterpriseForm(StaffingForm):
    name = StringField(_l("Enterprise name"))
    credit_code = StringField(_l("Unified social credit code"))
    jurisdiction = SelectField(_l("Jurisdiction"), coerce=_id, validate_choice=False)

    def details(self) -> EnterpriseDetails:
        return EnterpriseDetails.given(self.name.data or "", self.credit_code.data or "", self.whole_headcount(),
                                       self.jurisdiction.data, self.department_list())


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password (at least 8 characters)"))


class AccountForm(FlaskForm):
    username = StringField(_l("User name"))
    password = PasswordField(_l("Password (at least 8 characters)"))
    role = SelectField(_l("Role"), choices=[SelectChoice(CHAIR.value, _l("Union chair (one enterprise)")),
                                            SelectChoice(ASSESSOR.value, _l("Assessor (a jurisdiction and those below it)"))],
                       validate_choice=False)
    enterprise = SelectField(_l("Enterprise (for a chair)"), coerce=_id, validate_choice=False)
    jurisdiction = SelectField(_l("Jurisdiction (for an assessor)"), coerce=_id, validate_choice=False)


class ImportForm(FlaskForm):
    file = FileField(_l("Excel file (.xlsx) or CSV"))


def form_change(form: FlaskForm, page: Callable[..., object], operation: Callable[[], object],
                answer: Callable[[object], object]):
    """An office form: ``page()`` until it is submitted, then ``operation`` committed and ``answer``ed;
    a refusal shows ``page(errors, status)`` again, with every field as it was typed."""
    if not form.is_submitted():
        return page()
    return commit_change(operation, lambda error: page(refusal(error), error.status), answer)
