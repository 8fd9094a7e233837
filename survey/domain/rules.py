"""Counting rules of the self-check satisfaction vote (自查满意度测评), in exact arithmetic.

"80% 以上" includes 80% itself (Civil Code art. 1259), so every comparison here is `>=` on
Fractions; nothing is rounded before a decision. The turnout floor (最低参与率) follows the same
words: "过半数" is strictly more than half, "三分之二以上" two-thirds or more.
"""
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from ..data.enums import CountingMethod, ItemKind, TurnoutFloor
from .turnout import Turnout

RATE, SCORE = CountingMethod.RATE, CountingMethod.SCORE
METHODS = tuple(CountingMethod)
TURNOUT_FLOORS = tuple(TurnoutFloor)
# The verdict a tally reads as (结论): 自查合格, 自查不合格, 无效：参与人数不足, 无有效选票.
Verdict = StrEnum("Verdict", "QUALIFIED NOT_QUALIFIED TURNOUT_TOO_LOW NO_VALID_BALLOTS", module=__name__)


@dataclass(frozen=True)
class ItemCount:
    """What SQL counted for one scored item."""

    key: str
    weight: int
    answered: int
    satisfied: int
    score_sum: int


@dataclass(frozen=True)
class CountingRules:
    """Per-campaign settings. Thresholds and floors are percentages (rate) or points (score)."""

    method: str = RATE
    threshold: Fraction = Fraction(80)
    floors: dict[str, Fraction] = field(default_factory=dict)
    vetoes: dict[str, Fraction] = field(default_factory=dict)
    turnout_floor: str | None = None  # None: a vote sealed before the setting existed, counted without one


@dataclass(frozen=True)
class ItemResult:
    key: str
    weight: int
    answered: int
    satisfied: int
    value: Fraction | None  # rate in [0, 1] or mean score in [0, 100]
    floor: Fraction | None
    veto: Fraction | None
    meets_floor: bool
    passes_veto: bool

    @property
    def rate(self) -> Fraction | None:
        """Satisfied answers ÷ answers to the item, on either method."""
        return Fraction(self.satisfied, self.answered) if self.answered else None


@dataclass(frozen=True)
class Tally:
    method: str
    composite: Fraction | None
    threshold: Fraction  # on the same scale as `composite`
    qualified: bool
    reasons: tuple[str, ...]  # message keys: why it failed, or ("composite_reaches",)
    items: tuple[ItemResult, ...]
    turnout_floor: str | None = None  # the rule applied, as in `CountingRules`

    @property
    def verdict(self) -> Verdict:
        return verdict(self.qualified, self.reasons)

    @property
    def stated_reasons(self) -> tuple[str, ...]:
        return stated_reasons(self.reasons)


def verdict(qualified: bool, reasons) -> Verdict:
    """The verdict of a tally, or of a sealed summary, from its reasons."""
    kinds = {reason.partition(":")[0] for reason in reasons}
    if "no_valid_ballots" in kinds:
        return Verdict.NO_VALID_BALLOTS
    if "turnout_floor" in kinds:
        return Verdict.TURNOUT_TOO_LOW
    return Verdict.QUALIFIED if qualified else Verdict.NOT_QUALIFIED


def stated_reasons(reasons) -> tuple[str, ...]:
    """The reasons to give with the verdict: without a valid ballot nothing was compared, so that alone."""
    return ("no_valid_ballots",) if "no_valid_ballots" in reasons else tuple(reasons)


def counting_rules(method: str, threshold: object, floors: dict, vetoes: dict,
                   turnout_floor: str | None = None) -> CountingRules:
    """Rules from settings as stored: threshold and limits as Decimals or decimal strings."""
    if turnout_floor is not None and turnout_floor not in TURNOUT_FLOORS:
        raise ValueError(f"unknown turnout floor {turnout_floor!r}")
    return CountingRules(
        method=method, threshold=Fraction(str(threshold)),
        floors={key: Fraction(str(value)) for key, value in floors.items()},
        vetoes={key: Fraction(str(value)) for key, value in vetoes.items()},
        turnout_floor=turnout_floor,
    )


