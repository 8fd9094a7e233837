"""Statistics of a satisfaction vote (满意度测评统计), computed from sufficient statistics.

Every function takes counts and sums that the data layer aggregates in SQL, never ballot rows,
and returns a frozen dataclass of floats, ints, bools, tuples and None that serialises to JSON.
Strings in the results are English message keys the web layer translates. A result's ``reason``
says why the data left one of its statistics None; statistics the caller did not ask for (an
answer distribution's mean without option values) are None without a reason.

The official pass/fail against the 80% line is decided by the rules module with exact
arithmetic; this module adds the statistical picture around it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple, Sequence

from .turnout import Turnout


CONFIDENCE = 0.95
# A difference with a p-value below this is reported as significant.
SIGNIFICANCE = 0.05
# Warn when the 95% margin of error exceeds 5 percentage points of the scale (±5 points on 0–100),
# the precision a chair would quote for "about 80%".
WIDE_HALF_WIDTH = 0.05
# Sample variances below this share of the squared scale range count as zero; it absorbs the
# rounding of SUM(x*x) - SUM(x)**2/n over a million float scores.
_ZERO_VARIANCE = 1e-10


def scipy_stats():
    """scipy.stats, imported on first use: it is most of the application's start-up time, and
    only the statistics of a closed vote need it."""
    import scipy.stats
    return scipy.stats


class Moments(NamedTuple):
    """Per-respondent scores x_j summarised in SQL: COUNT(x), SUM(x), SUM(x*x)."""

    n: int
    sum_x: float
    sum_x2: float


@dataclass(frozen=True)
class MeanInterval:
    """Mean score with its two-sided confidence interval, clipped to the scale.

    ``half_width`` is the margin of error: the distance from the mean to a bound before
    clipping. ``fpc`` is the finite-population correction applied (1.0 when the electorate is
    unknown, 0.0 when everyone in it answered, None without respondents).
    """

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None
    half_width: float | None
    fpc: float | None
    reason: str | None


@dataclass(frozen=True)
class ThresholdTest:
    """One-sided test of "the true mean is at least ``threshold``".

    ``verdict`` is ``confident_reaches`` when the lower one-sided confidence bound is at or
    above the threshold ("95% confident the true rate is at least 80%"), else ``cannot_be_sure``.
    """

    threshold: float
    lower_bound: float | None
    p_value: float | None
    verdict: str
    reason: str | None


@dataclass(frozen=True)
class ItemRate:
    """Satisfied share of one item's answers with its exact Clopper–Pearson interval."""

    satisfied: int
    answered: int
    rate: float | None
    low: float | None
    high: float | None
    reason: str | None


@dataclass(frozen=True)
class Distribution:
    """Answers per option, in option order; mean and SD only when option values are given."""

    counts: tuple[int, ...]
    total: int
    shares: tuple[float, ...] | None
    mean: float | None
    sd: float | None
    reason: str | None


@dataclass(frozen=True)
class CompositeChange:
    """Current minus previous campaign's mean score, with Welch's interval and p-value."""

    before: float | None
    after: float | None
    change: float | None
    low: float | None
    high: float | None
    p_value: float | None
    significant: bool
    reason: str | None


@dataclass(frozen=True)
class ItemChange:
    """Current minus previous satisfied rate of one item, Fisher's exact two-sided p-value."""

    before: float | None
    after: float | None
    change: float | None
    p_value: float | None
    significant: bool
    reason: str | None


@dataclass(frozen=True)
class _Sample:
    n: int
    mean: float
    sd: float | None  # sample SD (n - 1 denominator); None when n == 1
    se: float | None  # standard error of the mean, finite-population corrected
    fpc: float


