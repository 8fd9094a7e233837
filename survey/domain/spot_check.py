"""The assessor's spot-check survey against the enterprise's self-check (抽查测评与自查比较).

The question the assessor asks is one-sided: is the self-check *higher* than what the workers
told the assessor? A self-check lower than the spot check is no discrepancy to act on, so only
that direction is flagged (H1: self-check composite > spot-check composite, at 5%).

Why Welch on the linearized variances, not a two-proportion z-test: the composite is a
weighted mean of item rates, each a ratio of two sums over the ballots, and one worker's
answers to the items hang together; it is not one proportion of n independent yes/no answers,
and p(1 - p)/n would misstate its variance (too small when a worker answers every item alike).
Each vote's `CompositeEstimate` carries the variance of the composite itself, linearized over
its ballots and finite-population corrected; `comparison.composite_change` puts the two
together with Welch–Satterthwaite degrees of freedom, as the comparison with the previous vote
does, and the one-sided p-value is read from its two-sided one (the t distribution is
symmetric).

Per item the satisfied rates are one proportion each, so there a two-proportion test fits:
Fisher's exact test, two-sided, with Holm's correction across the items (`comparison.item_changes`);
an item is flagged when its adjusted p is below 5% and the self-check's rate is the higher.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import comparison
from .estimation import CompositeEstimate
from .stats import SIGNIFICANCE


@dataclass(frozen=True)
class Discrepancy:
    """The spot check against the self-check. ``p_value`` is one-sided (self-check higher);
    ``flagged`` when it is below 5%. ``composite`` is the two-sided change spot − self;
    ``items`` per item key the change spot − self, ``flagged_items`` those markedly lower."""

    self_check: float | None
    spot_check: float | None
    ballots: int
    p_value: float | None
    flagged: bool
    composite: comparison.CompositeChange
    items: tuple[tuple[str, comparison.ItemChange], ...]
    flagged_items: tuple[str, ...]
    reason: str | None


def one_sided(change: comparison.CompositeChange) -> float | None:
    """P(a spot check this far below the self-check, or further, if the two were equal)."""
    if change.p_value is None:
        return None
    half = change.p_value / 2
    return half if change.change < 0 else 1 - half


def compare(self_check: CompositeEstimate, spot: CompositeEstimate,
            items: Sequence[tuple[str, comparison.Counts, comparison.Counts, str | None]] = ()) -> Discrepancy:
    """``items``: (key, self-check (satisfied, answered), spot check (satisfied, answered), refusal or None)."""
    change = comparison.composite_change(self_check, spot)
    p = one_sided(change)
    per_item = comparison.item_changes(items)
    lower = tuple(key for key, found in per_item if found.significant and found.change < 0)
    return Discrepancy(change.before, change.after, spot.n, p, p is not None and p < SIGNIFICANCE, change,
                       per_item, lower, change.reason)
