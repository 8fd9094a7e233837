"""The hot path: consume a code and store a ballot in one transaction, with Core statements only.

The statements are built once, at import, and run on the driver's cursor (``secret.Prepared``).
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, insert, or_, select
from sqlalchemy.orm import Session

from .enums import CampaignState
from .models import Answer, Ballot, BallotCode, Campaign, Enterprise
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


def _ballot(campaign_id: int, valid: bool, rows: tuple) -> Writes:
    """A ballot under a fresh random key, and its answers."""
    ballot_id = Ballot.new_key()
    return ((_INSERT_BALLOT, {"id": ballot_id, "campaign_id": campaign_id, "valid": valid}),
            (_INSERT_ANSWERS, [{"ballot_id": ballot_id, "item_id": item, "option_id": option, "text": text}
                               for item, option, text in rows]))


def cast_alone(session: Session, hashed: str, now: datetime,
               answers_for: Callable[[int], tuple[bool, tuple] | None]) -> bool:
    """In one transaction of its own, committed here: mark the code used if it is unused and its
    campaign takes ballots now, then insert the ballot ``answers_for(campaign id)`` gives (valid, answer
    rows). False, with nothing changed, when the code did not count or ``answers_for`` gave None (the
    caller looks the code up to say why)."""
    def writes_for(campaign_id: int) -> Writes | None:
        ballot = answers_for(campaign_id)
        return None if ballot is None else _ballot(campaign_id, *ballot)
    return _CAST.cast_alone(session, hashed, writes_for, now=now)


def consume_and_store(session: Session, hashed: str, campaign_id: int, valid: bool, rows: tuple,
                      now: datetime) -> bool:
    """Mark the code used and insert a ballot with its answers, or change nothing: False when the
    code was used meanwhile or the campaign closed (the caller rolls back)."""
    return _CAST.cast(session, hashed, campaign_id, _ballot(campaign_id, valid, rows), now=now)
