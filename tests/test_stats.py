"""Survey statistics checked against published values and against the raw ballots they summarise.

The second method: seeded numpy matrices of respondents × items stand in for the ballots; the
statistic is computed directly from that matrix with numpy/scipy, the sufficient statistics the
SQL layer would return are computed from the same matrix, and the two results must agree.
"""
import json
from dataclasses import asdict
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats as st

from survey.domain.breakdown import GroupCount, department_breakdown
from survey.domain.finite_population import ItemRate, item_rate
from survey.domain.reliability import cronbach_alpha
from survey.domain.stats import answer_distribution, precision_warnings, turnout

SEED = 20240501


def ballots(rng, n, k=8, p=(0.55, 0.30, 0.15), skip=0.1):
    """Raw 3-point answers (0 满意, 1 基本满意, 2 不满意) with skips, and integer item weights."""
    answers = rng.choice(3, size=(n, k), p=p)
    answered = rng.random((n, k)) >= skip
    return answers, answered, rng.integers(1, 4, size=k)


def as_json(result) -> str:
    return json.dumps(asdict(result), allow_nan=False)


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
    assert item_rate(0, 0) == ItemRate(0, 0, None, None, None, None, "no_answers")
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
    assert precision_warnings(0.03, turnout(60, 100)) == ()
    assert precision_warnings(0.05, turnout(50, 100)) == ()  # exactly ±5 points is not wide
    assert precision_warnings(0.0501, turnout(49, 100)) == ("low_turnout", "wide_interval")
    assert precision_warnings(None) == ("no_interval",)
    assert precision_warnings(5.0, top=100) == () and precision_warnings(5.01, top=100) == ("wide_interval",)


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
    assert all((r.ballots, r.answered, r.mean) == (None,) * 3 for r in hidden)
    assert [r.mean for r in b.rows if r.shown] == [0.75, 0.8]


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
    shares = zip(*[(g.ballots, g.answered, *g.item_answered) for g in (GroupCount(*group) for group in groups)])
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
    assert (b.rows[1].ballots, b.rows[1].answered, b.rows[1].mean) == (None, None, None)


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


@pytest.mark.parametrize("groups, reason", [
    ([], "too_few_groups_shown"),
    ([("a", 40, 30, 40), ("b", 2, 1, 2)], "too_few_groups_shown"),
    ([("a", 40, 40, 40, (), 40), ("b", 30, 30, 30, (), 30)], "no_variance"),  # 100% satisfied everywhere
    ([("a", 40, 0, 40), ("b", 30, 0, 30)], "no_variance"),                    # 0% satisfied everywhere
    ([("a", 40, 30, 40), ("empty", 0, 0, 0)], "too_few_groups_shown"),
    ([("a", 40, 30, 40), ("b", 30, 0, 0), ("c", 9, 0, 0)], "too_few_groups"),  # b, c: no respondents
    ([("a", 1, 1, 1, (), 1), ("b", 1, 0, 1)], "too_few_groups_shown"),
])
def test_breakdown_without_a_test(groups, reason):
    b = department_breakdown(groups)
    assert (b.test, b.reason) == (None, reason)
    as_json(b)


def test_shown_group_without_answers_has_no_rate():
    b = department_breakdown([("a", 40, 30, 40), ("b", 30, 0, 0)])
    assert (b.rows[1].shown, b.rows[1].mean, b.rows[1].ballots) == (True, None, 30)


def test_breakdown_rejects_inconsistent_counts():
    with pytest.raises(ValueError):
        department_breakdown([("a", 10, 9, 11)])  # more respondents than ballots
    with pytest.raises(ValueError):
        department_breakdown([("a", 10, 9, 10, (10, 9)), ("b", 10, 9, 10, (10,))])
