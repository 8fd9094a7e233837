"""The clock (时钟): every time is stored as naive UTC."""
from datetime import datetime, timezone, tzinfo


def utcnow() -> datetime:
    """Now, in UTC without a time zone, as times are stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_year(moment: datetime, zone: tzinfo) -> int:
    """The year a stored (naive UTC) time falls in where the union works: a vote closed on 1 January
    at 01:00 Beijing time closed in the new year, though it was still 31 December in UTC."""
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).year
