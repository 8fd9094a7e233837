"""Checking a worker's answers against the frozen form of an open vote (pure, no database)."""
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from ..data.enums import ItemKind

TEXT_LIMIT = 1000


@dataclass(frozen=True)
class FormItem:
    id: int
    key: str
    kind: str
    required: bool
    options: dict[str, int]  # option key → option id


@dataclass(frozen=True)
class Form:
    """What a ballot of one campaign may answer (表单): its items and their options' ids."""

    campaign_id: int
    items: tuple[FormItem, ...]

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(item.key for item in self.items)


def build_form(campaign_id: int, rows: Iterable[tuple[int, str, str, bool, str | None, int | None]]) -> Form:
    """The form from (item id, key, kind, required, option key, option id) rows in questionnaire order."""
    items: dict[int, FormItem] = {}
    for item_id, key, kind, required, option_key, option_id in rows:
        item = items.setdefault(item_id, FormItem(item_id, key, kind, required, {}))
        if option_id is not None:
            item.options[option_key] = option_id
    return Form(campaign_id, tuple(items.values()))


@dataclass(frozen=True)
class CheckedAnswers:
    rows: tuple[tuple[int, int | None, str | None], ...]  # (item id, option id, text)
    valid: bool  # at least one scored answer
    errors: dict[str, str]  # item key → message key


def _check_item(item: FormItem, raw: object) -> tuple[tuple | None, str | None]:
    value = raw.strip() if isinstance(raw, str) else raw
    if value in (None, ""):
        return None, ("required" if item.required else None)
    if not isinstance(value, str):
        return None, "not_an_option"
    if item.kind == ItemKind.TEXT:
        return (None, "too_long") if len(value) > TEXT_LIMIT else ((item.id, None, value), None)
    option_id = item.options.get(value)
    return (None, "not_an_option") if option_id is None else ((item.id, option_id, None), None)


def check_answers(form: Form, answers: dict) -> CheckedAnswers:
    """Validate `{item_key: option_key | text}`; unknown keys are an error, skipped items are not."""
    errors = {key: "unknown_item" for key in answers if key not in form.keys}
    rows, valid = [], False
    for item in form.items:
        row, error = _check_item(item, answers.get(item.key))
        if error:
            errors[item.key] = error
        elif row:
            rows.append(row)
            valid = valid or item.kind == ItemKind.SCORED
    return CheckedAnswers(tuple(rows), valid, errors)
