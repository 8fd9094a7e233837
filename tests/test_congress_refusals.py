"""Every refusal gets a clear message and changes nothing: the database is the same before and after."""
import io

import pytest
from sqlalchemy import text

from congress_support import new_congress, open_motion, open_session, sign_in, vote
from helpers import xlsx

TABLES = ("congress", "delegate", "sign_in", "agenda_item", "candidate", "congress_code", "motion_ballot",
          "election_ballot", "election_choice", "campaign")


def snapshot(session) -> dict:
    session.commit()
    return {table: sorted(map(tuple, session.execute(text(f"SELECT * FROM {table}")))) for table in TABLES}


def refused(response, status: int, key: str) -> dict:
    assert response.status_code == status, response.json
    assert response.json["error"] == key and response.json["message"] and response.json["message"] != key
    return response.json


def test_bad_roster_file_imports_nothing_and_names_every_line(api, world, session):
    congress_id, _ids = new_congress(api, world.a, 4)
    before = snapshot(session)
    data = xlsx([["姓名", "部门", "类别"], ["张三", "生产部", "一线职工"], ["李四", "生产部", "老板"], ["", "生产部", "其他"]])
    body = refused(api("chair_a").post(f"/congresses/{congress_id}/roster", data={"file": (io.BytesIO(data), "名单.xlsx")},
                                       content_type="multipart/form-data"), 422, "roster_rejected")
    assert [(line["line"], line["error"]) for line in body["lines"]] == [
        (3, "roster_unknown_category"), (4, "roster_missing_name")]
    assert "老板" in body["lines"][0]["message"]
    assert snapshot(session) == before


@pytest.mark.parametrize("delegates, line, key", [
    ([{"name": "", "department": "生产部", "category": "frontline"}], 1, "roster_missing_name"),
    ([{"name": "甲", "department": "", "category": "chief"}], 1, "roster_unknown_category"),
    ([{"name": "甲", "department": "", "category": "other"}, {"name": "甲", "department": "", "category": "other"}],
     2, "roster_duplicate_delegate"),
])
def test_bad_roster_in_json_creates_no_congress(api, world, session, delegates, line, key):
    before = snapshot(session)
    body = refused(api("chair_a").post(f"/enterprises/{world.a}/congresses", {"title": "职代会", "delegates": delegates}),
                   422, "roster_rejected")
    assert (body["lines"][0]["line"], body["lines"][0]["error"]) == (line, key)
    assert snapshot(session) == before


def test_roster_is_fixed_once_the_session_opens(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=0)
    before = snapshot(session)
    refused(api("chair_a").post(f"/congresses/{congress_id}/delegates",
                                {"name": "新代表", "department": "", "category": "other"}), 409, "congress_roster_fixed")
    assert snapshot(session) == before


def test_ballot_without_quorum(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=6, present=3)
    chair = api("chair_a")
    motion_id = chair.post(f"/congresses/{congress_id}/motions", {"title": "议案"}).json["id"]
    election_id = chair.post(f"/congresses/{congress_id}/elections",
                             {"title": "选举", "seats": 1, "candidates": ["甲"]}).json["id"]
    before = snapshot(session)
    body = refused(chair.post(f"/motions/{motion_id}/open"), 409, "congress_no_quorum")
    assert "3" in body["message"] and "6" in body["message"]
    refused(chair.post(f"/elections/{election_id}/open"), 409, "congress_no_quorum")
    refused(chair.post(f"/motions/{motion_id}/codes"), 409, "congress_item_not_open")
    assert snapshot(session) == before


def test_no_sign_in_before_the_session_opens(api, world, session):
    congress_id, ids = new_congress(api, world.a, 3)
    before = snapshot(session)
    refused(api("chair_a").post(f"/congresses/{congress_id}/sign-ins", {"delegate_id": ids[0]}),
            409, "congress_not_in_session")
    assert snapshot(session) == before


def test_second_sign_in_is_409(api, world, session):
    congress_id, ids = open_session(api, world.a, total=3, present=1)
    before = snapshot(session)
    for paper in (False, True):
        refused(api("chair_a").post(f"/congresses/{congress_id}/sign-ins", {"delegate_id": ids[0], "paper": paper}),
                409, "congress_signed_in")
    assert snapshot(session) == before


