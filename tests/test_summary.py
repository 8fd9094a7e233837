"""The statistical summary: SQL sums against the same sums computed in Python from the ballots cast
through the API, the API's statistics against `stats` called on hand-computed inputs, suppressed
departments, the comparison with the previous vote, the SVG charts and the sample-size planner."""
import io
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from pypdf import PdfReader

import numpy as np
from scipy import stats as st

import estimation_support as independent
from helpers import SCORED, answers, cast, open_vote
from survey.data import statistics as sql
from survey.data.models import Campaign, Enterprise
from survey.domain import campaigns, stats, summary
from survey.domain.clock import utcnow
from survey.domain.errors import Conflict
from survey.domain.breakdown import GroupTest
from survey.domain.reliability import Reliability, cronbach_alpha
from survey.printing import chartdata, charts

SVG = "{http://www.w3.org/2000/svg}"
RANK = {"satisfied": 3, "fairly": 2, "dissatisfied": 1}
SATISFIED = {"satisfied", "fairly"}
# Twelve ballots of the 3-point questionnaire, with skipped items (None), on purpose uneven.
BALLOTS = [
    answers("satisfied"),
    answers("fairly", wages="dissatisfied"),
    answers("dissatisfied", overall="satisfied"),
    answers("satisfied", hours=None, safety=None),
    answers("fairly", contract="satisfied", care="dissatisfied"),
    answers("dissatisfied"),
    answers("satisfied", insurance="fairly", democracy="dissatisfied"),
    answers("fairly", collective=None),
    answers("satisfied", wages="dissatisfied", hours="dissatisfied"),
    answers("dissatisfied", contract="fairly", care="fairly"),
    answers("satisfied", overall="fairly"),
    answers("fairly", safety="satisfied", democracy="satisfied"),
]
WEIGHTS = {"contract": 2, "wages": 3, "overall": 0}


def chosen(ballot: dict) -> dict:
    return {key: option for key, option in ballot.items() if option is not None}


def close(api, campaign_id, user="chair_a"):
    assert api(user).post(f"/campaigns/{campaign_id}/close").status_code == 200


def results(api, campaign_id, user="chair_a"):
    response = api(user).get(f"/campaigns/{campaign_id}/results?lang=en")
    assert response.status_code == 200, response.json
    return response.json


# The statistics are read of a few ballots in a large electorate: no turnout floor, so that they draw a conclusion.
NO_FLOOR = {"turnout_floor": "none"}


def vote(api, world, ballots, electorate=100, user="chair_a", enterprise=None, settings=None, body=None):
    campaign_id, codes = open_vote(api, enterprise or world.a, electorate=electorate, codes=len(ballots),
                                   user=user, settings={**NO_FLOOR, **(settings or {})})
    for code, ballot in zip(codes, ballots):
        assert cast(api, code, chosen(ballot)).status_code == 201
    close(api, campaign_id, user)
    return campaign_id


def set_weights(app, campaign_id, weights):
    with app.app_context():
        sessions = app.extensions["harmony.sessions"]
        for item in sessions().get(Campaign, campaign_id).questionnaire.items:
            item.weight = weights.get(item.key, item.weight)
        sessions().commit()
        sessions.remove()


# --- hand computation from the ballots -------------------------------------------------------


def composite_scores(ballots, weights):
    scores = []
    for ballot in ballots:
        answered = [(weights.get(k, 1), o in SATISFIED) for k, o in ballot.items() if k in SCORED and o]
        denominator = sum(w for w, _sat in answered)
        if denominator:
            scores.append(Fraction(sum(w for w, sat in answered if sat), denominator))
    return scores


def expected_composite(ballots, weights=None, electorate=100, value_of=independent.VALUES, top=1.0):
    """(estimate, (low, high)) of the official composite, by the delta method and Korn–Graubard."""
    values, answered = independent.matrices(ballots, SCORED, value_of)
    w = np.array([(weights or {}).get(k, 1) for k in SCORED], dtype=float)
    estimate = independent.composite(values, answered, w)
    variance = independent.delta_variance(values, answered, w, electorate)
    return estimate, independent.korn_graubard(estimate, variance, len(ballots), top)


