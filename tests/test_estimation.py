"""The issue's reproductions as regression tests, and the new statistics checked against independent
values: the delta method through a covariance matrix, hypergeometric sums of binomial coefficients,
scipy's f_oneway on raw scores, Holm by hand."""
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats as st

import estimation_support as independent
from helpers import SCORED, answers, cast, open_vote
from survey.data.models import Campaign
from survey.domain import comparison, estimation, finite_population, nonresponse, planner
from survey.domain.breakdown import department_breakdown
from survey.domain.rules import RATE, ItemCount
from test_summary import department_vote, results, vote

SEED = 20260513


def raw_vote(rng, n, k=6, skip_if_dissatisfied=0.6):
    """n ballots: satisfied with probability 0.8, and dissatisfied answers skipped more often."""
    satisfied = (rng.random((n, k)) < 0.8).astype(float)
    answered = (rng.random((n, k)) >= np.where(satisfied == 1, 0.05, skip_if_dissatisfied)).astype(float)
    return satisfied * answered, answered


def counts_of(values, answered, weights) -> list[ItemCount]:
    return [ItemCount(str(j), int(weights[j]), int(answered[:, j].sum()), int(values[:, j].sum()), 0)
            for j in range(values.shape[1])]


def estimate_of(values, answered, weights, population):
    """composite_estimate fed as the data layer feeds it: SUM(z*z) of z = sum_j c_j (v - r_j) a_ij."""
    counts = counts_of(values, answered, weights)
    influence = estimation.influence(RATE, counts)
    c = np.array([influence[str(j)][0] for j in range(values.shape[1])])
    r = np.array([influence[str(j)][1] for j in range(values.shape[1])])
    z = ((values - r) * answered * c).sum(axis=1)
    tally = Fraction(sum(Fraction(int(w) * k.satisfied, k.answered) for w, k in zip(weights, counts)), int(weights.sum()))
    return estimation.composite_estimate(tally, float((z * z).sum()), len(values), population)


@pytest.mark.parametrize("n, population", [(10, 1000), (30, 60), (100, None), (250, 400)])
def test_linearized_variance_equals_the_delta_method(n, population):
    values, answered = raw_vote(np.random.default_rng(SEED + n), n)
    weights = np.array([1, 2, 1, 3, 1, 1])
    found = estimate_of(values, answered, weights, population)
    assert float(found.estimate) == pytest.approx(independent.composite(values, answered, weights.astype(float)))
    assert found.variance == pytest.approx(independent.delta_variance(values, answered, weights.astype(float), population))
    low, high = independent.korn_graubard(float(found.estimate), found.variance, n)
    assert (found.low, found.high) == pytest.approx((low, high), rel=1e-9)
    assert found.low <= found.estimate <= found.high


def test_census_at_78_5_percent_says_it_stays_below_80():
    census = estimation.composite_estimate(Fraction(157, 200), 3.7, 200, 200)
    assert (census.low, census.high, census.fpc) == (0.785, 0.785, 0.0)
    claim = estimation.threshold_claim(census, Fraction(4, 5), qualified=False)
    assert (claim.verdict, claim.reason, claim.confident, claim.lower_bound) == ("cannot_be_sure", "census", False, 0.785)
    exactly = estimation.threshold_claim(estimation.composite_estimate(Fraction(4, 5), 1.0, 50, 50), Fraction(4, 5), True)
    assert exactly.confident  # 80% itself reaches 80%


def test_census_below_the_line_in_the_api_and_the_pdf(api, world):
    ballots = [answers("satisfied")] * 7 + [answers("dissatisfied", wages="satisfied")] * 3  # (8 * 0.7 + 1) / 9
    campaign_id = vote(api, world, ballots, electorate=10)
    body = results(api, campaign_id)
    composite = body["statistics"]["composite"]
    assert body["composite_rate"] == composite["estimate"] == round(6.6 / 9, 6) and not body["qualified"]
    assert composite["ci95"] == [composite["estimate"]] * 2
    assert composite["test"]["message"] == "Everyone voted: the rate is exact and stays below 80%."
    assert composite["test"]["confident"] is False


