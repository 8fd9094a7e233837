"""The assessor's pages of dynamic management (动态管理) and the jurisdiction's board (辖区看板): a named
enterprise's title with a form for each move and for a spot check, the paged list of titles, the board with its
table sorted by a link (no JavaScript), and the three ledgers (台账) as XLSX in Chinese."""
import io

from flask import redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user, login_required

from ...data import organisations
from ...domain import access, board, titles
from ...domain.errors import Forbidden
from ...extensions import db
from ...messages import CHECK_METHODS, REVOKING_EVENTS, TITLE_OUTCOMES, TITLE_STATES
from ...printing.exports import table_workbook
from ..assessment_forms import day_field, score_field
from ..changes import commit_change, refusal
from ..common import local_today
from ..downloads import download
from ..sealed_files import XLSX
from ..schemas import BoardQuery, validated
from ..naming_words import spot_check_title
from ..paging import filters, page_number
from ..title_views import ACTIONS, heat_cells, title_for
from . import bp


@bp.get("/assessor/enterprises/<int:enterprise_id>/title")
@login_required
def title(enterprise_id: int, errors: dict | None = None, failed: str | None = None, status: int = 200):
    found = title_for(current_user, enterprise_id)
    legal = titles.lifecycle.TITLE.transitions.get(found.state, frozenset())
    return render_template("assessor/title.html", title=found, legal={s.value for s in legal},
                           checks=titles.checks_of(db(), found), red_cases=titles.red_cases(db(), found),
                           today=local_today(), errors=errors or {}, failed=failed, form=request.form), status


def _fields(action: str) -> dict:
    """The move's fields as typed: the reasons one a line, the days as dates."""
    form = request.form
    fields = {key: form.get(key, "") for key in ("finding", "event", "description", "source")}
    fields["reasons"] = [line for line in form.get("reasons", "").splitlines() if line.strip()]
    if action == "yellow_card" and form.get("deadline", "").strip():
        fields["deadline"] = day_field(form, "deadline")
    if action == "revoke":
        fields["date"] = day_field(form, "date")
    return fields


@bp.post("/assessor/enterprises/<int:enterprise_id>/title/<any(yellow_card, rectified, delist, revoke):action>")
@login_required
def move_title(enterprise_id: int, action: str):
    found = title_for(current_user, enterprise_id)
    return commit_change(lambda: ACTIONS[action](current_user, found, _fields(action)),
                         lambda error: title(enterprise_id, refusal(error), action, error.status),
                         lambda _moved: redirect(url_for("assessor.title", enterprise_id=enterprise_id)))


@bp.post("/assessor/enterprises/<int:enterprise_id>/spot-checks")
@login_required
def record_check(enterprise_id: int):
    found = title_for(current_user, enterprise_id)
    form = request.form

    def record():
        return titles.record_check(db(), current_user, found, day_field(form, "date"), form.get("method", ""),
                                   form.get("findings", ""), score_field(form, "score"), local_today())
    return commit_change(record, lambda error: title(enterprise_id, refusal(error), "check", error.status),
                         lambda _check: redirect(url_for("assessor.title", enterprise_id=enterprise_id)))


@bp.post("/assessor/enterprises/<int:enterprise_id>/title/survey")
@login_required
def start_survey(enterprise_id: int):
    """The assessor's anonymous survey of the named enterprise: then its codes and slips on the vote's pages."""
    found = title_for(current_user, enterprise_id)
    electorate = request.form.get("electorate", type=int) or 0
    return commit_change(
        lambda: titles.start_survey(db(), current_user, found, electorate, request.form.get("findings", ""),
                                    spot_check_title(found.declaration), local_today()),
        lambda error: title(enterprise_id, refusal(error), "survey", error.status),
        lambda check: redirect(url_for("chair.campaign", campaign_id=check.campaign_id)))


@bp.get("/assessor/titles")
@login_required
def titles_list():
    """The titles named in the user's jurisdictions: ?state= (one state; none: those standing), ?q= (in the
    enterprise's name), ?page=."""
    if current_user.role == access.CHAIR:
        raise Forbidden("forbidden")
    shown = filters("state", "q")
    listed = titles.title_page(db(), access.administered(db(), current_user), shown.get("state", ""),
                               shown.get("q", ""), page_number())
    return render_template("assessor/titles.html", listed=listed, shown=shown), 200 if listed.exists else 404


@bp.get("/assessor/jurisdictions/<int:jurisdiction_id>/board")
@login_required
def jurisdiction_board(jurisdiction_id: int):
    """?sort=…&order=…: the table's order, by the links of its headings."""
    query = validated(BoardQuery, dict(request.args))
    found = board.board(db(), current_user, jurisdiction_id, local_today(), query.sort, query.order == "desc")
    return render_template("assessor/board.html", board=found, sort=query.sort, order=query.order,
                           due=titles.due(db(), access.subtree(db(), jurisdiction_id), local_today()),
                           heat_cells=heat_cells)