def _sample(m: Moments, population: int | None, lo: float, hi: float) -> _Sample:
    n, sum_x, sum_x2 = m[0], float(m[1]), float(m[2])  # SQL may hand back Decimal
    if not lo < hi:
        raise ValueError(f"empty scale [{lo}, {hi}]")
    if n < 1:
        raise ValueError("need at least one respondent")
    if population is not None and population < n:
        raise ValueError(f"electorate {population} is smaller than the {n} respondents")
    span = hi - lo
    mean = sum_x / n
    if not lo - _ZERO_VARIANCE * span <= mean <= hi + _ZERO_VARIANCE * span:
        raise ValueError(f"mean score {mean} lies outside the scale [{lo}, {hi}]")
    mean = min(max(mean, lo), hi)
    if population is None:
        fpc = 1.0
    else:
        fpc = 0.0 if population == n else math.sqrt((population - n) / (population - 1))
    if n == 1:
        return _Sample(n, mean, None, None, fpc)
    var = (sum_x2 - sum_x * sum_x / n) / (n - 1)
    if var < -_ZERO_VARIANCE * span**2:
        raise ValueError("SUM(x*x) is too small for SUM(x): the sums are inconsistent")
    sd = 0.0 if var <= _ZERO_VARIANCE * span**2 else math.sqrt(var)
    return _Sample(n, mean, sd, sd / math.sqrt(n) * fpc, fpc)


def _extreme_bounds(s: _Sample, tail: float, lo: float, hi: float) -> tuple[float, float] | None:
    """Exact bounds when every score sits at one end of the scale, else None.

    The t-interval collapses without variance. For scores in [lo, hi] with mean mu,
    P(all n scores == hi) <= ((mu - lo) / (hi - lo)) ** n, so mu >= lo + (hi - lo) * tail ** (1/n)
    with confidence 1 - tail (the all-satisfied binomial bound; mirrored for all == lo).
    """
    gap = (hi - lo) * (1 - tail ** (1 / s.n))
    if math.isclose(s.mean, hi, abs_tol=_ZERO_VARIANCE * (hi - lo)):
        return hi - gap, hi
    if math.isclose(s.mean, lo, abs_tol=_ZERO_VARIANCE * (hi - lo)):
        return lo, lo + gap
    return None


def composite_interval(
    m: Moments, population: int | None = None, *, lo: float = 0.0, hi: float = 1.0,
    confidence: float = CONFIDENCE,
) -> MeanInterval:
    """Composite satisfaction rate (综合满意率) of per-respondent scores with its t-interval.

    Scores lie in [lo, hi]: each respondent's weighted share of satisfied answers in [0, 1], or
    a 0–100 score with ``hi=100``. Given the electorate size ``population`` the standard error is
    multiplied by sqrt((N - n) / (N - 1)), so a census (N == n) has a zero-width interval.
    Without variance, an all-satisfied or all-unsatisfied sample gets the exact bounds of
    ``_extreme_bounds``; any other constant score has no interval (reason ``no_variance``).
    """
    if m.n == 0:
        return MeanInterval(0, None, None, None, None, None, None, "no_responses")
    s = _sample(m, population, lo, hi)
    reason = "single_respondent" if s.sd is None else None
    if s.fpc == 0.0:
        return MeanInterval(s.n, s.mean, s.sd, s.mean, s.mean, 0.0, 0.0, reason)
    if s.se is None:
        return MeanInterval(s.n, s.mean, None, None, None, None, s.fpc, reason)
    if s.se == 0.0:
        bounds = _extreme_bounds(s, (1 - confidence) / 2, lo, hi)
        if bounds is None:
            return MeanInterval(s.n, s.mean, 0.0, None, None, None, s.fpc, "no_variance")
        return MeanInterval(s.n, s.mean, 0.0, *bounds, bounds[1] - bounds[0], s.fpc, None)
    half = float(scipy_stats().t.ppf((1 + confidence) / 2, s.n - 1)) * s.se
    return MeanInterval(s.n, s.mean, s.sd, max(lo, s.mean - half), min(hi, s.mean + half), half, s.fpc, None)


def _exact(x: float | Fraction) -> Fraction:
    """A float as the decimal it was written as (0.8 -> 4/5), for inclusive threshold compares."""
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


def _verdict(reaches: bool) -> str:
    return "confident_reaches" if reaches else "cannot_be_sure"


