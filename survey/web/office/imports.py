"""Importing enterprises from Excel, and the blank templates of both imports (enterprises, congress roster)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...domain import enterprise_import, roster
from ...extensions import db
from ...printing.import_templates import template_workbook
from ..changes import commit_change, line_texts
from ..downloads import download
from . import bp, office_staff
from .forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_page(form: ImportForm, errors: list[str] | None = None, status: int = 200):
    return render_template("office/import.html", form=form, errors=errors or [],
                           headers=enterprise_import.HEADERS), status


@bp.route("/import", methods=["GET", "POST"])
@office_staff
def import_enterprises():
    form = ImportForm()
    if not form.is_submitted():
        return _import_page(form)
    upload = form.file.data
    data, name = (upload.read(), upload.filename or "") if upload else (b"", "")

    def imported(made):
        flash(_("%(n)s enterprises imported.", n=len(made)))
        return redirect(url_for("office.index"))
    return commit_change(lambda: enterprise_import.import_enterprises(db(), current_user, data, name),
                         lambda error: _import_page(form, line_texts(error.key, error.errors), error.status), imported,
                         refusals=(enterprise_import.ImportRejected,))


@bp.route("/templates/enterprises.xlsx")
@office_staff
def enterprises_template():
    notes = [(enterprise_import.HEADERS[0], _("The enterprise's name, unique in its jurisdiction.")),
             (enterprise_import.HEADERS[1], _("18 characters; the check character is verified (GB 32100-2015).")),
             (enterprise_import.HEADERS[2], _("The number of workers, a whole number from 1 to 1,000,000.")),
             (enterprise_import.HEADERS[3], _("The jurisdiction's name exactly as in Harmony; one you administer.")),
             (enterprise_import.HEADERS[4], _("Optional: department names separated by 、, e.g. 生产部、技术部."))]
    return _template(enterprise_import.HEADERS, notes, "enterprises-template.xlsx", text_columns=("统一社会信用代码",))


@bp.route("/templates/roster.xlsx")
@login_required
def roster_template():
    """For every chair too: the congress roster is the chair's."""
    notes = [(roster.TEMPLATE_HEADERS[0], _("The delegate's name.")),
             (roster.TEMPLATE_HEADERS[1], _("The delegate's department (may be empty).")),
             (roster.TEMPLATE_HEADERS[2], _("一线职工, 工程技术人员, 管理人员和领导 or 其他."))]
    return _template(roster.TEMPLATE_HEADERS, notes, "roster-template.xlsx")


def _template(headers, notes, name: str, text_columns=()):
    body = template_workbook(headers, notes, _("Notes"), text_columns)
    return download(body, XLSX, name)
