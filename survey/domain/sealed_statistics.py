"""The statistics sealed with a vote (封存的统计结果): the "statistics" member of a harmony-seal/3 file.

They are computed once, at close, from the same ballots the tally counts, and kept in the seal: the
composite's bounds, Cronbach's alpha and the shown departments' figures with the test across them.
Every page, the results API and the attachment read them from there, so what was published with a
vote stays what it was; the verifier recomputes them from the file's ballots (`BallotSums`).

Numbers are strings of 12 significant digits (the canonical file has no non-integer number).
The database and the recount add the same values in another order, so they agree to rounding:
`differences` compares figures to a relative 1e-9, counts exactly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..data.enums import ItemKind
from . import estimation
from .breakdown import GroupCount, GroupTest, shown_test
from .reliability import Reliability, cronbach_alpha

HIDDEN = "hidden"  # a masked ballot's department (`sealing.HIDDEN`)
RELATIVE = 1e-9


@dataclass(frozen=True)
class Sums:
    """What the statistics are computed from, over every ballot: respondents (a composite score),
    SUM(z*z) of the linearized values, and, over the ballots that answered every scored item, per
    item SUM(v), SUM(v*v) and SUM(v*T) of the rank values (for alpha)."""

    respondents: int
    sum_z2: float
    complete: int
    item_sums: tuple[float, ...]
    item_sq_sums: tuple[float, ...]
    item_total_sums: tuple[float, ...]


@dataclass(frozen=True)
class Group:
    """A shown department (None: not stated): its ballots, its respondents with SUM(x) and SUM(x*x)
    of their composite scores, and per scored item its satisfied answers and all answers."""

    group: str | None
    ballots: int
    respondents: int
    sum_x: float
    sum_x2: float
    satisfied: tuple[int, ...]
    answered: tuple[int, ...]

    def count(self) -> GroupCount:
        return GroupCount(self.group, self.ballots, self.sum_x, self.respondents, self.answered, self.sum_x2)


@dataclass(frozen=True)
class Statistics:
    """A vote's statistics; ``groups`` are the shown departments (None without a department question)."""

    composite: estimation.CompositeEstimate
    respondents: int
    alpha: Reliability
    groups: tuple[Group, ...] | None
    test: GroupTest | None
    test_reason: str | None


def compute(composite: Fraction | None, cast: int, electorate: int, top: float, sums: Sums,
            groups: tuple[Group, ...] | None) -> Statistics:
    """The statistics from the tally's composite, the turnout and the sums; the test runs over the shown groups only."""
    population = electorate if cast <= electorate else None
    estimate = estimation.composite_estimate(composite, sums.sum_z2, cast, population, top=top)
    alpha = cronbach_alpha(sums.complete, sums.item_sums, sums.item_sq_sums, sums.item_total_sums)
    test, reason = (None, None) if groups is None else shown_test([g.count() for g in groups])
    return Statistics(estimate, sums.respondents, alpha, groups, test, reason)


def _text(value: float | None) -> str | None:
    return None if value is None else format(float(value), ".12g")


def _number(text: str | None) -> float | None:
    return None if text is None else float(text)


def member(s: Statistics) -> dict:
    """The canonical "statistics" member."""
    c, a = s.composite, s.alpha
    return {
        "composite": {"low": _text(c.low), "high": _text(c.high), "variance": _text(c.variance),
                      "fpc": _text(c.fpc), "n": c.n, "reason": c.reason},
        "respondents": s.respondents,
        "alpha": {"value": _text(a.alpha), "low": _text(a.low), "high": _text(a.high), "n": a.n, "k": a.k,
                  "item_total": [_text(v) for v in a.item_total], "reason": a.reason},
        "departments": None if s.groups is None else {
            "groups": [{"group": g.group, "ballots": g.ballots, "respondents": g.respondents,
                        "sum_x": _text(g.sum_x), "sum_x2": _text(g.sum_x2),
                        "satisfied": list(g.satisfied), "answered": list(g.answered)} for g in s.groups],
            "test": None if s.test is None else {
                "method": s.test.method, "statistic": _text(s.test.statistic), "dof": list(s.test.dof),
                "p_value": _text(s.test.p_value)},
            "reason": s.test_reason,
        },
    }


def of_member(stated: dict, composite: Fraction | None) -> Statistics:
    """The statistics a seal states; ``composite`` is the sealed tally's."""
    c, a, d = stated["composite"], stated["alpha"], stated["departments"]
    estimate = estimation.CompositeEstimate(composite, _number(c["low"]), _number(c["high"]), c["n"],
                                            _number(c["fpc"]), _number(c["variance"]), c["reason"])
    alpha = Reliability(a["n"], a["k"], _number(a["value"]), _number(a["low"]), _number(a["high"]),
                        tuple(map(_number, a["item_total"])), a["reason"])
    if d is None:
        return Statistics(estimate, stated["respondents"], alpha, None, None, None)
    groups = tuple(Group(g["group"], g["ballots"], g["respondents"], _number(g["sum_x"]), _number(g["sum_x2"]),
                         tuple(g["satisfied"]), tuple(g["answered"])) for g in d["groups"])
    t = d["test"]
    test = None if t is None else GroupTest(t["method"], _number(t["statistic"]), tuple(t["dof"]), _number(t["p_value"]))
    return Statistics(estimate, stated["respondents"], alpha, groups, test, d["reason"])


