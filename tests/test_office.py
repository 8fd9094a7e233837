"""The office pages: each action and who may take it (an assessor within their jurisdiction, a chair
only their own enterprise's headcount and departments while no vote is open, an admin everything)."""
import hashlib
import re

import pytest
from sqlalchemy import select

from survey.data.models import Enterprise, Jurisdiction, User

from conftest import VALID_CODES
from helpers import open_vote
from office_support import credit_code, sign_in, signed_out, with_wrong_check

EN = {"lang": "en"}


def row(app, model, **where):
    with app.app_context():
        s = app.extensions["harmony.sessions"]()
        return s.scalar(select(model).filter_by(**where))


def enterprise_form(world, **changes):
    form = {"name": "丙公司", "credit_code": credit_code(1), "headcount": "80", "jurisdiction": str(world.east),
            "departments": "生产部\n技术部"}
    return {**form, **changes}


@pytest.mark.parametrize("user, jurisdiction, status", [
    ("admin", "west", 302), ("assessor_city", "west", 302), ("assessor_east", "east", 302),
    ("assessor_east", "west", 403), ("assessor_west", "east", 403), ("chair_a", "east", 403)])
def test_creating_an_enterprise_is_for_the_office_of_its_jurisdiction(app, client, world, user, jurisdiction, status):
    sign_in(client, user)
    response = client.post("/office/enterprises/new", data=enterprise_form(world, jurisdiction=getattr(world, jurisdiction)))
    assert response.status_code == status
    created = row(app, Enterprise, name="丙公司")
    assert (created is not None) == (status == 302)
    if created:
        assert (created.departments, created.headcount) == (["生产部", "技术部"], 80)


def test_signed_out_users_are_sent_to_sign_in(client, world):
    for path in ("/office", "/office/enterprises/new", "/office/accounts", "/office/import",
                 f"/office/enterprises/{world.a}/staffing", "/office/jurisdictions/new"):
        assert signed_out(client.get(path)), path


@pytest.mark.parametrize("path", ["/office", "/office/enterprises/new", "/office/accounts", "/office/accounts/new",
                                  "/office/import", "/office/jurisdictions/new"])
def test_a_chair_has_no_office(client, world, path):
    sign_in(client, "chair_a")
    assert client.get(path).status_code == 403


def test_the_credit_code_check_character_is_verified(app, client, world):
    sign_in(client, "admin")
    response = client.post("/office/enterprises/new", data=enterprise_form(world, credit_code=with_wrong_check(credit_code(1))),
                           query_string=EN)
    assert response.status_code == 422
    assert "The check character of this unified social credit code is wrong" in response.get_data(as_text=True)
    assert row(app, Enterprise, name="丙公司") is None
    assert client.post("/office/enterprises/new", data=enterprise_form(world, credit_code=f" {credit_code(1).lower()} ")
                       ).status_code == 302
    assert row(app, Enterprise, name="丙公司").credit_code == credit_code(1)


def test_duplicate_codes_and_names_are_refused_with_a_clear_message(app, client, world):
    sign_in(client, "admin")
    taken_code = client.post("/office/enterprises/new", data=enterprise_form(world, credit_code=VALID_CODES[0]),
                             query_string=EN)
    assert taken_code.status_code == 409
    assert "An enterprise with this unified social credit code exists already." in taken_code.get_data(as_text=True)
    taken_name = client.post("/office/enterprises/new", data=enterprise_form(world, name="甲公司"), query_string=EN)
    assert taken_name.status_code == 409
    assert "An enterprise of this name exists already in this jurisdiction." in taken_name.get_data(as_text=True)
    assert client.post("/office/enterprises/new", data=enterprise_form(world, name="甲公司", jurisdiction=world.west)
                       ).status_code == 302
    taken_user = client.post("/office/accounts/new", query_string=EN, data={
        "username": "chair_b", "password": "a-long-password", "role": "chair", "enterprise": world.a})
    assert taken_user.status_code == 409 and "This user name is taken." in taken_user.get_data(as_text=True)
    sibling = client.post("/office/jurisdictions/new", data={"name": "东区总工会", "parent": world.city}, query_string=EN)
    assert sibling.status_code == 422
    assert "A jurisdiction of this name exists already under the same parent." in sibling.get_data(as_text=True)


