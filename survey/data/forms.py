"""A campaign's form in SQL, as plain rows: the domain builds (and caches) the form from them."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Campaign, Item, Option

FormRow = tuple[int, str, str, bool, str | None, int | None]


def form_rows(session: Session, campaign_id: int) -> list[FormRow]:
    """(item id, item key, kind, required, option key, option id) in questionnaire order, one row
    per option; an item without options (a free text) has one row with no option."""
    return [tuple(row) for row in session.execute(
        select(Item.id, Item.key, Item.kind, Item.required, Option.key, Option.id)
        .join(Campaign, Campaign.questionnaire_id == Item.questionnaire_id)
        .outerjoin(Option, Option.item_id == Item.id)
        .where(Campaign.id == campaign_id)
        .order_by(Item.position, Option.position)
    ).all()]
