"""Sums for the survey statistics, aggregated in SQL in one pass: no ballot is loaded into Python.

The inner query groups a campaign's answers by ballot (the ballot index hands them over in key
order, so no sort is needed) and keeps, per ballot, its department answer, its composite
numerator and denominator (SUM(weight * satisfied) and SUM(weight), or the weighted 0–100 score),
the total T of its rank values, how many scored items it answered, and its answers themselves,
packed into integers: each item's rank value (top option highest: 3..1 or 5..1, 0 when skipped)
takes 3 bits and its satisfied flag 1 bit, 20 items to a 64-bit word. Packing keeps the per-answer
work to a handful of sums however many items there are. The outer query groups those ballot rows
by department and sums x = numerator / denominator, x*x, and per item the counts, v_i, v_i*v_i
and v_i*T (the last three over ballots that answered every scored item, for Cronbach's alpha).
Given each item's influence coefficients (c_j, r_j) from the tally, each ballot also sums its
linearized value z = SUM over its answers of c_j * (value - r_j), and the outer query SUM(z*z).
Every sum is additive, so the whole campaign is the sum of its department rows.
"""
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import BigInteger, Float, case, cast, func, literal, literal_column, select, text
from sqlalchemy.orm import Session

from .enums import ItemKind
from .models import Answer, Ballot, Campaign, Item, Option

VALUE_BITS = 3
ITEMS_PER_WORD = 20  # 20 × 3 bits of rank values, or 20 satisfied bits, in one signed 64-bit integer
PG_WORK_MEM = "256MB"


@dataclass(frozen=True)
class GroupSums:
    """The sums of one department's ballots (``group`` is its option id, None: not stated or not
    asked). Item tuples follow the scored items in questionnaire order."""

    group: int | None
    ballots: int  # ballots with at least one scored or department answer
    n: int  # ballots with a composite score: COUNT(x), SUM(x), SUM(x*x)
    sum_x: float
    sum_x2: float
    complete: int  # ballots that answered every scored item, and their SUM(v_i), SUM(v_i²), SUM(v_i·T)
    item_sums: tuple[float, ...]
    item_sq_sums: tuple[float, ...]
    item_total_sums: tuple[float, ...]
    satisfied: tuple[int, ...]  # satisfied answers and all answers per item (skips excluded)
    answered: tuple[int, ...]
    sum_z2: float = 0.0  # SUM(z*z) of the ballots' linearized values (0 without influence coefficients)


def _inline(number: int):
    return literal_column(str(int(number)))


def _by_item(item_ids: list[int], value_of) -> object:
    """A CASE over the option's item giving ``value_of(index)`` for the index-th scored item."""
    whens = {item_id: _inline(value_of(index)) for index, item_id in enumerate(item_ids) if value_of(index)}
    return case(whens, value=Option.item_id, else_=literal(0)) if whens else literal(0)


