"""The CJK font every Harmony PDF embeds, and one-line text drawing for A4 documents.

Droid Sans Fallback has Chinese but no Latin letters or digits, so a line is drawn as runs:
characters Helvetica can encode (its PDF encoding is cp1252) in Helvetica, the rest in the CJK font.
"""

import itertools
import threading
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

CJK_FONT = "DroidSansFallback"
LATIN_FONT = "Helvetica"
FONT_FILE = Path(__file__).resolve().parents[2] / "static" / "fonts" / "DroidSansFallbackFull.ttf"
FOOTER_BASELINE = 8 * mm

_register_lock = threading.Lock()

# reportlab wraps compressed streams in ASCII85 by default: 25% bigger files, encoded in pure Python.
rl_config.useA85 = 0


def register_cjk_font() -> str:
    """Register the vendored CJK font with reportlab (once) and return its name."""
    # A second registration would replace the font object that open documents subset into.
    with _register_lock:
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(CJK_FONT, FONT_FILE))
    return CJK_FONT


def _is_latin(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def text_runs(text: str) -> list[tuple[str, str]]:
    """Split text into (font name, chunk) runs, each chunk drawable in its font."""
    cjk = register_cjk_font()
    return [
        (LATIN_FONT if latin else cjk, "".join(chunk))
        for latin, chunk in itertools.groupby(text, _is_latin)
    ]


def text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in text_runs(text))


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    max_width: float | None = None,
    centered: bool = False,
) -> None:
    """Draw one line with its baseline at y, shrunk to max_width; x is its left end or centre."""
    width = text_width(text, size)
    if max_width is not None and width > max_width:
        size, width = size * max_width / width, max_width
    text_object = canvas.beginText(x - width / 2 if centered else x, y)
    for font, chunk in text_runs(text):
        text_object.setFont(font, size)
        text_object.textOut(chunk)
    canvas.drawText(text_object)


def a4_canvas(out: BinaryIO, *, title: str) -> Canvas:
    """A compressed A4 canvas that writes to the binary file-like out when saved."""
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Harmony")
    return canvas


def draw_footer(canvas: Canvas, text: str, *, size: float = 8) -> None:
    """Centre a line of text in the bottom margin of the current A4 page."""
    width, _ = A4
    draw_text(canvas, width / 2, FOOTER_BASELINE, text, size, max_width=width - 40 * mm, centered=True)
