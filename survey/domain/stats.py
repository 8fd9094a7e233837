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
from typing import Sequence

from .turnout import Turnout


CONFIDENCE = 0.95
# A difference with a p-value below this is reported as significant.
SIGNIFICANCE = 0.05
# Warn when the margin of error exceeds 5 percentage points of the scale (±5 points on 0–100),
# the precision a chair would quote for "about 80%".
WIDE_HALF_WIDTH = 0.05


def scipy_stats():
    """scipy.stats, imported on first use: it is most of the application's start-up time, and
    only the statistics of a closed vote need it."""
    import scipy.stats
    return scipy.stats


@dataclass(frozen=True)
class Distribution:
    """Answers per option, in option order; mean and SD only when option values are given."""

    counts: tuple[int, ...]
    total: int
    shares: tuple[float, ...] | None
    mean: float | None
    sd: float | None
    reason: str | None


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


def precision_warnings(margin: float | None, turnout: Turnout | None = None, *, top: float = 1.0) -> tuple[str, ...]:
    """Warning keys for a result that should be read with care.

    ``low_turnout`` (fewer than half voted), ``no_interval`` (precision unknown) and
    ``wide_interval`` (margin of error above WIDE_HALF_WIDTH of the scale [0, top]).
    """
    warnings = []
    if turnout is not None and turnout.low:
        warnings.append("low_turnout")
    if margin is None:
        warnings.append("no_interval")
    elif margin > WIDE_HALF_WIDTH * top:
        warnings.append("wide_interval")
    return tuple(warnings)
