"""Nothing irreversible by one click: each such button leads to a page saying what will happen, whose form
does it; and the small things a user hits (where the code is, a lost session, the favicon, the refresh)."""
import re

import pytest

from congress_support import new_congress, open_motion, open_session, sign_in as sign_in_delegates, vote
from helpers import answers, cast, open_vote


def sign_in(client, username="chair_a"):
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302


def state(api, path: str) -> str:
    return api("chair_a").get(path).json["state"]


def test_closing_a_vote_asks_first_with_the_turnout_then_closes(client, api, world):
    campaign_id, codes = open_vote(api, world.a, electorate=120, codes=3)
    for code in codes[:2]:
        assert cast(api, code, answers()).status_code == 201
    sign_in(client)
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert f'href="/campaigns/{campaign_id}/close"' in page and f'action="/campaigns/{campaign_id}/close"' not in page
    confirm = client.get(f"/campaigns/{campaign_id}/close")
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "现在结束测评？" in text
    assert "已有 2 人投票（应参与 120 人，2%）；结束后不能重新开放。" in text
    assert f'method="post" action="/campaigns/{campaign_id}/close"' in text and 'name="csrf_token"' in text
    assert state(api, f"/campaigns/{campaign_id}") == "open"  # looking closes nothing
    assert client.post(f"/campaigns/{campaign_id}/close").status_code == 302
    assert state(api, f"/campaigns/{campaign_id}") == "closed"
    closed = client.get(f"/campaigns/{campaign_id}/close")  # nothing left to confirm
    assert closed.status_code == 302 and closed.headers["Location"].endswith(f"/campaigns/{campaign_id}")


def test_the_api_still_closes_in_one_call(api, world):
    campaign_id, _codes = open_vote(api, world.a, codes=0)
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").json["state"] == "closed"


def test_only_a_manager_sees_a_confirmation(client, api, world):
    campaign_id, _codes = open_vote(api, world.a, codes=0)
    sign_in(client, "chair_b")
    assert client.get(f"/campaigns/{campaign_id}/close").status_code in (403, 404)


def test_removing_a_question_asks_first_then_removes(client, api, world):
    sign_in(client)
    response = client.post(f"/enterprises/{world.a}/campaigns", data={"title": "2026 年度测评", "scale": "3"})
    campaign_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert f'href="/campaigns/{campaign_id}/questions/care/remove"' in page and 'name="remove"' not in page
    confirm = client.get(f"/campaigns/{campaign_id}/questions/care/remove").get_data(as_text=True)
    assert "删除题目“" in confirm and 'name="remove" value="care"' in confirm
    assert f'action="/campaigns/{campaign_id}/questionnaire"' in confirm
    keys = lambda: [i["key"] for i in api("chair_a").get(f"/campaigns/{campaign_id}/form").json["items"]]  # noqa: E731
    assert "care" in keys()
    assert client.post(f"/campaigns/{campaign_id}/questionnaire", data={"remove": "care"}).status_code == 302
    assert "care" not in keys()
    assert client.get(f"/campaigns/{campaign_id}/questions/care/remove").status_code == 404


def test_closing_a_motion_asks_first_with_who_has_voted(client, api, world):
    congress_id, _ids = open_session(api, world.a, total=6, present=5)
    motion_id, codes = open_motion(api, congress_id)
    vote(api, codes, {"for": 3})
    sign_in(client)
    page = client.get(f"/motions/{motion_id}").get_data(as_text=True)
    assert f'href="/motions/{motion_id}/close"' in page and f'action="/motions/{motion_id}/close"' not in page
    text = client.get(f"/motions/{motion_id}/close").get_data(as_text=True)
    assert "到会代表 5 人中已有 3 人投票（全体代表 6 人）" in text and f'action="/motions/{motion_id}/close"' in text
    assert state(api, f"/motions/{motion_id}") == "open"
    assert client.post(f"/motions/{motion_id}/close").status_code == 302
    assert state(api, f"/motions/{motion_id}") == "closed"


def test_closing_the_session_asks_first_with_the_attendance(client, api, world):
    congress_id, _ids = open_session(api, world.a, total=6, present=4)
    sign_in(client)
    page = client.get(f"/congresses/{congress_id}").get_data(as_text=True)
    assert f'href="/congresses/{congress_id}/close"' in page and f'action="/congresses/{congress_id}/close"' not in page
    text = client.get(f"/congresses/{congress_id}/close").get_data(as_text=True)
    assert "现在结束会议？" in text and "全体代表 6 人，已签到 4 人。" in text
    assert state(api, f"/congresses/{congress_id}") == "open"
    assert client.post(f"/congresses/{congress_id}/close").status_code == 302
    assert state(api, f"/congresses/{congress_id}") == "closed"