def alpha_sums(ballots):
    complete = [[RANK[b[k]] for k in SCORED] for b in ballots if all(b.get(k) for k in SCORED)]
    totals = [sum(row) for row in complete]
    columns = list(zip(*complete))
    return (len(complete), [sum(c) for c in columns], [sum(v * v for v in c) for c in columns],
            [sum(v * t for v, t in zip(c, totals)) for c in columns])


def interval(low, high):
    return [round(low, 6), round(high, 6)]


# --- SQL sums and the API against the hand computation ---------------------------------------


def group_sums(app, campaign_id):
    with app.app_context():
        sessions = app.extensions["harmony.sessions"]
        try:
            return sql.group_sums(sessions(), sessions().get(Campaign, campaign_id), score_method=False)
        finally:
            sessions.remove()


def test_sql_sums_equal_python_sums_of_the_cast_ballots(api, world, app):
    empty, _codes = open_vote(api, world.a, electorate=30, codes=len(BALLOTS))
    close(api, empty)
    assert group_sums(app, empty) == (tuple(SCORED), [])  # nothing cast: no group at all

    keys, (group,) = group_sums(app, weighted_vote(api, world, app))
    scores = composite_scores(BALLOTS, WEIGHTS)
    assert (group.group, group.ballots, group.n) == (None, len(BALLOTS), len(scores))
    assert group.sum_x == pytest.approx(float(sum(scores)), abs=1e-12)
    assert group.sum_x2 == pytest.approx(float(sum(x * x for x in scores)), abs=1e-12)
    n, sums, squares, cross = alpha_sums(BALLOTS)
    assert (group.complete, list(group.item_sums), list(group.item_sq_sums), list(group.item_total_sums)) == (
        n, sums, squares, cross)
    assert group.satisfied == tuple(sum(b.get(k) in SATISFIED for b in BALLOTS) for k in SCORED)
    assert group.answered == tuple(sum(bool(b.get(k)) for b in BALLOTS) for k in SCORED)


def weighted_vote(api, world, app):
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns",
                                   {"title": "加权测评", "electorate": 30, **NO_FLOOR})
    campaign_id = response.json["id"]
    set_weights(app, campaign_id, WEIGHTS)
    api("chair_a").post(f"/campaigns/{campaign_id}/open")
    codes = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": len(BALLOTS)}).json["codes"]
    for code, ballot in zip(codes, BALLOTS):
        assert cast(api, code, chosen(ballot)).status_code == 201
    close(api, campaign_id)
    return campaign_id


