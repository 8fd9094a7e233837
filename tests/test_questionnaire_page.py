"""The pages kept per vote and language (questionnaire, receipt): byte for byte the template's page, a
renamed enterprise shown at once, one SQL statement a view once kept, no code or receipt kept."""
import pytest
from flask import flash, render_template
from sqlalchemy import event, update

from helpers import open_vote
from survey.data.casting import code_state
from survey.data.models import Campaign, Enterprise
from survey.domain import codes as ballot_codes
from survey.extensions import db
from survey.web import questionnaire_page, receipts


def rendered_today(campaign_id: int, code: str) -> str:
    """The page as the template renders it in full for this request."""
    return render_template("ballot/form.html", campaign=db().get(Campaign, campaign_id), code=code,
                           display=ballot_codes.display(code), answers={}, errors={}, notice=None)


@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_the_kept_page_is_byte_identical_to_the_template(app, api, world, query):
    campaign_id, codes = open_vote(api, world.a, codes=2)
    for code in codes:  # the first view renders and keeps the page, the second fills the kept one
        with app.test_request_context(f"/v/{code}{query}"):
            kept = questionnaire_page.page(code_state(db(), ballot_codes.typed_hash(code)), code,
                                           ballot_codes.display(code))
            assert kept == rendered_today(campaign_id, code)
            assert ballot_codes.display(code) in kept and "csrf_token" not in kept
    assert len(questionnaire_page.PAGE.kept()) == 1


def test_both_languages_are_kept_apart(client, api, world):
    _campaign, codes = open_vote(api, world.a, codes=1)
    chinese = client.get(f"/v/{codes[0]}").get_data(as_text=True)
    english = client.get(f"/v/{codes[0]}?lang=en").get_data(as_text=True)
    assert "工资按时足额支付及正常增长" in chinese and "Wages paid in full and on time" in english
    assert "Wages paid in full and on time" not in chinese


def test_a_renamed_enterprise_shows_at_once(client, api, world, session):
    _campaign, codes = open_vote(api, world.a, codes=1)
    assert client.get(f"/v/{codes[0]}").status_code == 200
    session.execute(update(Enterprise).where(Enterprise.id == world.a).values(name="改名后的公司"))
    session.commit()
    assert "改名后的公司" in client.get(f"/v/{codes[0]}").get_data(as_text=True)


def test_a_kept_page_costs_one_statement_and_keeps_no_code(app, client, api, world):
    campaign_id, codes = open_vote(api, world.a, codes=2)
    assert client.get(f"/v/{codes[0]}").status_code == 200
    statements = []
    event.listen(app.extensions["harmony.engine"], "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: statements.append(statement))
    page = client.get(f"/v/{codes[1]}").get_data(as_text=True)
    assert codes[1] in page and len(statements) == 1  # the code's state with the title and enterprise
    assert all(code not in piece for code in codes for parts in questionnaire_page.PAGE.kept() for piece in parts)


@pytest.mark.parametrize("query", ["", "?lang=en"])
def test_the_kept_receipt_page_is_byte_identical_to_the_template(app, client, api, world, query):
    _campaign, codes = open_vote(api, world.a, codes=2)
    for code in codes:
        with app.test_request_context(f"/v/submit{query}", method="POST"):
            receipt = ballot_codes.receipt(app.config["SECRET_KEY"], ballot_codes.code_hash(code))
            assert receipts.page(receipt) == render_template("ballot/done.html", receipt=receipt)
    assert all(receipt not in piece for parts in receipts.PAGE.kept() for piece in parts)
    assert len(receipts.PAGE.kept()) == 1


def test_a_flashed_message_is_still_shown_and_taken(app, api, world):
    campaign_id, codes = open_vote(api, world.a, codes=1)
    with app.test_request_context(f"/v/{codes[0]}"):
        flash("请注意")
        state = code_state(db(), ballot_codes.typed_hash(codes[0]))
        assert questionnaire_page.page(state, codes[0], ballot_codes.display(codes[0])) is None
