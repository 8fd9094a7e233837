"""End to end in Chromium: the chair downloads the self-check attachment of a closed vote; an assessor's
phone scans its QR code, unsigned-in, and lands on the public page of the same sealed result.

The QR code is decoded from the PDF the app produced, rendered to an image. Screenshots go to
/tmp/harmony-shots/ for a person to look at.
"""
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext

from browser_support import fits_the_phone
from seal_support import TITLE, closed_vote, mixed_ballots, qr_links, sealed

SHOTS = Path("/tmp/harmony-shots")
DESK = {"viewport": {"width": 1100, "height": 900}, "locale": "zh-CN", "accept_downloads": True}


@pytest.mark.browser
def test_the_declarations_qr_code_leads_to_the_matching_verification_page(live_server, api, world, browser,
                                                                          phone_context):
    base = live_server.url
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    digest = sealed(api, campaign_id)["sha256"]
    SHOTS.mkdir(exist_ok=True)

    chair = browser.new_context(**DESK).new_page()
    chair.goto(f"{base}/login")
    chair.fill("input[name=username]", "chair_a")
    chair.fill("input[name=password]", "password-chair_a")
    chair.click("main form button")
    chair.goto(f"{base}/campaigns/{campaign_id}")
    assert digest in chair.locator("#seal").inner_text()
    chair.screenshot(path=SHOTS / "seal-links.png", full_page=True)
    with chair.expect_download() as download:
        chair.click("#attachment")
    pdf = Path(download.value.path()).read_bytes()

    links = qr_links(pdf, dpi=300)
    assert links == [f"{base}/verify/{digest}"]

    assessor = phone_context().new_page()
    assessor.goto(links[0])
    assert assessor.locator("#digest").inner_text() == digest
    facts = assessor.locator("#facts").inner_text()
    assert "甲公司" in facts and TITLE in facts
    with live_server.app.test_request_context(), force_locale("zh"):
        assert assessor.locator("#verdict").inner_text() == gettext("Self-check qualified")
    assert "80.00%" in assessor.locator("#composite").inner_text()
    assert fits_the_phone(assessor)
    assessor.screenshot(path=SHOTS / "verify.png", full_page=True)

    assessor.goto(f"{base}/verify/{'0' * 64}")
    assert assessor.locator("h1").count() == 1 and digest not in assessor.content()


@pytest.mark.browser
def test_free_answers_wrap_on_a_phone_and_show_no_department(live_server, api, world, browser, phone_context):
    long_text = "食堂" * 120 + "https://example.org/" + "x" * 200
    ballots = mixed_ballots()
    ballots[0]["suggestion"] = long_text
    campaign_id = closed_vote(api, world.a, ballots)
    SHOTS.mkdir(exist_ok=True)
    for name, context in (("phone", phone_context()), ("desk", browser.new_context(**{**DESK, "viewport": {
            "width": 1280, "height": 900}}))):
        page = context.new_page()
        page.goto(f"{live_server.url}/login")
        page.fill("input[name=username]", "chair_a")
        page.fill("input[name=password]", "password-chair_a")
        page.click("main form button")
        page.goto(f"{live_server.url}/campaigns/{campaign_id}")
        section = page.locator("#free-texts")
        assert long_text in section.inner_text() and "生产部" not in section.inner_text()
        assert fits_the_phone(page, page.viewport_size["width"])
        section.screenshot(path=SHOTS / f"free-texts-{name}.png")