def _words(item_ids: list[int]) -> range:
    return range((len(item_ids) + ITEMS_PER_WORD - 1) // ITEMS_PER_WORD)


def _bit(index: int, word: int, width: int) -> int:
    """The place value of the index-th item's field in a packed word (0 when it lies in another)."""
    return 1 << width * (index % ITEMS_PER_WORD) if index // ITEMS_PER_WORD == word else 0


Influence = Mapping[int, tuple[float, float]]  # scored item id → (c_j, r_j)


def _influence(influence: Influence, score_method: bool):
    """c_j * (value - r_j) of an option: its value is satisfied 0/1, or its score."""
    value = Option.score if score_method else case((Option.satisfied, 1), else_=0)
    whens = {item_id: literal(c, Float) * (value - literal(r, Float)) for item_id, (c, r) in influence.items()}
    return case(whens, value=Option.item_id, else_=literal(0.0, Float)) if whens else literal(0.0, Float)


def _options(campaign: Campaign, item_ids: list[int], influence: Influence, score_method: bool):
    """Each option of the scored and department items with what a ballot sums for it.

    Every scored item has as many options as the questionnaire's scale has points, so the option
    at position p has the rank value ``scale - p``. Materialized: computed once, not per answer.
    """
    scored = Item.kind == ItemKind.SCORED
    rank = literal(campaign.questionnaire.scale) - Option.position
    satisfied = case((Option.satisfied, 1), else_=0)
    return (
        select(
            Option.id,
            case((scored, Item.weight), else_=0).label("weight"),
            case((scored, Item.weight * satisfied), else_=0).label("weighted_satisfied"),
            case((scored, Item.weight * Option.score), else_=0).label("weighted_score"),
            case((scored, 1), else_=0).label("scored"),
            case((scored, rank), else_=0).label("rank"),
            *[case((scored, rank * _by_item(item_ids, lambda i, w=w: _bit(i, w, VALUE_BITS))), else_=0)
              .label(f"ranks{w}") for w in _words(item_ids)],
            *[case((scored, satisfied * _by_item(item_ids, lambda i, w=w: _bit(i, w, 1))), else_=0)
              .label(f"satisfied{w}") for w in _words(item_ids)],
            case((Item.kind == ItemKind.DEPARTMENT, Option.id)).label("department"),
            _influence(influence, score_method).label("influence"),
        )
        .join(Item, Item.id == Option.item_id)
        .where(Item.questionnaire_id == campaign.questionnaire_id,
               Item.kind.in_((ItemKind.SCORED, ItemKind.DEPARTMENT)))
        .cte("ballot_option").prefix_with("MATERIALIZED", dialect="sqlite")
    )


def _per_ballot(campaign: Campaign, item_ids: list[int], score_method: bool, influence: Influence):
    o = _options(campaign, item_ids, influence, score_method)

    def packed(name: str):
        return cast(func.sum(o.c[name]), BigInteger).label(name)

    return (
        select(
            func.max(o.c.department).label("department"),
            func.sum(o.c.weighted_score if score_method else o.c.weighted_satisfied).label("num"),
            func.sum(o.c.weight).label("den"),
            func.sum(o.c.rank).label("total"),
            func.sum(o.c.scored).label("answered"),
            func.sum(o.c.influence).label("z"),
            *[packed(f"{name}{w}") for name in ("ranks", "satisfied") for w in _words(item_ids)],
        )
        .select_from(Ballot).join(Answer, Answer.ballot_id == Ballot.id).join(o, o.c.id == Answer.option_id)
        .where(Ballot.campaign_id == campaign.id).group_by(Ballot.id).subquery("per_ballot")
    )


def _scored_items(session: Session, questionnaire_id: int) -> list[tuple[int, str]]:
    return [tuple(row) for row in session.execute(
        select(Item.id, Item.key).where(Item.questionnaire_id == questionnaire_id, Item.kind == ItemKind.SCORED)
        .order_by(Item.position))]


def group_sums(session: Session, campaign: Campaign, score_method: bool,
               influence: Mapping[str, tuple[float, float]] | None = None) -> tuple[tuple[str, ...], list[GroupSums]]:
    """The scored item keys, and the sums per department (one row when none is asked);
    ``influence``: item key → (c_j, r_j) for SUM(z*z)."""
    items = _scored_items(session, campaign.questionnaire_id)
    influence = influence or {}
    by_id = {item_id: influence[key] for item_id, key in items if key in influence}
    if session.get_bind().dialect.name == "postgresql":
        # Let the per-ballot hash aggregate (about 250 bytes a ballot) stay in memory instead of
        # spilling to disk; the setting ends with this transaction.
        session.execute(text(f"SET LOCAL work_mem = '{PG_WORK_MEM}'"))
    b = _per_ballot(campaign, [item_id for item_id, _key in items], score_method, by_id)
    x = case((b.c.den > 0, cast(b.c.num, Float) / b.c.den))
    complete = b.c.answered == len(items)
    ranks, satisfied = [], []
    for i in range(len(items)):
        word, slot = divmod(i, ITEMS_PER_WORD)
        ranks.append(b.c[f"ranks{word}"].bitwise_rshift(_inline(VALUE_BITS * slot)).bitwise_and(_inline(7)))
        satisfied.append(b.c[f"satisfied{word}"].bitwise_rshift(_inline(slot)).bitwise_and(_inline(1)))
    when_complete = [case((complete, v)) for v in ranks]
    rows = session.execute(select(
        b.c.department, func.count(), func.count(x), func.sum(x), func.sum(x * x), func.count(case((complete, 1))),
        *[func.sum(v) for v in when_complete], *[func.sum(v * v) for v in when_complete],
        *[func.sum(v * b.c.total) for v in when_complete],
        *[func.sum(s) for s in satisfied], *[func.count(case((v > 0, 1))) for v in ranks],
        func.sum(b.c.z * b.c.z),
    ).group_by(b.c.department)).all()
    return tuple(key for _id, key in items), [_group(row, len(items)) for row in rows]


def _group(row, k: int) -> GroupSums:
    def floats(start: int) -> tuple[float, ...]:
        return tuple(float(s or 0) for s in row[start:start + k])

    return GroupSums(row[0], row[1], row[2], float(row[3] or 0), float(row[4] or 0), row[5],
                     floats(6), floats(6 + k), floats(6 + 2 * k),
                     tuple(int(s or 0) for s in row[6 + 3 * k:6 + 4 * k]), tuple(row[6 + 4 * k:6 + 5 * k]),
                     float(row[6 + 5 * k] or 0))
