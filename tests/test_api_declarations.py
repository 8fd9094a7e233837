"""The declarations API: cycles and their settings, declaring with the level rules and the sealed
self-check vote, every move of the state machine with its actor, scores, evidence, forums, sign-offs."""
import io
from datetime import datetime

import pytest
from sqlalchemy import text

from declaration_support import BELOW, YEAR, named_before, qualified_vote, self_scores, weighted_vote

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def new_cycle(api, jurisdiction_id: int, user: str = "assessor_east", **settings) -> dict:
    response = api(user).post(f"/jurisdictions/{jurisdiction_id}/cycles", {"year": YEAR, **settings})
    assert response.status_code == 201, response.json
    return response.json


def declare(api, enterprise_id: int, cycle_id: int, vote: int, level: str = "A", user: str = "chair_a"):
    return api(user).post(f"/enterprises/{enterprise_id}/declarations", {"cycle": cycle_id, "level": level, "vote": vote})


@pytest.fixture
def cycle(api, world):
    return new_cycle(api, world.east, notice_days=7, min_scores={"A": 80})


@pytest.fixture
def draft(api, world, cycle):
    """A draft declaration of 甲公司 for A with its 80% vote, fully self-scored."""
    vote = qualified_vote(api, world.a)
    made = declare(api, world.a, cycle["id"], vote)
    assert made.status_code == 201, made.json
    assert made.json["state"] == "draft"
    scored = api("chair_a").put(f"/declarations/{made.json['id']}/scores", {"scores": self_scores(cycle["criteria"])})
    assert scored.status_code == 200, scored.json
    return made.json["id"]


def move(api, declaration_id: int, action: str, user: str = "assessor_east", note: str | None = None):
    return api(user).post(f"/declarations/{declaration_id}/{action}", {"note": note} if note is not None else None)


def walk(api, declaration_id: int, *steps: str):
    for action in steps:
        user = "chair_a" if action in ("submit", "withdraw") else "assessor_east"
        response = move(api, declaration_id, action, user, "原因" if action in ("return", "disqualify") else None)
        assert response.status_code == 200, (action, response.json)
    return response.json


def assess_fully(api, declaration_id: int, criteria: list[dict], **options):
    response = api("assessor_east").put(f"/declarations/{declaration_id}/scores",
                                        {"scores": self_scores(criteria, **options)})
    assert response.status_code == 200, response.json
    return response.json


# cycles and settings


def test_a_cycle_opens_with_the_example_scheme_and_its_settings(api, world, cycle):
    assert cycle["year"] == YEAR and cycle["notice_days"] == 7 and cycle["min_scores"] == {"A": "80"}
    assert cycle["example_scheme"] and not cycle["scheme_frozen"]
    first = cycle["criteria"][0]
    assert set(first) >= {"key", "text", "max_points", "veto"}
    assert sum(float(c["max_points"]) for c in cycle["criteria"]) == 100
    assert [c["key"] for c in cycle["criteria"] if c["veto"]] == ["veto_wage_arrears", "veto_major_accident",
                                                                  "veto_mass_incident"]
    assert api("assessor_east").get(f"/cycles/{cycle['id']}").json["id"] == cycle["id"]


def test_one_cycle_per_jurisdiction_and_year(api, world, cycle):
    again = api("assessor_east").post(f"/jurisdictions/{world.east}/cycles", {"year": YEAR})
    assert again.status_code == 409 and again.json["error"] == "cycle_exists"


def test_notice_days_default_to_7_and_0_is_allowed(api, world):
    assert new_cycle(api, world.east)["notice_days"] == 7
    assert new_cycle(api, world.west, user="assessor_west", notice_days=0)["notice_days"] == 0
    refused = api("admin").post(f"/jurisdictions/{world.city}/cycles", {"year": YEAR, "notice_days": -1})
    assert refused.status_code == 422 and "notice_days" in refused.json["errors"]


def test_only_an_assessor_of_the_jurisdiction_or_above_opens_a_cycle(api, world):
    for user in ("assessor_west", "chair_a"):
        assert api(user).post(f"/jurisdictions/{world.east}/cycles", {"year": YEAR}).status_code == 403
    assert new_cycle(api, world.east, user="assessor_city")["jurisdiction_id"] == world.east


