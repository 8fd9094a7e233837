"""The assessor's sample-size planner (抽样人数测算): how many randomly chosen workers to survey."""
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from . import finite_population
from .errors import Invalid

CONFIDENCES = (90, 95, 99)
MAX_HEADCOUNT = 1_000_000
MARGINS = (Decimal("0.5"), Decimal("50"))  # percentage points, inclusive


@dataclass(frozen=True)
class Plan:
    headcount: int | None  # None: unknown or very large
    margin: Decimal  # ± percentage points
    confidence: int  # percent
    sample: int  # workers to survey, finite-population corrected
    unlimited: int  # the same for a workforce of unlimited size

    @property
    def share(self) -> Fraction | None:
        """Share of the workforce to survey."""
        return Fraction(self.sample, self.headcount) if self.headcount else None


def plan(headcount: int | None, margin: Decimal, confidence: int) -> Plan:
    """Workers to survey so that each item's exact interval, as the report computes it, is within
    ±margin points at the given confidence, planned for the worst case (a true rate of 50%);
    hypergeometric with a headcount, Clopper–Pearson without."""
    errors = {}
    if headcount is not None and not 1 <= headcount <= MAX_HEADCOUNT:
        errors["headcount"] = "headcount_range"
    if not MARGINS[0] <= margin <= MARGINS[1]:
        errors["margin"] = "margin_range"
    if confidence not in CONFIDENCES:
        errors["confidence"] = "confidence_choice"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    share, level = float(margin) / 100, confidence / 100
    return Plan(headcount, margin, confidence, finite_population.sample_size(share, level, headcount),
                finite_population.sample_size(share, level))
