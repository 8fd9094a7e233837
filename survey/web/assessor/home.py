"""The assessor's home (考核工作台): each cycle of their jurisdictions at a glance (counts, and the few items
waiting for the assessors, each with a link to its paged list), and its ledger (台账) as XLSX in Chinese; a
declaration's spot-check survey and its objections, to start the one and answer the other."""
import io
from decimal import Decimal

from flask import redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ...data.models import Cycle, Declaration
from ...data import organisations
from ...domain import access, cycle_overview, cycles, declarations, naming, planner, spot_survey, titles
from ...domain.errors import Forbidden
from ...extensions import db
from ...messages import STATES, field_errors, message, translated
from ...printing.exports import table_workbook
from ..assessment_common import cycle_for, declaration_for
from ..changes import commit_change
from ..common import local_today
from ..downloads import download
from ..naming_words import discrepancy_words, spot_check_title
from ..presenters import decimal
from ..sealed_files import XLSX
from . import bp

DATES = {"self_check_to": _l("Self-check ends"), "declaration_deadline": _l("Declaration deadline"),
         "assessment_to": _l("Assessment ends"), "commendation_date": _l("Commendation"),
         "notice_ends": _l("Public notice ends")}
DUE_SHOWN = 10  # yellow cards shown at home, nearest deadline first; the list of yellow cards has them all
PLANNED_MARGIN, PLANNED_CONFIDENCE = Decimal(5), 95  # the planner's defaults: ±5 points at 95%


def _cycle(cycle_id: int) -> Cycle:
    return cycle_for(current_user, cycle_id, manage=True)


def _declaration(declaration_id: int) -> Declaration:
    found = declaration_for(current_user, declaration_id)
    declarations.require_assessor(db(), current_user, found)
    return found


@bp.get("/assessor")
@login_required
def home():
    """Every cycle the user administers, newest first, at a glance: its counts and what waits for the
    assessors, each with the way to its whole list (a chair: 403)."""
    if current_user.role == access.CHAIR:
        raise Forbidden("forbidden")
    today = local_today()
    administered = access.administered(db(), current_user)
    due = titles.due(db(), administered, today)
    glances = cycle_overview.glances(db(), cycles.visible(db(), current_user), today)
    return render_template("assessor/home.html", glances=glances, dates=translated(DATES), states=translated(STATES),
                           words=discrepancy_words, due=due[:DUE_SHOWN], due_total=len(due),
                           boards=board_roots(current_user), title_counts=titles.states_under(db(), administered))


def board_roots(user):
    """The jurisdictions whose board the user opens from home: their own, or for an admin each top one."""
    if user.role == access.ADMIN:
        return [j for j in organisations.jurisdictions(db()) if j.parent_id is None]
    return [organisations.jurisdiction(db(), user.jurisdiction_id)]


LEDGER_HEADER = ("序号", "企业名称", "统一社会信用代码", "申报等级", "状态", "自查综合满意率", "抽查综合满意率",
                 "抽查人数", "抽查单侧p值", "自查明显偏高", "考核得分", "一票否决未通过", "异议数", "未答复异议",
                 "公示截止", "证书编号")


def _ledger_row(number: int, row: cycle_overview.LedgerRow) -> tuple:
    d, spot = row.declaration, row.spot_check
    with force_locale("zh"):
        state = str(STATES.get(d.state, d.state))
    return (number, d.enterprise.name, d.enterprise.credit_code, d.level, state, decimal(row.self_check),
            spot and decimal(spot.spot_check), spot and spot.ballots, spot and decimal(spot.p_value),
            ("是" if spot.flagged else "否") if spot else None, float(row.score.total),
            "、".join(row.score.vetoes_failed), row.objections, row.objections_open,
            d.notice_ends.isoformat() if d.notice_ends else None, row.certificate)


@bp.get("/assessor/cycles/<int:cycle_id>/ledger.xlsx")
@login_required
def ledger(cycle_id: int):
    """台账: one row per declaration, in Chinese as the office files it."""
    cycle = _cycle(cycle_id)
    rows = [LEDGER_HEADER] + [_ledger_row(n, row) for n, row in enumerate(cycle_overview.ledger(db(), cycle), 1)]
    out = io.BytesIO()
    table_workbook(out, f"{cycle.year}年度台账", rows)
    return download(out.getvalue(), XLSX, f"台账-{cycle.year}.xlsx", f"ledger-{cycle.year}.xlsx")


@bp.get("/assessor/declarations/<int:declaration_id>/spot-check")
@login_required
def spot_check(declaration_id: int, errors: dict | None = None, status: int = 200):
    """Start the spot-check survey (with the planner's figure) or follow it and read its comparison."""
    found = _declaration(declaration_id)
    plan = planner.plan(found.enterprise.headcount, PLANNED_MARGIN, PLANNED_CONFIDENCE)
    result = spot_survey.discrepancy(db(), found)
    return render_template("assessor/spot_check.html", declaration=found, plan=plan,
                           survey=spot_survey.survey_of(db(), found), result=result,
                           sentence=result and discrepancy_words(result), errors=errors or {},
                           form=request.form), status


@bp.post("/assessor/declarations/<int:declaration_id>/spot-check")
@login_required
def start_spot_check(declaration_id: int):
    found = _declaration(declaration_id)
    electorate = request.form.get("electorate", type=int) or 0

    def refused(error):
        return spot_check(declaration_id, field_errors(error.details.get("errors", {})) or {"_": message(error.key)},
                          error.status)
    return commit_change(lambda: spot_survey.start(db(), current_user, found, electorate, spot_check_title(found)),
                         refused, lambda survey: redirect(url_for("chair.campaign", campaign_id=survey.id)))


@bp.get("/assessor/declarations/<int:declaration_id>/objections")
@login_required
def objections(declaration_id: int, errors: dict | None = None, failed: str | None = None, status: int = 200):
    found = _declaration(declaration_id)
    return render_template("assessor/objections.html", declaration=found,
                           objections=naming.objections_of(db(), found), errors=errors or {}, failed=failed,
                           form=request.form), status


@bp.post("/assessor/declarations/<int:declaration_id>/objections/<objection_id>")
@login_required
def answer_objection(declaration_id: int, objection_id: str):
    found = _declaration(declaration_id)
    objection = naming.objection_of(db(), found, objection_id)

    def refused(error):
        return objections(declaration_id, field_errors(error.details.get("errors", {})) or {"_": message(error.key)},
                          objection_id, error.status)
    return commit_change(
        lambda: naming.answer(db(), current_user, found, objection, request.form.get("finding", ""), local_today()),
        refused, lambda _done: redirect(url_for("assessor.objections", declaration_id=declaration_id)))