def test_an_informative_skip_vote_has_its_interval_around_the_tally(api, world):
    # The dissatisfied skip most items: the mean of respondents' scores (0.82) is not the tally.
    ballots = ([answers("satisfied")] * 14 + [answers("satisfied", wages="dissatisfied", hours="dissatisfied")] * 3
               + [{"contract": "dissatisfied", "wages": "dissatisfied", "overall": "dissatisfied"}] * 5)
    body = results(api, vote(api, world, ballots, electorate=40))
    composite = body["statistics"]["composite"]
    low, high = composite["ci95"]
    assert composite["estimate"] == body["composite_rate"] and low <= body["composite_rate"] <= high
    assert composite["estimate"] == round(independent.composite(*independent.matrices(ballots, SCORED), np.ones(9)), 6)
    scores = [1.0] * 14 + [7 / 9] * 3 + [0.0] * 5
    assert abs(np.mean(scores) - composite["estimate"]) > 0.1  # what the old interval was about


def test_five_voters_of_a_thousand_draw_no_confident_claim(api, world):
    few = estimation.composite_estimate(Fraction(1), 0.0, 5, 1000)
    assert few.low == pytest.approx(0.05 ** (1 / 5))  # 0.549: all five satisfied says little
    assert not estimation.threshold_claim(few, Fraction(4, 5), True).confident
    body = results(api, vote(api, world, [answers("satisfied")] * 5, electorate=1000))
    test = body["statistics"]["composite"]["test"]
    assert body["qualified"] and test["confident"] is False and test["verdict"] == "cannot_be_sure"
    assert body["statistics"]["composite"]["bounds_if_nonvoters"] == [0.005, 1.0]


def test_below_the_turnout_floor_no_conclusion_is_drawn():
    strong = estimation.composite_estimate(Fraction(1), 0.0, 900, 1000)
    assert estimation.threshold_claim(strong, Fraction(4, 5), True).confident
    floor = estimation.threshold_claim(strong, Fraction(4, 5), True, below_floor=True)
    assert (floor.verdict, floor.confident, floor.lower_bound, floor.reason) == (
        "no_conclusion", False, None, "below_turnout_floor")


def test_confident_is_never_true_when_the_vote_is_not_qualified():
    strong = estimation.composite_estimate(Fraction(19, 20), 1e-4, 400, 1000)
    assert strong.low > 0.8
    vetoed = estimation.threshold_claim(strong, Fraction(4, 5), qualified=False)
    assert (vetoed.confident, vetoed.reason) == (False, "not_qualified")


def test_the_hidden_groups_change_nothing_in_the_department_test():
    shown = [("A", 30, 24.5, 30, (), 22.25), ("B", 20, 11.0, 20, (), 8.0)]
    tests = set()
    for hidden in ([("C", 3, 0.0, 3), ("D", 2, 2.0, 2, (), 2.0)], [("C", 3, 3.0, 3, (), 3.0), ("D", 2, 0.0, 2)],
                   [("C", 1, 1.0, 1, (), 1.0), ("D", 1, 0.0, 1), ("E", 2, 1.0, 2, (), 1.0)]):
        b = department_breakdown(shown + hidden)
        assert [row.shown for row in b.rows][:2] == [True, True] and not any(row.shown for row in b.rows[2:])
        tests.add(b.test)
    (test,) = tests  # one and the same test whatever the hidden groups hold, and however many they are
    scores = [[1.0] * 20 + [0.5] * 9 + [0.0], [1.0] * 5 + [0.5] * 12 + [0.0] * 3]  # SUM(x), SUM(x*x) as above
    assert [sum(g) for g in scores] == [24.5, 11.0] and [sum(x * x for x in g) for g in scores] == [22.25, 8.0]
    expected = st.f_oneway(*scores)
    assert test.dof == (1, 48) and test.statistic == pytest.approx(expected.statistic)
    assert test.p_value == pytest.approx(expected.pvalue)


def test_department_test_on_raw_scores():
    rng = np.random.default_rng(SEED)
    groups = [rng.beta(a, 1.5, size=size) for a, size in ((4, 40), (6, 25), (3, 12), (5, 8))]
    b = department_breakdown([(str(i), len(g), float(g.sum()), len(g), (), float((g * g).sum()))
                              for i, g in enumerate(groups)])
    expected = st.f_oneway(*groups)
    assert b.test.dof == (3, 81) and b.test.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert [row.mean for row in b.rows] == pytest.approx([g.mean() for g in groups], rel=1e-12)


