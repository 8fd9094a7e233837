"""A4 sheets of ballot slips: per slip the vote's title, a QR code of its URL and the ballot code.

Ten slips a page, dashed cut lines between them. What every slip shares is drawn once into a PDF
form and reused, so a page costs ten QR paths and ten codes. Each QR is one filled path of the
horizontal runs of dark modules: one path, not a rectangle per module, keeps files small and leaves
no hairline seams between modules. Slips are read a page at a time; reportlab holds the finished
pages (about 4 KB a slip) until it writes the file to ``out``, the only place a code is written.
"""

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import BinaryIO

import numpy as np
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from survey.printing.fonts import a4_canvas, draw_footer, draw_text
from survey.printing.qr import QUIET_ZONE, qr_matrix

COLUMNS, ROWS = 2, 5
SLIPS_PER_PAGE = COLUMNS * ROWS
MAX_INSTRUCTION_LINES = 2

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 10 * mm
BOTTOM_MARGIN = 14 * mm  # room for the page number
SLIP_WIDTH = (PAGE_WIDTH - 2 * MARGIN) / COLUMNS
SLIP_HEIGHT = (PAGE_HEIGHT - MARGIN - BOTTOM_MARGIN) / ROWS

# Slip layout, from the slip's bottom-left corner.
PADDING = 3 * mm
TITLE_SIZE, SUBTITLE_SIZE, LABEL_SIZE, CODE_SIZE, INSTRUCTION_SIZE = 11, 9, 8, 16, 7.5
TITLE_BASELINE = SLIP_HEIGHT - PADDING - 3.5 * mm
SUBTITLE_BASELINE = TITLE_BASELINE - 4.6 * mm
QR_SIZE = 32 * mm  # quiet zone included
QR_LEFT = 2 * mm
QR_BOTTOM = SUBTITLE_BASELINE - 1.5 * mm - QR_SIZE
CODE_WIDTH = SLIP_WIDTH - PADDING - QR_LEFT - QR_SIZE
CODE_CENTRE = SLIP_WIDTH - PADDING - CODE_WIDTH / 2
CODE_BASELINE = QR_BOTTOM + QR_SIZE / 2 - 3 * mm
LABEL_BASELINE = CODE_BASELINE + 8 * mm
INSTRUCTION_BASELINE = QR_BOTTOM - 3 * mm
INSTRUCTION_LEADING = 3.4 * mm
CODE_FONT = "Courier-Bold"

SLIP_FORM = "slip"
CUT_LINES_FORM = "cut-lines"


def render_slips(
    slips: Iterable[tuple[str, str]],
    out: BinaryIO,
    *,
    title: str,
    subtitle: str,
    instructions: Sequence[str],
    code_label: str = "",
    footer: str = "",
) -> int:
    """Write an A4 PDF of ballot slips to the binary file-like out and return its page count.

    slips: (display code, URL for the QR code) pairs, consumed lazily.
    title, subtitle: e.g. the enterprise and the vote, printed at the top of every slip.
    instructions: at most two lines (e.g. Chinese, English) under the QR code.
    code_label: printed above the code, e.g. "选票码 Ballot code".
    footer: a line at the foot of every page before its number, e.g. where to raise a concern.
    """
    if len(instructions) > MAX_INSTRUCTION_LINES:
        raise ValueError(f"at most {MAX_INSTRUCTION_LINES} instruction lines fit on a slip")
    canvas = a4_canvas(out, title=f"{title} {subtitle}")
    _define_forms(canvas, title, subtitle, instructions, code_label)
    pages = 0
    for pages, page in enumerate(_pages(slips), start=1):
        canvas.doForm(CUT_LINES_FORM)
        for position, (code, url) in enumerate(page):
            _draw_slip(canvas, position, code, url)
        draw_footer(canvas, f"{footer}  - {pages} -" if footer else f"- {pages} -")
        canvas.showPage()
    if not pages:
        raise ValueError("no slips to render")
    canvas.save()
    return pages


def _pages(slips: Iterable[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    slips = iter(slips)
    while page := list(islice(slips, SLIPS_PER_PAGE)):
        yield page


def _define_forms(canvas: Canvas, title: str, subtitle: str, instructions: Sequence[str], code_label: str) -> None:
    canvas.beginForm(SLIP_FORM)
    _draw_slip_text(canvas, title, subtitle, instructions, code_label)
    canvas.endForm()
    canvas.beginForm(CUT_LINES_FORM)
    _draw_cut_lines(canvas)
    canvas.endForm()


def _draw_slip_text(canvas: Canvas, title: str, subtitle: str, instructions: Sequence[str], code_label: str) -> None:
    centre, width = SLIP_WIDTH / 2, SLIP_WIDTH - 2 * PADDING
    draw_text(canvas, centre, TITLE_BASELINE, title, TITLE_SIZE, max_width=width, centered=True)
    draw_text(canvas, centre, SUBTITLE_BASELINE, subtitle, SUBTITLE_SIZE, max_width=width, centered=True)
    draw_text(canvas, CODE_CENTRE, LABEL_BASELINE, code_label, LABEL_SIZE, max_width=CODE_WIDTH, centered=True)
    for line_number, line in enumerate(instructions):
        baseline = INSTRUCTION_BASELINE - line_number * INSTRUCTION_LEADING
        draw_text(canvas, centre, baseline, line, INSTRUCTION_SIZE, max_width=width, centered=True)


def _draw_cut_lines(canvas: Canvas) -> None:
    canvas.setStrokeGray(0.45)
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 3)
    top, bottom = PAGE_HEIGHT - MARGIN, BOTTOM_MARGIN
    for column in range(COLUMNS + 1):
        x = MARGIN + column * SLIP_WIDTH
        canvas.line(x, bottom, x, top)
    for row in range(ROWS + 1):
        y = bottom + row * SLIP_HEIGHT
        canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)


def _draw_slip(canvas: Canvas, position: int, code: str, url: str) -> None:
    row, column = divmod(position, COLUMNS)
    left = MARGIN + column * SLIP_WIDTH
    bottom = PAGE_HEIGHT - MARGIN - (row + 1) * SLIP_HEIGHT
    canvas.saveState()
    canvas.translate(left, bottom)
    canvas.doForm(SLIP_FORM)
    canvas.addLiteral(_qr_operators(qr_matrix(url)))
    canvas.setFont(CODE_FONT, min(CODE_SIZE, CODE_SIZE * CODE_WIDTH / stringWidth(code, CODE_FONT, CODE_SIZE)))
    canvas.drawCentredString(CODE_CENTRE, CODE_BASELINE, code)
    canvas.restoreState()


def _qr_operators(matrix: np.ndarray) -> str:
    """PDF operators filling the QR code's dark modules inside the slip's QR square."""
    size = len(matrix)
    module = QR_SIZE / (size + 2 * QUIET_ZONE)
    edges = np.diff(np.pad(matrix, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    # Coordinates in modules, y up from the symbol's bottom row; the cm operator scales them.
    runs = " ".join(
        f"{start} {size - 1 - row} {end - start} 1 re"
        for row, start, end in zip(rows.tolist(), starts.tolist(), ends.tolist())
    )
    origin_x, origin_y = QR_LEFT + QUIET_ZONE * module, QR_BOTTOM + QUIET_ZONE * module
    return f"q {module:.5f} 0 0 {module:.5f} {origin_x:.3f} {origin_y:.3f} cm 0 g {runs} f Q"
