"""The satisfaction vote through the JSON API, with the counting rules' boundary cases."""
import pytest

from helpers import SCORED, answers, cast, open_vote


def close_and_count(api, campaign_id):
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    response = api("chair_a").get(f"/campaigns/{campaign_id}/results")
    assert response.status_code == 200
    return response.json


def vote_many(api, codes, satisfied: int, dissatisfied: int, **overrides):
    options = ["satisfied"] * satisfied + ["dissatisfied"] * dissatisfied
    for code, option in zip(codes, options):
        assert cast(api, code, answers(option, **overrides)).status_code == 201


def test_create_uses_default_questionnaire(api, world):
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "年度测评", "electorate": 80})
    assert response.status_code == 201
    body = response.json
    assert body["state"] == "draft" and body["electorate"] == 80 and body["threshold"] == "80.00"
    form = api("chair_a").get(f"/campaigns/{body['id']}/form").json
    keys = [item["key"] for item in form["items"]]
    assert keys == SCORED + ["suggestion"]
    wages = form["items"][1]
    assert wages["text"] == "工资按时足额支付及正常增长"
    assert [(o["key"], o["text"], o["satisfied"]) for o in wages["options"]] == [
        ("satisfied", "满意", True), ("fairly", "基本满意", True), ("dissatisfied", "不满意", False)]
    english = api("chair_a").get(f"/campaigns/{body['id']}/form?lang=en").json
    assert english["items"][1]["options"][1]["text"] == "Fairly satisfied"


def test_electorate_defaults_to_headcount(api, world):
    body = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json
    assert body["electorate"] == 100 and body["electorate_source"] == "headcount"


@pytest.mark.parametrize("payload, field", [
    ({"title": ""}, "title"),
    ({"title": "x", "electorate": 0}, "electorate"),
    ({"title": "x", "electorate": "many"}, "electorate"),
    ({"title": "x", "scale": 4}, "scale"),
    ({"title": "x", "threshold": 120}, "threshold"),
    ({"title": "x", "method": "vibes"}, "method"),
    ({"title": "x", "opens_at": "2026-05-02T08:00", "closes_at": "2026-05-01T08:00"}, "closes_at"),
    ({"title": "x", "opens_at": "soon"}, "opens_at"),
])
def test_bad_campaign_input_is_422_with_messages(api, world, payload, field):
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns", payload)
    assert response.status_code == 422
    assert field in response.json["errors"] and response.json["message"]


def test_exactly_80_percent_qualifies(api, world):
    campaign_id, codes = open_vote(api, world.a, electorate=30, codes=20)
    vote_many(api, codes, satisfied=16, dissatisfied=4)
    results = close_and_count(api, campaign_id)
    assert results["composite_rate"] == 0.8 and results["composite_exact"] == "4/5"
    assert results["qualified"] is True and results["threshold"] == 0.8
    assert (results["cast"], results["valid"], results["electorate"], results["turnout"]) == (20, 20, 30, 0.666667)
    overall = next(item for item in results["items"] if item["key"] == "overall")
    assert overall["satisfied"] == 16 and overall["answered"] == 20 and overall["rate"] == 0.8
    assert overall["distribution"] == {"satisfied": 16, "fairly": 0, "dissatisfied": 4}


def test_one_satisfied_ballot_less_fails(api, world):
    campaign_id, codes = open_vote(api, world.a, electorate=20, codes=20)
    vote_many(api, codes, satisfied=15, dissatisfied=5)
    results = close_and_count(api, campaign_id)
    assert results["composite_rate"] == 0.75 and results["qualified"] is False
    assert results["reasons"] == ["composite_below"]


def test_exactly_80_percent_that_floats_would_fail_qualifies(api, world):
    """Item rates 1, 1/2 and 9/10 average to exactly 4/5; in floats (1 + 0.5 + 0.9) / 3 is 0.7999999999999999."""
    assert (1 + 0.5 + 0.9) / 3 < 0.8
    campaign_id, codes = open_vote(api, world.a, electorate=10, codes=10)
    for index, code in enumerate(codes):
        chosen = {"overall": "satisfied" if index < 9 else "dissatisfied"}
        if index < 2:
            chosen.update(contract="satisfied", wages="satisfied" if index == 0 else "dissatisfied")
        assert cast(api, code, chosen).status_code == 201
    results = close_and_count(api, campaign_id)
    assert results["composite_exact"] == "4/5" and results["qualified"] is True


def test_floor_at_its_exact_value_passes_and_below_fails(api, world):
    floors = {"floors": {"wages": "80", "overall": "81"}}
    campaign_id, codes = open_vote(api, world.a, electorate=5, codes=5, settings=floors)
    vote_many(api, codes[:4], satisfied=4, dissatisfied=0)
    assert cast(api, codes[4], answers("satisfied", wages="dissatisfied", overall="dissatisfied")).status_code == 201
    results = close_and_count(api, campaign_id)
    items = {item["key"]: item for item in results["items"]}
    assert items["wages"]["rate"] == 0.8 and items["wages"]["meets_floor"] is True
    assert items["overall"]["rate"] == 0.8 and items["overall"]["meets_floor"] is False
    assert results["qualified"] is False and results["reasons"] == ["floor:overall"]