def threshold_test(
    m: Moments, threshold: float | Fraction, population: int | None = None, *,
    lo: float = 0.0, hi: float = 1.0, confidence: float = CONFIDENCE,
) -> ThresholdTest:
    """Is the true mean at least ``threshold`` (达到 80% 以上)? One-sided t-test, inclusive.

    ``lower_bound`` is the one-sided lower confidence bound (finite-population corrected and
    clipped to lo); ``p_value`` tests H0 "true mean < threshold". In a census the mean is the
    truth and is compared exactly (``p_value`` None, reason ``census``). Zero variance is
    handled as in ``composite_interval``; with all scores at hi the p-value is the exact bound
    ((threshold - lo) / (hi - lo)) ** n.
    """
    t0 = float(threshold)

    def result(lower: float | None, p: float | None, reason: str | None) -> ThresholdTest:
        return ThresholdTest(t0, lower, p, _verdict(lower is not None and lower >= t0), reason)

    if m.n == 0:
        return result(None, None, "no_responses")
    s = _sample(m, population, lo, hi)
    if s.fpc == 0.0:
        reaches = _exact(m.sum_x) / m.n >= _exact(threshold)
        return ThresholdTest(t0, s.mean, None, _verdict(reaches), "census")
    if s.se is None:
        return result(None, None, "single_respondent")
    if s.se == 0.0:
        bounds = _extreme_bounds(s, 1 - confidence, lo, hi)
        if bounds is None:
            return result(None, None, "no_variance")
        # All at hi: P(all at hi | mean == threshold) <= share ** n. All at lo is no evidence.
        share = min(1.0, max(0.0, (t0 - lo) / (hi - lo)))
        return result(bounds[0], share**s.n if bounds[1] == hi else float(t0 > lo), None)
    lower = s.mean - float(scipy_stats().t.ppf(confidence, s.n - 1)) * s.se
    p = float(scipy_stats().t.sf((s.mean - t0) / s.se, s.n - 1))
    return result(max(lo, lower), p, None)


def item_rate(satisfied: int, answered: int, *, confidence: float = CONFIDENCE) -> ItemRate:
    """Item satisfaction rate (单项满意率) with the exact Clopper–Pearson interval."""
    if not 0 <= satisfied <= answered:
        raise ValueError(f"need 0 <= satisfied ({satisfied}) <= answered ({answered})")
    if answered == 0:
        return ItemRate(0, 0, None, None, None, "no_answers")
    tail = (1 - confidence) / 2
    beta = scipy_stats().beta
    low = 0.0 if satisfied == 0 else float(beta.ppf(tail, satisfied, answered - satisfied + 1))
    high = 1.0 if satisfied == answered else float(beta.ppf(1 - tail, satisfied + 1, answered - satisfied))
    return ItemRate(satisfied, answered, satisfied / answered, low, high, None)


def answer_distribution(counts: Sequence[int], values: Sequence[float] | None = None) -> Distribution:
    """Share of answers per option; with option ``values`` (e.g. 5..1) also mean and sample SD.

    SQL: COUNT(*) of answers per option of the item, in option order, zero for unchosen options.
    """
    counts = tuple(int(c) for c in counts)
    if any(c < 0 for c in counts) or (values is not None and len(values) != len(counts)):
        raise ValueError("counts must be non-negative and match the option values one to one")
    total = sum(counts)
    if total == 0:
        return Distribution(counts, 0, None, None, None, "no_answers")
    shares = tuple(c / total for c in counts)
    if values is None:
        return Distribution(counts, total, shares, None, None, None)
    mean = sum(c * v for c, v in zip(counts, values)) / total
    if total == 1:
        return Distribution(counts, total, shares, mean, None, "single_answer")
    ss = sum(c * (v - mean) ** 2 for c, v in zip(counts, values))
    return Distribution(counts, total, shares, mean, math.sqrt(ss / (total - 1)), None)


def turnout(cast: int, electorate: int) -> Turnout:
    """Turnout (参与率) as a statistic of the electorate: ballots cast ÷ electorate, at most all of it."""
    if not 0 <= cast <= electorate:
        raise ValueError(f"need 0 <= cast ({cast}) <= electorate ({electorate})")
    return Turnout(electorate, cast)


