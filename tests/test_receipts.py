"""The receipt travels in the answer to the POST and in the casting browser's receipts cookie, never in a URL."""
import re

from congress_support import open_motion, open_session
from helpers import answers, cast, open_vote
from survey.web.receipts import COOKIE, KEPT

RECEIPT = re.compile(r'class="code"[^>]*>([A-Z0-9]{10})<')


def form_data(code: str, chosen: dict) -> dict:
    return {"code": code, **{f"a.{key}": value for key, value in chosen.items()}}


def receipt_of(response) -> str | None:
    found = RECEIPT.search(response.get_data(as_text=True))
    return found.group(1) if found else None


def test_the_ballot_form_answers_with_the_receipt_page_not_a_redirect(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    response = client.post("/v/submit", data=form_data(codes[0], answers()))
    assert response.status_code == 200 and "Location" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert re.fullmatch(r"[A-Z0-9]{10}", receipt_of(response))
    assert client.get(f"/v/done/{receipt_of(response)}").status_code == 404


def test_a_used_code_shows_its_receipt_only_to_the_browser_that_cast_it(app, client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    receipt = receipt_of(client.post("/v/submit", data=form_data(codes[0], answers())))
    retry = client.post("/v/submit", data=form_data(codes[0], answers()))  # the answer was lost: sent again
    assert retry.status_code == 409 and receipt_of(retry) == receipt
    assert receipt_of(client.get(f"/v/{codes[0]}")) == receipt
    stranger = app.test_client()
    for used in (stranger.get(f"/v/{codes[0]}"), stranger.post("/v/submit", data=form_data(codes[0], answers()))):
        page = used.get_data(as_text=True)
        assert used.status_code == 409 and 'data-reason="code_used"' in page
        assert receipt not in page and receipt_of(used) is None


def test_the_receipt_page_opened_again_shows_this_browsers_last_receipt(app, client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=2)
    client.post("/v/submit", data=form_data(codes[0], answers()))
    last = receipt_of(client.post("/v/submit", data=form_data(codes[1], answers())))
    again = client.get("/v/submit?lang=en")  # the language switch on the receipt page
    assert again.status_code == 200 and receipt_of(again) == last and "your ballot is counted" in again.get_data(as_text=True)
    fresh = app.test_client().get("/v/submit")
    assert fresh.status_code == 302 and fresh.headers["Location"] == "/v"


def test_the_cookie_keeps_the_last_few_receipts_only(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=KEPT + 1)
    shown = [receipt_of(client.post("/v/submit", data=form_data(code, answers()))) for code in codes]
    assert receipt_of(client.get(f"/v/{codes[0]}")) is None  # the oldest has been let go
    assert receipt_of(client.get(f"/v/{codes[1]}")) == shown[1]
    assert client.get_cookie(COOKIE, "harmony.test", "/v").value.split(".") == shown[1:]


def test_the_receipts_cookie_is_for_the_ballot_pages_only_and_the_cast_writes_no_session(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    response = client.post("/v/submit", data=form_data(codes[0], answers()))
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith(f"{COOKIE}={receipt_of(response)};")
    assert {"HttpOnly", "Path=/v", "SameSite=Lax"} <= {part.strip() for part in cookies[0].split(";")}
    assert "Expires" not in cookies[0] and "Max-Age" not in cookies[0]  # gone when the browser closes


def test_a_planted_receipts_cookie_passes_for_no_used_code(app, client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=2)
    receipt = receipt_of(app.test_client().post("/v/submit", data=form_data(codes[0], answers())))
    client.set_cookie(COOKIE, "2222222222.<b>junk</b>.ABCDEFGHJK", domain="harmony.test", path="/v")
    used = client.get(f"/v/{codes[0]}")
    assert used.status_code == 409 and receipt_of(used) is None and receipt not in used.get_data(as_text=True)
    assert receipt_of(client.get("/v/submit")) == "ABCDEFGHJK"  # only well-formed receipts are read
    client.set_cookie(COOKIE, "<b>junk</b>", domain="harmony.test", path="/v")
    assert client.get("/v/submit").status_code == 302
    cast_now = client.post("/v/submit", data=form_data(codes[1], answers()))
    assert cast_now.status_code == 200 and client.get_cookie(COOKIE, "harmony.test", "/v").value == receipt_of(cast_now)


def test_a_congress_ballot_answers_with_its_receipt_too(app, client, api, world):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion_id, codes = open_motion(api, congress_id)
    response = client.post("/v/vote", data={"code": codes[0], "choice": "for"})
    receipt = receipt_of(response)
    assert response.status_code == 200 and "Location" not in response.headers and receipt
    assert response.headers["Cache-Control"] == "no-store"
    assert receipt_of(client.get("/v/vote")) == receipt
    assert receipt_of(client.get(f"/v/{codes[0]}")) == receipt
    assert receipt_of(app.test_client().get(f"/v/{codes[0]}")) is None


def test_the_json_api_still_returns_the_receipt_in_its_body(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    response = cast(api, codes[0], answers())
    assert response.status_code == 201 and re.fullmatch(r"[A-Z0-9]{10}", response.json["receipt"])


def test_a_code_in_the_query_string_is_ignored(client, api, world):
    """The code travels in a POST body or the QR path only: /v?code=… is the plain enter-code page,
    whose form posts to /v itself (not to the URL with the code)."""
    _campaign, codes = open_vote(api, world.a, codes=1)
    response = client.get(f"/v?code={codes[0]}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'action="/v"' in page
    assert codes[0] not in page and 'action="/v/submit"' not in page
