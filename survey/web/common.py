"""Helpers shared by the staff pages and the JSON API: loading with access checks, times."""
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

from ..data.models import Campaign, Enterprise, User
from ..domain import access, campaigns
from ..domain.errors import Invalid, NotFound
from ..extensions import current_language, db
from .schemas import within_range


def utcnow() -> datetime:
    """Times are stored as naive UTC."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


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
    """The campaign if the user may see (or manage) it; closes it first if its time has passed."""
    campaign = db().get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("not_found")
    enterprise_for(user, campaign.enterprise_id, manage)
    if campaigns.refresh(db(), campaign, utcnow()):
        db().commit()
    return campaign


def localized(obj, field: str = "text") -> str:
    """The Chinese or English text of a questionnaire object, by the page's language."""
    return getattr(obj, f"{field}_{'en' if current_language() == 'en' else 'zh'}")