def test_printing_the_sign_in_sheet_again_asks_first(client, api, world):
    congress_id, ids = new_congress(api, world.a, 4)
    sign_in(client)
    sheet = f'action="/congresses/{congress_id}/sign-in-sheet"'
    assert sheet in client.get(f"/congresses/{congress_id}").get_data(as_text=True)  # the first print cancels nothing
    assert client.post(f"/congresses/{congress_id}/sign-in-sheet").mimetype == "application/pdf"
    assert api("chair_a").post(f"/congresses/{congress_id}/open").status_code == 200
    sign_in_delegates(api, congress_id, ids[:1])
    page = client.get(f"/congresses/{congress_id}").get_data(as_text=True)
    assert sheet not in page and f'href="/congresses/{congress_id}/sign-in-sheet"' in page
    text = client.get(f"/congresses/{congress_id}/sign-in-sheet").get_data(as_text=True)
    assert "重新打印签到表？" in text and "尚未签到的 3 名代表" in text and sheet in text


def test_the_code_entry_page_says_the_code_is_right_of_the_qr(client):
    assert "二维码的右侧" in client.get("/v").get_data(as_text=True)


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def form_cast(client, code: str, **extra) -> tuple[int, str]:
    response = client.post("/v/submit", data={"code": code, **{f"a.{k}": v for k, v in answers().items()}}, **extra)
    return response.status_code, response.get_data(as_text=True)


def test_a_ballot_posted_after_the_session_expired_is_simply_cast(app, api, world, csrf_on):
    """The ballot form is not CSRF-checked: a stale token from a lost session loses nothing."""
    _campaign_id, codes = open_vote(api, world.a, codes=1)
    status, page = form_cast(app.test_client(), codes[0], headers={"Cookie": "session=expired"})
    assert status == 200 and 'id="receipt"' in page and "会话已过期" not in page
    assert form_cast(app.test_client(), codes[0])[0] == 409  # it counted: the code is used


def test_a_cross_site_ballot_post_with_a_valid_code_casts(app, api, world, csrf_on):
    """No cookie gives the ballot form any authority, only the code posted does: a post from another site,
    without token or cookie, casts exactly as the code's holder could by posting it themselves."""
    _campaign_id, codes = open_vote(api, world.a, codes=1)
    status, page = form_cast(app.test_client(), codes[0], headers={"Origin": "https://elsewhere.example",
                                                                   "Referer": "https://elsewhere.example/x"})
    assert status == 200 and 'id="receipt"' in page
    assert form_cast(app.test_client(), codes[0])[0] == 409


def test_the_ballot_page_carries_no_token_and_sets_no_cookie(client, api, world, csrf_on):
    _campaign_id, codes = open_vote(api, world.a, codes=1)
    page = client.get(f"/v/{codes[0]}")
    assert page.status_code == 200 and "csrf_token" not in page.get_data(as_text=True)
    assert "Set-Cookie" not in page.headers


def test_every_other_form_still_refuses_a_post_without_a_token(app, api, world, csrf_on):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    motion_id, codes = open_motion(api, congress_id)
    stranger = app.test_client()
    vote_page = stranger.post("/v/vote", data={"code": codes[0], "choice": "for"}).get_data(as_text=True)
    assert "会话已过期" in vote_page and api("chair_a").get(f"/motions/{motion_id}").json["voted"] == 0
    for path, data in (("/v/sign-in", {"code": "K7QM-2XHD-9PWRT"}), ("/v", {"code": "K7QM-2XHD-9PWRT"}),
                       ("/login", {"username": "chair_a", "password": "password-chair_a"})):
        assert stranger.post(path, data=data).status_code == 400, path  # not 404 / 302: refused before the view
    page = stranger.get("/v").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert stranger.post("/v", data={"code": "K7QM-2XHD-9PWRT", "csrf_token": token}).status_code == 404


def test_a_motion_ballot_after_the_session_expired_keeps_the_choice(app, api, world, csrf_on):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion, codes = open_motion(api, congress_id)
    page = app.test_client().post("/v/vote", data={"code": codes[0], "choice": "against"}).get_data(as_text=True)
    assert "会话已过期" in page and 'value="against" checked' in page


def test_a_stale_token_with_an_unknown_code_says_unknown(app, csrf_on):
    response = app.test_client().post("/v/submit", data={"code": "K7QM-2XHD-9PWRT"})
    assert response.status_code == 404 and 'data-reason="unknown_code"' in response.get_data(as_text=True)


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"


def test_the_open_vote_page_refreshes_itself_and_a_closed_one_does_not(client, api, world):
    campaign_id, _codes = open_vote(api, world.a, codes=0)
    sign_in(client)
    assert '<meta http-equiv="refresh" content="30">' in client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    assert 'http-equiv="refresh"' not in client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
