"""Labour-dispute mediation (劳动争议调解): bodies at three levels with their mediators, a case's every
transition and refusal, the agreement's PDF, who sees what, and the referral of a concern and of a
warning case with the link kept both ways."""
import io
from datetime import date, timedelta

import pypdf
import pytest

from helpers import concern_case, raise_concern

TOWN = {"name": "东区劳动争议调解中心", "level": "town"}
PARTIES = {"worker_party": "职工李四", "employer_party": "甲公司", "claim": "支付拖欠的三个月加班费。"}


def body(api, world, user="assessor_east", **given) -> dict:
    response = api(user).post("/mediation-bodies", {**TOWN, "jurisdiction": world.east, **given})
    assert response.status_code == 201, response.json
    return response.json


def own_body(api, world) -> dict:
    return body(api, world, "chair_a", name="甲公司劳动争议调解委员会", level="enterprise", jurisdiction=None,
                enterprise=world.a)


def mediator(api, found, user="assessor_east", **given) -> int:
    response = api(user).post(f"/mediation-bodies/{found['id']}/mediators", {"name": "王调解", **given})
    assert response.status_code == 201, response.json
    return response.json["id"]


def case(api, found, user="assessor_east") -> dict:
    response = api(user).post(f"/mediation-bodies/{found['id']}/cases", PARTIES)
    assert response.status_code == 201, response.json
    return response.json


def test_bodies_belong_to_a_jurisdiction_or_an_enterprise(api, world):
    city = body(api, world, "assessor_city", name="市劳动争议调解中心", level="city", jurisdiction=world.city)
    town, own = body(api, world), own_body(api, world)
    assert (city["level"], town["level"], own["level"]) == ("city", "town", "enterprise")
    assert own["enterprise_id"] == world.a and own["jurisdiction_id"] is None
    for given in ({"level": "enterprise"}, {"level": "city", "enterprise": world.a},
                  {"level": "county"}, {"level": "town", "jurisdiction": None}):
        refused = api("assessor_east").post("/mediation-bodies", {**TOWN, "jurisdiction": world.east, **given})
        assert refused.status_code == 422 and refused.json["errors"]["level"], given
    unnamed = api("assessor_east").post("/mediation-bodies", {**TOWN, "name": " ", "jurisdiction": world.east})
    assert unnamed.status_code == 422 and unnamed.json["errors"]["name"]
    assert api("chair_a").post("/mediation-bodies", {**TOWN, "jurisdiction": world.east}).status_code == 403
    assert api("assessor_west").post("/mediation-bodies", {**TOWN, "jurisdiction": world.east}).status_code == 403
    assert api("chair_b").post("/mediation-bodies", {**TOWN, "level": "enterprise", "enterprise": world.a}).status_code == 403
    assert api("admin").post("/mediation-bodies", {**TOWN, "jurisdiction": 999}).status_code == 404
    assert api("admin").post("/mediation-bodies", {**TOWN, "level": "enterprise", "enterprise": 999}).status_code == 404
    assert [b["name"] for b in api("chair_a").get("/mediation-bodies").json] == [own["name"]]
    assert {b["id"] for b in api("assessor_east").get("/mediation-bodies").json} == {town["id"], own["id"]}
    assert len(api("assessor_city").get("/mediation-bodies").json) == 3
    assert api("assessor_west").get("/mediation-bodies").json == []


def test_a_mediators_account_must_see_the_body(api, world):
    own = own_body(api, world)
    mediator(api, own, "chair_a", account=2)  # chair_a's own account
    refused = api("chair_a").post(f"/mediation-bodies/{own['id']}/mediators", {"name": "外人", "account": 3})
    assert refused.status_code == 422 and list(refused.json["errors"]) == ["account"]
    assert api("chair_a").post(f"/mediation-bodies/{own['id']}/mediators", {"name": "x", "account": 999}).status_code == 404
    shown = api("assessor_east").get(f"/mediation-bodies/{own['id']}").json
    assert [(m["name"], m["account_id"]) for m in shown["mediators"]] == [("王调解", 2)]


