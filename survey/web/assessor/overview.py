"""The dashboard and the read-only enterprise pages."""
from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from ...domain import access
from ...extensions import db
from ..common import enterprise_for
from ..enterprise_page import enterprise_page
from . import bp


@bp.route("/dashboard")
@login_required
def dashboard():
    enterprises = access.visible_enterprises(db(), current_user)
    if len(enterprises) == 1 and current_user.role == access.CHAIR:
        return redirect(url_for("assessor.enterprise", enterprise_id=enterprises[0].id))
    return render_template("assessor/dashboard.html", enterprises=enterprises)


@bp.route("/enterprises/<int:enterprise_id>")
@login_required
def enterprise(enterprise_id: int):
    return enterprise_page(enterprise_for(current_user, enterprise_id))
