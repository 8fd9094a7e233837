"""The declarations workspace in the browser's forms (no JavaScript): the assessor opens a cycle and changes
its settings, the chair declares, self-scores, uploads evidence and submits, the assessor assesses and
moves the declaration on to naming; other enterprises' chairs and other jurisdictions' assessors get 403."""
import io
import re

from declaration_support import YEAR, qualified_vote
from office_support import sign_in
from test_api_declarations import PDF

from survey.domain import criteria


def _posted(response, status: int = 302):
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response


def open_cycle(client, world, **fields) -> int:
    sign_in(client, "assessor_east")
    created = _posted(client.post("/cycles", data={"jurisdiction": str(world.east), "year": str(YEAR),
                                                   "notice_days": "0", **fields}))
    return int(created.headers["Location"].rsplit("/", 1)[1])


def full_sheet(prefix_points: str = "points", share: str = "1") -> dict:
    from decimal import Decimal
    sheet = {}
    for spec in criteria.EXAMPLE:
        if spec.veto:
            sheet[f"met.{spec.key}"] = "met"
        else:
            sheet[f"{prefix_points}.{spec.key}"] = str(spec.max_points * Decimal(share))
    return sheet


def test_the_whole_path_through_the_pages(client, api, world):
    cycle_id = open_cycle(client, world)
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert 'id="example"' in page and "无拖欠职工工资行为" in page
    _posted(client.post(f"/cycles/{cycle_id}/settings", data={"notice_days": "0", "min_scores.A": "80",
                                                              "commendation_date": f"{YEAR}-12-05"}))
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert re.search(r"<td>min_scores</td><td>\{\}</td><td>\{&#34;A&#34;: &#34;80&#34;\}</td>", page), page
    assert "commendation_date" in page and "assessor_east" in page

    vote = qualified_vote(api, world.a)
    sign_in(client, "chair_a")
    enterprise = client.get(f"/enterprises/{world.a}").get_data(as_text=True)
    assert "New declaration" in enterprise or "新建申报" in enterprise
    refused = client.post(f"/enterprises/{world.a}/declarations", data={"cycle": str(cycle_id), "level": "AA",
                                                                         "vote": str(vote)})
    assert refused.status_code == 422 and 'id="declaration-errors"' in refused.get_data(as_text=True)
    made = _posted(client.post(f"/enterprises/{world.a}/declarations",
                               data={"cycle": str(cycle_id), "level": "A", "vote": str(vote)}))
    declaration_url = made.headers["Location"]
    page = client.get(declaration_url).get_data(as_text=True)
    assert 'id="score-sheet"' in page and 'id="move-submit"' in page and 'id="move-assess"' not in page
    assert "A级须达到80分以上" in page  # the cycle's minimum for the level
    _posted(client.post(f"{declaration_url}/scores", data=full_sheet()))
    _posted(client.post(f"{declaration_url}/evidence", data={"criterion": "contract_signing",
                                                             "file": (io.BytesIO(PDF), "劳动合同台账.pdf")},
                        content_type="multipart/form-data"))
    bad = client.post(f"{declaration_url}/evidence", data={"criterion": "contract_signing",
                                                           "file": (io.BytesIO(b"GIF89a"), "x.pdf")},
                      content_type="multipart/form-data")
    assert bad.status_code == 422
    assert "劳动合同台账.pdf" in client.get(declaration_url).get_data(as_text=True)
    _posted(client.post(f"{declaration_url}/submit", data={"note": ""}))

    sign_in(client, "assessor_east")
    page = client.get(declaration_url).get_data(as_text=True)
    assert 'id="move-assess"' in page and 'id="move-return"' in page and 'id="move-submit"' not in page
    assert client.get(f"{declaration_url}/evidence/1").data == PDF
    _posted(client.post(f"{declaration_url}/assess", data={"note": "开始考核"}))
    _posted(client.post(f"{declaration_url}/documents", data={"documents": "劳动合同台账", "finding": "齐全"}))
    _posted(client.post(f"{declaration_url}/forums", data={"held_on": f"{YEAR}-11-20", "place": "职工之家",
                                                           "attendees.frontline": "8", "attendees.management": "2",
                                                           "issues": "夜班补贴"}))
    vetoed = {**full_sheet(share="0.8"), "met.veto_mass_incident": "failed", "note.hours": "加班偏多"}
    _posted(client.post(f"{declaration_url}/scores", data=vetoed))
    page = client.get(declaration_url).get_data(as_text=True)
    assert 'id="vetoes-failed"' in page and "加班偏多" in page and "夜班补贴" in page
    refused = client.post(f"{declaration_url}/conclude", data={})
    assert refused.status_code == 409
    _posted(client.post(f"{declaration_url}/scores", data={"met.veto_mass_incident": "met"}))
    for move in ("conclude", "review", "notice"):
        _posted(client.post(f"{declaration_url}/{move}", data={}))
    asked = client.post(f"{declaration_url}/name", data={"note": "经领导小组研究"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'name="confirmed" value="1"' in page and "经领导小组研究" in page
    assert api("assessor_east").get("/declarations/" + declaration_url.rsplit("/", 1)[1]).json["state"] == "on_notice"
    _posted(client.post(f"{declaration_url}/name", data={"note": "经领导小组研究", "confirmed": "1"}))
    page = client.get(declaration_url).get_data(as_text=True)
    assert 'id="state">' in page and api("assessor_east").get(
        "/declarations/" + declaration_url.rsplit("/", 1)[1]).json["state"] == "named"
    cycle_page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert "甲公司" in cycle_page and "80.00" in cycle_page


def test_a_return_needs_its_reason_on_the_page(client, api, world):
    cycle_id = open_cycle(client, world)
    vote = qualified_vote(api, world.a)
    made = api("chair_a").post(f"/enterprises/{world.a}/declarations", {"cycle": cycle_id, "level": "A", "vote": vote})
    declaration_id = made.json["id"]
    sheet = {c["key"]: (True if c["veto"] else c["max_points"]) for c in made.json["scores"]}
    api("chair_a").put(f"/declarations/{declaration_id}/scores", {"scores": sheet})
    api("chair_a").post(f"/declarations/{declaration_id}/submit")
    sign_in(client, "assessor_east")
    refused = client.post(f"/declarations/{declaration_id}/return", data={"note": ""})
    assert refused.status_code == 422 and 'class="error"' in refused.get_data(as_text=True)
    _posted(client.post(f"/declarations/{declaration_id}/return", data={"note": "缺少集体合同文本"}))
    sign_in(client, "chair_a")
    page = client.get(f"/declarations/{declaration_id}").get_data(as_text=True)
    assert "缺少集体合同文本" in page and 'id="move-submit"' in page and 'id="score-sheet"' in page


def test_pages_are_403_for_other_enterprises_and_jurisdictions(client, api, world):
    cycle_id = open_cycle(client, world)
    vote = qualified_vote(api, world.a)
    declaration_id = api("chair_a").post(f"/enterprises/{world.a}/declarations",
                                         {"cycle": cycle_id, "level": "A", "vote": vote}).json["id"]
    base = f"/declarations/{declaration_id}"
    for user in ("chair_b", "assessor_west"):
        sign_in(client, user)
        assert client.get(base).status_code == 403
        assert client.get(f"/cycles/{cycle_id}").status_code == 403
        for path in ("scores", "documents", "forums", "evidence", "submit", "assess", "name", "evidence/1/remove"):
            assert client.post(f"{base}/{path}", data={"note": "x"}).status_code == 403, (user, path)
        assert client.post(f"/cycles/{cycle_id}/settings", data={"notice_days": "3"}).status_code == 403
        assert client.post(f"/cycles/{cycle_id}/sign-offs", data={"department": "x", "opinion": "y"}).status_code == 403
    sign_in(client, "chair_a")
    assert client.get("/cycles").status_code == 403 and client.get(f"/cycles/{cycle_id}").status_code == 403


def _scheme_form(cycle: dict) -> dict:
    """The scheme form as the page fills it in."""
    data = {}
    for n, c in enumerate(cycle["criteria"]):
        data.update({f"key.{n}": c["key"], f"area.{n}": c["area"], f"text_zh.{n}": c["text_zh"],
                     f"text_en.{n}": c["text_en"], f"max_points.{n}": "" if c["veto"] else c["max_points"]})
        if c["veto"]:
            data[f"veto.{n}"] = "1"
    return data


def test_the_criteria_are_edited_on_the_page_until_the_first_submission(client, api, world):
    cycle_id = open_cycle(client, world)
    cycle = api("assessor_east").get(f"/cycles/{cycle_id}").json
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert 'id="save-criteria"' in page and "100.00" in page
    data = _scheme_form(cycle)
    count = len(cycle["criteria"])
    data.update({"max_points.0": "9", f"remove.{count - 1}": "1", f"key.{count}": "overtime_pay",
                 f"text_zh.{count}": "加班费足额支付", f"max_points.{count}": "3"})
    _posted(client.post(f"/cycles/{cycle_id}/criteria", data=data))
    edited = api("assessor_east").get(f"/cycles/{cycle_id}").json
    keys = [c["key"] for c in edited["criteria"]]
    assert keys[-1] == "overtime_pay" and "veto_mass_incident" not in keys and len(keys) == count
    assert edited["criteria"][0]["max_points"] == "9.00" and not edited["example_scheme"]
    bad = client.post(f"/cycles/{cycle_id}/criteria", data={**data, "max_points.0": "150"})
    assert bad.status_code == 422 and 'class="error"' in bad.get_data(as_text=True)
    assert api("assessor_east").get(f"/cycles/{cycle_id}/changes").json[-1]["setting"] == "criteria"

    vote = qualified_vote(api, world.a)
    made = api("chair_a").post(f"/enterprises/{world.a}/declarations", {"cycle": cycle_id, "level": "A", "vote": vote})
    sheet = {s["key"]: (True if s["veto"] else s["max_points"]) for s in made.json["scores"]}
    api("chair_a").put(f"/declarations/{made.json['id']}/scores", {"scores": sheet})
    assert api("chair_a").post(f"/declarations/{made.json['id']}/submit").status_code == 200
    page = client.get(f"/cycles/{cycle_id}").get_data(as_text=True)
    assert 'id="save-criteria"' not in page and '<table id="criteria">' in page
    assert client.post(f"/cycles/{cycle_id}/criteria", data=data).status_code == 409


def test_numbers_far_out_of_range_typed_in_the_forms_are_refused(client, api, world):
    cycle_id = open_cycle(client, world)
    for typed in ("1e999999", "-1e999999", "1e-999999", "NaN", "八十"):
        refused = client.post(f"/cycles/{cycle_id}/settings", data={"notice_days": "0", "min_scores.A": typed})
        assert refused.status_code == 422, typed
    vote = qualified_vote(api, world.a)
    declaration_id = api("chair_a").post(f"/enterprises/{world.a}/declarations",
                                         {"cycle": cycle_id, "level": "A", "vote": vote}).json["id"]
    sign_in(client, "chair_a")
    for typed in ("1e999999", "1e-999999", "NaN", "8.001"):
        refused = client.post(f"/declarations/{declaration_id}/scores", data={"points.hours": typed})
        assert refused.status_code == 422, typed