def test_api_statistics_equal_stats_on_hand_computed_inputs(api, world, app):
    body = results(api, weighted_vote(api, world, app))
    found = body["statistics"]
    estimate, (low, high) = expected_composite(BALLOTS, WEIGHTS, electorate=30)
    composite = found["composite"]
    assert composite["estimate"] == body["composite_rate"] == round(estimate, 6)
    assert composite["ci95"] == interval(low, high) and composite["n"] == 12
    assert low <= estimate <= high
    assert composite["test"] == {"confident": False, "lower_bound": round(low, 6), "threshold": 0.8,
                                 "verdict": "cannot_be_sure", "reason": None,
                                 "message": "We cannot be sure the true rate reaches 80%."}
    assert "two-sided 90%: its lower end is the one-sided 95%" in composite["method"] and "%%" not in composite["method"]
    assert "did not vote" in composite["assumption"]
    values, answered = independent.matrices(BALLOTS, SCORED)
    w = np.array([WEIGHTS.get(k, 1) for k in SCORED], dtype=float)
    # 18 non-voters, all dissatisfied or all satisfied on every item
    worst = independent.composite(np.vstack([values, np.zeros((18, 9))]), np.vstack([answered, np.ones((18, 9))]), w)
    best = independent.composite(np.vstack([values, np.ones((18, 9))]), np.vstack([answered, np.ones((18, 9))]), w)
    assert composite["bounds_if_nonvoters"] == [round(worst, 6), round(best, 6)]
    assert found["turnout"] == {"cast": 12, "electorate": 30, "rate": 0.4, "low": True}
    assert [w["key"] for w in found["warnings"]] == ["low_turnout", "wide_interval"]
    wages = next(item for item in found["items"] if item["key"] == "wages")
    satisfied = sum(b["wages"] in SATISFIED for b in BALLOTS)
    assert wages["population"] == 30  # nobody skipped "wages"
    assert (wages["rate"], wages["ci95"]) == (round(satisfied / 12, 6),
                                              interval(*independent.hypergeometric_bounds(satisfied, 12, 30)))
    hours = next(item for item in found["items"] if item["key"] == "hours")  # one skip: 11 of an estimated 28
    assert hours["population"] == round(30 * 11 / 12) == 28
    assert [o["count"] for o in wages["distribution"]] == [
        sum(b["wages"] == o for b in BALLOTS) for o in ("satisfied", "fairly", "dissatisfied")]
    assert wages["mean"] is None  # mean and SD only on 5-point items
    alpha = cronbach_alpha(*alpha_sums(BALLOTS))
    assert found["alpha"]["value"] == round(alpha.alpha, 6) and alpha.alpha is not None
    assert found["alpha"]["ci95"] == interval(alpha.low, alpha.high)
    assert found["alpha"]["item_total"]["wages"] == round(alpha.item_total[SCORED.index("wages")], 6)
    assert found["alpha"]["left_out"] == 12 - alpha.n == 2 and "2 who skipped" in found["alpha"]["message"]
    assert found["departments"] is None and found["comparison"] is None


def test_five_point_items_have_mean_and_sd(api, world):
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "五级", "scale": 5, "electorate": 10})
    campaign_id = response.json["id"]
    api("chair_a").post(f"/campaigns/{campaign_id}/open")
    codes = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": 4}).json["codes"]
    for code, option in zip(codes, ["very", "satisfied", "neutral", "very_dissatisfied"]):
        assert cast(api, code, answers(option)).status_code == 201
    close(api, campaign_id)
    item = results(api, campaign_id)["statistics"]["items"][0]
    expected = stats.answer_distribution([1, 1, 1, 0, 1], [5, 4, 3, 2, 1])
    assert (item["mean"], item["sd"]) == (round(expected.mean, 6), round(expected.sd, 6)) == (3.25, round(expected.sd, 6))
    assert [o["share"] for o in item["distribution"]] == [0.25, 0.25, 0.25, 0.0, 0.25]


# --- edge cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("option, rate, verdict", [("satisfied", 1.0, "confident_reaches"),
                                                   ("dissatisfied", 0.0, "cannot_be_sure")])
def test_everyone_identical_has_exact_bounds_and_no_alpha(api, world, option, rate, verdict):
    found = results(api, vote(api, world, [answers(option)] * 20))["statistics"]
    gap = 1 - 0.05 ** (1 / 20)  # P(all 20 satisfied | true rate q) = q**20 = 5%
    assert found["composite"]["estimate"] == rate
    assert found["composite"]["ci95"] == (interval(1 - gap, 1.0) if rate else interval(0.0, gap))
    assert found["composite"]["test"]["verdict"] == verdict
    assert found["alpha"]["value"] is None and found["alpha"]["reason"] == "no_variance"
    assert found["alpha"]["message"] and found["alpha"]["item_total"]["wages"] is None
    assert all(item["rate"] == rate for item in found["items"])


def test_one_respondent(api, world):
    found = results(api, vote(api, world, [answers("satisfied", wages="dissatisfied")]))["statistics"]
    assert found["composite"]["n"] == 1 and found["composite"]["ci95"] is None
    assert found["composite"]["reason"] == "single_respondent"
    assert found["composite"]["test"]["verdict"] == "cannot_be_sure"
    assert found["alpha"]["value"] is None and found["alpha"]["reason"] == "too_few_respondents"
    assert "no_interval" in [w["key"] for w in found["warnings"]]


