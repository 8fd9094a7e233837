"""Satisfaction by department (分部门统计) with small-group suppression.

Groups with fewer than MIN_BALLOTS ballots are hidden. Each figure shown per group is a count, or a
rate over one, whose total for the whole vote is published too: ballots (the turnout), respondents
(the composite) and the answers to each item (the item rates). Where exactly one hidden group has a
share of such a total, its share is the total minus the shown groups, so one more group is hidden:
the smallest shown group (fewest ballots) that has a share of that total too (complementary
suppression). This repeats until no total has a lone hidden share, so it also covers an item that
one of two hidden groups skipped entirely. Empty shares never protect another: a department with no
ballots, or no answers to an item, is easy to guess. (A total that no shown group shares is left as
it is: if one hidden group alone has it, the official tally already gives it away.)

Groups are hidden whole, never a single item cell: a shown group's composite is, when its
respondents answered every item, the weighted mean of its item rates, so one hidden item rate
would follow from the composite and the group's other item rates.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

from .stats import SIGNIFICANCE, scipy_stats

MIN_BALLOTS = 5


class GroupCount(NamedTuple):
    """One department's SQL row: COUNT(ballots), the SUM(x) of its respondents' composite scores,
    the respondents, the answers to each item (published as rates per group and item), and SUM(x*x)."""

    group: str | int | None
    ballots: int
    sum_x: float
    answered: int
    item_answered: tuple[int, ...] = ()
    sum_x2: float = 0.0


@dataclass(frozen=True)
class GroupRow:
    """A department as shown; a hidden one has only its ``group`` and ``shown=False``.
    ``mean`` is its respondents' mean composite score, exactly SUM(x) / n."""

    group: str | int
    shown: bool
    ballots: int | None
    answered: int | None
    mean: float | None


@dataclass(frozen=True)
class GroupTest:
    """Do departments differ? One-way analysis of variance (``one_way_anova``) of the shown
    groups' respondents' composite scores: F with (groups - 1, respondents - groups) degrees of
    freedom."""

    method: str
    statistic: float
    dof: tuple[int, int]
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < SIGNIFICANCE


@dataclass(frozen=True)
class Breakdown:
    """Rows in input order; ``reason`` says why ``test`` is None."""

    rows: tuple[GroupRow, ...]
    test: GroupTest | None
    reason: str | None


def _shares(g: GroupCount) -> tuple[int, ...]:
    """The group's share of each published total: ballots, answers (respondents, in a summary),
    answers to each item."""
    return (g.ballots, g.answered, *g.item_answered)


def _protector(groups: list[GroupCount], hidden: set[int]) -> int | None:
    """The group to hide for the first total with a lone hidden share; None if there is none."""
    for shares in zip(*map(_shares, groups)):
        having = [i for i, share in enumerate(shares) if share > 0]
        shown = [i for i in having if i not in hidden]
        if shown and len(having) - len(shown) == 1:
            return min(shown, key=lambda i: groups[i].ballots)
    return None


def hidden_groups(groups: list[GroupCount], min_ballots: int = MIN_BALLOTS, hidden: Iterable[int] = ()) -> set[int]:
    """The indices of the groups to hide: those under `min_ballots`, those already `hidden`, and
    the complementary ones. The one rule for every figure and file by department."""
    hidden = set(hidden) | {i for i, g in enumerate(groups) if g.ballots < min_ballots}
    while (protector := _protector(groups, hidden)) is not None:
        hidden.add(protector)
    return hidden


def hidden_with_pool(groups: list[GroupCount], pool: tuple[int, ...], pooled: int,
                     min_ballots: int = MIN_BALLOTS) -> set[int]:
    """`hidden_groups` where only the listed `groups` are known one by one, and of the `pooled`
    others (hidden already) only their summed shares `pool` (ballots, answers, answers to each item).

    The pool is split as leniently as it can be: into two groups when two are pooled, one with a
    share of each total it has and one with the rest, so that a total shows a lone hidden share
    only when it must have one — one pooled group, or a pooled share of one. What this adds to the
    listed groups is what the rule would certainly have hidden too.
    """
    first = tuple(min(share, 1) for share in pool)
    parts = [first, tuple(share - one for share, one in zip(pool, first))] if pooled > 1 else [pool]
    phantoms = [GroupCount(None, share[0], 0, share[1], tuple(share[2:])) for share in parts if any(share)]
    everyone = [*groups, *phantoms]
    found = hidden_groups(everyone, min_ballots, range(len(groups), len(everyone)))
    return {i for i in found if i < len(groups)}


