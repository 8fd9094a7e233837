"""Motions (议案) and elections (选举) of a congress session: secret ballots, item by item.

Each agenda item goes draft → open → closed. Opening needs the session's quorum. Electronic codes are
issued for the present delegates who do not vote on paper, and no more: a second request issues
codes only for delegates who signed in since. The chair enters the paper ballots' counts, which
cannot exceed the paper voters. Closing stores the attendance (total, present, quorum), deletes
the used codes and rewrites the item's ballots in key order (`scrub`). Results stay hidden until
the item is closed.
"""
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from ..data import congress_votes as store
from ..data import congresses as congress_store
from ..data import scrub
from ..data.enums import AgendaItemState, CongressState
from ..data.models import AgendaItem, Candidate, Congress, Election, Motion
from . import codes, congresses, lifecycle
from .congress import ElectionResult, MotionResult, election_result, motion_result
from .errors import Conflict, Invalid, NotFound

CHOICES = ("for", "against", "abstain")
MAX_CANDIDATES = 200
MAX_NAME = 50


def add_motion(session: Session, congress: Congress, title: str) -> Motion:
    _require_not_closed(congress)
    motion = Motion(congress=congress, title=congresses.check_title(title), state=AgendaItemState.DRAFT,
                    paper_ballots=0, paper_for=0, paper_against=0, paper_abstain=0)
    session.add(motion)
    session.flush()
    return motion


def add_election(session: Session, congress: Congress, title: str, seats: int | None,
                 names: Sequence[str]) -> Election:
    """An election of ``seats`` among the named candidates (distinct, at least as many as seats)."""
    _require_not_closed(congress)
    cleaned = [" ".join(str(name).split()) for name in names if str(name).strip()]
    errors = {}
    if not cleaned or len(cleaned) > MAX_CANDIDATES or len(set(cleaned)) < len(cleaned) \
            or any(len(name) > MAX_NAME for name in cleaned):
        errors["candidates"] = "congress_candidates"
    if not isinstance(seats, int) or not 1 <= seats <= max(len(cleaned), 1):
        errors["seats"] = "congress_seats"
    title = title.strip()
    if not 1 <= len(title) <= congresses.MAX_TITLE:
        errors["title"] = "title_length"
    if errors:
        raise Invalid("invalid_input", errors=errors)
    election = Election(congress=congress, title=title, state=AgendaItemState.DRAFT, paper_ballots=0, seats=seats,
                        candidates=[Candidate(name=name, position=n, paper_votes=0) for n, name in enumerate(cleaned)])
    session.add(election)
    session.flush()
    return election


def _require_not_closed(congress: Congress) -> None:
    if congress.state == CongressState.CLOSED:
        raise Conflict("congress_closed")


def of_congress(session: Session, congress: Congress, kind: type[AgendaItem]) -> list[AgendaItem]:
    """The congress's motions (or elections), in the order they were added."""
    return congress_store.agenda_items(session, congress.id, kind)


def load(session: Session, kind: type[AgendaItem], agenda_item_id: int) -> AgendaItem:
    agenda_item = congress_store.agenda_item(session, agenda_item_id)
    if not isinstance(agenda_item, kind):
        raise NotFound("not_found")
    return agenda_item


def open_(session: Session, agenda_item: AgendaItem) -> None:
    """Open the ballot: only in an open session with two-thirds or more of all delegates present."""
    congresses.require_quorum(session, agenda_item.congress)
    agenda_item.state = lifecycle.AGENDA_ITEM.transition(agenda_item.state, AgendaItemState.OPEN)
    session.flush()


def _require_open(agenda_item: AgendaItem) -> None:
    if agenda_item.state != AgendaItemState.OPEN:
        raise Conflict("congress_item_not_open", current=agenda_item.state)


def issue_codes(session: Session, agenda_item: AgendaItem) -> list[str]:
    """A code for each present delegate voting electronically who has none for this agenda item yet.
    Only hashes are kept; the plain codes go to the caller once, to be handed out at random."""
    _require_open(agenda_item)
    issued = store.codes_issued(session, [agenda_item.id])[agenda_item.id]
    due = congresses.attendance(session, agenda_item.congress).electronic - issued
    if due <= 0:
        raise Conflict("congress_codes_issued")
    plain = [codes.new_code() for _ in range(due)]
    store.insert_codes(session, agenda_item.id, [codes.code_hash(code) for code in plain])
    return plain