def _agree(stated: object, recounted: object) -> bool:
    if isinstance(stated, dict) and isinstance(recounted, dict):
        return stated.keys() == recounted.keys() and all(_agree(stated[k], recounted[k]) for k in stated)
    if isinstance(stated, list) and isinstance(recounted, list):
        return len(stated) == len(recounted) and all(map(_agree, stated, recounted))
    if isinstance(stated, str) and isinstance(recounted, str) and stated != recounted:
        try:
            return math.isclose(float(stated), float(recounted), rel_tol=RELATIVE, abs_tol=RELATIVE)
        except ValueError:
            return False
    return stated == recounted and type(stated) is type(recounted)


def differences(stated: object, recounted: dict) -> list[str]:
    """The members of the stated statistics that the recount does not reproduce, as "statistics.<name>"."""
    if not isinstance(stated, dict):
        return ["statistics"]
    return [f"statistics.{key}" for key in sorted(set(stated) | set(recounted))
            if not _agree(stated.get(key), recounted.get(key))]


@dataclass
class _GroupSums:
    ballots: int = 0
    respondents: int = 0
    sum_x: float = 0.0
    sum_x2: float = 0.0
    satisfied: list[int] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)


class BallotSums:
    """The sums recounted from a file's ballots one at a time, as the data layer sums them in SQL.

    ``items`` are the sealed items (`sealing.SealedItem`), ``scale`` the questionnaire's points (an
    option's rank value is scale minus its position, top option highest), ``influence`` each item's
    (c_j, r_j) from the stated tally (`estimation.influence`: a ballot's linearized value is the sum
    over its answers of c_j * (v - r_j)), ``department`` the department item's key or None.
    """

    def __init__(self, items, method: str, scale: int, influence: dict[str, tuple[float, float]],
                 department: str | None):
        self.rate = method == estimation.RATE
        self.scored = [(item.key, item.weight, influence.get(item.key),
                        {o.key: (scale - position, int(o.satisfied), o.score) for position, o in enumerate(item.options)})
                       for item in items if item.kind == ItemKind.SCORED]
        self.department = department
        k = len(self.scored)
        self.groups: dict[str | None, _GroupSums] = {}
        self.respondents = self.complete = 0
        self.sum_z2 = 0.0
        self.item_sums, self.item_sq_sums, self.item_total_sums = [0] * k, [0] * k, [0] * k

    def add(self, ballot: dict[str, str]) -> None:
        num = den = total = 0
        z = 0.0
        ranks, satisfied = [], []
        for key, weight, influence, options in self.scored:
            rank, happy, score = options.get(ballot.get(key), (0, 0, 0))
            ranks.append(rank)
            satisfied.append(happy)
            if not rank:
                continue
            value = happy if self.rate else score
            num, den, total = num + weight * value, den + weight, total + rank
            if influence:
                z += influence[0] * (value - influence[1])
        x = num / den if den else None
        self.sum_z2 += z * z
        self.respondents += x is not None
        if all(ranks):
            self.complete += 1
            for index, rank in enumerate(ranks):
                self.item_sums[index] += rank
                self.item_sq_sums[index] += rank * rank
                self.item_total_sums[index] += rank * total
        if self.department:
            self._add_to_group(ballot.get(self.department), x, ranks, satisfied)

    def _add_to_group(self, group: str | None, x: float | None, ranks: list[int], satisfied: list[int]) -> None:
        if group == HIDDEN:
            return
        sums = self.groups.setdefault(group, _GroupSums(satisfied=[0] * len(ranks), answered=[0] * len(ranks)))
        sums.ballots += 1
        if x is not None:
            sums.respondents += 1
            sums.sum_x += x
            sums.sum_x2 += x * x
        for index, (rank, happy) in enumerate(zip(ranks, satisfied)):
            sums.answered[index] += rank > 0
            sums.satisfied[index] += happy if rank else 0

    def sums(self) -> Sums:
        return Sums(self.respondents, self.sum_z2, self.complete, tuple(self.item_sums), tuple(self.item_sq_sums),
                    tuple(self.item_total_sums))

    def shown(self, groups: tuple[str | None, ...], hidden) -> tuple[Group, ...] | None:
        """The shown groups in questionnaire order (then not stated); None without a department question."""
        if not self.department:
            return None
        empty = _GroupSums(satisfied=[0] * len(self.scored), answered=[0] * len(self.scored))
        return tuple(Group(key, g.ballots, g.respondents, g.sum_x, g.sum_x2, tuple(g.satisfied), tuple(g.answered))
                     for key in groups if key not in hidden for g in [self.groups.get(key, empty)])
