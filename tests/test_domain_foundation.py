"""Pure domain rules of the foundation: codes, credit codes, the life cycle and the counting rules."""
from datetime import datetime, timedelta
from enum import StrEnum
from fractions import Fraction

import pytest

from survey.data.enums import CampaignState
from survey.domain import codes, credit_code, lifecycle, rules
from survey.domain.errors import Conflict, IllegalTransition
from survey.domain.voting import Form, FormItem, build_form, check_answers


def test_codes_have_at_least_64_random_bits_and_no_ambiguous_characters():
    assert len(codes.ALPHABET) ** codes.LENGTH >= 2 ** 64
    assert not set("01IO") & set(codes.ALPHABET)
    sample = {codes.new_code() for _ in range(2000)}
    assert len(sample) == 2000
    assert set("".join(sample)) == set(codes.ALPHABET)


def test_codes_are_typable_in_any_case_with_separators():
    code = codes.new_code()
    shown = codes.display(code)
    assert shown.count("-") == 2 and shown.replace("-", "") == code
    assert codes.normalize(f" {shown.lower()} ") == code
    assert codes.normalize(code.replace(code[0], "0", 1)) is None
    assert codes.normalize(code[:-1]) is None and codes.normalize("") is None


def test_only_a_hash_identifies_a_code_and_receipts_reveal_nothing():
    code = codes.new_code()
    hashed = codes.code_hash(code)
    assert len(hashed) == 64 and code not in hashed
    assert codes.receipt("s", hashed) == codes.receipt("s", hashed)
    assert codes.receipt("s", hashed) != codes.receipt("other secret", hashed)
    assert len(codes.receipt("s", hashed)) == 10


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B", "911100001000079554"])
def test_valid_credit_codes(code):
    assert credit_code.problem(code) is None


@pytest.mark.parametrize("code, problem", [
    ("91350100M000100Y44", "credit_code_check"),
    ("91350100M000100Y4", "credit_code_length"),
    ("91350100M000100YI3", "credit_code_characters"),
    ("91350100M000100Y430", "credit_code_length"),
])
def test_invalid_credit_codes(code, problem):
    assert credit_code.problem(code) == problem


def test_check_character_can_be_zero():
    """31 − (sum mod 31) is 31 when the sum is a multiple of 31; the check character is then 0."""
    body = next(c for c in (f"9111000010000{n:04d}" for n in range(9999)) if credit_code.check_character(c) == "0")
    assert credit_code.problem(body + "0") is None


def test_lifecycle_moves_forward_only():
    assert lifecycle.CAMPAIGN.transition("draft", "open") == "open"
    assert lifecycle.CAMPAIGN.transition("open", "sealing") is CampaignState.SEALING
    assert lifecycle.CAMPAIGN.transition("sealing", "closed") is CampaignState.CLOSED
    for current, target in (("draft", "closed"), ("open", "open"), ("closed", "open"), ("closed", "draft"),
                            ("open", "closed"), ("sealing", "open"), ("sealing", "sealing"), ("closed", "sealing")):
        with pytest.raises(IllegalTransition):
            lifecycle.CAMPAIGN.transition(current, target)


