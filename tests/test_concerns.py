"""Workers' concerns (职工诉求): raised anonymously through the concern QR, answered by the enterprise union
within its days, escalated to the upper union without the worker's identity, closed only with an answer."""
import hashlib
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import DateTime, Time, select

from helpers import CONCERN, concern_case, concern_token as token, raise_concern
from seal_support import qr_links
from survey.data.models import Concern, ConcernEntry, Jurisdiction
from survey.domain import codes, concerns
from survey.web import common, redact

def test_the_tracking_code_is_kept_only_as_a_hash_and_the_rows_only_by_the_day(api, world, session, database_url):
    code = raise_concern(api, world)
    shown = codes.normalize(code)
    stored = session.scalar(select(Concern))
    assert stored.code_hash == hashlib.sha256(shown.encode()).hexdigest() and (stored.name, stored.phone) == (None, None)
    for table in (Concern.__table__, ConcernEntry.__table__):
        assert not [c.name for c in table.columns if isinstance(c.type, (DateTime, Time))]
        assert not {"ip", "address", "user_agent", "device", "created_at"} & set(table.columns.keys())
    assert stored.raised_on == common.local_today() and len(stored.id) == 32
    if database_url.startswith("sqlite:///"):
        session.commit()
        path = Path(database_url.removeprefix("sqlite:///"))
        files = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
        assert shown.encode() not in files and codes.display(shown).encode() not in files


def test_a_worker_reads_the_answer_and_adds_a_follow_up_with_the_code(api, world, session):
    code = raise_concern(api, world)
    assert api().get(f"/concerns/{code}").json == {
        "state": "open", "category": "wages", "closure": None, "raised_on": common.local_today().isoformat(),
        "due_on": (common.local_today() + timedelta(days=7)).isoformat(), "answers": [], "entries": []}
    answered = api("chair_a").post(f"/concern-cases/{concern_case(session, code)}/answer", {"text": "已与财务核实，本周发放。"})
    assert answered.status_code == 200 and answered.json["state"] == "answered"
    read = api().get(f"/concerns/{codes.display(code).lower()}").json
    assert read["state"] == "answered" and [a["text"] for a in read["answers"]] == ["已与财务核实，本周发放。"]
    followed = api().post(f"/concerns/{code}/follow-ups", {"text": "本周五仍未收到加班费。"})
    assert followed.status_code == 201 and followed.json["state"] == "open"
    assert [e["kind"] for e in followed.json["entries"]] == ["answer", "follow_up"]


def test_a_concern_closes_only_with_a_written_answer_and_how(api, world, session):
    code = raise_concern(api, world)
    case = concern_case(session, code)
    refused = api("chair_a").post(f"/concern-cases/{case}/answer", {"text": "  ", "closure": "solved"})
    assert refused.status_code == 422 and refused.json["errors"] == {"text": refused.json["errors"]["text"]}
    assert api("chair_a").post(f"/concern-cases/{case}/answer", {"text": "好", "closure": "fixed"}).status_code == 422
    assert api().get(f"/concerns/{code}").json["state"] == "open"
    closed = api("chair_a").post(f"/concern-cases/{case}/answer", {"text": "已补发。", "closure": "solved"})
    assert closed.json["state"] == "closed" and closed.json["closure"] == "solved"
    again = api().post(f"/concerns/{code}/follow-ups", {"text": "谢谢，已经收到了。"})
    assert again.status_code == 409 and again.json["error"] == "concern_closed"


def test_an_overdue_concern_reaches_the_upper_union_without_the_workers_identity(api, world, session, days_later):
    code = raise_concern(api, world, name="张三", phone="138 0000 0000")
    case = concern_case(session, code)
    chair = api("chair_a").get(f"/concern-cases/{case}").json
    assert (chair["name"], chair["phone"], chair["text"]) == ("张三", "138 0000 0000", CONCERN["text"])
    days_later(7)  # the due day itself: not yet overdue
    early = api("assessor_east").get(f"/enterprises/{world.a}/concerns").json
    assert early == [{key: early[0][key] for key in ("id", "enterprise_id", "category", "state", "closure", "raised_on",
                                                     "due_on", "escalated", "full", "mediation")}] and not early[0]["escalated"]
    assert api("assessor_east").get("/concern-cases/escalated").json == []
    assert api("assessor_east").post(f"/concern-cases/{case}/answer", {"text": "上级答复"}).status_code == 403
    days_later(8)
    for path in ("/concern-cases/escalated", f"/enterprises/{world.a}/concerns"):
        [seen] = api("assessor_city").get(path).json
        assert seen["escalated"] and seen["text"] == CONCERN["text"] and "name" not in seen and "phone" not in seen
    directed = api("assessor_east").post(f"/concern-cases/{case}/direct", {"text": "请三日内答复职工。"})
    assert directed.status_code == 200 and directed.json["state"] == "open"
    assert api().get(f"/concerns/{code}").json["entries"] == []  # directions stay between the unions
    assert api("assessor_west").get("/concern-cases/escalated").json == []
    assert api("assessor_east").post(f"/concern-cases/{case}/answer", {"text": "已督促企业补发。", "closure": "referred"}
                                     ).json["state"] == "closed"


