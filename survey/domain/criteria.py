"""The criteria scheme (评分标准) of a cycle: the shipped example, copied into each new cycle.

The example follows the widely used shape of about 100 points over the eight areas unions assess, and
three veto criteria (一票否决): conditions that carry no points and fail a declaration when not met. It is an
example, not a national standard: each jurisdiction adapts it until its first declaration is submitted.
"""
import re
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy.orm import Session

from ..data import declarations as store
from ..data.enums import Level
from ..data.models import Criterion, Cycle
from .errors import Conflict

ALL_LEVELS = [str(level) for level in Level]


class CriterionSpec(NamedTuple):
    key: str
    area: str
    text_zh: str
    text_en: str
    max_points: Decimal
    evidence_zh: str = ""
    evidence_en: str = ""
    veto: bool = False


def _scored(key, area, points, text_zh, text_en, evidence_zh, evidence_en) -> CriterionSpec:
    return CriterionSpec(key, area, text_zh, text_en, Decimal(points), evidence_zh, evidence_en)


def _veto(key, text_zh, text_en) -> CriterionSpec:
    return CriterionSpec(key, "veto", text_zh, text_en, Decimal(0), veto=True)


EXAMPLE = (
    _scored("contract_signing", "contracts", 8, "依法与职工签订书面劳动合同，签订率达100%",
            "Written labour contracts signed with every worker (100%)", "劳动合同台账、花名册", "contract ledger, staff list"),
    _scored("contract_management", "contracts", 4, "劳动合同变更、解除、终止依法规范",
            "Contracts changed, ended and terminated as the law requires", "解除终止通知书", "termination notices"),
    _scored("wages_on_time", "wages", 8, "工资按时足额以货币形式支付，不低于最低工资标准",
            "Wages paid in money, in full, on time and not below the minimum wage", "工资发放记录", "payroll records"),
    _scored("wages_growth", "wages", 6, "建立职工工资正常增长机制",
            "A mechanism for regular wage growth", "工资调整方案", "wage adjustment plan"),
    _scored("insurance", "insurance", 8, "依法为全体职工缴纳社会保险",
            "Social insurance paid for every worker", "社保缴费凭证", "social insurance receipts"),
    _scored("housing_fund", "insurance", 4, "依法缴存住房公积金",
            "Housing fund paid as the law requires", "公积金缴存记录", "housing fund records"),
    _scored("hours", "hours", 6, "执行国家工时制度，加班依法协商并支付加班费",
            "Statutory working hours; overtime agreed and paid", "考勤及加班记录", "attendance and overtime records"),
    _scored("leave", "hours", 4, "落实休息休假和带薪年休假",
            "Rest days and paid annual leave granted", "休假记录", "leave records"),
    _scored("safety_system", "safety", 8, "安全生产责任制健全，开展安全教育培训",
            "Work-safety responsibilities set and safety training held", "安全制度及培训记录", "safety rules, training records"),
    _scored("protection", "safety", 6, "提供劳动防护用品，开展职业健康检查",
            "Protective equipment provided; occupational health checks held", "防护用品发放及体检记录",
            "equipment issue and health check records"),
    _scored("congress", "democracy", 8, "依法建立并按期召开职工代表大会",
            "A staff-and-workers' congress set up and held on time", "职代会会议记录及决议", "congress minutes and resolutions"),
    _scored("openness", "democracy", 6, "实行厂务公开，职工知情权得到保障",
            "Enterprise affairs made public to the workers", "厂务公开栏及记录", "notice board and records"),
    _scored("collective_contract", "collective", 7, "签订并履行集体合同",
            "A collective contract signed and carried out", "集体合同文本及审查意见", "collective contract and its review"),
    _scored("wage_negotiation", "collective", 5, "开展工资集体协商，签订工资专项集体合同",
            "Collective wage negotiation and a special wage agreement", "协商记录及专项合同", "negotiation records, agreement"),
    _scored("union_organisation", "union", 6, "依法建立工会，工会经费足额拨缴",
            "A union set up and its funds paid in full", "工会登记及经费拨缴凭证", "union registration, fund receipts"),
    _scored("union_care", "union", 6, "开展职工关爱、技能培训和文体活动",
            "Care for workers, skills training, culture and sports", "活动记录", "activity records"),
    _veto("veto_wage_arrears", "无拖欠职工工资行为", "No wage arrears"),
    _veto("veto_major_accident", "未发生负有责任的重大安全生产事故或职业危害事故",
          "No major work-safety or occupational accident with the enterprise's liability"),
    _veto("veto_mass_incident", "未因劳动关系问题引发群体性事件", "No mass incident caused by labour relations"),
)


def build(spec: CriterionSpec, position: int) -> Criterion:
    return Criterion(key=spec.key, position=position, area=spec.area, text_zh=spec.text_zh, text_en=spec.text_en,
                     max_points=spec.max_points, veto=spec.veto, evidence_zh=spec.evidence_zh,
                     evidence_en=spec.evidence_en, levels=list(ALL_LEVELS))


def example() -> list[Criterion]:
    """A fresh copy of the example scheme, for a new cycle."""
    return [build(spec, position) for position, spec in enumerate(EXAMPLE)]


KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_CRITERIA = 200
MAX_TEXT = 2000
MAX_POINTS = Decimal(100)


def _problem(spec: CriterionSpec) -> str | None:
    if not KEY.fullmatch(spec.key):
        return "criterion_key"
    if not spec.text_zh.strip() or max(len(spec.text_zh), len(spec.text_en), len(spec.evidence_zh),
                                       len(spec.evidence_en)) > MAX_TEXT:
        return "criterion_text"
    points = spec.max_points
    if spec.veto and points != 0:
        return "criterion_veto_points"
    if not spec.veto and (not points.is_finite() or not 0 < points <= MAX_POINTS
                          or points != points.quantize(Decimal("0.01"))):
        return "criterion_points"
    return None


def check(specs: list[CriterionSpec]) -> dict[str, str]:
    """Refusals by criterion (its position from 1): a bad key, text or maximum, a key given twice."""
    if not 1 <= len(specs) <= MAX_CRITERIA:
        return {"criteria": "criteria_count"}
    errors, seen = {}, set()
    for number, spec in enumerate(specs, start=1):
        problem = _problem(spec) or ("criterion_key_twice" if spec.key in seen else None)
        if problem:
            errors[f"criteria.{number}"] = problem
        seen.add(spec.key)
    return errors


def replace(session: Session, cycle: Cycle, specs: list[CriterionSpec]) -> None:
    """The cycle's scheme becomes ``specs``: criteria kept by key are updated (their drafts' self-scores
    stay), removed ones go with their self-scores; one with evidence files cannot be removed."""
    wanted = {spec.key: position for position, spec in enumerate(specs)}
    for criterion in list(cycle.criteria):
        if criterion.key not in wanted:
            if store.has_evidence(session, criterion.id):
                raise Conflict("criterion_has_evidence", key=criterion.key)
            store.delete_scores_of(session, criterion.id)
            cycle.criteria.remove(criterion)
    kept = {criterion.key: criterion for criterion in cycle.criteria}
    for position, spec in enumerate(specs):
        criterion = kept.get(spec.key)
        if criterion is None:
            cycle.criteria.append(build(spec, position))
            continue
        for name in ("area", "text_zh", "text_en", "max_points", "veto", "evidence_zh", "evidence_en"):
            setattr(criterion, name, getattr(spec, name))
        criterion.position = position
    session.flush()