def _paper_voters(session: Session, agenda_item: AgendaItem, ballots: int) -> None:
    voters = congresses.attendance(session, agenda_item.congress).paper
    if ballots > voters:
        raise Invalid("congress_paper_exceeds", ballots=ballots, voters=voters)


def _counts(raw: Mapping[str, object], fields: Sequence[str]) -> dict[str, int]:
    counts = {field: raw.get(field, 0) for field in fields}
    bad = {field: "congress_count" for field, value in counts.items()
           if not isinstance(value, int) or isinstance(value, bool) or value < 0}
    if bad:
        raise Invalid("invalid_input", errors=bad)
    return counts  # type: ignore[return-value]


def record_motion_paper(session: Session, motion: Motion, raw: Mapping[str, object]) -> None:
    """The chair's count of the paper ballots (replacing an earlier entry): for, against, abstain."""
    _require_open(motion)
    counts = _counts(raw, CHOICES)
    _paper_voters(session, motion, sum(counts.values()))
    motion.paper_for, motion.paper_against, motion.paper_abstain = (counts[c] for c in CHOICES)
    motion.paper_ballots = sum(counts.values())
    session.flush()


def record_election_paper(session: Session, election: Election, ballots: object,
                          votes: Mapping[object, object]) -> None:
    """The chair's count of the paper ballots: how many were cast, and the votes of each candidate."""
    _require_open(election)
    by_id = {str(c.id): c for c in election.candidates}
    if set(map(str, votes)) - set(by_id):
        raise Invalid("invalid_input", errors={"votes": "congress_unknown_candidate"})
    counts = _counts({"ballots": ballots, **{str(k): v for k, v in votes.items()}}, ["ballots", *by_id])
    cast = counts.pop("ballots")
    _paper_voters(session, election, cast)
    if any(n > cast for n in counts.values()) or sum(counts.values()) > election.seats * cast:
        raise Invalid("congress_paper_votes", ballots=cast, seats=election.seats)
    election.paper_ballots = cast
    for key, candidate in by_id.items():
        candidate.paper_votes = counts[key]
    session.flush()


def close(session: Session, agenda_item: AgendaItem, now: datetime) -> None:
    """Close the ballot and keep the attendance of this moment with it (the resolution sheet shows it).
    The caller runs `scrub.after_close` after the commit, which rewrites the ballots in short steps."""
    agenda_item.state = lifecycle.AGENDA_ITEM.transition(agenda_item.state, AgendaItemState.CLOSED)
    present = congresses.attendance(session, agenda_item.congress)
    agenda_item.snapshot_total, agenda_item.snapshot_present, agenda_item.snapshot_quorum = \
        present.total, present.present, present.quorum_met
    agenda_item.closed_at = now
    session.flush()
    scrub.scrub_agenda_item(session, agenda_item)


def voted(session: Session, agenda_items: Sequence[AgendaItem]) -> dict[int, int]:
    """How many have voted on each agenda item: electronic ballots plus the paper ballots entered."""
    cast = store.ballots_cast(session, [agenda_item.id for agenda_item in agenda_items])
    return {agenda_item.id: cast[agenda_item.id] + agenda_item.paper_ballots for agenda_item in agenda_items}


def codes_issued(session: Session, agenda_items: Sequence[AgendaItem]) -> dict[int, int]:
    return store.codes_issued(session, [agenda_item.id for agenda_item in agenda_items])


def _require_closed(agenda_item: AgendaItem) -> None:
    if agenda_item.state != AgendaItemState.CLOSED:
        raise Conflict("results_hidden")


def motion_outcome(session: Session, motion: Motion) -> MotionResult:
    """For / against / abstain (electronic plus paper) against all delegates at the close."""
    _require_closed(motion)
    cast = store.motion_choices(session, motion.id)
    paper = {"for": motion.paper_for, "against": motion.paper_against, "abstain": motion.paper_abstain}
    return motion_result(motion.snapshot_total, motion.snapshot_present,
                         *(cast.get(choice, 0) + paper[choice] for choice in CHOICES))


def election_outcome(session: Session, election: Election) -> ElectionResult[int]:
    """Votes per candidate id (electronic plus paper); ties at the last seat are reported."""
    _require_closed(election)
    electronic = store.candidate_votes(session, election.id)
    votes = {c.id: electronic.get(c.id, 0) + c.paper_votes for c in election.candidates}
    ballots = store.ballots_cast(session, [election.id])[election.id] + election.paper_ballots
    return election_result(election.snapshot_total, election.seats, votes, ballots)
