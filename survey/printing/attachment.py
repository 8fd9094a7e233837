"""The self-check attachment (自查结果附件): an A4 PDF of a sealed result, with its digest and a QR code.

Page one holds the enterprise, the vote, the tally, the verdict with its rule, and the seal: the
SHA-256 of the sealed file and a QR code of the public page that shows the same summary. Further
sections (the statistics and their charts) are callables that append flowables to the story; the
SHA-256 is repeated in the footer of every page.
"""
from collections.abc import Callable, Sequence
from typing import BinaryIO
from xml.sax.saxutils import escape

import numpy as np
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import LATIN_FONT, draw_footer, register_cjk_font, text_runs
from .qr import QUIET_ZONE, qr_matrix
from .report import Report

# A section adds its flowables to the story, e.g. `lambda story: story.append(Paragraph(...))`.
Section = Callable[[list[Flowable]], None]

MARGIN = 18 * mm
QR_SIZE = 34 * mm
DIGEST_FONT = "Courier"
GRID = colors.Color(0.7, 0.7, 0.7)
HEADER_FILL = colors.Color(0.93, 0.93, 0.93)
PASS_COLOUR, FAIL_COLOUR = colors.Color(0.11, 0.37, 0.13), colors.Color(0.56, 0.11, 0.09)


def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles in the CJK font; Latin runs switch to Helvetica through `markup`."""
    base = ParagraphStyle("body", fontName=register_cjk_font(), fontSize=10, leading=14, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontSize=15, leading=21, alignment=1, spaceAfter=4 * mm),
        "heading": ParagraphStyle("heading", base, fontSize=12, leading=17, spaceBefore=4 * mm, spaceAfter=2 * mm),
        "subheading": ParagraphStyle("subheading", base, fontSize=10.5, leading=15, spaceBefore=4 * mm, spaceAfter=1.5 * mm),
        "cell": ParagraphStyle("cell", base, fontSize=9, leading=12),
        "verdict": ParagraphStyle("verdict", base, fontSize=16, leading=22, spaceBefore=2 * mm, spaceAfter=1 * mm),
        "small": ParagraphStyle("small", base, fontSize=8, leading=11),
    }


def markup(text: str) -> str:
    """Paragraph markup drawing each run in a font that has its glyphs."""
    return "".join(
        escape(chunk) if font != LATIN_FONT else f'<font name="{font}">{escape(chunk)}</font>'
        for font, chunk in text_runs(text)
    )


class QrCode(Flowable):
    """A QR code of `data`, quiet zone included, as one filled path of its dark modules."""

    def __init__(self, data: str, size: float):
        super().__init__()
        self.matrix = qr_matrix(data)
        self.width = self.height = size

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.width / (count + 2 * QUIET_ZONE)
        path = self.canv.beginPath()
        for row, column in zip(*np.nonzero(self.matrix)):
            path.rect((QUIET_ZONE + column) * module, (QUIET_ZONE + count - 1 - row) * module, module, module)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


class OneLine(Flowable):
    """Text that is never broken across lines (a link that must still work when typed from paper):
    drawn at `size`, or smaller as far as needed to fit the width it is given."""

    def __init__(self, text: str, font: str, size: float):
        super().__init__()
        self.text, self.font, self.size = text, font, size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        natural = pdfmetrics.stringWidth(self.text, self.font, self.size)
        self.drawn_size = self.size * min(1.0, available_width / natural) if natural else self.size
        self.width = available_width
        return available_width, self.drawn_size * 1.3

    def draw(self) -> None:
        self.canv.setFont(self.font, self.drawn_size)
        self.canv.drawString(0, self.drawn_size * 0.3, self.text)


def _grid(rows: Sequence[Sequence[str | int]], style: ParagraphStyle, widths: Sequence[float], header: bool) -> Table:
    table = Table([[Paragraph(markup(str(cell)), style) for cell in row] for row in rows], colWidths=widths)
    commands = [("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(commands))
    return table


def _facts(report: Report, look: dict) -> Table:
    width = A4[0] - 2 * MARGIN
    return _grid(report.facts, look["body"], (0.3 * width, 0.7 * width), header=False)


def _tally(report: Report, look: dict) -> Table:
    width = A4[0] - 2 * MARGIN
    columns = len(report.table[0])
    first = 0.4 * width
    return _grid(report.table, look["cell"], [first] + [(width - first) / (columns - 1)] * (columns - 1), header=True)


def _verdict(report: Report, look: dict) -> list[Flowable]:
    colour = PASS_COLOUR if report.qualified else FAIL_COLOUR
    verdict = ParagraphStyle("verdict-colour", look["verdict"], textColor=colour)
    composite = [Paragraph(markup(report.composite), look["heading"])] if report.composite else []
    return [Spacer(1, 3 * mm), *composite, Paragraph(markup(report.verdict), verdict),
            *[Paragraph(markup(rule), look["body"]) for rule in report.rules]]


def _seal(report: Report, look: dict) -> Flowable:
    digest = ParagraphStyle("digest", look["body"], fontName=DIGEST_FONT, fontSize=8.5)
    words = [Paragraph(markup(report.digest_label), look["body"]), Paragraph(report.digest, digest),
             Spacer(1, 2 * mm), Paragraph(markup(report.verify_label), look["small"])]
    width = A4[0] - 2 * MARGIN
    table = Table([[words, QrCode(report.verify_url, QR_SIZE)], [OneLine(report.verify_url, LATIN_FONT, 9), ""]],
                  colWidths=(width - QR_SIZE - 4 * mm, QR_SIZE + 4 * mm))
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("SPAN", (0, 1), (1, 1)), ("BOTTOMPADDING", (0, 1), (1, 1), 6)]))
    return KeepTogether([table])


def story(report: Report, sections: Sequence[Section] = ()) -> list[Flowable]:
    """The flowables of the attachment: the sealed result, then each extra section in turn."""
    look = styles()
    flowables: list[Flowable] = [Paragraph(markup(report.title), look["title"]), _facts(report, look),
                                 Spacer(1, 4 * mm), _tally(report, look), *_verdict(report, look),
                                 Spacer(1, 4 * mm), _seal(report, look)]
    for section in sections:
        section(flowables)
    return flowables


def render_attachment(out: BinaryIO, report: Report, sections: Sequence[Section] = ()) -> None:
    """Write the A4 PDF to the binary file-like out.

    sections: extension point, e.g. the statistics and charts; each is called with the list of
    flowables after the sealed result and appends its own (Paragraph, Table, Drawing…), using
    `styles()` and `markup()` for text in Chinese.
    """
    document = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=report.title, creator="Harmony", pageCompression=1)

    def footer(canvas, doc) -> None:
        draw_footer(canvas, f"SHA-256 {report.digest} · {doc.page}")

    document.build(story(report, sections), onFirstPage=footer, onLaterPages=footer)
