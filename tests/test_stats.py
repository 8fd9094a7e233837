"""Survey statistics checked against published values and against the raw ballots they summarise.

The second method: seeded numpy matrices of respondents × items stand in for the ballots; the
statistic is computed directly from that matrix with numpy/scipy, the sufficient statistics the
SQL layer would return are computed from the same matrix, and the two results must agree.
"""
import json
import math
from dataclasses import asdict
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats as st

from survey.domain.breakdown import GroupCount, department_breakdown
from survey.domain.reliability import cronbach_alpha
from survey.domain.stats import (
    ItemRate, Moments, answer_distribution, composite_change, composite_interval, item_change, item_rate,
    precision_warnings, sample_size, threshold_test, turnout,
)

SEED = 20240501


def moments(x) -> Moments:
    x = np.asarray(x, dtype=float)
    return Moments(len(x), float(x.sum()), float((x * x).sum()))


def ballots(rng, n, k=8, p=(0.55, 0.30, 0.15), skip=0.1):
    """Raw 3-point answers (0 满意, 1 基本满意, 2 不满意) with skips, and integer item weights."""
    answers = rng.choice(3, size=(n, k), p=p)
    answered = rng.random((n, k)) >= skip
    return answers, answered, rng.integers(1, 4, size=k)


def composites(answers, answered, weights):
    """Each respondent's weighted share of satisfied answers; respondents who skipped all dropped."""
    satisfied = (answers < 2) & answered
    denominator = (answered * weights).sum(axis=1)
    keep = denominator > 0
    return (satisfied * weights).sum(axis=1)[keep] / denominator[keep]


def as_json(result) -> str:
    return json.dumps(asdict(result), allow_nan=False)


# --- composite rate interval ---------------------------------------------------------------


def test_composite_interval_matches_t_interval_of_raw_scores():
    x = composites(*ballots(np.random.default_rng(SEED), 300))
    r = composite_interval(moments(x))
    low, high = st.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=st.sem(x))
    assert r.n == len(x)
    assert r.mean == pytest.approx(x.mean(), rel=1e-12)
    assert r.sd == pytest.approx(np.std(x, ddof=1), rel=1e-9)
    assert (r.low, r.high) == pytest.approx((low, high), rel=1e-9)
    assert r.half_width == pytest.approx((high - low) / 2, rel=1e-9)
    assert r.fpc == 1.0 and r.reason is None


def test_finite_population_correction_narrows_the_interval():
    x = composites(*ballots(np.random.default_rng(SEED + 1), 150))
    electorate = 400
    r = composite_interval(moments(x), electorate)
    fpc = math.sqrt((electorate - len(x)) / (electorate - 1))
    half = st.t.ppf(0.975, len(x) - 1) * np.std(x, ddof=1) / math.sqrt(len(x)) * fpc
    assert r.fpc == pytest.approx(fpc)
    assert r.half_width == pytest.approx(half, rel=1e-9)
    assert (r.low, r.high) == pytest.approx((x.mean() - half, x.mean() + half), rel=1e-9)


def test_census_has_zero_width_interval():
    x = composites(*ballots(np.random.default_rng(SEED + 2), 40))
    r = composite_interval(moments(x), population=len(x))
    assert r.fpc == 0.0 and r.half_width == 0.0
    assert r.low == r.high == pytest.approx(x.mean())
    assert r.sd == pytest.approx(np.std(x, ddof=1))


def test_interval_is_clipped_to_the_scale():
    x = np.array([1.0] * 18 + [0.5, 0.75])
    r = composite_interval(moments(x))
    assert r.high == 1.0
    assert r.low == pytest.approx(x.mean() - st.t.ppf(0.975, 19) * st.sem(x))
    assert r.mean + r.half_width > 1.0  # the margin itself is reported unclipped


def test_score_method_on_0_to_100_scale():
    scores = np.random.default_rng(SEED + 3).integers(60, 101, size=25).astype(float)
    scores[:10] = 100.0
    r = composite_interval(moments(scores), lo=0, hi=100)
    low, high = st.t.interval(0.95, 24, loc=scores.mean(), scale=st.sem(scores))
    assert r.mean == pytest.approx(scores.mean())
    assert (r.low, r.high) == pytest.approx((low, min(high, 100.0)))
    near_top = composite_interval(moments([100.0] * 9 + [60.0]), lo=0, hi=100)
    assert near_top.high == 100.0