def precision_warnings(
    interval: MeanInterval, turnout: Turnout | None = None, *, lo: float = 0.0, hi: float = 1.0
) -> tuple[str, ...]:
    """Warning keys for a result that should be read with care.

    ``low_turnout`` (fewer than half voted), ``no_interval`` (precision unknown) and
    ``wide_interval`` (margin of error above WIDE_HALF_WIDTH of the scale [lo, hi]).
    """
    warnings = []
    if turnout is not None and turnout.low:
        warnings.append("low_turnout")
    if interval.half_width is None:
        warnings.append("no_interval")
    elif interval.half_width > WIDE_HALF_WIDTH * (hi - lo):
        warnings.append("wide_interval")
    return tuple(warnings)


def composite_change(
    before: Moments, after: Moments, *, lo: float = 0.0, hi: float = 1.0,
    confidence: float = CONFIDENCE,
) -> CompositeChange:
    """Change of the mean score since the previous campaign, Welch's t-interval.

    No finite-population correction: the two electorates differ, so the interval is conservative.
    ``significant`` when the interval excludes zero (p < 1 - confidence).
    """
    a = _sample(before, None, lo, hi) if before.n else None
    b = _sample(after, None, lo, hi) if after.n else None
    mean_a, mean_b = (a.mean if a else None), (b.mean if b else None)
    change = None if a is None or b is None else b.mean - a.mean
    if a is None or b is None or a.se is None or b.se is None:
        reason = "no_responses" if change is None else "single_respondent"
        return CompositeChange(mean_a, mean_b, change, None, None, None, False, reason)
    va, vb = a.se**2, b.se**2
    if va + vb == 0.0:
        return CompositeChange(a.mean, b.mean, change, None, None, None, False, "no_variance")
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (a.n - 1) + vb**2 / (b.n - 1))
    half = float(scipy_stats().t.ppf((1 + confidence) / 2, df)) * se
    p = float(2 * scipy_stats().t.sf(abs(change) / se, df))
    return CompositeChange(a.mean, b.mean, change, change - half, change + half, p, p < 1 - confidence, None)


def item_change(before: tuple[int, int], after: tuple[int, int], *, alpha: float = SIGNIFICANCE) -> ItemChange:
    """Change of one item's satisfied rate; each argument is (satisfied, answered).

    Two-sided Fisher's exact test on the 2×2 table campaign × satisfied/not;
    ``significant`` when p < alpha.
    """
    (k0, n0), (k1, n1) = before, after
    if not (0 <= k0 <= n0 and 0 <= k1 <= n1):
        raise ValueError("need 0 <= satisfied <= answered in both campaigns")
    rate0, rate1 = (k0 / n0 if n0 else None), (k1 / n1 if n1 else None)
    if not (n0 and n1):
        return ItemChange(rate0, rate1, None, None, False, "no_answers")
    p = float(scipy_stats().fisher_exact([[k1, n1 - k1], [k0, n0 - k0]]).pvalue)
    return ItemChange(rate0, rate1, rate1 - rate0, p, p < alpha, None)


def sample_size(
    margin: float, confidence: float = CONFIDENCE, population: int | None = None, p: float = 0.5
) -> int:
    """Respondents an assessor's spot-check (抽样调查) needs for margin ``margin`` (0.05 = ±5 pp).

    n0 = z² p (1 - p) / e²; with headcount N, n = ceil(n0 / (1 + (n0 - 1) / N)) (Cochran).
    """
    if not 0 < margin < 1:
        raise ValueError(f"margin must be a proportion between 0 and 1, got {margin}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if not 0 < p < 1:
        raise ValueError(f"expected proportion p must be between 0 and 1, got {p}")
    if population is not None and population < 1:
        raise ValueError(f"headcount must be at least 1, got {population}")
    z = float(scipy_stats().norm.ppf((1 + confidence) / 2))
    n0 = z * z * p * (1 - p) / margin**2
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    return max(1, math.ceil(n))
