"""Public notice, objections and naming (公示、异议、命名): objections as secret as ballots, an open one
blocking naming, naming only once the notice is over, the certificate and the named list."""
import hashlib
from datetime import datetime, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import inspect, select

from naming_support import declaration, on_notice
from seal_support import qr_links
from survey.data.enums import DeclarationState
from survey.data.models import Certificate, Declaration, Objection, User
from survey.domain import declarations
from survey.domain.errors import Conflict
from survey.messages import message
from survey.web.common import local_today


def lodge(api, declaration_id: int, text: str = "该企业拖欠工资三个月。", **extra):
    return api().post(f"/declarations/{declaration_id}/objections", {"text": text, **extra})


def today(app):
    with app.test_request_context():
        return local_today()


def name(session, declaration_id: int, day, user: str = "assessor_east"):
    session.expire_all()
    found = session.get(Declaration, declaration_id)
    assessor = session.query(User).filter_by(username=user).one()
    return declarations.name(session, assessor, found, day, datetime(2026, 12, 1))


def test_an_objection_keeps_a_hashed_code_and_the_day_only(app, api, world, session):
    found = on_notice(api, world, session)
    response = lodge(api, found, name="王某", contact="")
    assert response.status_code == 201
    code = response.json["tracking_code"]
    row = session.query(Objection).one()
    assert row.code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert code.replace("-", "") not in str([getattr(row, c.key) for c in inspect(Objection).columns])
    assert row.lodged_on == today(app) and (row.name, row.contact) == ("王某", None)
    columns = {column.name: str(column.type) for column in Objection.__table__.columns}
    assert columns == {"id": "VARCHAR(32)", "declaration_id": "INTEGER", "code_hash": "VARCHAR(64)", "text": "TEXT",
                       "name": "VARCHAR(100)", "contact": "VARCHAR(100)", "lodged_on": "DATE", "state": "VARCHAR(10)",
                       "finding": "TEXT", "answered_by": "INTEGER", "answered_on": "DATE"}
    assert len(row.id) == 32 and int(row.id, 16) >= 0  # a random key, no sequence


def test_the_tracking_code_reads_the_state_and_the_answer(api, world, session):
    found = on_notice(api, world, session)
    code = lodge(api, found).json["tracking_code"]
    shown = api().get(f"/objections/{code.lower()}")
    assert shown.status_code == 200 and shown.json["state"] == "open" and shown.json["finding"] is None
    assert "text" not in shown.json and "name" not in shown.json
    assert api().get("/objections/K7QM-2XHD-9PWRT").status_code == 404
    listed = api("assessor_east").get(f"/declarations/{found}/objections")
    assert listed.status_code == 200 and listed.json[0]["text"] == "该企业拖欠工资三个月。"
    for user in ("chair_a", "assessor_west"):
        assert api(user).get(f"/declarations/{found}/objections").status_code == 403
    objection = listed.json[0]["id"]
    finding = {"finding": "经核查，工资已按时足额发放，异议不成立。"}
    assert api("chair_a").post(f"/declarations/{found}/objections/{objection}/finding", finding).status_code == 403
    assert api("assessor_east").post(f"/declarations/{found}/objections/{objection}/finding",
                                     {"finding": " "}).status_code == 422
    answered = api("assessor_east").post(f"/declarations/{found}/objections/{objection}/finding", finding)
    assert answered.status_code == 200 and answered.json["state"] == "answered"
    shown = api().get(f"/objections/{code}").json
    assert shown["state"] == "answered" and shown["finding"] == finding["finding"]
    again = api("assessor_east").post(f"/declarations/{found}/objections/{objection}/finding", finding)
    assert again.status_code == 409 and again.json["error"] == "objection_answered"


@pytest.mark.parametrize("text, key", [("", "text_required"), ("   ", "text_required"), ("字" * 2001, "long_text_limit"),
                                       ("请看<script>alert(1)</script>", "text_markup"), ("<b>粗体</b>", "text_markup")],
                         ids=["empty", "blank", "2001 characters", "script", "bold"])
def test_bad_objections_are_refused_in_both_languages(app, api, world, session, text, key, client):
    """(One language per test: the `session` fixture's app context would keep the first request's.)"""
    found = on_notice(api, world, session)
    english = client.post(f"/api/v1/declarations/{found}/objections?lang=en", json={"text": text})
    assert english.status_code == 422
    with app.test_request_context(), force_locale("en"):
        assert english.json["errors"]["text"] == message(key)
    with app.test_request_context(), force_locale("zh"):
        assert message(key) != english.json["errors"]["text"]  # translated
    assert session.query(Objection).count() == 0


def test_plain_text_with_a_less_than_sign_and_2000_characters_is_taken(api, world, session):
    found = on_notice(api, world, session)
    assert lodge(api, found, "工资<3000元，低于最低工资标准" + "字" * (2000 - 17)).status_code == 201


