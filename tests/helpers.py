"""Small helpers shared by the tests: a vote set up through the API, ballots cast through it."""
import io
import os
import threading

from openpyxl import Workbook
from sqlalchemy import select

from survey.data.models import Concern
from survey.domain.codes import typed_hash

SCORED = ["contract", "wages", "insurance", "hours", "safety", "democracy", "collective", "care", "overall"]


def open_vote(api, enterprise_id: int, electorate: int = 100, codes: int = 10, user: str = "chair_a",
              settings: dict | None = None) -> tuple[int, list[str]]:
    chair = api(user)
    response = chair.post(f"/enterprises/{enterprise_id}/campaigns", {"title": "2026 测评", "electorate": electorate})
    assert response.status_code == 201, response.json
    campaign_id = response.json["id"]
    if settings:
        assert chair.patch(f"/campaigns/{campaign_id}", settings).status_code == 200
    assert chair.post(f"/campaigns/{campaign_id}/open").status_code == 200
    issued = chair.post(f"/campaigns/{campaign_id}/codes", {"count": codes}) if codes else None
    return campaign_id, issued.json["codes"] if issued else []


def answers(option: str = "satisfied", **overrides) -> dict:
    chosen = {key: option for key in SCORED}
    chosen.update(overrides)
    return chosen


def cast(api, code: str, chosen: dict):
    return api().post("/ballots", {"code": code, "answers": chosen})


def burst(app, count: int, body: dict) -> list[int]:
    """POST the same ballot from `count` threads released at once; their status codes, sorted."""
    statuses, barrier = [], threading.Barrier(count)

    def submit():
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post("/api/v1/ballots", json=body).status_code)

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def run_cli(app, *args, stdin=None):
    """`flask --app wsgi <args>` against this test's app and database, in this process."""
    with app.app_context():  # as `flask` pushes one around every command
        return app.test_cli_runner().invoke(args=list(args), input=stdin)


def redis_storage() -> str | None:
    """TEST_REDIS_URL with a database of this test worker's own: a limiter reset in one worker
    (every test resets the shared limiter) must not wipe the counts another worker is testing."""
    url = os.environ.get("TEST_REDIS_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"{url.rstrip('/')}/{1 + int(worker or 0)}" if url else None


def xlsx(rows) -> bytes:
    """An XLSX file of these rows, as an upload."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CONCERN = {"category": "wages", "text": "三月份的加班费至今没有发放。"}


def concern_token(api, enterprise_id: int, user: str = "chair_a") -> str:
    """The enterprise's concern QR token, as the API gives it to its chair."""
    found = api(user).get(f"/enterprises/{enterprise_id}")
    assert found.status_code == 200, found.json
    assert found.json["concern_url"].endswith("/c/" + found.json["concern_token"])
    return found.json["concern_token"]


def raise_concern(api, world, **body) -> str:
    """A worker raises a concern at enterprise a through the API; its tracking code."""
    response = api().post("/concerns", {"enterprise": concern_token(api, world.a), **CONCERN, **body})
    assert response.status_code == 201, response.json
    return response.json["tracking_code"]


def concern_case(session, code: str) -> str:
    """The case id (the concern's random key) of a tracking code as shown."""
    return session.scalar(select(Concern.id).where(Concern.code_hash == typed_hash(code)))
