"""Congress ballots in SQL: the hot path (code consumed with the ballot insert) and the counts."""
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from .congress import AgendaItem, Candidate, CongressCode, ElectionBallot, ElectionChoice, MotionBallot

_code = CongressCode.__table__
_item = AgendaItem.__table__


@dataclass(frozen=True)
class CodeState:
    item_id: int
    kind: str
    used: bool
    state: str


def code_state(session: Session, hashed: str) -> CodeState | None:
    """The code's motion or election and where it stands, in one query; None for an unknown code."""
    row = session.execute(
        select(_code.c.item_id, _item.c.kind, _code.c.used, _item.c.state)
        .join(_item, _item.c.id == _code.c.item_id)
        .where(_code.c.code_hash == hashed)
    ).first()
    return CodeState(*row) if row else None


def consume(session: Session, hashed: str, item_id: int) -> bool:
    """Mark the code used if it is unused and its item still open (share-locked on PostgreSQL, so a
    concurrent close waits for this ballot or refuses it). False: the caller rolls back."""
    still_open = (
        select(_item.c.id).where(_item.c.id == item_id, _item.c.state == "open")
        .with_for_update(read=True).scalar_subquery()
    )
    return session.execute(
        update(_code)
        .where(_code.c.code_hash == hashed, _code.c.used.is_(False), _code.c.item_id == still_open)
        .values(used=True)
    ).rowcount == 1


def store_motion_ballot(session: Session, ballot_id: str, motion_id: int, choice: str) -> None:
    session.execute(insert(MotionBallot.__table__).values(id=ballot_id, motion_id=motion_id, choice=choice))


def store_election_ballot(session: Session, ballot_id: str, election_id: int, candidates: Iterable[int]) -> None:
    session.execute(insert(ElectionBallot.__table__).values(id=ballot_id, election_id=election_id))
    rows = [{"ballot_id": ballot_id, "candidate_id": candidate} for candidate in candidates]
    if rows:
        session.execute(insert(ElectionChoice.__table__), rows)


def insert_codes(session: Session, item_id: int, hashes: list[str]) -> None:
    session.execute(insert(_code), [{"code_hash": h, "item_id": item_id, "used": False} for h in hashes])


def codes_issued(session: Session, item_ids: Iterable[int]) -> dict[int, int]:
    """Codes issued per item, for every item asked about: kept on a closed item, counted on the others."""
    ids = list(item_ids)
    kept = dict(session.execute(select(_item.c.id, _item.c.codes_issued)
                                .where(_item.c.id.in_(ids), _item.c.codes_issued.is_not(None))).all())
    counted = dict(session.execute(
        select(_code.c.item_id, func.count()).where(_code.c.item_id.in_(ids)).group_by(_code.c.item_id)).all())
    return {item_id: kept.get(item_id, counted.get(item_id, 0)) for item_id in ids}


def ballots_cast(session: Session, item_ids: Iterable[int]) -> dict[int, int]:
    """Electronic ballots cast per item (motion or election), for every item asked about."""
    ids = list(item_ids)
    counted: dict[int, int] = {}
    for column in (MotionBallot.motion_id, ElectionBallot.election_id):
        counted.update(session.execute(
            select(column, func.count()).where(column.in_(ids)).group_by(column)).all())
    return {item_id: counted.get(item_id, 0) for item_id in ids}


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
