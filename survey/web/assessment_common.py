"""Shared by the assessor's and the chair's declaration pages and the declarations API: loading cycles and
declarations with access checks, their plain dictionaries, the evidence folder."""
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from flask import Response, current_app

from ..data import declarations as store
from ..data import evidence_files
from ..data.models import Cycle, Declaration, User
from ..domain import access, assessing, cycles, declarations, scoring, seals
from ..domain.errors import Forbidden, NotFound
from ..extensions import db
from .common import local_time, local_today, localized, utcnow
from .downloads import download
from .naming_words import spot_check_json
from .presenters import decimal


def cycle_for(user: User, cycle_id: int, manage: bool = False) -> Cycle:
    """The cycle if the user administers its jurisdiction (``manage``), or may declare in it (a chair of an
    enterprise below it) or administers it (reading)."""
    cycle = db().get(Cycle, cycle_id)
    if cycle is None:
        raise NotFound("not_found")
    if access.administers(db(), user, cycle.jurisdiction_id):
        return cycle
    if not manage and cycle in cycles.visible(db(), user):
        return cycle
    raise Forbidden("forbidden")


def declaration_for(user: User, declaration_id: int) -> Declaration:
    """The declaration if the user is its enterprise's chair or an assessor of its cycle (or an admin)."""
    declaration = db().get(Declaration, declaration_id)
    if declaration is None:
        raise NotFound("not_found")
    declarations.require_see(db(), user, declaration)
    return declaration


# Each move of a declaration (``declarations.MOVES``) with the day and time it happens.
MOVES: dict[str, Callable[[User, Declaration, str], Declaration]] = {
    "submit": lambda user, d, note: declarations.submit(db(), user, d, local_today(), utcnow(), note),
    "withdraw": lambda user, d, note: declarations.withdraw(db(), user, d, utcnow(), note),
    "return": lambda user, d, note: declarations.return_(db(), user, d, utcnow(), note),
    "assess": lambda user, d, note: declarations.assess(db(), user, d, utcnow(), note),
    "disqualify": lambda user, d, note: declarations.disqualify(db(), user, d, utcnow(), note),
    "conclude": lambda user, d, note: declarations.conclude(db(), user, d, utcnow(), note),
    "review": lambda user, d, note: declarations.review(db(), user, d, utcnow(), note),
    "notice": lambda user, d, note: declarations.notice(db(), user, d, local_today(), utcnow(), note),
    "name": lambda user, d, note: declarations.name(db(), user, d, local_today(), utcnow(), note),
}


def evidence_dir() -> Path:
    return Path(current_app.config["EVIDENCE_DIR"] or Path(current_app.instance_path) / "evidence")


def evidence_download(user: User, declaration: Declaration, evidence_id: int) -> Response:
    """An evidence file of the declaration, as stored, with the type its first bytes told."""
    evidence = assessing.evidence_for(db(), user, declaration, evidence_id)
    return download(evidence_files.read(evidence_dir(), evidence.sha256), evidence.content_type, evidence.filename,
                    f"evidence-{evidence.id}")


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _moment(moment) -> str | None:
    return local_time(moment).isoformat() if moment else None


def criterion_json(criterion) -> dict:
    return {"key": criterion.key, "area": criterion.area, "text": localized(criterion),
            "text_zh": criterion.text_zh, "text_en": criterion.text_en, "max_points": str(criterion.max_points),
            "veto": criterion.veto, "evidence": localized(criterion, "evidence"), "levels": criterion.levels}


def cycle_json(cycle: Cycle) -> dict:
    return {"id": cycle.id, "jurisdiction_id": cycle.jurisdiction_id, "year": cycle.year,
            **{name: _day(getattr(cycle, name)) for name in cycles.DATES},
            "notice_days": cycle.notice_days, "min_scores": cycle.min_scores or {},
            **{name: getattr(cycle, name) for name in cycles.COUNTS},
            "example_scheme": cycle.example_scheme, "scheme_frozen": cycles.scheme_frozen(db(), cycle),
            "criteria": [criterion_json(c) for c in cycle.criteria]}


