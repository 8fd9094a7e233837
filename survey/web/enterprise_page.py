"""An enterprise's page (企业): its votes and congress sessions, and for its chair the form that
starts a vote. Assessors read it (``assessor``); a chair's refused new vote shows it again (``chair``)."""
from flask import render_template, request
from flask_login import current_user

from ..data.models import Enterprise
from ..domain import access, campaigns
from ..extensions import db


def enterprise_page(enterprise: Enterprise, errors: dict | None = None, status: int = 200):
    return render_template("assessor/enterprise.html", enterprise=enterprise,
                           campaigns=campaigns.of_enterprise(db(), enterprise.id),
                           can_manage=access.can_manage(current_user, enterprise), errors=errors or {},
                           form=request.form), status
