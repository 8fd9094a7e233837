"""Ballot slip PDFs: pages, text, embedded CJK font, and QR codes that decode from the rendered page."""

import io
import logging
import random

import numpy as np
import pypdf
import pypdfium2
import pytest
import qrcode
import zxingcpp
from qrcode.constants import ERROR_CORRECT_M

from survey.printing.fonts import CJK_FONT, LATIN_FONT, register_cjk_font, text_runs
from survey.printing.qr import qr_matrix
from survey.printing.slips import SLIPS_PER_PAGE, render_slips

TITLE = "示例电子科技有限公司"
SUBTITLE = "2025年度劳动关系和谐企业职工满意度测评"
INSTRUCTIONS = ["扫码或访问 vote.example.cn/b 输入选票码投票", "Scan or visit vote.example.cn/b and enter the code"]
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def make_slips(count: int, seed: int = 1) -> list[tuple[str, str]]:
    chooser = random.Random(seed)
    slips = []
    for _ in range(count):
        code = "".join(chooser.choice(ALPHABET) for _ in range(13))
        slips.append((f"{code[:4]}-{code[4:8]}-{code[8:]}", f"https://vote.example.cn/b/{code}"))
    return slips


def render(slips) -> tuple[bytes, int]:
    out = io.BytesIO()
    pages = render_slips(
        slips, out, title=TITLE, subtitle=SUBTITLE, instructions=INSTRUCTIONS, code_label="选票码 Ballot code"
    )
    return out.getvalue(), pages


@pytest.fixture(scope="module")
def slips():
    return make_slips(23)


@pytest.fixture(scope="module")
def pdf(slips):
    return render(slips)[0]


@pytest.mark.parametrize("count, pages", [(1, 1), (SLIPS_PER_PAGE, 1), (SLIPS_PER_PAGE + 1, 2), (35, 4)])
def test_page_count(count, pages):
    data, returned = render(make_slips(count))
    assert returned == pages
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == pages


def test_slips_may_come_from_a_generator():
    data, pages = render(slip for slip in make_slips(12))
    assert pages == 2


def test_every_slip_shows_title_and_its_code(pdf, slips):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert text.count(TITLE) == len(slips)
    assert SUBTITLE in text and INSTRUCTIONS[0] in text and INSTRUCTIONS[1] in text
    for code, _ in slips:
        assert code in text


def test_cjk_font_is_embedded(pdf):
    assert b"/FontFile2" in pdf


@pytest.mark.parametrize("dpi", [150, 100])
def test_qr_codes_decode_from_the_rendered_pages(pdf, slips, dpi):
    document = pypdfium2.PdfDocument(pdf)
    decoded = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil()
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        decoded += [barcode.text for barcode in found]
    assert sorted(decoded) == sorted(url for _, url in slips)


def test_qr_matrix_is_what_qrcode_makes():
    chooser = random.Random(7)
    for length in [1, 20, 40, 60, 100, 150, 250]:
        data = "https://vote.example.cn/b/" + "".join(chooser.choice(ALPHABET + "abc/-") for _ in range(length))
        reference = qrcode.QRCode(error_correction=ERROR_CORRECT_M)
        reference.add_data(data)
        reference.make(fit=True)
        assert np.array_equal(qr_matrix(data), np.array(reference.modules, dtype=bool)), data


def test_codes_are_not_logged(slips, caplog):
    with caplog.at_level(logging.DEBUG):
        render(slips)
    assert not any(code in record.getMessage() for record in caplog.records for code, _ in slips)


def test_no_slips_is_an_error():
    with pytest.raises(ValueError):
        render([])


def test_too_many_instruction_lines_is_an_error():
    with pytest.raises(ValueError):
        render_slips(make_slips(1), io.BytesIO(), title=TITLE, subtitle=SUBTITLE, instructions=["a", "b", "c"])


def test_font_registration_is_idempotent():
    assert register_cjk_font() == register_cjk_font() == CJK_FONT


def test_latin_and_cjk_runs():
    assert text_runs("2025年度 Vote") == [(LATIN_FONT, "2025"), (CJK_FONT, "年度"), (LATIN_FONT, " Vote")]
