"""Rules of the staff-and-workers' congress (职工代表大会), 《企业民主管理规定》2012.

- The congress meets only with two-thirds or more (三分之二以上, inclusive) of ALL delegates present.
- Elections and resolutions pass with more than half (过半数, strict) of ALL delegates, not of
  those present.
- Managers and leaders are normally at most 20% (不超过, inclusive) of the delegates.

Delegate categories (代表构成), keyed in English; the web layer translates the English labels with
Flask-Babel (``category_labels(lazy_gettext)``):

- ``frontline``  — 一线职工
- ``technical``  — 工程技术人员
- ``management`` — 管理人员和领导
- ``other``      — 其他

Every decision uses integer or ``Fraction`` arithmetic, never floats.

A congress session and each of its motion or election ballots go draft → open → closed, the life
cycle of every vote: ``survey.domain.lifecycle`` (``CONGRESS``, ``AGENDA_ITEM``; raises ``errors.IllegalTransition``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Generic, TypeVar

from ..data.enums import DelegateCategory
from .errors import Invalid

T = TypeVar("T")
C = TypeVar("C", bound=Hashable)


def N_(message: str) -> str:
    """Mark ``message`` for extraction (``pybabel extract -k N_``) without translating it here."""
    return message


CATEGORY_LABELS: Mapping[str, str] = {
    DelegateCategory.FRONTLINE: N_("Frontline workers"),
    DelegateCategory.TECHNICAL: N_("Engineering and technical staff"),
    DelegateCategory.MANAGEMENT: N_("Managers and leaders"),
    DelegateCategory.OTHER: N_("Other"),
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)
MANAGEMENT = DelegateCategory.MANAGEMENT
MANAGEMENT_LIMIT = Fraction(1, 5)

RULE_QUORUM = "two_thirds_quorum"
RULE_MAJORITY = "majority_of_all_delegates"


def category_labels(translate: Callable[[str], T]) -> dict[str, T]:
    """Category key → label, each English label passed through ``translate`` (e.g. lazy_gettext)."""
    return {key: translate(label) for key, label in CATEGORY_LABELS.items()}


class CountError(Invalid, ValueError):
    """Counts that cannot happen: a message key and details for the web layer, and an English
    ``str()`` for logs and tests."""

    def __init__(self, key: str, message: str, **details: object) -> None:
        super().__init__(key, **details)
        self.message = message

    def __str__(self) -> str:
        return self.message


def _check_non_negative(counts: Mapping[str, int]) -> None:
    for name, value in counts.items():
        if value < 0:
            message = f"{name} must not be negative, got {value}"
            raise CountError("congress_negative_count", message, name=name, value=value)


def _check_present(present: int, total: int) -> None:
    _check_non_negative({"present": present, "total": total})
    if present > total:
        raise CountError(
            "congress_present_exceeds_total",
            f"present ({present}) exceeds all delegates ({total})",
            present=present,
            total=total,
        )


def quorum_met(present: int, total: int) -> bool:
    """Two-thirds or more of all delegates are present: 3·present ≥ 2·total (none → False)."""
    _check_present(present, total)
    return total > 0 and 3 * present >= 2 * total


def majority_required(total: int) -> int:
    """Smallest number of votes that is more than half of ``total`` delegates."""
    return total // 2 + 1


@dataclass(frozen=True)
class MotionResult:
    """Outcome of one motion (议案).

    ``not_voted`` counts every delegate who cast no for/against/abstain vote, the absent included,
    so that for_votes + against + abstain + not_voted == total: the base of the majority is all
    delegates. ``absent`` (total − present) is the part of them who were not at the meeting.
    """

    total: int
    present: int
    for_votes: int
    against: int
    abstain: int
    not_voted: int
    absent: int
    quorum_met: bool
    passed: bool
    rule: str
    required: int
    margin: int


def motion_result(total: int, present: int, for_: int, against: int, abstain: int) -> MotionResult:
    """Decide a motion: it passes with for-votes of more than half of ALL delegates (2·for > total).

    A congress without quorum cannot resolve anything, so the motion then fails whatever the votes
    and ``rule`` is RULE_QUORUM; otherwise ``rule`` is RULE_MAJORITY. ``margin`` = for − required
    (negative when short).
    """
    _check_present(present, total)
    _check_non_negative({"for": for_, "against": against, "abstain": abstain})
    cast = for_ + against + abstain
    if cast > present:
        raise CountError(
            "congress_cast_exceeds_present",
            f"for + against + abstain ({cast}) exceeds delegates present ({present})",
            cast=cast,
            present=present,
        )
    quorum = quorum_met(present, total)
    required = majority_required(total)
    return MotionResult(
        total=total,
        present=present,
        for_votes=for_,
        against=against,
        abstain=abstain,
        not_voted=total - cast,
        absent=total - present,
        quorum_met=quorum,
        passed=quorum and 2 * for_ > total,
        rule=RULE_MAJORITY if quorum else RULE_QUORUM,
        required=required,
        margin=for_ - required,
    )


ELECTED = "elected"
TIED_AT_BOUNDARY = "tied_at_boundary"
BELOW_MAJORITY = "below_majority"
OUTRANKED = "outranked"


@dataclass(frozen=True)
class CandidateOutcome(Generic[C]):
    """One candidate's votes and why they landed where they did (one of the four reasons above)."""

    candidate: C
    votes: int
    reason: str