def test_editing_an_enterprise_keeps_it_in_the_assessors_jurisdiction(app, client, world):
    sign_in(client, "assessor_east")
    assert client.get(f"/office/enterprises/{world.b}").status_code == 403
    assert client.post(f"/office/enterprises/{world.b}", data=enterprise_form(world, credit_code=VALID_CODES[1],
                                                                               jurisdiction=world.west)).status_code == 403
    edit = enterprise_form(world, name="甲公司（新）", credit_code=VALID_CODES[0], headcount="120")
    assert client.post(f"/office/enterprises/{world.a}", data=edit).status_code == 302
    assert (row(app, Enterprise, id=world.a).name, row(app, Enterprise, id=world.a).headcount) == ("甲公司（新）", 120)
    moved = client.post(f"/office/enterprises/{world.a}", data={**edit, "jurisdiction": world.west})
    assert moved.status_code == 403 and row(app, Enterprise, id=world.a).jurisdiction_id == world.east


def test_an_enterprise_keeps_its_own_code_but_not_another_ones(client, world):
    sign_in(client, "admin")
    keep = enterprise_form(world, name="甲公司", credit_code=VALID_CODES[0])
    assert client.post(f"/office/enterprises/{world.a}", data=keep).status_code == 302
    assert client.post(f"/office/enterprises/{world.a}", data={**keep, "credit_code": VALID_CODES[1]}).status_code == 409


def test_jurisdictions_are_the_admins(app, client, world):
    for user in ("assessor_city", "chair_a"):
        sign_in(client, user)
        assert client.post("/office/jurisdictions/new", data={"name": "南区总工会", "parent": world.city}).status_code == 403
        assert client.post(f"/office/jurisdictions/{world.east}", data={"name": "x", "parent": ""}).status_code == 403
    sign_in(client, "admin")
    assert client.post("/office/jurisdictions/new", data={"name": "南区总工会", "parent": world.city}).status_code == 302
    assert row(app, Jurisdiction, name="南区总工会").parent_id == world.city
    assert client.post(f"/office/jurisdictions/{world.east}", data={"name": "东城区总工会", "parent": world.city}
                       ).status_code == 302
    assert row(app, Jurisdiction, id=world.east).name == "东城区总工会"


def test_a_jurisdiction_cannot_move_below_itself(app, client, world):
    sign_in(client, "admin")
    response = client.post(f"/office/jurisdictions/{world.city}", data={"name": "市总工会", "parent": world.east},
                           query_string=EN)
    assert response.status_code == 422 and "cannot be placed under itself" in response.get_data(as_text=True)
    assert row(app, Jurisdiction, id=world.city).parent_id is None


def staffing(client, world, enterprise=None, headcount="130", departments="生产部、质量部"):
    return client.post(f"/office/enterprises/{enterprise or world.a}/staffing", query_string=EN,
                       data={"headcount": headcount, "departments": departments})


def test_a_chair_edits_headcount_and_departments_of_their_enterprise_only(app, client, world):
    sign_in(client, "chair_a")
    assert client.get(f"/office/enterprises/{world.a}/staffing").status_code == 200
    assert staffing(client, world).status_code == 302
    found = row(app, Enterprise, id=world.a)
    assert (found.headcount, found.departments) == (130, ["生产部", "质量部"])
    assert staffing(client, world, world.b).status_code == 403
    assert staffing(client, world, headcount="0").status_code == 422
    assert row(app, Enterprise, id=world.a).headcount == 130


