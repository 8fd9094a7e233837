"""The resolution sheet (表决结果汇总表) of a congress session: an A4 PDF in Chinese.

It prints the sealed result set (``survey.domain.resolutions``): for each motion and election the
attendance at its close (all delegates, present, quorum), the counts and the outcome, and at the
end the SHA-256 digest of the result set. The sheet is an official record of a Chinese congress,
so its wording is the trade's fixed Chinese, whatever language the chair's pages are in.
"""
from collections.abc import Iterator
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from .fonts import a4_canvas, draw_footer, draw_text, text_width

TITLE = "职工代表大会表决结果汇总表"
MARGIN = 18 * mm
WIDTH, HEIGHT = A4
LINE_WIDTH = WIDTH - 2 * MARGIN
SIZES = {"title": 16, "heading": 12.5, "item": 11, "text": 10, "small": 8.5}
LEADING = 1.65

RULES = {
    "majority_of_all_delegates": "赞成票超过全体代表的半数",
    "two_thirds_quorum": "出席代表不足全体代表的三分之二，不能表决",
}
REASONS = {
    "elected": "当选",
    "tied_at_boundary": "票数相同，由大会另行决定",
    "below_majority": "未超过全体代表半数",
    "outranked": "得票过半但名次在应选名额之外",
}

Line = tuple[str, str]  # (size key, text)


def _attendance(item: dict) -> str:
    quorum = "达到三分之二以上，符合法定人数" if item["quorum_met"] else "不足三分之二，未达法定人数"
    return f"表决时全体代表 {item['total']} 人，出席 {item['present']} 人，{quorum}"


def _motion(number: int, motion: dict) -> Iterator[Line]:
    outcome = "通过" if motion["passed"] else "未通过"
    yield "item", f"{number}. {motion['title']}"
    yield "text", _attendance(motion)
    yield "text", (f"赞成 {motion['for']} 票，反对 {motion['against']} 票，弃权 {motion['abstain']} 票，"
                   f"未投票 {motion['not_voted']} 人（其中纸质票 {motion['paper']} 张）")
    yield "text", (f"规则：{RULES[motion['rule']]}（至少 {motion['required']} 票）；"
                   f"结果：{outcome}（赞成票与所需票数之差 {motion['margin']:+d}）")


def _election(number: int, election: dict) -> Iterator[Line]:
    yield "item", f"{number}. {election['title']}"
    yield "text", _attendance(election)
    yield "text", (f"应选 {election['seats']} 名，收回选票 {election['ballots_cast']} 张（其中纸质票 "
                   f"{election['paper']} 张）；当选须得票超过全体代表半数（至少 {election['required']} 票）")
    for group in ("elected", "tied", "not_elected"):
        for candidate in election[group]:
            yield "text", f"    {candidate['name']}：{candidate['votes']} 票，{REASONS[candidate['reason']]}"
    if election["unfilled"]:
        yield "text", f"尚有 {election['unfilled']} 个名额未选出"


def _lines(record: dict, digest: str) -> Iterator[Line]:
    congress = record["congress"]
    yield "title", TITLE
    yield "text", f"企业：{congress['enterprise']}（统一社会信用代码 {congress['credit_code']}）"
    yield "text", f"会议：{congress['title']}；全体代表 {congress['delegates']} 人，签到 {congress['present']} 人"
    yield "heading", "一、议案表决（无记名投票，逐项表决）"
    for number, motion in enumerate(record["motions"], start=1):
        yield from _motion(number, motion)
    if not record["motions"]:
        yield "text", "无"
    yield "heading", "二、选举"
    for number, election in enumerate(record["elections"], start=1):
        yield from _election(number, election)
    if not record["elections"]:
        yield "text", "无"
    yield "heading", "结果摘要（SHA-256，标识本表所载全部结果）"
    yield "small", digest


def _wrapped(lines: Iterator[Line]) -> Iterator[Line]:
    """Long lines broken to the page width, character by character (Chinese has no spaces)."""
    for size_key, text in lines:
        current = ""
        for char in text:
            if current and text_width(current + char, SIZES[size_key]) > LINE_WIDTH:
                yield size_key, current
                current = "    "
            current += char
        yield size_key, current


def render_resolution(record: dict, digest: str, out: BinaryIO) -> int:
    """Write the sheet of ``record`` (a sealed result set) and its ``digest`` to ``out``; the page count."""
    canvas = a4_canvas(out, title=f"{record['congress']['title']} {TITLE}")
    pages, y = 1, HEIGHT - MARGIN
    for size_key, text in _wrapped(_lines(record, digest)):
        size = SIZES[size_key]
        step = size * LEADING + (size if size_key == "heading" else 0)
        if y - step < MARGIN:
            draw_footer(canvas, f"- {pages} -")
            canvas.showPage()
            pages, y = pages + 1, HEIGHT - MARGIN
        y -= step
        centred = size_key == "title"
        draw_text(canvas, WIDTH / 2 if centred else MARGIN, y, text, size, centered=centred)
    draw_footer(canvas, f"- {pages} -")
    canvas.save()
    return pages
