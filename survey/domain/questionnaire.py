"""The built-in questionnaire (默认问卷) covering the eight areas unions assess, and answer scales."""
from dataclasses import dataclass

from ..data.enums import ItemKind


@dataclass(frozen=True)
class OptionSpec:
    key: str
    text_zh: str
    text_en: str
    satisfied: bool
    score: int


@dataclass(frozen=True)
class ItemSpec:
    key: str
    kind: str
    text_zh: str
    text_en: str
    weight: int = 1
    required: bool = False
    options: tuple[OptionSpec, ...] = ()


SCALES = {
    3: (
        OptionSpec("satisfied", "满意", "Satisfied", True, 100),
        OptionSpec("fairly", "基本满意", "Fairly satisfied", True, 60),
        OptionSpec("dissatisfied", "不满意", "Dissatisfied", False, 0),
    ),
    5: (
        OptionSpec("very", "非常满意", "Very satisfied", True, 100),
        OptionSpec("satisfied", "满意", "Satisfied", True, 80),
        OptionSpec("neutral", "一般", "Neutral", False, 60),
        OptionSpec("dissatisfied", "不满意", "Dissatisfied", False, 40),
        OptionSpec("very_dissatisfied", "非常不满意", "Very dissatisfied", False, 0),
    ),
}

AREAS = (
    ("contract", "劳动合同签订与履行", "Signing and keeping of labour contracts"),
    ("wages", "工资按时足额支付及正常增长", "Wages paid in full and on time, and their regular growth"),
    ("insurance", "社会保险和住房公积金缴纳", "Social insurance and housing fund contributions"),
    ("hours", "工作时间、休息休假与加班安排", "Working hours, rest, leave and overtime"),
    ("safety", "安全生产、职业健康与劳动保护", "Work safety, occupational health and labour protection"),
    ("democracy", "民主管理（职代会、厂务公开）", "Democratic management (workers' congress, open factory affairs)"),
    ("collective", "集体合同与工资集体协商", "Collective contracts and collective wage negotiation"),
    ("care", "工会关爱、职工培训与企业文化", "Union care, training and workplace culture"),
)

TITLE = ("劳动关系和谐企业职工满意度测评", "Employee satisfaction vote on harmonious labour relations")
OVERALL = ("overall", "您对本企业劳动关系的总体满意程度", "Overall, how satisfied are you with labour relations here?")
SUGGESTION = ("suggestion", "您对企业和工会的意见和建议（选填）", "Your suggestions to the enterprise and the union (optional)")
DEPARTMENT = ("department", "您所在的部门", "Your department")


def default_items(scale: int = 3, departments: list[str] | None = None) -> tuple[ItemSpec, ...]:
    """The eight areas, one overall item (required), a free suggestion, optionally a department."""
    options = SCALES[scale]
    items = [ItemSpec(key, ItemKind.SCORED, zh, en, options=options) for key, zh, en in AREAS]
    items.append(ItemSpec(OVERALL[0], ItemKind.SCORED, OVERALL[1], OVERALL[2], required=True, options=options))
    if departments:
        groups = tuple(OptionSpec(f"d{index}", name, name, False, 0) for index, name in enumerate(departments, 1))
        items.insert(0, ItemSpec(DEPARTMENT[0], ItemKind.DEPARTMENT, DEPARTMENT[1], DEPARTMENT[2], options=groups))
    items.append(ItemSpec(SUGGESTION[0], ItemKind.TEXT, SUGGESTION[1], SUGGESTION[2]))
    return tuple(items)