@pytest.mark.parametrize("outcome, extra", [
    ("agreement", {"terms": "甲公司于12月31日前支付加班费6000元。"}),
    ("referred_arbitration", {"note": "调解不成，告知申请劳动仲裁。"}),
    ("referred_court", {}),
    ("withdrawn", {"note": "申请人撤回。"}),
])
def test_an_open_case_ends_once_in_each_outcome_and_is_logged(api, world, outcome, extra):
    town = body(api, world)
    mediator_id = mediator(api, town)
    opened = case(api, town)
    assert opened["state"] == "open" and opened["history"][0]["from"] is None and opened["source"] is None
    if outcome == "agreement":
        extra = {**extra, "mediator": mediator_id}
    ended = api("assessor_east").post(f"/mediation-cases/{opened['id']}/outcome", {"outcome": outcome, **extra})
    assert ended.status_code == 200, ended.json
    today = opened["received_on"]
    assert ended.json["state"] == outcome and ended.json["closed_on"] == today
    assert [(h["from"], h["to"], h["by"]) for h in ended.json["history"]] == [(None, "open", 5), ("open", outcome, 5)]
    assert (ended.json["mediator_id"] is not None) == (outcome == "agreement")
    for again in ("agreement", "withdrawn", "open"):
        refused = api("assessor_east").post(f"/mediation-cases/{opened['id']}/outcome",
                                            {"outcome": again, "terms": "x", "mediator": mediator_id})
        assert refused.status_code == 409 and refused.json["error"] == "illegal_transition"
    late = api("assessor_east").post(f"/mediation-cases/{opened['id']}/sessions",
                                     {"held_on": today, "place": "调解室"})
    assert late.status_code == 409 and late.json["error"] == "mediation_case_closed"


def test_an_outcome_is_refused_without_what_it_needs(api, world):
    town, other = body(api, world), body(api, world, "assessor_city", name="市调解中心", level="city",
                                          jurisdiction=world.city)
    mine, theirs = mediator(api, town), mediator(api, other, "assessor_city")
    opened = case(api, town)["id"]

    def conclude(**given):
        return api("assessor_east").post(f"/mediation-cases/{opened}/outcome", given)
    assert list(conclude(outcome="agreement", mediator=mine).json["errors"]) == ["terms"]
    assert list(conclude(outcome="agreement", terms="支付。").json["errors"]) == ["mediator"]
    assert list(conclude(outcome="agreement", terms="支付。", mediator=theirs).json["errors"]) == ["mediator"]
    assert list(conclude(outcome="agreement", terms="<b>支付</b>", mediator=mine).json["errors"]) == ["terms"]
    unknown = conclude(outcome="settled")
    assert unknown.status_code == 422 and list(unknown.json["errors"]) == ["outcome"]
    assert conclude(outcome="open").status_code == 409
    assert api("assessor_east").get(f"/mediation-cases/{opened}").json["state"] == "open"


