"""The worker's pages: Chinese by default, friendly refusals, answers kept, light, nothing external."""
import re

from sqlalchemy import text

from helpers import answers, open_vote
from survey.extensions import db


def form_data(code, chosen):
    return {"code": code, **{f"a.{key}": value for key, value in chosen.items()}}


def test_ballot_page_shows_the_questionnaire_in_chinese(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    page = client.get(f"/v/{codes[0]}").get_data(as_text=True)
    assert "工资按时足额支付及正常增长" in page and "基本满意" in page
    assert page.count('type="radio"') == 9 * 3
    assert codes[0] in page  # shown so the worker can check it against the slip


def test_language_switch_to_english(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    page = client.get(f"/v/{codes[0]}?lang=en").get_data(as_text=True)
    assert "Wages paid in full and on time" in page and "Fairly satisfied" in page
    assert 'lang="en"' in page


def test_ballot_page_is_light_and_loads_nothing_external(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    page = client.get(f"/v/{codes[0]}").get_data(as_text=True)
    css = client.get("/static/style.css").get_data()
    assert len(page.encode()) + len(css) < 30_000
    assert "<script" not in page
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', page):
        assert url.startswith("/") or url.startswith("?"), url


def test_voting_shows_a_receipt_and_stores_the_ballot(client, api, world, session):
    _campaign, codes = open_vote(api, world.a, codes=1)
    response = client.post("/v/submit", data=form_data(codes[0], answers()))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "您的选票已计入" in page
    assert response.headers["Cache-Control"] == "no-store" and "Location" not in response.headers
    receipt = re.search(r'id="receipt">([A-Z0-9]+)<', page).group(1)
    assert len(receipt) == 10
    assert session.scalar(text("SELECT count(*) FROM answer")) == 9


def test_typed_code_works_like_the_qr_link(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    page = client.post("/v", data={"code": codes[0].lower().replace("-", " ")}).get_data(as_text=True)
    assert "工资按时足额支付及正常增长" in page


def test_missing_required_answer_keeps_the_other_answers(client, api, world, session):
    _campaign, codes = open_vote(api, world.a, codes=1)
    chosen = answers("dissatisfied")
    del chosen["overall"]
    response = client.post("/v/submit", data=form_data(codes[0], chosen))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count("checked") == 8
    assert re.search(r'name="a.wages" value="dissatisfied" checked', page)
    assert session.scalar(text("SELECT count(*) FROM ballot")) == 0
    retry = client.post("/v/submit", data=form_data(codes[0], answers()))
    assert retry.status_code == 200 and 'id="receipt"' in retry.get_data(as_text=True)


def test_friendly_pages_for_unknown_used_not_open_and_closed(client, api, world):
    campaign_id, codes = open_vote(api, world.a, codes=2)
    unknown = client.get("/v/K7QM2XHD9PWRT")
    assert unknown.status_code == 404 and 'data-reason="unknown_code"' in unknown.get_data(as_text=True)
    client.post("/v/submit", data=form_data(codes[0], answers()))
    used = client.get(f"/v/{codes[0]}")
    page = used.get_data(as_text=True)
    assert used.status_code == 409 and 'data-reason="code_used"' in page
    assert re.search(r'class="code">[A-Z0-9]{10}<', page)  # the receipt, for the browser that double-tapped
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    closed = client.get(f"/v/{codes[1]}")
    assert closed.status_code == 403 and 'data-reason="vote_closed"' in closed.get_data(as_text=True)
    draft = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "下一次"}).json["id"]
    later = api("chair_a").post(f"/campaigns/{draft}/codes", {"count": 1}).json["codes"][0]
    not_open = client.get(f"/v/{later}")
    assert not_open.status_code == 403 and 'data-reason="vote_not_open"' in not_open.get_data(as_text=True)


def test_a_vote_past_its_closing_time_refuses_ballots(client, api, world):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    with client.application.app_context():  # the closing time passes while the vote is open
        db().execute(text("UPDATE campaign SET closes_at = '2000-01-01 00:00:00' WHERE id = :i"), {"i": campaign_id})
        db().commit()
    response = client.post("/v/submit", data=form_data(codes[0], answers()))
    assert response.status_code == 403
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "open"  # reading closes nothing
    with client.application.app_context():
        assert client.application.test_cli_runner().invoke(args=["close-due"]).output.strip() == "已关闭 1 次测评 closed 1 vote(s)"
    assert api("chair_a").get(f"/campaigns/{campaign_id}").json["state"] == "closed"


def test_error_pages_are_friendly_not_crash_pages(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "<html" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_a_vote_not_yet_open_says_when_it_opens(client, api, world):
    settings = {"opens_at": "2099-05-20T08:30", "closes_at": "2099-05-21T18:00"}
    _campaign, codes = open_vote(api, world.a, codes=1, settings=settings)
    response = client.get(f"/v/{codes[0]}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and 'data-reason="vote_not_open"' in page
    assert "2099-05-20 08:30" in page
