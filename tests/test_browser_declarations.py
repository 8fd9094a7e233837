"""A declaration from draft to naming in phone-sized Chromium without JavaScript: the chair declares from
the enterprise page, self-scores, uploads evidence and submits; the assessor assesses and names it."""
import pytest

from browser_support import fits_the_phone
from declaration_support import YEAR, qualified_vote
from survey.domain import criteria
from test_api_declarations import PDF
from test_browser_office import sign_in


def fill_sheet(page, share: str = "1") -> None:
    from decimal import Decimal
    for spec in criteria.EXAMPLE:
        if spec.veto:
            page.select_option(f"select[name='met.{spec.key}']", value="met")
        else:
            page.fill(f"input[name='points.{spec.key}']", str(spec.max_points * Decimal(share)))
    page.click("#save-scores")


@pytest.mark.browser
def test_a_declaration_from_the_chairs_draft_to_the_assessors_naming(live_server, api, world, phone_context,
                                                                     tmp_path):
    vote = qualified_vote(api, world.a)
    cycle = api("assessor_east").post(f"/jurisdictions/{world.east}/cycles", {"year": YEAR, "notice_days": 0}).json

    chair = phone_context(java_script_enabled=False).new_page()
    sign_in(chair, live_server.url, "chair_a", "password-chair_a")
    chair.select_option("select[name=cycle]", value=str(cycle["id"]))
    chair.select_option("select[name=level]", value="A")
    chair.select_option("select[name=vote]", value=str(vote))
    chair.click("#declare")
    assert fits_the_phone(chair)
    assert "80.00%" in chair.locator("#self-check").inner_text()
    fill_sheet(chair)
    evidence = tmp_path / "劳动合同台账.pdf"
    evidence.write_bytes(PDF)
    chair.set_input_files("input[name=file]", str(evidence))
    chair.click("#upload")
    assert "劳动合同台账.pdf" in chair.locator("#evidence").inner_text()
    chair.click("#move-submit")
    assert chair.locator("#state").inner_text() == "submitted"
    declaration_url = chair.url

    assessor = phone_context(java_script_enabled=False).new_page()
    sign_in(assessor, live_server.url, "assessor_east", "password-assessor_east")
    assessor.goto(declaration_url)
    assessor.click("#move-assess")
    assert fits_the_phone(assessor)
    fill_sheet(assessor, share="0.8")
    assert "80.00" in assessor.locator("#totals").inner_text()
    for move in ("conclude", "review", "notice", "name"):
        assessor.click(f"#move-{move}")
    assessor.click("#confirm")  # naming is asked first
    assert assessor.locator("#state").inner_text() == "named"
    assert [line.split()[0] for line in assessor.locator("#history li").all_inner_texts()] == [
        "draft", "submitted", "under", "assessed", "in", "on", "named"]
