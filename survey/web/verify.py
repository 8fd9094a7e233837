"""The public verification page (公开核验): no sign-in. A digest printed on a self-check attachment shows what the
server sealed for it, so an assessor holding the paper sees whether the two match. No ballot data."""
from flask import Blueprint, render_template

from ..domain import seals
from ..extensions import db
from .seal_report import closed_at, report

bp = Blueprint("verify", __name__)
SHOWN_DIGEST = 128  # of an unknown digest, no more is echoed back


@bp.get("/verify/<digest>")
def show(digest: str):
    found = seals.find(db(), digest)
    if found is None:
        return render_template("verify/unknown.html", digest=digest[:SHOWN_DIGEST]), 404
    return render_template("verify/seal.html", report=report(found), closed_at=closed_at(found.settings))
