"""The congress pages: the chair's session page, sign-in by QR, the hall display, ballots at /v/<code>."""
import csv
import io
import re

from pypdf import PdfReader

from congress_support import new_congress, open_motion, open_session, sign_in, vote

CODE = re.compile(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{5}")


def log_in(client, username="chair_a"):
    """Sign in, with the pages in English (the language stays with the session)."""
    client.get("/login?lang=en")
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302


def sign_in_codes(client, congress_id) -> list[str]:
    """The personal codes printed on the sign-in sheet, in roster order."""
    sheet = client.post(f"/congresses/{congress_id}/sign-in-sheet")
    assert sheet.status_code == 200 and sheet.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.data)).pages)
    return CODE.findall(text)


def test_roster_import_with_errors_shows_every_line_and_imports_nothing(client, api, world):
    congress_id, _ids = new_congress(api, world.a, 2)
    log_in(client)
    bad = "name,department,category\n张三,生产部,frontline\n,生产部,frontline\n李四,生产部,boss\n张三,生产部,other\n"
    response = client.post(f"/congresses/{congress_id}/roster",
                           data={"file": (io.BytesIO(bad.encode()), "roster.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 3:" in page and "Line 4:" in page and "Line 5:" in page and "Line 2:" not in page
    assert api("chair_a").get(f"/congresses/{congress_id}").json["total"] == 2


def test_sign_in_by_personal_qr_needs_a_confirmation_and_counts_once(client, api, world):
    congress_id, ids = new_congress(api, world.a, 3)
    log_in(client)
    codes = sign_in_codes(client, congress_id)
    assert len(codes) == 3
    early = client.get(f"/v/{codes[0]}")
    assert early.status_code == 200 and "Sign-in opens when the session opens." in early.get_data(as_text=True)
    api("chair_a").post(f"/congresses/{congress_id}/open")

    page = client.get(f"/v/{codes[0]}?lang=en").get_data(as_text=True)
    assert "代表000" in page and 'action="/v/sign-in"' in page
    assert api("chair_a").get(f"/congresses/{congress_id}/quorum").json["present"] == 0  # viewing is not signing
    done = client.post("/v/sign-in", data={"code": codes[0]})
    assert done.status_code == 200 and "you are signed in" in done.get_data(as_text=True)
    again = client.post("/v/sign-in", data={"code": codes[0]})
    assert again.status_code == 409 and "has already signed in" in again.get_data(as_text=True)
    assert api("chair_a").get(f"/congresses/{congress_id}/quorum").json["present"] == 1


def test_reprinting_the_sheet_replaces_the_codes_of_those_not_signed_in(client, api, world):
    congress_id, ids = new_congress(api, world.a, 3)
    log_in(client)
    first = sign_in_codes(client, congress_id)
    api("chair_a").post(f"/congresses/{congress_id}/open")
    client.post("/v/sign-in", data={"code": first[0]})
    second = sign_in_codes(client, congress_id)
    assert len(second) == 2 and not set(second) & set(first)
    assert client.get(f"/v/{first[1]}").status_code == 404


def test_chair_marks_present_and_paper_and_the_hall_display_follows(client, api, world):
    congress_id, ids = new_congress(api, world.a, 3)
    api("chair_a").post(f"/congresses/{congress_id}/open")
    log_in(client)
    assert client.post(f"/congresses/{congress_id}/sign-ins", data={"delegate_id": ids[0], "paper": "0"}).status_code == 302
    assert client.post(f"/congresses/{congress_id}/sign-ins", data={"delegate_id": ids[1], "paper": "1"}).status_code == 302
    twice = client.post(f"/congresses/{congress_id}/sign-ins", data={"delegate_id": ids[1], "paper": "0"})
    assert twice.status_code == 409
    assert api("chair_a").get(f"/congresses/{congress_id}/quorum").json == {
        "total": 3, "present": 2, "paper": 1, "quorum_met": True}
    motion_id, codes = open_motion(api, congress_id)
    assert len(codes) == 1
    vote(api, codes, {"for": 1})
    hall = client.get(f"/congresses/{congress_id}/hall").get_data(as_text=True)
    assert '<meta http-equiv="refresh"' in hall and "<script" not in hall
    assert re.search(r'id="present">2<', hall) and re.search(r'class="voted">1<', hall)
    assert "集体合同草案" in hall and 'id="for"' not in hall


def test_motion_ballot_page_and_results_after_close(client, api, world):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    log_in(client)
    client.post(f"/congresses/{congress_id}/motions", data={"title": "企业年度工作报告"})
    motion_id = api("chair_a").get(f"/congresses/{congress_id}/motions").json[0]["id"]
    client.post(f"/motions/{motion_id}/open")
    listing = client.post(f"/motions/{motion_id}/codes", data={"format": "csv"})
    codes = [row[0] for row in csv.reader(io.StringIO(listing.get_data(as_text=True).lstrip("\ufeff")))][1:]
    assert len(codes) == 3
    voter = client.application.test_client()
    voter.get("/v?lang=en")
    page = voter.get(f"/v/{codes[0]}").get_data(as_text=True)
    assert 'value="for"' in page and 'value="against"' in page and 'value="abstain"' in page
    assert voter.post("/v/vote", data={"code": codes[0], "choice": "for"}).status_code == 200
    used = voter.post("/v/vote", data={"code": codes[0], "choice": "against"})
    assert used.status_code == 302 and voter.get(used.headers["Location"]).status_code == 409
    assert voter.post("/v/vote", data={"code": codes[1], "choice": "maybe"}).status_code == 422
    voter.post("/v/vote", data={"code": codes[1], "choice": "for"})
    hidden = client.get(f"/motions/{motion_id}").get_data(as_text=True)
    assert 'id="verdict"' not in hidden and re.search(r'id="voted">2<', hidden)
    client.post(f"/motions/{motion_id}/close")
    shown = client.get(f"/motions/{motion_id}").get_data(as_text=True)
    assert re.search(r'id="for">2<', shown) and re.search(r'id="not-voted">1<', shown)
    assert 'verdict pass' in shown


def test_election_ballot_page_marks_up_to_the_seats(client, api, world):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    log_in(client)
    client.post(f"/congresses/{congress_id}/elections",
                data={"title": "调解委员会", "seats": "1", "candidates": "甲\n乙\n"})
    election = api("chair_a").get(f"/congresses/{congress_id}/elections").json[0]
    a, b = (c["id"] for c in election["candidates"])
    api("chair_a").post(f"/elections/{election['id']}/open")
    codes = api("chair_a").post(f"/elections/{election['id']}/codes").json["codes"]
    page = client.get(f"/v/{codes[0]}").get_data(as_text=True)
    assert 'type="checkbox" name="choices"' in page and "甲" in page
    too_many = client.post("/v/vote", data={"code": codes[0], "choices": [str(a), str(b)]})
    assert too_many.status_code == 422 and "at most 1" in too_many.get_data(as_text=True)
    assert client.post("/v/vote", data={"code": codes[0], "choices": [str(a)]}).status_code == 200
    assert api("chair_a").get(f"/elections/{election['id']}").json["voted"] == 1


def test_refusals_on_the_session_page_change_nothing(client, api, world):
    congress_id, ids = open_session(api, world.a, total=6, present=3)
    log_in(client)
    client.post(f"/congresses/{congress_id}/motions", data={"title": "议案"})
    motion_id = api("chair_a").get(f"/congresses/{congress_id}/motions").json[0]["id"]
    refused = client.post(f"/motions/{motion_id}/open")
    assert refused.status_code == 409 and "No quorum: 3 of 6" in refused.get_data(as_text=True)
    assert api("chair_a").get(f"/motions/{motion_id}").json["state"] == "draft"
    fixed = client.post(f"/congresses/{congress_id}/delegates", data={"name": "新人", "category": "other"})
    assert fixed.status_code == 409 and api("chair_a").get(f"/congresses/{congress_id}").json["total"] == 6


def test_satisfaction_vote_with_the_congress_as_electorate(client, api, world):
    congress_id, ids = open_session(api, world.a, total=6, present=4)
    log_in(client)
    created = client.post(f"/congresses/{congress_id}/campaign", data={"title": "职代会测评"})
    campaign_id = int(created.headers["Location"].rsplit("/", 1)[1])
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["electorate"] == 4
    sign_in(api, congress_id, ids[4:5])
    opened = api("chair_a").post(f"/campaigns/{campaign_id}/open").json
    assert (opened["electorate"], opened["electorate_source"]) == (5, "congress")
    sign_in(api, congress_id, ids[5:6])
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["electorate"] == 5  # fixed at opening
    too_many = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 6})
    assert too_many.status_code == 422 and "count" in too_many.json["errors"]
    assert len(api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 5}).json["codes"]) == 5
    assert api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 1}).status_code == 422


def test_satisfaction_vote_of_a_congress_needs_its_quorum_to_open(api, world):
    congress_id, _ids = open_session(api, world.a, total=6, present=3)
    created = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "测评", "congress_id": congress_id})
    assert created.status_code == 201 and created.json["electorate_source"] == "congress"
    refused = api("chair_a").post(f"/campaigns/{created.json['id']}/open")
    assert refused.status_code == 409 and refused.json["error"] == "congress_no_quorum"
    assert api("chair_a").get(f"/campaigns/{created.json['id']}").json["state"] == "draft"
    other = api("chair_b").post(f"/enterprises/{world.b}/campaigns", {"title": "测评", "congress_id": congress_id})
    assert other.status_code == 422 and "congress_id" in other.json["errors"]
