"""The labour-relations early-warning watch (劳动关系预警): the shipped colour rules at their edges, the
schedule, reports and the cases a red report or an event opens on the upper union's board."""
import io
import json
import threading
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey.data.models import WarningPoint
from survey.domain.warning_rules import EXAMPLE, due_periods, is_rising, level_of, period_problem, values_of
from helpers import concern_case, raise_concern
from survey.web import common


def level(**indicators) -> str:
    values, errors = values_of(indicators)
    assert not errors
    return level_of(values, list(EXAMPLE))[0]


@pytest.mark.parametrize("indicators, expected", [
    ({"wage_arrears_months": 2}, "red"),
    ({"wage_arrears_months": 3.5}, "red"),
    ({"wage_arrears_months": 1.99}, "yellow"),
    ({"wage_arrears_months": 1.01}, "yellow"),
    ({"wage_arrears_months": 1}, "green"),  # one month is not yet "over one month"
    ({"wage_arrears_months": 0, "below_minimum_wage": True}, "yellow"),
    ({"below_minimum_wage": False}, "green"),
    ({"collective_incident": True}, "red"),
    ({"collective_incident": True, "below_minimum_wage": True}, "red"),
    ({}, "green"),
])
def test_the_shipped_colour_rules_at_their_edges(indicators, expected):
    assert level(**indicators) == expected


def test_harmonys_own_signals_turn_a_calm_report_blue():
    assert level_of({"concerns_overdue": Decimal(1)}, list(EXAMPLE))[0] == "blue"
    assert level_of({"vote_below_threshold": Decimal(1), "wage_arrears_months": Decimal(2)}, list(EXAMPLE))[0] == "red"


@pytest.mark.parametrize("recent, before, rising", [
    (3, 1, True), (2, 0, False), (4, 2, False), (5, 2, True), (3, 0, True),
])
def test_concerns_rise_at_three_and_more_than_twice_the_days_before(recent, before, rising):
    assert is_rising(recent, before) is rising
    assert level_of({"concerns_rising": Decimal(int(rising))}, list(EXAMPLE))[0] == ("blue" if rising else "green")


def test_harmony_counts_the_last_30_days_against_the_30_before(api, world, days_later):
    def rising() -> str:
        report = api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                                     {"event": True, "indicators": {}, "narrative": "诉求增多。"})
        return report.json["signals"]["concerns_rising"]
    for _ in range(2):
        raise_concern(api, world)
    assert rising() == "0"
    days_later(29)  # the first day is still among the last 30
    raise_concern(api, world)
    assert rising() == "1"
    days_later(30)  # now it is among the 30 before: 1 against 2
    assert rising() == "0"
    for _ in range(4):
        raise_concern(api, world)  # 5 against 2
    assert rising() == "1"


@pytest.mark.parametrize("indicators, field", [
    ({"wage_arrears_months": -1}, "indicators.wage_arrears_months"),
    ({"no_contract_share": 101}, "indicators.no_contract_share"),
    ({"open_disputes": 1.5}, "indicators.open_disputes"),
    ({"collective_incident": 1}, "indicators.collective_incident"),
    ({"weather": 3}, "indicators.weather"),
])
def test_an_indicator_out_of_its_range_is_refused(indicators, field):
    assert list(values_of(indicators)[1]) == [field]


def test_reports_are_due_by_the_end_of_may_and_october_and_weekly_inside_a_window():
    assert due_periods(date(2026, 1, 10), date(2026, 12, 7), []) == ["2026-05", "2026-10"]
    assert due_periods(date(2026, 1, 10), date(2026, 5, 31), []) == []  # due by the end of May: not yet late
    assert due_periods(date(2026, 6, 1), date(2027, 6, 1), []) == ["2026-10", "2027-05"]
    window = [(date(2026, 9, 28), date(2026, 10, 8))]  # National Day: the weeks 40 and 41
    assert due_periods(date(2026, 9, 1), date(2026, 10, 12), window) == ["2026-W40", "2026-W41"]
    assert due_periods(date(2026, 9, 1), date(2026, 10, 11), window) == ["2026-W40"]
    assert period_problem("2026-W40", window) is None and period_problem("2026-W45", window) is not None
    assert period_problem("2026-06", []) == "warning_period_invalid"


def sheet(data: bytes) -> list[list]:
    rows = load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows(values_only=True)
    return [["" if cell is None else cell for cell in row] for row in rows]


def designate(api, world, user="assessor_east"):
    return api(user).post(f"/jurisdictions/{world.east}/warning-points", {"enterprise": world.a})