def test_setting_changes_are_recorded_who_when_old_and_new(api, world, cycle):
    changed = api("assessor_city").patch(f"/cycles/{cycle['id']}", {"notice_days": 10, "min_scores": {"A": 85}})
    assert changed.status_code == 200 and changed.json["notice_days"] == 10
    log = api("assessor_east").get(f"/cycles/{cycle['id']}/changes").json
    assert [(c["setting"], c["old"], c["new"], c["by"]) for c in log] == [
        ("notice_days", "7", "10", "assessor_city"), ("min_scores", '{"A": "80"}', '{"A": "85"}', "assessor_city")]
    assert all(c["at"] for c in log)
    unchanged = api("assessor_east").patch(f"/cycles/{cycle['id']}", {"notice_days": 10})
    assert unchanged.status_code == 200 and len(api("assessor_east").get(f"/cycles/{cycle['id']}/changes").json) == 2


def test_scheme_and_minimum_scores_are_editable_until_the_first_submission(api, world, cycle, draft):
    assessor = api("assessor_east")
    scheme = [{"key": c["key"], "text_zh": c["text_zh"], "max_points": c["max_points"], "veto": c["veto"]}
              for c in cycle["criteria"]]
    scheme[0]["max_points"] = "9.00"
    edited = assessor.put(f"/cycles/{cycle['id']}/criteria", {"criteria": scheme})
    assert edited.status_code == 200 and not edited.json["example_scheme"]
    assert edited.json["criteria"][0]["max_points"] == "9.00"
    assert assessor.patch(f"/cycles/{cycle['id']}", {"min_scores": {"A": 81}}).status_code == 200
    walk(api, draft, "submit")
    frozen = assessor.patch(f"/cycles/{cycle['id']}", {"min_scores": {"A": 70}})
    assert frozen.status_code == 409 and frozen.json["error"] == "cycle_scheme_frozen"
    again = assessor.put(f"/cycles/{cycle['id']}/criteria", {"criteria": scheme})
    assert again.status_code == 409 and again.json["error"] == "cycle_scheme_frozen"
    walk(api, draft, "withdraw")  # frozen for good: a declaration was submitted
    assert assessor.patch(f"/cycles/{cycle['id']}", {"min_scores": {"A": 70}}).status_code == 409
    calendar = assessor.patch(f"/cycles/{cycle['id']}", {"commendation_date": f"{YEAR}-12-05", "notice_days": 5})
    assert calendar.status_code == 200 and calendar.json["commendation_date"] == f"{YEAR}-12-05"
    assert api("assessor_east").get(f"/cycles/{cycle['id']}/changes").json[-1]["setting"] == "notice_days"


# declaring


def test_a_vote_at_exactly_80_percent_can_be_attached_and_one_below_cannot(api, world, cycle):
    below = qualified_vote(api, world.a, options=BELOW)
    refused = declare(api, world.a, cycle["id"], below)
    assert refused.status_code == 422 and refused.json["error"] == "declaration_vote_not_qualified"
    exactly = qualified_vote(api, world.a)
    made = declare(api, world.a, cycle["id"], exactly)
    assert made.status_code == 201
    assert made.json["self_check"]["composite_rate"] == 0.8 and made.json["self_check"]["ballots"] == 20


def test_a_composite_of_79_99_percent_is_refused_and_of_exactly_80_percent_accepted(api, client, world, cycle):
    """99·80 + 79 = 7,999 of 10,000, printed as 80.0% by a rounding display; 99·80 + 80 = 8,000 exactly."""
    below = weighted_vote(api, client, world.a, wages=80, overall=79)
    assert api("chair_a").get(f"/campaigns/{below}/results").json["composite_exact"] == "7999/10000"
    refused = declare(api, world.a, cycle["id"], below)
    assert refused.status_code == 422 and refused.json["error"] == "declaration_vote_not_qualified"
    exactly = weighted_vote(api, client, world.a, wages=80, overall=80)
    assert api("chair_a").get(f"/campaigns/{exactly}/results").json["composite_exact"] == "4/5"
    assert declare(api, world.a, cycle["id"], exactly).status_code == 201


