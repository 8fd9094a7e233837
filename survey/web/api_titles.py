"""JSON API v1 of dynamic management (动态管理) and the jurisdiction's board: a named enterprise's spot checks
and title moves (yellow card, rectified, delisted, revoked), and the board. Bearer API keys; the assessors
of the naming jurisdiction or above it and admins only."""
from flask import Blueprint, g, jsonify, request

from ..domain import board, titles
from ..extensions import db
from . import schemas
from .api_keys import require_key
from .common import local_today
from .schemas import parsed, validated
from .title_views import ACTIONS, board_json, check_json, title_for, title_json

bp = Blueprint("api_titles", __name__, url_prefix="/api/v1")
bp.before_request(require_key())

@bp.get("/enterprises/<int:enterprise_id>/title")
def show_title(enterprise_id: int):
    return jsonify(title_json(title_for(g.user, enterprise_id)))


@bp.post("/enterprises/<int:enterprise_id>/title/<any(yellow_card, rectified, delist, revoke):action>")
def move_title(enterprise_id: int, action: str):
    """yellow_card, rectified, delist or revoke; 409 for a move the title's state does not allow."""
    found = title_for(g.user, enterprise_id)
    body = parsed(schemas.TITLE_MOVES[action])
    ACTIONS[action](g.user, found, body.model_dump())
    db().commit()
    return jsonify(title_json(found))


@bp.post("/enterprises/<int:enterprise_id>/spot-checks")
def record_check(enterprise_id: int):
    found = title_for(g.user, enterprise_id)
    body = parsed(schemas.NewTitleCheck)
    check = titles.record_check(db(), g.user, found, body.date, body.method, body.findings, body.score, local_today())
    db().commit()
    return jsonify(check_json(check)), 201


@bp.get("/jurisdictions/<int:jurisdiction_id>/board")
def show_board(jurisdiction_id: int):
    """?sort=enterprise|composite|turnout|discrepancy&order=asc|desc"""
    query = validated(schemas.BoardQuery, dict(request.args))
    found = board.board(db(), g.user, jurisdiction_id, local_today(), query.sort, query.order == "desc")
    return jsonify(board_json(found))
