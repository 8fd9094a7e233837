"""A campaign's form in SQL, as plain rows: the domain builds (and caches) the form from them."""
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from .models import Campaign, Item, Option, Questionnaire

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


def campaign_with_form(session: Session, campaign_id: int) -> Campaign:
    """The campaign with its enterprise, questionnaire, items and options loaded (three queries)."""
    return session.execute(
        select(Campaign).where(Campaign.id == campaign_id)
        .options(joinedload(Campaign.enterprise),
                 selectinload(Campaign.questionnaire, Questionnaire.items, Item.options))
    ).unique().scalar_one()
