"""JSON API v1 for staff tools (Bearer API keys) and for casting ballots (the code is the credential)."""
from collections.abc import Callable
from decimal import Decimal

from flask import Blueprint, current_app, g, jsonify

from ..domain import campaigns, casting, codes, congress_casting, editing, resolver, summary
from ..domain.errors import NotFound
from ..domain.resolver import CodeKind, Resolved
from ..extensions import db
from . import schemas
from .api_keys import require_key
from .common import as_utc, campaign_for, close_vote, enterprise_for, utcnow
from .job_views import accepted
from .openapi import PUBLIC, document
from .presenters import campaign_json, form_json, results_json
from .schemas import parsed
from .sealed_files import attachment_response, export_response, seal_json
from .statistics import distributions_json, statistics_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(require_key(*PUBLIC))


@bp.get("/openapi.json")
def openapi():
    """This API described as OpenAPI 3.1, generated from the declared schemas (no key needed)."""
    return jsonify(document(current_app))


@bp.post("/enterprises/<int:enterprise_id>/campaigns")
def create_campaign(enterprise_id: int):
    enterprise = enterprise_for(g.user, enterprise_id, manage=True)
    body = parsed(schemas.NewCampaign)
    settings = campaigns.Settings(
        title=body.title, electorate=body.electorate, scale=body.scale, ask_department=body.ask_department,
        method=body.method, threshold=body.threshold, turnout_floor=body.turnout_floor, congress_id=body.congress_id,
        opens_at=as_utc(body.opens_at), closes_at=as_utc(body.closes_at))
    campaign = campaigns.create(db(), enterprise, settings)
    db().commit()
    return jsonify(campaign_json(campaign)), 201


@bp.get("/campaigns/<int:campaign_id>")
def show_campaign(campaign_id: int):
    return jsonify(campaign_json(campaign_for(g.user, campaign_id)))


@bp.patch("/campaigns/<int:campaign_id>")
def edit_campaign(campaign_id: int):
    """Counting settings of a draft: method, threshold, turnout floor, floors, vetoes, electorate, times."""
    campaign = campaign_for(g.user, campaign_id, manage=True)
    body = parsed(schemas.CountingChange)
    sent = body.model_fields_set
    editing.edit_counting(campaign, editing.CountingEdit(
        method=body.method or campaign.method, threshold=body.threshold or campaign.threshold,
        turnout_floor=body.turnout_floor or campaign.turnout_floor,
        floors=body.floors or {} if "floors" in sent else _decimals(campaign.floors),
        vetoes=body.vetoes or {} if "vetoes" in sent else _decimals(campaign.vetoes),
        electorate=body.electorate,
        opens_at=as_utc(body.opens_at) if "opens_at" in sent else campaign.opens_at,
        closes_at=as_utc(body.closes_at) if "closes_at" in sent else campaign.closes_at))
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
    """The campaign, closed; 202 with the job when a large vote is closed by the worker."""
    campaign = campaign_for(g.user, campaign_id, manage=True)
    job = close_vote(campaign, g.user)
    if job is not None:
        return accepted(job)
    return jsonify(campaign_json(campaign))


@bp.post("/campaigns/<int:campaign_id>/codes")
def issue_codes(campaign_id: int):
    campaign = campaign_for(g.user, campaign_id, manage=True)
    limit = current_app.config["MAX_CODES_PER_BATCH"]
    batch = parsed(schemas.CodeBatch, limit=limit)
    plain = campaigns.issue_codes(db(), campaign, batch.count, limit, spare=batch.spare)
    db().commit()
    return jsonify({"codes": [codes.display(code) for code in plain]}), 201


@bp.get("/campaigns/<int:campaign_id>/form")
def show_form(campaign_id: int):
    return jsonify(form_json(campaign_for(g.user, campaign_id)))


@bp.get("/campaigns/<int:campaign_id>/results")
def show_results(campaign_id: int):
    campaign = campaign_for(g.user, campaign_id)
    found = summary.summarize(db(), campaign)  # 409 results_hidden until the vote is closed
    return jsonify(results_json(campaign, found.results) | {"seal": seal_json(campaign), "statistics": statistics_json(found),
                                                            "distributions": distributions_json(found)})


@bp.get("/campaigns/<int:campaign_id>/export")
def export(campaign_id: int):
    """?format=json (the sealed file) | csv | xlsx | summary.xlsx; see web.sealed_files."""
    return export_response(campaign_for(g.user, campaign_id), g.user, accepted)


@bp.get("/campaigns/<int:campaign_id>/declaration.pdf")  # the old address, kept for existing clients
@bp.get("/campaigns/<int:campaign_id>/attachment.pdf")
def attachment(campaign_id: int):
    return attachment_response(campaign_for(g.user, campaign_id))


BALLOTS: dict[CodeKind, Callable[[Resolved, schemas.Ballot], str]] = {
    CodeKind.CAMPAIGN_BALLOT: lambda resolved, body: casting.cast(
        db(), resolved.hashed, resolved.found, body.answers, utcnow()),
    CodeKind.AGENDA_BALLOT: lambda resolved, body: congress_casting.cast(
        db(), resolved.hashed, resolved.found, body.choice, body.choices),
}


@bp.post("/ballots")
def cast():
    body = parsed(schemas.Ballot, "bad_answers")
    code, hashed = resolver.typed(body.code)
    if casting.cast_at_once(db(), hashed, body.answers, utcnow()) is None:  # else cast and committed
        resolved = resolver.look_up(db(), code, hashed)  # not a ballot that counts as it is: say why
        if resolved.kind not in BALLOTS:  # a sign-in code, or no code at all
            raise NotFound("unknown_code")
        hashed = BALLOTS[resolved.kind](resolved, body)
        db().commit()
    return jsonify({"receipt": codes.receipt(current_app.config["SECRET_KEY"], hashed)}), 201
