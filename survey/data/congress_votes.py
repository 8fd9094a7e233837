"""Congress ballots in SQL: the hot path (code consumed with the ballot insert) and the counts."""
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from .enums import AgendaItemState
from .models import AgendaItem, Candidate, CongressCode, Election, ElectionBallot, ElectionChoice, MotionBallot
from .secret import Prepared, SecretCast, Writes


@dataclass(frozen=True)
class CodeState:
    agenda_item_id: int
    kind: str
    used: bool
    state: str


_code = CongressCode.__table__
_agenda_item = AgendaItem.__table__
_CAST = SecretCast(_code.c.item_id, _agenda_item.c.id, _agenda_item.c.state == AgendaItemState.OPEN)
_INSERT_MOTION_BALLOT = Prepared(insert(MotionBallot.__table__), ("id", "motion_id", "choice"))
_INSERT_ELECTION_BALLOT = Prepared(insert(ElectionBallot.__table__), ("id", "election_id"))
_INSERT_ELECTION_CHOICES = Prepared(insert(ElectionChoice.__table__), ("ballot_id", "candidate_id"))


def code_state(session: Session, hashed: str) -> CodeState | None:
    """The code's motion or election and where it stands, in one query; None for an unknown code."""
    row = session.execute(
        select(_code.c.item_id, _agenda_item.c.kind, _code.c.used, _agenda_item.c.state)
        .join(_agenda_item, _agenda_item.c.id == _code.c.item_id)
        .where(_code.c.code_hash == hashed)
    ).first()
    return CodeState(*row) if row else None


def cast(session: Session, hashed: str, agenda_item_id: int, writes: Writes) -> bool:
    """Mark the code used if it is unused and its agenda item still open, then store the ballot
    (``motion_ballot`` or ``election_ballot``). False, with nothing written: the caller rolls back."""
    return _CAST.cast(session, hashed, agenda_item_id, writes)


def election_form(session: Session, election_id: int) -> tuple[int, list[int]]:
    """An election's seats and its candidates' ids: what a ballot of it may mark."""
    seats = session.scalar(select(Election.seats).where(Election.id == election_id))
    return seats, list(session.scalars(select(Candidate.id).where(Candidate.election_id == election_id)))


def motion_ballot(motion_id: int, choice: str) -> Writes:
    """The rows of a motion ballot, under a fresh random key."""
    return ((_INSERT_MOTION_BALLOT, {"id": MotionBallot.new_key(), "motion_id": motion_id, "choice": choice}),)


def election_ballot(election_id: int, candidates: Iterable[int]) -> Writes:
    """The rows of an election ballot, under a fresh random key: the ballot, then one per candidate marked."""
    ballot_id = ElectionBallot.new_key()
    return ((_INSERT_ELECTION_BALLOT, {"id": ballot_id, "election_id": election_id}),
            (_INSERT_ELECTION_CHOICES, [{"ballot_id": ballot_id, "candidate_id": c} for c in candidates]))


def insert_codes(session: Session, agenda_item_id: int, hashes: list[str]) -> None:
    session.execute(insert(_code), [{"code_hash": h, "item_id": agenda_item_id, "used": False} for h in hashes])


def codes_issued(session: Session, agenda_item_ids: Iterable[int]) -> dict[int, int]:
    """Codes issued per agenda item, for every one asked about: kept on a closed one, counted on the others."""
    ids = list(agenda_item_ids)
    kept = dict(session.execute(select(_agenda_item.c.id, _agenda_item.c.codes_issued)
                                .where(_agenda_item.c.id.in_(ids), _agenda_item.c.codes_issued.is_not(None))).all())
    counted = dict(session.execute(
        select(_code.c.item_id, func.count()).where(_code.c.item_id.in_(ids)).group_by(_code.c.item_id)).all())
    return {agenda_item_id: kept.get(agenda_item_id, counted.get(agenda_item_id, 0)) for agenda_item_id in ids}


def ballots_cast(session: Session, agenda_item_ids: Iterable[int]) -> dict[int, int]:
    """Electronic ballots cast per agenda item (motion or election), for every one asked about."""
    ids = list(agenda_item_ids)
    counted: dict[int, int] = {}
    for column in (MotionBallot.motion_id, ElectionBallot.election_id):
        counted.update(session.execute(
            select(column, func.count()).where(column.in_(ids)).group_by(column)).all())
    return {agenda_item_id: counted.get(agenda_item_id, 0) for agenda_item_id in ids}


def motion_choices(session: Session, motion_id: int) -> dict[str, int]:
    """Electronic ballots per choice (for / against / abstain) of a motion."""
    return dict(session.execute(
        select(MotionBallot.choice, func.count()).where(MotionBallot.motion_id == motion_id)
        .group_by(MotionBallot.choice)).all())


def candidate_votes(session: Session, election_id: int) -> dict[int, int]:
    """Electronic votes per candidate of an election, zero counts included."""
    counted = (
        select(ElectionChoice.candidate_id, func.count().label("n"))
        .join(Candidate, Candidate.id == ElectionChoice.candidate_id)
        .where(Candidate.election_id == election_id)
        .group_by(ElectionChoice.candidate_id).subquery()
    )
    return dict(session.execute(
        select(Candidate.id, func.coalesce(counted.c.n, 0))
        .outerjoin(counted, counted.c.candidate_id == Candidate.id)
        .where(Candidate.election_id == election_id)).all())
