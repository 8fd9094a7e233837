"""A closed vote without ballots (无有效选票), and code files named after the vote and the batch."""
import io

import pypdf

from congress_support import open_session
from helpers import answers, cast, open_vote

TITLE = "2026年度测评"


def sign_in(client, username="chair_a"):
    client.post("/login", data={"username": username, "password": f"password-{username}"})


def draft(api, world, title=TITLE) -> int:
    response = api("chair_a").post(f"/enterprises/{world.a}/campaigns", {"title": title, "electorate": 10})
    assert response.status_code == 201
    return response.json["id"]


# --- a vote with no ballots -----------------------------------------------------------------


def closed_without_ballots(api, world) -> int:
    """An earlier vote with ballots, then one with a floor and no ballot at all, both closed."""
    earlier, codes = open_vote(api, world.a, electorate=2, codes=2)
    for code in codes:
        assert cast(api, code, answers("satisfied")).status_code == 201
    assert api("chair_a").post(f"/campaigns/{earlier}/close").status_code == 200
    empty, _codes = open_vote(api, world.a, codes=3, settings={"floors": {"collective": "80"}})
    assert api("chair_a").post(f"/campaigns/{empty}/close").status_code == 200
    return empty


def test_an_empty_vote_says_no_valid_ballots_and_compares_nothing(api, world, client):
    empty = closed_without_ballots(api, world)
    results = api("chair_a").get(f"/campaigns/{empty}/results").json
    assert results["qualified"] is False and results["verdict"] == "no_valid_ballots"
    assert results["reasons"][0] == "no_valid_ballots" and results["composite_rate"] is None
    assert results["statistics"]["comparison"] is None  # not compared with the earlier vote
    assert results["statistics"]["composite"]["test"]["confident"] is False
    sign_in(client)
    page = client.get(f"/campaigns/{empty}?lang=zh").get_data(as_text=True)
    assert '<p class="verdict fail" id="verdict">无有效选票</p>' in page and "自查不合格" not in page
    assert 'id="composite"' not in page and "低于单项下限" not in page  # neither threshold nor floor compared
    assert "没有有效选票：不作任何结论。" in page


def test_the_attachment_of_an_empty_vote_says_no_valid_ballots(api, world):
    empty = closed_without_ballots(api, world)
    pdf = api("chair_a").get(f"/campaigns/{empty}/attachment.pdf?lang=zh")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    flat = text.replace(" ", "").replace("\n", "")
    assert "无有效选票" in flat and "自查不合格" not in flat and "合格线" not in flat


# --- code files -----------------------------------------------------------------------------

PDF_NAME = "%E9%80%89%E7%A5%A8%E7%A0%81-2026%E5%B9%B4%E5%BA%A6%E6%B5%8B%E8%AF%84-1-3.pdf"  # 选票码-2026年度测评-1-3.pdf
CSV_NAME = "%E9%80%89%E7%A5%A8%E7%A0%81-2026%E5%B9%B4%E5%BA%A6%E6%B5%8B%E8%AF%84-4-5.csv"  # 选票码-2026年度测评-4-5.csv


def test_slips_and_code_lists_are_named_after_the_vote_and_the_batch(api, world, client):
    campaign_id = draft(api, world)
    sign_in(client)
    client.get("/?lang=zh")
    slips = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "3", "format": "pdf"})
    assert slips.headers["Content-Disposition"] == (
        f"attachment; filename=\"ballot-codes-{campaign_id}-1-3.pdf\"; filename*=UTF-8''{PDF_NAME}")
    listing = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "2", "format": "csv"})
    assert listing.headers["Content-Disposition"] == (
        f"attachment; filename=\"ballot-codes-{campaign_id}-4-5.csv\"; filename*=UTF-8''{CSV_NAME}")


def test_a_title_unfit_for_a_file_name_is_tidied(api, world, client):
    campaign_id = draft(api, world, title='Survey 2026: "A/B"?')
    sign_in(client)
    client.get("/?lang=en")
    slips = client.post(f"/campaigns/{campaign_id}/codes", data={"count": "1", "format": "csv"})
    assert slips.headers["Content-Disposition"] == 'attachment; filename="ballot-codes-Survey 2026_ _A_B-1-1.csv"'


def test_motion_slips_are_named_after_the_motion(api, world, client):
    congress_id, _ids = open_session(api, world.a, total=4, present=4)
    chair = api("chair_a")
    motion_id = chair.post(f"/congresses/{congress_id}/motions", {"title": "集体合同草案"}).json["id"]
    assert chair.post(f"/motions/{motion_id}/open").status_code == 200
    sign_in(client)
    client.get("/?lang=zh")
    slips = client.post(f"/motions/{motion_id}/codes", data={"format": "pdf"})
    assert slips.status_code == 200 and slips.headers["Content-Disposition"] == (
        f"attachment; filename=\"ballot-codes-{motion_id}-1-4.pdf\"; filename*=UTF-8''"
        "%E9%80%89%E7%A5%A8%E7%A0%81-%E9%9B%86%E4%BD%93%E5%90%88%E5%90%8C%E8%8D%89%E6%A1%88-1-4.pdf")
