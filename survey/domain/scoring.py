"""Scoring a declaration against its criteria (评分): exact totals, vetoes, the minimum per level. Pure.

Points are Decimals of at most two places, so their sums are exact. A veto criterion carries no points:
it is met or not, and one not met fails the declaration whatever the total.
"""
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from ..data.models import Criterion
from .errors import Invalid

CENT = Decimal("0.01")
MAX_SCHEME_POINTS = Decimal(1000)


class Score(NamedTuple):
    total: Decimal
    max_total: Decimal
    vetoes_failed: tuple[str, ...]  # keys of the veto criteria not met
    missing: tuple[str, ...]  # keys of the criteria without a score yet

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes_failed)


def applying(criteria: Iterable[Criterion], level: str) -> list[Criterion]:
    """The criteria that apply to a declaration of this level."""
    return [criterion for criterion in criteria if level in (criterion.levels or [])]


def checked(criterion: Criterion, value: object) -> Decimal | bool:
    """A score as given for one criterion: points from 0 to its maximum, two places at most, or for a
    veto criterion true (met) or false (not met). Invalid otherwise, named by the criterion's key."""
    if criterion.veto:
        if isinstance(value, bool):
            return value
        raise Invalid("invalid_input", errors={criterion.key: "score_veto_choice"})
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
        raise Invalid("invalid_input", errors={criterion.key: "criterion_score_range"})
    try:
        points = Decimal(str(value).strip())
    except ArithmeticError:
        points = None
    if points is None or not points.is_finite() or not Decimal(0) <= points <= criterion.max_points \
            or points != points.quantize(CENT):  # bounded first: 1e999999 cannot be quantized
        raise Invalid("invalid_input", errors={criterion.key: "criterion_score_range"})
    return points


def score(criteria: Iterable[Criterion], points: Mapping[str, Decimal | None],
          met: Mapping[str, bool | None]) -> Score:
    """The total over the scored criteria, the vetoes not met and what is not scored yet, by criterion key."""
    total = max_total = Decimal(0)
    failed, missing = [], []
    for criterion in criteria:
        if criterion.veto:
            if met.get(criterion.key) is None:
                missing.append(criterion.key)
            elif not met[criterion.key]:
                failed.append(criterion.key)
            continue
        max_total += criterion.max_points
        if points.get(criterion.key) is None:
            missing.append(criterion.key)
        else:
            total += points[criterion.key]
    return Score(total, max_total, tuple(failed), tuple(missing))


def reaches(total: Decimal, min_scores: Mapping[str, object], level: str) -> bool:
    """Whether the total reaches the cycle's minimum for the level (inclusive); no minimum: it does."""
    minimum = min_scores.get(level)
    return minimum is None or total >= Decimal(str(minimum))
