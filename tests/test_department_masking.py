"""Ballot-level files hide the departments the published breakdown hides (harmony-seal/2)."""
import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from helpers import answers
from seal_support import closed_vote, departments, sealed, sealed_file, sha256, small_group_ballots
from survey.data.models import Seal
from survey.domain import sealing
from survey.domain.breakdown import GroupCount, hidden_groups, hidden_with_pool

FIXTURE_1 = Path(__file__).parent / "fixtures" / "harmony-seal-1.json"
FIXTURE_1_SHA256 = "c907b9e88d49238ba350e69d195f56c4a3823dcbf87a94ef6f8f12f48f76b67c"
NAMES = {"d1": "生产部", "d2": "技术部", "d3": "行政部", "d4": "销售部"}


def get(api, path: str, user: str = "chair_a") -> bytes:
    response = api(user).get(path)
    assert response.status_code == 200, response.data[:300]
    return response.data


def votes_of(data: bytes) -> list[dict]:
    return json.loads(data)["votes"]


def published_hidden(api, campaign_id: int) -> set:
    """The groups the published breakdown (results API statistics, same as the chair's page) hides."""
    rows = api("chair_a").get(f"/campaigns/{campaign_id}/results").json["statistics"]["departments"]["rows"]
    return {row["group"] for row in rows if not row["shown"]}


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def sheet(data: bytes, index: int) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [["" if cell is None else cell for cell in row] for row in book.worksheets[index].iter_rows(values_only=True)]


def department_column(rows: list[list], answered=lambda row: any(row[1:])) -> list:
    """The department cell of every ballot row (after the header) that has an answer beside it."""
    return [row[0] for row in rows[1:] if answered(row)]


@pytest.fixture
def small_vote(api, world, session):
    """生产部 8, 技术部 6, 行政部 3, 销售部 4, not stated 2."""
    departments(session, world.a)
    return closed_vote(api, world.a, small_group_ballots(), electorate=30)


def test_no_hidden_department_is_named_beside_an_answer_in_any_file(api, small_vote):
    hidden = {"d3", "d4", None}
    assert published_hidden(api, small_vote) == hidden
    shown_names, hidden_names = {"生产部", "技术部"}, {"行政部", "销售部"}
    data = sealed_file(api, small_vote)
    votes = votes_of(data)
    assert len(votes) == 23 and all("department" in ballot for ballot in votes)  # not stated is hidden too
    assert sorted(b["department"] for b in votes) == ["d1"] * 8 + ["d2"] * 6 + ["hidden"] * 9
    _head, _sep, ballots = data.partition(b',"votes":[')
    for name in (*hidden_names, "d3", "d4"):
        assert name.encode() not in ballots
    for path in ("format=csv", "format=csv&labels=text", "format=xlsx&labels=keys", "format=xlsx"):
        rows = csv_rows(get(api, f"/campaigns/{small_vote}/export?{path}")) if "csv" in path else \
            sheet(get(api, f"/campaigns/{small_vote}/export?{path}"), 0)
        column = department_column(rows)
        assert len(column) == 23 and not hidden_names & set(column) and not {"d3", "d4"} & set(column), path
        texts = "labels=text" in path or path == "format=xlsx"
        assert sorted(column) == sorted(([NAMES["d1"]] * 8 + [NAMES["d2"]] * 6 if texts else ["d1"] * 8 + ["d2"] * 6)
                                        + ["隐藏" if texts else "hidden"] * 9), path
        assert shown_names <= set(column) if texts else True
    answers_sheet = sheet(get(api, f"/campaigns/{small_vote}/export?format=summary.xlsx"), 2)
    by_option = {row[1]: row[2] for row in answers_sheet if row[0] == "您所在的部门"}
    assert by_option == {"生产部": 8, "技术部": 6, "行政部": "隐藏", "销售部": "隐藏"}


