"""The concern poster (职工诉求二维码): one A4 page with the enterprise's concern QR, to hang where workers
pass. The caller passes the words, already translated."""
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from .attachment import QrCode
from .fonts import a4_canvas, draw_text

QR_SIZE = 120 * mm
TEXT_WIDTH = A4[0] - 40 * mm


@dataclass(frozen=True)
class PosterText:
    title: str  # e.g. 有话请说 · 件件有回声
    enterprise: str
    lines: tuple[str, ...]  # under the QR: what happens to a concern, each line at most the page's width
    url: str  # what the QR holds, printed too for a phone that cannot scan


def render_poster(out: BinaryIO, text: PosterText) -> None:
    width, height = A4
    canvas = a4_canvas(out, title=f"{text.title} {text.enterprise}")
    draw_text(canvas, width / 2, height - 45 * mm, text.title, 34, max_width=TEXT_WIDTH, centered=True)
    draw_text(canvas, width / 2, height - 62 * mm, text.enterprise, 18, max_width=TEXT_WIDTH, centered=True)
    bottom = height - 72 * mm - QR_SIZE
    QrCode(text.url, QR_SIZE).drawOn(canvas, (width - QR_SIZE) / 2, bottom)
    draw_text(canvas, width / 2, bottom - 10 * mm, text.url, 11, max_width=TEXT_WIDTH, centered=True)
    for number, line in enumerate(text.lines):
        draw_text(canvas, width / 2, bottom - (24 + 9 * number) * mm, line, 12, max_width=TEXT_WIDTH, centered=True)
    canvas.showPage()
    canvas.save()
