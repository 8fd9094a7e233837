"""The self-check attachment's charts read on paper: a heading and a legend per chart, percentages
on the bars, bars between the ends of their axis, and the verification URL on one line."""
import io

import pypdf
from reportlab.graphics.shapes import Group, Line, Rect, String

from seal_support import closed_vote, mixed_ballots, sealed
from survey.printing.attachment import OneLine
from survey.printing.chartdata import Bar, Segment
from survey.printing.statistics_pdf import INSET, LABEL_WIDTH, WIDTH, bars_drawing

LONG_BASE = "https://harmony.zonggonghui.example-district-federation-of-trade-unions.gov.cn"


def _attachment_lines(api, campaign_id: int, lang: str = "zh") -> list[str]:
    response = api("chair_a").get(f"/campaigns/{campaign_id}/attachment.pdf?lang={lang}")
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def test_each_chart_has_a_heading_a_legend_and_percentages(app, api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    lines = _attachment_lines(api, campaign_id)
    for heading in ("综合满意度及其 90% 置信区间", "各题回答分布", "各部门满意率"):
        assert heading in lines
    after = lines[lines.index("各题回答分布"):]
    assert after[1:4] == ["满意", "基本满意", "不满意"]  # the legend of the answers chart
    # 10 satisfied, 6 fairly, 4 dissatisfied of 20 on each of the nine items: 50%, 30%, 20% on every bar.
    assert after.count("50%") >= 9 and after.count("30%") >= 9 and after.count("20%") >= 9
    assert "综合满意率" in lines and "置信区间" in lines and "合格线" in lines
    assert "0–50%" in lines and "不显示" in lines  # the heat table's colour scale and its hidden mark


def test_the_english_attachment_has_the_same_chart_words(app, api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    text = " ".join(_attachment_lines(api, campaign_id, "en"))
    for words in ("Composite with its 90% interval", "Answers per item", "Satisfied rate by department",
                  "Fairly satisfied", "threshold 80% or more"):
        assert words in text


def test_the_verification_url_is_never_broken_across_lines(app, api, world):
    app.config["PUBLIC_BASE_URL"] = LONG_BASE
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    url = sealed(api, campaign_id)["verify_url"]
    assert url.startswith(LONG_BASE) and len(url) > 140
    assert url in _attachment_lines(api, campaign_id)


def test_one_line_shrinks_to_fit_rather_than_wrap():
    line = OneLine("https://example.org/verify/" + "a" * 64, "Helvetica", 9)
    width, height = line.wrap(200, 100)
    assert width == 200 and line.drawn_size < 9 and height < 9 * 1.3
    assert OneLine("short", "Helvetica", 9).wrap(200, 100)[1] == 9 * 1.3


def _shapes(node):
    for child in getattr(node, "contents", ()):
        yield child
        if isinstance(child, Group):
            yield from _shapes(child)


def test_bars_stay_between_the_ends_of_their_axis():
    bars = (Bar("工资", 20, (Segment("满意", 10, 0.5, 0), Segment("基本满意", 6, 0.3, 1), Segment("不满意", 4, 0.2, 2))),
            Bar("安全", 3, (Segment("满意", 3, 1.0, 0), Segment("基本满意", 0, 0.0, 1), Segment("不满意", 0, 0.0, 2))))
    drawing = bars_drawing(bars)
    left, right = LABEL_WIDTH, WIDTH - INSET
    segments = [shape for shape in _shapes(drawing) if isinstance(shape, Rect) and shape.height > 10]
    assert len(segments) == 6
    assert all(left - 1e-6 <= s.x and s.x + s.width <= right + 1e-6 for s in segments)
    assert max(s.x + s.width for s in segments) == right
    axis = [shape for shape in _shapes(drawing) if isinstance(shape, Line) and shape.y1 == shape.y2]
    assert [(line.x1, line.x2) for line in axis] == [(left, right)]
    words = [shape.text for shape in _shapes(drawing) if isinstance(shape, String)]
    assert {"50%", "30%", "20%", "100%"} <= set(words) and "0%" in words  # 0% only as the axis label