def test_a_vote_nobody_answered_says_why(api, world):
    found = results(api, vote(api, world, []))["statistics"]
    assert found["composite"]["n"] == 0 and found["composite"]["reason"] == "no_responses"
    assert found["composite"]["estimate"] is None and found["composite"]["test"]["verdict"] == "no_conclusion"
    assert found["alpha"]["reason"] == "too_few_respondents"
    assert all(item["rate"] is None and item["reason"] == "no_answers" for item in found["items"])


def test_census_is_exact(api, world):
    found = results(api, vote(api, world, [answers("satisfied")] * 4 + [answers("dissatisfied")], electorate=5))
    composite = found["statistics"]["composite"]
    assert composite["ci95"] == [0.8, 0.8] and composite["test"]["reason"] == "census"
    assert composite["test"]["confident"] and composite["bounds_if_nonvoters"] == [0.8, 0.8]
    assert composite["test"]["message"] == "Everyone voted: the rate is exact and reaches 80%."
    assert all(item["ci95"] == [item["rate"]] * 2 for item in found["statistics"]["items"])  # items too


def test_score_method_works_in_points(api, world):
    ballots = [answers("satisfied")] * 6 + [answers("fairly")] * 3 + [answers("fairly", wages="dissatisfied")]
    found = results(api, vote(api, world, ballots, settings={"method": "score"}))["statistics"]
    estimate, (low, high) = expected_composite(ballots, value_of=independent.SCORES, top=100.0)
    assert found["scale"] == [0.0, 100.0] and found["composite"]["estimate"] == round(estimate, 6)
    assert found["composite"]["ci95"] == interval(low, high)
    assert found["composite"]["bounds_if_nonvoters"] == [round(estimate * 10 / 100, 6),
                                                         round((estimate * 10 + 90 * 100) / 100, 6)]
    assert found["composite"]["test"]["message"].endswith("80 points.")


def test_statistics_stay_hidden_while_open(api, world):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    assert cast(api, codes[0], answers()).status_code == 201
    response = api("chair_a").get(f"/campaigns/{campaign_id}/results")
    assert response.status_code == 409 and "statistics" not in response.json


# --- departments -----------------------------------------------------------------------------


def department_vote(api, world, groups: dict[str | None, list[str | dict]]):
    """groups: department option key (None: not stated) → per ballot, one option for every item
    or the ballot's answers."""
    ballots = [dict(answers(b) if isinstance(b, str) else b, department=key) for key, entries in groups.items()
               for b in entries]
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns",
                                   {"title": "分部门", "electorate": 100, "ask_department": True})
    campaign_id = response.json["id"]
    api("chair_a").post(f"/campaigns/{campaign_id}/open")
    codes = api("chair_a").post(f"/campaigns/{campaign_id}/codes", {"count": len(ballots)}).json["codes"]
    for code, ballot in zip(codes, ballots):
        assert cast(api, code, chosen(ballot)).status_code == 201
    close(api, campaign_id)
    return results(api, campaign_id)


def test_small_department_and_its_complement_are_hidden(api, world):
    body = department_vote(api, world, {"d1": ["satisfied"] * 7 + ["dissatisfied"],
                                        "d2": ["satisfied"] * 5 + ["dissatisfied"] * 2,
                                        None: ["dissatisfied"] * 3})
    rows = {row["group"]: row for row in body["statistics"]["departments"]["rows"]}
    assert rows["d1"]["shown"] and rows["d1"]["ballots"] == 8 and rows["d1"]["composite"] == 0.875
    assert rows["d1"]["name"] == "生产部" and rows[None]["name"] == "Not stated"
    # "Not stated" has 3 ballots; d2 (7) is hidden as well, so cast − d1 mixes the two.
    for hidden in (rows["d2"], rows[None]):
        assert not hidden["shown"] and hidden["ballots"] is None and hidden["composite"] is None
        assert hidden["items"] == {}
    assert body["statistics"]["departments"]["test"] is None
    assert body["statistics"]["departments"]["reason"] == "too_few_groups_shown"
    assert body["cast"] == 18 and body["cast"] - rows["d1"]["ballots"] == 10  # 7 + 3: not one group


