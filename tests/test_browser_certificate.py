"""End to end in Chromium: the certificate PDF of a named enterprise is rendered to an image, its QR code
scanned, and a phone, not signed in, lands on the public check of that certificate."""
from pathlib import Path

import pytest

from browser_support import fits_the_phone
from naming_support import on_notice
from seal_support import qr_links
from survey.data.models import Declaration, User
from survey.domain import declarations
from survey.domain.clock import utcnow

SHOTS = Path("/tmp/harmony-shots")


@pytest.mark.browser
def test_the_certificates_qr_code_leads_to_its_public_check(live_server, api, world, session, phone_context):
    found = on_notice(api, world, session, days_left=0)
    assessor = session.query(User).filter_by(username="assessor_east").one()
    declaration = session.get(Declaration, found)
    declarations.name(session, assessor, declaration, declaration.notice_ends, utcnow())
    session.commit()
    phone = phone_context()
    response = phone.request.get(f"{live_server.url}/api/v1/declarations/{found}/certificate.pdf",
                                 headers={"Authorization": f"Bearer {world.keys['chair_a']}"})
    assert response.status == 200
    links = qr_links(response.body(), dpi=300)
    number = f"HX-{declaration.cycle.year}-{world.east}-0001"
    assert links == [f"{live_server.url}/certificates/{number}"]
    page = phone.new_page()
    page.goto(links[0])
    assert page.locator("#number").inner_text() == number
    assert page.locator("#enterprise").inner_text() == "甲公司"
    assert page.locator("#level").inner_text() == "A"
    assert page.locator("#issuer").inner_text() == "东区总工会"
    assert fits_the_phone(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "certificate-check.png", full_page=True)
    page.goto(f"{live_server.url}/certificates/HX-1999-1-0001")
    assert page.locator("#unknown").count() == 1


@pytest.mark.browser
def test_an_objection_is_lodged_and_followed_on_a_phone_without_javascript(live_server, api, world, session,
                                                                          phone_context):
    found = on_notice(api, world, session)
    cycle = session.get(Declaration, found).cycle_id
    page = phone_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/notice/{cycle}")
    assert "甲公司" in page.locator(f"#declaration-{found}").inner_text()
    page.fill(f"#declaration-{found} textarea[name=text]", "食堂卫生条件差，多次反映未解决。")
    page.click(f"#declaration-{found} form button")
    code = page.locator("#tracking-code").inner_text()
    assert len(code.replace("-", "")) == 13
    page.goto(f"{live_server.url}/o")
    page.fill("input[name=code]", code)
    page.click("main form button")
    assert page.locator("#state").count() == 1 and "/o" in page.url and code not in page.url
    page.screenshot(path=SHOTS / "objection-tracked.png", full_page=True)
    phone = phone_context().new_page()
    phone.goto(f"{live_server.url}/notice/{cycle}")
    assert fits_the_phone(phone)
    phone.screenshot(path=SHOTS / "notice.png", full_page=True)
