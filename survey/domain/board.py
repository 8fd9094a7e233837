"""The jurisdiction's board (辖区看板): for the jurisdiction and each jurisdiction below it, the enterprises,
how many hold A, AA and AAA, the coverage (share holding any level) against the target, the yellow cards
open and their deadlines due; each enterprise's latest self-check composite with its turnout and the
spot check's discrepancy; a heat table of item rates, hidden for an enterprise of fewer than 5 ballots.

Everything is read from the seals (their summaries), counted in SQL; no ballot is read. A seal's figures are
read once per process and kept by the seal's digest.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy.orm import Session

from ..data import board as store
from ..data import declarations as cycles_store
from ..data.enums import CountingMethod, Level
from . import access, titles
from .errors import Invalid

HIDDEN_BELOW = 5  # ballots: fewer, and an enterprise's item rates are not shown
DEFAULT_TARGET = 75
SORTS = ("enterprise", "composite", "turnout", "discrepancy")


@dataclass
class Area:
    """One line of the board: a jurisdiction with every jurisdiction below it."""

    jurisdiction_id: int
    name: str
    enterprises: int = 0
    levels: dict[str, int] = field(default_factory=lambda: {level.value: 0 for level in Level})
    yellow_cards: int = 0
    due: int = 0

    @property
    def holding(self) -> int:
        return sum(self.levels.values())

    @property
    def coverage(self) -> Fraction | None:
        return Fraction(self.holding, self.enterprises) if self.enterprises else None


@dataclass
class Row:
    """An enterprise's latest self-check as sealed: composite (% for the rate method, points for the score
    method), turnout (%), ballots, the spot check's composite and the discrepancy (self-check − spot check)."""

    enterprise_id: int
    name: str
    method: str
    composite: Decimal | None
    turnout: Decimal | None
    ballots: int
    items: dict[str, Decimal | None]
    spot_check: Decimal | None = None

    @property
    def discrepancy(self) -> Decimal | None:
        if self.composite is None or self.spot_check is None:
            return None
        return self.composite - self.spot_check

    @property
    def hidden(self) -> bool:
        return self.ballots < HIDDEN_BELOW


@dataclass(frozen=True)
class Board:
    jurisdiction_id: int
    name: str
    target: int
    areas: list[Area]  # the jurisdiction first, then each one directly below it
    rows: list[Row]
    items: list[str]  # the heat table's columns: item keys in the order first met


def _percent(raw: str | None, shift: int = 2) -> Decimal | None:
    """A sealed decimal as a percentage (``shift`` 2), exactly as sealed (six decimals of the fraction)."""
    return None if raw is None else Decimal(raw).scaleb(shift)


def _rates(method: str, items) -> dict[str, Decimal | None]:
    """An item's satisfied rate (%) for the rate method, its value for the score method."""
    shift = 2 if method == CountingMethod.RATE else 0
    return {item["key"]: _percent(item.get("value_decimal"), shift) if item.get("answered") else None
            for item in items or []}


@dataclass(frozen=True)
class Sealed:
    """What the board shows of one sealed vote, as its seal's summary states it."""

    method: str
    composite: Decimal | None
    turnout: Decimal | None
    ballots: int
    items: dict[str, Decimal | None]


def _sealed(summary: dict) -> Sealed:
    method = summary.get("method")
    return Sealed(method, _percent(summary.get("composite_decimal"), 2 if method == CountingMethod.RATE else 0),
                  _percent(summary.get("turnout")), summary.get("cast") or 0, _rates(method, summary.get("items")))


# A seal never changes: its figures are read once per process, by its digest (most of a board's time was
# decoding 3,000 summaries and their decimals on every view). The oldest go first past KEPT_SEALS.
_kept: dict[str, Sealed] = {}
KEPT_SEALS = 10_000


def forget_seals() -> None:
    """Drop the kept figures (a process that switches databases, such as the test suite)."""
    _kept.clear()


