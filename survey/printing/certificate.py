"""The certificate (荣誉证书) of a named enterprise: one A4 page in Chinese, with its number and a QR
code of the public page that verifies it. The caller passes every word, translated."""
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from .attachment import OneLine, QrCode, markup
from .fonts import LATIN_FONT, a4_canvas, draw_text, register_cjk_font

RED = colors.Color(0.65, 0.1, 0.1)
GOLD = colors.Color(0.72, 0.55, 0.2)
FRAME = 14 * mm
TEXT_WIDTH = A4[0] - 2 * (FRAME + 22 * mm)
QR_SIZE = 30 * mm


@dataclass(frozen=True)
class CertificateText:
    title: str  # 荣誉证书
    recipient: str  # the enterprise's name
    citation: str  # e.g. 被评为2026年度劳动关系和谐企业（AA级）。特发此证，以资鼓励。
    honour: str  # the title in one line, set large: e.g. AA级劳动关系和谐企业
    issuer: str  # the jurisdiction's union that names it
    issued: str  # the day of issue, written out
    number: str  # e.g. 证书编号：HX-2026-3-0007
    verify_label: str  # what scanning the QR code does
    verify_url: str


def _frame(canvas) -> None:
    width, height = A4
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(3)
    canvas.rect(FRAME, FRAME, width - 2 * FRAME, height - 2 * FRAME)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    inset = FRAME + 3 * mm
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset)


def _citation(canvas, text: CertificateText, top: float) -> None:
    style = ParagraphStyle("citation", fontName=register_cjk_font(), fontSize=18, leading=32, wordWrap="CJK",
                           firstLineIndent=36)
    paragraph = Paragraph(markup(text.citation), style)
    _width, height = paragraph.wrap(TEXT_WIDTH, 120 * mm)
    paragraph.drawOn(canvas, (A4[0] - TEXT_WIDTH) / 2, top - height)


def _seal_corner(canvas, text: CertificateText) -> None:
    """Bottom left: the QR code with the number and the address under it."""
    left, bottom = FRAME + 16 * mm, FRAME + 22 * mm
    QrCode(text.verify_url, QR_SIZE).drawOn(canvas, left, bottom + 12 * mm)
    canvas.setFillColor(colors.black)
    draw_text(canvas, left, bottom + 7 * mm, text.verify_label, 8, max_width=75 * mm)
    link = OneLine(text.verify_url, LATIN_FONT, 7)
    link.wrap(A4[0] - 2 * left, 10 * mm)
    link.drawOn(canvas, left, bottom)


def render_certificate(out: BinaryIO, text: CertificateText) -> None:
    """Write the one-page certificate to the binary file-like out."""
    width, height = A4
    canvas = a4_canvas(out, title=f"{text.title} {text.number}")
    _frame(canvas)
    canvas.setFillColor(RED)
    draw_text(canvas, width / 2, height - 70 * mm, text.title, 44, max_width=TEXT_WIDTH, centered=True)
    canvas.setFillColor(colors.black)
    draw_text(canvas, (width - TEXT_WIDTH) / 2, height - 108 * mm, text.recipient + "：", 20, max_width=TEXT_WIDTH)
    _citation(canvas, text, height - 120 * mm)
    canvas.setFillColor(RED)
    draw_text(canvas, width / 2, height - 185 * mm, text.honour, 26, max_width=TEXT_WIDTH, centered=True)
    canvas.setFillColor(colors.black)
    right = width - FRAME - 24 * mm
    draw_text(canvas, right - 40 * mm, FRAME + 62 * mm, text.issuer, 16, max_width=80 * mm, centered=True)
    draw_text(canvas, right - 40 * mm, FRAME + 50 * mm, text.issued, 14, max_width=80 * mm, centered=True)
    draw_text(canvas, width / 2, height - 44 * mm, text.number, 10, max_width=TEXT_WIDTH, centered=True)
    _seal_corner(canvas, text)
    canvas.showPage()
    canvas.save()
