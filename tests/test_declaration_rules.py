"""The pure rules of declarations: levels held, the self-check line, scores and vetoes, the state machine."""
from decimal import Decimal
from fractions import Fraction

import pytest

from survey.data.enums import DeclarationState as S
from survey.data.models import Criterion
from survey.domain import criteria, levels, lifecycle, scoring
from survey.domain.declarations import vote_qualifies
from survey.domain.errors import IllegalTransition, Invalid

Y = 2026


@pytest.mark.parametrize("held, allowed", [
    ({}, False), ({Y: "A"}, False), ({Y - 1: "A"}, True), ({Y - 3: "AA"}, True)])
def test_aa_needs_a_level_held_in_an_earlier_year(held, allowed):
    assert levels.allowed("AA", Y, held) is allowed


@pytest.mark.parametrize("held, allowed", [
    ({}, False), ({Y - 1: "AA"}, False), ({Y - 1: "AA", Y - 2: "A"}, False), ({Y - 1: "AA", Y - 3: "AA"}, False),
    ({Y - 1: "AA", Y - 2: "AA"}, True), ({Y - 1: "AAA", Y - 2: "AA"}, True)])
def test_aaa_needs_aa_held_in_both_years_before(held, allowed):
    assert levels.allowed("AAA", Y, held) is allowed


def test_a_is_always_allowed_a_first_declaration_is_for_a():
    assert levels.allowed("A", Y, {}) and not levels.allowed("AA", Y, {}) and not levels.allowed("AAA", Y, {})


def _summary(composite: Fraction, threshold: Fraction = Fraction(4, 5)) -> dict:
    return {"qualified": composite >= threshold, "composite": str(composite), "threshold": str(threshold)}


def test_a_vote_at_exactly_80_percent_qualifies_and_79_99_does_not():
    assert vote_qualifies("rate", _summary(Fraction(4, 5)))
    assert not vote_qualifies("rate", _summary(Fraction(7999, 10000)))


def test_a_vote_counted_against_a_lower_threshold_never_qualifies_a_declaration():
    assert not vote_qualifies("rate", _summary(Fraction(79, 100), threshold=Fraction(7, 10)))
    assert vote_qualifies("score", _summary(Fraction(80), threshold=Fraction(80)))
    assert not vote_qualifies("score", _summary(Fraction(7999, 100), threshold=Fraction(80)))


def _scheme() -> list[Criterion]:
    return criteria.example()


def test_the_example_scheme_has_100_points_and_three_vetoes():
    scheme = _scheme()
    assert sum(c.max_points for c in scheme if not c.veto) == 100
    assert [c.key for c in scheme if c.veto] == ["veto_wage_arrears", "veto_major_accident", "veto_mass_incident"]
    assert not criteria.check(list(criteria.EXAMPLE))


def test_a_failed_veto_fails_a_100_point_score():
    scheme = _scheme()
    points = {c.key: c.max_points for c in scheme if not c.veto}
    met = {c.key: True for c in scheme if c.veto}
    full = scoring.score(scheme, points, met)
    assert full.total == 100 and not full.vetoed and not full.missing
    failed = scoring.score(scheme, points, {**met, "veto_wage_arrears": False})
    assert failed.total == 100 and failed.vetoed and failed.vetoes_failed == ("veto_wage_arrears",)


def test_totals_are_exact_decimals():
    scheme = _scheme()
    points = {c.key: Decimal("0.10") for c in scheme if not c.veto}
    assert scoring.score(scheme, points, {}).total == Decimal("1.60")  # 16 × 0.10, never 1.6000000000000003


@pytest.mark.parametrize("value, ok", [(8, True), ("8.00", True), (0, True), (Decimal("7.99"), True),
                                       (Decimal("8.01"), False), (-1, False), ("1.001", False), ("NaN", False),
                                       (True, False), ("x", False), (None, False)])
def test_points_are_bounded_by_the_criterion_maximum(value, ok):
    contract = _scheme()[0]  # 8 points
    if ok:
        assert scoring.checked(contract, value) == Decimal(str(value))
    else:
        with pytest.raises(Invalid):
            scoring.checked(contract, value)


def test_a_veto_criterion_takes_true_or_false_only():
    veto = _scheme()[-1]
    assert scoring.checked(veto, False) is False
    with pytest.raises(Invalid):
        scoring.checked(veto, 0)


def test_the_minimum_per_level_is_inclusive():
    assert scoring.reaches(Decimal(85), {"AA": "85"}, "AA") and not scoring.reaches(Decimal("84.99"), {"AA": "85"}, "AA")
    assert scoring.reaches(Decimal(0), {"AA": "85"}, "A")


LEGAL = {(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.UNDER_ASSESSMENT), (S.SUBMITTED, S.RETURNED),
         (S.RETURNED, S.SUBMITTED), (S.UNDER_ASSESSMENT, S.ASSESSED), (S.UNDER_ASSESSMENT, S.RETURNED),
         (S.UNDER_ASSESSMENT, S.DISQUALIFIED), (S.ASSESSED, S.IN_REVIEW), (S.ASSESSED, S.DISQUALIFIED),
         (S.IN_REVIEW, S.ON_NOTICE), (S.IN_REVIEW, S.DISQUALIFIED), (S.ON_NOTICE, S.NAMED),
         (S.ON_NOTICE, S.DISQUALIFIED)} | {(s, S.WITHDRAWN) for s in S if s not in (S.NAMED, S.DISQUALIFIED, S.WITHDRAWN)}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_the_declaration_moves_exactly_as_its_table_says(current, target):
    if (current, target) in LEGAL:
        assert lifecycle.DECLARATION.transition(current, target) == target
    else:
        with pytest.raises(IllegalTransition):
            lifecycle.DECLARATION.transition(current, target)


@pytest.mark.parametrize("value", ["1e999999", "-1e999999", "1e-999999", "Infinity"])
def test_points_far_out_of_range_are_refused_not_crashed_on(value):
    with pytest.raises(Invalid):
        scoring.checked(_scheme()[0], value)


def test_a_minimum_score_or_a_maximum_far_out_of_range_is_refused():
    from survey.domain import cycles
    assert cycles.check(cycles.Settings(min_scores={"A": Decimal("1e999999")})) == {"min_scores.A": "min_score_range"}
    huge = criteria.EXAMPLE[0]._replace(max_points=Decimal("1e999999"))
    assert criteria.check([huge]) == {"criteria.1": "criterion_points"}
