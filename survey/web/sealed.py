"""Sealed results for signed-in staff: chairs of the enterprise and assessors of its jurisdiction read
the exports and the self-check attachment once the vote is closed (the files: `sealed_files`)."""
from flask import Blueprint
from flask_login import current_user, login_required

from ..data.models import Campaign, Seal
from ..domain import seals
from ..extensions import db
from .common import campaign_for
from .job_views import to_page
from .sealed_files import attachment_response, export_response

bp = Blueprint("sealed", __name__)


@bp.get("/campaigns/<int:campaign_id>/export")
@login_required
def export(campaign_id: int):
    return export_response(campaign_for(current_user, campaign_id), current_user, to_page)


@bp.get("/campaigns/<int:campaign_id>/declaration.pdf")  # the old address, kept for existing links
@bp.get("/campaigns/<int:campaign_id>/attachment.pdf")
@login_required
def attachment(campaign_id: int):
    return attachment_response(campaign_for(current_user, campaign_id))


@bp.app_template_global()
def campaign_seal(campaign: Campaign) -> Seal | None:
    """For the campaign page: the seal of a closed vote, to link its exports and public page."""
    return seals.seal_if_closed(db(), campaign)