@pytest.fixture
def webhook(app):
    """A local receiver for the early-warning webhook; yields the bodies it got."""
    received, arrived = [], threading.Event()

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()
            arrived.set()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["WARNING_WEBHOOK_URL"] = f"http://127.0.0.1:{server.server_port}/hook"
    yield received, arrived
    server.shutdown()


def test_a_red_report_reaches_the_board_at_once_with_a_deadline_and_the_webhook(api, world, webhook):
    received, arrived = webhook
    assert designate(api, world).status_code == 201
    reported = api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                                   {"period": "2026-10", "indicators": {"wage_arrears_months": 2}})
    assert reported.status_code == 201 and reported.json["level"] == "red"
    board = api("assessor_city").get(f"/jurisdictions/{world.city}/warnings").json
    [case] = board["cases"]
    assert case["enterprise"] == "甲公司" and case["level"] == "red" and case["owner_id"] is None
    assert case["due_on"] == (date.fromisoformat(reported.json["reported_on"]) + timedelta(days=3)).isoformat()
    assert board["points"][0]["level"] == "red" and board["points"][0]["history"][0]["level"] == "red"
    assert arrived.wait(5) and received[0]["level"] == "red" and received[0]["enterprise"]["name"] == "甲公司"
    again = api("chair_a").post(f"/enterprises/{world.a}/warning-reports", {"period": "2026-10", "indicators": {}})
    assert again.status_code == 409 and again.json["error"] == "warning_period_reported"


def test_a_calm_report_opens_no_case_and_any_chair_reports_an_event(api, world):
    designate(api, world)
    calm = api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                               {"period": "2026-05", "indicators": {"wage_arrears_months": 1}})
    assert calm.json["level"] == "green" and calm.json["case"] is None
    needs_words = api("chair_b").post(f"/enterprises/{world.b}/warning-reports", {"event": True, "indicators": {}})
    assert needs_words.status_code == 422 and "narrative" in needs_words.json["errors"]
    event = api("chair_b").post(f"/enterprises/{world.b}/warning-reports",
                                {"event": True, "indicators": {"layoffs_planned": 40}, "narrative": "计划裁员40人。"})
    assert event.status_code == 201 and event.json["case"] is not None and event.json["level"] == "green"
    assert [c["enterprise"] for c in api("assessor_west").get(f"/jurisdictions/{world.west}/warnings").json["cases"]] \
        == ["乙公司"]
    periodic = api("chair_b").post(f"/enterprises/{world.b}/warning-reports", {"period": "2026-05", "indicators": {}})
    assert periodic.status_code == 403  # 乙公司 is no warning point: it has no liaison
    both = api("chair_a").post(f"/enterprises/{world.a}/warning-reports", {"period": "2026-05", "event": True})
    assert both.status_code == 422


def test_overdue_reports_and_harmonys_signals_on_the_board(api, world, session, days_later):
    designate(api, world)
    point = session.scalar(select(WarningPoint))
    point.designated_on = date(common.local_today().year - 1, 1, 1)
    session.commit()
    year = common.local_today().year - 1
    overdue = api("assessor_east").get(f"/jurisdictions/{world.east}/warnings").json["points"][0]["overdue_reports"]
    assert overdue[:2] == [f"{year}-05", f"{year}-10"]
    raise_concern(api, world)
    days_later(8)
    report = api("chair_a").post(f"/enterprises/{world.a}/warning-reports", {"period": f"{year}-05", "indicators": {}})
    assert report.json["signals"]["concerns_overdue"] == "1" and report.json["level"] == "blue"
    after = api("assessor_east").get(f"/jurisdictions/{world.east}/warnings").json["points"][0]["overdue_reports"]
    assert f"{year}-05" not in after and f"{year}-10" in after


def test_a_case_gets_an_owner_and_closes_only_with_the_actions(api, world):
    designate(api, world)
    report = api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                                 {"event": True, "indicators": {"collective_incident": True}, "narrative": "车间停工。"})
    case = report.json["case"]["id"]
    assert api("assessor_east").post(f"/warning-cases/{case}/owner", {"owner": 2}).status_code == 422  # a chair
    owned = api("assessor_city").post(f"/warning-cases/{case}/owner", {"owner": 5, "due_on": "2026-12-31"})
    assert owned.status_code == 200 and owned.json["owner_id"] == 5 and owned.json["due_on"] == "2026-12-31"
    assert api("assessor_east").post(f"/warning-cases/{case}/close", {"actions": " "}).status_code == 422
    closed = api("assessor_east").post(f"/warning-cases/{case}/close", {"actions": "约谈企业负责人，复工。"})
    assert closed.json["state"] == "closed" and closed.json["actions"] == "约谈企业负责人，复工。"
    assert api("assessor_east").get(f"/jurisdictions/{world.east}/warnings").json["cases"] == []
    assert api("assessor_east").post(f"/warning-cases/{case}/close", {"actions": "再次"}).status_code == 409