@dataclass(frozen=True)
class ElectionResult(Generic[C]):
    """Outcome of one election; every tuple is in descending vote order (input order among equals).

    ``tied`` candidates share the last contested seats with equal votes: none of them is elected
    here, the congress decides between them (e.g. a further round), so ``unfilled`` seats remain.
    """

    total: int
    seats: int
    ballots_cast: int
    required: int
    rule: str
    elected: tuple[CandidateOutcome[C], ...]
    tied: tuple[CandidateOutcome[C], ...]
    not_elected: tuple[CandidateOutcome[C], ...]
    unfilled: int


def _check_election(total: int, seats: int, votes: Mapping[C, int], ballots_cast: int) -> None:
    _check_non_negative({"total": total, "ballots_cast": ballots_cast})
    if seats < 1:
        message = f"an election needs at least one seat, got {seats}"
        raise CountError("congress_no_seats", message, seats=seats)
    if ballots_cast > total:
        raise CountError(
            "congress_ballots_exceed_total",
            f"ballots cast ({ballots_cast}) exceed all delegates ({total})",
            ballots_cast=ballots_cast,
            total=total,
        )
    _check_non_negative({f"votes for {candidate!r}": count for candidate, count in votes.items()})
    for candidate, count in votes.items():
        if count > ballots_cast:
            raise CountError(
                "congress_votes_exceed_ballots",
                f"{candidate!r} has {count} votes but only {ballots_cast} ballots were cast",
                candidate=candidate,
                votes=count,
                ballots_cast=ballots_cast,
            )
    # A ballot marking more candidates than seats is void, so no valid tally can exceed this.
    marks = sum(votes.values())
    if marks > seats * ballots_cast:
        raise CountError(
            "congress_votes_exceed_seats",
            f"{marks} votes exceed {seats} seats × {ballots_cast} ballots",
            votes=marks,
            seats=seats,
            ballots_cast=ballots_cast,
        )


Ranking = list[tuple[C, int]]  # candidates with their votes, most voted first


def _split_seats(qualified: Ranking[C], seats: int) -> tuple[Ranking[C], Ranking[C], Ranking[C]]:
    """Split ranked qualified candidates into (elected, tied at the last seat, outranked)."""
    if len(qualified) > seats and qualified[seats][1] == qualified[seats - 1][1]:
        boundary = qualified[seats - 1][1]
        return (
            [cv for cv in qualified if cv[1] > boundary],
            [cv for cv in qualified if cv[1] == boundary],
            [cv for cv in qualified if cv[1] < boundary],
        )
    return qualified[:seats], [], qualified[seats:]


def election_result(
    total: int, k: int, votes: Mapping[C, int], ballots_cast: int
) -> ElectionResult[C]:
    """Elect up to ``k`` candidates: those with votes from more than half of ALL delegates, the most
    voted first. Candidates tied across the k-th seat are reported as ``tied``, never chosen.

    The quorum is the session's precondition (ballots are only handed out in an open, quorate
    session); this function only sees the ballots.
    """
    _check_election(total, k, votes, ballots_cast)
    ranked = sorted(votes.items(), key=lambda item: -item[1])
    qualified = [(c, v) for c, v in ranked if 2 * v > total]
    below = [CandidateOutcome(c, v, BELOW_MAJORITY) for c, v in ranked if 2 * v <= total]
    elected, tied, outranked = _split_seats(qualified, k)
    return ElectionResult(
        total=total,
        seats=k,
        ballots_cast=ballots_cast,
        required=majority_required(total),
        rule=RULE_MAJORITY,
        elected=tuple(CandidateOutcome(c, v, ELECTED) for c, v in elected),
        tied=tuple(CandidateOutcome(c, v, TIED_AT_BOUNDARY) for c, v in tied),
        not_elected=tuple(CandidateOutcome(c, v, OUTRANKED) for c, v in outranked) + tuple(below),
        unfilled=k - len(elected),
    )


@dataclass(frozen=True)
class ManagementShare:
    """Share of managers and leaders among all delegates; ``warn`` when above ``limit``."""

    managers: int
    total: int
    share: Fraction
    limit: Fraction
    warn: bool


def management_share(
    counts_by_category: Mapping[str, int], limit: Fraction = MANAGEMENT_LIMIT
) -> ManagementShare:
    """Managers' share of delegates; exactly ``limit`` (20% by default) is still fine."""
    for category in counts_by_category:
        if category not in CATEGORY_LABELS:
            message = f"unknown delegate category {category!r}"
            raise CountError("congress_unknown_category", message, category=category)
    _check_non_negative(counts_by_category)
    total = sum(counts_by_category.values())
    managers = counts_by_category.get(MANAGEMENT, 0)
    share = Fraction(managers, total) if total else Fraction(0)
    return ManagementShare(managers, total, share, limit, share > limit)
