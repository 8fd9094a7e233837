"""Server-rendered SVG charts of a vote's statistics, from `chartdata`.

Colours and sizes are SVG presentation attributes (fill=, stroke=), never style=, so the charts
work under a Content-Security-Policy without 'unsafe-inline'. Each chart scales to its container
through its viewBox; every mark has a <title> for screen readers and tooltips.
"""
import xml.etree.ElementTree as ET

from .chartdata import Bar, Estimate, Heat

WIDTH = 640
FONT = "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"
TONES = {  # answer colours, top option first (green) to bottom option (red)
    3: ("#2e7d32", "#9ccc65", "#c62828"),
    5: ("#1b5e20", "#66bb6a", "#bdbdbd", "#ef6c00", "#c62828"),
}
INK, MUTED, LINE, EMPTY = "#1d232a", "#5b6470", "#b3261e", "#e0e3e7"
BAR_HEIGHT, ROW_HEIGHT, LEGEND_HEIGHT = 24, 54, 34  # sized to stay legible at phone width (about 0.55×)


def _svg(height: float, label: str, css_class: str) -> ET.Element:
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {WIDTH} {height:g}", "role": "img",
        "class": f"chart {css_class}", "font-family": FONT, "font-size": "18", "fill": INK})
    ET.SubElement(svg, "title").text = label
    return svg


def _add(parent: ET.Element, tag: str, title: str | None = None, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {key.rstrip("_").replace("_", "-"): _value(v) for key, v in attributes.items()})
    if title:
        ET.SubElement(element, "title").text = title
    if text is not None:
        element.text = text
    return element