def test_a_jurisdiction_sets_its_own_colour_rules_and_windows(api, world):
    shipped = api("assessor_east").get(f"/jurisdictions/{world.east}/colour-rules").json
    assert shipped["example"] and len(shipped["rules"]) == len(EXAMPLE)
    own = [{"indicator": "wage_arrears_months", "comparison": ">=", "value": 1, "level": "red"}]
    assert api("assessor_city").put(f"/jurisdictions/{world.city}/colour-rules", {"rules": own}).status_code == 200
    inherited = api("assessor_east").get(f"/jurisdictions/{world.east}/colour-rules").json
    assert inherited["set_by"] == world.city and not inherited["example"]
    designate(api, world)
    assert api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                               {"period": "2026-05", "indicators": {"wage_arrears_months": 1}}).json["level"] == "red"
    bad = api("assessor_city").put(f"/jurisdictions/{world.city}/colour-rules",
                                   {"rules": [{**own[0], "comparison": "~"}]})
    assert bad.status_code == 422 and list(bad.json["errors"]) == ["rules.0"]
    assert api("assessor_east").put(f"/jurisdictions/{world.city}/colour-rules", {"rules": own}).status_code == 403
    window = api("assessor_east").post(f"/jurisdictions/{world.east}/reporting-windows",
                                       {"name": "国庆", "starts_on": "2026-09-28", "ends_on": "2026-10-08"})
    assert window.status_code == 201
    outside = api("chair_a").post(f"/enterprises/{world.a}/warning-reports", {"period": "2026-W45", "indicators": {}})
    assert outside.json["errors"]["period"] and outside.status_code == 422
    inside = api("chair_a").post(f"/enterprises/{world.a}/warning-reports", {"period": "2026-W40", "indicators": {}})
    assert inside.status_code == 201


def test_each_change_of_a_jurisdictions_own_settings_is_recorded(api, world, client):
    """Who, when, before → after: the colour rules (none of its own before), a reporting window; setting the
    same rules again records nothing; the board page lists them; another jurisdiction's assessor gets 403."""
    own = [{"indicator": "wage_arrears_months", "comparison": ">=", "value": 1, "level": "red"}]
    for _time in range(2):
        api("assessor_east").put(f"/jurisdictions/{world.east}/colour-rules", {"rules": own})
    api("assessor_east").post(f"/jurisdictions/{world.east}/reporting-windows",
                              {"name": "国庆", "starts_on": "2026-09-28", "ends_on": "2026-10-08"})
    changes = api("assessor_east").get(f"/jurisdictions/{world.east}/changes").json
    assert [(c["setting"], c["old"], c["new"], c["by"]) for c in changes] == [
        ("colour_rules", None, "wage_arrears_months >= 1 → red", "assessor_east"),
        ("reporting_windows", None, "国庆 2026-09-28–2026-10-08", "assessor_east")]
    assert all(c["at"] for c in changes)
    assert api("assessor_city").get(f"/jurisdictions/{world.east}/changes").json == changes
    assert api("assessor_west").get(f"/jurisdictions/{world.east}/changes").status_code == 403
    assert api("assessor_east").get(f"/jurisdictions/{world.city}/changes").status_code == 403
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    table = client.get(f"/jurisdictions/{world.east}/warnings").text.split('id="changes"')[1]
    assert "wage_arrears_months &gt;= 1 → red" in table and "国庆 2026-09-28–2026-10-08" in table


def test_another_enterprises_chair_and_another_jurisdictions_assessor_get_403(api, world):
    designate(api, world)
    case = api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                               {"event": True, "indicators": {}, "narrative": "罢工。"}).json["case"]["id"]
    assert designate(api, world, "assessor_west").status_code == 403
    for user in ("chair_b", "assessor_west"):
        for method, path, body in (
                ("post", f"/enterprises/{world.a}/warning-reports", {"event": True, "narrative": "x"}),
                ("get", f"/jurisdictions/{world.east}/warnings", None),
                ("get", f"/jurisdictions/{world.east}/colour-rules", None),
                ("post", f"/jurisdictions/{world.east}/reporting-windows",
                 {"name": "x", "starts_on": "2026-01-01", "ends_on": "2026-01-02"}),
                ("post", f"/warning-cases/{case}/owner", {"owner": 5}),
                ("post", f"/warning-cases/{case}/close", {"actions": "x"})):
            response = getattr(api(user), method)(path, body)
            assert response.status_code == 403, (user, path, response.json)
    assert api("chair_a").get(f"/jurisdictions/{world.east}/warnings").status_code == 403


