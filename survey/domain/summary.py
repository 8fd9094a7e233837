"""The statistical summary of a closed vote (测评结果统计分析): SQL sums in, plain results out.

The official verdict stays with the tally (exact counting, `rules`); the summary adds how sure
one can be of it: intervals, the one-sided test against the threshold, reliability, departments
and the change since the enterprise's previous closed vote. Only of a closed vote: ``results_hidden`` before.
"""
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..data import campaigns as store
from ..data import statistics as sql
from ..data.enums import ItemKind
from ..data.models import Campaign, Item
from . import campaigns, departments, rules, stats
from .breakdown import Breakdown, GroupCount, GroupRow, OptionShare, department_breakdown, profile_distribution
from .reliability import Reliability, cronbach_alpha

# Mean and SD are reported for items on this many points, valued top to bottom 5..1.
LIKERT_POINTS = 5


@dataclass(frozen=True)
class ItemSummary:
    key: str
    options: tuple[str, ...]  # option keys in questionnaire order, matching distribution.counts
    rate: stats.ItemRate
    distribution: stats.Distribution
    item_total: float | None  # corrected item–total correlation from the alpha computation


@dataclass(frozen=True)
class Departments:
    """Per-department composite rates with suppression; ``cells`` holds (satisfied, answered)
    answers per (group, item key) for shown groups only. A group is a department option key,
    None for ballots that did not say."""

    breakdown: Breakdown
    cells: dict[tuple[str | None, str], tuple[int, int]]
    top: float  # the top of the vote's scale: 1 for rates, 100 for scores

    def composite(self, row: GroupRow) -> float | None:
        """A shown group's mean composite on the vote's scale."""
        return None if row.rate is None else row.rate * self.top

    def item_rates(self, group: str | None) -> dict[str, float | None]:
        """A shown group's satisfied rate per item key; None for an item nobody in it answered."""
        return {key: satisfied / answered if answered else None
                for (found, key), (satisfied, answered) in self.cells.items() if found == group}


@dataclass(frozen=True)
class Profile:
    """A profile question's distribution (基本情况分布): never part of satisfaction."""

    key: str
    options: tuple[OptionShare, ...]


@dataclass(frozen=True)
class Comparison:
    """This vote against the enterprise's previous closed vote; ``composite`` is None when the
    two used different counting methods (``reason`` method_changed)."""

    previous: Campaign
    composite: stats.CompositeChange | None
    items: tuple[tuple[str, stats.ItemChange], ...]
    reason: str | None


@dataclass(frozen=True)
class Summary:
    campaign: Campaign
    results: campaigns.Results
    scale: tuple[float, float]  # (0, 1) for rates, (0, 100) for scores
    composite: stats.MeanInterval
    test: stats.ThresholdTest
    turnout: stats.Turnout | None  # None when more ballots were cast than the electorate
    warnings: tuple[str, ...]
    items: tuple[ItemSummary, ...]
    alpha: Reliability
    departments: Departments | None
    comparison: Comparison | None
    conclusion_drawn: bool  # False below the turnout floor or without a valid ballot: the statistics decide nothing
    profiles: tuple[Profile, ...] = ()


def scale(method: str) -> tuple[float, float]:
    return (0.0, 1.0) if method == rules.RATE else (0.0, 100.0)


def _moments(sums: sql.GroupSums) -> stats.Moments:
    return stats.Moments(sums.n, sums.sum_x, sums.sum_x2)


def _combined(groups: list[sql.GroupSums], k: int) -> sql.GroupSums:
    """The whole campaign: every sum is additive over departments."""
    def add(field: str) -> tuple:
        return tuple(map(sum, zip(*(getattr(g, field) for g in groups)))) or (0,) * k

    return sql.GroupSums(None, sum(g.ballots for g in groups), sum(g.n for g in groups),
                         sum(g.sum_x for g in groups), sum(g.sum_x2 for g in groups), sum(g.complete for g in groups),
                         add("item_sums"), add("item_sq_sums"), add("item_total_sums"), add("satisfied"), add("answered"))


