"""The assessor's pages (考核人员): the dashboard of the enterprises they may see, each enterprise's
read-only page, the sample-size planner, and the declarations workspace (申报/考核): the cycles and
each declaration's page, which the enterprise's chair shares to declare, self-score and submit.
Chairs pass through the dashboard to their own enterprise.
"""
from flask import Blueprint

from ..api_keys import require_key

bp = Blueprint("assessor", __name__)
api_bp = Blueprint("assessor_api", __name__, url_prefix="/api/v1")
api_bp.before_request(require_key())

# their views register on the blueprints
from . import cycles, declarations, home, overview, sample_size, titles  # noqa: E402,F401
