"""The early-warning pages (劳动关系预警): the liaison's or chair's report from the enterprise page, and for
the upper union the board of its jurisdiction (points, colours over time, overdue reports, open cases,
the colour rules and reporting windows) and each case, to give it an owner and close it with the actions."""
from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..data import accounts
from ..data import declarations as declaration_store
from ..data import organisations as organisation_store
from ..data.models import Enterprise, User
from ..domain import access, concerns, mediation, warnings
from ..domain.errors import HarmonyError, Invalid, NotFound
from ..domain.warning_rules import INDICATORS, MONTHS, FLAG, SHARE
from ..extensions import db
from ..messages import field_errors, message
from .assessment_common import change_json
from .changes import commit_change, refusal
from .common import enterprise_for, local_today, utcnow
from . import watch_ledgers
from .mediation_views import posted_parties
from .warning_views import webhook_payload
from .webhook import notify

bp = Blueprint("warning_pages", __name__)


@bp.before_request
@login_required
def _signed_in() -> None:
    """Every page here is for signed-in staff."""


def _report_page(enterprise: Enterprise, errors: dict | None = None, status: int = 200):
    return render_template("warning/report.html", enterprise=enterprise, indicators=INDICATORS, kinds=(MONTHS, SHARE, FLAG),
                           point=warnings.point_of(db(), enterprise), form=request.form, errors=errors or {}), status


def _posted_indicators() -> dict[str, object]:
    found: dict[str, object] = {}
    for key, kind in INDICATORS.items():
        raw = request.form.get(key, "").strip()
        if kind == FLAG and raw == "1":
            found[key] = True
        elif kind != FLAG and raw:
            found[key] = raw
    return found


@bp.route("/enterprises/<int:enterprise_id>/warning-reports", methods=["GET", "POST"])
def report(enterprise_id: int):
    enterprise = enterprise_for(current_user, enterprise_id)
    if request.method == "GET":
        return _report_page(enterprise)
    event = request.form.get("kind") == "event"
    sent = warnings.Reported(None if event else request.form.get("period", "").strip(), event, _posted_indicators(),
                             request.form.get("narrative", ""))

    def done(found):
        if found.case is not None:
            notify(webhook_payload(found, enterprise))
        return render_template("warning/reported.html", enterprise=enterprise, report=found)
    return commit_change(lambda: warnings.report(db(), current_user, enterprise, sent, local_today()),
                         lambda error: _report_page(enterprise, field_errors(error.details.get("errors", {}))
                                                    or {"_": message(error.key)}, error.status),
                         done, refusals=(HarmonyError,))


def _board_page(jurisdiction_id: int, errors: dict | None = None, status: int = 200):
    today = local_today()
    board = warnings.board(db(), current_user, jurisdiction_id, today)
    points = {s.point.enterprise_id for s in board.points}
    rules, set_by = warnings.rules_for(db(), jurisdiction_id)
    enterprises = list(access.enterprises_under(db(), jurisdiction_id).values())
    return render_template("warning/board.html", board=board, today=today, rules=rules, example=set_by is None,
                           jurisdiction=organisation_store.jurisdiction(db(), jurisdiction_id),
                           concern_statistics=concerns.statistics(db(), current_user, jurisdiction_id, today),
                           names={e.id: e.name for e in enterprises},
                           candidates=[e for e in enterprises if e.id not in points], errors=errors or {},
                           changes=[change_json(c) for c in declaration_store.setting_changes(
                               db(), jurisdiction_id=jurisdiction_id)]), status


@bp.get("/jurisdictions/<int:jurisdiction_id>/warnings")
def board(jurisdiction_id: int):
    return _board_page(jurisdiction_id)


@bp.get("/jurisdictions/<int:jurisdiction_id>/warnings/ledger.xlsx")
def warning_ledger(jurisdiction_id: int):
    reports, enterprises = warnings.ledger(db(), current_user, jurisdiction_id)
    owners = {r.case.owner_id: db().get(User, r.case.owner_id) for r in reports if r.case and r.case.owner_id}
    return watch_ledgers.warning_ledger(reports, enterprises, owners)


