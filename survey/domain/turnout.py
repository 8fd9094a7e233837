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

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.cast, self.electorate) if self.electorate else None

    @property
    def low(self) -> bool:
        return self.rate is not None and self.rate < LOW_TURNOUT

    @property
    def reason(self) -> str | None:
        return None if self.electorate else "no_electorate"