def test_a_chair_cannot_edit_while_a_vote_is_open_but_the_office_can(app, client, api, world):
    campaign_id, _codes = open_vote(api, world.a)
    sign_in(client, "chair_a")
    refused = staffing(client, world)
    assert refused.status_code == 409 and "A vote of this enterprise is open" in refused.get_data(as_text=True)
    assert row(app, Enterprise, id=world.a).headcount == 100
    sign_in(client, "assessor_west")
    assert staffing(client, world).status_code == 403
    sign_in(client, "assessor_east")
    assert staffing(client, world, headcount="140").status_code == 302
    assert api("chair_a").post(f"/campaigns/{campaign_id}/close").status_code == 200
    sign_in(client, "chair_a")
    assert staffing(client, world, headcount="150").status_code == 302
    assert row(app, Enterprise, id=world.a).headcount == 150


def test_an_open_congress_ballot_also_stops_the_chair(app, client, api, world):
    chair = api("chair_a")
    congress = chair.post(f"/enterprises/{world.a}/congresses", {"title": "职代会", "delegates": [
        {"name": f"代表{i}", "department": "生产部", "category": "frontline"} for i in range(3)]}).json
    assert chair.post(f"/congresses/{congress['id']}/open").status_code == 200
    for delegate in congress["delegates"]:
        chair.post(f"/congresses/{congress['id']}/sign-ins", {"delegate_id": delegate["id"]})
    motion = chair.post(f"/congresses/{congress['id']}/motions", {"title": "集体合同草案"}).json["id"]
    sign_in(client, "chair_a")
    assert staffing(client, world).status_code == 302  # a session open, no ballot open
    assert chair.post(f"/motions/{motion}/open").status_code == 200
    assert staffing(client, world, headcount="99").status_code == 409


def new_account(client, **form):
    return client.post("/office/accounts/new", data={"password": "a-long-password", **form}, query_string=EN)


@pytest.mark.parametrize("user, form, status", [
    ("assessor_east", {"role": "chair", "enterprise": "a"}, 200),
    ("assessor_east", {"role": "chair", "enterprise": "b"}, 403),
    ("assessor_east", {"role": "assessor", "jurisdiction": "east"}, 200),
    ("assessor_east", {"role": "assessor", "jurisdiction": "west"}, 403),
    ("assessor_east", {"role": "assessor", "jurisdiction": "city"}, 403),
    ("assessor_city", {"role": "chair", "enterprise": "b"}, 200),
    ("admin", {"role": "assessor", "jurisdiction": "west"}, 200),
    ("admin", {"role": "admin"}, 422),
])
def test_accounts_are_created_within_the_users_jurisdictions(app, client, world, user, form, status):
    sign_in(client, user)
    scope = {key: getattr(world, value) for key, value in form.items() if key in ("enterprise", "jurisdiction")}
    response = new_account(client, username="new_user", role=form["role"], **scope)
    assert response.status_code == status
    created = row(app, User, username="new_user")
    assert (created is not None) == (status == 200)


def test_a_new_account_shows_its_api_key_once_and_keeps_only_its_hash(app, client, world):
    sign_in(client, "assessor_east")
    response = new_account(client, username="chair_c", role="chair", enterprise=world.a)
    assert response.headers["Cache-Control"] == "no-store"
    key = re.search(r"hk_[A-Za-z0-9_-]{20,}", response.get_data(as_text=True)).group(0)
    created = row(app, User, username="chair_c")
    assert created.api_key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert (created.role, created.enterprise_id) == ("chair", world.a)
    assert key not in client.get(f"/office/accounts/{created.id}").get_data(as_text=True)
    assert key not in client.get("/office/accounts").get_data(as_text=True)
    assert client.get("/api/v1/campaigns/999", headers={"Authorization": f"Bearer {key}"}).status_code == 404
    sign_in(client, "chair_c", "a-long-password")


def test_a_new_api_key_replaces_the_old_one_shown_once(app, client, world):
    sign_in(client, "admin")
    chair = row(app, User, username="chair_a")
    old = {"Authorization": f"Bearer {world.keys['chair_a']}"}
    response = client.post(f"/office/accounts/{chair.id}/api-key")
    key = re.search(r"hk_[A-Za-z0-9_-]{20,}", response.get_data(as_text=True)).group(0)
    assert row(app, User, username="chair_a").api_key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert client.get("/api/v1/campaigns/999", headers=old).status_code == 401
    assert client.get("/api/v1/campaigns/999", headers={"Authorization": f"Bearer {key}"}).status_code == 404


