"""The log of settings changed (设置变更记录): who changed which setting when, from what to what, as text.
A setting belongs to a year's cycle or to a jurisdiction itself."""
import json
from datetime import datetime

from sqlalchemy.orm import Session

from ..data.models import SettingChange, User


def record(session: Session, user: User, name: str, old, new, now: datetime, *, cycle_id: int | None = None,
           jurisdiction_id: int | None = None) -> SettingChange:
    logged = SettingChange(cycle_id=cycle_id, jurisdiction_id=jurisdiction_id, user_id=user.id, at=now, setting=name,
                           old=_text(old), new=_text(new))
    session.add(logged)
    session.flush()
    return logged


def _text(value) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if isinstance(value, dict) else str(value)