@bp.get("/jurisdictions/<int:jurisdiction_id>/concerns/ledger.xlsx")
def concern_ledger(jurisdiction_id: int):
    return watch_ledgers.concern_ledger(*concerns.ledger(db(), current_user, jurisdiction_id), local_today())


@bp.post("/jurisdictions/<int:jurisdiction_id>/warning-points")
def designate(jurisdiction_id: int):
    enterprise = db().get(Enterprise, request.form.get("enterprise", type=int) or 0)
    if enterprise is None or enterprise.jurisdiction_id not in access.subtree(db(), jurisdiction_id):
        raise NotFound("not_found")
    return commit_change(lambda: warnings.designate(db(), current_user, enterprise, None, local_today()),
                         lambda error: _board_page(jurisdiction_id, {"_": message(error.key)}, error.status),
                         lambda _point: redirect(url_for("warning_pages.board", jurisdiction_id=jurisdiction_id)))


@bp.post("/jurisdictions/<int:jurisdiction_id>/reporting-windows")
def add_window(jurisdiction_id: int):
    def added():
        return warnings.add_window(db(), current_user, jurisdiction_id, request.form.get("name", ""),
                                   _day("starts_on"), _day("ends_on"), utcnow())
    return commit_change(added, lambda error: _board_page(jurisdiction_id, {"_": message(error.key)}, error.status),
                         lambda _window: redirect(url_for("warning_pages.board", jurisdiction_id=jurisdiction_id)))


def _day(field: str) -> date:
    """A date typed in a form (2026-10-01), between 2000 and 2099."""
    try:
        day = date.fromisoformat(request.form.get(field, ""))
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year < 2100:
        raise Invalid("invalid_input", errors={field: "time_format"})
    return day


def _case_page(case, error: str | None = None, status: int = 200):
    enterprise = db().get(Enterprise, case.report.enterprise_id)
    chain = access.jurisdiction_chain(db(), enterprise.jurisdiction_id)
    owners = [u for u in accounts.staff_of(db(), chain) if u.role == access.ASSESSOR and u.jurisdiction_id in chain]
    return render_template("warning/case.html", case=case, enterprise=enterprise, owners=owners,
                           owner=case.owner_id and db().get(User, case.owner_id), today=local_today(),
                           mediation=mediation.referral_of_warning_case(db(), case),
                           bodies=mediation.serving(db(), enterprise), error=error,
                           can_see_body=lambda body: mediation.can_see(db(), current_user, body)), status


@bp.get("/warning-cases/<int:case_id>")
def case(case_id: int):
    return _case_page(warnings.case_for(db(), current_user, case_id))


def _case_change(case_id: int, operation):
    case = warnings.case_for(db(), current_user, case_id)
    return commit_change(lambda: operation(case),
                         lambda error: _case_page(case, " ".join(refusal(error).values()), error.status),
                         lambda _done: redirect(url_for("warning_pages.case", case_id=case_id)),
                         refusals=(HarmonyError,))


@bp.post("/warning-cases/<int:case_id>/owner")
def assign(case_id: int):
    owner = db().get(User, request.form.get("owner", type=int) or 0)
    if owner is None:
        raise NotFound("not_found")
    return _case_change(case_id, lambda case: warnings.assign(db(), current_user, case, owner, None))


@bp.post("/warning-cases/<int:case_id>/close")
def close(case_id: int):
    return _case_change(case_id, lambda case: warnings.close(db(), current_user, case, request.form.get("actions", ""),
                                                             local_today()))


@bp.post("/warning-cases/<int:case_id>/mediation")
def refer(case_id: int):
    """Refer the case to a mediation body (劳动争议调解); the page then shows the mediation case."""
    return _case_change(case_id, lambda case: mediation.refer_warning_case(
        db(), current_user, case, request.form.get("body", type=int) or 0, posted_parties(), local_today()))
