"""Property-based fuzzing of /api/v1 from its own OpenAPI document: no input may answer 5xx.

Schemathesis generates bodies, path ids and queries that fit the declared schemas and ones that
break them, and sends them to the app in process (WSGI) with an admin's API key, over a seeded
world: a draft and an open vote with codes, an open congress session with a motion and an election,
a cycle with a draft declaration.
Bounded and derandomized, so a run is reproducible and takes well under two minutes on 2 cores.
"""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from congress_support import open_session
from declaration_support import YEAR, qualified_vote
from helpers import open_vote

EXAMPLES = 25  # per operation and generation mode


@pytest.fixture
def api_schema(app, api, world):
    open_vote(api, world.a, codes=5)
    api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": "草稿"})
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    api("chair_a").post(f"/congresses/{congress_id}/motions", {"title": "议案"})
    api("chair_a").post(f"/congresses/{congress_id}/elections", {"title": "选举", "seats": 1, "candidates": ["甲", "乙"]})
    cycle = api("admin").post(f"/jurisdictions/{world.east}/cycles", {"year": YEAR}).json["id"]
    api("chair_a").post(f"/enterprises/{world.a}/declarations",
                        {"cycle": cycle, "level": "A", "vote": qualified_vote(api, world.a)})
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_input_is_a_server_error(case, world):
    case.call_and_validate(headers={"Authorization": f"Bearer {world.keys['admin']}"},
                           checks=[not_a_server_error])


def _paths(rule: str) -> set[str]:
    """The paths of a route, ``<any(a, b):name>`` once for each of a and b."""
    choice = re.search(r"<any\(([^)]*)\):\w+>", rule)
    if choice is None:
        return {rule}
    return {path for option in choice.group(1).split(",")
            for path in _paths(rule[:choice.start()] + option.strip() + rule[choice.end():])}


def test_openapi_document_describes_every_api_route_without_a_key(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.1")
    expected = {path for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
                for path in _paths(re.sub(r"<(?:int:)?(\w+)>", r"{\1}", rule.rule))}
    assert set(document["paths"]) == expected and "/api/v1/elections/{item_id}/paper" in expected
    operations = [operation for path in document["paths"].values() for operation in path.values()]
    assert len({operation["operationId"] for operation in operations}) == len(operations) > 35
    ballot = document["paths"]["/api/v1/ballots"]["post"]
    assert ballot["security"] == [] and ballot["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Ballot"}
    assert set(ballot["responses"]) == {"201", "4XX"}
    campaign = document["components"]["schemas"]["NewCampaign"]["properties"]
    assert campaign["ask_department"]["type"] == "boolean" and campaign["title"]["maxLength"] == 200
    assert campaign["electorate"]["anyOf"][0]["maximum"] == 1_000_000
    assert document["components"]["schemas"]["Error"]["required"] == ["error", "message"]
    moves = {action: document["paths"][f"/api/v1/enterprises/{{enterprise_id}}/title/{action}"]["post"]
             ["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
             for action in ("yellow_card", "rectified", "delist", "revoke")}
    assert moves == {"yellow_card": "YellowCard", "rectified": "Finding", "delist": "Finding", "revoke": "Revocation"}