def reaches_turnout_floor(floor: str | None, turnout: Turnout | None) -> bool:
    """过半数: more than half of the electorate cast a ballot (2·cast > electorate; exactly half fails);
    三分之二以上: two-thirds or more (3·cast ≥ 2·electorate; exactly two-thirds passes); none: always."""
    if floor in (None, TurnoutFloor.NONE):
        return True
    if turnout is None:
        raise ValueError("a turnout floor needs the turnout")
    if floor == TurnoutFloor.MAJORITY:
        return 2 * turnout.cast > turnout.electorate
    return 3 * turnout.cast >= 2 * turnout.electorate


def item_counts(items, distribution: dict[str, dict[str, int]]) -> list[ItemCount]:
    """What each scored item counted, from answers per option (item key → option key → answers).

    `items` are questionnaire items or sealed copies of them: `key`, `kind`, `weight` and
    `options`, each option with `key`, `satisfied` and `score`.
    """
    counts = []
    for item in items:
        if item.kind != ItemKind.SCORED:
            continue
        answers = distribution.get(item.key, {})
        counts.append(ItemCount(
            key=item.key, weight=item.weight, answered=sum(answers.values()),
            satisfied=sum(answers.get(o.key, 0) for o in item.options if o.satisfied),
            score_sum=sum(answers.get(o.key, 0) * o.score for o in item.options),
        ))
    return counts


def scale(method: str) -> Fraction:
    """Settings are percentages for the rate method; values are fractions of one."""
    return Fraction(1, 100) if method == RATE else Fraction(1)


def item_value(method: str, item: ItemCount) -> Fraction | None:
    if item.answered == 0:
        return None
    numerator = item.satisfied if method == RATE else item.score_sum
    return Fraction(numerator, item.answered)


def composite(values: list[tuple[int, Fraction | None]]) -> Fraction | None:
    """Weighted mean of item values; items nobody answered do not count."""
    answered = [(weight, value) for weight, value in values if value is not None and weight > 0]
    total_weight = sum(weight for weight, _ in answered)
    if total_weight == 0:
        return None
    return sum(weight * value for weight, value in answered) / total_weight


def _item_result(rules: CountingRules, item: ItemCount) -> ItemResult:
    unit = scale(rules.method)
    value = item_value(rules.method, item)
    floor = rules.floors.get(item.key)
    veto = rules.vetoes.get(item.key)
    return ItemResult(
        key=item.key, weight=item.weight, answered=item.answered, satisfied=item.satisfied,
        value=value,
        floor=floor * unit if floor is not None else None,
        veto=veto * unit if veto is not None else None,
        meets_floor=floor is None or (value is not None and value >= floor * unit),
        passes_veto=veto is None or (value is not None and value >= veto * unit),
    )


def tally(items: list[ItemCount], rules: CountingRules, turnout: Turnout | None = None) -> Tally:
    """The verdict 自查合格 / 不合格 and every rule that produced it.

    Below the turnout floor the vote is invalid (无效：参与人数不足) whatever it counted: the one
    reason is "turnout_floor:<rule>". `turnout` may be left out only when the rules set no floor.
    """
    results = tuple(_item_result(rules, item) for item in items)
    value = composite([(result.weight, result.value) for result in results])
    threshold = rules.threshold * scale(rules.method)
    reasons = [f"veto:{r.key}" for r in results if not r.passes_veto]
    reasons += [f"floor:{r.key}" for r in results if not r.meets_floor]
    if value is None:
        reasons.insert(0, "no_valid_ballots")
    elif value < threshold:
        reasons.insert(0, "composite_below")
    if value is not None and not reaches_turnout_floor(rules.turnout_floor, turnout):
        reasons = [f"turnout_floor:{rules.turnout_floor}"]
    qualified = not reasons
    return Tally(rules.method, value, threshold, qualified,
                 tuple(reasons) or ("composite_reaches",), results, rules.turnout_floor)
