"""The states and kinds stored as short strings, as ``StrEnum``s: each member equals its stored
string, so rows read back compare equal to them. Here, below the domain, so that models and
queries use them too; the domain (``lifecycle`` and the rules) re-uses them."""
from enum import StrEnum


class CampaignState(StrEnum):
    """A satisfaction vote's state (测评状态)."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class CongressState(StrEnum):
    """A congress session's state (大会状态)."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class AgendaItemState(StrEnum):
    """A motion's or election's ballot state (表决状态)."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class ItemKind(StrEnum):
    """A questionnaire item (题目类型): scored, a free text, or the department question."""

    SCORED = "scored"
    TEXT = "text"
    DEPARTMENT = "department"


class ElectorateSource(StrEnum):
    """Where a vote's electorate (应参与人数) comes from."""

    HEADCOUNT = "headcount"
    GIVEN = "given"
    CONGRESS = "congress"


class CountingMethod(StrEnum):
    """How the composite is counted (计分方法): satisfaction rate, or a 0–100 score."""

    RATE = "rate"
    SCORE = "score"


class Role(StrEnum):
    """A staff account's role (角色)."""

    ADMIN = "admin"
    ASSESSOR = "assessor"
    CHAIR = "chair"


class AgendaKind(StrEnum):
    """A congress agenda item (议程): a motion or an election."""

    MOTION = "motion"
    ELECTION = "election"


class DelegateCategory(StrEnum):
    """A delegate's category (代表构成)."""

    FRONTLINE = "frontline"
    TECHNICAL = "technical"
    MANAGEMENT = "management"
    OTHER = "other"
