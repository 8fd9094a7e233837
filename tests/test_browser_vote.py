"""End to end in a phone-sized Chromium: the chair prints QR slips, workers scan and vote, the chair counts.

The QR codes are decoded from the PDF the app produced, rendered to an image, so the test follows the
same link a worker's phone camera would. Screenshots go to /tmp/harmony-shots/ for a person to look at.
"""
import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from flask_babel import force_locale, gettext

from browser_support import fits_the_phone
from helpers import SCORED
from survey.domain import codes

SHOTS = Path("/tmp/harmony-shots")
FIRST_ITEM = {"zh": "劳动合同签订与履行", "en": "Signing and keeping of labour contracts"}


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "password-" + username)
    page.click("main form button")


def download_slips(page, count: int) -> Path:
    """Issue a batch of codes as A4 slips from the campaign page; the downloaded PDF's path."""
    form = page.locator("form[action$='/codes']")
    form.locator("input[name=count]").fill(str(count))
    form.locator("input[name=format][value=pdf]").check()
    with page.expect_download() as download:
        form.locator("button").click()
    return Path(download.value.path())


def slip_links(pdf_path: Path) -> tuple[list[str], str]:
    """The QR links decoded from the first page rendered at 300 dpi, and the page's printed text."""
    page = pypdfium2.PdfDocument(pdf_path)[0]
    image = page.render(scale=300 / 72).to_pil()
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return sorted(barcode.text for barcode in found), page.get_textpage().get_text_range()


def first_item(page) -> str:
    return page.locator("fieldset.item legend").first.inner_text()


def vote(page, option: str) -> str:
    """Answer every scored item with `option`, submit, and return the receipt shown."""
    radios = page.locator(f"input[type=radio][value={option}]")
    assert radios.count() == len(SCORED)
    for radio in radios.all():
        radio.check()
    page.fill("textarea[name='a.suggestion']", "食堂饭菜可以再改进")
    page.click("form[action$='/v/submit'] button")
    page.wait_for_url(re.compile(r"/v/submit$"))  # the receipt answers the POST: no receipt in the URL
    return page.locator("#receipt").inner_text()


def in_chinese(app, text: str) -> str:
    """What the app shows for an English source text in its default language (Chinese)."""
    with app.test_request_context(), force_locale("zh"):
        return gettext(text)


@pytest.mark.browser
def test_chair_prints_slips_workers_vote_by_qr_and_the_chair_counts(live_server, world, phone_context):
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)

    chair = phone_context().new_page()
    sign_in(chair, base, "chair_a")
    chair.fill("input[name=title]", "2026年度职工满意度测评")
    chair.fill("input[name=electorate]", "2")
    chair.click("form[action$='/campaigns'] button")
    chair.click("form[action$='/open'] button")
    assert chair.locator(".state.open").count() == 1

    links, printed = slip_links(download_slips(chair, 2))
    assert len(links) == 2 and all(link.startswith(f"{base}/v/") for link in links)
    for link in links:
        assert codes.display(link.rsplit("/", 1)[1]) in printed  # the typable code under each QR
    first_link, second_link = links

    worker = phone_context().new_page()
    requested: list[str] = []
    worker.on("request", lambda request: requested.append(request.url))
    worker.goto(first_link)
    assert worker.locator("html").get_attribute("lang") == "zh-Hans"
    assert first_item(worker).startswith("1. " + FIRST_ITEM["zh"])
    assert fits_the_phone(worker)
    worker.screenshot(path=SHOTS / "ballot.png", full_page=True)

    worker.click("a[href='?lang=en']")
    assert worker.locator("html").get_attribute("lang") == "en"
    assert first_item(worker).startswith("1. " + FIRST_ITEM["en"])
    worker.click("a[href='?lang=zh']")
    assert first_item(worker).startswith("1. " + FIRST_ITEM["zh"])

    receipt = vote(worker, "satisfied")
    assert re.fullmatch(f"[{codes.ALPHABET}]{{10}}", receipt)
    assert fits_the_phone(worker)
    worker.screenshot(path=SHOTS / "receipt.png", full_page=True)

    worker.goto(first_link)
    used = worker.locator("[data-reason=code_used]")
    assert used.count() == 1 and receipt in used.inner_text()
    assert fits_the_phone(worker)
    worker.screenshot(path=SHOTS / "used.png", full_page=True)

    assert any(url.endswith("/static/style.css") for url in requested)
    assert [url for url in requested if not url.startswith("http://127.0.0.1:")] == []

    no_script = phone_context(java_script_enabled=False).new_page()
    no_script.goto(second_link)
    assert vote(no_script, "dissatisfied") != receipt
    no_script.goto(first_link)  # another phone holding the used code: told it is used, not its receipt
    assert no_script.locator("[data-reason=code_used]").count() == 1 and receipt not in no_script.content()

    chair.reload()
    assert chair.locator("#cast").inner_text() == "2"
    chair.click("a[href$='/close']")  # the button leads to a confirmation page, which closes nothing yet
    assert "/close" in chair.url and chair.locator("#confirm").count() == 1
    assert "2" in chair.locator(".confirm p").first.inner_text()
    chair.screenshot(path=SHOTS / "confirm-close.png", full_page=True)
    chair.go_back()
    assert chair.locator("a[href$='/close']").count() == 1  # still open
    chair.click("a[href$='/close']")
    chair.click("#confirm")
    assert chair.locator("#verdict").inner_text() == in_chinese(live_server.app, "Self-check not qualified")
    assert chair.locator("#composite").inner_text() == "50.00%"
    rates = chair.locator(".results tbody tr td:nth-child(5)").all_inner_texts()
    assert rates == ["50.00%"] * len(SCORED)
    chair.screenshot(path=SHOTS / "tally.png", full_page=True)