def test_only_the_enterprises_own_closed_sealed_vote(api, world, cycle):
    other = qualified_vote(api, world.b, user="chair_b")
    assert declare(api, world.a, cycle["id"], other).json["error"] == "declaration_vote_not_qualified"
    opened = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "开着的", "electorate": 10}).json["id"]
    api("chair_a").post(f"/campaigns/{opened}/open")
    assert declare(api, world.a, cycle["id"], opened).json["error"] == "declaration_vote_not_qualified"
    assert declare(api, world.a, cycle["id"], 999).json["error"] == "declaration_vote_not_qualified"


@pytest.mark.parametrize("closed_utc, accepted", [(f"{YEAR - 1}-12-31 16:00:00", True),
                                                   (f"{YEAR - 1}-12-31 15:59:59", False)])
def test_the_votes_year_is_the_year_it_closed_in_beijing_time(api, world, session, cycle, closed_utc, accepted):
    """Midnight of 1 January in Beijing is 16:00 on 31 December in UTC, as times are stored."""
    vote = qualified_vote(api, world.a)
    session.execute(text("UPDATE campaign SET closed_at = :at WHERE id = :id"),
                    {"at": datetime.fromisoformat(closed_utc), "id": vote})
    session.commit()
    made = declare(api, world.a, cycle["id"], vote)
    assert made.status_code == 201 if accepted else made.json["error"] == "declaration_vote_not_qualified"


def test_never_two_declarations_of_one_enterprise_in_one_cycle(api, world, cycle, draft):
    vote = qualified_vote(api, world.a)
    again = declare(api, world.a, cycle["id"], vote)
    assert again.status_code == 409 and again.json["error"] == "declaration_exists"


def test_the_enterprise_must_belong_to_the_cycles_jurisdiction(api, world, cycle):
    vote = qualified_vote(api, world.b, user="chair_b")
    assert declare(api, world.b, cycle["id"], vote, user="chair_b").status_code == 403  # not a cycle of theirs
    refused = declare(api, world.b, cycle["id"], vote, user="admin")
    assert refused.status_code == 422 and refused.json["errors"] == {"cycle": refused.json["errors"]["cycle"]}


def test_aa_is_refused_without_an_earlier_a_and_allowed_the_year_after(api, world, cycle, session):
    vote = qualified_vote(api, world.a)
    refused = declare(api, world.a, cycle["id"], vote, "AA")
    assert refused.status_code == 422 and refused.json["error"] == "declaration_level_not_allowed"
    named_before(session, world, world.a, world.west, YEAR - 1, "A")  # another jurisdiction's title
    assert declare(api, world.a, cycle["id"], vote, "AA").status_code == 422
    named_before(session, world, world.a, world.east, YEAR - 1, "A")
    assert declare(api, world.a, cycle["id"], vote, "AA").status_code == 201


def test_aaa_is_refused_after_one_aa_year_and_allowed_after_two_consecutive(api, world, cycle, session):
    vote = qualified_vote(api, world.a)
    named_before(session, world, world.a, world.east, YEAR - 1, "AA")
    named_before(session, world, world.a, world.east, YEAR - 3, "AA")  # not consecutive
    refused = declare(api, world.a, cycle["id"], vote, "AAA")
    assert refused.status_code == 422 and refused.json["error"] == "declaration_level_not_allowed"
    named_before(session, world, world.a, world.east, YEAR - 2, "AA")
    assert declare(api, world.a, cycle["id"], vote, "AAA").status_code == 201


# the state machine


def test_the_whole_path_to_naming_is_logged(api, world, cycle, session):
    quick = new_cycle(api, world.city, user="assessor_city", notice_days=0)
    vote = qualified_vote(api, world.a)
    made = declare(api, world.a, quick["id"], vote).json
    api("chair_a").put(f"/declarations/{made['id']}/scores", {"scores": self_scores(quick["criteria"])})
    walk(api, made["id"], "submit")
    assert move(api, made["id"], "assess", "assessor_city").status_code == 200
    scored = api("assessor_city").put(f"/declarations/{made['id']}/scores",
                                      {"scores": self_scores(quick["criteria"], share="0.8"), "notes": {"hours": "加班偏多"}})
    assert scored.status_code == 200
    for action in ("conclude", "review", "notice", "name"):  # notice of 0 days: naming the same day
        assert move(api, made["id"], action, "assessor_city").status_code == 200, action
    shown = api("chair_a").get(f"/declarations/{made['id']}").json
    assert shown["state"] == "named" and shown["spot_check"] is None and shown["vetoes_failed"] == []
    assert shown["score"] == "80.00"  # every criterion at 80% of its maximum
    assert [(h["from"], h["to"]) for h in shown["history"]] == [
        (None, "draft"), ("draft", "submitted"), ("submitted", "under_assessment"), ("under_assessment", "assessed"),
        ("assessed", "in_review"), ("in_review", "on_notice"), ("on_notice", "named")]
    assert shown["history"][2]["by"] == "assessor_city" and shown["history"][1]["by"] == "chair_a"
    assert next(s for s in shown["scores"] if s["key"] == "hours")["note"] == "加班偏多"


