"""Sealed results: closing seals the vote; the sealed file, its digest, its recount and the public page."""
import json
from datetime import datetime
from fractions import Fraction

import pytest
from sqlalchemy import delete, func, select

from config import TestConfig
from helpers import SCORED
from seal_support import MIXED, SUGGESTION, TITLE, closed_vote, mixed_ballots, sealed, sealed_file, sha256
from survey import create_app
from survey.data.models import Answer, Ballot, Campaign, Item, Option, Seal
from survey.domain import rules, sealing


def canonical(value) -> bytes:
    """Canonical JSON written independently of the code under test."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def split(data: bytes) -> tuple[bytes, bytes]:
    """The file before and after the start of its ballots."""
    head, _sep, votes = data.partition(b',"votes":[')
    return head + _sep, votes


@pytest.fixture
def vote(api, world):
    return closed_vote(api, world.a, mixed_ballots())


def test_results_name_the_seal_and_the_json_export_is_the_sealed_file(api, vote):
    seal = sealed(api, vote)
    assert len(seal["sha256"]) == 64 and seal["verify_url"] == f"http://harmony.test/verify/{seal['sha256']}"
    response = api("chair_a").get(f"/campaigns/{vote}/export?format=json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert sha256(response.data) == seal["sha256"]
    assert "no-store" in response.headers["Cache-Control"]


def test_sealed_file_is_canonical_and_holds_settings_ballots_and_tally(api, vote):
    data = sealed_file(api, vote)
    document = json.loads(data)
    assert canonical(document) == data
    assert list(document) == ["format", "settings", "statistics", "summary", "votes"] and document["format"] == "harmony-seal/3"
    settings, summary = document["settings"], document["summary"]
    assert settings["enterprise"] == {"name": "甲公司", "credit_code": "91350100M000100Y43"}
    assert settings["campaign"]["title"] == TITLE and settings["campaign"]["electorate"] == 30
    assert settings["campaign"]["threshold"] == "80.00" and settings["campaign"]["method"] == "rate"
    overall = next(item for item in settings["questionnaire"]["items"] if item["key"] == "overall")
    assert [(o["key"], o["text_zh"], o["satisfied"], o["score"]) for o in overall["options"]] == [
        ("satisfied", "满意", True, 100), ("fairly", "基本满意", True, 60), ("dissatisfied", "不满意", False, 0)]
    assert (summary["cast"], summary["valid"], summary["electorate"]) == (20, 20, 30)
    assert summary["composite"] == "4/5" and summary["composite_decimal"] == "0.800000"
    assert summary["qualified"] is True and summary["reasons"] == ["composite_reaches"]
    assert summary["counts"]["overall"] == {"satisfied": 10, "fairly": 6, "dissatisfied": 4}
    # Nobody left the department out: "not stated" has no ballot, is hidden, and hides nothing else.
    assert summary["counts"]["department"] == {"d1": 13, "d2": 7, "hidden": 0}
    assert summary["departments"] == {"hidden": [None], "min_ballots": 5}
    assert len(document["votes"]) == 20


def test_ballots_come_by_random_key_with_answers_only(api, vote, session, world):
    data = sealed_file(api, vote)
    votes = json.loads(data)["votes"]
    rows = session.execute(
        select(Ballot.id, Item.key, Option.key, Answer.text)
        .join(Answer, Answer.ballot_id == Ballot.id).join(Item, Item.id == Answer.item_id)
        .outerjoin(Option, Option.id == Answer.option_id).where(Ballot.campaign_id == vote)).all()
    by_key: dict[str, dict] = {}
    for key, item, option, text in rows:
        by_key.setdefault(key, {})[item] = option if option is not None else text
    assert votes == [by_key[key] for key in sorted(by_key)]
    allowed = {"satisfied", "fairly", "dissatisfied", "d1", "d2"}
    for ballot in votes:
        assert set(ballot) <= set(SCORED) | {"department", "suggestion"}
        assert all(value in allowed or value.startswith(SUGGESTION) for value in ballot.values())
    assert not any(key.encode() in data for key in by_key)


def test_sealed_file_has_no_code_and_no_time_per_ballot(api, world):
    chair = api("chair_a")
    campaign_id = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评", "electorate": 5}).json["id"]
    chair.post(f"/campaigns/{campaign_id}/open")
    codes = chair.post(f"/campaigns/{campaign_id}/codes", {"count": 3}).json["codes"]
    for code in codes:
        assert api().post("/ballots", {"code": code, "answers": {"overall": "satisfied"}}).status_code == 201
    chair.post(f"/campaigns/{campaign_id}/close")
    data = sealed_file(api, campaign_id)
    for code in codes:
        plain = code.replace("-", "")
        assert code.encode() not in data and plain.encode() not in data and plain.lower().encode() not in data
    assert json.loads(data)["votes"] == [{"overall": "satisfied"}] * 3
    _head, votes = split(data)
    assert votes == b'{"overall":"satisfied"},' * 2 + b'{"overall":"satisfied"}]}'


def test_closing_twice_is_refused_and_the_seal_stays(api, vote, session):
    before = sealed(api, vote)
    again = api("chair_a").post(f"/campaigns/{vote}/close")
    assert again.status_code == 409 and again.json["error"] == "illegal_transition"
    assert sealed(api, vote) == before
    assert session.scalar(select(func.count()).select_from(Seal)) == 1
    assert sha256(sealed_file(api, vote)) == before["sha256"]


def test_a_ballot_changed_after_closing_no_longer_matches_the_seal(api, vote, session):
    seal = sealed(api, vote)
    dissatisfied = session.scalar(select(Option.id).join(Item).where(Item.key == "overall",
                                                                    Option.key == "dissatisfied"))
    # Random keys put the answers in any order: pick one whose value really changes.
    answer = session.scalars(select(Answer).join(Item).where(Item.key == "overall",
                                                               Answer.option_id != dissatisfied)).first()
    answer.option_id = dissatisfied
    session.commit()
    data = sealed_file(api, vote)
    assert sha256(data) != seal["sha256"]
    assert not sealing.verify([data]).agrees


def overall_counts(api, vote) -> tuple[int, int]:
    item = next(i for i in api("chair_a").get(f"/campaigns/{vote}/results").json["items"] if i["key"] == "overall")
    return item["satisfied"], item["answered"]


def drop_satisfied_overall_answers(session, vote) -> None:
    satisfied = session.scalar(select(Option.id).join(Item).join(Campaign, Campaign.questionnaire_id == Item.questionnaire_id)
                               .where(Campaign.id == vote, Item.key == "overall", Option.key == "satisfied"))
    assert session.execute(delete(Answer).where(Answer.option_id == satisfied)).rowcount > 0
    session.commit()


def test_a_sealed_vote_reports_the_tally_it_was_sealed_with(api, vote, session):
    before = overall_counts(api, vote)
    drop_satisfied_overall_answers(session, vote)
    assert before[0] > 0 and overall_counts(api, vote) == before


def test_a_vote_closed_before_sealing_existed_has_no_seal_to_export_and_is_counted(api, vote, session):
    before = overall_counts(api, vote)
    session.execute(delete(Seal))
    drop_satisfied_overall_answers(session, vote)
    dropped = MIXED.count("satisfied")
    assert overall_counts(api, vote) == (before[0] - dropped, before[1] - dropped)
    assert api("chair_a").get(f"/campaigns/{vote}/results").json["seal"] is None
    response = api("chair_a").get(f"/campaigns/{vote}/export?format=json")
    assert response.status_code == 409 and response.json["error"] == "not_sealed"


@pytest.mark.parametrize("user, status", [("chair_b", 403), ("assessor_west", 403), ("assessor_east", 200),
                                          ("assessor_city", 200), ("admin", 200), (None, 401)])
def test_exports_are_for_the_enterprise_and_its_assessors(api, vote, user, status):
    paths = [f"/export?format={export}" for export in ("json", "csv", "xlsx", "summary.xlsx")] + ["/attachment.pdf"]
    for path in paths:
        response = api(user).get(f"/campaigns/{vote}{path}")
        assert (response.status_code, bool(response.data)) == (status, True)  # read it all: a stream ends its transaction


def test_exports_wait_for_the_close(api, world):
    chair = api("chair_a")
    campaign_id = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json["id"]
    chair.post(f"/campaigns/{campaign_id}/open")
    for path in ("/export?format=json", "/export?format=csv", "/attachment.pdf"):
        response = chair.get(f"/campaigns/{campaign_id}{path}")
        assert response.status_code == 409 and response.json["error"] == "results_hidden"


def test_unknown_export_format_is_422(api, vote):
    response = api("chair_a").get(f"/campaigns/{vote}/export?format=pdf")
    assert response.status_code == 422 and "format" in response.json["errors"]
    assert api("chair_a").get(f"/campaigns/{vote}/export?format=csv&labels=both").status_code == 422


def test_a_vote_closed_by_its_time_is_sealed(client, api, world):
    chair = api("chair_a")
    campaign_id = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json["id"]
    assert chair.patch(f"/campaigns/{campaign_id}", {"closes_at": "2020-01-01T08:00"}).status_code == 200
    chair.post(f"/campaigns/{campaign_id}/open")
    assert client.post("/login", data={"username": "chair_a", "password": "password-chair_a"}).status_code == 302
    assert client.get(f"/campaigns/{campaign_id}").status_code == 200  # the chair's next look closes it
    assert chair.get(f"/campaigns/{campaign_id}").json["state"] == "closed"
    data = sealed_file(api, campaign_id)
    assert sha256(data) == sealed(api, campaign_id)["sha256"]
    assert data.endswith(b',"votes":[]}') and json.loads(data)["summary"]["cast"] == 0


def test_close_due_seals(app, api, world):
    chair = api("chair_a")
    campaign_id = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json["id"]
    chair.patch(f"/campaigns/{campaign_id}", {"closes_at": "2020-01-01T08:00"})
    chair.post(f"/campaigns/{campaign_id}/open")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["close-due"])
        assert result.exit_code == 0 and "closed 1 vote(s)" in result.output
        seal = app.extensions["harmony.sessions"]().get(Seal, campaign_id)
        assert seal is not None and seal.summary["cast"] == 0
    assert sha256(sealed_file(api, campaign_id)) == seal.sha256


def test_verification_page_shows_the_sealed_summary_without_signing_in(client, api, vote):
    seal = sealed(api, vote)
    closed = datetime.fromisoformat(api("chair_a").get(f"/campaigns/{vote}").json["closed_at"])
    page = client.get(f"/verify/{seal['sha256']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for shown in ("甲公司", "91350100M000100Y43", TITLE, closed.strftime("%Y-%m-%d %H:%M"), seal["sha256"],
                  "80.00%", "自查合格", "合格线80%以上"):
        assert shown in html, shown
    facts = html.split('id="facts"')[1].split("</table>")[0]
    assert facts.count("<td>20</td>") == 2 and facts.count("<td>30</td>") == 1  # cast, valid; electorate
    assert SUGGESTION not in html and "生产部" not in html
    assert client.get(f"/verify/{seal['sha256'].upper()}").status_code == 200


@pytest.mark.parametrize("digest", ["0" * 64, "not-a-digest", "a" * 63, "g" * 64])
def test_verification_page_is_a_friendly_404_for_an_unknown_digest(client, vote, digest):
    page = client.get(f"/verify/{digest}")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "No sealed result has this digest" in html or "没有" in html
    assert "<form" not in html.split("<main>")[1]


def test_a_failed_vote_is_sealed_as_not_qualified(api, world, client):
    campaign_id = closed_vote(api, world.a, mixed_ballots(["satisfied"] * 15 + ["dissatisfied"] * 5))
    data = sealed_file(api, campaign_id)
    summary = json.loads(data)["summary"]
    assert summary["qualified"] is False and summary["reasons"] == ["composite_below"]
    assert summary["composite"] == "3/4"
    assert "自查不合格" in client.get(f"/verify/{sha256(data)}").get_data(as_text=True)


# verify-seal: the file alone, no database


def run_verify(app, path, *args):
    with app.app_context():  # as `flask` pushes one around every command
        return app.test_cli_runner().invoke(args=["verify-seal", str(path), *args])


def test_verify_seal_recounts_a_genuine_file(app, api, vote, tmp_path):
    path = tmp_path / "sealed.json"
    path.write_bytes(sealed_file(api, vote))
    digest = sealed(api, vote)["sha256"]
    result = run_verify(app, path, "--digest", digest.upper())
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == digest
    assert "cast 20, valid 20, electorate 30" in result.stdout and "4/5 = 0.800000" in result.stdout
    assert "自查合格" in result.stdout and "甲公司" in result.stdout


def test_verify_seal_fails_on_a_tampered_ballot(app, api, vote, tmp_path):
    head, votes = split(sealed_file(api, vote))
    tampered = head + votes.replace(b'"overall":"dissatisfied"', b'"overall":"satisfied"', 1)
    path = tmp_path / "tampered.json"
    path.write_bytes(tampered)
    result = run_verify(app, path)
    assert result.exit_code == 1
    assert "recount disagrees" in result.stderr and "counts" in result.stderr and "items" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == sha256(tampered)


def test_verify_seal_fails_on_a_wrong_digest(app, api, vote, tmp_path):
    """Ballots in another order count the same: only the digest shows the file is not the sealed one."""
    document = json.loads(sealed_file(api, vote))
    document["votes"].reverse()
    path = tmp_path / "reordered.json"
    path.write_bytes(canonical(document))
    assert run_verify(app, path).exit_code == 0
    result = run_verify(app, path, "--digest", sealed(api, vote)["sha256"])
    assert result.exit_code == 1 and "digest" in result.stderr
    assert result.stdout.strip().splitlines()[-1] == sha256(canonical(document))


@pytest.mark.parametrize("content, words", [
    (None, "Cannot read the file"),
    (b"not json", "canonical sealed export"),
    (b'{"format":"harmony-seal/1","settings":{},"summary":{},"votes":[]}', "settings"),
    (b'{"format":"harmony-seal/2","settings":{},"summary":{},"votes":[]}', "settings"),
    (b'{"format":"harmony-seal/9","settings":{},"summary":{},"votes":[]}', "format version"),
    (b'{"format":"harmony-seal/1","settings":{"campaign":1}\xff', "UTF-8"),
])
def test_verify_seal_explains_an_unreadable_file_in_chinese_and_english(app, tmp_path, content, words):
    path = tmp_path / "file.json"
    if content is not None:
        path.write_bytes(content)
    result = run_verify(app, path)
    assert result.exit_code != 0 and words in result.stderr
    assert any("\u4e00" <= char <= "\u9fff" for char in result.stderr)


def test_verify_seal_runs_from_the_command_line_without_a_database(api, vote, tmp_path):
    path = tmp_path / "sealed.json"
    path.write_bytes(sealed_file(api, vote))
    missing = f"sqlite:///{tmp_path / 'missing' / 'none.db'}"
    offline = create_app(TestConfig, DATABASE_URL=missing, SECRET_KEY="cli-test")
    offline.instance_path = str(tmp_path)
    result = run_verify(offline, path)
    offline.extensions["harmony.engine"].dispose()
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == sealed(api, vote)["sha256"]
    assert not (tmp_path / "missing").exists()


# The canonical form, without a database


SETTINGS = {
    "campaign": {"method": "rate", "threshold": "80.00", "floors": {"a": "90.00"}, "vetoes": {}, "electorate": 4},
    "questionnaire": {"scale": 2, "items": [
        {"key": "a", "kind": "scored", "weight": 2,
         "options": [{"key": "y", "satisfied": True, "score": 100}, {"key": "n", "satisfied": False, "score": 0}]},
        {"key": "b", "kind": "scored", "weight": 1,
         "options": [{"key": "y", "satisfied": True, "score": 100}, {"key": "n", "satisfied": False, "score": 0}]},
        {"key": "note", "kind": "text", "weight": 1, "options": []},
    ]},
}
BALLOTS = [{"a": "y", "b": "n", "note": "好"}, {"a": "y", "b": "y"}, {"note": "只写了建议"}]


def test_recount_follows_the_rules_and_counts_a_ballot_without_scored_answers_as_invalid():
    recount = sealing.Recount(SETTINGS)
    for ballot in BALLOTS:
        recount.add(ballot)
    summary = recount.summary()
    assert (summary["cast"], summary["valid"]) == (3, 2)
    # a: 2/2, b: 1/2, weights 2 and 1: (2·1 + 1·1/2) / 3 = 5/6
    assert summary["composite"] == "5/6" and summary["composite_decimal"] == "0.833333"
    assert summary["qualified"] is True and summary["turnout"] == "0.750000"
    assert summary["counts"] == {"a": {"y": 2, "n": 0}, "b": {"y": 1, "n": 1}}
    expected = rules.tally([rules.ItemCount("a", 2, 2, 2, 200), rules.ItemCount("b", 1, 2, 1, 100)],
                           rules.CountingRules(floors={"a": Fraction(90)}))
    assert summary["composite"] == str(expected.composite)


def test_streamed_document_equals_the_whole_object_serialized_and_reads_back():
    summary = {"cast": 3, "departments": None}
    data = b"".join(sealing.document(sealing.header(settings=SETTINGS, summary=summary), iter(BALLOTS)))
    assert data == canonical({"format": "harmony-seal/2", "settings": SETTINGS, "summary": summary, "votes": BALLOTS})
    one_byte_chunks = [data[i:i + 1] for i in range(len(data))]
    verification = sealing.verify(one_byte_chunks)
    assert verification.sha256 == sha256(data) and verification.size == len(data)
    assert verification.recounted["cast"] == 3 and not verification.agrees
    assert verification.differences() == sorted(set(verification.recounted) - {"cast", "departments"})


def test_a_document_without_ballots_and_ballots_without_answers():
    assert b"".join(sealing.document({}, [])).endswith(b'"votes":[]}')
    rows = [("k1", None, None, None), ("k2", "a", "y", None), ("k2", "note", None, "好"), ("k3", None, None, None)]
    assert list(sealing.ballots_from_rows(rows)) == [{}, {"a": "y", "note": "好"}, {}]


@pytest.mark.parametrize("data", [
    b'{"format":"harmony-seal/1","settings":{},"summary":{},"votes":[]} ',
    b'{"format":"harmony-seal/1","settings":{},"summary":{},"votes":[{}',
    b'{"format":"harmony-seal/1","settings":{},"summary":{},"votes":[1]}',
    b'{"format":"harmony-seal/1", "settings":{},"summary":{},"votes":[]}',
])
def test_reader_refuses_what_is_not_the_canonical_shape(data):
    with pytest.raises(sealing.SealFileError) as raised:
        sealing.verify([data.replace(b'"settings":{}', b'"settings":' + canonical(SETTINGS))])
    assert raised.value.key == "seal_not_canonical"


@pytest.mark.parametrize("value, text", [(Fraction(1, 3), "0.333333"), (Fraction(2, 3), "0.666667"),
                                         (Fraction(1, 2_000_000), "0.000000"), (Fraction(3, 2_000_000), "0.000002"),
                                         (Fraction(-1, 8), "-0.125000"), (Fraction(250), "250.000000")])
def test_decimals_are_exact_and_round_half_to_even(value, text):
    assert sealing.decimal_text(value) == text
