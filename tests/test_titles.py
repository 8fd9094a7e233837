"""Dynamic management (动态管理): every move of a named enterprise's title and its refusals, the deadline,
the consequences on the public list and the certificate check, the waiting period at its edge, the spot
checks, the red warning's case on the title, and who may do any of it."""
from datetime import date, timedelta

import pytest

from declaration_support import YEAR, qualified_vote
from helpers import run_cli
from naming_support import declaration
from title_support import today
from survey.data.enums import DeclarationState
from survey.data.models import Cycle, Declaration, Title, TitleEvent
from survey.domain import titles

CARD = {"reasons": ["工资支付（wages）低于等级要求", "民主管理未达标"]}
REVOKE = {"event": "major_accident", "date": "2026-01-05", "description": "发生负有责任的重大安全事故。",
          "source": "市应急管理局通报"}


def move(api, action: str, body: dict | None = None, user: str = "assessor_east", enterprise: int | None = None):
    return api(user).post(f"/enterprises/{enterprise}/title/{action}", body or {})


def test_a_named_enterprise_holds_a_standing_title(api, named):
    shown = api("assessor_east").get(f"/enterprises/{named}/title")
    assert shown.status_code == 200
    assert (shown.json["state"], shown.json["level"], shown.json["deadline"], shown.json["history"]) == \
        ("named", "A", None, [])
    assert shown.json["certificate"].startswith(f"HX-{YEAR}-")


def test_yellow_card_then_rectified_in_time_is_named_again(app, api, named):
    carded = move(api, "yellow_card", CARD, enterprise=named)
    assert carded.status_code == 200, carded.json
    assert carded.json["state"] == "yellow_card" and carded.json["reasons"] == CARD["reasons"]
    assert carded.json["deadline"] == titles.add_months(today(app), 3).isoformat()  # the default: 3 months
    assert move(api, "rectified", {"finding": ""}, enterprise=named).json["errors"]["finding"]
    back = move(api, "rectified", {"finding": "复查：工资按时足额支付。"}, enterprise=named)
    assert back.status_code == 200 and back.json["state"] == "named" and back.json["deadline"] is None
    assert [(h["from"], h["to"], h["by"]) for h in back.json["history"]] == \
        [("named", "yellow_card", "assessor_east"), ("yellow_card", "named", "assessor_east")]
    assert back.json["history"][1]["note"] == "复查：工资按时足额支付。"
    assert back.json["history"][0]["day"] == today(app).isoformat()


def test_a_yellow_card_needs_reasons_and_a_deadline_after_today(app, api, named):
    refused = move(api, "yellow_card", {"reasons": []}, enterprise=named)
    assert refused.status_code == 422 and refused.json["errors"]["reasons"]
    refused = move(api, "yellow_card", {**CARD, "deadline": today(app).isoformat()}, enterprise=named)
    assert refused.status_code == 422 and "deadline" in refused.json["errors"]
    given = (today(app) + timedelta(days=1)).isoformat()
    assert move(api, "yellow_card", {**CARD, "deadline": given}, enterprise=named).json["deadline"] == given


def test_the_cycles_months_set_the_default_deadline(app, api, named, session):
    cycle = session.query(Cycle).one()
    assert api("assessor_east").patch(f"/cycles/{cycle.id}", {"yellow_card_months": 6}).status_code == 200
    changes = api("assessor_east").get(f"/cycles/{cycle.id}/changes").json
    assert [(c["setting"], c["old"], c["new"]) for c in changes] == [("yellow_card_months", "3", "6")]
    assert move(api, "yellow_card", CARD, enterprise=named).json["deadline"] == \
        titles.add_months(today(app), 6).isoformat()


def test_rectified_is_refused_past_the_deadline_and_the_assessor_delists_with_the_finding(app, api, named,
                                                                                        days_later):
    deadline = (today(app) + timedelta(days=10)).isoformat()
    move(api, "yellow_card", {**CARD, "deadline": deadline}, enterprise=named)
    days_later(10)  # the deadline itself: still in time
    assert move(api, "rectified", {"finding": "整改到位"}, enterprise=named).json["state"] == "named"
    move(api, "yellow_card", {**CARD, "deadline": (today(app) + timedelta(days=1)).isoformat()}, enterprise=named)
    days_later(12)  # a day past it
    late = move(api, "rectified", {"finding": "整改到位"}, enterprise=named)
    assert late.status_code == 409 and late.json["error"] == "yellow_card_overdue"
    assert api("assessor_east").get(f"/enterprises/{named}/title").json["state"] == "yellow_card"  # not silently
    assert move(api, "delist", {"finding": ""}, enterprise=named).status_code == 422
    delisted = move(api, "delist", {"finding": "逾期未整改。"}, enterprise=named)
    assert delisted.status_code == 200 and delisted.json["state"] == "delisted"
    assert delisted.json["ended_on"] == today(app).isoformat()