def test_the_seal_counts_hidden_groups_together_and_names_them(api, small_vote, session):
    summary = json.loads(sealed_file(api, small_vote))["summary"]
    assert summary["counts"]["department"] == {"d1": 8, "d2": 6, "hidden": 9}
    assert summary["departments"] == {"hidden": ["d3", "d4", None], "min_ballots": 5}
    stored = session.scalar(select(Seal).where(Seal.campaign_id == small_vote))
    assert stored.summary == summary and sha256(sealed_file(api, small_vote)) == stored.sha256
    assert "3" not in json.dumps(summary["counts"]["department"]) and "4" not in json.dumps(summary["counts"]["department"])


def test_a_shown_group_is_hidden_too_when_the_one_hidden_could_be_subtracted(api, world, session):
    """行政部 has 3 ballots and every other small group none: 技术部 (the smallest shown) hides with it."""
    departments(session, world.a)
    campaign_id = closed_vote(api, world.a, small_group_ballots({"d1": 8, "d2": 6, "d3": 3}), electorate=30)
    assert published_hidden(api, campaign_id) == {"d2", "d3", "d4", None}
    data = sealed_file(api, campaign_id)
    assert json.loads(data)["summary"]["departments"]["hidden"] == ["d2", "d3", "d4", None]
    assert sorted(b["department"] for b in votes_of(data)) == ["d1"] * 8 + ["hidden"] * 9
    column = department_column(csv_rows(get(api, f"/campaigns/{campaign_id}/export?format=csv&labels=text")))
    assert sorted(column) == ["生产部"] * 8 + ["隐藏"] * 9


def test_not_stated_is_hidden_by_the_same_rule_and_kept_when_shown(api, world, session):
    """Not stated with 5 ballots is shown (its ballots have no department); 技术部 with 3 alone under 5
    would be the total minus the rest, so the smallest shown group, not stated, hides with it."""
    campaign_id = closed_vote(api, world.a, small_group_ballots({"d1": 8, "d2": 3, None: 5}))
    assert published_hidden(api, campaign_id) == {"d2", None}
    assert sorted(b["department"] for b in votes_of(sealed_file(api, campaign_id))) == ["d1"] * 8 + ["hidden"] * 8
    shown = closed_vote(api, world.a, small_group_ballots({"d1": 8, "d2": 6, None: 5}))
    assert published_hidden(api, shown) == set()
    assert [b.get("department") for b in votes_of(sealed_file(api, shown))].count(None) == 5


def test_a_vote_without_a_department_question_seals_departments_as_null(api, world):
    chair = api("chair_a")
    campaign_id = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评", "electorate": 5}).json["id"]
    chair.post(f"/campaigns/{campaign_id}/open")
    code = chair.post(f"/campaigns/{campaign_id}/codes", {"count": 1}).json["codes"][0]
    assert api().post("/ballots", {"code": code, "answers": answers()}).status_code == 201
    chair.post(f"/campaigns/{campaign_id}/close")
    document = json.loads(sealed_file(api, campaign_id))
    assert document["format"] == "harmony-seal/3" and document["summary"]["departments"] is None
    assert sealing.verify([sealed_file(api, campaign_id)]).agrees


def test_a_vote_sealed_as_harmony_seal_1_keeps_its_file_and_its_spreadsheets_hide(api, small_vote, session):
    """A seal from before /2 (its summary without "departments") is written back unmasked, as it
    was sealed; the spreadsheets hide the departments as the breakdown does now."""
    stored = session.scalar(select(Seal).where(Seal.campaign_id == small_vote))
    old = {key: value for key, value in stored.summary.items() if key != "departments"}
    old["counts"] = {**old["counts"], "department": {"d1": 8, "d2": 6, "d3": 3, "d4": 4}}
    stored.summary, stored.statistics = old, None
    session.commit()
    document = json.loads(sealed_file(api, small_vote))
    assert document["format"] == "harmony-seal/1" and {b.get("department") for b in document["votes"]} == \
        {"d1", "d2", "d3", "d4", None}
    column = department_column(csv_rows(get(api, f"/campaigns/{small_vote}/export?format=csv&labels=text")))
    assert sorted(column) == ["技术部"] * 6 + ["生产部"] * 8 + ["隐藏"] * 9
    by_option = {row[1]: row[2] for row in sheet(get(api, f"/campaigns/{small_vote}/export?format=summary.xlsx"), 2)
                 if row[0] == "您所在的部门"}
    assert by_option["行政部"] == "隐藏" and by_option["销售部"] == "隐藏"


