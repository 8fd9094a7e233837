"""Exports of a sealed vote: CSV for Excel, XLSX with a codebook, the summary, the self-check attachment PDF."""
import csv
import io
import json
import re

import pypdf
from openpyxl import load_workbook

from helpers import SCORED, answers
from seal_support import SUGGESTION, TITLE, closed_vote, mixed_ballots, qr_links, sealed, sealed_file

ITEMS = ["department"] + SCORED + ["suggestion"]
OVERALL_ZH = "您对本企业劳动关系的总体满意程度"
DEPARTMENTS = {"d1": "生产部", "d2": "技术部"}
OPTION_ZH = {"satisfied": "满意", "fairly": "基本满意", "dissatisfied": "不满意"}


def get(api, path: str, user: str = "chair_a"):
    response = api(user).get(path)
    assert response.status_code == 200, response.data[:300]
    return response


def votes(api, campaign_id: int) -> list[dict]:
    return json.loads(sealed_file(api, campaign_id))["votes"]


def as_keys(ballot: dict) -> list[str]:
    return [ballot.get(key, "") for key in ITEMS]


def as_chinese(ballot: dict) -> list[str]:
    names = {**DEPARTMENTS, **OPTION_ZH}
    return [names.get(ballot.get(key, ""), ballot.get(key, "")) for key in ITEMS]


