"""A chair can never read or change another enterprise's anything; assessors read their subtree only."""
import uuid

import pytest

from config import TestConfig
from conftest import World
from survey import create_app

from helpers import answers, cast, open_vote, redis_storage

API_ENDPOINTS = [
    ("get", "/campaigns/{id}", None),
    ("patch", "/campaigns/{id}", {"threshold": "70"}),
    ("post", "/campaigns/{id}/open", None),
    ("post", "/campaigns/{id}/close", None),
    ("post", "/campaigns/{id}/codes", {"count": 1}),
    ("get", "/campaigns/{id}/form", None),
    ("get", "/campaigns/{id}/results", None),
]
WEB_ENDPOINTS = [
    ("get", "/campaigns/{id}", {}),
    ("post", "/campaigns/{id}/open", {}),
    ("post", "/campaigns/{id}/close", {}),
    ("post", "/campaigns/{id}/codes", {"count": "1"}),
    ("post", "/campaigns/{id}/questionnaire", {}),
    ("post", "/campaigns/{id}/settings", {"threshold": "70"}),
    ("post", "/campaigns/{id}/copy", {"source": "{id}"}),
]


@pytest.fixture
def vote_b(api, world):
    """A draft vote of enterprise B."""
    return api("chair_b").post(f"/enterprises/{world.b}/campaigns", {"title": "乙公司测评"}).json["id"]


def sign_in(client, username):
    response = client.post("/login", data={"username": username, "password": "password-" + username})
    assert response.status_code == 302


@pytest.mark.parametrize("method, path, body", API_ENDPOINTS)
def test_chair_gets_403_from_every_api_endpoint_of_another_enterprise(api, vote_b, method, path, body):
    response = getattr(api("chair_a"), method)(path.format(id=vote_b), body)
    assert response.status_code == 403 and response.json["error"] == "forbidden"
    assert api("chair_b").get(f"/campaigns/{vote_b}").json["state"] == "draft"


def test_chair_cannot_create_a_vote_for_another_enterprise(api, world):
    response = api("chair_a").post(f"/enterprises/{world.b}/campaigns", {"title": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("method, path, form", WEB_ENDPOINTS)
def test_chair_gets_403_from_every_page_of_another_enterprise(client, api, world, vote_b, method, path, form):
    sign_in(client, "chair_a")
    data = {key: value.format(id=vote_b) for key, value in form.items()}
    response = getattr(client, method)(path.format(id=vote_b), data=data)
    assert response.status_code == 403
    assert "乙公司测评" not in response.get_data(as_text=True)
    assert api("chair_b").get(f"/campaigns/{vote_b}").json["state"] == "draft"


def test_chair_cannot_see_another_enterprise_page(client, world):
    sign_in(client, "chair_a")
    assert client.get(f"/enterprises/{world.b}").status_code == 403
    assert client.post(f"/enterprises/{world.b}/campaigns", data={"title": "x"}).status_code == 403


def test_copying_from_another_enterprise_is_refused(client, api, world, vote_b):
    own = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "甲"}).json["id"]
    sign_in(client, "chair_a")
    assert client.post(f"/campaigns/{own}/copy", data={"source": vote_b}).status_code == 403


def test_assessor_reads_own_subtree_only(api, world, vote_b):
    assert api("assessor_west").get(f"/campaigns/{vote_b}").status_code == 200
    assert api("assessor_city").get(f"/campaigns/{vote_b}").status_code == 200
    assert api("assessor_east").get(f"/campaigns/{vote_b}").status_code == 403


def test_assessor_cannot_run_a_vote(api, world, vote_b):
    assessor = api("assessor_west")
    assert assessor.post(f"/campaigns/{vote_b}/open").status_code == 403
    assert assessor.post(f"/campaigns/{vote_b}/codes", {"count": 1}).status_code == 403
    assert assessor.post(f"/enterprises/{world.b}/campaigns", {"title": "x"}).status_code == 403


def test_assessor_sees_results_of_a_closed_vote_in_scope(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    cast(api, codes[0], answers())
    api("chair_a").post(f"/campaigns/{campaign_id}/close")
    assert api("assessor_east").get(f"/campaigns/{campaign_id}/results").json["cast"] == 1
    assert api("assessor_west").get(f"/campaigns/{campaign_id}/results").status_code == 403


def test_admin_may_do_everything(api, world, vote_b):
    assert api("admin").post(f"/campaigns/{vote_b}/open").status_code == 200


def test_dashboard_lists_only_the_enterprises_in_scope(client, world):
    sign_in(client, "assessor_east")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "甲公司" in page and "乙公司" not in page


def test_staff_pages_need_sign_in(client, world):
    response = client.get(f"/enterprises/{world.a}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_unknown_api_key_is_401(client, world):
    response = client.get("/api/v1/campaigns/1", headers={"Authorization": "Bearer hk_nope"})
    assert response.status_code == 401


STORAGES = ["memory"] + (["redis"] if redis_storage() else [])


@pytest.mark.parametrize("kind", STORAGES)
def test_login_is_throttled(database_url, tmp_path, kind):
    """Throttling works in memory (one node) and in Redis (several app nodes share the count)."""
    storage = redis_storage() if kind == "redis" else "memory://"
    app = create_app(TestConfig, DATABASE_URL=database_url, RATELIMIT_STORAGE_URI=storage,
                     LOGIN_RATE_LIMIT="3 per minute", RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    app.instance_path = str(tmp_path)
    World(app).build()
    nodes = [app.test_client(), app.test_client()]
    address = f"10.7.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    for node in nodes:  # the limiter keeps the first app's key prefix: an address of its own keeps runs apart
        node.environ_base["REMOTE_ADDR"] = address
    for attempt in range(3):
        wrong = nodes[attempt % 2].post("/login", data={"username": "chair_a", "password": "wrong"})
        assert wrong.status_code == 401
    blocked = nodes[1].post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    assert blocked.status_code == 429 and "尝试次数过多" in blocked.get_data(as_text=True)
    app.extensions["harmony.engine"].dispose()


def test_wrong_password_is_refused_with_a_message(client, world):
    response = client.post("/login", data={"username": "chair_a", "password": "nope-nope"})
    assert response.status_code == 401 and "密码" in response.get_data(as_text=True)


def test_a_disabled_account_can_neither_sign_in_nor_use_its_key(app, client, api, world):
    from survey.domain import accounts
    with app.app_context():
        session = app.extensions["harmony.sessions"]()
        accounts.set_password(session, "chair_a", "password-chair_a", active=False)
        session.commit()
    assert client.post("/login", data={"username": "chair_a", "password": "password-chair_a"}).status_code == 401
    assert api("chair_a").get("/campaigns/1").status_code == 401
