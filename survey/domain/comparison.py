"""This vote against the enterprise's previous closed vote (与上次测评比较), only where the two ask the
same thing.

An item is compared only when its question, its options and their meaning are unchanged: one
vote counting 基本满意 as satisfied and the other not would flag a change that is only a change
of definition (``definition_changed``, ``question_changed``). Item changes are tested with
Fisher's exact test and the family of compared items is held at 5% with Holm's step-down
correction (no false flag in 5% of unchanged votes, however many items; Holm rather than
Benjamini–Hochberg because a flagged item is read on its own, not as one of a list).
The composite change compares the two official composites with their linearized variances.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .estimation import CompositeEstimate
from .stats import CONFIDENCE, SIGNIFICANCE, scipy_stats


@dataclass(frozen=True)
class CompositeChange:
    """Current minus previous composite with a two-sided interval (Welch–Satterthwaite degrees
    of freedom from the two linearized variances) and its p-value."""

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
    """Current minus previous satisfied rate of one item: Fisher's exact two-sided p-value and
    the Holm-adjusted one across the compared items; ``significant`` when the adjusted p < 5%."""

    before: float | None
    after: float | None
    change: float | None
    p_value: float | None
    p_adjusted: float | None
    significant: bool
    reason: str | None


def composite_change(before: CompositeEstimate, after: CompositeEstimate, *,
                     confidence: float = CONFIDENCE) -> CompositeChange:
    a = None if before.estimate is None else float(before.estimate)
    b = None if after.estimate is None else float(after.estimate)
    change = None if a is None or b is None else b - a
    if change is None:
        return CompositeChange(a, b, None, None, None, None, False, "no_responses")
    va, vb = before.variance, after.variance
    if va is None or vb is None:
        return CompositeChange(a, b, change, None, None, None, False, before.reason or after.reason)
    if va + vb <= 0.0:
        return CompositeChange(a, b, change, None, None, None, False, "no_variance")
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / sum(v * v / (n - 1) for v, n in ((va, before.n), (vb, after.n)) if v > 0)
    t = scipy_stats().t
    half = float(t.ppf((1 + confidence) / 2, df)) * se
    p = float(2 * t.sf(abs(change) / se, df))
    return CompositeChange(a, b, change, change - half, change + half, p, p < SIGNIFICANCE, None)


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values, in the given order."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted, running = [0.0] * len(p_values), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


Counts = tuple[int, int]  # (satisfied, answered)


def item_changes(pairs: Sequence[tuple[str, Counts, Counts, str | None]]) -> tuple[tuple[str, ItemChange], ...]:
    """Per item key: (key, before, after, refusal reason or None) → its change, Holm across the
    items actually tested."""
    found: list[tuple[str, Counts, Counts, str | None, float | None]] = []
    for key, (k0, n0), (k1, n1), refused in pairs:
        if not (0 <= k0 <= n0 and 0 <= k1 <= n1):
            raise ValueError("need 0 <= satisfied <= answered in both campaigns")
        reason = refused or (None if n0 and n1 else "no_answers")
        p = None if reason else float(scipy_stats().fisher_exact([[k1, n1 - k1], [k0, n0 - k0]]).pvalue)
        found.append((key, (k0, n0), (k1, n1), reason, p))
    adjusted = iter(holm([p for *_rest, p in found if p is not None]))
    changes = []
    for key, (k0, n0), (k1, n1), reason, p in found:
        if reason in ("definition_changed", "question_changed"):
            changes.append((key, ItemChange(None, None, None, None, None, False, reason)))
            continue
        before, after = (k0 / n0 if n0 else None), (k1 / n1 if n1 else None)
        q = None if p is None else next(adjusted)
        change = None if p is None else after - before
        changes.append((key, ItemChange(before, after, change, p, q, q is not None and q < SIGNIFICANCE, reason)))
    return tuple(changes)


def refusal(before, after, score_method: bool) -> str | None:
    """Why an item of two votes must not be compared, or None. ``before``/``after`` are
    questionnaire items: ``text_zh``, ``text_en`` and ``options`` with ``key``, ``text_zh``,
    ``text_en``, ``satisfied`` and ``score``."""
    def meaning(item) -> tuple:
        return tuple((o.key, o.satisfied, o.score if score_method else None) for o in item.options)

    def wording(item) -> tuple:
        return (item.text_zh, item.text_en, *((o.text_zh, o.text_en) for o in item.options))

    if meaning(before) != meaning(after):
        return "definition_changed"
    return "question_changed" if wording(before) != wording(after) else None
