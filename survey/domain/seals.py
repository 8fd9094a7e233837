"""Sealing a closed vote and reading its seal: the canonical file streamed from the database."""
import re
from collections.abc import Iterator

from sqlalchemy.orm import Session

from ..data import sealing as store
from ..data.enums import CampaignState
from ..data.models import Campaign, Seal
from . import departments, lifecycle, sealed_statistics, sealing, vote_statistics
from .errors import Conflict

DIGEST = re.compile(r"[0-9a-f]{64}")


def seal(session: Session, campaign: Campaign, results) -> Seal:
    """The seal of a vote that takes no more ballots, only read from the database (the caller stores
    it): its canonical file (harmony-seal/3) digested, the summary and the statistics.

    `results` is the vote's tally (`campaigns.Results`) as the database counts it. One SQL pass
    gives the statistics and the departments, masked as the published breakdown hides them.
    """
    turnout = results.turnout
    settings = sealing.settings_of(campaign)
    found = vote_statistics.sql_pass(session, campaign, results.distribution)
    masking = departments.masking(campaign, turnout.cast, results.distribution, len(found.keys), found.groups)
    summary = sealing.sealed_summary(sealing.summary_of(turnout.cast, turnout.valid, turnout.electorate,
                                                        results.tally, results.distribution, turnout.codes), masking)
    statistics = sealed_statistics.member(vote_statistics.statistics(campaign, results.tally.composite,
                                                                     turnout.cast, found))
    chunks = sealing.document(sealing.header(settings=settings, statistics=statistics, summary=summary),
                              ballots_of(session, campaign.id, masking))
    sha256, size = sealing.digest(chunks)
    return Seal(campaign_id=campaign.id, sha256=sha256, size=size, settings=settings, summary=summary,
                statistics=statistics)


def ballots_of(session: Session, campaign_id: int, masking: sealing.Masking | None) -> Iterator[dict[str, str]]:
    """The anonymous ballots, by random key, departments masked as `masking` says (`masking_of`)."""
    ballots = sealing.ballots_from_rows(store.ballot_rows(session, campaign_id))
    return masking.ballots(ballots) if masking else ballots


def masking_of(session: Session, sealed: Seal) -> sealing.Masking | None:
    """The departments a seal's ballot-level files hide: as a /2 or /3 seal states them; for a /1
    seal (sealed before files were masked) as the breakdown hides them now."""
    if sealing.format_of(sealed.summary) != sealing.FORMAT_1:
        return sealing.Masking.of_seal(sealed.settings, sealed.summary)
    campaign = session.get(Campaign, sealed.campaign_id)
    found = vote_statistics.sql_pass(session, campaign, sealed.summary["counts"])
    return departments.masking(campaign, sealed.summary["cast"], sealed.summary["counts"], len(found.keys),
                               found.groups)


def canonical_file(session: Session, sealed: Seal, tap=iter) -> Iterator[bytes]:
    """The sealed file again, byte for byte while the ballots are untouched (a /1 file unmasked, as sealed).
    `tap`: what the ballots pass through on their way into the file (a job counts them)."""
    masking = sealing.Masking.of_seal(sealed.settings, sealed.summary)
    return sealing.document(sealing.header(settings=sealed.settings, statistics=sealed.statistics,
                                           summary=sealed.summary),
                            tap(ballots_of(session, sealed.campaign_id, masking)))


def of_campaign(session: Session, campaign: Campaign) -> Seal:
    """The seal of a closed vote; 409 while it is open or sealing (results stay hidden) or if it was never sealed."""
    lifecycle.require_results(campaign.state)
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
