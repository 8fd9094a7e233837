"""The statistics section of the self-check attachment PDF: sentences, then the charts drawn with reportlab
shapes from the same `chartdata` as the SVG charts on the chair's page.

Each chart has a heading and a legend; bars carry their percentages and stay between the ends of
their axis, so a printed copy reads without the web page beside it.
"""
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from .chartdata import Bar, Estimate, Heat
from .charts import EMPTY, LINE, heat_colour, tone_colour
from .attachment import MARGIN, Section, markup, styles
from .fonts import text_runs, text_width

WIDTH = A4[0] - 2 * MARGIN
INSET = 12.0  # the axes start and end this far inside the drawing, so end labels fit
LABEL_WIDTH = 150.0  # the item names left of the bars and the heat table
INTERVAL_FILL, ESTIMATE_FILL, THRESHOLD_INK = colors.HexColor("#9fc5e8"), colors.HexColor("#0b5394"), colors.HexColor(LINE)
SWATCH = 7.0


@dataclass(frozen=True)
class ChartWords:
    """Headings and legend entries of the charts, in the reader's language."""

    composite: str  # heading of the composite chart, e.g. "Composite with its 95% interval"
    estimate: str  # legend: the dot, e.g. "Mean of the respondents"
    interval: str  # legend: the band, e.g. "95% interval"
    threshold: str  # legend: the dashed line, e.g. "threshold 80% or more"
    answers: str  # heading of the answers chart, e.g. "Answers per item"
    departments: str  # heading of the heat table, e.g. "Satisfied rate by department"


@dataclass(frozen=True)
class StatisticsPage:
    """What the section says, already in the reader's language."""

    heading: str
    sentences: Sequence[str]
    estimate: Estimate
    threshold_label: str
    bars: tuple[Bar, ...]
    heat: Heat | None
    hidden_label: str
    words: ChartWords


def label(x: float, y: float, text: str, size: float = 8, anchor: str = "start", colour=colors.black) -> Group:
    """A label drawn in runs, Latin ones in Helvetica and the rest in the CJK font (which has no Latin)."""
    width = text_width(text, size)
    x -= {"start": 0, "middle": width / 2, "end": width}[anchor]
    group = Group()
    for font, chunk in text_runs(text):
        group.add(String(x, y, chunk, fontName=font, fontSize=size, fillColor=colour))
        x += text_width(chunk, size)
    return group


def _fitted(text: str, width: float, size: float, smallest: float = 6) -> tuple[str, float]:
    """The text at the largest size down to `smallest` that fits the width, shortened with … below that."""
    size = max(min(size, size * width / max(text_width(text, size), 0.01)), smallest)
    while text_width(text, size) > width and len(text) > 1:
        text = text[:-2] + "…"
    return text, size


def _percent(value: float, estimate: Estimate) -> str:
    return f"{value * 100:.1f}%" if estimate.percent else f"{value:.1f}"


def _axis(drawing: Drawing, left: float, right: float, y: float, percent: bool = True, top: float = 1.0) -> None:
    """A horizontal axis from left to right with ticks and labels at 0, 20, … 100."""
    drawing.add(Line(left, y, right, y, strokeColor=colors.grey, strokeWidth=0.6))
    for tick in range(0, 101, 20):
        x = left + (right - left) * tick / 100
        drawing.add(Line(x, y, x, y - 2.5, strokeColor=colors.grey, strokeWidth=0.6))
        drawing.add(label(x, y - 10, f"{tick}%" if percent else f"{top * tick / 100:g}", 7, "middle"))


def _legend(drawing: Drawing, y: float, entries: Sequence[tuple[object, str]], x: float = 0.0) -> None:
    """Swatches (a fill colour, or a shape factory taking x and y) with their words, left to right."""
    for mark, words in entries:
        drawing.add(mark(x, y) if callable(mark) else
                    Rect(x, y, SWATCH, SWATCH, fillColor=mark, strokeColor=None))
        drawing.add(label(x + SWATCH + 3, y + 0.5, words, 7.5))
        x += SWATCH + 14 + text_width(words, 7.5)


def interval_drawing(estimate: Estimate, threshold_label: str, words: ChartWords) -> Drawing:
    """The composite as a dot with its value, its 95% interval as a band, the threshold as a dashed
    line, on an axis from 0 to the top of the scale; the legend below says which is which."""
    left, right, axis = INSET, WIDTH - INSET, 34.0
    drawing = Drawing(WIDTH, 84)

    def at(value: float) -> float:
        return left + (right - left) * value / estimate.top

    _axis(drawing, left, right, axis, estimate.percent, estimate.top)
    interval = words.interval
    if estimate.low is not None and estimate.high is not None:
        drawing.add(Rect(at(estimate.low), axis + 8, max(at(estimate.high) - at(estimate.low), 1), 10,
                         fillColor=INTERVAL_FILL, strokeColor=None))
        interval = f"{words.interval} {_percent(estimate.low, estimate)} – {_percent(estimate.high, estimate)}"
    x = at(estimate.threshold)
    drawing.add(Line(x, axis, x, 78, strokeColor=THRESHOLD_INK, strokeWidth=1.5, strokeDashArray=[4, 2]))
    near_end = x > right - 60
    drawing.add(label(x - 3 if near_end else x + 3, 72, threshold_label, 8, "end" if near_end else "start", THRESHOLD_INK))
    estimate_words = words.estimate
    if estimate.value is not None:
        drawing.add(Circle(at(estimate.value), axis + 13, 3.5, fillColor=ESTIMATE_FILL, strokeColor=None))
        value = _percent(estimate.value, estimate)
        half = text_width(value, 8) / 2 + 1.5
        drawing.add(Rect(at(estimate.value) - half, axis + 22, 2 * half, 10, fillColor=colors.white, strokeColor=None))
        drawing.add(label(at(estimate.value), axis + 24.5, value, 8, "middle"))
        estimate_words = f"{words.estimate} {value}"
    _legend(drawing, 4, (
        (lambda lx, ly: Circle(lx + SWATCH / 2, ly + SWATCH / 2, 3.5, fillColor=ESTIMATE_FILL, strokeColor=None),
         estimate_words),
        (INTERVAL_FILL, interval),
        (lambda lx, ly: Line(lx + SWATCH / 2, ly - 1, lx + SWATCH / 2, ly + SWATCH + 1, strokeColor=THRESHOLD_INK,
                             strokeWidth=1.5, strokeDashArray=[2, 1]), words.threshold),
    ))
    return drawing