def test_naming_is_refused_before_the_notice_ends(api, world, cycle, draft):
    walk(api, draft, "submit", "assess")
    assess_fully(api, draft, cycle["criteria"])
    walk(api, draft, "conclude", "review", "notice")
    shown = api("assessor_east").get(f"/declarations/{draft}").json
    assert shown["state"] == "on_notice" and shown["notice_ends"]
    refused = move(api, draft, "name")
    assert refused.status_code == 409 and refused.json["error"] == "declaration_notice_running"


def test_a_failed_veto_fails_a_100_point_declaration(api, world, cycle, draft):
    walk(api, draft, "submit", "assess")
    shown = assess_fully(api, draft, cycle["criteria"], veto_met=False)
    assert shown["score"] == "100.00"
    assert set(shown["vetoes_failed"]) == {"veto_wage_arrears", "veto_major_accident", "veto_mass_incident"}
    refused = move(api, draft, "conclude")
    assert refused.status_code == 409 and refused.json["error"] == "declaration_veto_failed"
    assert walk(api, draft, "disqualify")["state"] == "disqualified"


def test_the_minimum_score_of_the_level_is_checked_at_conclusion(api, world, cycle, draft):
    walk(api, draft, "submit", "assess")
    assert assess_fully(api, draft, cycle["criteria"], share="0.8", less="0.01")["score"] == "79.99"
    refused = move(api, draft, "conclude")
    assert refused.status_code == 409 and refused.json["error"] == "declaration_below_minimum"
    assert assess_fully(api, draft, cycle["criteria"], share="0.8")["score"] == "80.00"
    assert move(api, draft, "conclude").status_code == 200


def test_illegal_transitions_are_409(api, world, cycle, draft):
    for action, user in (("assess", "assessor_east"), ("conclude", "assessor_east"), ("name", "assessor_east"),
                         ("notice", "assessor_east"), ("review", "assessor_east")):
        refused = move(api, draft, action, user)
        assert refused.status_code == 409 and refused.json["error"] == "illegal_transition", action
    walk(api, draft, "submit", "withdraw")
    for action, user in (("submit", "chair_a"), ("withdraw", "chair_a"), ("assess", "assessor_east")):
        assert move(api, draft, action, user).status_code == 409


def test_the_wrong_actor_is_403_whatever_the_state(api, world, cycle, draft):
    for action in ("assess", "return", "disqualify", "conclude", "review", "notice", "name"):
        assert move(api, draft, action, "chair_a", "原因").status_code == 403, action
    assert move(api, draft, "submit", "assessor_east").status_code == 403
    assert move(api, draft, "withdraw", "assessor_city").status_code == 403


def test_returning_and_disqualifying_need_a_reason_and_a_returned_declaration_is_resubmitted(api, world, cycle, draft):
    walk(api, draft, "submit")
    refused = move(api, draft, "return", note="  ")
    assert refused.status_code == 422 and "note" in refused.json["errors"]
    assert move(api, draft, "return", note="缺少集体合同文本").json["state"] == "returned"
    assert api("chair_a").put(f"/declarations/{draft}/scores", {"scores": {"hours": 5}}).status_code == 200
    resubmitted = move(api, draft, "submit", "chair_a")
    assert resubmitted.json["state"] == "submitted"
    assert [h["note"] for h in resubmitted.json["history"] if h["to"] == "returned"] == ["缺少集体合同文本"]
    walk(api, draft, "assess")
    assert move(api, draft, "disqualify", note="").status_code == 422


