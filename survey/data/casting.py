"""The hot path: consume a code and store a ballot in one transaction, with Core statements only.

The statements are built once, at import: building and cache-keying them on every request cost
more than running them. They run on the session's connection, past the ORM's execution layer.
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from .models import Answer, Ballot, BallotCode, Campaign

_code = BallotCode.__table__
_campaign = Campaign.__table__

_CODE_STATE = (
    select(_code.c.campaign_id, _code.c.used, _campaign.c.state, _campaign.c.opens_at, _campaign.c.closes_at)
    .join(_campaign, _campaign.c.id == _code.c.campaign_id)
    .where(_code.c.code_hash == bindparam("hashed"))
)
# The UPDATE only matches an unused code of a campaign that is still open; on PostgreSQL the
# campaign row is share-locked so a concurrent close waits for this ballot or refuses it.
_STILL_OPEN = (
    select(_campaign.c.id)
    .where(_campaign.c.id == bindparam("campaign"), _campaign.c.state == "open")
    .with_for_update(read=True)
    .scalar_subquery()
)
_CONSUME = (
    update(_code)
    .where(_code.c.code_hash == bindparam("hashed"), _code.c.used.is_(False), _code.c.campaign_id == _STILL_OPEN)
    .values(used=True)
)
_INSERT_BALLOT = insert(Ballot.__table__)
_INSERT_ANSWERS = insert(Answer.__table__)


@dataclass(frozen=True)
class CodeState:
    campaign_id: int
    used: bool
    state: str
    opens_at: datetime | None
    closes_at: datetime | None


def code_state(session: Session, hashed: str) -> CodeState | None:
    """The code's campaign and where it stands, in one query; None for an unknown code."""
    row = session.connection().execute(_CODE_STATE, {"hashed": hashed}).first()
    return CodeState(*row) if row else None


def consume_and_store(session: Session, hashed: str, campaign_id: int, ballot_id: str,
                      valid: bool, rows: tuple) -> bool:
    """Mark the code used and insert the ballot and its answers, or change nothing.

    False when the code was used meanwhile or the campaign closed: the caller rolls back.
    """
    connection = session.connection()
    if connection.execute(_CONSUME, {"hashed": hashed, "campaign": campaign_id}).rowcount != 1:
        return False
    connection.execute(_INSERT_BALLOT, {"id": ballot_id, "campaign_id": campaign_id, "valid": valid})
    if rows:
        connection.execute(_INSERT_ANSWERS, [{"ballot_id": ballot_id, "item_id": item, "option_id": option,
                                              "text": text} for item, option, text in rows])
    return True