def _value(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def tone_colour(tone: int, options: int) -> str:
    """The colour of the tone-th option of an item with that many options."""
    palette = TONES.get(options) or TONES[5]
    return palette[min(tone, len(palette) - 1)]


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _text_width(text: str, size: float) -> float:
    """About how wide text is drawn: CJK characters are square, Latin ones about 0.6 as wide."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in text)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def stacked_bars(bars: tuple[Bar, ...], label: str) -> str:
    """Answers per option of each item as one bar of WIDTH, segment widths proportional to counts."""
    options = len(bars[0].segments) if bars else 0
    svg = _svg(LEGEND_HEIGHT + ROW_HEIGHT * len(bars), label, "bars")
    x = 0.0
    for segment in bars[0].segments if bars else ():
        _add(svg, "rect", x=x, y=6, width=16, height=16, fill=tone_colour(segment.tone, options))
        _add(svg, "text", x=x + 21, y=21, text=segment.label)
        x += 36 + _text_width(segment.label, 18)
    for row, bar in enumerate(bars):
        top = LEGEND_HEIGHT + ROW_HEIGHT * row
        _add(svg, "text", x=0, y=top + 18, text=_short(bar.label, 32), title=bar.label)
        _segments(svg, bar, top + 25, options)
    return ET.tostring(svg, encoding="unicode")


def _segments(svg: ET.Element, bar: Bar, y: float, options: int) -> None:
    if not bar.total:
        _add(svg, "rect", x=0, y=y, width=WIDTH, height=BAR_HEIGHT, fill=EMPTY)
        return
    x = 0.0
    for segment in bar.segments:
        width = WIDTH * segment.count / bar.total
        if width > 0:
            _add(svg, "rect", class_="segment", x=x, y=y, width=width, height=BAR_HEIGHT,
                 fill=tone_colour(segment.tone, options), title=f"{segment.label}: {segment.count} ({_percent(segment.share)})")
        if width >= 48:
            _add(svg, "text", x=x + width / 2, y=y + 18, text_anchor="middle", fill="#fff", font_size=15,
                 text=_percent(segment.share))
        x += width


def _format(value: float, estimate: Estimate) -> str:
    return f"{value * 100:.1f}%" if estimate.percent else f"{value:.1f}"


def interval_chart(estimate: Estimate, label: str, threshold_label: str) -> str:
    """The composite as a dot, its 95% interval as a band, the threshold as a dashed line."""
    left, right, axis = 24.0, WIDTH - 24.0, 84.0
    svg = _svg(112, label, "interval")

    def at(value: float) -> float:
        return left + (right - left) * value / estimate.top

    _add(svg, "line", x1=left, y1=axis, x2=right, y2=axis, stroke=MUTED)
    for tick in range(0, 101, 20):
        value = estimate.top * tick / 100
        _add(svg, "line", x1=at(value), y1=axis, x2=at(value), y2=axis + 5, stroke=MUTED)
        _add(svg, "text", x=at(value), y=axis + 24, text_anchor="middle", fill=MUTED, font_size=15,
             text=f"{tick}%" if estimate.percent else str(tick))
    if estimate.low is not None and estimate.high is not None:
        _add(svg, "rect", class_="interval", x=at(estimate.low), y=axis - 32,
             width=max(at(estimate.high) - at(estimate.low), 1.0), height=20, fill="#9fc5e8", rx=3,
             title=f"95%: {_format(estimate.low, estimate)} – {_format(estimate.high, estimate)}")
    _add(svg, "line", class_="threshold", x1=at(estimate.threshold), y1=8, x2=at(estimate.threshold), y2=axis,
         stroke=LINE, stroke_width=2, stroke_dasharray="5 3", title=threshold_label)
    _add(svg, "text", x=at(estimate.threshold) + 5, y=22, fill=LINE, text=threshold_label)
    if estimate.value is not None:
        _add(svg, "circle", class_="estimate", cx=at(estimate.value), cy=axis - 22, r=8, fill="#0b5394",
             title=_format(estimate.value, estimate))
        _add(svg, "text", x=at(estimate.value), y=axis - 40, text_anchor="middle", font_weight="bold",
             text=_format(estimate.value, estimate))
    return ET.tostring(svg, encoding="unicode")


def heat_colour(rate: float) -> str:
    """Red at 50% or below, yellow at 80%, green at 100%."""
    stops = ((0.5, (198, 40, 40)), (0.8, (253, 216, 53)), (1.0, (46, 125, 50)))
    rate = min(max(rate, stops[0][0]), 1.0)
    for (r0, c0), (r1, c1) in zip(stops, stops[1:]):
        if rate <= r1:
            t = (rate - r0) / (r1 - r0)
            return "#" + "".join(f"{round(a + (b - a) * t):02x}" for a, b in zip(c0, c1))
    return "#2e7d32"


def heat_table(heat: Heat, label: str, hidden_label: str) -> str:
    """Rates of each item (rows) in each department (columns), coloured red to green."""
    label_width, header, cell_height = 200.0, 34.0, 32.0
    cell_width = (WIDTH - label_width) / max(len(heat.columns), 1)
    svg = _svg(header + cell_height * len(heat.rows), label, "heat")
    for col, name in enumerate(heat.columns):
        _add(svg, "text", x=label_width + cell_width * (col + 0.5), y=24, text_anchor="middle",
             text=_short(name, max(int(cell_width / 19), 3)), title=name)
    for row, line in enumerate(heat.rows):
        y = header + cell_height * row
        _add(svg, "text", x=0, y=y + 22, text=_short(line.label, 10), title=line.label)
        for col, rate in enumerate(line.cells):
            x = label_width + cell_width * col
            hidden = heat.hidden[col]
            words = hidden_label if hidden else ("—" if rate is None else _percent(rate))
            _add(svg, "rect", class_="cell", x=x + 1, y=y + 1, width=cell_width - 2, height=cell_height - 2,
                 fill=EMPTY if rate is None else heat_colour(rate), title=f"{heat.columns[col]} · {line.label}: {words}")
            _add(svg, "text", x=x + cell_width / 2, y=y + 22, text_anchor="middle", font_size=15,
                 fill=MUTED if rate is None else INK, text=words)
    return ET.tostring(svg, encoding="unicode")
