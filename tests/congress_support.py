"""Helpers for the congress tests: a session set up and run through the JSON API."""


def delegates(count: int, managers: int = 0) -> list[dict]:
    return [{"name": f"代表{n:03d}", "department": "生产部",
             "category": "management" if n < managers else "frontline"} for n in range(count)]


def new_congress(api, enterprise_id: int, count: int, user: str = "chair_a", managers: int = 0) -> tuple[int, list[int]]:
    response = api(user).post(f"/enterprises/{enterprise_id}/congresses",
                              {"title": "第五届职代会第三次会议", "delegates": delegates(count, managers)})
    assert response.status_code == 201, response.json
    return response.json["id"], [d["id"] for d in response.json["delegates"]]


def sign_in(api, congress_id: int, delegate_ids, paper: bool = False, user: str = "chair_a") -> None:
    for delegate_id in delegate_ids:
        response = api(user).post(f"/congresses/{congress_id}/sign-ins", {"delegate_id": delegate_id, "paper": paper})
        assert response.status_code == 201, response.json


def open_session(api, enterprise_id: int, total: int, present: int, paper: int = 0) -> tuple[int, list[int]]:
    """A session of ``total`` delegates, open, with the first ``present`` signed in (the last
    ``paper`` of those on paper)."""
    congress_id, ids = new_congress(api, enterprise_id, total)
    assert api("chair_a").post(f"/congresses/{congress_id}/open").status_code == 200
    sign_in(api, congress_id, ids[:present - paper])
    sign_in(api, congress_id, ids[present - paper:present], paper=True)
    return congress_id, ids


def open_motion(api, congress_id: int, title: str = "集体合同草案") -> tuple[int, list[str]]:
    chair = api("chair_a")
    motion_id = chair.post(f"/congresses/{congress_id}/motions", {"title": title}).json["id"]
    assert chair.post(f"/motions/{motion_id}/open").status_code == 200
    issued = chair.post(f"/motions/{motion_id}/codes")
    assert issued.status_code == 201, issued.json
    return motion_id, issued.json["codes"]


def vote(api, codes, counts: dict) -> None:
    """Cast ``{"for": n, "against": n, "abstain": n}`` ballots with the codes, in that order."""
    choices = [choice for choice, n in counts.items() for _ in range(n)]
    for code, choice in zip(codes, choices, strict=False):
        response = api().post("/ballots", {"code": code, "choice": choice})
        assert response.status_code == 201, response.json


def close_and_count(api, kind: str, item_id: int) -> dict:
    assert api("chair_a").post(f"/{kind}/{item_id}/close").status_code == 200
    response = api("chair_a").get(f"/{kind}/{item_id}/results")
    assert response.status_code == 200, response.json
    return response.json