def test_submitting_needs_every_self_score_and_keeps_the_deadline(api, world, cycle):
    vote = qualified_vote(api, world.a)
    made = declare(api, world.a, cycle["id"], vote).json
    refused = move(api, made["id"], "submit", "chair_a")
    assert refused.status_code == 409 and refused.json["error"] == "declaration_self_scores_missing"
    api("chair_a").put(f"/declarations/{made['id']}/scores", {"scores": self_scores(cycle["criteria"])})
    api("assessor_east").patch(f"/cycles/{cycle['id']}", {"declaration_deadline": f"{YEAR - 1}-12-31"})
    late = move(api, made["id"], "submit", "chair_a")
    assert late.status_code == 409 and late.json["error"] == "declaration_deadline_passed"


# scores


def test_scores_are_bounded_and_belong_to_the_state(api, world, cycle, draft):
    chair, assessor = api("chair_a"), api("assessor_east")
    over = chair.put(f"/declarations/{draft}/scores", {"scores": {"contract_signing": "8.01"}})
    assert over.status_code == 422 and "contract_signing" in over.json["errors"]
    unknown = chair.put(f"/declarations/{draft}/scores", {"scores": {"nothing": 1}})
    assert unknown.status_code == 422
    veto = chair.put(f"/declarations/{draft}/scores", {"scores": {"veto_wage_arrears": 1}})
    assert veto.status_code == 422
    assert assessor.put(f"/declarations/{draft}/scores", {"scores": {"hours": 1}}).status_code == 409
    walk(api, draft, "submit")
    assert chair.put(f"/declarations/{draft}/scores", {"scores": {"hours": 1}}).status_code == 409
    walk(api, draft, "assess")
    assert assessor.put(f"/declarations/{draft}/scores", {"scores": {"hours": 1}}).status_code == 200
    shown = assessor.get(f"/declarations/{draft}").json
    hours = next(s for s in shown["scores"] if s["key"] == "hours")
    assert hours["self"] == "6.00" and hours["assessed"] == "1.00"


# evidence, documents, forums, sign-offs