def test_reused_code_is_409(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion_id, codes = open_motion(api, congress_id)
    vote(api, codes[:1], {"for": 1})
    before = snapshot(session)
    refused(api().post("/ballots", {"code": codes[0], "choice": "against"}), 409, "code_used")
    assert snapshot(session) == before


def test_paper_voter_gets_no_code_and_cannot_also_vote_by_phone(api, world, session):
    """3 present, 1 on paper: 2 codes. The paper voter's sign-in cannot be turned into a phone one,
    and the paper count cannot exceed the one paper voter."""
    congress_id, ids = open_session(api, world.a, total=3, present=3, paper=1)
    motion_id, codes = open_motion(api, congress_id)
    assert len(codes) == 2
    vote(api, codes, {"for": 2})
    before = snapshot(session)
    refused(api("chair_a").post(f"/motions/{motion_id}/codes"), 409, "congress_codes_issued")
    refused(api("chair_a").post(f"/congresses/{congress_id}/sign-ins", {"delegate_id": ids[2], "paper": False}),
            409, "congress_signed_in")
    refused(api("chair_a").post(f"/motions/{motion_id}/paper", {"for": 2}), 422, "congress_paper_exceeds")
    assert snapshot(session) == before
    assert api("chair_a").post(f"/motions/{motion_id}/paper", {"for": 1}).status_code == 200
    assert api("chair_a").post(f"/motions/{motion_id}/close").status_code == 200
    result = api("chair_a").get(f"/motions/{motion_id}/results").json
    assert (result["for"], result["not_voted"]) == (3, 0)


@pytest.mark.parametrize("counts", [{"for": -1}, {"for": "2"}, {"for": 1.5}, {"against": True}])
def test_paper_counts_must_be_whole_numbers(api, world, session, counts):
    congress_id, _ids = open_session(api, world.a, total=3, present=3, paper=2)
    motion_id, _codes = open_motion(api, congress_id)
    before = snapshot(session)
    refused(api("chair_a").post(f"/motions/{motion_id}/paper", counts), 422, "invalid_input")
    assert snapshot(session) == before


@pytest.mark.parametrize("paper", [
    {"ballots": 3, "votes": {}},  # more ballots than the 2 paper voters
    {"ballots": 1, "votes": {"A": 2}},  # more votes than ballots
    {"ballots": 2, "votes": {"A": 2, "B": 1}},  # 3 marks, but 2 ballots of 1 seat hold at most 2
    {"ballots": 1, "votes": {"999999": 1}},  # not a candidate
])
def test_election_paper_counts_too_high(api, world, session, paper):
    congress_id, _ids = open_session(api, world.a, total=4, present=4, paper=2)
    created = api("chair_a").post(f"/congresses/{congress_id}/elections",
                                  {"title": "选举", "seats": 1, "candidates": ["甲", "乙"]}).json
    ids = {"A": str(created["candidates"][0]["id"]), "B": str(created["candidates"][1]["id"])}
    api("chair_a").post(f"/elections/{created['id']}/open")
    before = snapshot(session)
    body = {"ballots": paper["ballots"], "votes": {ids.get(k, k): v for k, v in paper["votes"].items()}}
    response = api("chair_a").post(f"/elections/{created['id']}/paper", body)
    assert response.status_code == 422 and response.json["message"]
    assert snapshot(session) == before


def test_closed_ballot_refuses_ballots_paper_counts_and_a_second_close(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    motion_id, codes = open_motion(api, congress_id)
    api("chair_a").post(f"/motions/{motion_id}/close")
    before = snapshot(session)
    refused(api().post("/ballots", {"code": codes[0], "choice": "for"}), 403, "vote_closed")
    refused(api("chair_a").post(f"/motions/{motion_id}/close"), 409, "illegal_transition")
    refused(api("chair_a").post(f"/motions/{motion_id}/paper", {"for": 0}), 409, "congress_item_not_open")
    assert snapshot(session) == before


def test_session_cannot_close_with_an_open_ballot(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    open_motion(api, congress_id)
    before = snapshot(session)
    refused(api("chair_a").post(f"/congresses/{congress_id}/close"), 409, "congress_item_open")
    assert snapshot(session) == before


def test_motion_ballot_must_choose_for_against_or_abstain(api, world, session):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion_id, codes = open_motion(api, congress_id)
    before = snapshot(session)
    for choice in (None, "yes", ["for"]):
        refused(api().post("/ballots", {"code": codes[0], "choice": choice}), 422, "bad_answers")
    refused(api().post("/ballots", {"code": "2222-2222-22222", "choice": "for"}), 404, "unknown_code")
    assert snapshot(session) == before


def test_late_sign_in_after_close_does_not_change_the_snapshot(api, world, session):
    congress_id, ids = open_session(api, world.a, total=3, present=2)
    motion_id, codes = open_motion(api, congress_id)
    vote(api, codes, {"for": 2})
    api("chair_a").post(f"/motions/{motion_id}/close")
    sign_in(api, congress_id, ids[2:])
    assert api("chair_a").get(f"/motions/{motion_id}/results").json["present"] == 2
