"""The statistical summary of a closed vote (测评结果统计分析): the sealed statistics in, plain results out.

The official verdict stays with the tally (exact counting, `rules`); the summary adds how sure
one can be of it: intervals, the one-sided test against the threshold, reliability, departments
and the change since the enterprise's previous closed vote. Only of a closed vote: ``results_hidden`` before.
"""
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy.orm import Session

from ..data import campaigns as store
from ..data.enums import ItemKind
from ..data.models import Campaign, Item
from . import (campaigns, comparison, departments, estimation, finite_population, nonresponse, rules, sealed_statistics,
               seals, stats, vote_statistics)
from .breakdown import Breakdown, GroupCount, OptionShare, group_row, profile_distribution
from .reliability import Reliability

# Mean and SD are reported for items on this many points, valued top to bottom 5..1.
LIKERT_POINTS = 5


@dataclass(frozen=True)
class ItemSummary:
    key: str
    options: tuple[str, ...]  # option keys in questionnaire order, matching distribution.counts
    rate: finite_population.ItemRate
    distribution: stats.Distribution
    item_total: float | None  # corrected item–total correlation from the alpha computation


@dataclass(frozen=True)
class Departments:
    """Per-department mean composite scores with suppression; ``cells`` holds (satisfied, answered)
    answers per (group, item key) for shown groups only. A group is a department option key,
    None for ballots that did not say."""

    breakdown: Breakdown
    cells: dict[tuple[str | None, str], tuple[int, int]]

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
    two used different counting methods or questionnaires (``reason``)."""

    previous: Campaign
    composite: comparison.CompositeChange | None
    items: tuple[tuple[str, comparison.ItemChange], ...]
    reason: str | None


@dataclass(frozen=True)
class Summary:
    campaign: Campaign
    results: campaigns.Results
    scale: tuple[float, float]  # (0, 1) for rates, (0, 100) for scores
    composite: estimation.CompositeEstimate
    test: estimation.Claim
    bounds_if_nonvoters: tuple[Fraction, Fraction] | None  # None when the electorate is exceeded
    turnout: stats.Turnout | None  # None when more ballots were cast than the electorate
    warnings: tuple[str, ...]
    items: tuple[ItemSummary, ...]
    respondents: int  # ballots with a composite score; alpha counts those who answered every item
    alpha: Reliability
    departments: Departments | None
    comparison: Comparison | None
    conclusion_drawn: bool  # False below the turnout floor or without a valid ballot: the statistics decide nothing
    profiles: tuple[Profile, ...] = ()


def scale(method: str) -> tuple[float, float]:
    return (0.0, estimation.top_of(method))


def statistics_of(session: Session, campaign: Campaign, results: campaigns.Results) -> sealed_statistics.Statistics:
    """A closed vote's statistics as its seal keeps them; computed from its ballots for a vote
    sealed (or closed) before statistics were sealed."""
    sealed = seals.seal_if_closed(session, campaign)
    if sealed is not None and sealed.statistics is not None:
        return sealed_statistics.of_member(sealed.statistics, results.tally.composite)
    found = vote_statistics.sql_pass(session, campaign, results.distribution)
    return vote_statistics.statistics(campaign, results.tally.composite, results.turnout.cast, found)


def summarize(session: Session, campaign: Campaign) -> Summary:
    """The statistics of a closed vote, read from its seal. Below the turnout floor, or without a
    valid ballot, no conclusion is drawn (the claim is ``no_conclusion``, never confident, and
    nothing is compared)."""
    results = campaigns.results(session, campaign)
    found = statistics_of(session, campaign, results)
    estimate, tally = found.composite, results.tally
    conclusion_drawn = tally.verdict in (rules.Verdict.QUALIFIED, rules.Verdict.NOT_QUALIFIED)
    cast, electorate = results.turnout.cast, results.turnout.electorate
    population = electorate if cast <= electorate else None
    turnout = stats.turnout(cast, population) if population is not None else None
    warnings = stats.precision_warnings(estimate.margin, turnout, top=estimation.top_of(campaign.method))
    counts = rules.item_counts(campaign.questionnaire.items, results.distribution)
    bounds = None if population is None else nonresponse.bounds_if_nonvoters(
        campaign.method, counts, _extremes(campaign), population - cast)
    keys = [item.key for item in _scored(campaign)]
    return Summary(
        campaign=campaign, results=results, scale=scale(campaign.method), composite=estimate,
        test=estimation.threshold_claim(estimate, tally.threshold, tally.qualified, below_floor=not conclusion_drawn),
        bounds_if_nonvoters=bounds,
        turnout=turnout, warnings=warnings + (() if turnout else ("electorate_exceeded",)),
        items=_items(campaign, results, dict(zip(keys, found.alpha.item_total)), population),
        respondents=found.respondents, alpha=found.alpha,
        departments=_departments(campaign, keys, found),
        comparison=_comparison(session, campaign, counts, estimate) if conclusion_drawn else None,
        conclusion_drawn=conclusion_drawn,
        profiles=sealed_profiles(campaign.questionnaire.items, results.distribution, cast, results.profiles_hidden),
    )


def _extremes(campaign: Campaign) -> dict[str, tuple[int, int]]:
    """Each scored item's lowest and highest value: 0 and 1 for rates, option scores for scores."""
    if campaign.method == rules.RATE:
        return {item.key: (0, 1) for item in _scored(campaign)}
    return {item.key: (min(o.score for o in item.options), max(o.score for o in item.options))
            for item in _scored(campaign)}