def summarize(session: Session, campaign: Campaign) -> Summary:
    results = campaigns.results(session, campaign)
    keys, groups = departments.group_sums(session, campaign)
    sums = _combined(groups, len(keys))
    lo, hi = scale(campaign.method)
    cast, electorate = results.turnout.cast, results.turnout.electorate
    population = electorate if cast <= electorate else None
    moments = _moments(sums)
    interval = stats.composite_interval(moments, population, lo=lo, hi=hi)
    turnout = stats.turnout(cast, electorate) if population is not None else None
    warnings = stats.precision_warnings(interval, turnout, lo=lo, hi=hi)
    conclusion_drawn = results.tally.verdict in (rules.Verdict.QUALIFIED, rules.Verdict.NOT_QUALIFIED)
    alpha = cronbach_alpha(sums.complete, sums.item_sums, sums.item_sq_sums, sums.item_total_sums)
    return Summary(
        campaign=campaign, results=results, scale=(lo, hi), composite=interval,
        test=stats.threshold_test(moments, results.tally.threshold, population, lo=lo, hi=hi),
        turnout=turnout, warnings=warnings + (() if turnout else ("electorate_exceeded",)),
        items=_items(campaign, results, dict(zip(keys, alpha.item_total))), alpha=alpha,
        departments=_departments(campaign, keys, groups, cast),
        comparison=_comparison(session, campaign, results, moments) if conclusion_drawn else None,
        conclusion_drawn=conclusion_drawn,
        profiles=profiles(campaign.questionnaire.items, results.distribution, cast),
    )


def _items(campaign: Campaign, results: campaigns.Results, item_total: dict[str, float | None]) -> tuple[ItemSummary, ...]:
    tallied = {item.key: item for item in results.tally.items}
    summaries = []
    for item in _scored(campaign):
        keys = tuple(option.key for option in item.options)
        counts = [results.distribution.get(item.key, {}).get(key, 0) for key in keys]
        values = range(len(keys), 0, -1) if len(keys) == LIKERT_POINTS else None
        rate = stats.item_rate(tallied[item.key].satisfied, tallied[item.key].answered)
        summaries.append(ItemSummary(item.key, keys, rate, stats.answer_distribution(counts, values),
                                     item_total.get(item.key)))
    return tuple(summaries)


def profiles(items, distribution: dict[str, dict[str, int]], cast: int) -> tuple[Profile, ...]:
    """The profile questions' distributions; ``items`` are questionnaire items or sealed copies
    (with ``key``, ``kind`` and ``options`` of ``key``)."""
    return tuple(Profile(item.key, profile_distribution([o.key for o in item.options],
                                                        distribution.get(item.key, {}), cast))
                 for item in items if item.kind == ItemKind.PROFILE)


def _scored(campaign: Campaign) -> list[Item]:
    return [item for item in campaign.questionnaire.items if item.kind == ItemKind.SCORED]


def _departments(campaign: Campaign, keys: tuple[str, ...], groups: list[sql.GroupSums],
                 cast: int) -> Departments | None:
    """Departments in questionnaire order, then "not stated": the ballots without a department
    answer, blank ones included, so that every ballot cast belongs to exactly one group.

    A group's rate is the mean composite score of its respondents, and the test across groups
    counts respondents, not answers: one person's answers hang together, so counting each answer
    as a separate observation would find differences that are not there. Each respondent adds
    its composite share (a number from 0 to 1) to "satisfied"; such shares vary no more than
    yes/no answers with the same mean, so the chi-square test stays conservative.
    """
    item = departments.department_item(campaign)
    if item is None:
        return None
    hi = scale(campaign.method)[1]
    rows = departments.groups(item, groups)
    breakdown = department_breakdown(departments.group_counts(rows, len(keys), cast, hi))
    shown = {row.group for row in breakdown.rows if row.shown}
    cells = {(key, item_key): (satisfied, answered)
             for key, g in rows if g and key in shown
             for item_key, satisfied, answered in zip(keys, g.satisfied, g.answered)}
    return Departments(breakdown, cells, hi)


def _comparison(session: Session, campaign: Campaign, results: campaigns.Results,
                moments: stats.Moments) -> Comparison | None:
    previous = store.previous_closed(session, campaign)
    if previous is None:
        return None
    before = {item.key: (item.satisfied, item.answered) for item in campaigns.results(session, previous).tally.items}
    items = tuple((item.key, stats.item_change(before[item.key], (item.satisfied, item.answered)))
                  for item in results.tally.items if item.key in before)
    if previous.method != campaign.method:
        return Comparison(previous, None, items, "method_changed")
    lo, hi = scale(campaign.method)
    keys, groups = departments.group_sums(session, previous)
    change = stats.composite_change(_moments(_combined(groups, len(keys))), moments, lo=lo, hi=hi)
    return Comparison(previous, change, items, None)

