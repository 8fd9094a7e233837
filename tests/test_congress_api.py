"""A whole congress session through the JSON API, and the boundaries of its rules."""
import io

import pytest
from pypdf import PdfReader

from congress_support import close_and_count, new_congress, open_motion, open_session, sign_in, vote

ROSTER_CSV = "姓名,部门,类别\n" + "".join(
    f"代表{n:02d},{'生产部' if n % 2 else '技术部'},{'管理人员和领导' if n < 5 else 'frontline'}\n" for n in range(30))


def upload(api, congress_id, data: bytes, name: str):
    return api("chair_a").post(f"/congresses/{congress_id}/roster",
                               data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_full_session(api, world):
    chair = api("chair_a")
    congress_id = chair.post(f"/enterprises/{world.a}/congresses", {"title": "第五届职代会第三次会议"}).json["id"]

    imported = upload(api, congress_id, ROSTER_CSV.encode("gb18030"), "名单.csv")
    assert imported.status_code == 200, imported.json
    assert imported.json["total"] == 30 and imported.json["management_share"] == {
        "managers": 5, "share": "1/6", "warn": False}
    ids = [d["id"] for d in imported.json["delegates"]]
    assert chair.post(f"/congresses/{congress_id}/open").json["state"] == "open"

    sign_in(api, congress_id, ids[:19])
    assert chair.get(f"/congresses/{congress_id}/quorum").json == {
        "total": 30, "present": 19, "paper": 0, "quorum_met": False}
    early = chair.post(f"/congresses/{congress_id}/motions", {"title": "集体合同草案"}).json["id"]
    refused = chair.post(f"/motions/{early}/open")
    assert refused.status_code == 409 and refused.json["error"] == "congress_no_quorum"
    sign_in(api, congress_id, ids[19:23])
    sign_in(api, congress_id, ids[23:26], paper=True)
    assert chair.get(f"/congresses/{congress_id}/quorum").json == {
        "total": 30, "present": 26, "paper": 3, "quorum_met": True}

    # Motion 1 passes with half plus one: 16 of 30.
    assert chair.post(f"/motions/{early}/open").status_code == 200
    codes = chair.post(f"/motions/{early}/codes").json["codes"]
    assert len(codes) == 23  # 26 present, 3 of them on paper
    vote(api, codes, {"for": 16, "against": 4, "abstain": 2})
    assert chair.get(f"/motions/{early}/results").status_code == 409
    assert chair.get(f"/motions/{early}").json["voted"] == 22
    first = close_and_count(api, "motions", early)
    assert first == {"id": early, "title": "集体合同草案", "total": 30, "present": 26, "quorum_met": True,
                     "for": 16, "against": 4, "abstain": 2, "not_voted": 8, "absent": 4, "paper": 0,
                     "required": 16, "margin": 0, "rule": "majority_of_all_delegates", "passed": True}

    # Motion 2 fails at exactly half: 15 of 30.
    second_id, codes = open_motion(api, congress_id, "工资专项集体协议")
    vote(api, codes, {"for": 15, "against": 8})
    second = close_and_count(api, "motions", second_id)
    assert (second["for"], second["against"], second["passed"], second["margin"]) == (15, 8, False, -1)

    # Motion 3 with the paper voters: 14 + 2 for.
    third_id, codes = open_motion(api, congress_id, "企业年度工作报告")
    vote(api, codes, {"for": 14, "against": 5, "abstain": 4})
    too_many = chair.post(f"/motions/{third_id}/paper", {"for": 2, "against": 1, "abstain": 1})
    assert too_many.status_code == 422 and too_many.json["error"] == "congress_paper_exceeds"
    assert chair.post(f"/motions/{third_id}/paper", {"for": 2, "against": 1, "abstain": 0}).status_code == 200
    third = close_and_count(api, "motions", third_id)
    assert (third["for"], third["against"], third["abstain"], third["not_voted"], third["paper"], third["passed"]) \
        == (16, 6, 4, 4, 3, True)

    # An election of 2 with a tie at the second seat.
    created = chair.post(f"/congresses/{congress_id}/elections",
                         {"title": "劳动争议调解委员会委员", "seats": 2, "candidates": ["张三", "李四", "王五", "赵六"]})
    assert created.status_code == 201
    election_id = created.json["id"]
    zhang, li, wang, zhao = (c["id"] for c in created.json["candidates"])
    assert chair.post(f"/elections/{election_id}/open").status_code == 200
    codes = chair.post(f"/elections/{election_id}/codes").json["codes"]
    ballots = [[zhang, li]] * 9 + [[zhang, wang]] * 9 + [[li, wang]] * 5
    for code, marked in zip(codes, ballots):
        assert api().post("/ballots", {"code": code, "choices": marked}).status_code == 201
    paper = {"ballots": 3, "votes": {str(zhang): 1, str(li): 2, str(wang): 2, str(zhao): 1}}
    assert chair.post(f"/elections/{election_id}/paper", paper).status_code == 200
    election = close_and_count(api, "elections", election_id)
    assert [(c["name"], c["votes"]) for c in election["elected"]] == [("张三", 19)]
    assert [(c["name"], c["votes"], c["reason"]) for c in election["tied"]] == [
        ("李四", 16, "tied_at_boundary"), ("王五", 16, "tied_at_boundary")]
    assert [(c["name"], c["votes"], c["reason"]) for c in election["not_elected"]] == [
        ("赵六", 1, "below_majority")]
    assert (election["ballots_cast"], election["required"], election["unfilled"]) == (26, 16, 1)

    unvoted = chair.post(f"/congresses/{congress_id}/motions", {"title": "未表决事项"}).json["id"]
    assert chair.get(f"/congresses/{congress_id}/resolution").status_code == 409
    assert chair.post(f"/congresses/{congress_id}/close").json["state"] == "closed"
    sealed = chair.get(f"/congresses/{congress_id}/resolution").json
    assert [m["id"] for m in sealed["record"]["motions"]] == [early, second_id, third_id]
    assert unvoted not in [m["id"] for m in sealed["record"]["motions"]]
    assert len(sealed["digest"]) == 64

    pdf = chair.get(f"/congresses/{congress_id}/resolution.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    flat = text.replace(" ", "").replace("\n", "")
    assert "职工代表大会表决结果汇总表" in flat and "第五届职代会第三次会议" in flat
    assert "赞成16票，反对4票，弃权2票；共投票22张（纸质票0张，手机投票22张）；未投票8人" in flat
    # the paper ballots are counted among the ballots cast, apart from those who did not vote
    assert "赞成16票，反对6票，弃权4票；共投票26张（纸质票3张，手机投票23张）；未投票4人" in flat
    assert "赞成15票，反对8票" in flat and "未通过" in flat
    assert "张三：19票，当选" in flat and "李四：16票，票数相同" in flat
    assert sealed["digest"] in flat


def test_digest_identifies_the_result_set(api, world):
    digests = []
    for against in (1, 2):
        congress_id, _ids = open_session(api, world.a, total=3, present=3)
        motion_id, codes = open_motion(api, congress_id)
        vote(api, codes, {"for": 1, "against": against})
        close_and_count(api, "motions", motion_id)
        api("chair_a").post(f"/congresses/{congress_id}/close")
        digests.append(api("chair_a").get(f"/congresses/{congress_id}/resolution").json["digest"])
        assert api("chair_a").get(f"/congresses/{congress_id}/resolution").json["digest"] == digests[-1]
    assert digests[0] != digests[1]


@pytest.mark.parametrize("present, met", [(3, False), (4, True), (6, True)])
def test_quorum_is_two_thirds_inclusive(api, world, present, met):
    congress_id, _ids = open_session(api, world.a, total=6, present=present)
    assert api("chair_a").get(f"/congresses/{congress_id}/quorum").json["quorum_met"] is met
    motion_id = api("chair_a").post(f"/congresses/{congress_id}/motions", {"title": "议案"}).json["id"]
    assert api("chair_a").post(f"/motions/{motion_id}/open").status_code == (200 if met else 409)


@pytest.mark.parametrize("for_votes, passed", [(3, False), (4, True)])
def test_majority_of_all_delegates_not_of_those_present(api, world, for_votes, passed):
    """6 delegates, 5 present: 3 of 5 present is a majority of them, but not of all 6."""
    congress_id, _ids = open_session(api, world.a, total=6, present=5)
    motion_id, codes = open_motion(api, congress_id)
    vote(api, codes, {"for": for_votes, "against": 5 - for_votes})
    result = close_and_count(api, "motions", motion_id)
    assert result["passed"] is passed and result["required"] == 4
    assert result["margin"] == for_votes - 4


def test_attendance_snapshot_is_taken_at_each_close(api, world):
    congress_id, ids = open_session(api, world.a, total=6, present=4)
    motion_id, codes = open_motion(api, congress_id)
    vote(api, codes, {"for": 4})
    assert close_and_count(api, "motions", motion_id)["present"] == 4
    sign_in(api, congress_id, ids[4:])
    later_id, codes = open_motion(api, congress_id, "第二项")
    assert len(codes) == 6
    assert close_and_count(api, "motions", later_id)["present"] == 6
    assert api("chair_a").get(f"/motions/{motion_id}/results").json["present"] == 4


def test_late_arrivals_get_codes_and_nobody_twice(api, world):
    congress_id, ids = open_session(api, world.a, total=6, present=4)
    motion_id, codes = open_motion(api, congress_id)
    assert len(codes) == 4
    again = api("chair_a").post(f"/motions/{motion_id}/codes")
    assert again.status_code == 409 and again.json["error"] == "congress_codes_issued"
    sign_in(api, congress_id, ids[4:5])
    assert len(api("chair_a").post(f"/motions/{motion_id}/codes").json["codes"]) == 1
    assert api("chair_a").get(f"/motions/{motion_id}").json["codes_issued"] == 5


def test_election_ballot_limits(api, world):
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    chair = api("chair_a")
    election = chair.post(f"/congresses/{congress_id}/elections",
                          {"title": "选举", "seats": 1, "candidates": ["甲", "乙"]}).json
    a, b = (c["id"] for c in election["candidates"])
    chair.post(f"/elections/{election['id']}/open")
    code = chair.post(f"/elections/{election['id']}/codes").json["codes"][0]
    for marked in ([a, b], [a, a], [999999], "甲"):
        response = api().post("/ballots", {"code": code, "choices": marked})
        assert response.status_code == 422 and response.json["error"] == "bad_answers"
    assert api().post("/ballots", {"code": code, "choices": []}).status_code == 201  # a blank ballot
    assert chair.get(f"/elections/{election['id']}").json["voted"] == 1


@pytest.mark.parametrize("payload, field", [
    ({"title": "", "seats": 1, "candidates": ["甲"]}, "title"),
    ({"title": "选举", "seats": 2, "candidates": ["甲"]}, "seats"),
    ({"title": "选举", "seats": 0, "candidates": ["甲"]}, "seats"),
    ({"title": "选举", "seats": 1, "candidates": ["甲", "甲"]}, "candidates"),
    ({"title": "选举", "seats": 1, "candidates": []}, "candidates"),
])
def test_bad_election_is_422(api, world, payload, field):
    congress_id, _ids = new_congress(api, world.a, 3)
    response = api("chair_a").post(f"/congresses/{congress_id}/elections", payload)
    assert response.status_code == 422 and field in response.json["errors"]
    assert api("chair_a").get(f"/congresses/{congress_id}/elections").json == []


def test_management_share_warns_above_a_fifth(api, world):
    at_limit = api("chair_a").get(f"/congresses/{new_congress(api, world.a, 10, managers=2)[0]}").json
    above = api("chair_a").get(f"/congresses/{new_congress(api, world.a, 10, managers=3)[0]}").json
    assert at_limit["management_share"] == {"managers": 2, "share": "1/5", "warn": False}
    assert above["management_share"] == {"managers": 3, "share": "3/10", "warn": True}
