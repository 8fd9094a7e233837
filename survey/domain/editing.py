"""Editing a draft vote: its questionnaire (copy, items, options) and its counting settings."""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from ..data.enums import ElectorateSource, ItemKind
from ..data.models import Campaign, Item
from . import campaigns, questionnaire
from .errors import Invalid

MAX_OPTION_TEXT = 200  # the option text column's length
PROFILE_OPTIONS = (2, 20)  # a profile question offers this many options, at least and at most


@dataclass(frozen=True)
class OptionEdit:
    key: str
    text_zh: str
    text_en: str  # blank: the Chinese text stands in
    satisfied: bool
    score: int | None  # 0–100; None when the form held no whole number


@dataclass(frozen=True)
class ItemEdit:
    key: str
    text_zh: str
    text_en: str  # blank: the Chinese text stands in
    weight: int | None  # None when the form held no whole number
    required: bool
    options: tuple[OptionEdit, ...] = ()


@dataclass(frozen=True)
class NewItem:
    """A question to add: scored on the questionnaire's scale, or a profile question with its options."""

    kind: str
    text_zh: str
    text_en: str = ""
    options: tuple[str, ...] = ()  # a profile question's option texts (Chinese), in order


def _texts(zh: str, en: str) -> tuple[str, str]:
    """(Chinese, English) as stored: English is optional and falls back to the Chinese text."""
    return zh.strip(), en.strip() or zh.strip()


def _text_error(text: str, limit: int | None = None) -> str | None:
    if not text.strip():
        return "text_required"
    if any(ord(char) < 32 and char not in "\t\n\r" for char in text):
        return "unstorable_text"
    if limit is not None and len(text.strip()) > limit:
        return "option_text_length"
    return None


def _texts_errors(prefix: str, zh: str, en: str, limit: int | None = None) -> dict[str, str]:
    """The Chinese text is needed; the English one only checked when given."""
    found = {f"{prefix}text_zh": _text_error(zh, limit), f"{prefix}text_en": en.strip() and _text_error(en, limit)}
    return {field: error for field, error in found.items() if error}


def _check_item(item: Item, edit: ItemEdit) -> dict[str, str]:
    """Errors of one item's edit, keyed "<item>.<field>" or "<item>.<option>.<field>"."""
    errors = _texts_errors(f"{item.key}.", edit.text_zh, edit.text_en)
    if item.kind == ItemKind.SCORED and (edit.weight is None or not 0 <= edit.weight <= 100):
        errors[f"{item.key}.weight"] = "weight_range"
    for option in edit.options:
        errors.update(_texts_errors(f"{item.key}.{option.key}.", option.text_zh, option.text_en, MAX_OPTION_TEXT))
        if item.kind == ItemKind.SCORED and (option.score is None or not 0 <= option.score <= 100):
            errors[f"{item.key}.{option.key}.score"] = "score_range"
    return errors


def _after(item: Item, edit: ItemEdit) -> tuple:
    """What the item would hold after the edit: (texts…, weight, required, option tuples)."""
    scored = item.kind == ItemKind.SCORED
    changes = {option.key: option for option in edit.options}

    def option_after(option) -> tuple:
        change = changes.get(option.key)
        if change is None:
            return option.text_zh, option.text_en, option.satisfied, option.score
        return (*_texts(change.text_zh, change.text_en), change.satisfied if scored else option.satisfied,
                change.score if scored else option.score)
    return (*_texts(edit.text_zh, edit.text_en), edit.weight if scored else item.weight, edit.required,
            tuple(option_after(option) for option in item.options))


def _state(item: Item) -> tuple:
    return (item.text_zh, item.text_en, item.weight, item.required,
            tuple((o.text_zh, o.text_en, o.satisfied, o.score) for o in item.options))


def changed_items(campaign: Campaign, edits: list[ItemEdit]) -> list[str]:
    """The keys of the items that these edits change, checked or not (the editor opens them)."""
    items = {item.key: item for item in campaign.questionnaire.items}
    return [edit.key for edit in edits if edit.key in items and _after(items[edit.key], edit) != _state(items[edit.key])]


def edit_items(campaign: Campaign, edits: list[ItemEdit]) -> list[str]:
    """Apply all edits or none; the keys of the items that changed.

    Every bad value of the save is reported at once (``invalid_input`` with the field of each),
    and nothing is stored while any is bad: the form shows the whole save again to correct.
    """
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
    changed = changed_items(campaign, edits)
    for edit in edits:
        item = items[edit.key]
        item.text_zh, item.text_en, item.weight, item.required, options = _after(item, edit)
        for option, values in zip(item.options, options):
            option.text_zh, option.text_en, option.satisfied, option.score = values
    return changed


def remove_item(campaign: Campaign, key: str) -> None:
    campaigns.require_draft(campaign)
    campaign.questionnaire.items[:] = [i for i in campaign.questionnaire.items if i.key != key]


def _check_new(new: NewItem) -> dict[str, str]:
    errors = {}
    if new.kind not in (ItemKind.SCORED, ItemKind.PROFILE):
        errors["new.kind"] = "item_kind_choice"
    errors.update(_texts_errors("new.", new.text_zh, new.text_en))
    if new.kind == ItemKind.PROFILE:
        texts = [text.strip() for text in new.options]
        low, high = PROFILE_OPTIONS
        if (not low <= len(texts) <= high or len(set(texts)) < len(texts)
                or any(_text_error(text, MAX_OPTION_TEXT) for text in texts)):
            errors["new.options"] = "profile_options"
    return errors


def _options(campaign: Campaign, new: NewItem) -> tuple[questionnaire.OptionSpec, ...]:
    if new.kind == ItemKind.SCORED:
        return questionnaire.SCALES[campaign.questionnaire.scale]
    return tuple(questionnaire.OptionSpec(f"o{n}", text.strip(), text.strip(), False, 0)
                 for n, text in enumerate(new.options, 1))


def add_item(campaign: Campaign, new: NewItem) -> Item:
    """A new item before the free-text ones: a scored item on the questionnaire's scale, or an
    unscored profile question (基本情况) with its own options, weight 0 and never counted."""
    campaigns.require_draft(campaign)
    if errors := _check_new(new):
        raise Invalid("invalid_input", errors=errors)
    items = campaign.questionnaire.items
    taken = {item.key for item in items}
    key = next(f"q{n}" for n in range(1, len(items) + 2) if f"q{n}" not in taken)
    spec = questionnaire.ItemSpec(key, new.kind, *_texts(new.text_zh, new.text_en),
                                  weight=1 if new.kind == ItemKind.SCORED else 0, options=_options(campaign, new))
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


