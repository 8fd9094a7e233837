"""The sample-size planner (样本量), as a page and as JSON."""
from decimal import Decimal

from flask import jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.datastructures import MultiDict

from ...domain import planner
from ...domain.errors import Invalid
from ...messages import message
from ..presenters import decimal
from . import api_bp, bp
from ..schemas import SampleSizeQuery, validated

ERRORS = {
    "headcount_range": _l("The headcount must be a whole number from 1 to 1,000,000, or left empty for a very large workforce."),
    "margin_range": _l("The margin of error must be a number of percentage points from 0.5 to 50."),
    "confidence_choice": _l("The confidence must be one of 90%, 95%, 99%."),
}


def _plan(args: MultiDict) -> planner.Plan:
    query = validated(SampleSizeQuery, {field: value for field, value in args.items() if value.strip()})
    return planner.plan(query.headcount, query.margin, query.confidence)


def _errors(error: Invalid) -> dict[str, str]:
    return {field: str(ERRORS[key]) for field, key in error.details.get("errors", {}).items()}


@bp.get("/assessor/sample-size")
@login_required
def sample_size():
    """GET form: headcount, margin (± percentage points), confidence (90/95/99)."""
    if not request.args:
        return render_template("assessor/sample_size.html", plan=None, errors={}, form=request.args)
    try:
        found = _plan(request.args)
    except Invalid as error:
        return render_template("assessor/sample_size.html", plan=None, errors=_errors(error), form=request.args), 422
    return render_template("assessor/sample_size.html", plan=found, errors={}, form=request.args)


@api_bp.get("/sample-size")
def sample_size_json():
    """?headcount=500&margin=5&confidence=95 → the number of workers to survey."""
    try:
        found = _plan(request.args)
    except Invalid as error:
        return jsonify({"error": error.key, "message": message(error.key), "errors": _errors(error)}), 422
    return jsonify({"headcount": found.headcount, "margin": decimal(found.margin / 100),
                    "confidence": decimal(Decimal(found.confidence) / 100), "sample_size": found.sample,
                    "without_correction": found.unlimited, "share_of_headcount": decimal(found.share)})