@pytest.mark.parametrize("safety_satisfied, rate, qualified", [(2, 0.5, True), (1, 0.25, False)])
def test_veto_floor_at_exactly_half_passes_and_below_fails_outright(api, world, safety_satisfied, rate, qualified):
    campaign_id, codes = open_vote(api, world.a, electorate=4, codes=4, settings={"vetoes": {"safety": "50"}})
    for index, code in enumerate(codes):
        chosen = answers("satisfied", safety="satisfied" if index < safety_satisfied else "dissatisfied")
        assert cast(api, code, chosen).status_code == 201
    results = close_and_count(api, campaign_id)
    safety = next(item for item in results["items"] if item["key"] == "safety")
    assert results["composite_rate"] > 0.8 and safety["rate"] == rate
    assert safety["passes_veto"] is qualified and results["qualified"] is qualified
    assert results["reasons"] == (["composite_reaches"] if qualified else ["veto:safety"])


def test_skipped_answers_are_excluded_from_item_rates(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=3)
    assert cast(api, codes[0], {"overall": "satisfied", "wages": "dissatisfied"}).status_code == 201
    assert cast(api, codes[1], {"overall": "fairly"}).status_code == 201
    assert cast(api, codes[2], {"overall": "dissatisfied", "wages": "satisfied"}).status_code == 201
    results = close_and_count(api, campaign_id)
    items = {item["key"]: item for item in results["items"]}
    assert (items["wages"]["answered"], items["wages"]["satisfied"], items["wages"]["rate"]) == (2, 1, 0.5)
    assert items["contract"]["answered"] == 0 and items["contract"]["rate"] is None
    # composite = mean of answered items only: overall 2/3 and wages 1/2 → 7/12
    assert results["composite_exact"] == "7/12"


def test_weights_change_the_composite(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    assert cast(api, codes[0], {"overall": "satisfied", "wages": "dissatisfied"}).status_code == 201
    results = close_and_count(api, campaign_id)
    assert results["composite_exact"] == "1/2"


def test_score_method_uses_points(api, world):
    campaign_id, codes = open_vote(api, world.a, electorate=2, codes=2, settings={"method": "score", "threshold": "80"})
    assert cast(api, codes[0], answers("satisfied")).status_code == 201  # 100 points
    assert cast(api, codes[1], answers("fairly")).status_code == 201  # 60 points
    results = close_and_count(api, campaign_id)
    assert results["method"] == "score" and results["composite_score"] == 80.0
    assert results["composite_rate"] is None and results["threshold"] == 80.0 and results["qualified"] is True


def test_results_are_hidden_while_open(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    cast(api, codes[0], answers())
    response = api("chair_a").get(f"/campaigns/{campaign_id}/results")
    assert response.status_code == 409 and response.json["error"] == "results_hidden"
    assert "satisfied" not in response.get_data(as_text=True)


def test_ballot_errors(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=2)
    assert cast(api, "K7QM-2XHD-9PWRT", answers()).status_code == 404
    assert cast(api, "not a code", answers()).status_code == 404
    bad = cast(api, codes[0], answers(wages="maybe"))
    assert bad.status_code == 422 and bad.json["errors"]["wages"]
    assert cast(api, codes[0], answers(unknown="satisfied")).status_code == 422
    missing = cast(api, codes[0], {"wages": "satisfied"})
    assert missing.status_code == 422 and "overall" in missing.json["errors"]
    first = cast(api, codes[0], answers())
    assert first.status_code == 201 and len(first.json["receipt"]) == 10
    again = cast(api, codes[0], answers())
    assert again.status_code == 409 and again.json["error"] == "code_used"
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    closed = cast(api, codes[1], answers())
    assert closed.status_code == 403 and closed.json["error"] == "vote_closed"


def test_codes_of_a_draft_vote_are_not_open_yet(api, world):
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿"}).json["id"]
    code = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 1}).json["codes"][0]
    response = cast(api, code, answers())
    assert response.status_code == 403 and response.json["error"] == "vote_not_open"


def test_lifecycle_refuses_illegal_transitions(api, world):
    campaign_id, _codes = open_vote(api, world.a, codes=0)
    again = api("chair_a").post(f"/campaigns/{campaign_id}/open")
    assert again.status_code == 409 and again.json["error"] == "illegal_transition"
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    reopen = api("chair_a").post(f"/campaigns/{campaign_id}/open")
    assert reopen.status_code == 409 and "closed" in reopen.json["message"] or "已结束" in reopen.json["message"]
    assert api("chair_a").patch(f"/campaigns/{campaign_id}", {"threshold": "70"}).status_code == 422


def test_code_batches(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=5)
    assert len(set(codes)) == 5 and all(len(code.replace("-", "")) == 13 for code in codes)
    too_many = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 10_001})
    assert too_many.status_code == 422 and too_many.json["errors"]["count"]
    assert api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 0}).status_code == 422
    assert api("chair_a").post(f"/campaigns/{campaign_id}/codes", {}).status_code == 422


def test_api_needs_a_key(api, world):
    assert api().get("/campaigns/1").status_code == 401
    response = api().post(f"/enterprises/{world.a}/campaigns", {"title": "x"})
    assert response.status_code == 401 and response.json["error"] == "unauthorized"


def test_non_json_body_is_a_clear_error(api, world):
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns", data="title=x",
                                   content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 or response.status_code == 422
    assert response.json["error"] == "bad_json"
