"""One resolver tells what a code typed on /v is, with one hash, for every entry point."""
import pytest

from congress_support import open_motion, open_session
from helpers import answers, open_vote
from survey.data.models import Delegate
from survey.domain import codes, resolver
from survey.domain.resolver import CodeKind


@pytest.fixture
def hashes(monkeypatch):
    """How many times a code is hashed."""
    calls = []
    real = codes.code_hash
    monkeypatch.setattr(codes, "code_hash", lambda code: calls.append(code) or real(code))
    return calls


def test_each_kind_of_code_is_resolved_with_its_row(api, world, session):
    campaign_id, ballot_codes = open_vote(api, world.a, codes=1)
    congress_id, delegate_ids = open_session(api, world.a, total=3, present=3)
    motion_id, motion_codes = open_motion(api, congress_id)
    sign_in_code = codes.new_code()
    session.get(Delegate, delegate_ids[0]).signin_hash = codes.code_hash(sign_in_code)
    session.commit()

    ballot = resolver.resolve(session, ballot_codes[0].lower())
    assert (ballot.kind, ballot.found.campaign_id, ballot.code) == (CodeKind.CAMPAIGN_BALLOT, campaign_id,
                                                                   ballot_codes[0].replace("-", ""))
    assert ballot.hashed == codes.code_hash(ballot.code) and not ballot.found.used
    agenda = resolver.resolve(session, motion_codes[0])
    assert (agenda.kind, agenda.found.agenda_item_id, agenda.found.kind) == (CodeKind.AGENDA_BALLOT, motion_id, "motion")
    delegate = resolver.resolve(session, sign_in_code)
    assert (delegate.kind, delegate.found.id) == (CodeKind.SIGN_IN, delegate_ids[0])


def test_unknown_and_malformed_codes(session, hashes):
    unknown = resolver.resolve(session, codes.new_code())
    assert unknown.kind == CodeKind.UNKNOWN and unknown.found is None and len(unknown.hashed) == 64
    malformed = resolver.resolve(session, "not a code")
    assert (malformed.kind, malformed.code, malformed.hashed, malformed.found) == (CodeKind.UNKNOWN, None, "", None)
    assert len(hashes) == 1  # the malformed one is never hashed


def test_every_kind_is_an_entry_of_the_lookup_table():
    assert [kind for kind, _lookup in resolver.LOOKUPS] == [CodeKind.CAMPAIGN_BALLOT, CodeKind.AGENDA_BALLOT,
                                                            CodeKind.SIGN_IN]
    assert set(CodeKind) == {kind for kind, _lookup in resolver.LOOKUPS} | {CodeKind.UNKNOWN}


def test_a_code_is_hashed_once_per_request(client, api, world, hashes):
    _campaign, ballot_codes = open_vote(api, world.a, codes=2)
    congress_id, _ids = open_session(api, world.a, total=3, present=3)
    _motion, motion_codes = open_motion(api, congress_id)
    hashes.clear()
    assert client.get(f"/v/{motion_codes[0]}").status_code == 200
    assert len(hashes) == 1
    hashes.clear()
    form = {"code": ballot_codes[0], **{f"a.{k}": v for k, v in answers().items()}}
    assert client.post("/v/submit", data=form).status_code == 200
    assert len(hashes) == 1
    hashes.clear()
    assert api().post("/ballots", {"code": ballot_codes[1], "answers": answers()}).status_code == 201
    assert api().post("/ballots", {"code": motion_codes[1], "choice": "for"}).status_code == 201
    assert len(hashes) == 2
