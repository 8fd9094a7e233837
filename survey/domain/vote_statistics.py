"""A closed vote's statistics from one SQL pass over its answers (`data.statistics`): what the seal
keeps at close (`sealed_statistics`), and what a vote sealed before statistics were sealed shows."""
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy.orm import Session

from ..data import statistics as sql
from ..data.models import Campaign
from . import departments, estimation, rules
from .sealed_statistics import Statistics, Sums, compute


@dataclass(frozen=True)
class Pass:
    """One SQL pass: the scored item keys and the sums per department (one row when none is asked)."""

    keys: tuple[str, ...]
    groups: list[sql.GroupSums]


def sql_pass(session: Session, campaign: Campaign, distribution: dict[str, dict[str, int]]) -> Pass:
    """The sums of a vote's answers, with each item's influence from the tally's answers per option."""
    counts = rules.item_counts(campaign.questionnaire.items, distribution)
    influence = estimation.influence(campaign.method, counts)
    return Pass(*sql.group_sums(session, campaign, campaign.method == rules.SCORE, influence))


def _sums(found: Pass) -> Sums:
    """The whole vote's sums: every one is additive over departments."""
    def add(field: str) -> tuple:
        return tuple(map(sum, zip(*(getattr(g, field) for g in found.groups)))) or (0,) * len(found.keys)

    return Sums(sum(g.n for g in found.groups), sum(g.sum_z2 for g in found.groups),
                sum(g.complete for g in found.groups), add("item_sums"), add("item_sq_sums"), add("item_total_sums"))


def statistics(campaign: Campaign, composite: Fraction | None, cast: int, found: Pass,
               population: int | None = None) -> Statistics:
    """The statistics of the tally's ``composite`` over ``cast`` ballots; departments as the breakdown shows them.
    ``population``: whom the ballots speak for, when not the vote's electorate (a spot check samples the workforce)."""
    item = departments.department_item(campaign)
    shown = None if item is None else departments.shown_groups(item, len(found.keys), found.groups, cast)
    return compute(composite, cast, population or campaign.electorate, estimation.top_of(campaign.method),
                   _sums(found), shown)