@pytest.mark.parametrize("action, body", [("rectified", {"finding": "x"}), ("delist", {"finding": "x"})])
def test_a_named_title_cannot_be_rectified_or_delisted(api, named, action, body):
    refused = move(api, action, body, enterprise=named)
    assert refused.status_code == 409 and refused.json["error"] == "illegal_transition"


@pytest.mark.parametrize("first", ["named", "yellow_card"])
def test_revoked_at_once_from_named_or_a_yellow_card_and_nothing_after(api, named, first):
    if first == "yellow_card":
        move(api, "yellow_card", CARD, enterprise=named)
    revoked = move(api, "revoke", REVOKE, enterprise=named)
    assert revoked.status_code == 200, revoked.json
    assert (revoked.json["state"], revoked.json["event"], revoked.json["event_on"], revoked.json["event_source"]) \
        == ("revoked", "major_accident", "2026-01-05", "市应急管理局通报")
    assert revoked.json["history"][-1]["note"] == REVOKE["description"]
    for action, body in (("yellow_card", CARD), ("rectified", {"finding": "x"}), ("delist", {"finding": "x"}),
                         ("revoke", REVOKE)):
        refused = move(api, action, body, enterprise=named)
        assert refused.status_code == 409 and refused.json["error"] == "illegal_transition"


def test_a_delisted_title_is_not_revoked_nor_named_again(api, named):
    move(api, "yellow_card", CARD, enterprise=named)
    move(api, "delist", {"finding": "整改失败"}, enterprise=named)
    for action, body in (("revoke", REVOKE), ("rectified", {"finding": "x"}), ("yellow_card", CARD)):
        assert move(api, action, body, enterprise=named).status_code == 409


def test_revocation_needs_a_known_event_a_past_day_and_a_description(app, api, named):
    future = (today(app) + timedelta(days=1)).isoformat()
    refused = move(api, "revoke", {"event": "fire", "date": future, "description": ""}, enterprise=named)
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"event", "date", "description"}
    assert move(api, "revoke", {"event": "mass_incident", "date": today(app).isoformat(),
                                "description": "群体性事件"}, enterprise=named).json["state"] == "revoked"


def test_a_revoked_enterprise_leaves_the_named_list_and_its_certificate_says_so(api, client, named):
    listed = api().get("/named").json
    assert [(e["enterprise"], e["state"]) for e in listed] == [("甲公司", "named")]
    number = listed[0]["certificate"]
    move(api, "yellow_card", CARD, enterprise=named)
    assert api().get("/named").json[0]["state"] == "yellow_card"
    assert '<td class="title-yellow_card">黄牌警告</td>' in client.get("/named").get_data(as_text=True)
    assert "称号在黄牌警告中保留" in client.get(f"/certificates/{number}").get_data(as_text=True)
    move(api, "revoke", REVOKE, enterprise=named)
    assert api().get("/named").json == []
    check = client.get(f"/certificates/{number}")
    assert check.status_code == 200 and "该称号已被撤销，不再有效。" in check.get_data(as_text=True)
    assert "甲公司" not in client.get("/named").get_data(as_text=True)


def test_a_delisted_enterprise_leaves_the_named_list_and_its_check_says_delisted(api, client, named):
    number = api().get("/named").json[0]["certificate"]
    move(api, "yellow_card", CARD, enterprise=named)
    move(api, "delist", {"finding": "逾期未整改"}, enterprise=named)
    assert api().get("/named").json == []
    assert "甲公司" not in client.get("/named").get_data(as_text=True)
    assert "该称号已被摘牌，不再有效。" in client.get(f"/certificates/{number}").get_data(as_text=True)


def _lost_title(session, ended_on: date, waiting: int = 1) -> None:
    title = session.query(Title).one()
    title.state, title.ended_on = "revoked", ended_on
    title.declaration.cycle.waiting_cycles = waiting
    session.commit()


def _declare(api, world, session, vote: int):
    cycle = Cycle(jurisdiction_id=world.city, year=YEAR, notice_days=7, min_scores={}, example_scheme=True)
    session.add(cycle)
    session.commit()
    return api("chair_a").post(f"/enterprises/{world.a}/declarations", {"cycle": cycle.id, "level": "A",
                                                                         "vote": vote})


@pytest.mark.parametrize("ended, waiting, refused", [
    (date(YEAR - 1, 12, 31), 1, True),   # lost last year: this year's cycle is the next one, closed
    (date(YEAR - 2, 12, 31), 1, False),  # lost two years ago: this year's is the next cycle but one
    (date(YEAR - 2, 1, 1), 2, True),     # a waiting period of 2 cycles
    (date(YEAR - 1, 1, 1), 0, False),    # none: only the year it was lost
])
def test_the_waiting_period_at_its_edge(api, world, session, ended, waiting, refused):
    vote = qualified_vote(api, world.a)
    declaration(api, world, session, DeclarationState.NAMED, vote=vote, year=YEAR - 3)
    titles.of_declaration(session, session.query(Declaration).one())
    session.commit()
    _lost_title(session, ended, waiting)
    answer = _declare(api, world, session, vote)
    if refused:
        assert answer.status_code == 422 and answer.json["error"] == "declaration_waiting_period"
        assert str(ended.year + waiting + 1) in answer.json["message"]
    else:
        assert answer.status_code == 201, answer.json