def test_the_jurisdictions_days_set_the_due_day(api, world, session):
    session.get(Jurisdiction, world.east).concern_days = 3
    session.commit()
    code = raise_concern(api, world)
    assert api().get(f"/concerns/{code}").json["due_on"] == (common.local_today() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize("body, field, key", [
    ({"text": "<b>加班</b>没有工资"}, "text", "text_markup"),
    ({"text": "工资&nbsp;拖欠"}, "text", "text_markup"),
    ({"text": "太短"}, "text", "concern_text_length"),
    ({"text": "字" * 2001}, "text", "concern_text_length"),
    ({"category": "politics"}, "category", "concern_category_choice"),
    ({"phone": "call me"}, "phone", "concern_phone_format"),
    ({"name": "名" * 51}, "name", "concern_name_length"),
])
def test_a_bad_concern_is_refused_in_both_languages(api, world, body, field, key, client):
    response = api().post("/concerns", {"enterprise": token(api, world.a), **CONCERN, **body})
    assert response.status_code == 422 and field in response.json["errors"]
    english = client.post("/api/v1/concerns?lang=en", json={"enterprise": token(api, world.a), **CONCERN, **body})
    assert english.json["errors"][field] != response.json["errors"][field]
    with client.application.test_request_context("/?lang=en"):
        from survey.messages import message
        assert english.json["errors"][field] == message(key)


def test_an_unknown_token_or_code_is_404(api, world):
    assert api().post("/concerns", {"enterprise": "0" * 32, **CONCERN}).json["error"] == "unknown_concern_token"
    assert api().get("/concerns/K7QM-2XHD-9PWRT").status_code == 404
    assert api().get("/concerns/not-a-code").json["error"] == "unknown_tracking_code"


def test_a_new_token_retires_the_old_one(api, world):
    old = token(api, world.a)
    renewed = api("chair_a").post(f"/enterprises/{world.a}/concern-token")
    assert renewed.status_code == 200 and renewed.json["concern_token"] != old
    assert api().post("/concerns", {"enterprise": old, **CONCERN}).status_code == 404
    assert api("assessor_east").post(f"/enterprises/{world.a}/concern-token").status_code == 403


def test_limits_per_enterprise_and_per_code(api, world, monkeypatch):
    monkeypatch.setattr(concerns, "PER_ENTERPRISE_DAY", 2)
    code = raise_concern(api, world)
    raise_concern(api, world)
    third = api().post("/concerns", {"enterprise": token(api, world.a), **CONCERN})
    assert third.status_code == 429 and third.json["error"] == "concerns_too_many"
    for _ in range(concerns.PER_CODE_DAY):
        assert api().post(f"/concerns/{code}/follow-ups", {"text": "再补充一点情况。"}).status_code == 201
    assert api().post(f"/concerns/{code}/follow-ups", {"text": "再补充一点情况。"}).status_code == 429


def test_an_abusive_concern_is_marked_with_its_reason_and_kept(api, world, session):
    code = raise_concern(api, world)
    case = concern_case(session, code)
    assert api("chair_a").post(f"/concern-cases/{case}/abusive", {"reason": ""}).status_code == 422
    marked = api("chair_a").post(f"/concern-cases/{case}/abusive", {"reason": "辱骂他人，与劳动关系无关。"})
    assert marked.json["state"] == "abusive" and marked.json["abuse_reason"] == "辱骂他人，与劳动关系无关。"
    assert api().get(f"/concerns/{code}").json["state"] == "abusive"
    assert api("chair_a").post(f"/concern-cases/{case}/answer", {"text": "x"}).status_code == 409


def test_another_enterprises_chair_and_another_jurisdictions_assessor_get_403_everywhere(api, world, session,
                                                                                         client, days_later):
    case = concern_case(session, raise_concern(api, world))
    days_later(8)
    for user in ("chair_b", "assessor_west"):
        for method, path, body in (
                ("get", f"/enterprises/{world.a}", None), ("post", f"/enterprises/{world.a}/concern-token", None),
                ("get", f"/enterprises/{world.a}/concerns", None), ("get", f"/concern-cases/{case}", None),
                ("post", f"/concern-cases/{case}/answer", {"text": "答复"}),
                ("post", f"/concern-cases/{case}/direct", {"text": "交办"}),
                ("post", f"/concern-cases/{case}/abusive", {"reason": "理由"})):
            response = getattr(api(user), method)(path, body)
            assert response.status_code == 403, (user, path, response.json)
    assert api("chair_a").post(f"/concern-cases/{case}/direct", {"text": "交办"}).status_code == 403
    assert api("chair_a").get("/concern-cases/escalated").status_code == 403
    assert api().get(f"/concern-cases/{case}").status_code == 401


def test_concern_paths_are_worker_paths_no_log_records():
    for path in ("/c/0123abcd", "/c", "/api/v1/concerns", "/api/v1/concerns/K7QM2XHD9PWRT/follow-ups", "/C/x"):
        assert redact.is_worker_path(path)
    assert not redact.is_worker_path("/concern-cases/" + "a" * 32)


def test_the_poster_carries_the_concern_qr(api, world, client):
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    poster = client.get(f"/enterprises/{world.a}/concern-poster.pdf")
    assert poster.status_code == 200 and poster.mimetype == "application/pdf"
    assert qr_links(poster.data) == [f"http://harmony.test/c/{token(api, world.a)}"]


def sign_in(client, user: str) -> None:
    assert client.post("/login", data={"username": user, "password": "password-" + user}).status_code == 302


def test_the_pages_raise_answer_and_read_a_concern_without_javascript(app, api, world, session):
    worker, chair = app.test_client(), app.test_client()
    url = f"/c/{token(api, world.a)}"
    form = worker.get(url)
    assert "甲公司" in form.text and 'name="category"' in form.text
    refused = worker.post(url, data={"category": "wages", "text": "<script>"})
    assert refused.status_code == 422 and "HTML" in refused.text
    raised = worker.post(url, data={**CONCERN, "name": ""})
    code = raised.text.split('id="tracking-code">')[1].split("<")[0]
    assert raised.status_code == 200 and codes.normalize(code)
    sign_in(chair, "chair_a")
    listed = chair.get(f"/enterprises/{world.a}/concerns")
    assert "工资" in listed.text and "concern-poster.pdf" in listed.text
    case = concern_case(session, code)
    assert CONCERN["text"] in chair.get(f"/concern-cases/{case}").text
    done = chair.post(f"/concern-cases/{case}/answer", data={"text": "已补发加班费。", "closure": "solved"})
    assert done.status_code == 302
    shown = worker.post("/c", data={"code": code})
    assert "已补发加班费。" in shown.text and 'data-state="closed"' in shown.text
    assert worker.post("/c", data={"code": "K7QM-2XHD-9PWRT"}).status_code == 404


def test_every_slip_page_says_where_to_raise_a_concern(api, world, client):
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json["id"]
    sign_in(client, "chair_a")
    slips = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "12", "format": "pdf"})
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(slips.data)).pages]
    url = f"http://harmony.test/c/{token(api, world.a)}"
    assert len(pages) == 2 and all(url in page.replace("\n", "") for page in pages)


def test_an_admin_sets_the_days_to_answer_on_the_jurisdiction_page(api, client, world, session):
    """The change is recorded as a setting's (renaming is not a setting)."""
    sign_in(client, "admin")
    page = f"/office/jurisdictions/{world.east}"
    assert re.search(r'<input[^>]*name="concern_days"[^>]*value="7"', client.get(page).text)
    for days in ("0", "91", "七"):
        refused = client.post(page, data={"name": "东区总工会", "parent": world.city, "concern_days": days})
        assert refused.status_code == 422 and 'id="concern_days-error"' in refused.text
    assert client.post(page, data={"name": "东区总工会", "parent": world.city, "concern_days": "3"}).status_code == 302
    assert client.post(page, data={"name": "东区", "parent": world.city, "concern_days": "3"}).status_code == 302
    session.expire_all()
    assert session.get(Jurisdiction, world.east).concern_days == 3
    changes = api("assessor_east").get(f"/jurisdictions/{world.east}/changes").json
    assert [(c["setting"], c["old"], c["new"], c["by"]) for c in changes] == [("concern_days", "7", "3", "admin")]
