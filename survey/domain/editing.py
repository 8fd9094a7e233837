"""Editing a draft vote: its questionnaire (copy, items, options) and its counting settings."""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from ..data.enums import ElectorateSource, ItemKind
from ..data.models import Campaign, Item
from . import campaigns, questionnaire
from .errors import Invalid


@dataclass(frozen=True)
class ItemEdit:
    key: str
    text_zh: str
    text_en: str
    weight: int
    required: bool
    satisfied: frozenset[str]  # option keys that count as satisfied
    scores: dict[str, int]  # option key → 0–100


def _check_item(item: Item, edit: ItemEdit) -> dict[str, str]:
    errors = {}
    if not edit.text_zh.strip() or not edit.text_en.strip():
        errors[f"{item.key}.text"] = "text_required"
    if not 0 <= edit.weight <= 100:
        errors[f"{item.key}.weight"] = "weight_range"
    if any(not 0 <= score <= 100 for score in edit.scores.values()):
        errors[f"{item.key}.score"] = "score_range"
    return errors


def edit_items(campaign: Campaign, edits: list[ItemEdit]) -> None:
    """Apply all edits or none."""
    campaigns.require_draft(campaign)
    items = {item.key: item for item in campaign.questionnaire.items}
    errors: dict[str, str] = {}
    for edit in edits:
        if edit.key not in items:
            errors[edit.key] = "unknown_item"
        else:
            errors.update(_check_item(items[edit.key], edit))
    if errors:
        raise Invalid("invalid_input", errors=errors)
    for edit in edits:
        item = items[edit.key]
        item.text_zh, item.text_en = edit.text_zh.strip(), edit.text_en.strip()
        item.weight, item.required = edit.weight, edit.required
        for option in item.options:
            if item.kind == ItemKind.SCORED:
                option.satisfied = option.key in edit.satisfied
                option.score = edit.scores.get(option.key, option.score)


def remove_item(campaign: Campaign, key: str) -> None:
    campaigns.require_draft(campaign)
    campaign.questionnaire.items[:] = [i for i in campaign.questionnaire.items if i.key != key]


def add_item(campaign: Campaign, text_zh: str, text_en: str) -> Item:
    """A new scored item on the questionnaire's scale, at the end of the scored items."""
    campaigns.require_draft(campaign)
    if not text_zh.strip() or not text_en.strip():
        raise Invalid("invalid_input", errors={"new.text": "text_required"})
    items = campaign.questionnaire.items
    taken = {item.key for item in items}
    key = next(f"q{n}" for n in range(1, len(items) + 2) if f"q{n}" not in taken)
    spec = questionnaire.ItemSpec(key, ItemKind.SCORED, text_zh.strip(), text_en.strip(),
                                  options=questionnaire.SCALES[campaign.questionnaire.scale])
    position = max((i.position for i in items if i.kind != ItemKind.TEXT), default=-1) + 1
    for other in items:
        if other.position >= position:
            other.position += 1
    item = campaigns.build_item(spec, position)
    items.append(item)
    items.sort(key=lambda i: i.position)
    return item


def copy_questionnaire(session: Session, campaign: Campaign, source: Campaign) -> None:
    """Replace the draft's questionnaire with a copy of another vote's."""
    campaigns.require_draft(campaign)
    old = campaign.questionnaire
    copy = campaigns.build_questionnaire(
        tuple(questionnaire.ItemSpec(
            i.key, i.kind, i.text_zh, i.text_en, i.weight, i.required,
            tuple(questionnaire.OptionSpec(o.key, o.text_zh, o.text_en, o.satisfied, o.score) for o in i.options))
            for i in source.questionnaire.items),
        source.questionnaire.scale)
    campaign.questionnaire = copy
    session.flush()
    session.delete(old)


@dataclass(frozen=True)
class CountingEdit:
    method: str
    threshold: Decimal
    floors: dict[str, Decimal]
    vetoes: dict[str, Decimal]
    turnout_floor: str
    electorate: int | None
    opens_at: datetime | None
    closes_at: datetime | None


def edit_counting(campaign: Campaign, edit: CountingEdit) -> None:
    campaigns.require_draft(campaign)
    errors = campaigns.check_settings(campaigns.Settings(
        title=campaign.title, electorate=edit.electorate, method=edit.method, threshold=edit.threshold,
        turnout_floor=edit.turnout_floor, opens_at=edit.opens_at, closes_at=edit.closes_at))
    scored = {item.key for item in campaign.questionnaire.items if item.kind == ItemKind.SCORED}
    for name, limits in (("floors", edit.floors), ("vetoes", edit.vetoes)):
        for key, value in limits.items():
            if key not in scored or not Decimal(0) <= value <= Decimal(100):
                errors[f"{name}.{key}"] = "threshold_range"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    campaign.method, campaign.threshold, campaign.turnout_floor = edit.method, edit.threshold, edit.turnout_floor
    campaign.floors = {k: str(v) for k, v in edit.floors.items()}
    campaign.vetoes = {k: str(v) for k, v in edit.vetoes.items()}
    if edit.electorate:
        campaign.electorate, campaign.electorate_source = edit.electorate, ElectorateSource.GIVEN
    campaign.opens_at, campaign.closes_at = edit.opens_at, edit.closes_at