def test_a_reset_password_ends_the_sessions(app, client, world):
    chair_browser = app.test_client()
    sign_in(chair_browser, "chair_a")
    assert chair_browser.get("/dashboard").status_code == 302  # to the chair's enterprise
    sign_in(client, "assessor_east")
    chair = row(app, User, username="chair_a")
    short = client.post(f"/office/accounts/{chair.id}/password", data={"password": "short"}, query_string=EN)
    assert short.status_code == 422 and "at least 8 characters" in short.get_data(as_text=True)
    assert client.post(f"/office/accounts/{chair.id}/password", data={"password": "brand-new-password"}).status_code == 302
    assert signed_out(chair_browser.get(f"/enterprises/{world.a}"))
    assert chair_browser.post("/login", data={"username": "chair_a", "password": "password-chair_a"}).status_code == 401
    sign_in(chair_browser, "chair_a", "brand-new-password")


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(app, client, world):
    chair_browser = app.test_client()
    sign_in(chair_browser, "chair_a")
    sign_in(client, "admin")
    chair = row(app, User, username="chair_a")
    question = client.get(f"/office/accounts/{chair.id}/disable", query_string=EN).get_data(as_text=True)
    assert "Disable the account “chair_a”?" in question
    assert row(app, User, username="chair_a").active  # asking changes nothing
    assert client.post(f"/office/accounts/{chair.id}/disable").status_code == 302
    assert signed_out(chair_browser.get(f"/enterprises/{world.a}"))
    assert chair_browser.post("/login", data={"username": "chair_a", "password": "password-chair_a"}).status_code == 401
    api_key = {"Authorization": f"Bearer {world.keys['chair_a']}"}
    assert client.get("/api/v1/campaigns/999", headers=api_key).status_code == 401
    assert client.post(f"/office/accounts/{chair.id}/enable").status_code == 302
    sign_in(chair_browser, "chair_a")


@pytest.mark.parametrize("user, account", [
    ("assessor_east", "chair_b"), ("assessor_east", "assessor_west"), ("assessor_east", "assessor_city"),
    ("assessor_east", "assessor_east"), ("assessor_city", "admin"), ("admin", "admin"), ("chair_a", "chair_a")])
def test_no_action_on_an_account_outside_the_users_jurisdictions(app, client, world, user, account):
    sign_in(client, user)
    found = row(app, User, username=account)
    before = (found.password_hash, found.api_key_hash, found.active, found.session_version)
    for method, path, data in (("get", "", None), ("post", "/password", {"password": "another-password"}),
                               ("get", "/disable", None), ("post", "/disable", None), ("post", "/enable", None),
                               ("post", "/api-key", None)):
        assert getattr(client, method)(f"/office/accounts/{found.id}{path}", data=data).status_code == 403, path
    after = row(app, User, username=account)
    assert (after.password_hash, after.api_key_hash, after.active, after.session_version) == before


def test_the_account_list_shows_the_users_jurisdictions_only(client, world):
    sign_in(client, "assessor_east")
    page = client.get("/office/accounts").get_data(as_text=True)
    assert "chair_a" in page and "chair_b" not in page and "assessor_west" not in page and "admin<" not in page
    sign_in(client, "admin")
    page = client.get("/office/accounts").get_data(as_text=True)
    assert "chair_b" in page and "assessor_west" in page


def test_the_office_is_linked_from_the_navigation_of_admins_and_assessors(client, world):
    sign_in(client, "assessor_east")
    assert 'href="/office"' in client.get("/dashboard").get_data(as_text=True)
    sign_in(client, "chair_a")
    assert 'href="/office"' not in client.get(f"/enterprises/{world.a}").get_data(as_text=True)
    assert f'/office/enterprises/{world.a}/staffing' in client.get(f"/enterprises/{world.a}").get_data(as_text=True)
