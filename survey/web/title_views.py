"""Shared by the title pages and the titles API: loading a named enterprise's title for its assessors, each
move with the day it happens, and the title, its spot checks and the board as plain dictionaries."""
from collections.abc import Callable

from markupsafe import Markup

from ..data.models import Title, TitleCheck, User
from ..domain import board, titles
from ..extensions import db
from ..messages import TITLE_STATES
from .common import enterprise_for, local_today
from .naming_words import certificate_of
from .presenters import decimal


def title_for(user: User, enterprise_id: int) -> Title:
    """The enterprise's current title, for an assessor of the naming jurisdiction or above it (or an admin):
    404 for an unknown enterprise or one never named, 403 for anyone else."""
    enterprise = enterprise_for(user, enterprise_id)
    found = titles.current(db(), enterprise)
    titles.require_assessor(db(), user, found)
    return found


# each move by the name the API and the pages use, with what it reads from the request's fields
ACTIONS: dict[str, Callable[[User, Title, dict], Title]] = {
    "yellow_card": lambda user, t, body: titles.yellow_card(db(), user, t, body.get("reasons") or [],
                                                            body.get("deadline"), local_today()),
    "rectified": lambda user, t, body: titles.rectified(db(), user, t, body.get("finding", ""), local_today()),
    "delist": lambda user, t, body: titles.delist(db(), user, t, body.get("finding", ""), local_today()),
    "revoke": lambda user, t, body: titles.revoke(db(), user, t, body.get("event", ""), body["date"],
                                                  body.get("description", ""), local_today(), body.get("source")),
}


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _username(user_id: int) -> str:
    user = db().get(User, user_id)
    return user.username if user else ""


def check_json(check: TitleCheck) -> dict:
    return {"id": check.id, "date": _day(check.day), "method": check.method, "findings": check.findings,
            "score": None if check.score is None else f"{check.score:.2f}", "vote": check.campaign_id,
            "by": _username(check.user_id)}


def title_json(title: Title) -> dict:
    declaration = title.declaration
    return {"state": title.state, "state_text": str(TITLE_STATES[title.state]), "level": declaration.level,
            "deadline": _day(title.deadline), "reasons": title.reasons, "enterprise_id": title.enterprise_id,
            "enterprise": declaration.enterprise.name, "year": declaration.cycle.year,
            "jurisdiction_id": declaration.cycle.jurisdiction_id, "declaration": declaration.id,
            "certificate": certificate_of(declaration).number, "ended_on": _day(title.ended_on),
            "event": title.event, "event_on": _day(title.event_on), "event_source": title.event_source,
            "red_cases": [{"id": case.id, "reported_on": _day(case.report.reported_on), "due_on": _day(case.due_on)}
                          for case in titles.red_cases(db(), title)],
            "checks": [check_json(check) for check in titles.checks_of(db(), title)],
            "history": [{"from": e.from_state, "to": e.to_state, "by": _username(e.user_id), "day": _day(e.day),
                         "note": e.note} for e in title.events]}


def _figure(value) -> str | None:
    return None if value is None else str(value)


def board_json(found: board.Board) -> dict:
    return {"jurisdiction": found.jurisdiction_id, "name": found.name, "target": found.target,
            "areas": [{"jurisdiction": a.jurisdiction_id, "name": a.name, "enterprises": a.enterprises,
                       "levels": a.levels, "holding": a.holding, "coverage": decimal(a.coverage),
                       "meets_target": a.coverage is not None and a.coverage * 100 >= found.target,
                       "yellow_cards": a.yellow_cards, "due": a.due} for a in found.areas],
            "enterprises": [{"id": r.enterprise_id, "name": r.name, "method": r.method,
                             "composite": _figure(r.composite), "turnout": _figure(r.turnout), "ballots": r.ballots,
                             "spot_check": _figure(r.spot_check), "discrepancy": _figure(r.discrepancy),
                             "hidden": r.hidden} for r in found.rows],
            "items": found.items,
            "heat": [{"id": r.enterprise_id, "hidden": r.hidden,
                      "rates": None if r.hidden else [_figure(r.items.get(key)) for key in found.items]}
                     for r in found.rows]}


def heat_cells(row: board.Row, items: list[str]) -> Markup:
    """A heat-table row's cells (below 80: low), joined here rather than by the template: a city's board
    shows 16,000 of them. Only figures go in, nothing to escape."""
    cells = []
    for key in items:
        value = row.items.get(key)
        cells.append('<td class="">—</td>' if value is None else
                     f'<td class="{"heat-low" if value < 80 else "heat-high"}">{"%.1f" % value}</td>')
    return Markup("".join(cells))
