"""The clock (时钟): every time is stored as naive UTC."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, in UTC without a time zone, as times are stored."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
