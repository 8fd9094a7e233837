"""The office in a phone-sized Chromium without JavaScript: an admin creates an enterprise and its
chair's account, the API key is shown once, and the chair signs in to their new enterprise."""
import re

import pytest

from browser_support import fits_the_phone
from office_support import credit_code, with_wrong_check


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login?lang=en")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main form button")


@pytest.mark.browser
def test_admin_creates_an_enterprise_and_its_chair_who_signs_in(live_server, world, phone_context):
    admin = phone_context(java_script_enabled=False).new_page()
    sign_in(admin, live_server.url, "admin", "password-admin")
    admin.click("#office")
    admin.click("#new-enterprise")
    assert fits_the_phone(admin)
    admin.fill("input[name=name]", "丙公司")
    admin.fill("input[name=credit_code]", with_wrong_check(credit_code(1)))
    admin.fill("input[name=headcount]", "80")
    admin.select_option("select[name=jurisdiction]", label="东区总工会")
    admin.fill("textarea[name=departments]", "生产部、技术部")
    admin.click("#save")
    assert "check character" in admin.locator("#credit_code-error").inner_text()
    assert admin.input_value("input[name=name]") == "丙公司"  # nothing typed is lost
    admin.fill("input[name=credit_code]", credit_code(1))
    admin.click("#save")
    assert admin.locator("td a", has_text="丙公司").count() == 1

    admin.click("#accounts")
    admin.click("#new-account")
    assert fits_the_phone(admin)
    admin.fill("input[name=username]", "chair_c")
    admin.fill("input[name=password]", "a-long-password")
    admin.select_option("select[name=role]", value="chair")
    admin.select_option("select[name=enterprise]", label="丙公司")
    admin.click("#create")
    key = admin.locator("#api-key").inner_text().strip()
    assert re.fullmatch(r"hk_[A-Za-z0-9_-]{20,}", key)
    admin.click("text=Done")
    assert key not in admin.content()

    chair = phone_context(java_script_enabled=False).new_page()
    sign_in(chair, live_server.url, "chair_c", "a-long-password")
    assert chair.locator("h1").inner_text() == "丙公司"
    assert "生产部、技术部" in chair.content()
    chair.click("#staffing")
    chair.fill("input[name=headcount]", "85")
    chair.click("#save")
    assert "85" in chair.locator("main .muted").first.inner_text()