def _ink(fill: str):
    """White on dark fills, black on light ones."""
    red, green, blue = (int(fill[i:i + 2], 16) for i in (1, 3, 5))
    return colors.white if 0.299 * red + 0.587 * green + 0.114 * blue < 150 else colors.black


def bars_drawing(bars: tuple[Bar, ...]) -> Drawing:
    """One bar per item between the ends of a 0–100% axis, each segment an option's share with
    its percentage printed on it where it fits; the options' colours in a legend above."""
    row, height, legend, axis = 17.0, 11.0, 16.0, 16.0
    left, right = LABEL_WIDTH, WIDTH - INSET
    drawing = Drawing(WIDTH, legend + row * len(bars) + axis)
    if bars:
        options = len(bars[0].segments)
        _legend(drawing, drawing.height - 10, [(colors.HexColor(tone_colour(segment.tone, options)), segment.label)
                                               for segment in bars[0].segments], left)
    for index, bar in enumerate(bars):
        y = axis + row * (len(bars) - index - 1) + (row - height) / 2
        text, size = _fitted(bar.label, left - 6, 7.5)
        drawing.add(label(0, y + 2.5, text, size))
        _bar(drawing, bar, left, right, y, height)
    _axis(drawing, left, right, axis - 2)
    return drawing


def _bar(drawing: Drawing, bar: Bar, left: float, right: float, y: float, height: float) -> None:
    if not bar.total:
        drawing.add(Rect(left, y, right - left, height, fillColor=colors.HexColor(EMPTY), strokeColor=None))
        return
    x = left
    for segment in bar.segments:
        width = (right - left) * segment.count / bar.total
        fill = tone_colour(segment.tone, len(bar.segments))
        drawing.add(Rect(x, y, width, height, fillColor=colors.HexColor(fill), strokeColor=None))
        words = f"{segment.share * 100:.0f}%"
        if width >= text_width(words, 6.5) + 3:
            drawing.add(label(x + width / 2, y + 3, words, 6.5, "middle", _ink(fill)))
        x += width


def heat_drawing(heat: Heat, hidden_label: str) -> Drawing:
    """Item rates (rows) per department (columns), coloured red at 50% or below through yellow at 80%
    to green at 100%; the colour scale and the hidden mark in a legend below."""
    cell_height, legend = 14.0, 16.0
    cell_width = (WIDTH - LABEL_WIDTH) / max(len(heat.columns), 1)
    drawing = Drawing(WIDTH, cell_height * (len(heat.rows) + 1) + legend)
    top = legend + cell_height * len(heat.rows)
    for col, name in enumerate(heat.columns):
        text, size = _fitted(name, cell_width - 4, 7.5)
        drawing.add(label(LABEL_WIDTH + cell_width * (col + 0.5), top + 4, text, size, "middle"))
    for index, line in enumerate(heat.rows):
        y = top - cell_height * (index + 1)
        text, size = _fitted(line.label, LABEL_WIDTH - 6, 7.5)
        drawing.add(label(0, y + 4, text, size))
        for col, rate in enumerate(line.cells):
            x = LABEL_WIDTH + cell_width * col
            fill = EMPTY if rate is None else heat_colour(rate)
            drawing.add(Rect(x + 0.5, y + 0.5, cell_width - 1, cell_height - 1, fillColor=colors.HexColor(fill), strokeColor=None))
            words = hidden_label if heat.hidden[col] else ("—" if rate is None else f"{rate * 100:.0f}%")
            drawing.add(label(x + cell_width / 2, y + 4, words, 7, "middle"))
    scale = [(colors.HexColor(heat_colour(rate)), f"{rate * 100:.0f}%") for rate in (0.65, 0.8, 0.9, 1.0)]
    _legend(drawing, 2, [(colors.HexColor(heat_colour(0.5)), "0–50%"), *scale, (colors.HexColor(EMPTY), hidden_label)],
            LABEL_WIDTH)
    return drawing


def _chart(heading: str, drawing: Drawing) -> Flowable:
    return KeepTogether([Paragraph(markup(heading), styles()["subheading"]), drawing])


def section(page: StatisticsPage) -> Section:
    """An attachment section: the sentences, then each chart under its heading; no charts without a
    valid ballot (nothing to draw, and no threshold to compare with)."""
    def add(story: list[Flowable]) -> None:
        look = styles()
        story.append(Paragraph(markup(page.heading), look["heading"]))
        story.extend(Paragraph(markup(sentence), look["body"]) for sentence in page.sentences)
        if page.estimate.value is None:
            return
        story.append(_chart(page.words.composite, interval_drawing(page.estimate, page.threshold_label, page.words)))
        story.append(_chart(page.words.answers, bars_drawing(page.bars)))
        if page.heat is not None:
            story.append(_chart(page.words.departments, heat_drawing(page.heat, page.hidden_label)))
    return add
