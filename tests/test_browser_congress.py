"""A congress session end to end in phone-sized Chromium, through the pages only.

The chair imports the roster (a bad file first), prints the sign-in sheet, opens the session; a
delegate signs in by the QR decoded from that sheet; the chair marks the others present or on paper
and watches the hall display reach the quorum; three motions (one passing, one failing at exactly
half, one with a paper ballot) and an election are voted on the delegates' phones with the codes
the chair downloaded; the chair closes the session and downloads the resolution sheet.
"""
import csv
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser_support import fits_the_phone
from seal_support import qr_links

ROSTER = "姓名,部门,类别\n" + "".join(f"代表{n},生产部,{'管理人员和领导' if n == 0 else '一线职工'}\n" for n in range(6))
BAD_ROSTER = "姓名,部门,类别\n张三,生产部,一线职工\n,生产部,一线职工\n李四,生产部,老板\n"


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login?lang=en")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "password-" + username)
    page.click("main form button")


def submit(page, action: str, **fields) -> None:
    form = page.locator(f"form[action$='{action}']").first
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button").first.click()


def download(page, action: str, **choices) -> Path:
    form = page.locator(f"form[action$='{action}']").first
    for name, value in choices.items():
        form.locator(f"input[name={name}][value={value}]").check()
    with page.expect_download() as started:
        form.locator("button").first.click()
    return Path(started.value.path())


def close_through_confirmation(page) -> None:
    """The close button leads to a page saying what closing does; its button closes."""
    page.click("a[href$='/close']")
    assert page.locator(".confirm h1").count() == 1
    page.click("#confirm")




def mark(chair, delegate: str, paper: bool) -> None:
    row = chair.locator("tr", has_text=delegate)
    row.locator(f"button[name=paper][value='{int(paper)}']").click()
    chair.wait_for_load_state()


def run_motion(chair, phone, base: str, title: str, choices: list[str], paper: dict | None = None) -> str:
    """Add, open, hand out codes, vote on the phone, enter paper counts, close; the verdict shown."""
    submit(chair, "/motions", title=title)
    chair.click(f"#agenda a:text('{title}')")
    chair.click("form[action$='/open'] button")
    codes = list(csv.reader(io.StringIO(download(chair, "/codes", format="csv").read_text("utf-8-sig"))))[1:]
    assert len(codes) == len(choices)
    for (_code, link), choice in zip(codes, choices):
        phone.goto(link)
        phone.check(f"input[name=choice][value={choice}]")
        phone.click("form[action$='/v/vote'] button")
        phone.wait_for_url(re.compile(r"/v/vote$"))
    if paper:
        submit(chair, "/paper", **paper)
    chair.reload()
    assert chair.locator("#voted").inner_text() == str(len(choices) + sum(int(v) for v in (paper or {}).values()))
    assert chair.locator("#verdict").count() == 0  # hidden until closed
    close_through_confirmation(chair)
    return chair.locator("#verdict").inner_text()


