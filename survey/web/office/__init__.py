"""The office (管理): admins and assessors keep jurisdictions, enterprises and staff accounts in the
browser, for the jurisdictions they administer (``access.administers``), and import enterprises from
Excel; a chair keeps their own enterprise's headcount and departments while no vote is open. The
views call the same domain operations as the operator commands.
"""
from functools import wraps

from flask import Blueprint, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from ...domain.access import ADMIN, ASSESSOR, CHAIR

bp = Blueprint("office", __name__, url_prefix="/office")
ROLE_NAMES = {ADMIN: _l("Administrator"), ASSESSOR: _l("Assessor"), CHAIR: _l("Union chair")}


@bp.context_processor
def _labels():
    return {"role_names": ROLE_NAMES}


def office_staff(view):
    """Signed in as an admin or an assessor, else 403 (sign-in first when signed out)."""
    @login_required
    @wraps(view)
    def guarded(*args, **kwargs):
        if current_user.role not in (ADMIN, ASSESSOR):
            abort(403)
        return view(*args, **kwargs)
    return guarded


def admin_only(view):
    @login_required
    @wraps(view)
    def guarded(*args, **kwargs):
        if current_user.role != ADMIN:
            abort(403)
        return view(*args, **kwargs)
    return guarded


from . import accounts, imports, organisations  # noqa: E402,F401  (their views register on the blueprint)
