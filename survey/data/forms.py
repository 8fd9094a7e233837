"""Loading a campaign's form for answer checks; cached per process once the form is frozen."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Campaign, Item, Option


@dataclass(frozen=True)
class FormItem:
    id: int
    key: str
    kind: str
    required: bool
    options: dict[str, int]  # option key → option id


@dataclass(frozen=True)
class Form:
    campaign_id: int
    items: tuple[FormItem, ...]


_frozen: dict[int, Form] = {}


def forget() -> None:
    """Drop the cached forms (a process that switches databases, such as the test suite)."""
    _frozen.clear()


def load_form(session: Session, campaign_id: int, frozen: bool) -> Form:
    """The form of a campaign; `frozen` (opened or closed) forms are cached for the process's life."""
    if frozen and campaign_id in _frozen:
        return _frozen[campaign_id]
    rows = session.execute(
        select(Item.id, Item.key, Item.kind, Item.required, Option.key, Option.id)
        .join(Campaign, Campaign.questionnaire_id == Item.questionnaire_id)
        .outerjoin(Option, Option.item_id == Item.id)
        .where(Campaign.id == campaign_id)
        .order_by(Item.position, Option.position)
    ).all()
    items: dict[int, FormItem] = {}
    for item_id, key, kind, required, option_key, option_id in rows:
        item = items.setdefault(item_id, FormItem(item_id, key, kind, required, {}))
        if option_id is not None:
            item.options[option_key] = option_id
    form = Form(campaign_id, tuple(items.values()))
    if frozen:
        _frozen[campaign_id] = form
    return form