class Filing(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


def test_a_state_machine_is_its_table_of_moves():
    filing = lifecycle.StateMachine(Filing, {Filing.DRAFT: frozenset({Filing.SUBMITTED, Filing.WITHDRAWN}),
                                             Filing.SUBMITTED: frozenset({Filing.RETURNED}),
                                             Filing.RETURNED: frozenset({Filing.SUBMITTED})})
    assert filing.transition("returned", "submitted") is Filing.SUBMITTED
    assert filing.transition(Filing.DRAFT, "withdrawn") is Filing.WITHDRAWN
    for current, target in (("submitted", "draft"), ("withdrawn", "draft"), ("draft", "named"), ("gone", "draft")):
        with pytest.raises(IllegalTransition) as caught:
            filing.transition(current, target)
        assert caught.value.details == {"current": current, "target": target}


def test_voting_status_follows_times():
    now = datetime(2026, 5, 20, 10)
    hour = timedelta(hours=1)
    assert lifecycle.voting_status("open", now - hour, now + hour, now) == "open"
    assert lifecycle.voting_status("open", now + hour, None, now) == "not_open"
    assert lifecycle.voting_status("open", None, now, now) == "closed"  # closing time reached: closed
    assert lifecycle.voting_status("draft", None, None, now) == "not_open"
    assert lifecycle.voting_status("closed", None, None, now) == "closed"
    assert lifecycle.voting_status("sealing", now - hour, now + hour, now) == "closed"  # takes no more ballots
    assert lifecycle.due_to_close("open", now, now) and not lifecycle.due_to_close("open", now + hour, now)


def test_results_are_shown_of_a_closed_vote_only():
    lifecycle.require_results("closed")
    for state, key in (("draft", "results_hidden"), ("open", "results_hidden"), ("sealing", "results_sealing")):
        with pytest.raises(Conflict) as caught:
            lifecycle.require_results(state)
        assert caught.value.key == key


def count(key, answered, satisfied, weight=1, score_sum=0):
    return rules.ItemCount(key, weight, answered, satisfied, score_sum)


def test_threshold_is_inclusive_and_exact():
    exactly = rules.tally([count("a", 5, 4)], rules.CountingRules())
    assert exactly.composite == Fraction(4, 5) and exactly.qualified
    just_below = rules.tally([count("a", 10000, 7999)], rules.CountingRules())
    assert float(just_below.composite) == pytest.approx(0.8, abs=1e-3) and not just_below.qualified


def test_composite_is_the_weighted_mean_of_item_rates():
    result = rules.tally([count("a", 4, 4, weight=3), count("b", 2, 0, weight=1), count("c", 0, 0, weight=5)],
                         rules.CountingRules())
    assert result.composite == Fraction(3, 4)  # (3·1 + 1·0) / 4; "c" unanswered does not count
    assert result.items[2].value is None


def test_floors_and_vetoes_at_their_exact_value():
    settings = rules.CountingRules(floors={"a": Fraction(80)}, vetoes={"b": Fraction(50)})
    passing = rules.tally([count("a", 5, 4), count("b", 2, 1), count("c", 1, 1, weight=3)], settings)
    assert passing.qualified and passing.reasons == ("composite_reaches",)
    failing = rules.tally([count("a", 5, 3), count("b", 3, 1), count("c", 1, 1)], settings)
    assert set(failing.reasons) == {"floor:a", "veto:b", "composite_below"}


def test_score_method_compares_points():
    settings = rules.CountingRules(method=rules.SCORE, threshold=Fraction(80))
    result = rules.tally([count("a", 2, 1, score_sum=160)], settings)
    assert result.composite == 80 and result.threshold == 80 and result.qualified


def test_no_answers_is_not_qualified():
    result = rules.tally([count("a", 0, 0)], rules.CountingRules())
    assert not result.qualified and result.reasons[0] == "no_valid_ballots"


FORM = Form(1, (FormItem(1, "overall", "scored", True, {"yes": 11, "no": 12}),
                FormItem(2, "wages", "scored", False, {"yes": 21, "no": 22}),
                FormItem(3, "dept", "department", False, {"d1": 31}),
                FormItem(4, "note", "text", False, {})))


def test_answers_are_checked_against_the_form():
    checked = check_answers(FORM, {"overall": "yes", "dept": "d1", "note": " 加油 "})
    assert checked.errors == {} and checked.valid
    assert checked.rows == ((1, 11, None), (3, 31, None), (4, None, "加油"))
    assert check_answers(FORM, {"wages": "yes"}).errors == {"overall": "required"}
    assert check_answers(FORM, {"overall": "maybe"}).errors == {"overall": "not_an_option"}
    assert check_answers(FORM, {"overall": "yes", "x": "1"}).errors == {"x": "unknown_item"}
    assert check_answers(FORM, {"overall": "yes", "note": "x" * 1001}).errors == {"note": "too_long"}
    assert check_answers(FORM, {"overall": ["yes"]}).errors == {"overall": "not_an_option"}


def test_a_ballot_without_scored_answers_is_cast_but_not_valid():
    optional = Form(1, (FormItem(1, "overall", "scored", False, {"yes": 11}), FormItem(4, "note", "text", False, {})))
    checked = check_answers(optional, {"note": "只写建议"})
    assert checked.errors == {} and not checked.valid and checked.rows == ((4, None, "只写建议"),)


def test_a_form_is_built_from_one_row_per_option_in_questionnaire_order():
    rows = [(1, "overall", "scored", True, "yes", 11), (1, "overall", "scored", True, "no", 12),
            (4, "note", "text", False, None, None)]
    assert build_form(7, rows) == Form(7, (FormItem(1, "overall", "scored", True, {"yes": 11, "no": 12}),
                                           FormItem(4, "note", "text", False, {})))
