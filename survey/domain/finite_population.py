"""Item rates as a finite population sees them (有限总体下的单项满意率): exact bounds for the rate among
the electorate's workers who would answer the item, from the answers of those who voted.

Votes are drawn without replacement from a known electorate, so the number of satisfied answers
is hypergeometric: the bounds narrow as turnout rises and meet at the tally in a census. Without
a known electorate they are the Clopper–Pearson bounds of the binomial.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .stats import CONFIDENCE, scipy_stats

# Bounds are multiples of 1 / N: a margin of exactly 5 points may come out 1e-17 above it.
_ROUNDING = 1e-12


@dataclass(frozen=True)
class ItemRate:
    """Satisfied share of one item's answers with its exact two-sided interval; ``population`` is
    the estimated number of answerers in the electorate (None: unknown, binomial bounds)."""

    satisfied: int
    answered: int
    rate: float | None
    low: float | None
    high: float | None
    population: int | None
    reason: str | None


def beta_bounds(successes: float, trials: float, tail: float) -> tuple[float, float]:
    """Clopper–Pearson bounds, each with ``tail`` beyond it, for possibly fractional counts."""
    beta = scipy_stats().beta
    low = 0.0 if successes <= 0 else float(beta.ppf(tail, successes, trials - successes + 1))
    high = 1.0 if successes >= trials else float(beta.ppf(1 - tail, successes + 1, trials - successes))
    return low, high


def item_population(answered: int, cast: int, electorate: int | None) -> int | None:
    """Workers in the electorate who would answer the item, estimated as N * answered / cast
    (never fewer than answered); None when the electorate is unknown."""
    if electorate is None or cast == 0:
        return None
    return max(answered, round(Fraction(electorate * answered, cast)))


def hypergeometric_bounds(k: int, n: int, population: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact bounds of a rate among ``population`` from k of n drawn without replacement.

    The lower bound is the smallest K with P(X >= k | K) above the tail, the upper the largest
    K with P(X <= k | K) above it (each tail (1 - confidence) / 2). In a census (n == population)
    they meet at k.
    """
    tail = (1 - confidence) / 2
    hyper = scipy_stats().hypergeom
    most = population - (n - k)

    def first(accepts, lo: int, hi: int) -> int:
        """The smallest K in [lo, hi] that ``accepts`` (monotone), or hi."""
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if accepts(mid) else (mid + 1, hi)
        return lo

    lower = first(lambda K: hyper.sf(k - 1, population, K, n) > tail, k, most)
    above = first(lambda K: hyper.cdf(k, population, K, n) <= tail, k, most + 1)
    return lower / population, (above - 1) / population


def item_rate(satisfied: int, answered: int, population: int | None = None, *,
              confidence: float = CONFIDENCE) -> ItemRate:
    """Item satisfaction rate (单项满意率) with its exact interval: hypergeometric among
    ``population`` answerers, Clopper–Pearson without one."""
    if not 0 <= satisfied <= answered:
        raise ValueError(f"need 0 <= satisfied ({satisfied}) <= answered ({answered})")
    if population is not None and population < answered:
        raise ValueError(f"population {population} is smaller than the {answered} answers")
    if answered == 0:
        return ItemRate(0, 0, None, None, None, population, "no_answers")
    if population is None:
        low, high = beta_bounds(satisfied, answered, (1 - confidence) / 2)
    else:
        low, high = hypergeometric_bounds(satisfied, answered, population, confidence)
    return ItemRate(satisfied, answered, satisfied / answered, low, high, population, None)


def worst_margin(n: int, population: int | None, confidence: float = CONFIDENCE) -> float:
    """The largest distance from the rate to a bound of ``item_rate`` for n answers at a rate of
    about 50% (k = n // 2 or its complement), the hardest case."""
    def margin(k: int) -> float:
        low, high = (beta_bounds(k, n, (1 - confidence) / 2) if population is None
                     else hypergeometric_bounds(k, n, population, confidence))
        return max(k / n - low, high - k / n)

    return max(margin(n // 2), margin(n - n // 2))


def sample_size(margin: float, confidence: float = CONFIDENCE, population: int | None = None) -> int:
    """Answers an assessor's spot-check (抽样调查) needs so that the exact interval the report gives
    each item (``item_rate``, hypergeometric with a headcount) is within ±``margin`` at a rate of
    50%: the planner plans for the interval actually reported. Binary search, starting from
    Cochran's normal approximation z² / (4 e²), finite-population corrected."""
    if not 0 < margin < 1:
        raise ValueError(f"margin must be a proportion between 0 and 1, got {margin}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if population is not None and population < 1:
        raise ValueError(f"headcount must be at least 1, got {population}")
    z = float(scipy_stats().norm.ppf((1 + confidence) / 2))
    cochran = z * z / (4 * margin * margin)
    if population is not None:
        cochran /= 1 + (cochran - 1) / population
    lo, hi = 1, max(2, math.ceil(cochran))

    def enough(n: int) -> bool:
        return (population is not None and n >= population) or worst_margin(n, population, confidence) <= margin + _ROUNDING

    while not enough(hi):
        lo, hi = hi + 1, hi * 2 if population is None else min(population, hi * 2)
    while lo < hi:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if enough(mid) else (mid + 1, hi)
    return lo
