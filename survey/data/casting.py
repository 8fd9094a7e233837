"""The hot path: consume a code and store a ballot in one transaction, with Core statements only.

The statements are built once, at import, and run on the session's connection (``secret``).
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from .enums import CampaignState
from .models import Answer, Ballot, BallotCode, Campaign
from .secret import SecretCast

_code = BallotCode.__table__
_campaign = Campaign.__table__

_CODE_STATE = (
    select(_code.c.campaign_id, _code.c.used, _campaign.c.state, _campaign.c.opens_at, _campaign.c.closes_at)
    .join(_campaign, _campaign.c.id == _code.c.campaign_id)
    .where(_code.c.code_hash == bindparam("hashed"))
)
_CAST = SecretCast(_code.c.campaign_id, _campaign.c.id, _campaign.c.state == CampaignState.OPEN)
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


def consume_and_store(session: Session, hashed: str, campaign_id: int, valid: bool, rows: tuple) -> bool:
    """Mark the code used and insert a ballot under a fresh random key with its answers, or change
    nothing: False when the code was used meanwhile or the campaign closed (the caller rolls back)."""
    ballot_id = Ballot.new_key()
    return _CAST.cast(session, hashed, campaign_id, (
        (_INSERT_BALLOT, {"id": ballot_id, "campaign_id": campaign_id, "valid": valid}),
        (_INSERT_ANSWERS, [{"ballot_id": ballot_id, "item_id": item, "option_id": option, "text": text}
                           for item, option, text in rows]),
    ))
