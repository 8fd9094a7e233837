"""Which level (等级) an enterprise may declare, from the levels it was named at in earlier cycles.

A → AA → AAA: a first declaration is for A; AA only in a year after holding a level (A or higher);
AAA only after holding AA (or AAA) in both of the two years before. Pure: the caller reads the history.
"""
from collections.abc import Mapping

from ..data.enums import Level

RANK = {Level.A: 1, Level.AA: 2, Level.AAA: 3}
LEVELS = tuple(Level)


def allowed(level: str, year: int, held: Mapping[int, str]) -> bool:
    """Whether ``level`` may be declared in ``year``, ``held`` being the level named per earlier year."""
    if level == Level.A:
        return True
    if level == Level.AA:
        return any(earlier < year for earlier in held)
    return all(RANK.get(held.get(year - back), 0) >= RANK[Level.AA] for back in (1, 2))
