"""The assessor's spot-check survey (抽查测评): started from a declaration under assessment, run by the
assessor with the ordinary vote endpoints, hidden from the enterprise's chair on every one of them, never
the enterprise's own vote, and compared with the self-check once closed."""
import pytest

from helpers import answers, cast
from declaration_support import YEAR
from naming_support import declaration, welch_greater
from office_support import sign_in
from seal_support import closed_vote, mixed_ballots
from survey.data.enums import DeclarationState
from survey.data.models import Campaign, Cycle, Declaration
from survey.domain import campaigns, spot_survey


def start(api, declaration_id: int, user: str = "assessor_east", electorate: int = 10):
    return api(user).post(f"/declarations/{declaration_id}/spot-check", {"electorate": electorate})


def test_only_an_assessor_of_the_jurisdiction_starts_it_while_under_assessment(api, world, session):
    found = declaration(api, world, session)
    for user in ("chair_a", "chair_b", "assessor_west"):
        assert start(api, found, user).status_code == 403, user
    assert start(api, found, electorate=0).status_code == 422
    response = start(api, found)
    assert response.status_code == 201
    vote = session.get(Campaign, response.json["vote"])
    assert vote.run_by_jurisdiction_id == world.east and vote.enterprise_id == world.a and vote.electorate == 10
    session.expire_all()
    assert session.get(Declaration, found).spot_check_campaign_id == vote.id
    own = session.get(Declaration, found).campaign
    assert [i.key for i in vote.questionnaire.items] == [i.key for i in own.questionnaire.items]
    assert start(api, found, "assessor_city").json["error"] == "spot_check_exists"
    assessed = declaration(api, world, session, DeclarationState.ASSESSED, vote=own.id, year=YEAR - 1)
    assert start(api, assessed).status_code == 409


def _run(api, vote: int, options: list[str], user: str = "assessor_east"):
    assessor = api(user)
    assert assessor.post(f"/campaigns/{vote}/open").status_code == 200
    codes = assessor.post(f"/campaigns/{vote}/codes", {"count": len(options)}).json["codes"]
    for code, option in zip(codes, options):
        assert cast(api, code, answers(option)).status_code == 201
    assert assessor.post(f"/campaigns/{vote}/close").status_code == 200


def test_the_closed_spot_check_is_compared_with_the_self_check_by_hand(api, world, session):
    found = declaration(api, world, session)
    vote = start(api, found).json["vote"]
    assert spot_survey.discrepancy(session, session.get(Declaration, found)) is None
    assert api("assessor_east").get(f"/declarations/{found}").json["spot_check"] is None  # not closed yet
    _run(api, vote, ["satisfied"] + ["dissatisfied"] * 9)
    session.expire_all()
    result = spot_survey.discrepancy(session, session.get(Declaration, found))
    # self-check: 16 of 20 satisfied, all 20 voted (a census); spot check: 1 of 10 of the 100 workers
    expected = welch_greater(16, 20, 20, 1, 10, 100)
    assert result.p_value == pytest.approx(expected, rel=1e-9) and expected < 0.001
    assert result.flagged and (result.self_check, result.spot_check, result.ballots) == (0.8, 0.1, 10)
    shown = api("assessor_east").get(f"/declarations/{found}").json["spot_check"]
    assert {key: shown[key] for key in ("composite_rate", "ballots", "flagged")} == {
        "composite_rate": 0.1, "ballots": 10, "flagged": True}
    assert shown["p_value"] == pytest.approx(expected, abs=1e-6)
    assert shown["message"].startswith("抽查") or "p < 0.001" in shown["message"]
    assert api("chair_a").get(f"/declarations/{found}").json["spot_check"] is None  # the chair never sees it


def test_a_spot_check_that_agrees_is_not_flagged(api, world, session):
    found = declaration(api, world, session)
    vote = start(api, found).json["vote"]
    _run(api, vote, ["satisfied"] * 8 + ["dissatisfied"] * 2)
    session.expire_all()
    result = spot_survey.discrepancy(session, session.get(Declaration, found))
    assert result.p_value == pytest.approx(welch_greater(16, 20, 20, 8, 10, 100), rel=1e-9)
    assert not result.flagged


