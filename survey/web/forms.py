"""Reading staff forms into the domain's settings objects (no rules here: the domain checks them)."""
from decimal import Decimal

from werkzeug.datastructures import MultiDict

from ..data.enums import TurnoutFloor
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


def item_edits(campaign: Campaign, form: MultiDict) -> list[editing.ItemEdit]:
    edits = []
    for item in campaign.questionnaire.items:
        prefix = f"{item.key}."
        edits.append(editing.ItemEdit(
            key=item.key, text_zh=form.get(prefix + "text_zh", item.text_zh),
            text_en=form.get(prefix + "text_en", item.text_en),
            weight=_int(form, prefix + "weight", item.weight), required=form.get(prefix + "required") == "1",
            satisfied=frozenset(form.getlist(prefix + "satisfied")),
            scores={o.key: _int(form, f"{prefix}{o.key}.score", o.score) for o in item.options}))
    return edits


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
