"""The questionnaire editor in a browser without JavaScript, at phone and laptop width."""
from pathlib import Path

import pytest

from browser_support import fits_the_phone
from test_browser_vote import sign_in

SHOTS = Path("/tmp/harmony-shots")
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "device_scale_factor": 1, "is_mobile": False,
          "has_touch": False}


@pytest.mark.browser
def test_editor_folds_questions_adds_a_profile_question_and_keeps_a_refused_save(live_server, world, phone_context):
    SHOTS.mkdir(exist_ok=True)
    chair = phone_context(java_script_enabled=False).new_page()
    sign_in(chair, live_server.url, "chair_a")
    chair.fill("input[name=title]", "2026年度职工满意度测评")
    chair.check("input[name=ask_department]")
    chair.click("form[action$='/campaigns'] button")
    page_url = chair.url

    editor = chair.locator("#questionnaire")
    assert editor.locator("details.item").count() == 11 and editor.locator("details.item[open]").count() == 0

    add = chair.locator("#add-question")
    add.locator("input[name=new_kind][value=profile]").check()
    add.locator("input[name=new_zh]").fill("您在本企业的工龄")
    add.locator("textarea[name=new_options]").fill("1年以下\n1–5年\n5年以上")
    add.locator("button[name=add]").click()
    opened = editor.locator("details.item[open]")
    assert opened.count() == 1 and "您在本企业的工龄" in opened.locator("summary").inner_text()
    assert opened.locator("input[name='q1.o2.text_zh']").input_value() == "1–5年"

    chair.locator("details#q-wages > summary").click()
    chair.fill("input[name='wages.text_zh']", "工资按时发放")
    chair.locator("details#q-hours > summary").click()
    chair.fill("input[name='hours.weight']", "-1")
    chair.click("#questionnaire form button:has-text('保存问卷')")
    assert "第5题：" in chair.locator("details#q-hours .error").inner_text()
    assert chair.input_value("input[name='wages.text_zh']") == "工资按时发放"
    assert chair.locator("details#q-wages").get_attribute("open") is not None
    assert editor.locator("details.item[open]").count() == 2
    assert fits_the_phone(chair)
    chair.screenshot(path=SHOTS / "questionnaire-360.png", full_page=True)

    laptop = phone_context(**LAPTOP, java_script_enabled=False).new_page()
    sign_in(laptop, live_server.url, "chair_a")
    laptop.goto(page_url)
    laptop.locator("details#q-q1 > summary").click()
    assert fits_the_phone(laptop, 1280)
    laptop.screenshot(path=SHOTS / "questionnaire-1280.png", full_page=True)