def test_evidence_is_checked_by_its_first_bytes_and_kept_with_its_sha256(api, world, cycle, draft, app):
    chair = api("chair_a")

    def upload(data, name="合同.pdf", criterion="contract_signing"):
        import io
        return chair.client.post(f"/api/v1/declarations/{draft}/evidence", headers=chair.headers,
                                 data={"criterion": criterion, "file": (io.BytesIO(data), name)})

    stored = upload(PDF)
    assert stored.status_code == 201 and stored.json["content_type"] == "application/pdf"
    import hashlib
    assert stored.json["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert upload(PNG, "照片.png").json["content_type"] == "image/png"
    assert upload(PDF, "合\x01同\x7f.pdf").json["filename"] == "合同.pdf"  # no control character kept
    disguised = upload(b"MZ\x90\x00 not a pdf", "合同.pdf")
    assert disguised.status_code == 422 and disguised.json["errors"]["file"]
    app.config["EVIDENCE_MAX_BYTES"] = len(PDF) - 1
    assert upload(PDF).status_code == 422
    assert upload(PNG, criterion="nothing").status_code == 422
    fetched = api("assessor_east").get(f"/declarations/{draft}/evidence/{stored.json['id']}")
    assert fetched.status_code == 200 and fetched.data == PDF
    listed = chair.get(f"/declarations/{draft}").json["evidence"]
    assert [e["criterion"] for e in listed] == ["contract_signing"] * 3


def test_documents_and_forums_are_recorded_under_assessment(api, world, cycle, draft):
    assessor = api("assessor_east")
    forum = {"held_on": f"{YEAR}-11-20", "place": "职工之家", "attendees": {"frontline": 8, "management": 2},
             "issues": "夜班补贴"}
    assert assessor.post(f"/declarations/{draft}/forums", forum).status_code == 409
    walk(api, draft, "submit", "assess")
    assert assessor.post(f"/declarations/{draft}/forums", forum).status_code == 201
    assert assessor.post(f"/declarations/{draft}/documents", {"documents": "劳动合同台账", "finding": "齐全"}).status_code == 201
    empty = assessor.post(f"/declarations/{draft}/forums", {**forum, "attendees": {"frontline": 0}})
    assert empty.status_code == 422
    shown = api("chair_a").get(f"/declarations/{draft}").json
    assert shown["forums"][0]["attendees"] == {"frontline": 8, "technical": 0, "management": 2, "other": 0}
    assert shown["documents"][0]["documents"] == "劳动合同台账"


def test_sign_offs_are_recorded_for_the_cycle(api, world, cycle):
    made = api("assessor_east").post(f"/cycles/{cycle['id']}/sign-offs", {"department": "人社局", "opinion": "同意"})
    assert made.status_code == 201 and made.json["by"] == "assessor_east"
    assert [s["department"] for s in api("assessor_city").get(f"/cycles/{cycle['id']}/sign-offs").json] == ["人社局"]
    assert api("assessor_west").get(f"/cycles/{cycle['id']}/sign-offs").status_code == 403
    assert api("chair_a").post(f"/cycles/{cycle['id']}/sign-offs", {"department": "x", "opinion": "y"}).status_code == 403


# access on every endpoint


def _declaration_requests(declaration_id: int, cycle_id: int) -> list[tuple[str, str, dict | None]]:
    base = f"/declarations/{declaration_id}"
    return [("get", base, None), ("put", f"{base}/scores", {"scores": {"hours": 1}}),
            ("post", f"{base}/documents", {"documents": "x"}),
            ("post", f"{base}/forums", {"held_on": f"{YEAR}-11-20", "place": "x", "attendees": {"frontline": 1}}),
            ("get", f"{base}/evidence/1", None), ("delete", f"{base}/evidence/1", None),
            *[("post", f"{base}/{action}", {"note": "x"}) for action in
              ("submit", "withdraw", "return", "assess", "disqualify", "conclude", "review", "notice", "name")],
            ("get", f"/cycles/{cycle_id}", None), ("get", f"/cycles/{cycle_id}/declarations", None),
            ("get", f"/cycles/{cycle_id}/changes", None), ("patch", f"/cycles/{cycle_id}", {"notice_days": 3}),
            ("put", f"/cycles/{cycle_id}/criteria", {"criteria": [{"key": "x", "text_zh": "x", "max_points": 1}]}),
            ("get", f"/cycles/{cycle_id}/sign-offs", None),
            ("post", f"/cycles/{cycle_id}/sign-offs", {"department": "x", "opinion": "y"}),
            ("post", f"{base}/spot-check", {"electorate": 20}), ("get", f"{base}/objections", None),
            ("post", f"{base}/objections/{'0' * 32}/finding", {"finding": "x"}), ("get", f"{base}/certificate.pdf", None)]


def test_a_chair_of_another_enterprise_and_an_assessor_of_another_jurisdiction_get_403_everywhere(api, world, cycle,
                                                                                                   draft, app):
    for user in ("chair_b", "assessor_west"):
        for method, path, body in _declaration_requests(draft, cycle["id"]):
            response = getattr(api(user), method)(path, body)
            assert response.status_code == 403, (user, method, path, response.json)
        evidence = app.test_client().post(f"/api/v1/declarations/{draft}/evidence",
                                          headers={"Authorization": f"Bearer {world.keys[user]}"},
                                          data={"criterion": "hours", "file": (io.BytesIO(PDF), "a.pdf")})
        assert evidence.status_code == 403
        assert declare(api, world.a, cycle["id"], 1, user=user).status_code == 403
    assert api("chair_b").get(f"/enterprises/{world.a}/declarations").status_code == 403
    assert api("chair_a").get(f"/cycles/{cycle['id']}").status_code == 200  # the criteria to self-score by
    assert api("chair_a").get(f"/cycles/{cycle['id']}/declarations").status_code == 403


def test_numbers_far_out_of_range_are_refused_not_crashed_on(api, world, cycle, draft):
    def raw(user: str, method: str, path: str, body: str):
        caller = api(user)
        return getattr(caller.client, method)(f"/api/v1{path}", data=body, headers=caller.headers,
                                              content_type="application/json")

    for number, status in (("1e999999", 422), ("-1e999999", 422), ("1" + "0" * 5000, 400)):
        scored = raw("chair_a", "put", f"/declarations/{draft}/scores", f'{{"scores": {{"hours": {number}}}}}')
        assert scored.status_code == status, (number, scored.json)
        minimum = raw("assessor_east", "patch", f"/cycles/{cycle['id']}", f'{{"min_scores": {{"A": {number}}}}}')
        assert minimum.status_code == status, (number, minimum.json)