def set_departments(app, enterprise_id, names):
    with app.app_context():
        sessions = app.extensions["harmony.sessions"]
        sessions().get(Enterprise, enterprise_id).departments = names
        sessions().commit()
        sessions.remove()


def test_an_item_only_one_hidden_department_answered_hides_one_more(api, world, app):
    set_departments(app, world.a, ["生产部", "技术部", "财务部"])
    body = department_vote(api, world, {"d1": ["satisfied"] * 17 + ["dissatisfied"] * 3,
                                        "d2": ["satisfied"] * 10 + ["fairly"] * 2,
                                        "d3": ["dissatisfied"] * 3,
                                        None: [answers("satisfied", wages=None)] * 2})  # "wages" skipped
    statistics = body["statistics"]
    rows = {row["group"]: row for row in statistics["departments"]["rows"]}
    # 财务部 and "not stated" hide each other, except in "wages", which 财务部 alone answered among
    # the hidden groups: 技术部, the smallest department shown so far, is hidden too.
    assert [group for group, row in rows.items() if row["shown"]] == ["d1"]
    assert all(row["items"] == {} and row["composite"] is None for group, row in rows.items() if group != "d1")
    wages = next(item for item in statistics["items"] if item["key"] == "wages")
    assert wages["answered"] - rows["d1"]["respondents"] == 12 + 3  # 技术部 and 财务部: not one group
    heat = chartdata.department_heat(statistics)
    assert heat.hidden == (False, True, True, True)
    root = parse(charts.heat_table(heat, "By department", "hidden"))
    titles = [r.find(SVG + "title").text for r in root.iter(SVG + "rect") if r.get("class") == "cell"]
    assert [t for t in titles if t.startswith("技术部")] == [f"技术部 · {item['text']}: hidden" for item in statistics["items"]]


def test_departments_compared_with_empty_group(api, world):
    body = department_vote(api, world, {"d1": ["satisfied"] * 9 + ["dissatisfied"],
                                        "d2": ["dissatisfied"] * 7 + ["satisfied"] * 3})
    departments = body["statistics"]["departments"]
    rows = {row["group"]: row for row in departments["rows"]}
    assert rows["d1"]["shown"] and rows["d2"]["shown"] and not rows[None]["shown"]  # empty: protects nobody
    assert rows["d2"]["items"]["wages"] == 0.3
    expected = st.f_oneway([1.0] * 9 + [0.0], [0.0] * 7 + [1.0] * 3)  # respondents' composite scores
    assert departments["test"]["method"] == "one_way_anova" and departments["test"]["dof"] == [1, 18]
    assert departments["test"]["statistic"] == round(float(expected.statistic), 6)
    assert departments["test"]["p_value"] == round(float(expected.pvalue), 6) and departments["test"]["significant"]
    assert "(p = 0.00" in departments["test"]["message"]


# --- comparison with the previous vote -------------------------------------------------------


def test_comparison_flags_a_significant_drop(api, world):
    first_ballots = [answers("satisfied")] * 18 + [answers("dissatisfied")] * 2
    second_ballots = [answers("satisfied")] * 8 + [answers("dissatisfied", wages="satisfied")] * 12
    first = vote(api, world, first_ballots)
    second = vote(api, world, second_ballots)
    comparison = results(api, second)["statistics"]["comparison"]
    assert comparison["campaign_id"] == first and comparison["reason"] is None
    variances = []
    for ballots in (first_ballots, second_ballots):
        values, answered = independent.matrices(ballots, SCORED)
        ones = np.ones(len(SCORED))
        variances.append((independent.composite(values, answered, ones),
                          independent.delta_variance(values, answered, ones, 100)))
    (c0, v0), (c1, v1) = variances
    low, high, p = independent.welch(c1 - c0, v0, 20, v1, 20)
    assert comparison["composite"]["change"] == round(c1 - c0, 6)
    assert comparison["composite"]["ci95"] == interval(low, high) and comparison["composite"]["p_value"] == round(p, 6)
    assert comparison["composite"]["significant"] is True
    items = {item["key"]: item for item in comparison["items"]}
    raw = {key: independent.fisher_two_sided([[item["after"] * 20, 20 - item["after"] * 20],
                                              [item["before"] * 20, 20 - item["before"] * 20]])
           for key, item in items.items()}
    ordered = sorted(raw, key=raw.get)  # Holm by hand: (m - rank) * p, running maximum
    holm, running = {}, 0.0
    for rank, key in enumerate(ordered):
        running = max(running, min(1.0, (len(ordered) - rank) * raw[key]))
        holm[key] = running
    for key, item in items.items():
        assert item["p_value"] == round(raw[key], 6) and item["p_adjusted"] == round(holm[key], 6)
        assert item["significant"] is (holm[key] < 0.05)
    assert items["contract"]["significant"] and items["contract"]["p_adjusted"] > items["contract"]["p_value"]
    assert items["wages"]["change"] == 0.1 and not items["wages"]["significant"]
    assert results(api, first)["statistics"]["comparison"] is None