def test_sessions_fall_between_the_day_received_and_today(api, world, days_later):
    opened = case(api, body(api, world))
    received = date.fromisoformat(opened["received_on"])
    path = f"/mediation-cases/{opened['id']}/sessions"
    before = api("assessor_east").post(path, {"held_on": (received - timedelta(days=1)).isoformat(), "place": "调解室"})
    assert before.status_code == 422 and list(before.json["errors"]) == ["held_on"]
    ahead = api("assessor_east").post(path, {"held_on": (received + timedelta(days=1)).isoformat(), "place": "调解室"})
    assert ahead.status_code == 422
    assert list(api("assessor_east").post(path, {"held_on": received.isoformat(), "place": ""}).json["errors"]) == ["place"]
    days_later(1)
    held = api("assessor_east").post(path, {"held_on": (received + timedelta(days=1)).isoformat(), "place": "东区调解室",
                                            "notes": "双方到场，初步达成一致。"})
    assert held.status_code == 201
    assert held.json["sessions"] == [{"held_on": (received + timedelta(days=1)).isoformat(), "place": "东区调解室",
                                      "notes": "双方到场，初步达成一致。"}]


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_an_agreement_prints_as_a_chinese_a4_pdf(api, world, client):
    town = body(api, world)
    opened = case(api, town)
    early = api("assessor_east").get(f"/mediation-cases/{opened['id']}/agreement.pdf")
    assert early.status_code == 409 and early.json["error"] == "mediation_no_agreement"
    api("assessor_east").post(f"/mediation-cases/{opened['id']}/outcome",
                              {"outcome": "agreement", "terms": "甲公司于12月31日前支付加班费6000元。",
                               "mediator": mediator(api, town)})
    response = api("assessor_east").get(f"/mediation-cases/{opened['id']}/agreement.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == (595, 842)
    text = pdf_text(response.data).replace(" ", "").replace("\n", "")
    for words in ("调解协议书", "职工李四", "甲公司", "支付拖欠的三个月加班费", "6000元", "王调解", "东区劳动争议调解中心",
                  "签字", f"{date.fromisoformat(opened['received_on']).year}年"):
        assert words in text, words
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    assert pdf_text(client.get(f"/mediation-cases/{opened['id']}/agreement.pdf").data) == pdf_text(response.data)


def test_another_enterprises_chair_and_another_jurisdictions_assessor_get_403(api, world):
    own, town = own_body(api, world), body(api, world)
    own_case, town_case = case(api, own, "chair_a"), case(api, town)
    mediator_id = mediator(api, own, "chair_a")
    for user, found, opened in (("chair_b", own, own_case), ("assessor_west", own, own_case),
                                ("chair_b", town, town_case), ("assessor_west", town, town_case),
                                ("chair_a", town, town_case)):
        for method, path, payload in (
                ("get", f"/mediation-bodies/{found['id']}", None),
                ("post", f"/mediation-bodies/{found['id']}/mediators", {"name": "x"}),
                ("get", f"/mediation-bodies/{found['id']}/cases", None),
                ("post", f"/mediation-bodies/{found['id']}/cases", PARTIES),
                ("get", f"/mediation-cases/{opened['id']}", None),
                ("post", f"/mediation-cases/{opened['id']}/sessions", {"held_on": opened["received_on"], "place": "x"}),
                ("post", f"/mediation-cases/{opened['id']}/outcome", {"outcome": "withdrawn"}),
                ("get", f"/mediation-cases/{opened['id']}/agreement.pdf", None)):
            response = getattr(api(user), method)(path, payload)
            assert response.status_code == 403, (user, path, response.status_code)
    assert api("assessor_east").get(f"/mediation-cases/{own_case['id']}").status_code == 200
    assert api("assessor_city").get(f"/mediation-cases/{town_case['id']}").status_code == 200
    assert api("chair_a").post(f"/mediation-cases/{own_case['id']}/outcome",
                               {"outcome": "agreement", "terms": "和解。", "mediator": mediator_id}).status_code == 200


def test_unknown_ids_are_404(api, world):
    for method, path, payload in (
            ("get", "/mediation-bodies/999", None), ("post", "/mediation-bodies/999/mediators", {"name": "x"}),
            ("get", "/mediation-bodies/999/cases", None), ("post", "/mediation-bodies/999/cases", PARTIES),
            ("get", "/mediation-cases/999", None), ("post", "/mediation-cases/999/outcome", {"outcome": "withdrawn"}),
            ("post", "/mediation-cases/999/sessions", {"held_on": "2026-01-01", "place": "x"}),
            ("get", "/mediation-cases/999/agreement.pdf", None),
            ("post", f"/concern-cases/{'0' * 32}/mediation", {**PARTIES, "body": 1}),
            ("post", "/warning-cases/999/mediation", {**PARTIES, "body": 1})):
        response = getattr(api("admin"), method)(path, payload)
        assert response.status_code == 404, (path, response.status_code)


def test_a_concern_closed_as_referred_goes_to_mediation_and_the_worker_stays_hidden(api, world, session, client):
    town, west = body(api, world), body(api, world, "assessor_west", name="西区调解中心", jurisdiction=world.west)
    code = raise_concern(api, world, name="张三", phone="13800000000")
    concern_id = concern_case(session, code)
    refer = {**PARTIES, "worker_party": "职工（本人同意具名）李四", "body": town["id"]}
    early = api("chair_a").post(f"/concern-cases/{concern_id}/mediation", refer)
    assert early.status_code == 409 and early.json["error"] == "mediation_concern_not_referred"
    api("chair_a").post(f"/concern-cases/{concern_id}/answer", {"text": "已转劳动争议调解。", "closure": "referred"})
    elsewhere = api("chair_a").post(f"/concern-cases/{concern_id}/mediation", {**refer, "body": west["id"]})
    assert elsewhere.status_code == 422 and list(elsewhere.json["errors"]) == ["body"]
    assert api("chair_b").post(f"/concern-cases/{concern_id}/mediation", refer).status_code == 403
    assert api("assessor_west").post(f"/concern-cases/{concern_id}/mediation", refer).status_code == 403
    referred = api("chair_a").post(f"/concern-cases/{concern_id}/mediation", refer)
    assert referred.status_code == 201 and referred.json["source"] == {"kind": "concern", "id": concern_id}
    assert "张三" not in referred.text and "13800000000" not in referred.text
    again = api("chair_a").post(f"/concern-cases/{concern_id}/mediation", refer)
    assert again.status_code == 409 and again.json["error"] == "mediation_already_referred"
    link = api("chair_a").get(f"/concern-cases/{concern_id}").json["mediation"]
    assert link == {"id": referred.json["id"], "body": town["name"], "state": "open",
                    "received_on": referred.json["received_on"]}
    # the chair referred it to the town's body: its parties stay with that body
    assert api("chair_a").get(f"/mediation-cases/{referred.json['id']}").status_code == 403
    assert "李四" not in api("chair_a").get(f"/concern-cases/{concern_id}").text
    assert api("assessor_east").get(f"/mediation-cases/{referred.json['id']}").json["worker_party"].endswith("李四")
    assert "mediation" not in api().get(f"/concerns/{code}").json and "李四" not in api().get(f"/concerns/{code}").text
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    page = client.get(f"/concern-cases/{concern_id}").text
    assert 'id="mediation"' in page and f"/mediation-cases/{referred.json['id']}" not in page and "李四" not in page
    client.get("/logout")
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    shown = client.get(f"/mediation-cases/{referred.json['id']}").text
    assert 'id="source"' in shown and f"/concern-cases/{concern_id}" in shown and "张三" not in shown


def test_a_warning_case_goes_to_mediation_and_both_show_the_link(api, world, client):
    api("assessor_east").post(f"/jurisdictions/{world.east}/warning-points", {"enterprise": world.a})
    reported = api("chair_a").post(f"/enterprises/{world.a}/warning-reports",
                                   {"event": True, "indicators": {"wage_arrears_months": 3}, "narrative": "欠薪三个月。"})
    warning_case = reported.json["case"]["id"]
    own, west = own_body(api, world), body(api, world, "assessor_west", name="西区调解中心", jurisdiction=world.west)
    refer = {**PARTIES, "worker_party": "一车间职工32人", "body": own["id"]}
    for user in ("chair_a", "chair_b", "assessor_west"):
        assert api(user).post(f"/warning-cases/{warning_case}/mediation", refer).status_code == 403, user
    assert api("assessor_east").post(f"/warning-cases/{warning_case}/mediation",
                                     {**refer, "body": west["id"]}).status_code == 422
    assert api("assessor_east").post(f"/warning-cases/{warning_case}/mediation", {**refer, "body": 999}).status_code == 404
    referred = api("assessor_east").post(f"/warning-cases/{warning_case}/mediation", refer)
    assert referred.status_code == 201 and referred.json["source"] == {"kind": "warning_case", "id": warning_case}
    assert api("assessor_east").post(f"/warning-cases/{warning_case}/mediation", refer).status_code == 409
    [shown] = api("assessor_east").get(f"/jurisdictions/{world.east}/warnings").json["cases"]
    assert shown["mediation"]["id"] == referred.json["id"] and shown["mediation"]["body"] == own["name"]
    assert api("chair_a").get(f"/mediation-cases/{referred.json['id']}").json["worker_party"] == "一车间职工32人"
    assert [c["id"] for c in api("chair_a").get(f"/mediation-bodies/{own['id']}/cases").json] == [referred.json["id"]]
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    page = client.get(f"/warning-cases/{warning_case}").text
    assert 'id="mediation"' in page and f"/mediation-cases/{referred.json['id']}" in page
    shown = client.get(f"/mediation-cases/{referred.json['id']}").text
    assert f"/warning-cases/{warning_case}" in shown


def test_the_pages_set_up_a_body_and_carry_a_case_to_its_agreement(api, world, client):
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    assert client.get("/mediation").status_code == 200
    made = client.post("/mediation-bodies", data={"name": "甲公司劳动争议调解委员会"})
    assert made.status_code == 302
    body_path = made.headers["Location"]
    assert client.post(body_path + "/mediators", data={"name": "王调解", "account": "nobody"}).status_code == 422
    client.post(body_path + "/mediators", data={"name": "王调解", "account": "chair_a"})
    refused = client.post(body_path + "/cases", data={**PARTIES, "claim": ""})
    assert refused.status_code == 422 and 'id="refusal"' in refused.text
    case_path = client.post(body_path + "/cases", data=PARTIES).headers["Location"]
    today = api("chair_a").get("/mediation-cases/" + case_path.rsplit("/", 1)[1]).json["received_on"]
    assert client.post(case_path + "/sessions", data={"held_on": "yesterday", "place": "会议室"}).status_code == 422
    client.post(case_path + "/sessions", data={"held_on": today, "place": "会议室", "notes": "首次调解。"})
    page = client.get(case_path).text
    assert "会议室" in page and 'id="outcome"' in page and 'value="referred_court"' in page
    mediator_id = api("chair_a").get(body_path).json["mediators"][0]["id"]
    assert client.post(case_path + "/outcome", data={"outcome": "agreement", "terms": "",
                                                     "mediator": mediator_id}).status_code == 422
    done = client.post(case_path + "/outcome", data={"outcome": "agreement", "terms": "支付6000元。",
                                                     "mediator": mediator_id})
    assert done.status_code == 302
    page = client.get(case_path).text
    assert 'data-state="agreement"' in page and 'id="agreement"' in page and 'id="outcome"' not in page
    client.get("/logout")
    client.post("/login", data={"username": "chair_b", "password": "password-chair_b"})
    assert client.get(case_path).status_code == 403 and client.get(body_path).status_code == 403
