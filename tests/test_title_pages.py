"""The assessor's pages of dynamic management without JavaScript: the title page's forms for each move and
a spot check, the refusals shown on the page, the home's yellow cards due, the three ledgers in Chinese,
and 403 for a chair and another jurisdiction's assessor; on a 360 px phone, the title page and the board."""
import io
from decimal import Decimal
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from browser_support import fits_the_phone, sign_in_page
from declaration_support import YEAR
from helpers import answers, cast
from title_support import today
from survey.data.models import Cycle


def sign_in(client, user: str = "assessor_east"):
    client.post("/login", data={"username": user, "password": "password-" + user})


def page(client, path: str) -> str:
    answer = client.get(path + ("&" if "?" in path else "?") + "lang=en")
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def test_the_title_page_walks_a_yellow_card_to_delisting(app, client, named, days_later):
    sign_in(client)
    assert f'href="/assessor/enterprises/{named}/title"' in page(client, f"/enterprises/{named}")
    shown = page(client, f"/assessor/enterprises/{named}/title")
    assert 'id="form-yellow_card"' in shown and 'id="form-revoke"' in shown and 'id="form-delist"' not in shown
    refused = client.post(f"/assessor/enterprises/{named}/title/yellow_card?lang=en", data={"reasons": " \n "})
    assert refused.status_code == 422 and "Give the reasons" in refused.get_data(as_text=True)
    deadline = (today(app) + timedelta(days=3)).isoformat()
    given = client.post(f"/assessor/enterprises/{named}/title/yellow_card",
                        data={"reasons": "工资支付\n民主管理", "deadline": deadline})
    assert given.status_code == 302
    shown = page(client, f"/assessor/enterprises/{named}/title")
    assert "工资支付" in shown and deadline in shown and 'id="form-delist"' in shown and 'id="form-rectified"' in shown
    assert "甲公司" in page(client, "/assessor").split('id="due"')[1]  # 3 days ahead: near
    days_later(4)
    assert "overdue" in page(client, "/assessor")
    late = client.post(f"/assessor/enterprises/{named}/title/rectified?lang=en", data={"finding": "已整改"})
    assert late.status_code == 409 and "has passed" in late.get_data(as_text=True)
    assert client.post(f"/assessor/enterprises/{named}/title/delist", data={"finding": "逾期未整改"}).status_code == 302
    shown = page(client, f"/assessor/enterprises/{named}/title")
    assert "delisted" in shown and 'id="form-check"' not in shown and 'id="form-revoke"' not in shown


def test_a_spot_check_and_a_revocation_from_the_page(app, client, named):
    sign_in(client)
    refused = client.post(f"/assessor/enterprises/{named}/spot-checks",
                          data={"date": today(app).isoformat(), "method": "documents", "findings": "", "score": "x"})
    assert refused.status_code == 422
    recorded = client.post(f"/assessor/enterprises/{named}/spot-checks",
                           data={"date": today(app).isoformat(), "method": "documents", "findings": "台账齐全",
                                 "score": "91"})
    assert recorded.status_code == 302 and "台账齐全" in page(client, f"/assessor/enterprises/{named}/title")
    revoked = client.post(f"/assessor/enterprises/{named}/title/revoke",
                          data={"event": "mass_incident", "date": today(app).isoformat(), "description": "群体性事件"})
    assert revoked.status_code == 302 and "revoked" in page(client, f"/assessor/enterprises/{named}/title")