def _read(session: Session, seals: list[tuple]) -> dict[str, Sealed]:
    """The figures of these seals by digest ((…, campaign, digest) each), those not kept yet read and kept."""
    found = {seal[-1]: _kept[seal[-1]] for seal in seals if seal[-1] in _kept}
    missing = {seal[-2] for seal in seals if seal[-1] not in found}
    for digest, summary in store.summaries(session, missing) if missing else ():
        if len(_kept) >= KEPT_SEALS:
            _kept.pop(next(iter(_kept)))
        found[digest] = _kept[digest] = _sealed(summary)
    return found


def _rows(session: Session, subtree: list[int]) -> list[Row]:
    rows: dict[int, Row] = {}
    spots: dict[int, Decimal | None] = {}
    seals = store.latest_seals(session, subtree)
    figures = _read(session, seals)
    for enterprise_id, name, _jurisdiction, spot, _campaign, digest in seals:
        if digest not in figures:  # sealed anew between the two reads: on the next view
            continue
        found = figures[digest]
        if spot:
            spots[enterprise_id] = found.composite
        else:
            rows[enterprise_id] = Row(enterprise_id, name, found.method, found.composite, found.turnout,
                                      found.ballots, dict(found.items))
    for enterprise_id, value in spots.items():
        if enterprise_id in rows:
            rows[enterprise_id].spot_check = value
    return list(rows.values())


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """By enterprise name or a figure; rows without the figure last, whichever the order."""
    if key not in SORTS:
        raise Invalid("invalid_input", errors={"sort": "board_sort_choice"})
    if key == "enterprise":
        return sorted(rows, key=lambda row: row.name, reverse=descending)
    present = [row for row in rows if getattr(row, key) is not None]
    missing = [row for row in rows if getattr(row, key) is None]
    return sorted(present, key=lambda row: getattr(row, key), reverse=descending) + missing


def _target(session: Session, jurisdiction_id: int) -> int:
    """The coverage target of the jurisdiction's newest cycle, else the default."""
    newest = cycles_store.cycles_of(session, [jurisdiction_id])
    return newest[0].coverage_target if newest else DEFAULT_TARGET


def _areas(session: Session, jurisdiction_id: int) -> tuple[list[Area], dict[int, Area], list[int]]:
    """The board's lines (the jurisdiction, then each one directly below it), the line each jurisdiction of
    the subtree counts in, and the subtree, from the hierarchy read at once."""
    names, children = {}, {}
    for j, parent, name in store.tree(session):
        names[j] = name
        children.setdefault(parent, []).append(j)
    areas = [Area(jurisdiction_id, names[jurisdiction_id])] + [
        Area(child, names[child]) for child in sorted(children.get(jurisdiction_id, []))]
    under = {area.jurisdiction_id: area for area in areas}
    subtree = [jurisdiction_id]
    for j in subtree:  # breadth first: a jurisdiction lies in the line of the root's child above it
        for child in children.get(j, []):
            if child not in subtree:
                under.setdefault(child, under[j])
                subtree.append(child)
    return areas, under, subtree


def board(session: Session, user, jurisdiction_id: int, today: date, sort: str = "composite",
          descending: bool = True) -> Board:
    """The board of a jurisdiction the user administers (404 for none, 403 for another's)."""
    access.require_jurisdiction(session, user, jurisdiction_id)
    areas, under, subtree = _areas(session, jurisdiction_id)

    def lines(jurisdiction: int) -> list[Area]:
        own = under[jurisdiction]
        return [areas[0]] if own is areas[0] else [areas[0], own]
    for jurisdiction, count in store.enterprises_per_jurisdiction(session, subtree).items():
        for area in lines(jurisdiction):
            area.enterprises += count
    for (jurisdiction, level), count in store.levels_per_jurisdiction(session, subtree).items():
        for area in lines(jurisdiction):
            area.levels[level] += count
    for deadline, near_days, jurisdiction in store.yellow_cards(session, subtree):
        for area in lines(jurisdiction):
            area.yellow_cards += 1
            area.due += titles.near(deadline, near_days, today)
    rows = _rows(session, subtree)
    items = list(dict.fromkeys(key for row in rows for key in row.items))
    return Board(jurisdiction_id, areas[0].name, _target(session, jurisdiction_id), areas,
                 sort_rows(rows, sort, descending), items)
