"""What the report charts show, computed once from the statistics dictionary (the results API's
`statistics`), for any drawing back end: SVG in the browser, reportlab shapes in a PDF.

Pure data: labels arrive already in the reader's language; shares and rates are decimals.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    label: str
    count: int
    share: float  # of the item's answers, 0..1
    tone: int  # 0 for the top option … last for the bottom one


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Estimate:
    """A composite with its interval against the threshold, all on the scale [0, top]."""

    value: float | None
    low: float | None
    high: float | None
    threshold: float
    top: float
    percent: bool  # rates are drawn as percentages, scores as points


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: tuple[float | None, ...]  # rate per column; None when hidden or unanswered


@dataclass(frozen=True)
class Heat:
    columns: tuple[str, ...]
    hidden: tuple[bool, ...]  # per column: fewer than 5 ballots, or hidden to protect one that has
    rows: tuple[HeatRow, ...]


def distribution_bars(statistics: dict) -> tuple[Bar, ...]:
    """One stacked bar per scored item: its answers per option, top option first."""
    return tuple(
        Bar(item["text"], item["answered"], tuple(
            Segment(option["text"], option["count"], option["share"] or 0.0, tone)
            for tone, option in enumerate(item["distribution"])))
        for item in statistics["items"])


def composite_estimate(statistics: dict) -> Estimate:
    composite = statistics["composite"]
    low, high = composite["ci95"] or (None, None)
    top = statistics["scale"][1]
    return Estimate(composite["estimate"], low, high, composite["test"]["threshold"], top, top == 1)


def department_heat(statistics: dict) -> Heat | None:
    """Items down, departments across; a hidden department's column stays empty."""
    departments = statistics["departments"]
    if departments is None:
        return None
    groups = departments["rows"]
    return Heat(
        tuple(group["name"] for group in groups), tuple(not group["shown"] for group in groups),
        tuple(HeatRow(item["text"], tuple(group["items"].get(item["key"]) for group in groups))
              for item in statistics["items"]))