def _workbook(jurisdiction_id: int, sheet: str, header: tuple, rows: list[tuple], name: str, ascii_name: str):
    access.require_jurisdiction(db(), current_user, jurisdiction_id)
    out = io.BytesIO()
    table_workbook(out, sheet, [header] + [(n, *row) for n, row in enumerate(rows, 1)])
    return download(out.getvalue(), XLSX, f"{name}.xlsx", f"{ascii_name}-{jurisdiction_id}.xlsx")


def _zh(table: dict, key: str | None) -> str | None:
    with force_locale("zh"):
        return str(table[key]) if key in table else key


def _day(day) -> str | None:
    return day.isoformat() if day else None


TITLES_HEADER = ("序号", "企业名称", "统一社会信用代码", "命名年度", "命名单位", "等级", "称号状态", "整改期限",
                 "摘牌或撤销日期", "撤销事由", "变动记录")
CHECKS_HEADER = ("序号", "企业名称", "统一社会信用代码", "命名年度", "等级", "抽查日期", "抽查方式", "抽查发现", "得分")
CARDS_HEADER = ("序号", "企业名称", "统一社会信用代码", "命名年度", "等级", "黄牌日期", "整改期限", "黄牌原因", "结果",
                "结果日期", "结论")


def _issuer(jurisdiction_id: int) -> str:
    return organisations.jurisdiction(db(), jurisdiction_id).name


def _history(found) -> str:
    return "；".join(f"{e.day.isoformat()} {_zh(TITLE_STATES, e.to_state)}" for e in found.events)


@bp.get("/assessor/jurisdictions/<int:jurisdiction_id>/titles.xlsx")
@login_required
def titles_ledger(jurisdiction_id: int):
    """命名企业台账: every title the jurisdiction (or one below it) named, with its level and its history."""
    rows = [(t.declaration.enterprise.name, t.declaration.enterprise.credit_code, t.declaration.cycle.year,
             _issuer(t.declaration.cycle.jurisdiction_id), t.declaration.level, _zh(TITLE_STATES, t.state),
             _day(t.deadline), _day(t.ended_on), t.event and _zh(REVOKING_EVENTS, t.event), _history(t))
            for t in titles.titles_under(db(), access.subtree(db(), jurisdiction_id))]
    return _workbook(jurisdiction_id, "命名企业台账", TITLES_HEADER, rows, "命名企业台账", "titles")


@bp.get("/assessor/jurisdictions/<int:jurisdiction_id>/spot-checks.xlsx")
@login_required
def checks_ledger(jurisdiction_id: int):
    """抽查台账: every spot check of a named enterprise."""
    rows = []
    for check in titles.checks_under(db(), access.subtree(db(), jurisdiction_id)):
        found = db().get(titles.Title, check.title_id)
        rows.append((found.declaration.enterprise.name, found.declaration.enterprise.credit_code,
                     found.declaration.cycle.year, found.declaration.level, _day(check.day),
                     _zh(CHECK_METHODS, check.method), check.findings,
                     None if check.score is None else float(check.score)))
    return _workbook(jurisdiction_id, "抽查台账", CHECKS_HEADER, rows, "抽查台账", "spot-checks")


def _cards(found) -> list[tuple]:
    """Each yellow card of a title: given, deadline, reasons, and how it ended (still open: no outcome)."""
    rows, events = [], list(found.events)
    for n, event in enumerate(events):
        if event.to_state != titles.State.YELLOW_CARD:
            continue
        outcome = events[n + 1] if n + 1 < len(events) else None
        rows.append((found.declaration.enterprise.name, found.declaration.enterprise.credit_code,
                     found.declaration.cycle.year, found.declaration.level, _day(event.day), _day(event.deadline),
                     event.note, _zh(TITLE_OUTCOMES, outcome.to_state if outcome else None),
                     _day(outcome.day) if outcome else None, outcome.note if outcome else None))
    return rows


@bp.get("/assessor/jurisdictions/<int:jurisdiction_id>/yellow-cards.xlsx")
@login_required
def cards_ledger(jurisdiction_id: int):
    """黄牌台账: every yellow card with its deadline and its outcome (rectified, delisted, revoked, open)."""
    rows = [row for found in titles.titles_under(db(), access.subtree(db(), jurisdiction_id)) for row in _cards(found)]
    return _workbook(jurisdiction_id, "黄牌台账", CARDS_HEADER, rows, "黄牌台账", "yellow-cards")
