"""The chair's questionnaire editor: optional English, editable options, a refused save that keeps
every edit and names the question, folded questions, and profile questions (工龄) that are never
counted as satisfaction but reported as distributions with small options hidden."""
import csv
import io
import json
import re

from openpyxl import load_workbook

from helpers import SCORED, answers
from seal_support import open_cast_close
from survey.domain import sealing
from survey.domain.breakdown import profile_distribution
from survey.domain.voting import build_form, check_answers
from test_chair_pages import create, sign_in

SERVICE = ["1年以下", "1–5年", "5年以上"]


def form_items(api, campaign_id: int, lang: str = "zh") -> dict:
    response = api("chair_a").get(f"/campaigns/{campaign_id}/form?lang={lang}")
    return {item["key"]: item for item in response.json["items"]}


def add_profile(client, campaign_id: int, options=SERVICE, text="您在本企业的工龄"):
    return client.post(f"/campaigns/{campaign_id}/questionnaire", data={
        "add": "1", "new_kind": "profile", "new_zh": text, "new_en": "", "new_options": "\n".join(options)})


def opened(page: str) -> set[str]:
    return set(re.findall(r'<details class="item[^"]*" id="q-([^"]+)" open>', page))


def test_a_question_needs_no_english_and_falls_back_to_chinese(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    added = client.post(f"/campaigns/{campaign_id}/questionnaire", data={"add": "1", "new_zh": "食堂伙食", "new_en": " "})
    assert added.status_code == 302 and "changed=q1" in added.headers["Location"]
    assert form_items(api, campaign_id, "en")["q1"]["text"] == "食堂伙食"
    assert form_items(api, campaign_id)["q1"]["kind"] == "scored"


def test_option_texts_are_editable_and_english_falls_back(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    saved = client.post(f"/campaigns/{campaign_id}/questionnaire", data={
        "wages.text_zh": "工资", "wages.text_en": "", "wages.satisfied": ["satisfied"],
        "wages.satisfied.text_zh": "很满意", "wages.satisfied.text_en": "", "wages.fairly.text_en": "Mostly fine"})
    assert saved.status_code == 302 and "changed=wages" in saved.headers["Location"]
    zh, en = form_items(api, campaign_id)["wages"], form_items(api, campaign_id, "en")["wages"]
    assert [o["text"] for o in zh["options"]] == ["很满意", "基本满意", "不满意"]
    assert [o["text"] for o in en["options"]] == ["很满意", "Mostly fine", "Dissatisfied"]
    assert en["text"] == "工资"


def test_a_saved_change_opens_only_the_changed_questions(client, world):
    sign_in(client)
    campaign_id = create(client, world)
    assert opened(client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)) == set()
    saved = client.post(f"/campaigns/{campaign_id}/questionnaire", data={"safety.text_zh": "安全生产"})
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert opened(page) == {"safety"}


def test_a_bad_value_names_its_question_saves_nothing_and_keeps_every_edit(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    response = client.post(f"/campaigns/{campaign_id}/questionnaire", data={
        "wages.text_zh": "工资按时发放", "hours.weight": "很重要", "overall.satisfied.score": "500"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "第4题：权重须为0至100的整数。" in page and "第9题：" in page
    assert 'value="工资按时发放"' in page and 'value="很重要"' in page and 'value="500"' in page
    assert opened(page) == {"wages", "hours", "overall"}
    assert form_items(api, campaign_id)["wages"]["text"] == "工资按时足额支付及正常增长"


def test_a_profile_question_is_added_with_its_own_options(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    assert add_profile(client, campaign_id).status_code == 302
    item = form_items(api, campaign_id)["q1"]
    assert item["kind"] == "profile" and item["weight"] == 0
    assert [(o["key"], o["text"], o["satisfied"]) for o in item["options"]] == [
        ("o1", "1年以下", False), ("o2", "1–5年", False), ("o3", "5年以上", False)]
    assert list(form_items(api, campaign_id))[-2:] == ["q1", "suggestion"]


def test_a_profile_question_needs_two_distinct_options_and_keeps_what_was_typed(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    for options in (["只有一个"], ["同样", "同样"]):
        response = add_profile(client, campaign_id, options, text="岗位类别")
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and "新题目：基本情况题需要2至20个互不相同的选项" in page
        assert 'value="岗位类别"' in page and options[0] in page
    assert "q1" not in form_items(api, campaign_id)


def test_no_floor_on_a_profile_question(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    add_profile(client, campaign_id)
    refused = api("chair_a").patch(f"/campaigns/{campaign_id}", {"floors": {"q1": 50}})
    assert refused.status_code == 422


def _vote_with_profile(client, api, world, ballots: list[dict]) -> int:
    sign_in(client)
    campaign_id = create(client, world, electorate="40")
    add_profile(client, campaign_id)
    return open_cast_close(api, campaign_id, ballots)


# 7 long-serving workers satisfied, the other 10 dissatisfied: whatever the profile answers, the
# composite is that of the scored answers alone.
BALLOTS = ([answers("satisfied", q1="o3")] * 7 + [answers("dissatisfied", q1="o2")] * 6
           + [answers("dissatisfied", q1="o1")] * 3 + [answers("dissatisfied", q1="o3")])


def test_profile_answers_count_nowhere_in_satisfaction(client, api, world):
    campaign_id = _vote_with_profile(client, api, world, BALLOTS)
    found = api("chair_a").get(f"/campaigns/{campaign_id}/results").json
    assert [item["key"] for item in found["items"]] == SCORED
    assert found["cast"] == found["valid"] == 17 and found["composite_exact"] == "7/17"
    statistics = found["statistics"]
    assert [item["key"] for item in statistics["items"]] == SCORED
    assert statistics["alpha"]["k"] == len(SCORED) and "q1" not in statistics["alpha"]["item_total"]


def test_profile_question_is_a_distribution_with_small_options_hidden(client, api, world):
    campaign_id = _vote_with_profile(client, api, world, BALLOTS)
    (service,) = api("chair_a").get(f"/campaigns/{campaign_id}/results").json["distributions"]
    assert service["key"] == "q1" and service["text"] == "您在本企业的工龄"
    # 1年以下 has 3 answers: hidden; then it alone would be 17 − 8 − 6, so 1–5年 (6) is hidden too.
    assert [(o["option"], o["shown"], o["count"], o["share"]) for o in service["options"]] == [
        ("o1", False, None, None), ("o2", False, None, None), ("o3", True, 8, round(8 / 17, 6)),
        (None, False, None, None)]
    page = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    distributions = page[page.index('id="distributions"'):]
    assert "5年以上" in distributions and "47.1%" in distributions and "不计入满意度" in distributions
    tally = page[page.index("results"):page.index('id="distributions"')]
    assert "您在本企业的工龄" not in tally


def test_summary_workbook_has_the_distributions_and_no_raw_profile_counts(client, api, world):
    campaign_id = _vote_with_profile(client, api, world, BALLOTS)
    response = api("chair_a").get(f"/campaigns/{campaign_id}/export?format=summary.xlsx")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    rows = [row for row in book["分布"].iter_rows(values_only=True)]
    assert rows[0] == ("题目", "选项", "票数", "占投票数比例")
    assert rows[1:] == [("您在本企业的工龄", "1年以下", "隐藏", None), ("您在本企业的工龄", "1–5年", "隐藏", None),
                        ("您在本企业的工龄", "5年以上", 8, "47.1%"), ("您在本企业的工龄", "未作答", "隐藏", None)]
    assert all(row[0] != "您在本企业的工龄" for row in book["各选项票数"].iter_rows(values_only=True))


def test_the_ballot_page_asks_the_profile_question(client, api, world):
    sign_in(client)
    campaign_id = create(client, world)
    add_profile(client, campaign_id)
    chair = api("chair_a")
    chair.post(f"/campaigns/{campaign_id}/open")
    code = chair.post(f"/campaigns/{campaign_id}/codes", {"count": 1}).json["codes"][0]
    client.post("/logout")
    page = client.get(f"/v/{code.replace('-', '')}", follow_redirects=True).get_data(as_text=True)
    assert 'name="a.q1" value="o2"' in page and "1–5年" in page and "仅用于统计" in page


def test_a_ballot_with_only_a_profile_answer_is_cast_but_not_valid():
    form = build_form(1, [(1, "q1", "profile", False, "o1", 11), (2, "wages", "scored", False, "satisfied", 21)])
    assert check_answers(form, {"q1": "o1"}).valid is False
    assert check_answers(form, {"q1": "o1", "wages": "satisfied"}).valid is True


def test_an_option_of_exactly_five_is_shown_and_of_four_hidden():
    shown = profile_distribution(["a", "b"], {"a": 5, "b": 5}, 10)
    assert [(row.option, row.shown, row.count) for row in shown] == [("a", True, 5), ("b", True, 5), (None, False, None)]
    four = profile_distribution(["a", "b", "c"], {"a": 9, "b": 6, "c": 4}, 19)
    assert [row.shown for row in four] == [True, False, False, False]  # c alone would be 19 − 9 − 6


def test_empty_options_protect_nobody_and_shares_are_of_ballots_cast():
    rows = profile_distribution(["a", "b", "c"], {"a": 6, "b": 0, "c": 4}, 12)
    # c (4) and the 2 who skipped are hidden together: neither can be told apart from the total.
    assert [(row.shown, row.count, row.share) for row in rows] == [
        (True, 6, 0.5), (False, None, None), (False, None, None), (False, None, None)]
    assert all(not row.shown for row in profile_distribution(["a"], {}, 0))


def test_the_ballot_files_hide_the_profile_options_the_distribution_hides(client, api, world):
    campaign_id = _vote_with_profile(client, api, world, BALLOTS)
    chair = api("chair_a")
    rows = list(csv.reader(io.StringIO(chair.get(f"/campaigns/{campaign_id}/export?format=csv").data.decode("utf-8-sig"))))
    assert sorted(row[rows[0].index("q1")] for row in rows[1:]) == ["hidden"] * 9 + ["o3"] * 8
    data = chair.get(f"/campaigns/{campaign_id}/export?format=json").data
    document = json.loads(data)
    assert sorted(vote.get("q1") for vote in document["votes"]) == ["hidden"] * 9 + ["o3"] * 8
    assert document["summary"]["counts"]["q1"] == {"o3": 8, "hidden": 9}
    assert document["summary"]["profiles"] == {"q1": ["o1", "o2", None]}
    assert sealing.verify([data]).agrees
    # One hidden answer put back: the recount no longer matches the sealed counts.
    assert not sealing.verify([data.replace(b'"q1":"hidden"', b'"q1":"o1"', 1)]).agrees
    # The page and the workbook read the same distribution from the masked seal.
    (service,) = chair.get(f"/campaigns/{campaign_id}/results").json["distributions"]
    assert [(o["option"], o["shown"], o["count"]) for o in service["options"]] == [
        ("o1", False, None), ("o2", False, None), ("o3", True, 8), (None, False, None)]