@pytest.mark.browser
def test_chair_runs_a_congress_session_and_delegates_vote_by_phone(live_server, world, phone_context, tmp_path):
    base = live_server.url
    chair = phone_context().new_page()
    sign_in(chair, base, "chair_a")
    chair.click("#congresses")
    submit(chair, "/congresses", title="第五届职代会第三次会议")

    (tmp_path / "bad.csv").write_text(BAD_ROSTER, encoding="utf-8")
    chair.set_input_files("input[name=file]", str(tmp_path / "bad.csv"))
    chair.click("form[action$='/roster'] button")
    errors = chair.locator("#errors").inner_text()
    assert "Line 3:" in errors and "Line 4:" in errors and "老板" in errors
    assert chair.locator("#roster h2").inner_text().endswith("(0)")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    chair.set_input_files("input[name=file]", str(tmp_path / "roster.csv"))
    chair.click("form[action$='/roster'] button")
    assert chair.locator("#roster h2").inner_text().endswith("(6)")
    assert "1 of 6" in chair.locator("#share").inner_text()
    assert fits_the_phone(chair)

    links = qr_links(download(chair, "/sign-in-sheet").read_bytes(), dpi=300)
    assert len(links) == 6 and all(link.startswith(f"{base}/v/") for link in links)
    chair.click("form[action$='/open'] button")

    delegate = phone_context().new_page()
    delegate.goto(links[0])
    name = re.search(r"代表\d", delegate.locator("h1").inner_text()).group()
    delegate.click("form[action$='/v/sign-in'] button")
    assert delegate.locator("#signed").count() == 1
    delegate.goto(links[0])
    assert delegate.locator("#signed").count() == 1 and delegate.locator("form[action$='/v/sign-in']").count() == 0

    others = [f"代表{n}" for n in range(6) if f"代表{n}" != name]
    mark(chair, others[0], paper=False)
    mark(chair, others[1], paper=False)
    hall = phone_context().new_page()
    sign_in(hall, base, "chair_a")
    hall.goto(chair.url + "/hall")
    assert hall.locator("#present").inner_text() == "3" and "fail" in hall.locator("#quorum").get_attribute("class")
    submit(chair, "/motions", title="集体合同草案")
    chair.click("#agenda a:text('集体合同草案')")
    chair.click("form[action$='/open'] button")
    assert "No quorum: 3 of 6" in chair.locator("#errors").inner_text()
    chair.click("main a:text('第五届职代会第三次会议')")
    mark(chair, others[2], paper=False)
    hall.reload()
    assert hall.locator("#present").inner_text() == "4" and "pass" in hall.locator("#quorum").get_attribute("class")
    mark(chair, others[3], paper=True)
    assert chair.locator("#present").inner_text() == "5"

    # The motion refused above is still a draft: open it now, with the quorum.
    chair.click("#agenda a:text('集体合同草案')")
    chair.click("form[action$='/open'] button")
    codes = list(csv.reader(io.StringIO(download(chair, "/codes", format="csv").read_text("utf-8-sig"))))[1:]
    assert len(codes) == 4  # 5 present, 1 of them on paper
    for _code, link in codes:
        delegate.goto(link)
        delegate.check("input[name=choice][value=for]")
        delegate.click("form[action$='/v/vote'] button")
        delegate.wait_for_url(re.compile(r"/v/vote$"))
    hall.reload()
    assert hall.locator(".voted").inner_text() == "4"
    delegate.goto(codes[0][1])
    assert "/v/" in delegate.url and delegate.locator("input[name=choice]").count() == 0  # used: refused
    chair.reload()
    close_through_confirmation(chair)
    assert "Passed" in chair.locator("#verdict").inner_text() and chair.locator("#for").inner_text() == "4"
    chair.click("main a:text('第五届职代会第三次会议')")

    assert "Not passed" in run_motion(chair, delegate, base, "工资专项集体协议", ["for"] * 3 + ["against"])
    chair.click("main a:text('第五届职代会第三次会议')")
    verdict = run_motion(chair, delegate, base, "企业年度工作报告", ["for"] * 3 + ["against"],
                         paper={"for": "1", "against": "0", "abstain": "0"})
    assert "Passed" in verdict and chair.locator("#for").inner_text() == "4"
    chair.click("main a:text('第五届职代会第三次会议')")

    chair.locator("form[action$='/elections'] [name=title]").fill("劳动争议调解委员会委员")
    chair.locator("form[action$='/elections'] [name=seats]").fill("1")
    chair.locator("form[action$='/elections'] [name=candidates]").fill("张三\n李四")
    chair.locator("form[action$='/elections'] button").click()
    chair.click("#agenda a:text('劳动争议调解委员会委员')")
    chair.click("form[action$='/open'] button")
    codes = list(csv.reader(io.StringIO(download(chair, "/codes", format="csv").read_text("utf-8-sig"))))[1:]
    for (_code, link), marked in zip(codes, ["张三", "张三", "张三", "李四"]):
        delegate.goto(link)
        delegate.check(f"label:has-text('{marked}') input")
        delegate.click("form[action$='/v/vote'] button")
        delegate.wait_for_url(re.compile(r"/v/vote$"))
    form = chair.locator("form[action$='/paper']")
    form.locator("[name=ballots]").fill("1")
    form.locator("label:has-text('张三') input").fill("1")
    form.locator("button").click()
    close_through_confirmation(chair)
    assert chair.locator("tr.elected").inner_text().split() == ["张三", "4", "Elected"]

    chair.click("main a:text('第五届职代会第三次会议')")
    close_through_confirmation(chair)
    with chair.expect_download() as started:
        chair.click("a[href$='/resolution.pdf']")
    text = "".join(p.extract_text() for p in PdfReader(started.value.path()).pages).replace(" ", "").replace("\n", "")
    assert "职工代表大会表决结果汇总表" in text and "第五届职代会第三次会议" in text
    assert "赞成4票，反对0票，弃权0票；共投票4张（纸质票0张，手机投票4张）；未投票2人" in text and "赞成3票，反对1票" in text and "未通过" in text
    assert "张三：4票，当选" in text and re.search(r"[0-9a-f]{64}", text)