def test_objections_only_while_the_notice_runs(app, api, world, session):
    assessed = declaration(api, world, session, DeclarationState.IN_REVIEW)
    assert lodge(api, assessed).status_code == 409
    last_day = declaration(api, world, session, DeclarationState.ON_NOTICE, notice_ends=today(app) + timedelta(days=1),
                           year=2020)
    assert lodge(api, last_day).status_code == 201  # the day before the notice ends is its last day
    over = declaration(api, world, session, DeclarationState.ON_NOTICE, notice_ends=today(app), year=2021)
    assert lodge(api, over).json["error"] == "objection_not_on_notice"


def test_objections_are_rate_limited_per_address(app, api, world, session):
    found = on_notice(api, world, session)
    statuses = [lodge(api, found).status_code for _ in range(6)]
    assert statuses == [201] * 5 + [429]


def test_naming_is_refused_before_the_notice_ends_and_while_an_objection_is_open(app, api, world, session):
    found = on_notice(api, world, session, days_left=2)
    ends = today(app) + timedelta(days=2)
    with pytest.raises(Conflict) as refused:
        name(session, found, ends - timedelta(days=1))
    assert refused.value.key == "declaration_notice_running"
    session.rollback()
    lodge(api, found)
    with pytest.raises(Conflict) as refused:
        name(session, found, ends)
    assert refused.value.key == "objection_open"
    session.rollback()
    objection = api("assessor_east").get(f"/declarations/{found}/objections").json[0]["id"]
    api("assessor_east").post(f"/declarations/{found}/objections/{objection}/finding", {"finding": "不成立。"})
    assert name(session, found, ends).state == DeclarationState.NAMED


def _named(app, api, world, session) -> int:
    found = on_notice(api, world, session, days_left=0)
    name(session, found, today(app))
    session.commit()
    return found


def test_the_certificate_and_the_named_list(app, api, world, session, client):
    found = _named(app, api, world, session)
    issued = session.scalar(select(Certificate).where(Certificate.declaration_id == found))
    assert issued is not None and issued.issued_on == today(app)  # at naming, before anyone asks for it
    assert api("chair_b").get(f"/declarations/{found}/certificate.pdf").status_code == 403
    assert api("assessor_west").get(f"/declarations/{found}/certificate.pdf").status_code == 403
    response = api("chair_a").get(f"/declarations/{found}/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    year = session.get(Declaration, found).cycle.year
    number = f"HX-{year}-{world.east}-0001"
    assert qr_links(response.data, dpi=300) == [f"http://harmony.test/certificates/{number}"]
    again = api("assessor_city").get(f"/declarations/{found}/certificate.pdf")
    assert qr_links(again.data, dpi=300) == [f"http://harmony.test/certificates/{number}"]  # issued once
    listed = api().get(f"/named?jurisdiction={world.east}&year={year}")
    assert listed.status_code == 200
    assert listed.json == [{"enterprise": "甲公司", "credit_code": "91350100M000100Y43", "level": "A", "year": year,
                            "jurisdiction": "东区总工会", "certificate": number, "state": "named"}]
    assert api().get(f"/named?jurisdiction={world.west}").json == []
    assert api().get("/named?year=1999").status_code == 422
    page = client.get(f"/certificates/{number}").get_data(as_text=True)
    assert "甲公司" in page and "东区总工会" in page and str(year) in page
    assert client.get("/certificates/HX-2026-9-0001").status_code == 404
    assert "甲公司" in client.get(f"/named?year={year}").get_data(as_text=True)


def test_no_certificate_before_naming(api, world, session):
    found = on_notice(api, world, session)
    assert api("chair_a").get(f"/declarations/{found}/certificate.pdf").status_code == 409


def test_the_public_notice_page_takes_an_objection_without_javascript(app, api, world, session, client):
    found = on_notice(api, world, session)
    cycle = session.get(Declaration, found).cycle_id
    page = client.get(f"/notice/{cycle}").get_data(as_text=True)
    assert "甲公司" in page and f"/o/declarations/{found}" in page
    refused = client.post(f"/o/declarations/{found}", data={"text": "<i>x</i>"})
    assert refused.status_code == 422 and "&lt;i&gt;x&lt;/i&gt;" in refused.get_data(as_text=True)
    lodged = client.post(f"/o/declarations/{found}", data={"text": "食堂卫生差。"})
    assert lodged.status_code == 201 and lodged.headers["Cache-Control"] == "no-store"
    code = lodged.get_data(as_text=True).split('id="tracking-code">')[1].split("<")[0]
    assert len(code.replace("-", "")) == 13
    shown = client.post("/o", data={"code": code})
    assert shown.status_code == 200 and 'id="state"' in shown.get_data(as_text=True)
    assert client.post("/o", data={"code": "nope"}).status_code == 404

