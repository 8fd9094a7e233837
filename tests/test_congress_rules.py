from fractions import Fraction

import pytest

from survey.domain.congress import (
    BELOW_MAJORITY,
    CATEGORIES,
    OUTRANKED,
    RULE_MAJORITY,
    RULE_QUORUM,
    CountError,
    category_labels,
    election_result,
    management_share,
    motion_result,
    quorum_met,
)
from survey.domain.errors import IllegalTransition, Invalid
from survey.domain.lifecycle import AGENDA_ITEM, CONGRESS


def test_categories_and_translatable_labels():
    assert CATEGORIES == ("frontline", "technical", "management", "other")
    labels = category_labels(lambda text: f"<{text}>")
    assert labels["management"] == "<Managers and leaders>"
    assert list(labels) == list(CATEGORIES)


@pytest.mark.parametrize(
    ("present", "total", "met"),
    [
        (30, 45, True),  # exactly two-thirds
        (29, 45, False),
        (2, 3, True),
        (1, 2, False),  # 2/3 of 2 is 1.33…: 1 is short
        (2, 2, True),
        (67, 100, True),  # 2/3 of 100 is 66.67…
        (66, 100, False),
        (5, 7, True),  # 2/3 of 7 is 4.67…
        (4, 7, False),
        (1, 1, True),
        (0, 1, False),
        (0, 0, False),
    ],
)
def test_quorum_is_two_thirds_of_all_delegates_inclusive(present, total, met):
    assert quorum_met(present, total) is met


@pytest.mark.parametrize(
    ("present", "total", "key"),
    [
        (-1, 10, "congress_negative_count"),
        (1, -1, "congress_negative_count"),
        (11, 10, "congress_present_exceeds_total"),
    ],
)
def test_quorum_rejects_impossible_counts(present, total, key):
    with pytest.raises(CountError) as caught:
        quorum_met(present, total)
    assert caught.value.key == key
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, Invalid)


def test_count_error_carries_details_and_a_readable_message():
    with pytest.raises(CountError) as caught:
        quorum_met(46, 45)
    assert caught.value.details == {"present": 46, "total": 45}
    assert str(caught.value) == "present (46) exceeds all delegates (45)"


def test_exactly_half_of_all_delegates_fails():
    result = motion_result(100, 100, 50, 50, 0)
    assert not result.passed
    assert result.required == 51
    assert result.margin == -1
    assert result.rule == RULE_MAJORITY


def test_half_plus_one_passes():
    result = motion_result(100, 80, 51, 20, 9)
    assert result.passed
    assert result.margin == 0
    assert (result.for_votes, result.against, result.abstain) == (51, 20, 9)


@pytest.mark.parametrize(("total", "required"), [(1, 1), (2, 2), (3, 2), (45, 23), (99, 50)])
def test_odd_and_even_totals_need_more_than_half(total, required):
    passing = motion_result(total, total, required, 0, 0)
    failing = motion_result(total, total, required - 1, 0, 0)
    assert passing.passed and passing.required == required
    assert not failing.passed


def test_for_votes_count_against_all_delegates_not_those_present():
    # Quorate: 70 of 100; 50 for is most of those present and voting but not of all delegates.
    result = motion_result(100, 70, 50, 10, 10)
    assert result.quorum_met
    assert not result.passed
    assert result.rule == RULE_MAJORITY


def test_brief_example_sixty_present_fifty_for_fails():
    assert not motion_result(100, 60, 50, 5, 5).passed


def test_no_motion_passes_without_quorum_even_with_a_majority_of_all():
    result = motion_result(100, 60, 55, 5, 0)
    assert not result.quorum_met
    assert not result.passed
    assert result.rule == RULE_QUORUM


def test_not_voted_includes_the_absent():
    result = motion_result(100, 70, 40, 10, 5)
    assert result.absent == 30
    assert result.not_voted == 45
    assert result.for_votes + result.against + result.abstain + result.not_voted == result.total


@pytest.mark.parametrize(
    ("args", "key"),
    [
        ((100, 70, 40, 20, 11), "congress_cast_exceeds_present"),
        ((100, 101, 0, 0, 0), "congress_present_exceeds_total"),
        ((100, 70, -1, 0, 0), "congress_negative_count"),
        ((100, 70, 0, 0, -1), "congress_negative_count"),
    ],
)
def test_motion_rejects_impossible_counts(args, key):
    with pytest.raises(CountError) as caught:
        motion_result(*args)
    assert caught.value.key == key


def names(outcomes):
    return [outcome.candidate for outcome in outcomes]


def test_candidate_needs_more_than_half_of_all_delegates():
    result = election_result(100, 3, {"a": 51, "b": 50, "c": 80}, ballots_cast=90)
    assert names(result.elected) == ["c", "a"]
    assert result.required == 51
    assert result.unfilled == 1
    assert [(o.candidate, o.reason) for o in result.not_elected] == [("b", BELOW_MAJORITY)]


