"""The sign-in roster sheet (签到表): A4 pages of cards, one per delegate, each with the delegate's
name and department, a QR code of their personal sign-in link and the code to type by hand.

Fifteen cards a page (3 × 5), framed so they can be cut apart or scanned off the sheet at the door.
"""
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import BinaryIO

import numpy as np
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .fonts import a4_canvas, draw_footer, draw_text
from .qr import QUIET_ZONE, qr_matrix

COLUMNS, ROWS = 3, 5
WIDTH, HEIGHT = A4
MARGIN, TOP = 10 * mm, 18 * mm
CARD_WIDTH = (WIDTH - 2 * MARGIN) / COLUMNS
CARD_HEIGHT = (HEIGHT - TOP - 14 * mm) / ROWS
QR_SIZE = 30 * mm
PADDING = 2.5 * mm

Card = tuple[str, str, str, str]  # name, department, display code, sign-in URL


def render_sign_in_sheet(cards: Iterable[Card], out: BinaryIO, *, title: str, instructions: str) -> int:
    """Write the sheet to ``out`` and return its page count (a page saying so when nobody is left)."""
    canvas = a4_canvas(out, title=title)
    pages = 0
    for pages, page in enumerate(_pages(cards), start=1):
        draw_text(canvas, WIDTH / 2, HEIGHT - 11 * mm, title, 12, max_width=WIDTH - 2 * MARGIN, centered=True)
        draw_text(canvas, WIDTH / 2, HEIGHT - 15.5 * mm, instructions, 8.5, max_width=WIDTH - 2 * MARGIN,
                  centered=True)
        for position, card in enumerate(page):
            _draw_card(canvas, position, card)
        draw_footer(canvas, f"- {pages} -")
        canvas.showPage()
    if not pages:
        draw_text(canvas, WIDTH / 2, HEIGHT / 2, title, 12, centered=True)
        canvas.showPage()
    canvas.save()
    return max(pages, 1)


def _pages(cards: Iterable[Card]) -> Iterator[list[Card]]:
    cards = iter(cards)
    while page := list(islice(cards, COLUMNS * ROWS)):
        yield page


def _draw_card(canvas: Canvas, position: int, card: Card) -> None:
    name, department, code, url = card
    row, column = divmod(position, COLUMNS)
    left = MARGIN + column * CARD_WIDTH
    bottom = HEIGHT - TOP - (row + 1) * CARD_HEIGHT
    centre, width = left + CARD_WIDTH / 2, CARD_WIDTH - 2 * PADDING
    canvas.setStrokeGray(0.6)
    canvas.setLineWidth(0.4)
    canvas.rect(left, bottom, CARD_WIDTH, CARD_HEIGHT)
    draw_text(canvas, centre, bottom + CARD_HEIGHT - 6 * mm, name, 12, max_width=width, centered=True)
    draw_text(canvas, centre, bottom + CARD_HEIGHT - 10 * mm, department, 8, max_width=width, centered=True)
    _draw_qr(canvas, qr_matrix(url), centre - QR_SIZE / 2, bottom + 6 * mm)
    canvas.setFont("Courier-Bold", 9)
    canvas.drawCentredString(centre, bottom + 3 * mm, code)


def _draw_qr(canvas: Canvas, matrix: np.ndarray, x: float, y: float) -> None:
    """The QR code's dark modules as one filled path, its quiet zone included in QR_SIZE."""
    module = QR_SIZE / (len(matrix) + 2 * QUIET_ZONE)
    origin_x, origin_y = x + QUIET_ZONE * module, y + QUIET_ZONE * module
    path = canvas.beginPath()
    for row, column in zip(*np.nonzero(matrix)):
        path.rect(origin_x + column * module, origin_y + (len(matrix) - 1 - row) * module, module, module)
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
