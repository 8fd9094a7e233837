"""Checking a worker's answers against the frozen form of an open vote (pure, no database)."""
from dataclasses import dataclass

from ..data.forms import Form, FormItem

TEXT_LIMIT = 1000


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
    if item.kind == "text":
        return (None, "too_long") if len(value) > TEXT_LIMIT else ((item.id, None, value), None)
    option_id = item.options.get(value)
    return (None, "not_an_option") if option_id is None else ((item.id, option_id, None), None)


def check_answers(form: Form, answers: dict) -> CheckedAnswers:
    """Validate `{item_key: option_key | text}`; unknown keys are an error, skipped items are not."""
    errors = {key: "unknown_item" for key in answers if key not in {i.key for i in form.items}}
    rows, valid = [], False
    for item in form.items:
        row, error = _check_item(item, answers.get(item.key))
        if error:
            errors[item.key] = error
        elif row:
            rows.append(row)
            valid = valid or item.kind == "scored"
    return CheckedAnswers(tuple(rows), valid, errors)