def test_the_board_page_shows_the_red_point_and_the_case(api, world, client):
    designate(api, world)
    api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                        {"period": "2026-10", "indicators": {"wage_arrears_months": 2}})
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    page = client.get(f"/jurisdictions/{world.east}/warnings")
    assert page.status_code == 200 and 'data-level="red"' in page.text and 'class="history"' in page.text
    assert "/warning-cases/1" in page.text


def test_the_report_page_sends_an_event_without_javascript(api, world, client):
    client.post("/login", data={"username": "chair_b", "password": "password-chair_b"})
    form = client.get(f"/enterprises/{world.b}/warning-reports")
    assert 'name="wage_arrears_months"' in form.text
    refused = client.post(f"/enterprises/{world.b}/warning-reports", data={"kind": "event", "wage_arrears_months": "x"})
    assert refused.status_code == 422
    sent = client.post(f"/enterprises/{world.b}/warning-reports",
                       data={"kind": "event", "wage_arrears_months": "2", "narrative": "两个月未发工资。"})
    assert sent.status_code == 200 and 'data-level="red"' in sent.text


def test_concern_statistics_count_answers_by_their_due_day(api, world, session, days_later):
    on_time, late, solved = (raise_concern(api, world) for _ in range(3))
    cases = {code: concern_case(session, code) for code in (on_time, late, solved)}
    days_later(7)  # the due day itself: still in time
    api("chair_a").post(f"/concern-cases/{cases[on_time]}/answer", {"text": "按期答复。"})
    api("chair_a").post(f"/concern-cases/{cases[solved]}/answer", {"text": "已解决。", "closure": "solved"})
    days_later(8)
    api("chair_a").post(f"/concern-cases/{cases[late]}/answer", {"text": "迟到的答复。", "closure": "explained"})
    found = api("assessor_city").get(f"/jurisdictions/{world.city}/warnings").json["concerns"]
    assert {k: found[k] for k in ("received", "answered", "answered_in_time", "closed", "solved")} == \
        {"received": 3, "answered": 3, "answered_in_time": 2, "closed": 2, "solved": 1}
    assert found["solved_share"] == 0.5 and found["by_category"][0]["category"] == "wages"
    assert [e["enterprise_id"] for e in found["by_enterprise"]] == [world.a]
    assert api("assessor_west").get(f"/jurisdictions/{world.west}/warnings").json["concerns"]["received"] == 0
    assert found["overdue"] == 0
    raise_concern(api, world)
    days_later(16)
    assert api("assessor_east").get(f"/jurisdictions/{world.east}/warnings").json["concerns"]["overdue"] == 1


def test_the_ledgers_are_in_chinese_without_a_concerns_text_or_identity(api, world, client, session):
    designate(api, world)
    api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                        {"period": "2026-10", "indicators": {"wage_arrears_months": 2}})
    raise_concern(api, world, name="张三", phone="13800000000")
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    warnings_sheet = sheet(client.get(f"/jurisdictions/{world.east}/warnings/ledger.xlsx").data)
    assert warnings_sheet[0][:7] == ["序号", "企业名称", "统一社会信用代码", "报送日期", "报送期", "突发事件", "预警等级"]
    assert warnings_sheet[1][1] == "甲公司" and warnings_sheet[1][6] == "红色" and "拖欠工资（月）" in warnings_sheet[0]
    concerns_sheet = sheet(client.get(f"/jurisdictions/{world.east}/concerns/ledger.xlsx").data)
    assert concerns_sheet[1][1] == "甲公司" and concerns_sheet[1][3] == "工资报酬" and concerns_sheet[1][6] == "待答复"
    cells = {str(cell) for row in concerns_sheet for cell in row}
    assert not cells & {"张三", "13800000000", "三月份的加班费至今没有发放。"}
    assert client.get(f"/jurisdictions/{world.west}/concerns/ledger.xlsx").status_code == 403


def test_an_unknown_jurisdiction_is_404(api, world):
    for method, path, body in (("get", "/jurisdictions/999/warnings", None), ("get", "/jurisdictions/999/colour-rules", None),
                               ("post", "/jurisdictions/999/reporting-windows",
                                {"name": "x", "starts_on": "2026-01-01", "ends_on": "2026-01-02"})):
        assert getattr(api("admin"), method)(path, body).status_code == 404
