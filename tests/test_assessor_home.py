"""The assessor's home and ledger, the spot-check page with the planner's figure, answering objections
in the browser's forms (no JavaScript)."""
import io
from decimal import Decimal

from openpyxl import load_workbook

from helpers import answers, cast
from naming_support import declaration, on_notice
from office_support import sign_in
from survey.data.models import Declaration
from survey.domain import planner


def test_the_spot_check_page_shows_the_planners_figure_and_starts_the_survey(api, world, session, client):
    found = declaration(api, world, session)
    sign_in(client, "assessor_east")
    page = client.get(f"/assessor/declarations/{found}/spot-check").get_data(as_text=True)
    planned = planner.plan(100, Decimal(5), 95).sample  # ±5 points at 95% of the 100 workers
    assert f"{planned}人" in page.split('id="planned"')[1].split("</p>")[0] and f'value="{planned}"' in page
    started = client.post(f"/assessor/declarations/{found}/spot-check", data={"electorate": "10"})
    assert started.status_code == 302
    session.expire_all()
    vote = session.get(Declaration, found).spot_check_campaign_id
    assert started.headers["Location"].endswith(f"/campaigns/{vote}")
    assert client.get(f"/campaigns/{vote}").status_code == 200  # the assessor runs it on the ordinary pages
    assert client.post(f"/campaigns/{vote}/open").status_code == 302
    codes = api("assessor_east").post(f"/campaigns/{vote}/codes", {"count": 10}).json["codes"]
    for code, option in zip(codes, ["satisfied"] + ["dissatisfied"] * 9):
        cast(api, code, answers(option))
    assert client.post(f"/campaigns/{vote}/close").status_code == 302
    page = client.get(f"/assessor/declarations/{found}/spot-check").get_data(as_text=True)
    assert 'id="sentence"' in page and "10%" in page and "80%" in page
    home = client.get("/assessor").get_data(as_text=True)
    assert f"/assessor/declarations/{found}/spot-check" in home.split('class="flagged"')[1]
    sign_in(client, "chair_a")
    assert client.get(f"/assessor/declarations/{found}/spot-check").status_code == 403
    assert client.get("/assessor").status_code == 403


def test_objections_are_answered_on_their_page_and_counted_at_home(api, world, session, client):
    found = on_notice(api, world, session)
    api().post(f"/declarations/{found}/objections", {"text": "该企业存在加班不付费问题。"})
    sign_in(client, "assessor_east")
    home = client.get("/assessor").get_data(as_text=True)
    assert f"/assessor/declarations/{found}/objections" in home.split('class="objections-open"')[1]
    page = client.get(f"/assessor/declarations/{found}/objections").get_data(as_text=True)
    assert "加班不付费" in page
    objection = page.split('id="objection-')[1].split('"')[0]
    refused = client.post(f"/assessor/declarations/{found}/objections/{objection}", data={"finding": ""})
    assert refused.status_code == 422
    done = client.post(f"/assessor/declarations/{found}/objections/{objection}", data={"finding": "经核查属实，已整改。"})
    assert done.status_code == 302
    assert 'class="objections-open"' not in client.get("/assessor").get_data(as_text=True)
    sign_in(client, "assessor_west")
    assert client.get(f"/assessor/declarations/{found}/objections").status_code == 403


def test_the_ledger_is_in_chinese_with_one_row_per_declaration(api, world, session, client):
    found = on_notice(api, world, session)
    api().post(f"/declarations/{found}/objections", {"text": "异议一"})
    cycle = session.get(Declaration, found).cycle_id
    sign_in(client, "assessor_city")
    response = client.get(f"/assessor/cycles/{cycle}/ledger.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("序号", "企业名称", "统一社会信用代码", "申报等级", "状态")
    assert rows[1][1:4] == ("甲公司", "91350100M000100Y43", "A") and rows[1][5] == 0.8
    assert rows[1][12:14] == (1, 1) and len(rows) == 2
    sign_in(client, "assessor_west")
    assert client.get(f"/assessor/cycles/{cycle}/ledger.xlsx").status_code == 403
