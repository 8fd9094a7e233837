"""Cycles and declarations for the assessor's tests: a sealed self-check vote, a declaration walked
through its states, earlier years' named declarations."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from helpers import answers
from seal_support import MIXED, open_cast_close

from survey.data.enums import DeclarationState
from survey.data.models import Campaign, Cycle, Declaration, Seal

YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year  # a vote closed now belongs to this local year's cycle
# 10 satisfied + 5 fairly satisfied + 5 dissatisfied of 20: 75%, below the line
BELOW = ["satisfied"] * 10 + ["fairly"] * 5 + ["dissatisfied"] * 5


def qualified_vote(api, enterprise_id: int, user: str = "chair_a", options: list[str] = MIXED) -> int:
    """A closed, sealed vote of the enterprise at exactly 80% (qualified) unless other options are given."""
    created = api(user).post(f"/enterprises/{enterprise_id}/campaigns", {"title": "自查", "electorate": len(options)})
    assert created.status_code == 201, created.json
    return open_cast_close(api, created.json["id"], [answers(option) for option in options], user)


def self_scores(criteria: list[dict], veto_met: bool = True, share: str = "1", less: str = "0") -> dict:
    """A full score sheet: every scored criterion at `share` of its maximum, the first one `less` points
    lower (the example's 100 points at share 0.8: exactly 80), every veto met (or not)."""
    sheet = {c["key"]: veto_met if c["veto"] else str(Decimal(c["max_points"]) * Decimal(share)) for c in criteria}
    first = criteria[0]["key"]
    sheet[first] = str(Decimal(sheet[first]) - Decimal(less))
    return sheet


def named_before(session, world, enterprise_id: int, jurisdiction_id: int, year: int, level: str) -> None:
    """A declaration named in an earlier year's cycle of the jurisdiction, as the history the level rules read."""
    cycle = session.query(Cycle).filter_by(jurisdiction_id=jurisdiction_id, year=year).one_or_none()
    if cycle is None:
        cycle = Cycle(jurisdiction_id=jurisdiction_id, year=year, notice_days=7, min_scores={}, example_scheme=True)
        session.add(cycle)
        session.flush()
    vote = session.query(Campaign).filter_by(enterprise_id=enterprise_id).first()
    seal = session.get(Seal, vote.id)
    session.add(Declaration(cycle_id=cycle.id, enterprise_id=enterprise_id, level=level, campaign_id=vote.id,
                            seal_sha256=seal.sha256, state=DeclarationState.NAMED))
    session.commit()


def weighted_vote(api, client, enterprise_id: int, wages: int, overall: int, user: str = "chair_a") -> int:
    """A closed vote of 100 ballots where only wages (weight 99) and overall (weight 1) count, with `wages`
    and `overall` of the 100 satisfied: its composite is exactly (99·wages + overall) / 10,000."""
    created = api(user).post(f"/enterprises/{enterprise_id}/campaigns", {"title": "加权自查", "electorate": 100})
    campaign_id = created.json["id"]
    data = {}
    for item in api(user).get(f"/campaigns/{campaign_id}/form").json["items"]:
        if item["kind"] == "scored":
            data[f"{item['key']}.satisfied"] = [o["key"] for o in item["options"] if o["satisfied"]]
            data[f"{item['key']}.weight"] = {"wages": "99", "overall": "1"}.get(item["key"], "0")
            data[f"{item['key']}.required"] = "1" if item["required"] else ""
    client.post("/login", data={"username": user, "password": "password-" + user})
    assert client.post(f"/campaigns/{campaign_id}/questionnaire", data=data).status_code == 302
    ballots = [answers("dissatisfied", wages="satisfied" if n < wages else "dissatisfied",
                       overall="satisfied" if n < overall else "dissatisfied") for n in range(100)]
    return open_cast_close(api, campaign_id, ballots, user)
