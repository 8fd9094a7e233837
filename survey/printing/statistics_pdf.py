"""The statistics section of the self-check attachment PDF: sentences, then the charts drawn with reportlab
shapes from the same `chartdata` as the SVG charts on the chair's page."""
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from .chartdata import Bar, Estimate, Heat
from .charts import EMPTY, LINE, heat_colour, tone_colour
from .attachment import MARGIN, Section, markup, styles
from .fonts import LATIN_FONT, register_cjk_font

WIDTH = A4[0] - 2 * MARGIN


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


def _text(x: float, y: float, text: str, size: float = 8, anchor: str = "start", colour=colors.black) -> String:
    """A label in Helvetica when it is plain ASCII, else in the embedded CJK font."""
    font = LATIN_FONT if text.isascii() else register_cjk_font()
    return String(x, y, text, fontName=font, fontSize=size, textAnchor=anchor, fillColor=colour)


def interval_drawing(estimate: Estimate, threshold_label: str) -> Drawing:
    left, right, axis = 10.0, WIDTH - 10.0, 14.0
    drawing = Drawing(WIDTH, 60)

    def at(value: float) -> float:
        return left + (right - left) * value / estimate.top

    drawing.add(Line(left, axis, right, axis, strokeColor=colors.grey))
    for tick in range(0, 101, 20):
        drawing.add(_text(at(estimate.top * tick / 100), 2, f"{tick}%" if estimate.percent else str(tick), 7, "middle"))
    if estimate.low is not None and estimate.high is not None:
        drawing.add(Rect(at(estimate.low), axis + 8, max(at(estimate.high) - at(estimate.low), 1), 10,
                         fillColor=colors.HexColor("#9fc5e8"), strokeColor=None))
    x = at(estimate.threshold)
    drawing.add(Line(x, axis, x, 56, strokeColor=colors.HexColor(LINE), strokeWidth=1.5, strokeDashArray=[4, 2]))
    drawing.add(_text(x + 3, 50, threshold_label, 8, colour=colors.HexColor(LINE)))
    if estimate.value is not None:
        drawing.add(Circle(at(estimate.value), axis + 13, 3.5, fillColor=colors.HexColor("#0b5394"), strokeColor=None))
    return drawing


def bars_drawing(bars: tuple[Bar, ...]) -> Drawing:
    row, height = 22.0, 9.0
    drawing = Drawing(WIDTH, row * len(bars))
    for index, bar in enumerate(bars):
        y = row * (len(bars) - index - 1)
        drawing.add(_text(0, y + height + 3, bar.label, 7.5))
        x = 0.0
        for segment in bar.segments:
            width = WIDTH * segment.count / bar.total if bar.total else 0
            fill = colors.HexColor(tone_colour(segment.tone, len(bar.segments)))
            drawing.add(Rect(x, y, width, height, fillColor=fill, strokeColor=None))
            x += width
    return drawing


def heat_drawing(heat: Heat, hidden_label: str) -> Drawing:
    label_width, cell_height = 150.0, 14.0
    cell_width = (WIDTH - label_width) / max(len(heat.columns), 1)
    drawing = Drawing(WIDTH, cell_height * (len(heat.rows) + 1))
    top = cell_height * len(heat.rows)
    for col, name in enumerate(heat.columns):
        drawing.add(_text(label_width + cell_width * (col + 0.5), top + 4, name, 7.5, "middle"))
    for index, line in enumerate(heat.rows):
        y = top - cell_height * (index + 1)
        drawing.add(_text(0, y + 4, line.label[:22], 7.5))
        for col, rate in enumerate(line.cells):
            x = label_width + cell_width * col
            fill = EMPTY if rate is None else heat_colour(rate)
            drawing.add(Rect(x + 0.5, y + 0.5, cell_width - 1, cell_height - 1, fillColor=colors.HexColor(fill), strokeColor=None))
            words = hidden_label if heat.hidden[col] else ("—" if rate is None else f"{rate * 100:.0f}%")
            drawing.add(_text(x + cell_width / 2, y + 4, words, 7, "middle"))
    return drawing


def section(page: StatisticsPage) -> Section:
    """An attachment section: the sentences, the composite against the line, answers, departments."""
    def add(story: list[Flowable]) -> None:
        look = styles()
        story.append(Paragraph(markup(page.heading), look["heading"]))
        story.extend(Paragraph(markup(sentence), look["body"]) for sentence in page.sentences)
        story.append(KeepTogether([interval_drawing(page.estimate, page.threshold_label)]))
        story.append(bars_drawing(page.bars))
        if page.heat is not None:
            story.append(KeepTogether([heat_drawing(page.heat, page.hidden_label)]))
    return add
