"""The official composite as an estimate (综合满意率的区间估计): how far the tally of those who voted can
speak for the whole electorate.

The estimand is the composite the tally computes, the weighted mean of item rates with skipped
answers left out, taken over every worker in the electorate: "the true rate" is the composite if
every worker had answered, assuming those who did not vote answer like those who did. The point
estimate is the tally itself.

Why linearization: each item rate r_j = S_j / A_j is a ratio of two sums over ballots (satisfied
answers, answers), and the composite C = sum_j w_j r_j / W is a smooth function of those sums.
Its first-order (Taylor) expansion gives each ballot i the linearized value
z_i = sum_j w_j / W * (v_ij - r_j a_ij) / A_j, with v_ij its value for item j (satisfied 0/1, or
the option's score) and a_ij = 1 when it answered j, so that C - E[C] ~ sum_i z_i. Then
Var(C) = (1 - n/N) * n / (n - 1) * sum_i z_i**2 for n of N voters drawn without replacement.
Unlike the mean of per-respondent scores, this is a variance of the composite itself, valid when
skipping depends on satisfaction; unlike a bootstrap it is a single SQL pass and reproducible.

The interval is the Korn–Graubard beta interval: with the effective sample size
n* = p(1 - p) / Var(p) (p the composite as a share of the scale), scaled by (z / t_{n-1})**2 for
the degrees of freedom, the Clopper–Pearson bounds of p * n* successes in n*. It stays inside
the scale and keeps its one-sided coverage at 10 voters, where the t-interval does not; at
p = 0 or 1 (no spread) n* is the number of ballots. One confidence level on one side: ``low``
is the one-sided 95% lower bound, and [low, high] the two-sided 90% interval around it.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

from .finite_population import beta_bounds
from .rules import RATE, ItemCount
from .stats import scipy_stats

ONE_SIDED = 0.95  # the lower bound's confidence; the interval [low, high] is two-sided 90%


@dataclass(frozen=True)
class CompositeEstimate:
    """The composite with its bounds, on the scale [0, top].

    ``variance`` is the linearized variance, finite-population corrected; ``fpc`` the factor
    1 - n/N applied (1.0 when the electorate is unknown, 0.0 in a census).
    """

    estimate: Fraction | None
    low: float | None
    high: float | None
    n: int
    fpc: float | None
    variance: float | None
    reason: str | None

    @property
    def margin(self) -> float | None:
        """The larger distance from the estimate to a bound."""
        if self.low is None or self.high is None:
            return None
        return max(float(self.estimate) - self.low, self.high - float(self.estimate))


def top_of(method: str) -> float:
    """The top of the composite's scale: 1 for a rate, 100 points for a score."""
    return 1.0 if method == RATE else 100.0


def item_total(method: str, item: ItemCount) -> int:
    """What an item sums over its answers: satisfied answers, or score points."""
    return item.satisfied if method == RATE else item.score_sum


def influence(method: str, items: Sequence[ItemCount]) -> dict[str, tuple[float, float]]:
    """Each counted item's (c_j, r_j): a ballot's linearized value is the sum, over its answers,
    of c_j * (v - r_j), v the answer's value (``influence`` in the data layer's sums)."""
    counted = [item for item in items if item.answered and item.weight > 0]
    weight = sum(item.weight for item in counted)
    return {item.key: (item.weight / (weight * item.answered), item_total(method, item) / item.answered)
            for item in counted}


def _fpc(n: int, population: int | None) -> float:
    if population is not None and population < n:
        raise ValueError(f"electorate {population} is smaller than the {n} ballots")
    return 1.0 if population is None else 1 - n / population


def composite_estimate(
    composite: Fraction | None, sum_z2: float, n: int, population: int | None, *, top: float = 1.0,
) -> CompositeEstimate:
    """The tally's composite with its Korn–Graubard bounds from the linearized values' SUM(z*z).

    ``n`` counts the ballots cast (a blank ballot is a voter who skipped everything, z = 0),
    ``population`` is the electorate (None when unknown); ``top`` the scale, 1 or 100.
    """
    if composite is None or n == 0:
        return CompositeEstimate(composite, None, None, n, None, None, "no_responses")
    fpc = _fpc(n, population)
    if fpc == 0.0:
        return CompositeEstimate(composite, float(composite), float(composite), n, 0.0, 0.0, None)
    if n == 1:
        return CompositeEstimate(composite, None, None, n, fpc, None, "single_respondent")
    variance = fpc * n / (n - 1) * float(sum_z2)
    p = min(max(float(composite) / top, 0.0), 1.0)
    if p in (0.0, 1.0):
        n_eff = float(n)
    elif variance <= 1e-15 * top * top:
        return CompositeEstimate(composite, None, None, n, fpc, variance, "no_variance")
    else:
        st = scipy_stats()
        n_eff = p * (1 - p) / (variance / top**2) * (st.norm.ppf(ONE_SIDED) / st.t.ppf(ONE_SIDED, n - 1)) ** 2
    low, high = beta_bounds(p * n_eff, n_eff, 1 - ONE_SIDED)
    return CompositeEstimate(composite, low * top, high * top, n, fpc, variance, None)


@dataclass(frozen=True)
class Claim:
    """The one-sided statement against the threshold (达到 80% 以上的把握).

    ``verdict``: ``confident_reaches`` when the vote is qualified and the one-sided 95% lower
    bound (the exact composite, in a census) is at or above the threshold; ``no_conclusion``
    below the turnout floor; else ``cannot_be_sure``. ``confident`` is never true for a vote the
    tally does not qualify. ``reason``: ``census``, ``not_qualified`` (the bound reaches the line
    but an item rule fails the vote), ``below_turnout_floor``, or why there is no bound.
    """

    threshold: float
    lower_bound: float | None
    verdict: str
    reason: str | None

    @property
    def confident(self) -> bool:
        return self.verdict == "confident_reaches"


def threshold_claim(estimate: CompositeEstimate, threshold: Fraction, qualified: bool, *,
                    below_floor: bool = False) -> Claim:
    """What may be said about the true composite against ``threshold`` (inclusive, exact in a census).

    ``below_floor``: turnout is under the counting setting's floor, so no conclusion is drawn.
    """
    if below_floor:
        return Claim(float(threshold), None, "no_conclusion", "below_turnout_floor")
    census = estimate.fpc == 0.0
    if census:
        reaches = estimate.estimate >= threshold
    else:
        reaches = estimate.low is not None and Fraction(estimate.low) >= threshold
    reason = "census" if census else estimate.reason
    if reaches and not qualified:
        reason = "not_qualified"
    verdict = "confident_reaches" if reaches and qualified else "cannot_be_sure"
    return Claim(float(threshold), estimate.low, verdict, reason)
