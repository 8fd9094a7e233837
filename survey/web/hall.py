"""The hall display (会场大屏): attendance, quorum and how many have voted on each open ballot.
Refreshes itself without JavaScript."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..domain import agenda, congresses
from ..extensions import db
from .congress_common import congress_for

bp = Blueprint("hall", __name__)
HALL_REFRESH_SECONDS = 10


@bp.route("/congresses/<int:congress_id>/hall")
@login_required
def show(congress_id: int):
    congress = congress_for(current_user, congress_id)
    open_agenda_items = [agenda_item for agenda_item in congress.agenda_items if agenda_item.is_open]
    return render_template("congress/hall.html", congress=congress, attendance=congresses.attendance(db(), congress),
                           items=open_agenda_items, voted=agenda.voted(db(), open_agenda_items),
                           refresh=HALL_REFRESH_SECONDS)
