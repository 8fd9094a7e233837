"""The mediation agreement (调解协议书): one A4 document in Chinese with the parties, the claim, the terms
agreed, the day, the mediator and the lines the parties and the mediator sign. The caller passes every
word, translated."""
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .attachment import MARGIN, markup, styles
from .fonts import draw_footer


@dataclass(frozen=True)
class AgreementText:
    title: str  # 调解协议书
    number: str  # e.g. 编号：甲公司调解委员会〔2026〕第3号
    sections: tuple[tuple[str, str], ...]  # (heading, text): the parties, the claim, the terms agreed
    closing: str  # e.g. 本协议经双方签字（盖章）后生效……
    signatures: tuple[str, ...]  # each line to sign: 职工方（签字）：, 用人单位方（签字或盖章）：, 调解员（签字）：
    body: str  # the mediation body, with room for its seal
    day: str  # the day of the agreement, written out
    footer: str


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(markup(line), style) for line in text.splitlines() if line.strip()]


def _signature_table(text: AgreementText, style: ParagraphStyle) -> Table:
    rows = [[Paragraph(markup(line), style), ""] for line in text.signatures]
    table = Table(rows, colWidths=[70 * mm, A4[0] - 2 * MARGIN - 70 * mm], rowHeights=16 * mm)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LINEBELOW", (1, 0), (1, -1), 0.6, "black")]))
    return table


def render_agreement(out: BinaryIO, text: AgreementText) -> None:
    """Write the agreement to the binary file-like out."""
    look = styles()
    body = ParagraphStyle("agreement", look["body"], fontSize=11.5, leading=19, firstLineIndent=23)
    title = ParagraphStyle("agreement-title", look["title"], fontSize=20, leading=28)
    right = ParagraphStyle("agreement-right", look["body"], fontSize=11.5, leading=19, alignment=2)
    story = [Paragraph(markup(text.title), title), Paragraph(markup(text.number), right), Spacer(1, 4 * mm)]
    for heading, content in text.sections:
        story += [Paragraph(markup(heading), look["heading"]), *_paragraphs(content, body)]
    story += [Spacer(1, 3 * mm), *_paragraphs(text.closing, body), Spacer(1, 4 * mm),
              _signature_table(text, ParagraphStyle("signature", look["body"], fontSize=11.5)), Spacer(1, 10 * mm),
              Paragraph(markup(text.body), right), Paragraph(markup(text.day), right)]
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=f"{text.title} {text.number}", creator="Harmony",
                                 pageCompression=1)

    def footer(canvas, doc) -> None:
        draw_footer(canvas, f"{text.footer} · {doc.page}")

    document.build(story, onFirstPage=footer, onLaterPages=footer)