# verify-seal: /1 and /2


def run_verify(app, path, *args):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["verify-seal", str(path), *args])


def test_verify_seal_accepts_a_harmony_seal_1_file(app):
    """The /1 file in tests/fixtures was written by the code before /2: every department listed."""
    assert sha256(FIXTURE_1.read_bytes()) == FIXTURE_1_SHA256
    assert json.loads(FIXTURE_1.read_bytes())["format"] == "harmony-seal/1"
    result = run_verify(app, FIXTURE_1, "--digest", FIXTURE_1_SHA256)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1] == FIXTURE_1_SHA256
    assert "cast 23, valid 23" in result.stdout and "隐藏" not in result.stdout


def test_verify_seal_accepts_a_harmony_seal_2_file_and_names_its_hidden_departments(app, api, small_vote, tmp_path):
    path = tmp_path / "sealed.json"
    path.write_bytes(sealed_file(api, small_vote))
    digest = sealed(api, small_vote)["sha256"]
    result = run_verify(app, path, "--digest", digest)
    assert result.exit_code == 0, result.output
    assert "文件中隐藏的部门：行政部, 销售部, 未填部门" in result.stdout
    assert "Departments hidden in the file: 行政部, 销售部, Not stated" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == digest


def test_verify_seal_rejects_a_2_file_with_a_hidden_department_unmasked(app, api, small_vote, tmp_path):
    data = sealed_file(api, small_vote)
    head, sep, ballots = data.partition(b',"votes":[')
    tampered = head + sep + ballots.replace(b'"department":"hidden"', b'"department":"d3"', 3)
    path = tmp_path / "tampered.json"
    path.write_bytes(tampered)
    result = run_verify(app, path)
    assert result.exit_code == 1 and "counts" in result.stderr
    # 3 ballots of 行政部 are still under 5: the recount hides them too, the hidden set stays the same.
    assert sealing.verify([tampered]).differences() == ["counts"]


def reseal(document: dict, hidden: list, masked: set) -> bytes:
    """The document with only `masked` groups' ballots hidden, and a summary that states so consistently."""
    votes = [{**ballot, "department": "hidden"} if ballot.get("department", None) in masked else ballot
             for ballot in document["votes"]]
    recount = sealing.Recount(document["settings"])
    for ballot in votes:
        recount.add(ballot)
    summary = {**recount.summary(document["summary"].get("codes")), "departments": {"hidden": hidden, "min_ballots": 5}}
    return b"".join(sealing.document(sealing.header(settings=document["settings"], summary=summary), votes))


def test_the_verifier_recomputes_the_hidden_set(api, world):
    """A file that shows a group under 5 ballots, or hides one group alone where the others show, is
    refused even when its summary agrees with its ballots otherwise."""
    v1 = json.loads(FIXTURE_1.read_bytes())  # unmasked: every group listed
    assert sealing.verify([reseal(v1, ["d3", "d4", None], {"d3", "d4", None})]).agrees
    shows_a_small_group = sealing.verify([reseal(v1, ["d4", None], {"d4", None})])
    assert shows_a_small_group.differences() == ["departments"]
    assert shows_a_small_group.recounted["departments"]["hidden"] == ["d3", "d4", None]
    # 技术部 3 alone under 5, not stated 5: hiding 技术部 alone leaves it as the total minus the rest.
    campaign_id = closed_vote(api, world.a, small_group_ballots({"d1": 8, "d2": 3, None: 5}))
    sealed_document = json.loads(sealed_file(api, campaign_id))
    assert sealed_document["summary"]["departments"]["hidden"] == ["d2", None]
    unmasked = {**sealed_document, "votes": small_group_ballots({"d1": 8, "d2": 3, None: 5})}
    assert sealing.verify([reseal(unmasked, ["d2", None], {"d2", None})]).agrees
    alone = sealing.verify([reseal(unmasked, ["d2"], {"d2"})])
    assert alone.differences() == ["departments"] and alone.recounted["departments"]["hidden"] == ["d2", None]


