"""The hot path: consume a code and store a ballot in one transaction, with Core statements only.

The statements are built once, at import, and run on the driver's cursor (``secret.Prepared``).
"""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, insert, or_, select
from sqlalchemy.orm import Session

from .enums import CampaignState
from .models import Answer, Ballot, BallotCode, Campaign, Enterprise
from . import secret
from .secret import Prepared, SecretCast, Writes

_code = BallotCode.__table__
_campaign = Campaign.__table__

_enterprise = Enterprise.__table__

_CODE_STATE = (
    select(_code.c.campaign_id, _code.c.used, _campaign.c.state, _campaign.c.opens_at, _campaign.c.closes_at,
           _campaign.c.title, _enterprise.c.name)
    .join(_campaign, _campaign.c.id == _code.c.campaign_id)
    .join(_enterprise, _enterprise.c.id == _campaign.c.enterprise_id)
    .where(_code.c.code_hash == bindparam("hashed"))
)
_OPEN_NOW = and_(_campaign.c.state == CampaignState.OPEN,
                 or_(_campaign.c.opens_at.is_(None), _campaign.c.opens_at <= bindparam("now")),
                 or_(_campaign.c.closes_at.is_(None), _campaign.c.closes_at > bindparam("now")))
_CAST = SecretCast(_code.c.campaign_id, _campaign.c.id, _OPEN_NOW)
_INSERT_BALLOT = Prepared(insert(Ballot.__table__), ("id", "campaign_id", "valid"))
_INSERT_ANSWERS = Prepared(insert(Answer.__table__), ("ballot_id", "item_id", "option_id", "text"))


@dataclass(frozen=True)
class CodeState:
    campaign_id: int
    used: bool
    state: str
    opens_at: datetime | None
    closes_at: datetime | None
    title: str  # the vote's title and its enterprise's name, for its questionnaire page
    enterprise: str


def code_state(session: Session, hashed: str) -> CodeState | None:
    """The code's campaign, where it stands and what heads its page, in one query; None for an unknown code."""
    row = session.connection().execute(_CODE_STATE, {"hashed": hashed}).first()
    return CodeState(*row) if row else None


def consume(session: Session, hashed: str, now: datetime) -> int | None:
    """Mark the code used if it is unused and its campaign takes ballots now: the campaign's id, or
    None with nothing changed (the caller rolls back and looks the code up to say why)."""
    return _CAST.consume(session, hashed, now=now)


def _ballot(campaign_id: int, valid: bool, rows: tuple) -> Writes:
    """A ballot under a fresh random key, and its answers."""
    ballot_id = Ballot.new_key()
    return ((_INSERT_BALLOT, {"id": ballot_id, "campaign_id": campaign_id, "valid": valid}),
            (_INSERT_ANSWERS, [{"ballot_id": ballot_id, "item_id": item, "option_id": option, "text": text}
                               for item, option, text in rows]))


def store(session: Session, campaign_id: int, valid: bool, rows: tuple) -> None:
    """Insert a ballot with its answers, in the transaction that consumed its code (``consume``)."""
    secret.store(session, _ballot(campaign_id, valid, rows))


def consume_and_store(session: Session, hashed: str, campaign_id: int, valid: bool, rows: tuple,
                      now: datetime) -> bool:
    """Mark the code used and insert a ballot with its answers, or change nothing: False when the
    code was used meanwhile or the campaign closed (the caller rolls back)."""
    return _CAST.cast(session, hashed, campaign_id, _ballot(campaign_id, valid, rows), now=now)