def test_all_satisfied_and_none_satisfied_use_the_exact_binomial_bounds():
    # With no variance, all at 100% (or 0%) gets the Clopper–Pearson bound of 10 of 10 (0 of 10).
    full = composite_interval(moments([1.0] * 10))
    assert (full.mean, full.sd, full.high) == (1.0, 0.0, 1.0)
    assert full.low == pytest.approx(0.6915, abs=1e-4)
    assert full.low == pytest.approx(st.binomtest(10, 10).proportion_ci().low, rel=1e-9)
    empty = composite_interval(moments([0.0] * 10))
    assert (empty.mean, empty.low) == (0.0, 0.0)
    assert empty.high == pytest.approx(0.3085, abs=1e-4)
    points = composite_interval(moments([100.0] * 10), lo=0, hi=100)
    assert points.low == pytest.approx(69.15, abs=1e-2)


def test_constant_score_inside_the_scale_has_no_interval():
    r = composite_interval(moments([0.5] * 12))
    assert (r.mean, r.sd, r.low, r.high, r.reason) == (0.5, 0.0, None, None, "no_variance")
    as_json(r)
    rounded = composite_interval(moments([0.7] * 1000))  # float sums leave a variance of ~1e-16
    assert (rounded.sd, rounded.reason) == (0.0, "no_variance")


def test_one_respondent_and_no_respondents():
    one = composite_interval(moments([0.75]))
    assert (one.mean, one.sd, one.low, one.high, one.reason) == (0.75, None, None, None, "single_respondent")
    alone = composite_interval(moments([0.75]), population=1)
    assert (alone.low, alone.high, alone.half_width) == (0.75, 0.75, 0.0)
    none = composite_interval(Moments(0, 0.0, 0.0), population=30)
    assert (none.mean, none.low, none.reason) == (None, None, "no_responses")
    for r in (one, alone, none):
        as_json(r)


def test_sums_from_sql_may_be_decimal():
    x = [1.0, 0.5, 0.75, 1.0]
    m = moments(x)
    r = composite_interval(Moments(m.n, Decimal(str(m.sum_x)), Decimal(str(m.sum_x2))))
    assert r == composite_interval(m)


@pytest.mark.parametrize("args, kwargs", [
    ((moments([0.5, 1.0, 1.0]), 2), {}),               # electorate below respondents
    ((moments([80.0, 90.0]),), {}),                     # 0–100 scores on the default 0–1 scale
    ((Moments(3, 2.0, 0.5),), {}),                      # SUM(x*x) inconsistent with SUM(x)
    ((moments([0.5, 1.0]),), {"lo": 1.0, "hi": 1.0}),   # empty scale
])
def test_inconsistent_inputs_are_rejected(args, kwargs):
    with pytest.raises(ValueError):
        composite_interval(*args, **kwargs)


# --- one-sided test against the 80% line ----------------------------------------------------


def test_threshold_test_matches_one_sided_t_test_of_raw_scores():
    x = composites(*ballots(np.random.default_rng(SEED + 4), 200))
    raw = st.ttest_1samp(x, 0.8, alternative="greater")
    r = threshold_test(moments(x), 0.8)
    assert r.p_value == pytest.approx(raw.pvalue, rel=1e-9)
    assert r.lower_bound == pytest.approx(raw.confidence_interval(0.95).low, rel=1e-9)
    assert r.verdict == ("confident_reaches" if r.lower_bound >= 0.8 else "cannot_be_sure")
    assert (r.p_value <= 0.05) == (r.verdict == "confident_reaches")


@pytest.mark.parametrize("p, n, verdict", [
    ((0.80, 0.15, 0.05), 400, "confident_reaches"),
    ((0.45, 0.30, 0.25), 400, "cannot_be_sure"),
    ((0.80, 0.15, 0.05), 4, "cannot_be_sure"),
])
def test_threshold_verdicts(p, n, verdict):
    x = composites(*ballots(np.random.default_rng(SEED + 5), n, p=p))
    r = threshold_test(moments(x), 0.8)
    assert r.verdict == verdict
    raw_p = st.ttest_1samp(x, 0.8, alternative="greater").pvalue
    assert r.verdict == ("confident_reaches" if raw_p <= 0.05 else "cannot_be_sure")


def test_threshold_test_with_finite_population_correction():
    x = composites(*ballots(np.random.default_rng(SEED + 6), 120, p=(0.7, 0.2, 0.1)))
    electorate = 150
    r = threshold_test(moments(x), 0.8, electorate)
    se = np.std(x, ddof=1) / math.sqrt(len(x)) * math.sqrt((electorate - len(x)) / (electorate - 1))
    assert r.lower_bound == pytest.approx(x.mean() - st.t.ppf(0.95, len(x) - 1) * se, rel=1e-9)
    assert r.p_value == pytest.approx(st.t.sf((x.mean() - 0.8) / se, len(x) - 1), rel=1e-9)