def _items(campaign: Campaign, results: campaigns.Results, item_total: dict[str, float | None],
           population: int | None) -> tuple[ItemSummary, ...]:
    tallied = {item.key: item for item in results.tally.items}
    summaries = []
    for item in _scored(campaign):
        keys = tuple(option.key for option in item.options)
        counts = [results.distribution.get(item.key, {}).get(key, 0) for key in keys]
        values = range(len(keys), 0, -1) if len(keys) == LIKERT_POINTS else None
        counted = tallied[item.key]
        rate = finite_population.item_rate(counted.satisfied, counted.answered, finite_population.item_population(
            counted.answered, results.turnout.cast, population))
        summaries.append(ItemSummary(item.key, keys, rate, stats.answer_distribution(counts, values),
                                     item_total.get(item.key)))
    return tuple(summaries)


def profiles(items, distribution: dict[str, dict[str, int]], cast: int) -> tuple[Profile, ...]:
    """The profile questions' distributions; ``items`` are questionnaire items or sealed copies
    (with ``key``, ``kind`` and ``options`` of ``key``)."""
    return tuple(Profile(item.key, profile_distribution([o.key for o in item.options],
                                                        distribution.get(item.key, {}), cast))
                 for item in items if item.kind == ItemKind.PROFILE)


def sealed_profiles(items, counts: dict[str, dict[str, int]], cast: int,
                    stated: dict[str, list] | None) -> tuple[Profile, ...]:
    """The profile questions' distributions as a seal states them: from its masked counts (hidden
    options pooled under "hidden") and its `stated` hidden options per question ("profiles"), or
    counted afresh when it masks none (`stated` None: sealed before profile answers were masked)."""
    if stated is None:
        return profiles(items, counts, cast)
    return tuple(Profile(item.key, _stated_shares([o.key for o in item.options], counts.get(item.key, {}), cast,
                                                  frozenset(stated.get(item.key, ()))))
                 for item in items if item.kind == ItemKind.PROFILE)


def _stated_shares(options: list[str], counts: dict[str, int], cast: int, hidden: frozenset) -> tuple[OptionShare, ...]:
    def share(option: str | None, count: int) -> OptionShare:
        if option in hidden:
            return OptionShare(option, False, None, None)
        return OptionShare(option, True, count, count / cast if cast else None)
    return (*(share(option, counts.get(option, 0)) for option in options),
            share(None, cast - sum(counts.values())))


def _scored(campaign: Campaign) -> list[Item]:
    return [item for item in campaign.questionnaire.items if item.kind == ItemKind.SCORED]


def _departments(campaign: Campaign, keys: list[str], found: sealed_statistics.Statistics) -> Departments | None:
    """Departments in questionnaire order, then "not stated": the ballots without a department
    answer, blank ones included, so that every ballot cast belongs to exactly one group.

    A group's figure is the mean composite score of its respondents, and the test across shown
    groups compares respondents' scores: one person's answers hang together, so counting each
    answer as a separate observation would find differences that are not there.
    """
    item = departments.department_item(campaign)
    if item is None or found.groups is None:
        return None
    shown = {group.group: group for group in found.groups}
    rows = tuple(group_row(shown[key].count(), True) if key in shown else group_row(GroupCount(key, 0, 0.0, 0), False)
                 for key in (*(option.key for option in item.options), None))
    cells = {(group.group, key): (satisfied, answered) for group in found.groups
             for key, satisfied, answered in zip(keys, group.satisfied, group.answered)}
    return Departments(Breakdown(rows, found.test, found.test_reason), cells)


def _comparison(session: Session, campaign: Campaign, now: list[rules.ItemCount],
                estimate: estimation.CompositeEstimate) -> Comparison | None:
    previous = store.previous_closed(session, campaign)
    if previous is None:
        return None
    results = campaigns.results(session, previous)
    before = {item.key: item for item in results.tally.items}
    old = {item.key: item for item in _scored(previous)}
    score = campaign.method == rules.SCORE
    pairs = [(item.key, (before[item.key].satisfied, before[item.key].answered), (item.satisfied, item.answered),
              comparison.refusal(old[item.key], new, score))
             for item, new in zip(now, _scored(campaign)) if item.key in before]
    items = comparison.item_changes(pairs)
    if previous.method != campaign.method:
        return Comparison(previous, None, items, "method_changed")
    weights = {item.key: item.weight for item in results.tally.items}
    if any(refused for *_rest, refused in pairs) or weights != {item.key: item.weight for item in now}:
        return Comparison(previous, None, items, "questionnaire_changed")
    change = comparison.composite_change(statistics_of(session, previous, results).composite, estimate)
    return Comparison(previous, change, items, None)