def change_json(change) -> dict:
    return {"setting": change.setting, "old": change.old, "new": change.new, "by": _username(change.user_id),
            "at": _moment(change.at)}


def _username(user_id: int) -> str:
    user = db().get(User, user_id)
    return user.username if user else ""


def self_check_json(declaration: Declaration) -> dict:
    """The sealed self-check vote the declaration carries, as its seal states it."""
    sealed = seals.seal_if_closed(db(), declaration.campaign)
    summary = sealed.summary if sealed else {}
    composite = Fraction(summary["composite"]) if summary.get("composite") else None
    rate = summary.get("method") == "rate"
    return {"vote": declaration.campaign_id, "title": declaration.campaign.title,
            "seal_sha256": declaration.seal_sha256,
            "composite_rate": decimal(composite) if rate else None,
            "composite_score": None if rate else decimal(composite),
            "ballots": summary.get("cast"), "electorate": summary.get("electorate"),
            "qualified": summary.get("qualified"), "electorate_source": declaration.campaign.electorate_source}


def summary_json(declaration: Declaration) -> dict:
    """A line of a cycle's list of declarations."""
    assessed = declarations.score_of(db(), declaration)
    return {"id": declaration.id, "cycle": declaration.cycle_id, "enterprise_id": declaration.enterprise_id,
            "enterprise": declaration.enterprise.name, "credit_code": declaration.enterprise.credit_code,
            "level": declaration.level, "state": declaration.state, "notice_ends": _day(declaration.notice_ends),
            "score": None if assessed.missing else str(assessed.total), "vetoes_failed": list(assessed.vetoes_failed)}


def _scores_json(declaration: Declaration) -> list[dict]:
    scored = store.scores_of(db(), declaration.id)
    rows = []
    for criterion in scoring.applying(declaration.cycle.criteria, declaration.level):
        found = scored.get(criterion.key)
        own, given = (None, None) if found is None else (found.self_met, found.met) if criterion.veto \
            else (found.self_points, found.points)
        rows.append({"key": criterion.key, "veto": criterion.veto, "max_points": str(criterion.max_points),
                     "self": _value(own), "assessed": _value(given), "note": found.note if found else ""})
    return rows


def _value(value):
    return value if value is None or isinstance(value, bool) else str(value)


def declaration_json(declaration: Declaration) -> dict:
    session = db()
    own = declarations.score_of(session, declaration, own=True)
    return summary_json(declaration) | {
        "vote": declaration.campaign_id, "seal_sha256": declaration.seal_sha256,
        "self_score": None if own.missing else str(own.total), "max_score": str(own.max_total),
        "self_check": self_check_json(declaration), "spot_check": spot_check_json(declaration),
        "scores": _scores_json(declaration),
        "evidence": [{"id": e.id, "criterion": _criterion_key(declaration, e.criterion_id), "filename": e.filename,
                      "content_type": e.content_type, "size": e.size, "sha256": e.sha256}
                     for e in store.evidence_of(session, declaration.id)],
        "documents": [{"documents": d.documents, "finding": d.finding, "day": _day(d.day), "by": _username(d.user_id)}
                      for d in store.documents_of(session, declaration.id)],
        "forums": [{"held_on": _day(f.held_on), "place": f.place, "attendees": f.attendees, "issues": f.issues,
                    "by": _username(f.user_id)} for f in store.forums_of(session, declaration.id)],
        "history": [{"from": e.from_state, "to": e.to_state, "by": _username(e.user_id), "at": _moment(e.at),
                     "note": e.note} for e in declaration.events],
    }


def _criterion_key(declaration: Declaration, criterion_id: int) -> str | None:
    return next((c.key for c in declaration.cycle.criteria if c.id == criterion_id), None)


def sign_off_json(signed) -> dict:
    return {"id": signed.id, "department": signed.department, "opinion": signed.opinion, "day": _day(signed.day),
            "by": _username(signed.user_id)}
