"""The statistics are sealed at close (harmony-seal/3): the results API, the chair's page and the
attachment read them from the seal, the verifier recomputes them from the file's ballots, and an
answer edited in the database afterwards moves none of them."""
import json

import pytest
from sqlalchemy import select, update

from seal_support import closed_vote, departments, open_cast_close, sealed, sealed_file, sha256, small_group_ballots
from survey.data.models import Answer, Campaign, Item, Seal
from survey.domain import campaigns, sealed_statistics, sealing, vote_statistics

# 生产部 8, 技术部 6, 质量部 7 shown; 销售部 3 and the 2 without a department hidden.
GROUPS = {"d1": 8, "d2": 6, "d3": 7, "d4": 3, None: 2}


def skipping(ballots: list[dict]) -> list[dict]:
    """Every third ballot skips wages, every fifth safety: skips the composite must leave out."""
    return [{key: option for key, option in ballot.items()
             if not (key == "wages" and index % 3 == 0 or key == "safety" and index % 5 == 0)}
            for index, ballot in enumerate(ballots)]


@pytest.fixture
def skipped_vote(api, world, session):
    departments(session, world.a, ["生产部", "技术部", "质量部", "销售部"])
    return closed_vote(api, world.a, skipping(small_group_ballots(GROUPS)), electorate=40)


def statistics(api, campaign_id: int) -> dict:
    response = api("chair_a").get(f"/campaigns/{campaign_id}/results?lang=en")
    assert response.status_code == 200, response.json
    return response.json["statistics"]


def stored(session, campaign_id: int) -> Seal:
    return session.scalar(select(Seal).where(Seal.campaign_id == campaign_id))


def satisfy_every_wages_answer(session, campaign_id: int) -> int:
    """Rewrite the database as a forger would: every dissatisfied wages answer becomes satisfied."""
    campaign = session.get(Campaign, campaign_id)
    wages = session.scalar(select(Item).where(Item.questionnaire_id == campaign.questionnaire_id, Item.key == "wages"))
    option = {o.key: o.id for o in wages.options}
    changed = session.execute(update(Answer).where(Answer.option_id == option["dissatisfied"])
                              .values(option_id=option["satisfied"])).rowcount
    session.commit()
    return changed


def test_the_file_states_the_statistics_the_seal_keeps_and_the_verifier_recomputes_them(api, session, skipped_vote):
    document = json.loads(sealed_file(api, skipped_vote))
    kept = stored(session, skipped_vote).statistics
    assert document["format"] == sealing.FORMAT and document["statistics"] == kept
    assert [g["group"] for g in kept["departments"]["groups"]] == ["d1", "d2", "d3"]
    assert kept["departments"]["test"]["dof"] == [2, 18] and kept["composite"]["n"] == 26
    verification = sealing.verify([sealed_file(api, skipped_vote)])
    assert verification.agrees and verification.recounted_statistics is not None
    assert sealed_statistics.differences(verification.stated_statistics, verification.recounted_statistics) == []


def test_the_edited_database_vote_keeps_its_sealed_statistics(api, app, session, skipped_vote):
    """The regression: answers edited in the database after close left the sealed tally alone but
    moved the statistics. They are read from the seal now; counted afresh they would have moved."""
    before = statistics(api, skipped_vote)
    digest = sealed(api, skipped_vote)["sha256"]
    assert satisfy_every_wages_answer(session, skipped_vote) > 0
    assert statistics(api, skipped_vote) == before
    campaign = session.get(Campaign, skipped_vote)
    results = campaigns.results(session, campaign)
    afresh = vote_statistics.statistics(campaign, results.tally.composite, results.turnout.cast,
                                        vote_statistics.sql_pass(session, campaign, results.distribution))
    assert afresh.composite.variance != pytest.approx(stored(session, skipped_vote).statistics["composite"]["variance"])
    rewritten = sealed_file(api, skipped_vote)
    assert sha256(rewritten) != digest and "counts" in sealing.verify([rewritten]).differences()


@pytest.mark.parametrize("member, value", [
    (("composite", "low"), "0.5"),
    (("alpha", "value"), "0.99"),
    (("departments", "test", "p_value"), "0.0001"),
    (("departments", "groups", 0, "respondents"), 1),
])
def test_the_verifier_refuses_statistics_the_ballots_do_not_give(api, skipped_vote, member, value):
    document = json.loads(sealed_file(api, skipped_vote))
    target = document["statistics"]
    for key in member[:-1]:
        target = target[key]
    target[member[-1]] = value
    forged = sealing.canonical(document).encode()
    assert sealing.verify([forged]).differences() == [f"statistics.{member[0]}"]


def test_a_vote_sealed_before_statistics_were_shows_the_same_statistics_counted_afresh(api, session, skipped_vote):
    """A seal without "statistics" (harmony-seal/2) is written back as /2, and its statistics are
    computed from its ballots: the figures agree with those the seal would have kept."""
    sealed_figures = statistics(api, skipped_vote)
    seal = stored(session, skipped_vote)
    seal.statistics = None
    session.commit()
    assert statistics(api, skipped_vote) == sealed_figures
    document = json.loads(sealed_file(api, skipped_vote))
    assert document["format"] == sealing.FORMAT_2 and "statistics" not in document
    assert sha256(sealed_file(api, skipped_vote)) != seal.sha256


def test_a_score_vote_seals_statistics_the_verifier_recomputes(api, world):
    campaign_id = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "评分", "electorate": 30}).json["id"]
    assert api("chair_a").patch(f"/campaigns/{campaign_id}", {"method": "score"}).status_code == 200
    open_cast_close(api, campaign_id, skipping(small_group_ballots({None: 12})))
    document = json.loads(sealed_file(api, campaign_id))
    assert document["settings"]["campaign"]["method"] == "score"
    assert document["statistics"]["departments"] is None and document["statistics"]["composite"]["low"] is not None
    assert sealing.verify([sealed_file(api, campaign_id)]).agrees


def test_the_member_reads_back_as_it_was_written(session, api, skipped_vote):
    kept = stored(session, skipped_vote)
    composite = campaigns.results(session, session.get(Campaign, skipped_vote)).tally.composite
    assert sealed_statistics.member(sealed_statistics.of_member(kept.statistics, composite)) == kept.statistics
