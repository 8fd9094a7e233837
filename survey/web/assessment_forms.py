"""Reading the cycle's and the declaration's forms into the domain's values (the domain checks them)."""
from datetime import date
from decimal import Decimal, InvalidOperation

from werkzeug.datastructures import MultiDict

from ..domain import criteria, cycles
from ..domain.errors import Invalid


def _day(form: MultiDict, field: str, errors: dict) -> date | None:
    raw = (form.get(field) or "").strip()
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        errors[field] = "date_format"
        return None


def _whole(form: MultiDict, field: str, default: int, key: str, errors: dict) -> int:
    raw = (form.get(field) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 6:
        errors[field] = key
        return default
    return int(raw)


def _points(raw: str, field: str, errors: dict) -> Decimal | None:
    try:
        return Decimal(raw.strip())
    except InvalidOperation:
        errors[field] = "min_score_range"
        return None


def cycle_settings(form: MultiDict) -> cycles.Settings:
    """Every setting as typed: the calendar's dates, the notice days, a minimum score per level (empty: none),
    the dynamic management's months and days and the board's coverage target."""
    errors: dict[str, str] = {}
    dates = {name: _day(form, name, errors) for name in cycles.DATES}
    minimums = {level: _points(form[f"min_scores.{level}"], f"min_scores.{level}", errors)
                for level in criteria.ALL_LEVELS if (form.get(f"min_scores.{level}") or "").strip()}
    counts = {name: _whole(form, name, getattr(cycles.Settings, name), "setting_range", errors)
              for name in cycles.COUNTS}
    settings = cycles.Settings(**dates, notice_days=_whole(form, "notice_days", 7, "notice_days_range", errors),
                               min_scores=minimums, **counts)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    return settings


def year_of(form: MultiDict) -> int:
    errors: dict[str, str] = {}
    year = _whole(form, "year", 0, "cycle_year_range", errors)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    return year


VETO_CHOICES = {"met": True, "failed": False}


def score_sheet(form: MultiDict, scheme) -> tuple[dict[str, object], dict[str, str]]:
    """(scores, notes) by criterion key: ``points.<key>`` as typed, ``met.<key>`` met / failed; an empty field
    keeps its score."""
    scores: dict[str, object] = {}
    for criterion in scheme:
        if criterion.veto:
            choice = form.get(f"met.{criterion.key}", "")
            if choice in VETO_CHOICES:
                scores[criterion.key] = VETO_CHOICES[choice]
        elif (form.get(f"points.{criterion.key}") or "").strip():
            scores[criterion.key] = form[f"points.{criterion.key}"].strip()
    notes = {criterion.key: form[f"note.{criterion.key}"] for criterion in scheme if f"note.{criterion.key}" in form}
    return scores, notes


def attendees(form: MultiDict, categories) -> dict[str, int]:
    counted = {}
    for category in categories:
        raw = (form.get(f"attendees.{category}") or "").strip() or "0"
        if not raw.isdigit() or len(raw) > 6:
            raise Invalid("invalid_input", errors={f"attendees.{category}": "forum_attendees"})
        counted[category] = int(raw)
    return counted


def day_field(form: MultiDict, field: str) -> date:
    errors: dict[str, str] = {}
    day = _day(form, field, errors)
    if errors or day is None:
        raise Invalid("invalid_input", errors={field: "date_format"})
    return day


def score_field(form: MultiDict, field: str) -> Decimal | None:
    """An optional score as typed (the domain bounds it); empty: none."""
    raw = (form.get(field) or "").strip()
    if not raw:
        return None
    errors: dict[str, str] = {}
    score = _points(raw, field, errors)
    if errors or not score.is_finite():
        raise Invalid("invalid_input", errors={field: "criterion_score_range"})
    return score


SCHEME_FIELDS = ("key", "area", "text_zh", "text_en", "evidence_zh", "evidence_en")


def scheme(form: MultiDict) -> list[criteria.CriterionSpec]:
    """The criteria rows of the scheme form in their order (``key.0``, ``text_zh.0``, … ``max_points.0``,
    ``veto.0``): a row marked ``remove`` and a new row left without key are left out."""
    specs, errors = [], {}
    rows = sorted({int(name.split(".")[1]) for name in form if name.startswith("key.") and name[4:].isdigit()})
    for row in rows:
        values = {field: (form.get(f"{field}.{row}") or "").strip() for field in SCHEME_FIELDS}
        if form.get(f"remove.{row}") or not values["key"]:
            continue
        veto = form.get(f"veto.{row}") == "1"
        try:
            points = Decimal(form.get(f"max_points.{row}") or "0")
        except InvalidOperation:
            errors[f"criteria.{len(specs) + 1}"] = "criterion_points"
            points = Decimal(0)
        specs.append(criteria.CriterionSpec(values["key"], values["area"] or values["key"], values["text_zh"],
                                            values["text_en"], Decimal(0) if veto else points,
                                            values["evidence_zh"], values["evidence_en"], veto))
    if errors:
        raise Invalid("invalid_input", errors=errors)
    return specs
