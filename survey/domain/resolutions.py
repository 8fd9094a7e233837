"""The sealed result set of a closed congress session and its digest (决议汇总).

Each motion and election is recorded as plain data (the same dictionaries the JSON API returns);
the digest is the SHA-256 of the whole set's canonical JSON (``sealing.canonical``: sorted keys, no
spaces, UTF-8), so anyone holding the printed sheet and the data can check that neither was altered.
"""
import hashlib
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..data.enums import AgendaItemState, CongressState
from ..data.models import Congress, Election, Motion
from . import agenda, congresses
from .congress import CandidateOutcome, ElectionResult, MotionResult
from .errors import Conflict
from .sealing import canonical


def motion_record(motion: Motion, result: MotionResult) -> dict:
    return {
        "id": motion.id, "title": motion.title, "total": result.total, "present": result.present,
        "quorum_met": result.quorum_met, "for": result.for_votes, "against": result.against,
        "abstain": result.abstain, "not_voted": result.not_voted, "absent": result.absent,
        "paper": motion.paper_ballots, "required": result.required, "margin": result.margin,
        "rule": result.rule, "passed": result.passed,
    }


def _candidates(election: Election, outcomes: tuple[CandidateOutcome[int], ...]) -> list[dict]:
    names = {c.id: c.name for c in election.candidates}
    return [{"id": o.candidate, "name": names[o.candidate], "votes": o.votes, "reason": o.reason} for o in outcomes]


def election_record(election: Election, result: ElectionResult[int]) -> dict:
    return {
        "id": election.id, "title": election.title, "seats": result.seats, "total": result.total,
        "present": election.snapshot_present, "quorum_met": election.snapshot_quorum,
        "ballots_cast": result.ballots_cast, "paper": election.paper_ballots, "required": result.required,
        "rule": result.rule, "elected": _candidates(election, result.elected),
        "tied": _candidates(election, result.tied), "not_elected": _candidates(election, result.not_elected),
        "unfilled": result.unfilled,
    }


def digest(record: dict) -> str:
    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Resolution:
    record: dict
    digest: str


def resolution(session: Session, congress: Congress) -> Resolution:
    """The results of every motion and election voted in a closed session, and their digest."""
    if congress.state != CongressState.CLOSED:
        raise Conflict("congress_not_closed")
    closed = [agenda_item for agenda_item in congress.agenda_items if agenda_item.state == AgendaItemState.CLOSED]
    record = {
        "congress": {"id": congress.id, "title": congress.title, "enterprise": congress.enterprise.name,
                     "credit_code": congress.enterprise.credit_code, "delegates": congress.delegate_total,
                     "present": congresses.attendance(session, congress).present},
        "motions": [motion_record(m, agenda.motion_outcome(session, m)) for m in closed if isinstance(m, Motion)],
        "elections": [election_record(e, agenda.election_outcome(session, e))
                      for e in closed if isinstance(e, Election)],
    }
    return Resolution(record, digest(record))
