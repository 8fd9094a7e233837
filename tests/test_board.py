"""The jurisdiction's board (辖区看板) against a direct count of a generated city: enterprises, levels held,
coverage, yellow cards and deadlines due per jurisdiction and sub-jurisdiction; the latest self-check
composite, turnout and spot-check discrepancy per enterprise, sorted; item rates hidden below 5 ballots."""
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from board_support import ITEMS, build_city
from helpers import answers
from seal_support import open_cast_close
from survey.domain import accounts
from survey.web.common import local_today


@pytest.fixture
def city(app, session):
    with app.test_request_context():
        today = local_today()
    return build_city(session, today, districts=3, enterprises=80), today


@pytest.fixture
def city_key(app, session, city):
    _user, key = accounts.create_user(session, "assessor_generated", "password-generated", "assessor",
                                      jurisdiction_id=city[0].root)
    session.commit()
    return key


def board(client, key, jurisdiction: int, query: str = ""):
    answer = client.get(f"/api/v1/jurisdictions/{jurisdiction}/board{query}",
                        headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 200, answer.json
    return answer.json


def _expected(enterprises, today):
    levels = {"A": 0, "AA": 0, "AAA": 0}
    for e in enterprises:
        if e.level():
            levels[e.level()] += 1
    cards = [deadline for e in enterprises for _level, state, deadline in e.titles if state == "yellow_card"]
    return {"enterprises": len(enterprises), "levels": levels, "holding": sum(levels.values()),
            "yellow_cards": len(cards), "due": sum(deadline <= today + timedelta(days=14) for deadline in cards)}


def test_the_boards_counts_equal_a_direct_count(client, city, city_key):
    built, today = city
    shown = board(client, city_key, built.root)
    areas = {a["jurisdiction"]: a for a in shown["areas"]}
    assert list(areas) == [built.root, *built.districts]
    assert {key: areas[built.root][key] for key in _expected([], today)} == _expected(built.enterprises, today)
    for district in built.districts:
        own = [e for e in built.enterprises if e.district == district]
        assert {key: areas[district][key] for key in _expected([], today)} == _expected(own, today)
    total = areas[built.root]
    assert total["coverage"] == pytest.approx(total["holding"] / total["enterprises"])
    assert total["meets_target"] == (total["holding"] * 100 >= 75 * total["enterprises"])
    assert sum(a["enterprises"] for a in shown["areas"][1:]) + \
        sum(e.district is None for e in built.enterprises) == total["enterprises"]
    assert total["yellow_cards"] > 0 and total["due"] > 0 and 0 < total["holding"] < total["enterprises"]


def test_each_enterprises_latest_self_check_discrepancy_and_hidden_heat(client, city, city_key):
    built, _today = city
    shown = board(client, city_key, built.root)
    rows = {r["id"]: r for r in shown["enterprises"]}
    expected = {e.id: e for e in built.enterprises if e.composite is not None}
    assert set(rows) == set(expected)
    for enterprise_id, row in rows.items():
        made = expected[enterprise_id]
        assert (Decimal(row["composite"]), row["ballots"], row["hidden"]) == (made.composite, made.cast, made.cast < 5)
        assert (row["discrepancy"] and Decimal(row["discrepancy"])) == (made.spot and made.composite - made.spot)
    assert shown["items"] == list(ITEMS)
    heat = {h["id"]: h for h in shown["heat"]}
    hidden = [e for e in expected.values() if e.cast < 5]
    assert hidden and all(heat[e.id]["hidden"] and heat[e.id]["rates"] is None for e in hidden)
    shown_one = next(e for e in expected.values() if e.cast >= 5)
    assert dict(zip(shown["items"], map(Decimal, heat[shown_one.id]["rates"]))) == shown_one.items


@pytest.mark.parametrize("sort", ["composite", "turnout", "discrepancy", "enterprise"])
def test_the_table_sorts_by_a_query_parameter(client, city, city_key, sort):
    built, _today = city
    for order in ("asc", "desc"):
        rows = board(client, city_key, built.root, f"?sort={sort}&order={order}")["enterprises"]
        key = "name" if sort == "enterprise" else sort
        values = [r[key] for r in rows if r[key] is not None]
        typed = values if sort == "enterprise" else [Decimal(v) for v in values]
        assert typed == sorted(typed, reverse=order == "desc")
        assert all(r[key] is None for r in rows[len(values):])  # those without the figure last


def test_a_bad_sort_is_422_and_another_jurisdiction_403(client, city, city_key, api, world):
    built, _today = city
    answer = client.get(f"/api/v1/jurisdictions/{built.root}/board?sort=ballots",
                        headers={"Authorization": f"Bearer {city_key}"})
    assert answer.status_code == 422
    assert api("assessor_city").get(f"/jurisdictions/{built.root}/board").status_code == 403
    assert api("admin").get(f"/jurisdictions/{built.districts[0]}/board").status_code == 200


def test_the_board_page_shows_the_areas_and_sorts_without_javascript(client, city, session):
    built, _today = city
    accounts.create_user(session, "assessor_page", "password-page", "assessor", jurisdiction_id=built.root)
    session.commit()
    client.post("/login", data={"username": "assessor_page", "password": "password-page"})
    page = client.get(f"/assessor/jurisdictions/{built.root}/board?sort=turnout&order=asc&lang=en")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "生成区0" in text and "<script" not in text
    assert "sort=discrepancy" in text and "hidden" in text.lower()


def test_a_seals_figures_are_read_once_and_a_new_seal_shows_at_once(app, client, city, city_key, api):
    """The board keeps each seal's figures by its digest: a second view decodes no summary, and a vote sealed
    since (the enterprise's latest self-check now) shows at once."""
    built, _today = city
    first = board(client, city_key, built.root)
    read: list[str] = []
    engine = app.extensions["harmony.engine"]
    listener = lambda _c, _cursor, statement, *_rest: read.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert board(client, city_key, built.root) == first
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert read and not [statement for statement in read if "summary" in statement]
    made = next(e for e in built.enterprises if e.composite is not None and e.cast >= 5)
    created = api("admin").post(f"/enterprises/{made.id}/campaigns", {"title": "测评", "electorate": 10})
    open_cast_close(api, created.json["id"], [answers()] * 6, user="admin")
    row = next(r for r in board(client, city_key, built.root)["enterprises"] if r["id"] == made.id)
    assert (Decimal(row["composite"]), Decimal(row["turnout"]), row["ballots"]) == (100, 60, 6)