def test_csv_has_a_bom_and_one_row_per_ballot_in_sealed_order(api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    response = get(api, f"/campaigns/{campaign_id}/export?format=csv")
    assert response.mimetype == "text/csv" and response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ITEMS
    assert rows[1:] == [as_keys(ballot) for ballot in votes(api, campaign_id)]
    assert sum(row[-1].startswith(SUGGESTION) for row in rows[1:]) == 5


def test_csv_with_texts_opens_in_chinese(api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    data = get(api, f"/campaigns/{campaign_id}/export?format=csv&labels=text").data
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "您所在的部门" and rows[0][ITEMS.index("overall")] == OVERALL_ZH
    assert rows[1:] == [as_chinese(ballot) for ballot in votes(api, campaign_id)]
    assert {row[0] for row in rows[1:]} == {"生产部", "技术部"}
    assert {row[ITEMS.index("overall")] for row in rows[1:]} == {"满意", "基本满意", "不满意"}


def test_a_formula_in_a_free_answer_stays_text(api, world):
    campaign_id = closed_vote(api, world.a, [answers(suggestion="=HYPERLINK(\"http://x\")"), answers()])
    rows = list(csv.reader(io.StringIO(get(api, f"/campaigns/{campaign_id}/export?format=csv").data.decode("utf-8-sig"))))
    assert "'=HYPERLINK(\"http://x\")" in [row[-1] for row in rows]
    book = load_workbook(io.BytesIO(get(api, f"/campaigns/{campaign_id}/export?format=xlsx&labels=keys").data))
    cells = [row[-1] for row in book["ballots"].iter_rows(min_row=2)]
    formula = next(cell for cell in cells if cell.value and cell.value.startswith("="))
    assert formula.data_type == "s" and formula.value == "=HYPERLINK(\"http://x\")"


def test_xlsx_with_keys_has_the_ballots_and_a_codebook(api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    response = get(api, f"/campaigns/{campaign_id}/export?format=xlsx&labels=keys")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["ballots", "codebook"]
    ballots = [[cell if cell is not None else "" for cell in row] for row in book["ballots"].iter_rows(values_only=True)]
    assert ballots[0] == ITEMS
    assert ballots[1:] == [as_keys(ballot) for ballot in votes(api, campaign_id)]
    codebook = list(book["codebook"].iter_rows(values_only=True))
    assert codebook[0] == ("item", "kind", "question_zh", "question_en", "weight",
                           "option", "option_zh", "option_en", "satisfied", "score")
    assert ("overall", "scored", OVERALL_ZH, "Overall, how satisfied are you with labour relations here?", 1,
            "fairly", "基本满意", "Fairly satisfied", True, 60) in codebook
    assert ("department", "department", "您所在的部门", "Your department", 1,
            "d2", "技术部", "技术部", False, 0) in codebook
    hidden = ("department", "department", "您所在的部门", "Your department", 1, "hidden", "隐藏", "Hidden")
    assert [row[:8] for row in codebook if row[5] == "hidden"] == [hidden]
    suggestion = [row for row in codebook if row[0] == "suggestion"]
    assert len(suggestion) == 1 and suggestion[0][1] == "text" and suggestion[0][5] in ("", None)
    assert len(codebook) == 1 + 2 + 1 + 9 * 3 + 1


def test_xlsx_opens_in_chinese_with_option_texts_by_default(api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    book = load_workbook(io.BytesIO(get(api, f"/campaigns/{campaign_id}/export?format=xlsx").data), read_only=True)
    assert book.sheetnames == ["匿名选票", "编码表"]
    ballots = [[cell if cell is not None else "" for cell in row] for row in book["匿名选票"].iter_rows(values_only=True)]
    assert ballots[0][0] == "您所在的部门" and ballots[0][ITEMS.index("overall")] == OVERALL_ZH
    assert ballots[1:] == [as_chinese(ballot) for ballot in votes(api, campaign_id)]
    codebook = list(book["编码表"].iter_rows(values_only=True))
    assert codebook[0] == ("题目代码", "题型", "题目（中文）", "题目（英文）", "权重",
                           "选项代码", "选项（中文）", "选项（英文）", "计为满意", "分数")
    assert ("overall", "计分题", OVERALL_ZH, "Overall, how satisfied are you with labour relations here?", 1,
            "fairly", "基本满意", "Fairly satisfied", "是", 60) in codebook
    assert {row[1] for row in codebook[1:]} == {"计分题", "文字题", "部门"}
    english = load_workbook(io.BytesIO(get(api, f"/campaigns/{campaign_id}/export?format=xlsx&lang=en").data))
    assert english.sheetnames == ["Anonymous ballots", "Codebook"]
    assert next(english["Codebook"].iter_rows(values_only=True))[:2] == ("Item key", "Kind")


def test_summary_xlsx(api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    digest = sealed(api, campaign_id)["sha256"]
    book = load_workbook(io.BytesIO(get(api, f"/campaigns/{campaign_id}/export?format=summary.xlsx").data))
    assert book.sheetnames == ["汇总", "各题", "各选项票数"]
    summary = [cell for row in book["汇总"].iter_rows(values_only=True) for cell in row if cell is not None]
    for shown in ("甲公司", "91350100M000100Y43", TITLE, "20", "30", "66.67%", "自查合格", digest):
        assert shown in summary, shown
    items = list(book["各题"].iter_rows(values_only=True))
    overall = next(row for row in items if row[0] == OVERALL_ZH)
    assert overall[1:5] == (1, 16, 20, "80.00%")
    answered = {(row[0], row[1]): row[2] for row in book["各选项票数"].iter_rows(min_row=2, values_only=True)}
    assert answered[(OVERALL_ZH, "不满意")] == 4 and answered[("您所在的部门", "技术部")] == 7
    keys = load_workbook(io.BytesIO(get(api, f"/campaigns/{campaign_id}/export?format=summary.xlsx&labels=keys").data))
    assert keys.sheetnames == ["summary", "items", "answers"]


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_attachment_pdf_is_chinese_with_the_verdict_the_digest_and_a_qr_code_to_the_public_page(api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    seal = sealed(api, campaign_id)
    response = get(api, f"/campaigns/{campaign_id}/attachment.pdf", user="assessor_east")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    text = pdf_text(response.data)
    for shown in ("甲公司", "91350100M000100Y43", TITLE, "自查合格", seal["sha256"], "80.00%", OVERALL_ZH):
        assert shown in text, shown
    assert qr_links(response.data) == [seal["verify_url"]]


def test_attachment_of_a_failed_vote_says_not_qualified_and_why(api, world):
    ballots = mixed_ballots(["satisfied"] * 16 + ["dissatisfied"] * 4)
    for ballot in ballots[:3]:
        ballot["insurance"] = "dissatisfied"  # 13 of 20: the composite falls to (8·16/20 + 13/20)/9 < 80%
    campaign_id = closed_vote(api, world.a, ballots)
    results = api("chair_a").get(f"/campaigns/{campaign_id}/results").json
    assert results["qualified"] is False and results["reasons"] == ["composite_below"]
    text = pdf_text(get(api, f"/campaigns/{campaign_id}/attachment.pdf").data)
    assert "自查不合格" in text and "自查合格" not in text
    assert "综合满意率未达到合格线" in text and "78.33%" in text and "65.00%" in text


def timeless(pdf: bytes) -> bytes:
    """A PDF without what differs between two renderings of it: its creation times and its /ID."""
    return re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID\s*\[[^]]*\]", b"", pdf)


def test_the_old_declaration_address_answers_the_same_attachment(client, api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    attachment = timeless(get(api, f"/campaigns/{campaign_id}/attachment.pdf").data)
    assert attachment.startswith(b"%PDF") and b"CreationDate" not in attachment
    assert timeless(get(api, f"/campaigns/{campaign_id}/declaration.pdf", user="assessor_east").data) == attachment
    sign_in(client, "chair_a")
    assert timeless(client.get(f"/campaigns/{campaign_id}/declaration.pdf").data) == attachment


def test_public_base_url_is_what_the_qr_code_points_to(app, api, world):
    app.config["PUBLIC_BASE_URL"] = "https://harmony.example.cn"
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    seal = sealed(api, campaign_id)
    assert seal["verify_url"] == f"https://harmony.example.cn/verify/{seal['sha256']}"
    assert qr_links(get(api, f"/campaigns/{campaign_id}/attachment.pdf").data) == [seal["verify_url"]]


def sign_in(client, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": "password-" + username})
    assert response.status_code == 302


def test_the_closed_campaign_page_links_the_seal_for_the_chair(client, api, world):
    campaign_id = closed_vote(api, world.a, mixed_ballots())
    digest = sealed(api, campaign_id)["sha256"]
    sign_in(client, "chair_a")
    html = client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert digest in html and f"/verify/{digest}" in html
    for link in (f"/campaigns/{campaign_id}/attachment.pdf", f"/campaigns/{campaign_id}/export?format=csv",
                 f"/campaigns/{campaign_id}/export?format=xlsx", f"/campaigns/{campaign_id}/export?format=json",
                 f"/campaigns/{campaign_id}/export?format=summary.xlsx"):
        assert f'href="{link}' in html, link
    assert client.get(f"/campaigns/{campaign_id}/attachment.pdf").data.startswith(b"%PDF")
    assert client.get(f"/campaigns/{campaign_id}/export?format=csv").data.startswith(b"\xef\xbb\xbf")


def test_an_open_campaign_page_has_no_seal_and_its_downloads_wait(client, api, world):
    chair = api("chair_a")
    campaign_id = chair.post(f"/enterprises/{world.a}/campaigns", {"title": "测评"}).json["id"]
    chair.post(f"/campaigns/{campaign_id}/open")
    sign_in(client, "chair_a")
    assert 'id="seal"' not in client.get(f"/campaigns/{campaign_id}").get_data(as_text=True)
    assert client.get(f"/campaigns/{campaign_id}/attachment.pdf").status_code == 409
    sign_in(client, "chair_b")
    assert client.get(f"/campaigns/{campaign_id}/export?format=csv").status_code == 403