def test_a_spot_check_of_a_named_enterprise_is_recorded(app, api, named):
    body = {"date": today(app).isoformat(), "method": "visit", "findings": "突击走访：劳动合同签订率 100%。",
            "score": "88.5"}
    recorded = api("assessor_east").post(f"/enterprises/{named}/spot-checks", body)
    assert recorded.status_code == 201, recorded.json
    assert (recorded.json["method"], recorded.json["score"], recorded.json["by"]) == ("visit", "88.50", "assessor_east")
    without = api("assessor_city").post(f"/enterprises/{named}/spot-checks", {**body, "method": "forum", "score": None})
    assert without.status_code == 201 and without.json["score"] is None
    assert [c["method"] for c in api("admin").get(f"/enterprises/{named}/title").json["checks"]] == ["visit", "forum"]
    future = (today(app) + timedelta(days=1)).isoformat()
    refused = api("assessor_east").post(f"/enterprises/{named}/spot-checks",
                                        {"date": future, "method": "guess", "findings": ""})
    assert refused.status_code == 422 and set(refused.json["errors"]) == {"date", "method", "findings"}
    move(api, "revoke", REVOKE, enterprise=named)
    ended = api("assessor_east").post(f"/enterprises/{named}/spot-checks", body)
    assert ended.status_code == 409 and ended.json["error"] == "title_ended"


def test_a_red_report_at_a_named_enterprise_flags_its_title(api, named):
    assert api("assessor_east").get(f"/enterprises/{named}/title").json["red_cases"] == []
    reported = api("chair_a").post(f"/enterprises/{named}/warning-reports",
                                   {"event": True, "indicators": {"wage_arrears_months": 2}, "narrative": "欠薪两月"})
    assert reported.status_code == 201, reported.json
    flagged = api("assessor_east").get(f"/enterprises/{named}/title").json["red_cases"]
    assert len(flagged) == 1 and flagged[0]["id"] == reported.json["case"]["id"]


def test_who_may_act_on_a_title(api, world, named):
    calls = [("get", f"/enterprises/{named}/title", None),
             ("post", f"/enterprises/{named}/spot-checks", {"date": "2026-01-02", "method": "visit", "findings": "x"}),
             *[("post", f"/enterprises/{named}/title/{action}", body) for action, body in
               (("yellow_card", CARD), ("rectified", {"finding": "x"}), ("delist", {"finding": "x"}),
                ("revoke", REVOKE))],
             ("get", f"/jurisdictions/{world.east}/board", None)]
    for user in ("chair_a", "chair_b", "assessor_west"):
        for method, path, body in calls:
            answer = getattr(api(user), method)(path, body)
            assert answer.status_code == 403, (user, path, answer.status_code)
    assert api("assessor_east").get(f"/jurisdictions/{world.city}/board").status_code == 403
    assert api("assessor_city").get(f"/enterprises/{named}/title").status_code == 200


def test_unknown_enterprises_and_jurisdictions_and_a_title_never_named_are_404(api, world, named):
    assert api("admin").get("/enterprises/999999/title").status_code == 404
    assert api("admin").post("/enterprises/999999/title/revoke", REVOKE).status_code == 404
    assert api("admin").post("/enterprises/999999/spot-checks", {}).status_code == 404
    assert api("admin").get("/jurisdictions/999999/board").status_code == 404
    never = api("assessor_west").get(f"/enterprises/{world.b}/title")
    assert never.status_code == 404 and never.json["error"] == "title_none"


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert titles.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert titles.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert titles.add_months(date(2026, 3, 15), 3) == date(2026, 6, 15)


def test_due_lists_yellow_cards_past_or_near_their_deadline(app, api, named, days_later):
    move(api, "yellow_card", {**CARD, "deadline": (today(app) + timedelta(days=15)).isoformat()}, enterprise=named)
    output = run_cli(app, "due").output
    assert "甲公司" not in output  # 15 days ahead: not near (14 days)
    days_later(1)
    output = run_cli(app, "due").output
    assert "甲公司" in output and "14" in output
    days_later(16)
    output = run_cli(app, "due").output
    assert "甲公司" in output and ("逾期" in output and "OVERDUE" in output)
    assert api("assessor_east").get(f"/enterprises/{named}/title").json["state"] == "yellow_card"


def test_every_move_is_logged_with_its_actor_and_day(app, api, session, named):
    move(api, "yellow_card", CARD, enterprise=named)
    move(api, "revoke", REVOKE, user="admin", enterprise=named)
    logged = [(e.from_state, e.to_state) for e in session.query(TitleEvent).order_by(TitleEvent.id)]
    assert logged == [("named", "yellow_card"), ("yellow_card", "revoked")]
