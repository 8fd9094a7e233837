"""Turnout (参与率): ballots cast out of the electorate, exactly."""
from dataclasses import dataclass
from fractions import Fraction

# Fewer than half of the electorate voting is low turnout (不满半数: exactly half is not low).
LOW_TURNOUT = Fraction(1, 2)


@dataclass(frozen=True)
class Turnout:
    """Ballots cast out of the electorate; a vote's counts add its valid ballots and codes issued."""

    electorate: int
    cast: int
    valid: int | None = None  # ballots with a scored answer
    issued: int | None = None  # ballot codes issued
    used: int | None = None  # ballot codes used

    @property
    def rate(self) -> Fraction | None:
        """Ballots cast ÷ electorate, never above 1 (only spare codes could let more ballots in)."""
        return Fraction(min(self.cast, self.electorate), self.electorate) if self.electorate else None

    @property
    def codes(self) -> dict[str, int] | None:
        """Codes issued, used and unused, as the seal keeps them."""
        if self.issued is None or self.used is None:
            return None
        return {"issued": self.issued, "used": self.used, "unused": self.issued - self.used}

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_TURNOUT

    @property
    def reason(self) -> str | None:
        return None if self.electorate else "no_electorate"