def test_comparison_across_methods_compares_items_only(api, world):
    vote(api, world, [answers("satisfied")] * 5)
    second = vote(api, world, [answers("fairly")] * 5, settings={"method": "score"})
    comparison = results(api, second)["statistics"]["comparison"]
    assert comparison["composite"] is None and comparison["reason"] == "method_changed"
    assert comparison["items"][0]["change"] == 0.0


# --- charts ----------------------------------------------------------------------------------


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg" and "style" not in svg
    return root


def test_stacked_bars_are_proportional_to_counts():
    bars = (chartdata.Bar("工资", 20, (chartdata.Segment("满意", 10, 0.5, 0), chartdata.Segment("基本满意", 6, 0.3, 1),
                                       chartdata.Segment("不满意", 4, 0.2, 2))),
            chartdata.Bar("无人回答", 0, ()))
    root = parse(charts.stacked_bars(bars, "Answers"))
    segments = [r for r in root.iter(SVG + "rect") if r.get("class") == "segment"]
    widths = [float(r.get("width")) for r in segments]
    assert widths == pytest.approx([charts.WIDTH * c / 20 for c in (10, 6, 4)], abs=0.01)
    assert [float(r.get("x")) for r in segments] == pytest.approx([0, 320, 512], abs=0.01)
    assert segments[0].find(SVG + "title").text == "满意: 10 (50%)"


def test_interval_chart_draws_the_80_percent_line():
    root = parse(charts.interval_chart(chartdata.Estimate(0.85, 0.81, 0.89, 0.8, 1.0, True), "Composite", "80%"))
    line = next(e for e in root.iter(SVG + "line") if e.get("class") == "threshold")
    band = next(e for e in root.iter(SVG + "rect") if e.get("class") == "interval")
    dot = next(root.iter(SVG + "circle"))

    def x(value):  # the axis runs from 24 to WIDTH - 24
        return 24 + (charts.WIDTH - 48) * value

    assert float(line.get("x1")) == pytest.approx(x(0.8), abs=0.01)
    assert float(band.get("x")) == pytest.approx(x(0.81), abs=0.01)
    assert float(band.get("width")) == pytest.approx(x(0.89) - x(0.81), abs=0.02)
    assert float(dot.get("cx")) == pytest.approx(x(0.85), abs=0.01)


def test_heat_table_hides_small_departments():
    heat = chartdata.Heat(("生产部", "技术部"), (False, True), (chartdata.HeatRow("工资", (0.9, None)),))
    root = parse(charts.heat_table(heat, "By department", "hidden"))
    cells = [r for r in root.iter(SVG + "rect") if r.get("class") == "cell"]
    assert cells[0].get("fill") == charts.heat_colour(0.9) and cells[1].get("fill") == charts.EMPTY
    assert "hidden" in [t.text for t in root.iter(SVG + "text")]
    assert charts.heat_colour(0.8) == "#fdd835" and charts.heat_colour(0.2) == "#c62828"


