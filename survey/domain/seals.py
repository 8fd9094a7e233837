"""Sealing a closed vote and reading its seal: the canonical file streamed from the database."""
import re
from collections.abc import Iterator

from sqlalchemy.orm import Session

from ..data import sealing as store
from ..data.enums import CampaignState
from ..data.models import Campaign, Seal
from . import sealing
from .errors import Conflict

DIGEST = re.compile(r"[0-9a-f]{64}")


def seal(session: Session, campaign: Campaign, results) -> Seal:
    """Seal a vote being closed, in the closing transaction: digest its canonical file, keep the summary.

    `results` is the vote's tally (`campaigns.Results`) as the database counts it.
    """
    turnout = results.turnout
    settings = sealing.settings_of(campaign)
    summary = sealing.summary_of(turnout.cast, turnout.valid, turnout.electorate, results.tally,
                                 results.distribution, turnout.codes)
    sha256, size = sealing.digest(_document(session, campaign.id, settings, summary))
    sealed = Seal(campaign_id=campaign.id, sha256=sha256, size=size, settings=settings, summary=summary)
    session.add(sealed)
    session.flush()
    return sealed


def _document(session: Session, campaign_id: int, settings: dict, summary: dict) -> Iterator[bytes]:
    return sealing.document(settings, summary, ballots_of(session, campaign_id))


def ballots_of(session: Session, campaign_id: int) -> Iterator[dict[str, str]]:
    """The anonymous ballots, by random key, as in the canonical file."""
    return sealing.ballots_from_rows(store.ballot_rows(session, campaign_id))


def canonical_file(session: Session, sealed: Seal) -> Iterator[bytes]:
    """The sealed file again, byte for byte while the ballots are untouched."""
    return _document(session, sealed.campaign_id, sealed.settings, sealed.summary)


def of_campaign(session: Session, campaign: Campaign) -> Seal:
    """The seal of a closed vote; 409 while it is open (results stay hidden) or if it was never sealed."""
    if campaign.state != CampaignState.CLOSED:
        raise Conflict("results_hidden")
    found = store.of_campaign(session, campaign.id)
    if found is None:
        raise Conflict("not_sealed")
    return found


def find(session: Session, sha256: str) -> Seal | None:
    """The seal with this digest; None for an unknown or malformed one."""
    digest = sha256.strip().lower()
    return store.by_digest(session, digest) if DIGEST.fullmatch(digest) else None


def seal_if_closed(session: Session, campaign: Campaign) -> Seal | None:
    """The seal of a closed vote, None for an open one or one closed before sealing existed."""
    return store.of_campaign(session, campaign.id) if campaign.state == CampaignState.CLOSED else None
