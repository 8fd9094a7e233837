"""The words of the congress's resolution sheet (表决结果汇总表), always in Chinese: it is an official record."""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from ..messages import REASONS
from ..printing.resolution import Wording

RULES = {
    "majority_of_all_delegates": _l("For-votes from more than half of all delegates"),
    "two_thirds_quorum": _l("Fewer than two-thirds of all delegates present: no vote"),
}
ELECTION_REASONS = ("elected", "tied_at_boundary", "below_majority", "outranked")


def wording() -> Wording:
    with force_locale("zh"):
        return Wording(
            title=str(_l("Staff and workers' congress: summary of the voting results")),
            enterprise=str(_l("Enterprise: %(name)s (unified social credit code %(code)s)")),
            session=str(_l("Session: %(title)s; %(delegates)s delegates in all, %(present)s signed in")),
            motions=str(_l("1. Motions (secret ballot, item by item)")),
            elections=str(_l("2. Elections")),
            nothing=str(_l("None")),
            digest=str(_l("Digest of the results (SHA-256, identifying every result on this sheet)")),
            attendance=str(_l("At the vote: %(total)s delegates in all, %(present)s present, %(quorum)s")),
            quorum_met=str(_l("two-thirds or more: a quorum")),
            quorum_missed=str(_l("fewer than two-thirds: no quorum")),
            motion_counts=str(_l("For %(for)s, against %(against)s, abstaining %(abstain)s; %(cast)s ballots cast "
                                 "(%(paper)s on paper, %(phone)s by phone); %(not_voted)s did not vote")),
            motion_outcome=str(_l("Rule: %(rule)s (at least %(required)s votes); result: %(outcome)s (for-votes "
                                  "minus the votes needed: %(margin)s)")),
            passed=str(_l("Passed")), not_passed=str(_l("Not passed")),
            election_counts=str(_l("%(seats)s to elect, %(ballots_cast)s ballots returned (%(paper)s on paper); "
                                   "elected with votes from more than half of all delegates (at least "
                                   "%(required)s votes)")),
            candidate=str(_l("%(name)s: %(votes)s votes, %(reason)s")),
            unfilled=str(_l("%(unfilled)s seat(s) left unfilled")),
            rules={key: str(text) for key, text in RULES.items()},
            reasons={key: str(REASONS[key]) for key in ELECTION_REASONS},
        )
