"""Chairs never reach another enterprise's congress; assessors of the enterprise's jurisdiction only read."""
import io

import pytest

API_WRITES = [
    ("post", "/enterprises/{enterprise}/congresses", {"title": "x"}),
    ("post", "/congresses/{congress}/delegates", {"name": "x", "department": "", "category": "other"}),
    ("post", "/congresses/{congress}/roster", None),
    ("post", "/congresses/{congress}/open", None),
    ("post", "/congresses/{congress}/close", None),
    ("post", "/congresses/{congress}/sign-ins", {"delegate_id": "{delegate}"}),
    ("post", "/congresses/{congress}/motions", {"title": "x"}),
    ("post", "/congresses/{congress}/elections", {"title": "x", "seats": 1, "candidates": ["甲"]}),
    ("post", "/motions/{motion}/open", None),
    ("post", "/motions/{motion}/codes", None),
    ("post", "/motions/{motion}/paper", {"for": 0}),
    ("post", "/motions/{motion}/close", None),
    ("post", "/elections/{election}/open", None),
    ("post", "/elections/{election}/codes", None),
    ("post", "/elections/{election}/paper", {"ballots": 0}),
    ("post", "/elections/{election}/close", None),
]
API_READS = [
    "/enterprises/{enterprise}/congresses", "/congresses/{congress}", "/congresses/{congress}/quorum",
    "/congresses/{congress}/motions", "/congresses/{congress}/elections", "/motions/{motion}", "/elections/{election}",
    "/motions/{motion}/results", "/elections/{election}/results", "/congresses/{congress}/resolution",
    "/congresses/{congress}/resolution.pdf",
]
WEB_WRITES = [
    "/enterprises/{enterprise}/congresses", "/congresses/{congress}/roster", "/congresses/{congress}/delegates",
    "/congresses/{congress}/delegates/{delegate}/remove", "/congresses/{congress}/open", "/congresses/{congress}/close",
    "/congresses/{congress}/sign-ins", "/congresses/{congress}/sign-in-sheet", "/congresses/{congress}/motions",
    "/congresses/{congress}/elections", "/congresses/{congress}/campaign", "/motions/{motion}/open",
    "/motions/{motion}/close", "/motions/{motion}/paper", "/motions/{motion}/codes", "/elections/{election}/open",
    "/elections/{election}/codes",
]
WEB_READS = [
    "/enterprises/{enterprise}/congresses", "/congresses/{congress}", "/congresses/{congress}/hall",
    "/congresses/{congress}/resolution.pdf", "/motions/{motion}", "/elections/{election}",
]


@pytest.fixture
def session_b(api, world):
    """A session of enterprise B, open and quorate, with an open motion and a draft election."""
    chair = api("chair_b")
    created = chair.post(f"/enterprises/{world.b}/congresses", {"title": "乙公司职代会", "delegates": [
        {"name": f"乙{n}", "department": "", "category": "frontline"} for n in range(3)]}).json
    congress_id, ids = created["id"], [d["id"] for d in created["delegates"]]
    chair.post(f"/congresses/{congress_id}/open")
    for delegate_id in ids:
        chair.post(f"/congresses/{congress_id}/sign-ins", {"delegate_id": delegate_id})
    motion = chair.post(f"/congresses/{congress_id}/motions", {"title": "乙公司议案"}).json["id"]
    chair.post(f"/motions/{motion}/open")
    election = chair.post(f"/congresses/{congress_id}/elections",
                          {"title": "乙公司选举", "seats": 1, "candidates": ["乙甲"]}).json["id"]
    return {"enterprise": world.b, "congress": congress_id, "delegate": ids[0], "motion": motion, "election": election}


def state_of(api, ids) -> tuple:
    chair = api("chair_b")
    return (chair.get(f"/congresses/{ids['congress']}").json, chair.get(f"/motions/{ids['motion']}").json,
            chair.get(f"/elections/{ids['election']}").json, chair.get(f"/enterprises/{ids['enterprise']}/congresses").json)


def fill(template, ids):
    if isinstance(template, dict):
        return {k: int(fill(v, ids)) if v == "{delegate}" else v for k, v in template.items()}
    return template.format(**ids)


@pytest.mark.parametrize("user", ["chair_a", "assessor_west", "assessor_east"])
@pytest.mark.parametrize("method, path, body", API_WRITES)
def test_api_writes_are_403_for_other_chairs_and_assessors(api, session_b, user, method, path, body):
    before = state_of(api, session_b)
    response = getattr(api(user), method)(fill(path, session_b), fill(body, session_b) if body else None)
    assert response.status_code == 403 and response.json["error"] == "forbidden"
    assert state_of(api, session_b) == before


@pytest.mark.parametrize("path", API_READS)
def test_api_reads_are_403_for_other_chairs_and_assessors_elsewhere(api, session_b, path):
    for user in ("chair_a", "assessor_east"):
        assert api(user).get(fill(path, session_b)).status_code == 403


@pytest.mark.parametrize("path", ["/congresses/{congress}", "/congresses/{congress}/quorum", "/motions/{motion}",
                                  "/elections/{election}", "/enterprises/{enterprise}/congresses"])
def test_assessors_of_the_jurisdiction_read(api, session_b, path):
    for user in ("assessor_west", "assessor_city", "admin"):
        assert api(user).get(fill(path, session_b)).status_code == 200


def test_without_a_key_the_api_is_401(api, session_b):
    assert api().get(fill("/congresses/{congress}", session_b)).status_code == 401


def log_in(client, username):
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302


@pytest.mark.parametrize("path", WEB_WRITES)
def test_web_writes_are_403_for_other_chairs_and_assessors(client, api, session_b, path):
    before = state_of(api, session_b)
    for user in ("chair_a", "assessor_west"):
        log_in(client, user)
        form = {"title": "x", "name": "x", "category": "other", "delegate_id": str(session_b["delegate"]),
                "seats": "1", "candidates": "甲", "file": (io.BytesIO(b"name,department,category\n"), "r.csv")}
        response = client.post(fill(path, session_b), data=form, content_type="multipart/form-data")
        assert response.status_code == 403, (user, path)
        assert "乙公司议案" not in response.get_data(as_text=True)
    assert state_of(api, session_b) == before


@pytest.mark.parametrize("path", WEB_READS)
def test_web_pages_are_403_for_other_chairs(client, session_b, path):
    log_in(client, "chair_a")
    response = client.get(fill(path, session_b))
    assert response.status_code == 403 and "乙公司" not in response.get_data(as_text=True)


def test_assessor_sees_the_session_page_without_controls(client, session_b):
    log_in(client, "assessor_west")
    page = client.get(fill("/congresses/{congress}", session_b)).get_data(as_text=True)
    assert "乙公司职代会" in page and "/sign-ins" not in page and "/motions\"" not in page and "/open" not in page