def test_threshold_is_inclusive():
    m = moments(composites(*ballots(np.random.default_rng(SEED + 7), 80)))
    bound = threshold_test(m, 0.5).lower_bound
    assert threshold_test(m, bound).verdict == "confident_reaches"
    assert threshold_test(m, np.nextafter(bound, 1.0)).verdict == "cannot_be_sure"


@pytest.mark.parametrize("threshold", [0.8, Fraction(4, 5), Decimal("0.8")])
def test_census_exactly_at_threshold_reaches(threshold):
    r = threshold_test(Moments(5, 4, 4), threshold, population=5)  # 4 of 5 fully satisfied
    assert (r.verdict, r.lower_bound, r.p_value, r.reason) == ("confident_reaches", 0.8, None, "census")
    assert threshold_test(Moments(5, 4, 4), 0.8000001, population=5).verdict == "cannot_be_sure"
    assert threshold_test(Moments(4, 320, 25800), 80, population=4, hi=100).verdict == "confident_reaches"


def test_all_satisfied_threshold_test_is_the_exact_binomial_test():
    # 10 of 10: one-sided 95% bound 0.05 ** (1/10) = 0.741 < 0.8; 14 of 14: 0.807 >= 0.8.
    ten = threshold_test(moments([1.0] * 10), 0.8)
    assert ten.lower_bound == pytest.approx(
        st.binomtest(10, 10, alternative="greater").proportion_ci(0.95).low, rel=1e-9)
    assert ten.verdict == "cannot_be_sure"
    fourteen = threshold_test(moments([1.0] * 14), 0.8)
    assert fourteen.verdict == "confident_reaches"
    assert fourteen.p_value == pytest.approx(st.binomtest(14, 14, 0.8, alternative="greater").pvalue)
    nobody = threshold_test(moments([0.0] * 50), 0.8)
    assert (nobody.verdict, nobody.lower_bound, nobody.p_value) == ("cannot_be_sure", 0.0, 1.0)


@pytest.mark.parametrize("m, reason", [
    (Moments(0, 0.0, 0.0), "no_responses"),
    (moments([1.0]), "single_respondent"),
    (moments([0.9] * 30), "no_variance"),
])
def test_threshold_test_without_evidence_cannot_be_sure(m, reason):
    r = threshold_test(m, 0.8)
    assert (r.verdict, r.lower_bound, r.p_value, r.reason) == ("cannot_be_sure", None, None, reason)
    as_json(r)


# --- item rates and answer distributions ----------------------------------------------------


@pytest.mark.parametrize("k, n, low, high", [
    (0, 10, 0.0, 0.3085),      # published Clopper–Pearson bounds
    (10, 10, 0.6915, 1.0),
    (5, 10, 0.1871, 0.8129),
])
def test_clopper_pearson_published_values(k, n, low, high):
    r = item_rate(k, n)
    assert (r.low, r.high) == pytest.approx((low, high), abs=1e-4)
    assert r.rate == k / n


def test_item_rates_of_raw_answers():
    answers, answered, _ = ballots(np.random.default_rng(SEED + 8), 250)
    satisfied = (answers < 2) & answered
    for item in range(answers.shape[1]):
        n, k = int(answered[:, item].sum()), int(satisfied[:, item].sum())
        r = item_rate(k, n)
        exact = st.binomtest(k, n).proportion_ci(0.95, method="exact")
        assert r.rate == pytest.approx(satisfied[answered[:, item], item].mean())
        assert (r.low, r.high) == pytest.approx((exact.low, exact.high), rel=1e-9)


def test_item_rate_edge_cases():
    assert item_rate(0, 0) == ItemRate(0, 0, None, None, None, "no_answers")
    for bad in ((3, 2), (-1, 4)):
        with pytest.raises(ValueError):
            item_rate(*bad)


