"""Mediation in JSON, for the API and the pages: a body, a case as those who see its body see it, the
short link a concern or a warning case shows (no party in it), and the parties as typed in a form."""
from flask import request

from ..data.models import MediationBody, MediationCase
from ..domain.mediation import Parties
from ..extensions import db


def posted_parties() -> Parties:
    """The parties and the claim as typed in a form."""
    return Parties(request.form.get("worker_party", ""), request.form.get("employer_party", ""),
                   request.form.get("claim", ""))


def body_json(body: MediationBody) -> dict:
    return {"id": body.id, "name": body.name, "level": body.level, "jurisdiction_id": body.jurisdiction_id,
            "enterprise_id": body.enterprise_id,
            "mediators": [{"id": m.id, "name": m.name, "account_id": m.account_id} for m in body.mediators]}


def link_json(case: MediationCase | None) -> dict | None:
    """What a concern or a warning case shows of the mediation it went to: never the parties."""
    if case is None:
        return None
    return {"id": case.id, "body": db().get(MediationBody, case.body_id).name, "state": case.state,
            "received_on": case.received_on.isoformat()}


def source_json(case: MediationCase) -> dict | None:
    """Where a case came from: a concern (its category and day only) or a warning case."""
    if case.concern_id is not None:
        return {"kind": "concern", "id": case.concern_id}
    if case.warning_case_id is not None:
        return {"kind": "warning_case", "id": case.warning_case_id}
    return None


def case_json(case: MediationCase) -> dict:
    return {"id": case.id, "body_id": case.body_id, "state": case.state, "worker_party": case.worker_party,
            "employer_party": case.employer_party, "claim": case.claim, "received_on": case.received_on.isoformat(),
            "closed_on": case.closed_on and case.closed_on.isoformat(), "terms": case.terms,
            "note": case.outcome_note, "mediator_id": case.mediator_id, "source": source_json(case),
            "sessions": [{"held_on": s.held_on.isoformat(), "place": s.place, "notes": s.notes} for s in case.sessions],
            "history": [{"from": e.from_state, "to": e.to_state, "by": e.user_id, "day": e.day.isoformat()}
                        for e in case.events]}