def test_chair_page_shows_statistics_and_charts(api, world, client):
    campaign_id = vote(api, world, [answers("satisfied")] * 9 + [answers("dissatisfied")])
    client.post("/login", data={"username": "chair_a", "password": "password-chair_a"})
    page = client.get(f"/campaigns/{campaign_id}?lang=en").get_data(as_text=True)
    assert 'id="statistics"' in page and page.count("<svg") == 2
    assert "cannot be sure the true rate reaches 80%" in page
    open_page = client.get(f"/campaigns/{open_vote(api, world.a, codes=0)[0]}").get_data(as_text=True)
    assert 'id="statistics"' not in open_page


# --- sample-size planner ---------------------------------------------------------------------


@pytest.mark.parametrize("query, expected", [
    ("margin=5&confidence=95", 402), ("headcount=500&margin=5&confidence=95", 218),
    ("headcount=1000000&margin=5&confidence=95", 402), ("headcount=200&margin=3&confidence=99", 180), ("headcount=1000&margin=5&confidence=95", 288),
    ("headcount=1&margin=5&confidence=90", 1), ("margin=2.5&confidence=90", 1120),
])
def test_sample_size_api(api, query, expected):
    response = api("assessor_city").get(f"/sample-size?{query}")
    assert response.status_code == 200 and response.json["sample_size"] == expected
    assert response.json["without_correction"] >= expected


@pytest.mark.parametrize("query, field", [
    ("headcount=0", "headcount"), ("headcount=many", "headcount"), ("margin=0", "margin"),
    ("margin=60", "margin"), ("confidence=80", "confidence"), ("confidence=high", "confidence"),
])
def test_sample_size_rejects_bad_input(api, query, field):
    response = api("assessor_city").get(f"/sample-size?{query}&lang=en")
    assert response.status_code == 422 and field in response.json["errors"]


def test_sample_size_needs_staff(api, client, world):
    assert api().get("/sample-size?margin=5").status_code == 401
    assert client.get("/assessor/sample-size").status_code == 302
    client.post("/login", data={"username": "assessor_east", "password": "password-assessor_east"})
    assert "/assessor/sample-size" in client.get("/dashboard").get_data(as_text=True)
    page = client.get("/assessor/sample-size?headcount=500&margin=5&confidence=95&lang=en").get_data(as_text=True)
    assert "Survey 218 workers" in page and "402" in page and "exact (hypergeometric)" in page
    assert client.get("/assessor/sample-size?margin=x").status_code == 422


def test_declaration_pdf_carries_the_statistics(api, world):
    campaign_id = vote(api, world, [answers("satisfied")] * 18 + [answers("dissatisfied")] * 2, electorate=20)
    response = api("chair_a").get(f"/campaigns/{campaign_id}/attachment.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages).replace("\n", "")
    assert "统计分析" in text and "全体职工都已投票：满意率为确切值，达到 80%。" in text
    assert "各题之间一致性" in text and "\x00" not in text


def test_the_domain_keeps_the_tally_hidden_until_the_vote_is_closed(session, world):
    campaign = campaigns.create(session, session.get(Enterprise, world.a), campaigns.Settings(title="测评"))
    for step in (campaigns.open_, None):
        for read in (campaigns.results, summary.summarize):
            with pytest.raises(Conflict) as refused:
                read(session, campaign)
            assert refused.value.key == "results_hidden"
        if step:
            step(session, campaign)
    list(campaigns.closing(session, campaign, utcnow()))
    assert campaigns.results(session, campaign).turnout.cast == 0
    assert summary.summarize(session, campaign).results.turnout.electorate == 100


@pytest.mark.parametrize("alpha, agreement", [(0.8, "good"), (0.7999, "acceptable"), (0.7, "acceptable"),
                                              (0.6999, "poor"), (None, None)])
def test_alpha_is_read_with_the_usual_cut_offs(alpha, agreement):
    assert Reliability(10, 3, alpha, None, None, (), None if alpha else "no_variance").agreement == agreement


@pytest.mark.parametrize("p_value, significant", [(0.0499, True), (0.05, False)])
def test_departments_differ_significantly_below_five_percent(p_value, significant):
    assert GroupTest("one_way_anova", 4.0, (1, 30), p_value).significant is significant
