"""JSON API v1 for staff tools (Bearer API keys) and for casting ballots (the code is the credential)."""
from collections.abc import Callable
from decimal import Decimal

from flask import Blueprint, current_app, g, jsonify, request

from ..domain import campaigns, casting, codes, congress_casting, editing, resolver, summary
from ..domain.errors import Invalid, NotFound
from ..domain.resolver import CodeKind, Resolved
from ..extensions import db
from .api_keys import require_key
from .common import after_close, campaign_for, enterprise_for, parse_time, utcnow
from .presenters import campaign_json, form_json, results_json
from .statistics import statistics_json
from .sealed import attachment_response, export_response, seal_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(require_key("api.cast"))


def payload() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("bad_json")
    return body


NUMBER_ERRORS = {"electorate": "electorate_range", "scale": "scale_choice", "count": "count_range"}


def whole_number(body: dict, field: str, default: int | None = None) -> int | None:
    value = body.get(field, default)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise Invalid("invalid_input", errors={field: NUMBER_ERRORS.get(field, "whole_number")},
                  limit=current_app.config["MAX_CODES_PER_BATCH"])


@bp.post("/enterprises/<int:enterprise_id>/campaigns")
def create_campaign(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id, manage=True)
    body = payload()
    settings = campaigns.Settings(
        title=str(body.get("title") or ""), electorate=whole_number(body, "electorate"),
        scale=whole_number(body, "scale", 3), ask_department=bool(body.get("ask_department")),
        method=str(body.get("method", "rate")), threshold=campaigns.parse_threshold(body.get("threshold", 80)),
        congress_id=whole_number(body, "congress_id"),
        opens_at=parse_time(body.get("opens_at"), "opens_at"), closes_at=parse_time(body.get("closes_at"), "closes_at"))
    campaign = campaigns.create(db(), enterprise, settings)
    db().commit()
    return jsonify(campaign_json(campaign)), 201


@bp.get("/campaigns/<int:campaign_id>")
def show_campaign(campaign_id: int):
    return jsonify(campaign_json(campaign_for(g.user, campaign_id)))


@bp.patch("/campaigns/<int:campaign_id>")
def edit_campaign(campaign_id: int):
    """Counting settings of a draft: method, threshold, floors, vetoes, electorate, times."""
    campaign = campaign_for(g.user, campaign_id, manage=True)
    body = payload()
    limits = {name: {str(k): campaigns.parse_threshold(v) for k, v in (body.get(name) or {}).items()}
              for name in ("floors", "vetoes")}
    editing.edit_counting(campaign, editing.CountingEdit(
        method=str(body.get("method", campaign.method)),
        threshold=campaigns.parse_threshold(body.get("threshold", campaign.threshold)),
        floors=limits["floors"] if "floors" in body else _decimals(campaign.floors),
        vetoes=limits["vetoes"] if "vetoes" in body else _decimals(campaign.vetoes),
        electorate=whole_number(body, "electorate"),
        opens_at=parse_time(body.get("opens_at"), "opens_at") if "opens_at" in body else campaign.opens_at,
        closes_at=parse_time(body.get("closes_at"), "closes_at") if "closes_at" in body else campaign.closes_at))
    db().commit()
    return jsonify(campaign_json(campaign))


def _decimals(limits: dict) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in (limits or {}).items()}


@bp.post("/campaigns/<int:campaign_id>/open")
def open_campaign(campaign_id: int):
    campaign = campaign_for(g.user, campaign_id, manage=True)
    campaigns.open_(db(), campaign)
    db().commit()
    return jsonify(campaign_json(campaign))


@bp.post("/campaigns/<int:campaign_id>/close")
def close_campaign(campaign_id: int):
    campaign = campaign_for(g.user, campaign_id, manage=True)
    campaigns.close(db(), campaign, utcnow())
    db().commit()
    after_close()
    return jsonify(campaign_json(campaign))


@bp.post("/campaigns/<int:campaign_id>/codes")
def issue_codes(campaign_id: int):
    campaign = campaign_for(g.user, campaign_id, manage=True)
    count = whole_number(payload(), "count")
    plain = campaigns.issue_codes(db(), campaign, count or 0, current_app.config["MAX_CODES_PER_BATCH"],
                                  spare=payload().get("spare") is True)
    db().commit()
    return jsonify({"codes": [codes.display(code) for code in plain]}), 201


@bp.get("/campaigns/<int:campaign_id>/form")
def show_form(campaign_id: int):
    return jsonify(form_json(campaign_for(g.user, campaign_id)))


@bp.get("/campaigns/<int:campaign_id>/results")
def show_results(campaign_id: int):
    campaign = campaign_for(g.user, campaign_id)
    found = summary.summarize(db(), campaign)  # 409 results_hidden until the vote is closed
    return jsonify(results_json(campaign, found.results) | {"seal": seal_json(campaign), "statistics": statistics_json(found)})


@bp.get("/campaigns/<int:campaign_id>/export")
def export(campaign_id: int):
    """?format=json (the sealed file) | csv | xlsx | summary.xlsx; see web.sealed."""
    return export_response(campaign_for(g.user, campaign_id))


@bp.get("/campaigns/<int:campaign_id>/declaration.pdf")  # the old address, kept for existing clients
@bp.get("/campaigns/<int:campaign_id>/attachment.pdf")
def attachment(campaign_id: int):
    return attachment_response(campaign_for(g.user, campaign_id))


BALLOTS: dict[CodeKind, Callable[[Resolved, dict, dict], str]] = {
    CodeKind.CAMPAIGN_BALLOT: lambda resolved, answers, _body: casting.cast(
        db(), resolved.hashed, resolved.found, answers, utcnow()),
    CodeKind.AGENDA_BALLOT: lambda resolved, _answers, body: congress_casting.cast(
        db(), resolved.hashed, resolved.found, body.get("choice"), body.get("choices")),
}


@bp.post("/ballots")
def cast():
    body = payload()
    answers = body.get("answers") or {}
    if not isinstance(answers, dict):
        raise Invalid("bad_answers", errors={"answers": "not_an_option"})
    resolved = resolver.resolve(db(), str(body.get("code") or ""))
    if resolved.kind not in BALLOTS:  # a sign-in code, or no code at all
        raise NotFound("unknown_code")
    hashed = BALLOTS[resolved.kind](resolved, answers, body)
    db().commit()
    return jsonify({"receipt": codes.receipt(current_app.config["SECRET_KEY"], hashed)}), 201