def test_the_ledgers_in_chinese(app, client, world, named):
    sign_in(client)
    client.post(f"/assessor/enterprises/{named}/title/yellow_card", data={"reasons": "工资支付"})
    client.post(f"/assessor/enterprises/{named}/title/rectified", data={"finding": "已整改到位"})
    client.post(f"/assessor/enterprises/{named}/spot-checks",
                data={"date": today(app).isoformat(), "method": "visit", "findings": "突击走访"})
    links = page(client, f"/assessor/jurisdictions/{world.east}/board")

    def sheet(name):
        assert f"/assessor/jurisdictions/{world.east}/{name}" in links
        answer = client.get(f"/assessor/jurisdictions/{world.east}/{name}")
        assert answer.status_code == 200
        return [list(row) for row in load_workbook(io.BytesIO(answer.data)).active.iter_rows(values_only=True)]
    titles = sheet("titles.xlsx")
    assert titles[0][:7] == ["序号", "企业名称", "统一社会信用代码", "命名年度", "命名单位", "等级", "称号状态"]
    assert titles[1][1] == "甲公司" and titles[1][6] == "已命名" and "黄牌" in titles[1][10]
    checks = sheet("spot-checks.xlsx")
    assert checks[1][1] == "甲公司" and checks[1][6] == "突击走访" and checks[1][7] == "突击走访"
    cards = sheet("yellow-cards.xlsx")
    assert cards[0][5:9] == ["黄牌日期", "整改期限", "黄牌原因", "结果"]
    assert cards[1][7] == "工资支付" and cards[1][8] == "已整改" and cards[1][10] == "已整改到位" and cards[1][6]


@pytest.mark.parametrize("user", ["chair_a", "assessor_west"])
def test_every_page_is_403_for_a_chair_and_another_jurisdiction(client, world, named, user):
    sign_in(client, user)
    for path in (f"/assessor/enterprises/{named}/title", f"/assessor/jurisdictions/{world.east}/board",
                 f"/assessor/jurisdictions/{world.east}/titles.xlsx",
                 f"/assessor/jurisdictions/{world.east}/spot-checks.xlsx",
                 f"/assessor/jurisdictions/{world.east}/yellow-cards.xlsx"):
        assert client.get(path).status_code == 403, path
    for path in (f"/assessor/enterprises/{named}/title/revoke", f"/assessor/enterprises/{named}/spot-checks"):
        assert client.post(path, data={}).status_code == 403, path


@pytest.mark.browser
def test_the_title_page_and_the_board_fit_a_phone(live_server, app, world, named, phone_context):
    page_ = phone_context(java_script_enabled=False).new_page()
    sign_in_page(page_, live_server.url, "assessor_east")
    page_.goto(f"{live_server.url}/assessor/enterprises/{named}/title")
    page_.fill("#form-yellow_card textarea[name=reasons]", "工资支付")
    page_.click("#form-yellow_card button")
    assert "黄牌" in page_.locator("#state").inner_text()
    assert fits_the_phone(page_)
    page_.goto(f"{live_server.url}/assessor/jurisdictions/{world.east}/board")
    assert page_.locator("#areas").count() == 1
    assert fits_the_phone(page_)


def test_the_assessors_anonymous_survey_of_a_named_enterprise(app, api, client, world, session, named):
    sign_in(client)
    started = client.post(f"/assessor/enterprises/{named}/title/survey", data={"electorate": "5",
                                                                                "findings": "年中抽查"})
    assert started.status_code == 302
    vote = int(started.headers["Location"].rstrip("/").split("/")[-1])
    check = api("assessor_east").get(f"/enterprises/{named}/title").json["checks"][0]
    assert (check["method"], check["vote"], check["findings"]) == ("survey", vote, "年中抽查")
    assert api("chair_a").get(f"/campaigns/{vote}").status_code == 403  # the chair never sees it
    assert api("assessor_east").post(f"/campaigns/{vote}/open").status_code == 200
    codes = api("assessor_east").post(f"/campaigns/{vote}/codes", {"count": 5}).json["codes"]
    for code in codes:
        assert cast(api, code, answers("satisfied")).status_code == 201
    assert api("assessor_east").post(f"/campaigns/{vote}/close").status_code == 200
    row = next(r for r in api("assessor_east").get(f"/jurisdictions/{world.east}/board").json["enterprises"]
               if r["id"] == named)
    assert Decimal(row["spot_check"]) == 100 and float(row["discrepancy"]) < 0  # 80% self-check against 100%
    other = Cycle(jurisdiction_id=world.city, year=YEAR, notice_days=7, min_scores={}, example_scheme=True)
    session.add(other)
    session.commit()
    attach = api("admin").post(f"/enterprises/{named}/declarations", {"cycle": other.id, "level": "A", "vote": vote})
    assert attach.status_code == 422 and attach.json["error"] == "declaration_vote_not_qualified"  # never a self-check
