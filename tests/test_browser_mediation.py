"""A mediation case on a 360 px phone, without JavaScript: the chair sets up the enterprise's mediation
committee, adds a mediator, receives a case, records a session and the agreement, and prints it.
Screenshots go to /tmp/harmony-shots/ for a person to look at."""
import pytest

from browser_support import fits_the_phone
from test_browser_vote import SHOTS, sign_in


@pytest.mark.browser
def test_a_chair_carries_a_mediation_case_to_its_agreement_on_a_phone(live_server, world, phone_context):
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    chair = phone_context().new_page()
    sign_in(chair, base, "chair_a")
    chair.goto(f"{base}/enterprises/{world.a}")
    chair.click("#mediation")
    assert fits_the_phone(chair)
    chair.fill("#body-name", "甲公司劳动争议调解委员会")
    chair.click("#new-body button")
    chair.fill("#mediator-name", "王调解")
    chair.click("#new-mediator button")
    assert chair.locator("#mediators").inner_text() == "王调解"
    chair.fill("#worker-party", "职工李四")
    chair.fill("#employer-party", "甲公司")
    chair.fill("#claim", "支付拖欠的三个月加班费。")
    chair.click("#new-case button")
    assert fits_the_phone(chair)
    chair.fill("#place", "工会会议室")
    chair.fill("#notes", "双方到场，初步达成一致。")
    chair.click("#new-session button")
    assert "工会会议室" in chair.locator("main").inner_text()
    chair.select_option("select[name=outcome]", "agreement")
    chair.fill("#terms", "甲公司于本月底前支付加班费6000元。")
    chair.select_option("select[name=mediator]", label="王调解")
    chair.screenshot(path=str(SHOTS / "mediation-case.png"), full_page=True)
    chair.click("#outcome button")
    assert chair.locator("#case").get_attribute("data-state") == "agreement" and fits_the_phone(chair)
    with chair.expect_download() as download:
        chair.click("#agreement")
    assert download.value.suggested_filename.endswith(".pdf")
    chair.screenshot(path=str(SHOTS / "mediation-agreement.png"), full_page=True)
