"""Satisfaction votes (满意度测评) in SQL: finding campaigns and issuing their codes."""
from datetime import datetime

from sqlalchemy import exists, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .enums import CampaignState, JobKind, JobState
from .models import BallotCode, Campaign, Job


def of_enterprise(session: Session, enterprise_id: int) -> list[Campaign]:
    """An enterprise's own votes, newest first: not the assessors' spot-check surveys of it."""
    return list(session.scalars(select(Campaign).where(Campaign.enterprise_id == enterprise_id,
                                                       Campaign.run_by_jurisdiction_id.is_(None))
                                .order_by(Campaign.id.desc())))


def due_to_close(session: Session, now: datetime) -> list[Campaign]:
    """Open campaigns whose closing time has come."""
    return list(session.scalars(select(Campaign).where(Campaign.state == CampaignState.OPEN,
                                                       Campaign.closes_at <= now)))


def previous_closed(session: Session, campaign: Campaign) -> Campaign | None:
    """The same enterprise's most recently closed own campaign before this one; none for a spot-check
    survey, which is compared with the self-check it checks, and never the previous vote of another."""
    if campaign.run_by_jurisdiction_id is not None:
        return None
    return session.scalars(
        select(Campaign).where(Campaign.enterprise_id == campaign.enterprise_id, Campaign.id != campaign.id,
                               Campaign.run_by_jurisdiction_id.is_(None),
                               Campaign.state == CampaignState.CLOSED, Campaign.closed_at <= campaign.closed_at)
        .order_by(Campaign.closed_at.desc(), Campaign.id.desc()).limit(1)).first()


def mark_sealing(session: Session, campaign: Campaign, now: datetime) -> bool:
    """The guarded move open → sealing at the vote's closing moment: `UPDATE … WHERE state = 'open'`.
    False when the vote was no longer open (another transaction closed it first: on PostgreSQL this one
    waited for that one's row lock, on SQLite for its write lock). True: no cast counts after this one."""
    return _move(session, campaign, CampaignState.OPEN, CampaignState.SEALING, closed_at=now)


def mark_closed(session: Session, campaign: Campaign) -> bool:
    """The guarded move sealing → closed, marked for the rewrite (`scrub`); False when another
    transaction sealed it first."""
    return _move(session, campaign, CampaignState.SEALING, CampaignState.CLOSED, scrub_after="")


def _move(session: Session, campaign: Campaign, before: str, after: str, **values) -> bool:
    moved = session.execute(update(Campaign).where(Campaign.id == campaign.id, Campaign.state == before)
                            .values(state=after, **values)).rowcount == 1
    if moved:
        for name, value in {"state": after, **values}.items():
            set_committed_value(campaign, name, value)
    return moved


def left_sealing(session: Session) -> list[Campaign]:
    """Votes left sealing with no close job queued or running: a process died between the steps of
    their close (a job that died is claimed again and finishes its vote itself)."""
    return list(session.scalars(select(Campaign).where(
        Campaign.state == CampaignState.SEALING,
        ~exists().where(Job.campaign_id == Campaign.id, Job.kind == JobKind.CLOSE,
                          Job.state.in_((JobState.QUEUED, JobState.RUNNING))))))


def insert_codes(session: Session, campaign_id: int, hashes: list[str]) -> None:
    session.execute(insert(BallotCode.__table__),
                    [{"code_hash": hashed, "campaign_id": campaign_id, "used": False} for hashed in hashes])
