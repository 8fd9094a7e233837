"""Internal consistency of a questionnaire (信度分析): Cronbach's alpha from sufficient statistics.

Only respondents who answered every scored item count. For item scores x_i and total
T = x_1 + ... + x_k per respondent, the data layer sums per item
SUM(x_i), SUM(x_i * x_i) and SUM(x_i * T); SUM(T) and SUM(T * T) follow from those.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from survey.domain.stats import CONFIDENCE, scipy_stats

# The usual reading of alpha: items agree well from 0.8, acceptably from 0.7.
ALPHA_GOOD, ALPHA_ACCEPTABLE = 0.8, 0.7
# Variances below this share of the mean square count as zero (float rounding of the sums).
_ZERO_VARIANCE = 1e-12


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha with Feldt's interval, and each item's corrected item–total correlation.

    ``item_total[i]`` correlates item i with the total of the other items; None when either
    has no variance. ``reason`` says why alpha is None.
    """

    n: int
    k: int
    alpha: float | None
    low: float | None
    high: float | None
    item_total: tuple[float | None, ...]
    reason: str | None

    @property
    def agreement(self) -> str | None:
        """How well the items agree: ``good`` (alpha 0.8 or more), ``acceptable`` (0.7 to 0.8), ``poor``."""
        if self.alpha is None:
            return None
        if self.alpha >= ALPHA_GOOD:
            return "good"
        return "acceptable" if self.alpha >= ALPHA_ACCEPTABLE else "poor"


def _is_zero(var: float, mean_square: float) -> bool:
    return var <= _ZERO_VARIANCE * mean_square


def cronbach_alpha(
    n: int, item_sums: Sequence[float], item_sq_sums: Sequence[float],
    item_total_sums: Sequence[float], *, confidence: float = CONFIDENCE,
) -> Reliability:
    """Cronbach's alpha (克朗巴哈系数) of k items answered by n complete respondents.

    alpha = k / (k - 1) * (1 - sum Var(x_i) / Var(T)). Feldt's interval (Feldt, Woodruff and
    Salih 1987): 1 - (1 - alpha) * F_q(n - 1, (n - 1)(k - 1)) at q = 1 - tail and q = tail.
    Undefined (None with reason) for fewer than two items or respondents, or no total variance.
    """
    # SQL may hand back Decimal, which does not mix with float.
    item_sums, item_sq_sums, item_total_sums = (
        [float(x) for x in sums] for sums in (item_sums, item_sq_sums, item_total_sums)
    )
    k = len(item_sums)
    if not k == len(item_sq_sums) == len(item_total_sums):
        raise ValueError("need one SUM(x), SUM(x*x) and SUM(x*T) per item")
    if n < 0:
        raise ValueError(f"respondent count must not be negative, got {n}")
    reason = "too_few_items" if k < 2 else "too_few_respondents" if n < 2 else None
    if reason:
        return Reliability(n, k, None, None, None, (None,) * k, reason)
    sum_t = math.fsum(item_sums)
    item_var = [(sq - s * s / n) / (n - 1) for s, sq in zip(item_sums, item_sq_sums)]
    cov_with_total = [(st - s * sum_t / n) / (n - 1) for s, st in zip(item_sums, item_total_sums)]
    total_var = math.fsum(cov_with_total)  # Var(T) = sum_i Cov(x_i, T)
    total_square = math.fsum(item_total_sums) / n  # mean of T * T
    if _is_zero(total_var, total_square):
        return Reliability(n, k, None, None, None, (None,) * k, "no_variance")
    alpha = k / (k - 1) * (1 - math.fsum(item_var) / total_var)
    tail = (1 - confidence) / 2
    dfn, dfd = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * float(scipy_stats().f.ppf(1 - tail, dfn, dfd))
    high = 1 - (1 - alpha) * float(scipy_stats().f.ppf(tail, dfn, dfd))
    item_total = tuple(
        _corrected_item_total(v, c, total_var, sq / n, total_square)
        for v, c, sq in zip(item_var, cov_with_total, item_sq_sums)
    )
    return Reliability(n, k, alpha, low, high, item_total, None)


def _corrected_item_total(
    var: float, cov_total: float, total_var: float, item_square: float, total_square: float
) -> float | None:
    """Correlation of an item with the rest of the scale, T - x_i."""
    cov_rest = cov_total - var
    rest_var = total_var - 2 * cov_total + var
    if _is_zero(var, item_square) or _is_zero(rest_var, total_square):
        return None
    return max(-1.0, min(1.0, cov_rest / math.sqrt(var * rest_var)))
