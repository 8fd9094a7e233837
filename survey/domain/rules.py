"""Counting rules of the self-check satisfaction vote (自查满意度测评), in exact arithmetic.

"80% 以上" includes 80% itself (Civil Code art. 1259), so every comparison here is `>=` on
Fractions; nothing is rounded before a decision.
"""
from dataclasses import dataclass, field
from fractions import Fraction

from ..data.enums import CountingMethod, ItemKind

RATE, SCORE = CountingMethod.RATE, CountingMethod.SCORE
METHODS = tuple(CountingMethod)


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


def counting_rules(method: str, threshold: object, floors: dict, vetoes: dict) -> CountingRules:
    """Rules from settings as stored: threshold and limits as Decimals or decimal strings."""
    return CountingRules(
        method=method, threshold=Fraction(str(threshold)),
        floors={key: Fraction(str(value)) for key, value in floors.items()},
        vetoes={key: Fraction(str(value)) for key, value in vetoes.items()},
    )


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


def tally(items: list[ItemCount], rules: CountingRules) -> Tally:
    """The verdict 自查合格 / 不合格 and every rule that produced it."""
    results = tuple(_item_result(rules, item) for item in items)
    value = composite([(result.weight, result.value) for result in results])
    threshold = rules.threshold * scale(rules.method)
    reasons = [f"veto:{r.key}" for r in results if not r.passes_veto]
    reasons += [f"floor:{r.key}" for r in results if not r.meets_floor]
    if value is None:
        reasons.insert(0, "no_valid_ballots")
    elif value < threshold:
        reasons.insert(0, "composite_below")
    qualified = not reasons
    return Tally(rules.method, value, threshold, qualified,
                 tuple(reasons) or ("composite_reaches",), results)