def test_more_qualified_candidates_than_seats_elects_the_most_voted():
    votes = {"a": 52, "b": 60, "c": 55, "d": 70, "e": 53}
    result = election_result(100, 3, votes, ballots_cast=100)
    assert names(result.elected) == ["d", "b", "c"]
    assert result.tied == ()
    assert result.unfilled == 0
    assert [(o.candidate, o.reason) for o in result.not_elected] == [
        ("e", OUTRANKED),
        ("a", OUTRANKED),
    ]


def test_tie_at_the_last_seat_is_reported_and_nobody_in_it_elected():
    votes = {"a": 70, "b": 60, "c": 52, "d": 52, "e": 51, "f": 10}
    result = election_result(100, 3, votes, ballots_cast=100)
    assert names(result.elected) == ["a", "b"]
    assert sorted(names(result.tied)) == ["c", "d"]
    assert result.unfilled == 1
    assert [(o.candidate, o.reason) for o in result.not_elected] == [
        ("e", OUTRANKED),
        ("f", BELOW_MAJORITY),
    ]


def test_tie_spanning_all_seats_elects_nobody():
    result = election_result(10, 2, {"a": 6, "b": 6, "c": 6}, ballots_cast=9)
    assert result.elected == ()
    assert sorted(names(result.tied)) == ["a", "b", "c"]
    assert result.unfilled == 2


def test_tie_within_the_seats_is_no_tie():
    result = election_result(10, 2, {"a": 7, "b": 7, "c": 6}, ballots_cast=10)
    assert sorted(names(result.elected)) == ["a", "b"]
    assert result.tied == ()
    assert [(o.candidate, o.reason) for o in result.not_elected] == [("c", OUTRANKED)]


def test_tie_with_an_unqualified_runner_up_is_no_tie():
    # c ties b but has only half of all delegates, so it never competes for the seat.
    result = election_result(10, 1, {"b": 5, "c": 5}, ballots_cast=10)
    assert result.elected == result.tied == ()
    assert {o.reason for o in result.not_elected} == {BELOW_MAJORITY}


@pytest.mark.parametrize(
    ("total", "seats", "votes", "cast", "key"),
    [
        (10, 0, {"a": 6}, 10, "congress_no_seats"),
        (10, 1, {"a": 6}, 11, "congress_ballots_exceed_total"),
        (10, 1, {"a": 9}, 8, "congress_votes_exceed_ballots"),
        (10, 1, {"a": -1}, 8, "congress_negative_count"),
        (10, 1, {"a": 6, "b": 5}, 10, "congress_votes_exceed_seats"),
    ],
)
def test_election_rejects_impossible_counts(total, seats, votes, cast, key):
    with pytest.raises(CountError) as caught:
        election_result(total, seats, votes, cast)
    assert caught.value.key == key


def test_management_exactly_twenty_percent_does_not_warn():
    share = management_share({"frontline": 30, "technical": 8, "management": 10, "other": 2})
    assert share.share == Fraction(1, 5)
    assert not share.warn


def test_management_just_above_twenty_percent_warns():
    share = management_share({"frontline": 39, "management": 11})
    assert share.share == Fraction(11, 50)
    assert share.warn


def test_management_share_is_exact_not_rounded():
    # 200/999 = 20.02%: a float rounded to one decimal would say 20.0% and not warn.
    assert management_share({"frontline": 799, "management": 200}).warn
    assert not management_share({"frontline": 800, "management": 200}).warn


def test_management_share_of_nobody_and_regional_limit():
    assert management_share({}).share == 0
    assert not management_share({}).warn
    assert management_share({"frontline": 3, "management": 1}, limit=Fraction(1, 5)).warn
    assert not management_share({"frontline": 3, "management": 1}, limit=Fraction(1, 4)).warn


@pytest.mark.parametrize(
    ("counts", "key"),
    [({"boss": 1}, "congress_unknown_category"), ({"other": -1}, "congress_negative_count")],
)
def test_management_share_rejects_bad_counts(counts, key):
    with pytest.raises(CountError) as caught:
        management_share(counts)
    assert caught.value.key == key


@pytest.mark.parametrize("machine", [CONGRESS, AGENDA_ITEM])
def test_sessions_and_ballots_go_draft_open_closed(machine):
    assert machine.transition(machine.transition("draft", "open"), "closed") == "closed"


@pytest.mark.parametrize("machine", [CONGRESS, AGENDA_ITEM])
@pytest.mark.parametrize(
    ("current", "target"),
    [("draft", "closed"), ("open", "draft"), ("closed", "open"), ("closed", "closed")],
)
def test_illegal_transitions_raise(machine, current, target):
    with pytest.raises(IllegalTransition) as caught:
        machine.transition(current, target)
    assert caught.value.key == "illegal_transition"
    assert caught.value.details == {"current": current, "target": target}
