"""An enterprise's page (企业): its votes, congress sessions and declarations, and for its chair the forms
that start a vote and a declaration. Assessors read it (``assessor``); a chair's refused new vote or
declaration shows it again (``chair``, ``assessor.declarations``)."""
from flask import render_template, request
from flask_login import current_user

from ..data.models import Enterprise
from ..domain import access, campaigns, cycles, declarations
from ..extensions import db


def enterprise_page(enterprise: Enterprise, errors: dict | None = None, status: int = 200,
                    declaration_errors: dict | None = None):
    """The page; ``errors`` of a refused new vote, ``declaration_errors`` of a refused new declaration."""
    can_manage = access.can_manage(current_user, enterprise)
    return render_template("assessor/enterprise.html", enterprise=enterprise,
                           campaigns=campaigns.of_enterprise(db(), enterprise.id),
                           declarations=[d for d in declarations.of_enterprise(db(), enterprise)
                                         if declarations.can_see(db(), current_user, d)],
                           cycles=cycles.visible(db(), current_user) if can_manage else [],
                           can_manage=can_manage, errors=errors or {},
                           declaration_errors=declaration_errors or {}, form=request.form), status
