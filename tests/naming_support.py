"""A declaration of enterprise 甲 in the east district's cycle, put straight into the state a naming or
spot-check test starts from (the walk through the states is the declaration tests' own)."""
import math
from datetime import date, timedelta

from scipy import stats

from declaration_support import YEAR, qualified_vote

from survey.data.enums import DeclarationState
from survey.data.models import Cycle, Declaration, Seal


def declaration(api, world, session, state: str = DeclarationState.UNDER_ASSESSMENT, *,
                notice_ends: date | None = None, vote: int | None = None, year: int = YEAR) -> int:
    """The declaration's id; its self-check is a closed, sealed vote at exactly 80% (or ``vote``)."""
    vote = vote or qualified_vote(api, world.a)
    cycle = Cycle(jurisdiction_id=world.east, year=year, notice_days=7, min_scores={}, example_scheme=True)
    session.add(cycle)
    session.flush()
    found = Declaration(cycle_id=cycle.id, enterprise_id=world.a, level="A", campaign_id=vote,
                        seal_sha256=session.get(Seal, vote).sha256, state=state, notice_ends=notice_ends)
    session.add(found)
    session.commit()
    return found.id


def on_notice(api, world, session, days_left: int = 3) -> int:
    """A declaration on public notice that ends ``days_left`` days from today (local time)."""
    from survey.web.common import local_today
    with world.app.test_request_context():
        today = local_today()
    return declaration(api, world, session, DeclarationState.ON_NOTICE, notice_ends=today + timedelta(days=days_left))


def welch_greater(k1, n1, big_n1, k2, n2, big_n2) -> float:
    """By hand: the one-sided Welch p-value for H1 "rate 1 > rate 2", k of n satisfied out of N workers,
    every ballot answering all items alike, so each variance is fpc·p(1 − p)/(n − 1)."""
    def sd(k, n, big_n):
        p = k / n
        return math.sqrt(n * (1 - n / big_n) * p * (1 - p) / (n - 1))
    return stats.ttest_ind_from_stats(k1 / n1, sd(k1, n1, big_n1), n1, k2 / n2, sd(k2, n2, big_n2), n2,
                                      equal_var=False, alternative="greater").pvalue