def test_distribution_of_raw_five_point_answers():
    values = [5, 4, 3, 2, 1]
    raw = np.random.default_rng(SEED + 9).choice(values, size=137, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    counts = [int((raw == v).sum()) for v in values]
    d = answer_distribution(counts, values)
    assert d.total == 137 and d.counts == tuple(counts)
    assert d.shares == pytest.approx([c / 137 for c in counts])
    assert d.mean == pytest.approx(raw.mean())
    assert d.sd == pytest.approx(np.std(raw, ddof=1))


def test_distribution_edge_cases():
    assert answer_distribution([0, 0, 0], [3, 2, 1]).reason == "no_answers"
    one = answer_distribution([0, 1, 0], [3, 2, 1])
    assert (one.mean, one.sd, one.reason) == (2.0, None, "single_answer")
    same = answer_distribution([0, 9, 0], [3, 2, 1])
    assert (same.mean, same.sd) == (2.0, 0.0)
    plain = answer_distribution([2, 6])
    assert (plain.shares, plain.mean, plain.reason) == ((0.25, 0.75), None, None)
    with pytest.raises(ValueError):
        answer_distribution([1, 2], [3, 2, 1])
    for d in (one, same, plain):
        as_json(d)


# --- turnout and warnings -------------------------------------------------------------------


def test_turnout():
    assert turnout(49, 100).low and turnout(49, 100).rate == Fraction(49, 100)
    assert not turnout(50, 100).low  # exactly half is not below half
    assert turnout(0, 0).reason == "no_electorate" and turnout(0, 0).rate is None
    with pytest.raises(ValueError):
        turnout(101, 100)


def test_precision_warnings():
    rng = np.random.default_rng(SEED + 10)
    small = composite_interval(moments(composites(*ballots(rng, 30))))
    large = composite_interval(moments(composites(*ballots(rng, 3000))))
    assert small.half_width > 0.05 > large.half_width
    assert precision_warnings(small) == ("wide_interval",)
    assert precision_warnings(large, turnout(3000, 4000)) == ()
    assert precision_warnings(large, turnout(3000, 6001)) == ("low_turnout",)
    assert precision_warnings(composite_interval(moments([1.0]))) == ("no_interval",)
    scores = composite_interval(moments(np.clip(rng.normal(85, 10, 400), 0, 100)), lo=0, hi=100)
    assert 0.5 < scores.half_width < 5
    assert precision_warnings(scores, lo=0, hi=100) == ()


# --- comparison with the previous campaign --------------------------------------------------


def test_composite_change_matches_welch_test_of_raw_scores():
    rng = np.random.default_rng(SEED + 11)
    before = composites(*ballots(rng, 180, p=(0.5, 0.3, 0.2)))
    after = composites(*ballots(rng, 90, p=(0.6, 0.3, 0.1)))
    raw = st.ttest_ind(after, before, equal_var=False)
    ci = raw.confidence_interval(0.95)
    r = composite_change(moments(before), moments(after))
    assert r.change == pytest.approx(after.mean() - before.mean())
    assert (r.before, r.after) == pytest.approx((before.mean(), after.mean()))
    assert (r.low, r.high) == pytest.approx((ci.low, ci.high), rel=1e-9)
    assert r.p_value == pytest.approx(raw.pvalue, rel=1e-9)
    assert r.significant == (raw.pvalue < 0.05)


def test_composite_change_edge_cases():
    some = moments([1.0, 0.5, 0.75])
    assert composite_change(Moments(0, 0.0, 0.0), some).reason == "no_responses"
    single = composite_change(moments([1.0]), some)
    assert (single.change, single.low, single.significant, single.reason) == (
        pytest.approx(-0.25), None, False, "single_respondent")
    flat = composite_change(moments([1.0] * 5), moments([1.0] * 7))
    assert (flat.change, flat.p_value, flat.reason) == (0.0, None, "no_variance")
    one_flat = composite_change(moments([1.0] * 5), some)  # Welch copes with one flat campaign
    se = st.sem([1.0, 0.5, 0.75])  # all the variance is the other campaign's, df = 3 - 1
    assert one_flat.p_value == pytest.approx(2 * st.t.sf(0.25 / se, 2))


def fisher_two_sided(table):
    """Fisher's exact p-value summed by hand from the hypergeometric distribution."""
    (a, b), (c, d) = table
    dist = st.hypergeom(a + b + c + d, a + c, a + b)
    observed = dist.pmf(a)
    support = np.arange(max(0, (a + b) - (b + d)), min(a + b, a + c) + 1)
    pmf = dist.pmf(support)
    return float(pmf[pmf <= observed * (1 + 1e-7)].sum())


def test_item_change_published_tea_tasting_example():
    # Fisher's lady tasting tea, 3 of 4 right: two-sided p = 34/70.
    r = item_change((1, 4), (3, 4))
    assert r.p_value == pytest.approx(34 / 70)
    assert (r.change, r.significant) == (0.5, False)


def test_item_change_matches_hypergeometric_sum_of_raw_answers():
    rng = np.random.default_rng(SEED + 12)
    before = rng.random(120) < 0.70
    after = rng.random(140) < 0.88
    r = item_change((int(before.sum()), 120), (int(after.sum()), 140))
    table = [[int(after.sum()), int((~after).sum())], [int(before.sum()), int((~before).sum())]]
    assert r.p_value == pytest.approx(fisher_two_sided(table), rel=1e-6)
    assert r.change == pytest.approx(after.mean() - before.mean())
    assert r.significant == (r.p_value < 0.05) and r.significant


def test_item_change_edge_cases():
    assert item_change((0, 0), (3, 4)).reason == "no_answers"
    same = item_change((10, 10), (20, 20))  # 100% both times
    assert (same.change, same.p_value, same.significant) == (0.0, 1.0, False)
    with pytest.raises(ValueError):
        item_change((5, 4), (3, 4))


# --- assessor's sample-size planner ---------------------------------------------------------


def test_sample_size_published_values():
    assert sample_size(0.05) == 385     # Cochran: 1.96² × 0.25 / 0.05² = 384.2
    assert sample_size(0.03) == 1068
    assert sample_size(0.05, population=1000) == 278  # Krejcie & Morgan (1970) table
    assert sample_size(0.05, population=100) == 80
    # The table rounds to nearest; rounding up may add one.
    for headcount, table in [(50, 44), (500, 217), (5000, 357)]:
        assert table <= sample_size(0.05, population=headcount) <= table + 1
    assert sample_size(0.05, population=10) == 10


def test_sample_size_formula():
    z = st.norm.ppf(0.995)
    n0 = z * z * 0.3 * 0.7 / 0.04**2
    assert sample_size(0.04, 0.99, 2500, p=0.3) == math.ceil(n0 / (1 + (n0 - 1) / 2500))


@pytest.mark.parametrize("kwargs", [
    {"margin": 0}, {"margin": 1.5}, {"margin": -0.05}, {"margin": 0.05, "confidence": 1},
    {"margin": 0.05, "p": 0}, {"margin": 0.05, "population": 0},
])
def test_sample_size_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        sample_size(**kwargs)


# --- Cronbach's alpha -----------------------------------------------------------------------

# Pingouin's documented example (dataset "cronbach_alpha", 15 respondents × 10 items, checked
# against R psych): alpha = 0.5917188485995826, Feldt 95% interval [0.195, 0.840].
PINGOUIN_ITEMS = np.array([
    [3, 5, 7, 2, 6, 1, 4, 2, 6, 5, 4, 4, 5, 6, 4],
    [2, 4, 3, 4, 5, 2, 3, 4, 5, 4, 3, 2, 5, 5, 3],
    [4, 6, 5, 3, 6, 3, 5, 4, 5, 6, 5, 3, 6, 5, 5],
    [1, 3, 5, 3, 5, 4, 3, 3, 5, 4, 2, 2, 2, 4, 5],
    [4, 5, 6, 2, 4, 2, 5, 7, 1, 3, 5, 5, 3, 2, 3],
    [5, 1, 4, 2, 4, 5, 2, 2, 6, 5, 3, 3, 3, 2, 1],
    [1, 2, 3, 2, 4, 2, 1, 2, 5, 3, 2, 4, 2, 1, 3],
    [4, 5, 3, 6, 6, 3, 2, 4, 2, 1, 3, 2, 4, 4, 2],
    [3, 5, 6, 6, 7, 5, 4, 6, 3, 7, 4, 3, 4, 6, 3],
    [2, 5, 5, 3, 5, 2, 3, 5, 2, 2, 1, 4, 5, 5, 4],
]).T


def reliability_sums(x):
    """What SQL returns per item over complete respondents: SUM(x_i), SUM(x_i²), SUM(x_i·T)."""
    x = np.asarray(x, dtype=float)
    total = x.sum(axis=1)
    return len(x), list(x.sum(axis=0)), list((x * x).sum(axis=0)), list((x * total[:, None]).sum(axis=0))


def raw_alpha(x):
    k = x.shape[1]
    return k / (k - 1) * (1 - np.var(x, axis=0, ddof=1).sum() / np.var(x.sum(axis=1), ddof=1))


def test_cronbach_alpha_published_example():
    r = cronbach_alpha(*reliability_sums(PINGOUIN_ITEMS))
    assert (r.n, r.k) == (15, 10)
    assert r.alpha == pytest.approx(0.5917188485995826, abs=1e-12)
    assert (r.low, r.high) == pytest.approx((0.195, 0.840), abs=1e-3)


def test_cronbach_alpha_matches_raw_matrix():
    rng = np.random.default_rng(SEED + 13)
    n, k = 240, 6
    trait = rng.normal(size=(n, 1))
    x = np.clip(np.rint(3 + trait + rng.normal(scale=1.2, size=(n, k))), 1, 5)  # 5-point answers
    r = cronbach_alpha(*reliability_sums(x))
    alpha = raw_alpha(x)
    f_hi, f_lo = st.f.ppf([0.975, 0.025], n - 1, (n - 1) * (k - 1))
    assert r.alpha == pytest.approx(alpha, rel=1e-9)
    assert (r.low, r.high) == pytest.approx((1 - (1 - alpha) * f_hi, 1 - (1 - alpha) * f_lo), rel=1e-9)
    total = x.sum(axis=1)
    expected = [np.corrcoef(x[:, i], total - x[:, i])[0, 1] for i in range(k)]
    assert r.item_total == pytest.approx(expected, rel=1e-9)
    as_json(r)


def test_cronbach_alpha_of_binary_satisfied_flags():
    answers, _, _ = ballots(np.random.default_rng(SEED + 14), 90, k=5, skip=0)
    satisfied = (answers < 2).astype(float)
    r = cronbach_alpha(*reliability_sums(satisfied))
    assert r.alpha == pytest.approx(raw_alpha(satisfied), rel=1e-9)


def test_constant_item_has_no_item_total_correlation():
    x = np.random.default_rng(SEED + 15).integers(1, 6, size=(50, 4)).astype(float)
    x[:, 2] = 3.0  # everybody gave the same answer to item 3
    r = cronbach_alpha(*reliability_sums(x))
    assert r.alpha == pytest.approx(raw_alpha(x), rel=1e-9)
    assert r.item_total[2] is None and None not in (r.item_total[:2] + r.item_total[3:])
    as_json(r)


def test_identical_items_give_alpha_one():
    column = np.random.default_rng(SEED + 16).integers(1, 6, size=30).astype(float)
    r = cronbach_alpha(*reliability_sums(np.column_stack([column, column, column])))
    assert r.alpha == pytest.approx(1.0) and r.low == pytest.approx(1.0) and r.high == pytest.approx(1.0)


@pytest.mark.parametrize("x, reason", [
    (np.full((20, 5), 4.0), "no_variance"),                      # every answer identical
    (np.zeros((20, 5)), "no_variance"),                           # nobody satisfied anywhere
    (np.full((1000, 4), 0.9), "no_variance"),                     # float sums leave ~1e-13
    (np.column_stack([np.arange(10.0), 9 - np.arange(10.0)]), "no_variance"),  # totals constant
    (np.arange(10.0).reshape(10, 1), "too_few_items"),
    (np.array([[1.0, 2.0, 3.0]]), "too_few_respondents"),
    (np.empty((0, 3)), "too_few_respondents"),
])
def test_cronbach_alpha_undefined(x, reason):
    r = cronbach_alpha(*reliability_sums(x))
    assert (r.alpha, r.low, r.high, r.reason) == (None, None, None, reason)
    assert r.item_total == (None,) * x.shape[1]
    as_json(r)


def test_cronbach_alpha_rejects_mismatched_sums():
    with pytest.raises(ValueError):
        cronbach_alpha(10, [1.0, 2.0], [1.0, 2.0], [3.0])


# --- department breakdown -------------------------------------------------------------------


def shown(b):
    return [row.group for row in b.rows if row.shown]


def test_small_groups_are_hidden_with_complementary_suppression():
    b = department_breakdown([("车间一", 40, 30, 40), ("车间二", 3, 1, 3), ("车间三", 12, 9, 12), ("办公室", 25, 20, 25)])
    assert shown(b) == ["车间一", "办公室"]  # 车间二 too small, 车间三 the next smallest
    hidden = [row for row in b.rows if not row.shown]
    assert all((r.ballots, r.satisfied, r.answered, r.rate) == (None,) * 4 for r in hidden)
    assert [r.rate for r in b.rows if r.shown] == [0.75, 0.8]


def test_five_ballots_are_enough_to_show_a_group():
    b = department_breakdown([("a", 5, 4, 5), ("b", 5, 3, 5), ("c", 4, 4, 4), ("d", 4, 2, 4)])
    assert shown(b) == ["a", "b"]


def test_two_small_groups_protect_each_other():
    b = department_breakdown([("a", 40, 30, 40), ("b", 3, 1, 3), ("c", 4, 4, 4), ("d", 12, 9, 12)])
    assert shown(b) == ["a", "d"]


def test_an_empty_group_does_not_protect_a_small_one():
    b = department_breakdown([("a", 40, 30, 40), ("b", 2, 1, 2), ("empty", 0, 0, 0), ("d", 12, 9, 12)])
    assert shown(b) == ["a"]
    only_empty_hidden = department_breakdown([("a", 40, 30, 40), ("empty", 0, 0, 0), ("d", 12, 9, 12)])
    assert shown(only_empty_hidden) == ["a", "d"]


def derived_by_subtraction(groups, b) -> list[tuple[int, str]]:
    """(total, group): a hidden group's share of a published total that is the total minus the
    shown groups' shares. Totals: 0 ballots, 1 respondents, 2… answers to each item. A total that
    no shown group shares is left out: it is the tally itself, which suppression cannot hide."""
    shares = zip(*[(g.ballots, g.answered, *g.item_answered) for g in map(GroupCount._make, groups)])
    found = []
    for total, column in enumerate(shares):
        shown_part = sum(share for share, row in zip(column, b.rows) if row.shown)
        hidden = [(row.group, share) for share, row in zip(column, b.rows) if not row.shown and share > 0]
        if shown_part and len(hidden) == 1 and sum(column) - shown_part == hidden[0][1]:
            found.append((total, hidden[0][0]))
    return found


def test_no_hidden_group_can_be_derived_by_subtraction():
    rng = np.random.default_rng(SEED + 17)
    for _ in range(2000):
        groups = []
        for i, size in enumerate(rng.integers(0, 12, size=rng.integers(1, 7))):
            respondents = int(rng.integers(0, size + 1))
            # Each item skipped by the whole group now and then: a zero share, which protects nothing.
            items = tuple(int(rng.integers(0, respondents + 1) * (rng.random() > 0.3)) for _item in range(3))
            groups.append((str(i), int(size), 0, respondents, items))
        b = department_breakdown(groups)
        assert derived_by_subtraction(groups, b) == []
        assert all(g[1] >= 5 for g, row in zip(groups, b.rows) if row.shown)


# A 20, B 12, C 3, D 2 ballots; everyone answered "contract", D skipped "wages" entirely.
SKIPPED_BY_D = [("A", 20, 16, 20, (20, 19)), ("B", 12, 9, 12, (12, 11)), ("C", 3, 2, 3, (3, 3)), ("D", 2, 1, 2, (2, 0))]


def test_an_item_only_one_hidden_group_answered_hides_one_more_group():
    b = department_breakdown(SKIPPED_BY_D)
    # C and D hide each other's ballots and "contract", but C alone hid "wages": 33 − 19 − 11 = C's 3.
    assert shown(b) == ["A"]  # so B, the smallest shown group with answers to "wages", is hidden too
    assert derived_by_subtraction(SKIPPED_BY_D, b) == []
    wages = [g[4][1] for g in SKIPPED_BY_D]
    assert sum(wages) - wages[0] == 11 + 3  # the hidden part of "wages" mixes B and C
    assert (b.rows[1].ballots, b.rows[1].satisfied, b.rows[1].rate) == (None, None, None)


def test_a_group_without_answers_to_the_item_does_not_protect():
    groups = SKIPPED_BY_D + [("E", 8, 6, 8, (8, 0))]  # E is the smallest shown group, but skipped "wages"
    b = department_breakdown(groups)
    assert shown(b) == ["A", "E"]
    assert derived_by_subtraction(groups, b) == []


def test_a_group_without_respondents_does_not_protect():
    # D's two ballots only named the department: C alone has hidden respondents.
    groups = [("A", 20, 16, 20, (20,)), ("B", 12, 9, 12, (12,)), ("C", 3, 2, 3, (3,)), ("D", 2, 0, 0, (0,))]
    b = department_breakdown(groups)
    assert shown(b) == ["A"]
    assert derived_by_subtraction(groups, b) == []


def test_item_suppression_spreads_until_no_total_has_a_lone_hidden_share():
    groups = [("A", 30, 20, 30, (30, 30, 30)), ("E", 9, 6, 9, (0, 9, 9)), ("B", 12, 9, 12, (12, 12, 12)),
              ("C", 3, 2, 3, (3, 0, 3)), ("D", 2, 1, 2, (0, 0, 2))]
    b = department_breakdown(groups)
    # Item 1: C alone is hidden, so B goes (E has no answers to it); then B alone is hidden in item 2.
    assert shown(b) == ["A"]
    assert derived_by_subtraction(groups, b) == []


def group_rows(labels, satisfied, answered, groups):
    """SQL's GROUP BY department over raw answers: (group, ballots, satisfied, answered)."""
    return [(g, int((labels == i).sum()), int(satisfied[(labels == i) & answered].sum()),
             int(((labels == i) & answered).sum())) for i, g in enumerate(groups)]


def test_chi_square_matches_pearson_statistic_of_raw_answers():
    rng = np.random.default_rng(SEED + 18)
    labels = rng.integers(0, 4, size=400)
    answered = rng.random(400) > 0.05
    satisfied = rng.random(400) < np.array([0.9, 0.8, 0.7, 0.85])[labels]
    b = department_breakdown(group_rows(labels, satisfied, answered, ["a", "b", "c", "d"]))
    in_group = [answered & (labels == i) for i in range(4)]
    observed = np.array([[np.sum(satisfied & g), np.sum(~satisfied & g)] for g in in_group])
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    statistic = ((observed - expected) ** 2 / expected).sum()
    assert (b.test.method, b.test.dof, b.test.small_expected) == ("chi_square", 3, False)
    assert b.test.statistic == pytest.approx(statistic, rel=1e-9)
    assert b.test.p_value == pytest.approx(st.chi2.sf(statistic, 3), rel=1e-9)
    assert b.reason is None
    as_json(b)


def test_two_groups_use_yates_corrected_chi_square():
    b = department_breakdown([("a", 60, 50, 60), ("b", 40, 25, 40)])
    observed = np.array([[50, 10], [25, 15]])
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    statistic = ((np.abs(observed - expected) - 0.5) ** 2 / expected).sum()
    assert b.test.method == "chi_square"
    assert b.test.statistic == pytest.approx(statistic)
    assert b.test.p_value == pytest.approx(st.chi2.sf(statistic, 1))


def test_two_groups_with_small_expected_counts_use_fisher_exact():
    b = department_breakdown([("a", 8, 7, 8), ("b", 6, 1, 6)])
    assert (b.test.method, b.test.statistic, b.test.dof) == ("fisher_exact", None, None)
    assert b.test.p_value == pytest.approx(fisher_two_sided([[7, 1], [1, 5]]), rel=1e-6)
    as_json(b)


def test_test_uses_hidden_groups_too():
    groups = [("a", 30, 27, 30), ("b", 3, 0, 3), ("c", 20, 12, 20), ("d", 25, 20, 25)]
    b = department_breakdown(groups)
    assert shown(b) == ["a", "d"]
    observed = np.array([[s, n - s] for _, _, s, n in groups])
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    assert b.test.statistic == pytest.approx(((observed - expected) ** 2 / expected).sum())
    assert b.test.small_expected  # group b's expected counts are tiny


@pytest.mark.parametrize("groups, reason", [
    ([], "too_few_groups_shown"),
    ([("a", 40, 30, 40), ("b", 2, 1, 2)], "too_few_groups_shown"),
    ([("a", 40, 40, 40), ("b", 30, 30, 30)], "no_variance"),            # 100% satisfied everywhere
    ([("a", 40, 0, 40), ("b", 30, 0, 30)], "no_variance"),              # 0% satisfied everywhere
    ([("a", 40, 30, 40), ("empty", 0, 0, 0)], "too_few_groups_shown"),
    ([("a", 40, 30, 40), ("b", 30, 0, 0), ("c", 9, 0, 0)], "too_few_groups"),  # item skipped by b, c
])
def test_breakdown_without_a_test(groups, reason):
    b = department_breakdown(groups)
    assert (b.test, b.reason) == (None, reason)
    as_json(b)


def test_shown_group_without_answers_has_no_rate():
    b = department_breakdown([("a", 40, 30, 40), ("b", 30, 0, 0)])
    assert (b.rows[1].shown, b.rows[1].rate, b.rows[1].ballots) == (True, None, 30)


def test_breakdown_rejects_inconsistent_counts():
    with pytest.raises(ValueError):
        department_breakdown([("a", 10, 11, 10)])
    with pytest.raises(ValueError):
        department_breakdown([("a", 10, 9, 10, (10, 9)), ("b", 10, 9, 10, (10,))])
