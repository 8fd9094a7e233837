"""The office's staff accounts: chairs and assessors of the user's jurisdictions. Creating one, or a
new API key, shows the key on the answering page only; Harmony keeps its SHA-256 alone."""
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...data import accounts as store
from ...data import organisations as organisation_store
from ...data.models import User
from ...domain import access, accounts
from ...domain.errors import Invalid, NotFound
from ...extensions import db
from ..changes import commit_change, refusal
from ..confirm import confirmation
from . import bp, office_staff
from .forms import AccountForm, PasswordForm, choices, form_change
from .organisations import jurisdiction_choices

ROLES = (access.CHAIR, access.ASSESSOR)


@bp.route("/accounts")
@office_staff
def accounts_list():
    return render_template("office/accounts.html",
                           accounts=store.staff_of(db(), access.administered(db(), current_user)))


def _new_account_page(form: AccountForm, errors: dict | None = None, status: int = 200):
    scope = access.administered(db(), current_user)
    form.enterprise.choices = choices(organisation_store.enterprises(db(), scope), _("Choose an enterprise"))
    form.jurisdiction.choices = jurisdiction_choices(_("Choose a jurisdiction"))
    return render_template("office/account_new.html", form=form, errors=errors or {}), status


def _create(form: AccountForm) -> tuple[User, str]:
    """A chair or assessor account; refused (and rolled back) outside the user's jurisdictions."""
    role = form.role.data
    if role not in ROLES:
        raise Invalid("invalid_input", errors={"role": "account_role_choice"})
    made = accounts.create_user(db(), (form.username.data or "").strip(), form.password.data or "", role,
                                form.enterprise.data if role == access.CHAIR else None,
                                form.jurisdiction.data if role == access.ASSESSOR else None)
    access.require_administer_account(db(), current_user, made[0])
    return made


@bp.route("/accounts/new", methods=["GET", "POST"])
@office_staff
def new_account():
    form = AccountForm()
    return form_change(form, partial(_new_account_page, form), lambda: _create(form),
                       lambda made: _key_page(made[0], made[1], _("Account created.")))


def _key_page(account: User, api_key: str, note: str):
    """The API key, shown this once: the page is not kept by any cache."""
    page = render_template("office/api_key.html", account=account, api_key=api_key, note=note)
    return page, 200, {"Cache-Control": "no-store"}


def _account(account_id: int) -> User:
    account = db().get(User, account_id)
    if account is None:
        raise NotFound("not_found")
    access.require_administer_account(db(), current_user, account)
    return account


def _account_page(account: User, errors: dict | None = None, status: int = 200):
    return render_template("office/account.html", account=account, form=PasswordForm(formdata=None),
                           place=_place_name(account), errors=errors or {}), status


def _place_name(account: User) -> str:
    if account.role == access.CHAIR:
        enterprise = organisation_store.enterprise(db(), account.enterprise_id or 0)
        return enterprise.name if enterprise else ""
    jurisdiction = organisation_store.jurisdiction(db(), account.jurisdiction_id or 0)
    return jurisdiction.name if jurisdiction else ""


@bp.route("/accounts/<int:account_id>")
@office_staff
def account(account_id: int):
    return _account_page(_account(account_id))


def _back_to(account: User, text: str):
    def answer(_result):
        flash(text)
        return redirect(url_for("office.account", account_id=account.id))
    return answer


@bp.post("/accounts/<int:account_id>/password")
@office_staff
def reset_password(account_id: int):
    found = _account(account_id)
    form = PasswordForm()
    return commit_change(lambda: accounts.reset_password(db(), found, form.password.data or ""),
                         lambda error: _account_page(found, refusal(error), error.status),
                         _back_to(found, _("Password reset: %(name)s is signed out everywhere and signs in with "
                                           "the new password.", name=found.username)))


@bp.get("/accounts/<int:account_id>/disable")
@office_staff
def confirm_disable(account_id: int):
    found = _account(account_id)
    return confirmation(
        _("Disable the account “%(name)s”?", name=found.username),
        [_("It is signed out everywhere at once; it can no longer sign in, and its API key stops working."),
         _("Nothing it did is removed. The account can be enabled again here.")],
        url_for("office.disable", account_id=found.id), _("Disable the account"),
        url_for("office.account", account_id=found.id))


@bp.post("/accounts/<int:account_id>/disable", endpoint="disable", defaults={"active": False})
@bp.post("/accounts/<int:account_id>/enable", endpoint="enable", defaults={"active": True})
@office_staff
def set_active(account_id: int, active: bool):
    found = _account(account_id)
    done = _("Account enabled.") if active else _("Account disabled.")
    return commit_change(lambda: accounts.set_active(db(), found, active), None, _back_to(found, done), refusals=())


@bp.post("/accounts/<int:account_id>/api-key")
@office_staff
def new_api_key(account_id: int):
    found = _account(account_id)
    return commit_change(lambda: accounts.replace_api_key(db(), found), None,
                         lambda api_key: _key_page(found, api_key, _("New API key issued; the old one stopped "
                                                                      "working.")), refusals=())