# The rule, without a database


def group(name, ballots, items=(1,)):
    return GroupCount(name, ballots, 0, ballots, tuple(min(ballots, n) for n in items))


def test_hidden_groups_is_the_breakdown_rule():
    groups = [group("a", 8), group("b", 6), group("c", 3), group("d", 0)]
    assert hidden_groups(groups) == {1, 2, 3}  # c alone under 5 would be the total minus a and b
    assert hidden_groups([group("a", 8), group("b", 6), group("c", 3), group("d", 4)]) == {2, 3}
    assert hidden_groups([group("a", 5), group("b", 4)]) == {0, 1}  # exactly 5 shows, but b would follow
    assert hidden_groups([group("a", 5), group("b", 5)]) == set()


def test_a_pool_is_split_as_leniently_as_the_file_allows():
    shown = [group("a", 8), group("b", 6)]
    assert hidden_with_pool(shown, (7, 7, 7), pooled=2) == set()  # could be two groups with a share each
    assert hidden_with_pool(shown, (7, 7, 7), pooled=1) == {1}  # one pooled group: b must hide with it
    assert hidden_with_pool(shown, (1, 1, 1), pooled=3) == {1}  # one ballot is one group's
    assert hidden_with_pool(shown, (0, 0, 0), pooled=3) == set()  # empty groups protect nothing
    assert hidden_with_pool([group("a", 8), group("b", 3)], (0, 0, 0), pooled=1) == {0, 1}


# Free answers on the results page


def sign_in(client, username: str) -> None:
    assert client.post("/login", data={"username": username, "password": "password-" + username}).status_code == 302


def free_texts_section(html: str) -> str:
    start = html.index('id="free-texts"')
    return html[start:html.index("</section>", start)]


def test_the_results_page_lists_free_answers_without_department_in_order_of_text(client, api, world, session):
    departments(session, world.a)
    ballots = small_group_ballots()
    ballots[0]["suggestion"] = "<script>alert(1)</script>食堂"
    campaign_id = closed_vote(api, world.a, ballots, electorate=30)
    sign_in(client, "chair_a")
    section = free_texts_section(client.get(f"/campaigns/{campaign_id}").get_data(as_text=True))
    assert "以下文字不显示所在部门" in section
    listed = [item.split("</li>")[0] for item in section.split("<li>")[1:]]
    texts = sorted(ballot["suggestion"] for ballot in ballots)
    assert [text.replace("&lt;", "<").replace("&gt;", ">") for text in listed] == texts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;食堂" in section and "<script>" not in section
    assert listed != [ballot["suggestion"] for ballot in ballots]  # not in the order cast
    for name in NAMES.values():
        assert name not in section


def test_free_answers_say_when_only_the_first_are_shown(client, api, world, monkeypatch):
    from survey.domain import campaigns
    monkeypatch.setattr(campaigns, "FREE_TEXTS_SHOWN", 2)
    campaign_id = closed_vote(api, world.a, [answers(suggestion=f"建议{n}") for n in (3, 1, 2)])
    sign_in(client, "chair_a")
    section = free_texts_section(client.get(f"/campaigns/{campaign_id}").get_data(as_text=True))
    assert "<li>建议1</li><li>建议2</li></ul>" in section and "建议3" not in section
    assert "按文字排序显示 3 条回答中的前 2 条" in section