def test_department_rates_are_exact_and_p_is_never_zero(api, world):
    body = department_vote(api, world, {"d1": [answers("satisfied", wages="dissatisfied")] * 20,
                                        "d2": [answers("dissatisfied", wages="satisfied")] * 19 + ["satisfied"]})
    departments = body["statistics"]["departments"]
    rows = {row["group"]: row for row in departments["rows"]}
    assert rows["d1"]["composite"] == round(8 / 9, 6)  # not round(20 * 8/9) / 20
    assert rows["d2"]["composite"] == round((19 / 9 + 1) / 20, 6)
    assert departments["test"]["p_value"] < 0.001 and "(p < 0.001)" in departments["test"]["message"]
    assert "p = 0.000" not in departments["test"]["message"]


@pytest.mark.parametrize("k, n, population", [(0, 5, 12), (3, 5, 12), (5, 5, 12), (7, 10, 10), (4, 9, 30), (12, 20, 41)])
def test_hypergeometric_bounds_equal_the_summed_binomial_coefficients(k, n, population):
    assert finite_population.hypergeometric_bounds(k, n, population) == pytest.approx(
        independent.hypergeometric_bounds(k, n, population))


def test_item_interval_narrows_to_the_rate_in_a_census():
    census = finite_population.item_rate(7, 10, 10)
    assert (census.low, census.high) == (0.7, 0.7)
    wide, narrow = finite_population.item_rate(70, 100), finite_population.item_rate(70, 100, 120)
    assert narrow.low > wide.low and narrow.high < wide.high


@pytest.mark.parametrize("headcount, margin, confidence", [
    (500, "5", 95), (50, "10", 95), (200, "3", 99), (1000, "5", 90), (None, "5", 95), (2000, "2.5", 95)])
def test_the_planned_sample_keeps_the_promised_margin_in_the_report(headcount, margin, confidence):
    plan = planner.plan(headcount, Decimal(margin), confidence)
    promised = float(margin) / 100
    for satisfied in (plan.sample // 2, plan.sample - plan.sample // 2):
        item = finite_population.item_rate(satisfied, plan.sample, finite_population.item_population(
            plan.sample, plan.sample, headcount), confidence=confidence / 100)
        assert max(item.rate - item.low, item.high - item.rate) <= promised + 1e-12
    fewer = finite_population.worst_margin(plan.sample - 1, headcount, confidence / 100)
    assert fewer > promised  # and not more than needed


def test_nonvoter_bounds_by_hand():
    items = [ItemCount("a", 2, 8, 6, 0), ItemCount("b", 1, 10, 9, 0), ItemCount("c", 1, 0, 0, 0)]
    worst, best = nonresponse.bounds_if_nonvoters(RATE, items, {k: (0, 1) for k in "abc"}, 5)
    assert worst == (2 * Fraction(6, 13) + Fraction(9, 15) + 0) / 4
    assert best == (2 * Fraction(11, 13) + Fraction(14, 15) + 1) / 4


def test_holm_by_hand():
    assert comparison.holm([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.03, 0.06, 0.06, 0.02])


def set_satisfied(app, campaign_id, item_key, option_key, satisfied):
    with app.app_context():
        sessions = app.extensions["harmony.sessions"]
        item = next(i for i in sessions().get(Campaign, campaign_id).questionnaire.items if i.key == item_key)
        next(o for o in item.options if o.key == option_key).satisfied = satisfied
        sessions().commit()
        sessions.remove()


def test_a_changed_definition_of_satisfied_is_not_compared(api, world, app):
    vote(api, world, [answers("fairly")] * 20)
    campaign_id, codes = open_vote(api, world.a, electorate=20, codes=20)
    set_satisfied(app, campaign_id, "wages", "fairly", False)  # 基本满意 no longer counts as satisfied
    for code in codes:
        assert cast(api, code, answers("fairly")).status_code == 201
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    found = results(api, campaign_id)["statistics"]["comparison"]
    items = {item["key"]: item for item in found["items"]}
    assert items["wages"]["reason"] == "definition_changed" and items["wages"]["change"] is None
    assert not items["wages"]["significant"] and "not compared" in items["wages"]["message"]
    assert items["contract"]["reason"] is None and items["contract"]["change"] == 0.0
    assert found["composite"] is None and found["reason"] == "questionnaire_changed"
