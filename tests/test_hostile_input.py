"""Inputs that once answered 500 (the audit of issue 8): each is refused with its exact status and key.

Every test runs on SQLite and PostgreSQL (NUL characters crashed PostgreSQL only)."""
import io
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from congress_support import new_congress, open_motion, open_session
from helpers import answers, cast, open_vote
from survey.data.models import Campaign

HUGE_ID = "99999999999999999999"
DIGITS_5000 = "9" * 5000


def log_in(client, username="chair_a"):
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302


def refused(response, status: int, key: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.json["error"] == key and response.json["message"] != key
    if field:
        assert field in response.json["errors"], response.json
    return response.json


def raw(api_client, method: str, path: str, body: str):
    """A body sent byte for byte (NaN, huge numbers, surrogate escapes: what a JSON encoder would not write)."""
    return getattr(api_client.client, method)("/api/v1" + path, data=body, content_type="application/json",
                                              headers=api_client.headers)


def campaigns_stored(session) -> int:
    session.commit()
    return session.scalar(select(func.count()).select_from(Campaign))


@pytest.mark.parametrize("body, field", [
    ('{"title": "x", "threshold": NaN}', "threshold"),
    ('{"title": "x", "threshold": "NaN"}', "threshold"),
    ('{"title": "x", "threshold": "sNaN"}', "threshold"),
    ('{"title": "x", "threshold": Infinity}', "threshold"),
    ('{"title": "x", "opens_at": "9999-12-31T23:59:59-14:00"}', "opens_at"),
    ('{"title": "x", "closes_at": "0001-01-01T00:00"}', "closes_at"),
    ('{"title": ["x"]}', "title"),
    ('{"title": "x", "ask_department": "no"}', "ask_department"),
    ('{"title": "x\\u0000y"}', "title"),
    ('{"title": "x", "electorate": 1000000000000000000000000000000}', "electorate"),
    ('{"title": "x", "scale": "3"}', "scale"),
    ('{"title": "x", "congress_id": ' + HUGE_ID + '}', "congress_id"),
])
def test_hostile_campaign_is_422_and_stores_nothing(api, world, session, body, field):
    before = campaigns_stored(session)
    refused(raw(api("chair_a"), "post", f"/enterprises/{world.a}/campaigns", body), 422, "invalid_input", field)
    assert campaigns_stored(session) == before


@pytest.mark.parametrize("body", [
    '{"title": "x\\ud800"}',  # an unpaired surrogate
    '{"title": "x", "electorate": ' + DIGITS_5000 + '}',
    "[" * 100_000,  # nested deeper than any body needs
])
def test_unreadable_json_is_400_bad_json(api, world, body):
    refused(raw(api("chair_a"), "post", f"/enterprises/{world.a}/campaigns", body), 400, "bad_json")


@pytest.mark.parametrize("body, field", [
    ('{"floors": "contract"}', "floors"),
    ('{"floors": ["contract"]}', "floors"),
    ('{"floors": {"contract": NaN}}', "floors.contract"),
    ('{"vetoes": {"contract": "sNaN"}}', "vetoes.contract"),
    ('{"threshold": -Infinity}', "threshold"),
    ('{"closes_at": "9999-12-31T23:59:59-14:00"}', "closes_at"),
    ('{"electorate": true}', "electorate"),
])
def test_hostile_counting_settings_are_422(api, world, body, field):
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿"}).json["id"]
    refused(raw(api("chair_a"), "patch", f"/campaigns/{campaign_id}", body), 422, "invalid_input", field)
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["floors"] == {}


@pytest.mark.parametrize("count", ['"5"', "1e400", "5.0", HUGE_ID])
def test_code_count_must_be_a_whole_number_in_range(api, world, count):
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿"}).json["id"]
    refused(raw(api("chair_a"), "post", f"/campaigns/{campaign_id}/codes", '{"count": %s}' % count),
            422, "invalid_input", "count")


def test_hostile_ballots(api, world):
    _campaign_id, codes = open_vote(api, world.a, codes=1)
    refused(api().post("/ballots", {"code": codes[0], "answers": answers(suggestion="a\x00b")}),
            422, "bad_answers", "answers.suggestion")
    refused(api().post("/ballots", {"code": codes[0], "answers": {"overall": {"nested": ["satisfied"]}}}),
            422, "bad_answers", "answers.overall")
    refused(api().post("/ballots", {"code": codes[0], "answers": "satisfied"}), 422, "bad_answers", "answers")
    refused(raw(api(), "post", "/ballots", '{"code": "x", "answers": ' + "[" * 50_000 + "]" * 50_000 + "}"),
            400, "bad_json")
    refused(raw(api(), "post", "/ballots", '{"code": "\\udc00"}'), 400, "bad_json")
    assert cast(api, codes[0], answers()).status_code == 201  # the code was not used by any refusal


def test_election_ballot_with_an_id_beyond_the_integer_range(api, world):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    election = api("chair_a").post(f"/congresses/{congress_id}/elections",
                                   {"title": "选举", "seats": 1, "candidates": ["甲"]}).json
    api("chair_a").post(f"/elections/{election['id']}/open")
    code = api("chair_a").post(f"/elections/{election['id']}/codes").json["codes"][0]
    refused(raw(api(), "post", "/ballots", '{"code": "%s", "choices": [%s]}' % (code, HUGE_ID)),
            422, "bad_answers", "choices.0")


@pytest.mark.parametrize("path", [
    f"/campaigns/{HUGE_ID}", f"/campaigns/{HUGE_ID}/results", f"/congresses/{HUGE_ID}", f"/motions/{HUGE_ID}",
    f"/elections/{HUGE_ID}/results", f"/enterprises/{HUGE_ID}/congresses", "/campaigns/2147483648", "/campaigns/0",
])
def test_ids_beyond_the_database_integer_are_404(api, world, path):
    refused(api("chair_a").get(path), 404, "not_found")


def test_ids_beyond_the_database_integer_are_404_on_pages_and_forms(client, api, world):
    log_in(client)
    assert client.get(f"/campaigns/{HUGE_ID}").status_code == 404
    assert client.get(f"/congresses/{HUGE_ID}/hall").status_code == 404
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿"}).json["id"]
    assert client.post(f"/campaigns/{campaign_id}/copy", data={"source": HUGE_ID}).status_code == 404


def test_hostile_congress_bodies(api, world, session):
    chair = api("chair_a")
    refused(chair.post(f"/enterprises/{world.a}/congresses",
                       {"title": "职代会", "delegates": [{"name": "张\x00三", "department": "", "category": "other"}]}),
            422, "invalid_input", "delegates.0.name")
    refused(chair.post(f"/enterprises/{world.a}/congresses", {"title": "职\x00代会"}), 422, "invalid_input", "title")
    refused(chair.post(f"/enterprises/{world.a}/congresses", {"title": "职代会", "delegates": "张三"}),
            422, "invalid_input", "delegates")
    congress_id, ids = new_congress(api, world.a, 3)
    refused(chair.post(f"/congresses/{congress_id}/delegates", {"name": "李\x00四", "category": "other"}),
            422, "invalid_input", "name")
    refused(chair.post(f"/congresses/{congress_id}/motions", {"title": ["议案"]}), 422, "invalid_input", "title")
    refused(chair.post(f"/congresses/{congress_id}/elections", {"title": "选举", "candidates": "甲"}),
            422, "invalid_input", "candidates")
    assert chair.post(f"/congresses/{congress_id}/open").status_code == 200
    refused(chair.post(f"/congresses/{congress_id}/sign-ins", {"delegate_id": ids[0], "paper": "no"}),
            422, "invalid_input", "paper")
    assert chair.get(f"/congresses/{congress_id}/quorum").json["present"] == 0


def test_paper_counts_beyond_any_range(api, world, client):
    congress_id, _ids = open_session(api, world.a, total=3, present=3, paper=2)
    motion_id, _codes = open_motion(api, congress_id)
    refused(raw(api("chair_a"), "post", f"/motions/{motion_id}/paper", '{"for": %s}' % DIGITS_5000), 400, "bad_json")
    refused(raw(api("chair_a"), "post", f"/motions/{motion_id}/paper", '{"for": %s}' % HUGE_ID),
            422, "invalid_input", "for")
    log_in(client)
    for count in (DIGITS_5000, "²", "1e3"):
        response = client.post(f"/motions/{motion_id}/paper", data={"for": count})
        assert response.status_code == 422
    assert api("chair_a").get(f"/motions/{motion_id}").json["voted"] == 0


@pytest.mark.parametrize("path, form", [
    ("/enterprises/{enterprise}/campaigns", {"title": "测\x00评"}),
    ("/enterprises/{enterprise}/congresses", {"title": "职\x00代会"}),
    ("/congresses/{congress}/delegates", {"name": "王\x00五", "department": "", "category": "other"}),
    ("/congresses/{congress}/motions", {"title": "议\x00案"}),
])
def test_nul_in_staff_forms_is_422(client, api, world, session, path, form):
    congress_id, _ids = new_congress(api, world.a, 3)
    log_in(client)
    before = campaigns_stored(session)
    response = client.post(path.format(enterprise=world.a, congress=congress_id), data=form)
    assert response.status_code == 422 and "NUL" in response.get_data(as_text=True)
    assert campaigns_stored(session) == before
    assert api("chair_a").get(f"/congresses/{congress_id}").json["delegates"][-1]["name"] != "王\x00五"


def test_hostile_staff_form_values(client, api, world):
    log_in(client)
    for form in ({"title": "x", "threshold": "NaN"}, {"title": "x", "threshold": "sNaN"},
                 {"title": "x", "opens_at": "9999-12-31T23:59:59-14:00"}, {"title": "x", "closes_at": "0001-01-01T00:00"}):
        assert client.post(f"/enterprises/{world.a}/campaigns", data=form).status_code == 422
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿"}).json["id"]
    for value in ("NaN", "sNaN", "1e-999999999", DIGITS_5000):  # a tiny exponent would cost hours as a fraction
        assert client.post(f"/campaigns/{campaign_id}/settings", data={"floors.collective": value}).status_code == 422


def test_nul_in_a_free_text_answer_through_the_phone_form(client, api, world):
    _campaign_id, codes = open_vote(api, world.a, codes=1)
    form = {"code": codes[0], **{f"a.{key}": value for key, value in answers(suggestion="好\x00").items()}}
    response = client.post("/v/submit", data=form)
    assert response.status_code == 422
    assert cast(api, codes[0], answers()).status_code == 201


@pytest.mark.parametrize("query, field", [
    ("margin=NaN", "margin"), ("margin=sNaN", "margin"), ("margin=-Infinity", "margin"),
    (f"headcount={DIGITS_5000}", "headcount"), ("confidence=95.5", "confidence"),
])
def test_hostile_sample_size_queries(api, client, world, query, field):
    refused(api("assessor_city").get(f"/sample-size?{query}"), 422, "invalid_input", field)
    log_in(client, "assessor_city")
    assert client.get(f"/assessor/sample-size?{query}").status_code == 422


def test_too_large_a_body_is_413_too_large_in_both_languages(api, world):
    body = "x" * (5 * 1024 * 1024 + 1)
    chinese = refused(raw(api("chair_a"), "post", f"/enterprises/{world.a}/congresses", body), 413, "too_large")
    english = refused(raw(api("chair_a"), "post", f"/enterprises/{world.a}/congresses?lang=en", body), 413, "too_large")
    assert "5 MB" in english["message"] and chinese["message"] != english["message"]


def _sheet(rows_xml: bytes, dimension: bytes) -> bytes:
    """A roster XLSX whose first sheet declares ``dimension`` and holds ``rows_xml`` after its header."""
    book = Workbook()
    book.active.append(["name", "department", "category"])
    plain = io.BytesIO()
    book.save(plain)
    source, out = zipfile.ZipFile(io.BytesIO(plain.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:C1" />', b'<dimension ref="%s" />' % dimension)
                data = data.replace(b"</sheetData>", rows_xml + b"</sheetData>")
            target.writestr(info, data)
    return out.getvalue()


MILLION_ROW_SHEETS = {  # (rows after the header, the declared dimension)
    "declared": (lambda: b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>', b"A1:C1000000"),
    "empty rows": (lambda: b"".join(b'<row r="%d"/>' % n for n in range(2, 1_000_001)), b"A1:C1"),  # it lies
    "far row": (lambda: b'<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>', b"A1:C1"),
}


@pytest.mark.parametrize("kind", MILLION_ROW_SHEETS)
def test_roster_of_a_million_rows_is_refused_at_the_line_limit(api, world, kind):
    rows, dimension = MILLION_ROW_SHEETS[kind]
    workbook = _sheet(rows(), dimension)
    congress_id, _ids = new_congress(api, world.a, 3)
    response = api("chair_a").post(f"/congresses/{congress_id}/roster",
                                   data={"file": (io.BytesIO(workbook), "roster.xlsx")},
                                   content_type="multipart/form-data")
    body = refused(response, 422, "roster_rejected")
    assert [line["error"] for line in body["lines"]] == ["roster_too_many_lines"]
    assert len(api("chair_a").get(f"/congresses/{congress_id}").json["delegates"]) == 3
