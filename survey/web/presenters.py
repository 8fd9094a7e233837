"""Plain dictionaries for the JSON API (and CSV/PDF exports): rates as decimals, 0.8 for 80%."""
from fractions import Fraction

from ..data.models import Campaign
from ..domain.campaigns import Results
from .common import local_time, localized


def decimal(value: Fraction | None, digits: int = 6) -> float | None:
    return None if value is None else round(float(value), digits)


def _iso(moment) -> str | None:
    return local_time(moment).isoformat() if moment else None


def campaign_json(campaign: Campaign) -> dict:
    return {
        "id": campaign.id, "enterprise_id": campaign.enterprise_id, "title": campaign.title,
        "state": campaign.state, "electorate": campaign.electorate,
        "electorate_source": campaign.electorate_source, "method": campaign.method,
        "threshold": str(campaign.threshold), "turnout_floor": campaign.turnout_floor, "floors": campaign.floors or {}, "vetoes": campaign.vetoes or {},
        "opens_at": _iso(campaign.opens_at), "closes_at": _iso(campaign.closes_at),
        "closed_at": _iso(campaign.closed_at),
    }


def form_json(campaign: Campaign) -> dict:
    return {
        "campaign_id": campaign.id, "title": localized(campaign.questionnaire, "title"),
        "scale": campaign.questionnaire.scale,
        "items": [{
            "key": item.key, "kind": item.kind, "text": localized(item), "required": item.required,
            "weight": item.weight,
            "options": [{"key": o.key, "text": localized(o), "satisfied": o.satisfied, "score": o.score}
                        for o in item.options],
        } for item in campaign.questionnaire.items],
    }


def results_json(campaign: Campaign, results: Results) -> dict:
    tally, turnout = results.tally, results.turnout
    rate_method = tally.method == "rate"
    return {
        "campaign_id": campaign.id, "method": tally.method,
        "electorate": turnout.electorate, "electorate_source": campaign.electorate_source,
        "cast": turnout.cast, "valid": turnout.valid, "turnout": decimal(turnout.rate), "codes": turnout.codes,
        "composite_rate": decimal(tally.composite) if rate_method else None,
        "composite_score": None if rate_method else decimal(tally.composite),
        "composite_exact": str(tally.composite) if tally.composite is not None else None,
        "threshold": decimal(tally.threshold), "turnout_floor": tally.turnout_floor,
        "qualified": tally.qualified, "verdict": tally.verdict, "reasons": list(tally.reasons),
        "items": [{
            "key": item.key, "weight": item.weight, "answered": item.answered, "satisfied": item.satisfied,
            "rate": decimal(item.rate),
            "value": decimal(item.value), "floor": decimal(item.floor), "veto": decimal(item.veto),
            "meets_floor": item.meets_floor, "passes_veto": item.passes_veto,
            "distribution": results.distribution.get(item.key, {}),
        } for item in tally.items],
    }
