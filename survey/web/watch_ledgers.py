"""The ledgers (台账) of the early-warning watch and of the workers' concerns, as XLSX in Chinese, as the
office files them: one row per report, one row per concern (no text and no identity in it)."""
import io

from flask_babel import force_locale

from ..data.models import Concern, Enterprise, User, WarningReport
from ..domain import concerns
from ..domain.warning_rules import INDICATORS, SIGNALS
from ..messages import CONCERN_CATEGORIES, CONCERN_CLOSURES, CONCERN_STATES, WARNING_INDICATORS, WARNING_LEVELS
from ..printing.exports import table_workbook
from .downloads import download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES_NO = {True: "是", False: "否", None: None}


def _zh(words: dict, key: str | None) -> str | None:
    with force_locale("zh"):
        return None if key is None else str(words.get(key, key))


def _xlsx(title: str, rows: list, name: str, fallback: str):
    out = io.BytesIO()
    table_workbook(out, title, rows)
    return download(out.getvalue(), XLSX, name, fallback)


def warning_ledger(reports: list[WarningReport], enterprises: dict[int, Enterprise], owners: dict[int, User]):
    keys = [*INDICATORS, *SIGNALS]
    header = ("序号", "企业名称", "统一社会信用代码", "报送日期", "报送期", "突发事件", "预警等级",
              *(_zh(WARNING_INDICATORS, key) for key in keys), "情况说明", "处置状态", "责任人", "处置期限",
              "处置措施", "办结日期")
    rows = [header]
    for number, r in enumerate(reports, 1):
        e, case = enterprises[r.enterprise_id], r.case
        values = {**r.indicators, **r.signals}
        rows.append((number, e.name, e.credit_code, r.reported_on.isoformat(), r.period, YES_NO[r.event],
                     _zh(WARNING_LEVELS, r.level), *(values.get(key) for key in keys), r.narrative,
                     case and ("已办结" if case.closed_on else "处置中"),
                     case and case.owner_id and owners[case.owner_id].username, case and case.due_on.isoformat(),
                     case and case.actions, case and case.closed_on and case.closed_on.isoformat()))
    return _xlsx("预警台账", rows, "劳动关系预警台账.xlsx", "warning-ledger.xlsx")


def concern_ledger(found: list[Concern], enterprises: dict[int, Enterprise], today):
    header = ("序号", "企业名称", "统一社会信用代码", "诉求类别", "提出日期", "答复期限", "状态", "按期答复",
              "办结方式", "超期转上级工会")
    rows = [header] + [
        (number, enterprises[c.enterprise_id].name, enterprises[c.enterprise_id].credit_code,
         _zh(CONCERN_CATEGORIES, c.category), c.raised_on.isoformat(), c.due_on.isoformat(),
         _zh(CONCERN_STATES, c.state), YES_NO[c.answered_in_time], _zh(CONCERN_CLOSURES, c.closure),
         YES_NO[concerns.is_escalated(c, today)]) for number, c in enumerate(found, 1)]
    return _xlsx("职工诉求台账", rows, "职工诉求台账.xlsx", "concern-ledger.xlsx")