def group_row(g: GroupCount, shown: bool) -> GroupRow:
    if not shown:
        return GroupRow(g.group, False, None, None, None)
    return GroupRow(g.group, True, g.ballots, g.answered, g.sum_x / g.answered if g.answered else None)


def department_test(groups: list[GroupCount]) -> tuple[GroupTest | None, str | None]:
    """One-way ANOVA over the given groups with respondents, from their SUM(x) and SUM(x*x).

    On respondents' scores, not answers: one person's answers hang together. Simulated on
    bounded satisfaction scores it keeps its 5% size and has the power the pseudo-count
    chi-square lacked (bench/departments.py).
    """
    groups = [g for g in groups if g.answered > 0]
    n = sum(g.answered for g in groups)
    if len(groups) < 2 or n == len(groups):
        return None, "too_few_groups"
    grand = sum(g.sum_x for g in groups) / n
    between = sum(g.answered * (g.sum_x / g.answered - grand) ** 2 for g in groups)
    within = max(0.0, sum(g.sum_x2 - g.sum_x * g.sum_x / g.answered for g in groups))
    dof = (len(groups) - 1, n - len(groups))
    if within <= 1e-12 * max(1.0, sum(g.sum_x2 for g in groups)):
        return None, "no_variance"
    statistic = (between / dof[0]) / (within / dof[1])
    return GroupTest("one_way_anova", statistic, dof, float(scipy_stats().f.sf(statistic, *dof))), None


@dataclass(frozen=True)
class OptionShare:
    """One option of a profile question as reported; a hidden one has only ``option``.
    ``option`` None stands for the ballots that did not answer the question."""

    option: str | None
    shown: bool
    count: int | None
    share: float | None  # of the ballots cast


def profile_distribution(options: Iterable[str], counts: dict[str, int], cast: int, *,
                         min_ballots: int = MIN_BALLOTS) -> tuple[OptionShare, ...]:
    """A profile question's (基本情况, e.g. 工龄) answers per option, then "not answered", as
    counts and shares of the ballots cast: a plain distribution, never crossed with anything.

    Its options are small groups of workers just as departments are, so the same rule applies:
    an option with fewer than ``min_ballots`` answers (none included) is hidden, and while one
    hidden option alone would be the cast total minus the shown ones, the smallest shown one is
    hidden too. A count of one or two would otherwise tell that the one or two workers with, say,
    30 years of service voted. Only the marginal distribution is reported: crossed with the
    satisfaction answers or with the department, a profile question would break results down by
    groups far smaller than any department.
    """
    keys = list(options)
    rows = [GroupCount(key, counts.get(key, 0), 0, 0) for key in keys]
    rows.append(GroupCount(None, cast - sum(row.ballots for row in rows), 0, 0))
    hidden = hidden_groups(rows, min_ballots)
    return tuple(OptionShare(row.group, True, row.ballots, row.ballots / cast if cast else None)
                 if i not in hidden else OptionShare(row.group, False, None, None)
                 for i, row in enumerate(rows))


def department_breakdown(groups: Iterable[GroupCount], *, min_ballots: int = MIN_BALLOTS) -> Breakdown:
    """Per-department mean composite scores, suppressed where small, and a test across departments.

    The test uses the shown groups only, so neither its statistic nor its degrees of freedom
    say anything about a hidden group (not even how many there are), and it is withheld
    (``too_few_groups_shown``) unless at least two groups are shown.
    """
    groups = [GroupCount(*g) for g in groups]
    for g in groups:
        if not 0 <= g.answered <= g.ballots or g.sum_x < 0 or g.sum_x2 < 0:
            raise ValueError(f"group {g.group!r}: need 0 <= respondents <= ballots and sums >= 0")
    if len({len(g.item_answered) for g in groups}) > 1:
        raise ValueError("every group needs its answers to the same items")
    hidden = hidden_groups(groups, min_ballots)
    rows = tuple(group_row(g, i not in hidden) for i, g in enumerate(groups))
    return Breakdown(rows, *shown_test([g for i, g in enumerate(groups) if i not in hidden]))


def shown_test(shown: list[GroupCount]) -> tuple[GroupTest | None, str | None]:
    """`department_test` over the shown groups, withheld (``too_few_groups_shown``) unless two or more are shown."""
    if len(shown) < 2:
        return None, "too_few_groups_shown"
    return department_test(shown)