def _vote_endpoints(app):
    """Every route of one vote: (method, path with {id}) for each rule taking a campaign id."""
    found = []
    for rule in app.url_map.iter_rules():
        if "campaign_id" in rule.arguments:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((method, rule.rule))
    return found


def _path(rule: str, vote: int) -> str:
    return rule.replace("<int:campaign_id>", str(vote)).replace("<key>", "overall")


@pytest.mark.parametrize("phase", ["draft", "open", "closed"])
def test_the_chair_gets_403_on_every_page_and_endpoint_of_the_spot_check(app, api, world, session, client, phase):
    found = declaration(api, world, session)
    vote = start(api, found).json["vote"]
    if phase == "open":
        assert api("assessor_east").post(f"/campaigns/{vote}/open").status_code == 200
    if phase == "closed":
        _run(api, vote, ["satisfied"] * 6)
    endpoints = _vote_endpoints(app)
    api_routes = [(m, r) for m, r in endpoints if r.startswith("/api/v1/")]
    pages = [(m, r) for m, r in endpoints if not r.startswith("/api/v1/")]
    assert len(api_routes) >= 10 and len(pages) >= 10  # codes, slips, results, exports, attachment …
    chair = api("chair_a")
    bodies = {"/api/v1/campaigns/<int:campaign_id>/codes": {"count": 1}}
    for method, rule in api_routes:
        path = _path(rule, vote).removeprefix("/api/v1")
        for query in (["", "?format=csv", "?format=xlsx", "?format=summary.xlsx"] if "export" in rule else [""]):
            response = getattr(chair, method.lower())(path + query, bodies.get(rule, {}))
            assert response.status_code == 403, (method, rule, query, response.status_code)
    sign_in(client, "chair_a")
    for method, rule in pages:
        response = client.open(_path(rule, vote), method=method, data={"count": "1"})
        assert response.status_code == 403, (method, rule, response.status_code)
    page = client.get(f"/enterprises/{world.a}").get_data(as_text=True)
    assert f"/campaigns/{vote}" not in page
    assessor = api("assessor_east")
    assert assessor.get(f"/campaigns/{vote}").status_code == 200
    if phase == "closed":
        assert assessor.get(f"/campaigns/{vote}/results").status_code == 200
        assert api("assessor_west").get(f"/campaigns/{vote}/results").status_code == 403


def test_the_spot_check_is_never_the_enterprises_own_vote(api, world, session):
    found = declaration(api, world, session)
    own = session.get(Declaration, found).campaign_id
    vote = start(api, found).json["vote"]
    _run(api, vote, ["satisfied"] * 10)
    statistics = api("assessor_east").get(f"/campaigns/{vote}/results").json["statistics"]
    assert statistics["comparison"] is None  # not compared with the enterprise's previous vote
    later = closed_vote(api, world.a, mixed_ballots())
    comparison = api("chair_a").get(f"/campaigns/{later}/results").json["statistics"]["comparison"]
    assert comparison["campaign_id"] == own  # the previous vote is the self-check, not the spot check
    assert vote not in [c.id for c in campaigns.of_enterprise(session, world.a)]
    city = Cycle(jurisdiction_id=world.city, year=YEAR, notice_days=7, min_scores={}, example_scheme=True)
    session.add(city)
    session.commit()
    attached = api("admin").post(f"/enterprises/{world.a}/declarations", {"cycle": city.id, "level": "A", "vote": vote})
    assert attached.status_code == 422 and attached.json["error"] == "declaration_vote_not_qualified"
    assert api("admin").post(f"/enterprises/{world.a}/declarations",
                             {"cycle": city.id, "level": "A", "vote": own}).status_code == 201


def test_a_spot_check_without_spread_against_a_census_says_no_test_can_be_made(api, world, session):
    found = declaration(api, world, session)
    vote = start(api, found).json["vote"]
    _run(api, vote, ["dissatisfied"] * 10)
    shown = api("assessor_east").get(f"/declarations/{found}").json["spot_check"]
    assert shown["p_value"] is None and not shown["flagged"] and shown["reason"] == "no_variance"
    assert shown["message"] == "两次测评的回答都完全一致，无法进行检验：抽查为0%，自查为80%。"
