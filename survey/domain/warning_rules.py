"""The colour rules and the reporting schedule of the early-warning watch (预警规则与报送周期), pure.

Indicators are what a liaison reports (months, a share in percent, a count, or a yes/no flag counted
as 1 or 0) and Harmony's own signals. A rule is (indicator, comparison, value) → level; a report's
level is the highest any rule gives, green when none does. Periodic reports are due twice a year, by
the end of May ("2026-05") and of October ("2026-10"); inside an intensified window (holidays, major
meetings) one is due for every week ("2026-W40"), by the end of that week.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
import operator
import re

from ..data.enums import WarningLevel

MONTHS, SHARE, COUNT, FLAG = "months", "share", "count", "flag"
INDICATORS = {  # what a liaison reports, and its kind
    "wage_arrears_months": MONTHS, "unpaid_insurance_months": MONTHS, "no_contract_share": SHARE,
    "unlawful_overtime": FLAG, "below_minimum_wage": FLAG, "layoffs_planned": COUNT, "open_disputes": COUNT,
    "collective_incident": FLAG,  # collective petitions or stoppages (集体上访、停工)
}
SIGNALS = {"vote_below_threshold": FLAG, "concerns_overdue": COUNT,  # Harmony's own, read from its records
           "concerns_rising": FLAG}
RISING_DAYS, RISING_MINIMUM = 30, 3
LIMITS = {MONTHS: Decimal(120), SHARE: Decimal(100), COUNT: Decimal(1_000_000), FLAG: Decimal(1)}
COMPARISONS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "=": operator.eq}
ORDER = tuple(WarningLevel)  # green < blue < yellow < red
DUE_MONTHS = (5, 10)
PERIOD = re.compile(r"(\d{4})-(?:(05|10)|W(\d{2}))")


@dataclass(frozen=True)
class Rule:
    indicator: str
    comparison: str
    value: Decimal
    level: str

    def matches(self, values: dict[str, Decimal]) -> bool:
        return self.indicator in values and COMPARISONS[self.comparison](values[self.indicator], self.value)


# The shipped example (示例), the widely used shape: red for wage arrears of two months or more or a
# collective incident, yellow for arrears over one month or pay below the minimum wage, blue for
# Harmony's own signals. A jurisdiction replaces it with its own.
EXAMPLE = (
    Rule("wage_arrears_months", ">=", Decimal(2), WarningLevel.RED),
    Rule("collective_incident", "=", Decimal(1), WarningLevel.RED),
    Rule("wage_arrears_months", ">", Decimal(1), WarningLevel.YELLOW),
    Rule("below_minimum_wage", "=", Decimal(1), WarningLevel.YELLOW),
    Rule("vote_below_threshold", "=", Decimal(1), WarningLevel.BLUE),
    Rule("concerns_overdue", ">=", Decimal(1), WarningLevel.BLUE),
    Rule("concerns_rising", "=", Decimal(1), WarningLevel.BLUE),
)


def is_rising(recent: int, before: int) -> bool:
    """Concerns rising: the last `RISING_DAYS` days brought at least `RISING_MINIMUM` and more than
    twice as many as the days before them."""
    return recent >= RISING_MINIMUM and recent > 2 * before


def rule_problems(rules: list[Rule]) -> dict[str, str]:
    """Field errors of a rule set (``rules.<n>``)."""
    known = {**INDICATORS, **SIGNALS}
    return {f"rules.{n}": "warning_rule_invalid" for n, rule in enumerate(rules)
            if rule.indicator not in known or rule.comparison not in COMPARISONS or rule.level not in ORDER
            or not 0 <= rule.value <= LIMITS[known[rule.indicator]]}


def values_of(indicators: dict[str, object]) -> tuple[dict[str, Decimal], dict[str, str]]:
    """The reported indicators as numbers (a flag true is 1), and the field errors of those that are not."""
    values, errors = {}, {}
    for key, raw in indicators.items():
        kind = INDICATORS.get(key)
        number = _number(raw, kind)
        if kind is None or number is None or not 0 <= number <= LIMITS[kind]:
            errors[f"indicators.{key}"] = "warning_indicator_invalid"
        else:
            values[key] = number
    return values, errors


def _number(raw: object, kind: str | None) -> Decimal | None:
    if kind == FLAG:
        return Decimal(int(raw)) if isinstance(raw, bool) else None
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return None
    try:
        number = Decimal(str(raw))
    except ArithmeticError:
        return None
    if not number.is_finite() or (kind == COUNT and number != number.to_integral_value()):
        return None
    return number


def level_of(values: dict[str, Decimal], rules: list[Rule]) -> tuple[str, list[Rule]]:
    """The highest level the rules give these values, and the rules that matched."""
    matched = [rule for rule in rules if rule.matches(values)]
    return max((rule.level for rule in matched), key=ORDER.index, default=WarningLevel.GREEN), matched


def period_problem(period: str, windows: list[tuple[date, date]]) -> str | None:
    """Why a period cannot be reported: not May, October or a week inside an intensified window."""
    found = PERIOD.fullmatch(period or "")
    if found is None:
        return "warning_period_invalid"
    if found.group(3) is None:
        return None
    try:
        monday = date.fromisocalendar(int(found.group(1)), int(found.group(3)), 1)
    except ValueError:
        return "warning_period_invalid"
    inside = any(start <= monday + timedelta(days=6) and monday <= end for start, end in windows)
    return None if inside else "warning_period_not_in_window"


def due_periods(since: date, today: date, windows: list[tuple[date, date]]) -> list[str]:
    """The periods whose report was due after ``since`` and before ``today``: May and October of each
    year, and each week of a window that ended before today."""
    due = [f"{year}-{month:02d}" for year in range(since.year, today.year + 1) for month in DUE_MONTHS
           if since <= _month_end(year, month) < today]
    for start, end in windows:
        monday = start - timedelta(days=start.weekday())
        while monday <= end and monday + timedelta(days=6) < today:
            if monday + timedelta(days=6) >= since:
                year, week, _day = monday.isocalendar()
                due.append(f"{year}-W{week:02d}")
            monday += timedelta(days=7)
    return sorted(set(due))


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
