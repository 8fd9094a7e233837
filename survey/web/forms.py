"""Reading staff forms into the domain's settings objects (no rules here: the domain checks them)."""
from decimal import Decimal

from werkzeug.datastructures import MultiDict

from ..data.enums import ItemKind, TurnoutFloor
from ..data.models import Campaign
from ..domain import campaigns, editing
from ..domain.errors import Invalid
from .common import parse_time
from .schemas import form_percent


def _int(form: MultiDict, field: str, default: int | None = None) -> int | None:
    raw = (form.get(field) or "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise Invalid("invalid_input", errors={field: f"{field.split('.')[-1]}_range"})


def _decimal(raw: str, field: str) -> Decimal:
    try:
        return form_percent(raw)
    except ValueError:
        raise Invalid("invalid_input", errors={field: "threshold_range"}) from None


def campaign_settings(form: MultiDict) -> campaigns.Settings:
    return campaigns.Settings(
        title=form.get("title", ""), electorate=_int(form, "electorate"), scale=_int(form, "scale", 3),
        ask_department=form.get("ask_department") == "1", method=form.get("method", "rate"),
        threshold=_decimal(form.get("threshold") or "80", "threshold"),
        turnout_floor=form.get("turnout_floor", TurnoutFloor.MAJORITY),
        opens_at=parse_time(form.get("opens_at"), "opens_at"), closes_at=parse_time(form.get("closes_at"), "closes_at"))


def _whole(form: MultiDict, field: str, default: int) -> int | None:
    """A whole number from the form, the default when the field is absent, None when it is not one
    (the domain then names the field: every bad value of a save is reported at once)."""
    try:
        return _int(form, field, default)
    except Invalid:
        return None


def item_edits(campaign: Campaign, form: MultiDict) -> list[editing.ItemEdit]:
    """The items the form holds fields of, as submitted; any other item and any field missing from
    the form keep their stored values."""
    edits = []
    for item in campaign.questionnaire.items:
        prefix = f"{item.key}."
        if not any(field.startswith(prefix) for field in form):
            continue
        satisfied = set(form.getlist(prefix + "satisfied"))
        edits.append(editing.ItemEdit(
            key=item.key, text_zh=form.get(prefix + "text_zh", item.text_zh),
            text_en=form.get(prefix + "text_en", item.text_en),
            weight=_whole(form, prefix + "weight", item.weight), required=form.get(prefix + "required") == "1",
            options=tuple(editing.OptionEdit(
                key=o.key, text_zh=form.get(f"{prefix}{o.key}.text_zh", o.text_zh),
                text_en=form.get(f"{prefix}{o.key}.text_en", o.text_en), satisfied=o.key in satisfied,
                score=_whole(form, f"{prefix}{o.key}.score", o.score)) for o in item.options)))
    return edits


def new_item(form: MultiDict) -> editing.NewItem:
    """The add-a-question form: a profile question's options one per line, blank lines skipped."""
    return editing.NewItem(
        kind=form.get("new_kind", ItemKind.SCORED), text_zh=form.get("new_zh", ""), text_en=form.get("new_en", ""),
        options=tuple(line for line in form.get("new_options", "").splitlines() if line.strip()))


def _limits(form: MultiDict, campaign: Campaign, name: str) -> dict[str, Decimal]:
    limits = {}
    for item in campaign.questionnaire.items:
        raw = (form.get(f"{name}.{item.key}") or "").strip()
        if raw:
            limits[item.key] = _decimal(raw, f"{name}.{item.key}")
    return limits


def counting_edit(campaign: Campaign, form: MultiDict) -> editing.CountingEdit:
    return editing.CountingEdit(
        method=form.get("method", campaign.method),
        threshold=_decimal(form.get("threshold") or str(campaign.threshold), "threshold"),
        turnout_floor=form.get("turnout_floor", campaign.turnout_floor),
        floors=_limits(form, campaign, "floors"), vetoes=_limits(form, campaign, "vetoes"),
        electorate=_int(form, "electorate"),
        opens_at=parse_time(form.get("opens_at"), "opens_at"), closes_at=parse_time(form.get("closes_at"), "closes_at"))
