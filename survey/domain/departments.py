"""The department groups of a vote (部门分组) as the published breakdown counts them, and which of
them every ballot-level file hides (`sealing.Masking`).

A group is a department option key, or None for the ballots that did not say (blank ones
included), so that every ballot cast belongs to exactly one group.
"""
from ..data import statistics as sql
from ..data.enums import ItemKind
from ..data.models import Campaign, Item
from . import sealed_statistics, sealing
from .breakdown import GroupCount, hidden_groups, profile_distribution


def department_item(campaign: Campaign) -> Item | None:
    return next((i for i in campaign.questionnaire.items if i.kind == ItemKind.DEPARTMENT), None)


def groups(item: Item, sums: list[sql.GroupSums]) -> list[tuple[str | None, sql.GroupSums | None]]:
    """(group, its sums or None when it has no ballot) in questionnaire order, then "not stated"."""
    by_option = {g.group: g for g in sums}
    return [(option.key, by_option.get(option.id)) for option in item.options] + [(None, by_option.get(None))]


def group_counts(rows: list[tuple[str | None, sql.GroupSums | None]], items: int, cast: int) -> list[GroupCount]:
    """The breakdown's counts: ballots, the sum of the respondents' composite scores and of their
    squares, respondents, and answers to each of the `items` scored items. "Not stated" gets every
    ballot cast that no department has."""
    counts = [GroupCount(key, g.ballots, g.sum_x, g.n, g.answered, g.sum_x2) if g
              else GroupCount(key, 0, 0.0, 0, (0,) * items) for key, g in rows]
    counts[-1] = counts[-1]._replace(ballots=cast - sum(c.ballots for c in counts[:-1]))
    return counts


def shown_groups(item: Item, items: int, sums: list[sql.GroupSums], cast: int) -> tuple[sealed_statistics.Group, ...]:
    """The groups the breakdown shows, with their figures, in questionnaire order (then not stated)."""
    rows = groups(item, sums)
    counts = group_counts(rows, items, cast)
    hidden = hidden_groups(counts)
    return tuple(sealed_statistics.Group(key, count.ballots, count.answered, count.sum_x, count.sum_x2,
                                         g.satisfied if g else (0,) * items, count.item_answered)
                 for index, ((key, g), count) in enumerate(zip(rows, counts)) if index not in hidden)


def masking(campaign: Campaign, cast: int, distribution: dict[str, dict[str, int]],
            items: int, sums: list[sql.GroupSums]) -> sealing.Masking | None:
    """The groups hidden by the published tables, for the ballot-level files: departments as the
    breakdown hides them (from the SQL `sums` per department over `items` scored items), each
    profile question's options as its distribution does (from the tally's `distribution`); None
    when there is nothing to mask."""
    profiles = tuple(_profile_masking(item, distribution.get(item.key, {}), cast)
                     for item in campaign.questionnaire.items if item.kind == ItemKind.PROFILE)
    item = department_item(campaign)
    if item is None:
        return sealing.Masking(None, (), frozenset(), profiles) if profiles else None
    shown = {group.group for group in shown_groups(item, items, sums, cast)}
    every = (*(option.key for option in item.options), None)
    return sealing.Masking(item.key, every, frozenset(group for group in every if group not in shown), profiles)


def _profile_masking(item: Item, counts: dict[str, int], cast: int) -> sealing.Masking:
    rows = profile_distribution([o.key for o in item.options], counts, cast)
    return sealing.Masking(item.key, tuple(row.option for row in rows),
                           frozenset(row.option for row in rows if not row.shown))
