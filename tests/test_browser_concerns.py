"""A concern end to end on a 360 px phone: the chair prints the concern poster, a worker scans its QR and
raises a concern, the chair answers and closes it, the worker reads the answer with the tracking code.
Screenshots go to /tmp/harmony-shots/ for a person to look at."""
from pathlib import Path

import pytest

from browser_support import fits_the_phone
from seal_support import qr_links
from test_browser_vote import SHOTS, sign_in

ANSWER = "已核实，三月份加班费将于本周五随工资补发。"


@pytest.mark.browser
def test_a_worker_raises_a_concern_from_the_poster_and_reads_the_chairs_answer(live_server, world, phone_context):
    base = live_server.url
    SHOTS.mkdir(exist_ok=True)
    chair = phone_context().new_page()
    sign_in(chair, base, "chair_a")
    chair.goto(f"{base}/enterprises/{world.a}/concerns")
    with chair.expect_download() as download:
        chair.click("#poster")
    [link] = qr_links(Path(download.value.path()).read_bytes())
    assert link.startswith(base + "/c/")

    worker = phone_context().new_page()
    worker.goto(link)
    assert fits_the_phone(worker)
    worker.check("input[name=category][value=wages]")
    worker.fill("textarea[name=text]", "三月份的加班费至今没有发放，请工会帮忙过问。")
    worker.screenshot(path=str(SHOTS / "concern-raise.png"), full_page=True)
    worker.click("main form button")
    code = worker.locator("#tracking-code").inner_text()
    worker.screenshot(path=str(SHOTS / "concern-raised.png"), full_page=True)
    assert len(code.replace("-", "")) == 13 and fits_the_phone(worker)

    chair.goto(f"{base}/enterprises/{world.a}/concerns")
    chair.click("#cases a")
    chair.fill("#answer-text", ANSWER)
    chair.select_option("select[name=closure]", "solved")
    chair.click("#answer button")
    assert chair.locator("#concern").get_attribute("data-state") == "closed"
    chair.screenshot(path=str(SHOTS / "concern-case.png"), full_page=True)

    reader = phone_context().new_page()
    reader.goto(f"{base}/c")
    reader.fill("input[name=code]", code.lower())
    reader.click("main form button")
    assert ANSWER in reader.locator("main").inner_text()
    assert reader.locator("#concern").get_attribute("data-state") == "closed" and fits_the_phone(reader)
    reader.screenshot(path=str(SHOTS / "concern-answer.png"), full_page=True)
