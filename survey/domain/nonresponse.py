"""How much the "non-voters answer like voters" assumption carries (未投票者的影响): the composite if
every worker who did not vote had answered every item at its worst option, or at its best.

Exact: each item's rate becomes (its total + M * extreme) / (its answers + M) for M non-voters,
and the composite is the tally's weighted mean of those.
"""
from fractions import Fraction
from typing import Mapping, Sequence

from .estimation import item_total
from .rules import ItemCount, composite


def bounds_if_nonvoters(
    method: str, items: Sequence[ItemCount], extremes: Mapping[str, tuple[int, int]], nonvoters: int,
) -> tuple[Fraction, Fraction] | None:
    """(worst, best) composite with ``nonvoters`` more workers all at the lowest, or the highest,
    value of each item (``extremes``: item key → (lowest, highest): 0 and 1 for rates, the
    lowest and highest option scores). None when no item can be counted."""
    if nonvoters < 0:
        raise ValueError(f"non-voters must not be negative, got {nonvoters}")

    def at(side: int) -> Fraction | None:
        return composite([(item.weight, Fraction(item_total(method, item) + nonvoters * extremes[item.key][side],
                                                 item.answered + nonvoters) if item.answered + nonvoters else None)
                          for item in items])

    worst, best = at(0), at(1)
    return None if worst is None or best is None else (worst, best)
