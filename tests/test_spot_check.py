"""The spot check against the self-check (抽查与自查比较), checked against values computed here by hand.

A vote whose ballots each answer every item alike (all satisfied or all not) has composite p = k/n
and linearized Σz² = p(1 − p)/n, so its composite variance is fpc·p(1 − p)/(n − 1): the variance of
the mean of n yes/no values, finite-population corrected. The one-sided Welch test on those is
scipy's `ttest_ind_from_stats(…, equal_var=False, alternative="greater")` with the standard
deviations sqrt(n·variance) — computed here without the application's code.
"""
from fractions import Fraction

import pytest
from scipy import stats

from naming_support import welch_greater
from survey.domain import estimation, spot_check


def alike(satisfied: int, n: int, electorate: int) -> estimation.CompositeEstimate:
    p = Fraction(satisfied, n)
    return estimation.composite_estimate(p, float(p * (1 - p) / n), n, electorate)


def test_a_markedly_lower_spot_check_is_flagged_with_the_hand_computed_p_value():
    found = spot_check.compare(alike(96, 100, 200), alike(31, 50, 200))
    expected = welch_greater(96, 100, 200, 31, 50, 200)
    assert found.p_value == pytest.approx(expected, rel=1e-9)
    assert expected < 0.001 and found.flagged
    assert (found.self_check, found.spot_check, found.ballots) == (0.96, 0.62, 50)


def test_a_spot_check_higher_than_the_self_check_is_never_flagged():
    found = spot_check.compare(alike(31, 50, 200), alike(96, 100, 200))
    assert found.p_value == pytest.approx(1 - welch_greater(96, 100, 200, 31, 50, 200), rel=1e-9)
    assert found.p_value > 0.99 and not found.flagged


def test_the_flag_falls_at_five_percent_one_sided():
    """Two spot checks around the line: the one whose hand p is under 5% is flagged, the other not."""
    results = {}
    for spot in range(38, 46):
        p = welch_greater(45, 50, 500, spot, 50, 500)
        found = spot_check.compare(alike(45, 50, 500), alike(spot, 50, 500))
        assert found.p_value == pytest.approx(p, rel=1e-9)
        results[spot] = (p, found.flagged)
    flagged = [spot for spot, (p, is_flagged) in results.items() if is_flagged]
    assert flagged and len(flagged) < len(results)
    assert all((p < 0.05) == is_flagged for p, is_flagged in results.values())


def test_items_use_fisher_with_holm_and_flag_only_the_self_check_higher():
    items = [("wages", (48, 50), (20, 40), None),  # self 96% vs spot 50%: markedly lower
             ("safety", (20, 50), (38, 40), None),  # spot higher: a change, never a flag
             ("care", (45, 50), (35, 40), None)]  # about the same
    found = spot_check.compare(alike(96, 100, 200), alike(31, 50, 200), items)
    raw = [stats.fisher_exact([[k1, n1 - k1], [k0, n0 - k0]]).pvalue for _key, (k0, n0), (k1, n1), _r in items]
    order = sorted(range(3), key=raw.__getitem__)
    holm, running = [0.0] * 3, 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (3 - rank) * raw[index]))
        holm[index] = running
    by_key = dict(found.items)
    assert [by_key[key].p_adjusted for key, *_rest in items] == pytest.approx(holm, rel=1e-9)
    assert by_key["safety"].significant and found.flagged_items == ("wages",)


def test_no_p_value_without_two_ballots():
    found = spot_check.compare(alike(96, 100, 200), alike(1, 1, 200))
    assert found.p_value is None and not found.flagged and found.reason == "single_respondent"
