"""Helpers shared by the staff pages and the JSON API: loading with access checks, times."""
from collections.abc import Iterable
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, request
from sqlalchemy.orm import Session

from ..data import scrub
from ..data.models import Campaign, Enterprise, Job, User
from ..domain import access, campaigns, jobs
from ..domain.clock import utcnow
from ..domain.errors import Invalid, NotFound
from ..extensions import current_language, db
from .schemas import within_range


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def parse_time(raw: str | None, field: str) -> datetime | None:
    """ISO 8601 between 2000 and 2099; a time without offset is local time (Asia/Shanghai by default)."""
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        moment = None
    if moment is None or not within_range(moment):
        raise Invalid("invalid_input", errors={field: "time_format"})
    return as_utc(moment)


def as_utc(moment: datetime | None) -> datetime | None:
    """Stored as naive UTC; a time without offset is local time."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone())
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def local_time(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=timezone.utc).astimezone(local_zone()) if moment else None


def local_today() -> date:
    """Today in local time (Beijing time by default): the day concerns, objections, notices, forums and sign-offs keep."""
    return local_time(utcnow()).date()


def enterprise_for(user: User, enterprise_id: int, manage: bool = False) -> Enterprise:
    enterprise = db().get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("not_found")
    if manage:
        access.require_manage(user, enterprise)
    else:
        access.require_read(db(), user, enterprise)
    return enterprise


def campaign_for(user: User, campaign_id: int, manage: bool = False) -> Campaign:
    """The campaign if the user may see (or run) it (`access.can_see`, `can_run`). Reading changes nothing: a vote past its
    closing time stays open until ``close-due`` or the chair's next action closes it (``close_if_due``)."""
    campaign = db().get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("not_found")
    access.require_campaign(db(), user, campaign, run=manage)
    return campaign


REWRITE_SECONDS = 30


def close_if_due(campaign: Campaign, user: User) -> bool:
    """The explicit step before a manager's action: close and seal the vote if its closing time has
    passed — a large vote through a job, which its page then shows — and commit. True when it was
    closed now."""
    now, job = jobs.close_if_due(db(), user, campaign, utcnow(), jobs.Limits.of(current_app.config))
    if now:
        close_now(campaign)
    elif job:
        db().commit()
    return now


def close_vote(campaign: Campaign, user: User) -> Job | None:
    """Close the vote now, or (a large one) queue the job that closes it: that job, committed."""
    job = jobs.close(db(), user, campaign, utcnow(), jobs.Limits.of(current_app.config))
    if job is None:
        close_now(campaign)
    else:
        db().commit()
    return job


def close_now(campaign: Campaign) -> None:
    """Close the vote in its steps, each committed (`campaigns.closing`), then rewrite its ballots."""
    committed(campaigns.closing(db(), campaign, utcnow()))
    after_close()


def committed(steps: Iterable[str], session: Session | None = None) -> None:
    """Run a domain operation made of steps, committing after each one (the domain never commits);
    in the request's session, or the one given (a job's)."""
    session = session or db()
    for _step in steps:
        session.commit()


def public_base() -> str:
    """Where printed links point: PUBLIC_BASE_URL, or the host the request came to."""
    return current_app.config["PUBLIC_BASE_URL"] or request.host_url.rstrip("/")


def after_close() -> None:
    """Right after the commit of a close: rewrite the vote's ballots, wipe its traces from the log or
    dead rows. A rewrite longer than REWRITE_SECONDS is left to `close-due`, within the worker's timeout."""
    scrub.after_close(db().get_bind(), budget=REWRITE_SECONDS)


def localized(obj, field: str = "text") -> str:
    """The Chinese or English text of a questionnaire object, by the page's language."""
    return getattr(obj, f"{field}_{'en' if current_language() == 'en' else 'zh'}")
