"""Declared schemas (pydantic) of the JSON API's bodies and queries, and parsing a request into one.

Every body of ``/api/v1`` is read by ``parsed(Model)``: strict types (no "no" for true, no list for a
text), bounded whole numbers, finite decimals, times within a sane range, texts without control
characters and of bounded length. A refusal is Harmony's error JSON, 422 ``invalid_input`` (or the
endpoint's own key) with a message per field; a body that is not JSON at all is 400 ``bad_json``.
The OpenAPI document (``openapi``) is generated from the same models.
"""
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from flask import request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError
from werkzeug.routing import IntegerConverter

from ..data.enums import ConcernClosure
from ..domain import campaigns, concerns, naming, planner, questionnaire, roster, rules, spreadsheet
from ..domain.agenda import CHOICES
from ..domain.congress import CATEGORIES
from ..domain.errors import HarmonyError, Invalid
from ..domain.voting import TEXT_LIMIT

MAX_ID = 999_999_999  # nine digits, well inside the database's INTEGER: a larger id names nothing
MAX_COUNT = 1_000_000
EARLIEST, LATEST = datetime(2000, 1, 1), datetime(2100, 1, 1)
STORABLE = f"^[^{spreadsheet.CONTROL_CHARACTERS}]*$"  # PostgreSQL cannot store NUL


def text(max_length: int):
    return Annotated[str, StringConstraints(max_length=max_length, pattern=STORABLE)]


def storable(value: str) -> bool:
    return re.fullmatch(STORABLE, value) is not None


def within_range(moment: datetime) -> bool:
    """Between 2000 and 2099 (before any time zone is applied, so converting it cannot overflow)."""
    return EARLIEST <= moment.replace(tzinfo=None) < LATEST


def _sane(moment: datetime) -> datetime:
    if not within_range(moment):
        raise ValueError("time out of range")
    return moment


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def _in_cents(value: Decimal) -> Decimal:
    """At most two decimals (so ``1e-999999999`` never reaches exact fractions)."""
    if value != _cents(value):
        raise ValueError("more than two decimals")
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Moment = Annotated[datetime, AfterValidator(_sane)]
Percent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False), AfterValidator(_cents)]
FormPercent = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False), AfterValidator(_in_cents)]  # as typed
Key = text(64)
Title = text(campaigns.MAX_TITLE)
Limits = Annotated[dict[Key, Percent], Field(max_length=200)]
_ID, _COUNT, _FORM_PERCENT = TypeAdapter(Id), TypeAdapter(Count), TypeAdapter(FormPercent)


def form_id(raw: str) -> int:
    """An id typed in a form (``request.form.get(name, type=form_id)``): ValueError when it cannot be one."""
    return _ID.validate_strings(raw)


def form_percent(raw: str) -> Decimal:
    """A finite percentage from 0 to 100 with at most two decimals, typed in a form: ValueError otherwise."""
    return _FORM_PERCENT.validate_strings(raw.strip())


def form_count(raw: str) -> int | str:
    """A form's count as a number when it is one (0 to a million); else the text, for the domain to refuse."""
    try:
        return _COUNT.validate_strings(raw)
    except ValidationError:
        return raw


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: an id of one to nine digits, no leading zero; anything else is 404.

    A pattern rather than a range check: werkzeug answers 405, not 404, when a converter refuses a
    path that another method's route shares."""

    regex = r"[1-9][0-9]{0,8}"


class Body(BaseModel):
    """A request body. ``messages``: the message key shown for a refused field (by its first name)."""

    model_config = ConfigDict(strict=True)
    messages: ClassVar[dict[str, str]] = {}


class NewCampaign(Body):
    title: Title = ""
    electorate: Annotated[int, Field(ge=1, le=campaigns.MAX_ELECTORATE)] | None = None
    scale: Literal[tuple(questionnaire.SCALES)] = 3
    ask_department: bool = False
    method: Literal[rules.METHODS] = rules.RATE
    threshold: Annotated[Percent, Field(gt=0)] = Decimal("80.00")
    turnout_floor: Literal[rules.TURNOUT_FLOORS] = rules.TurnoutFloor.MAJORITY
    congress_id: Id | None = None
    opens_at: Moment | None = None
    closes_at: Moment | None = None
    messages = {"title": "title_length", "electorate": "electorate_range", "scale": "scale_choice",
                "method": "method_choice", "threshold": "threshold_range", "turnout_floor": "turnout_floor_choice",
                "congress_id": "congress_choice",
                "opens_at": "time_format", "closes_at": "time_format"}


class CountingChange(Body):
    """PATCH of a draft's counting settings: only the fields sent change."""

    method: Literal[rules.METHODS] | None = None
    threshold: Annotated[Percent, Field(gt=0)] | None = None
    turnout_floor: Literal[rules.TURNOUT_FLOORS] | None = None
    floors: Limits | None = None
    vetoes: Limits | None = None
    electorate: Annotated[int, Field(ge=1, le=campaigns.MAX_ELECTORATE)] | None = None
    opens_at: Moment | None = None
    closes_at: Moment | None = None
    messages = {**NewCampaign.messages, "floors": "threshold_range", "vetoes": "threshold_range"}


class CodeBatch(Body):
    count: Annotated[int, Field(ge=1, le=MAX_COUNT)]
    spare: bool = False  # codes beyond the electorate, confirmed
    messages = {"count": "count_range"}


class SpotCheck(Body):
    """The assessor's spot-check survey: how many randomly chosen workers get a code."""

    electorate: Annotated[int, Field(ge=1, le=campaigns.MAX_ELECTORATE)]
    messages = {"electorate": "electorate_range"}


LongText, ShortText = text(4 * naming.MAX_TEXT), text(4 * naming.MAX_NAME)


class NewObjection(Body):
    """An objection during the public notice; a name and contact only if the objector gives them."""

    text: LongText = ""
    name: ShortText | None = None
    contact: ShortText | None = None
    messages = {"text": "long_text_limit", "name": "short_text_limit", "contact": "short_text_limit"}


class Finding(Body):
    """The assessor's answer to an objection (核查结论)."""

    finding: LongText = ""
    messages = {"finding": "long_text_limit"}


class NamedQuery(Body):
    """The named list's filters (in a URL, so read leniently)."""

    model_config = ConfigDict(strict=False)
    jurisdiction: Id | None = None
    year: Annotated[int, Field(ge=2000, le=2099)] | None = None
    messages = {"jurisdiction": "jurisdiction_required", "year": "year_range"}


class Ballot(Body):
    """A satisfaction ballot (``answers``), a motion ballot (``choice``) or an election ballot (``choices``)."""

    code: text(64) = ""
    answers: Annotated[dict[Key, text(4 * TEXT_LIMIT)], Field(max_length=200)] = {}
    choice: Literal[CHOICES] | None = None
    choices: Annotated[list[Id], Field(max_length=200)] | None = None
    messages = {"answers": "not_an_option", "choice": "not_an_option", "choices": "not_an_option"}


class DelegateEntry(Body):
    name: text(4 * roster.MAX_NAME) = ""
    department: text(4 * roster.MAX_DEPARTMENT) = ""
    category: text(64) = ""
    messages = {"name": "roster_name_too_long", "department": "roster_department_too_long",
                "category": "roster_unknown_category"}


class NewCongress(Body):
    title: Title = ""
    delegates: Annotated[list[DelegateEntry], Field(max_length=roster.MAX_ROWS)] = []
    messages = {"title": "title_length", "delegates": "congress_delegates_list"}


class SignIn(Body):
    delegate_id: Id
    paper: bool = False
    messages = {"delegate_id": "congress_unknown_delegate", "paper": "invalid_value"}


class NewMotion(Body):
    title: Title = ""
    messages = {"title": "title_length"}


class NewElection(Body):
    title: Title = ""
    seats: Annotated[int, Field(ge=1, le=200)] = 1
    candidates: Annotated[list[text(200)], Field(max_length=200)] = []
    messages = {"title": "title_length", "seats": "congress_seats", "candidates": "congress_candidates"}


class PaperCounts(Body):
    """A motion's ``for``/``against``/``abstain``, or an election's ``ballots`` and ``votes`` by candidate id."""

    for_: Count = Field(0, alias="for")
    against: Count = 0
    abstain: Count = 0
    ballots: Count = 0
    votes: Annotated[dict[text(20), Count], Field(max_length=200)] = {}
    messages = {"for": "congress_count", "against": "congress_count", "abstain": "congress_count",
                "ballots": "congress_count", "votes": "congress_count"}

    def motion(self) -> dict[str, int]:
        return {"for": self.for_, "against": self.against, "abstain": self.abstain}


class SampleSizeQuery(Body):
    """The sample-size planner's query (strings in a URL, so read leniently: "500" is 500)."""

    model_config = ConfigDict(strict=False)
    headcount: Annotated[int, Field(ge=1, le=planner.MAX_HEADCOUNT)] | None = None
    margin: Annotated[Decimal, Field(ge=planner.MARGINS[0], le=planner.MARGINS[1], allow_inf_nan=False)] = Decimal(5)
    confidence: Annotated[int, Field(json_schema_extra={"enum": list(planner.CONFIDENCES)})] = 95
    messages = {"headcount": "headcount_range", "margin": "margin_range", "confidence": "confidence_choice"}


ConcernText = text(4 * concerns.TEXT_MAX)  # the domain counts characters; these only bound the body
ConcernName, Phone, Token = text(4 * concerns.NAME_MAX), text(40), text(64)


class NewConcern(Body):
    """A worker's concern: ``enterprise`` is the token of the enterprise's concern QR."""

    enterprise: Token
    category: Token = ""
    text: ConcernText = ""
    name: ConcernName | None = None
    phone: Phone | None = None
    messages = {"enterprise": "unknown_concern_token", "category": "concern_category_choice",
                "text": "concern_text_length", "name": "concern_name_length", "phone": "concern_phone_format"}


class ConcernFollowUp(Body):
    text: ConcernText = ""
    messages = {"text": "concern_text_length"}


class ConcernAnswer(Body):
    text: ConcernText = ""
    closure: Literal[tuple(ConcernClosure)] | None = None
    messages = {"text": "concern_text_length", "closure": "concern_closure_choice"}


class ConcernAbuse(Body):
    reason: ConcernText = ""
    messages = {"reason": "concern_text_length"}


Day = Annotated[date, Field(ge=EARLIEST.date(), lt=LATEST.date())]


class WarningReport(Body):
    """A periodic report (``period``) or an event (``event`` true): indicators by name, a short narrative."""

    period: text(8) | None = None
    event: bool = False
    indicators: Annotated[dict[text(40), bool | int | float], Field(max_length=20)] = {}
    narrative: ConcernText = ""
    messages = {"period": "warning_period_invalid", "event": "warning_period_or_event",
                "indicators": "warning_indicator_invalid", "narrative": "warning_text_length"}


class NewWarningPoint(Body):
    enterprise: Id
    liaison: Id | None = None
    messages = {"enterprise": "not_found", "liaison": "warning_liaison_invalid"}


class ColourRuleBody(Body):
    indicator: text(40)
    comparison: text(2)
    value: Annotated[Decimal, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)]
    level: text(8)


class ColourRules(Body):
    rules: Annotated[list[ColourRuleBody], Field(max_length=50)] = []
    messages = {"rules": "warning_rule_invalid"}


class ReportingWindowBody(Body):
    name: text(400) = ""
    starts_on: Day
    ends_on: Day
    messages = {"name": "warning_text_length", "starts_on": "time_format", "ends_on": "time_format"}


class CaseOwner(Body):
    owner: Id
    due_on: Day | None = None
    messages = {"owner": "warning_owner_invalid", "due_on": "time_format"}


class CaseClosing(Body):
    actions: ConcernText = ""
    messages = {"actions": "warning_text_length"}


MediationText = text(4 * 2000)


class NewMediationBody(Body):
    """A city or town body of a ``jurisdiction``, or an enterprise's own body (level ``enterprise``)."""

    name: MediationText = ""
    level: text(10) = ""
    jurisdiction: Id | None = None
    enterprise: Id | None = None
    messages = {"name": "mediation_text_length", "level": "mediation_level_choice", "jurisdiction": "not_found",
                "enterprise": "not_found"}


class NewMediator(Body):
    name: MediationText = ""
    account: Id | None = None
    messages = {"name": "mediation_text_length", "account": "mediator_account_invalid"}


class MediationParties(Body):
    worker_party: MediationText = ""
    employer_party: MediationText = ""
    claim: MediationText = ""
    messages = {"worker_party": "mediation_text_length", "employer_party": "mediation_text_length",
                "claim": "mediation_text_length"}


class MediationReferral(MediationParties):
    body: Id
    messages = {**MediationParties.messages, "body": "not_found"}


class MediationSessionBody(Body):
    held_on: Day
    place: MediationText = ""
    notes: MediationText = ""
    messages = {"held_on": "mediation_session_day", "place": "mediation_text_length", "notes": "mediation_text_length"}


class MediationOutcome(Body):
    outcome: text(24)
    terms: MediationText | None = None
    mediator: Id | None = None
    note: MediationText | None = None
    messages = {"outcome": "mediation_outcome_choice", "terms": "mediation_text_length",
                "mediator": "mediation_mediator_invalid", "note": "mediation_text_length"}


def field_keys(model: type[Body], error: ValidationError) -> dict[str, str]:
    """Each refused field (``floors.contract``, ``delegates.0.name``) and the message key for it."""
    keys = {}
    for problem in error.errors():
        names = [str(part) for part in problem["loc"]]
        field = ".".join(names) or "_"
        keys[field] = "unstorable_text" if problem["type"] == "string_pattern_mismatch" \
            else model.messages.get(names[0] if names else "", "invalid_value")
    return keys


def validated(model: type[Body], data: object, key: str = "invalid_input", **details) -> Body:
    """``data`` (already parsed) as the model, or ``Invalid(key)`` with a message key per field."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise Invalid(key, errors=field_keys(model, error), **details) from None


FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def storable_form() -> None:
    """Refuse a form with a text the database cannot store (NUL and other control characters)."""
    if request.mimetype not in FORM_TYPES:  # nothing else is parsed into request.form
        return
    bad = {field for field, value in request.form.items(multi=True) if not storable(value)}
    if bad:
        raise Invalid("unstorable_text", errors=dict.fromkeys(sorted(bad), "unstorable_text"))


def parsed(model: type[Body], key: str = "invalid_input", **details) -> Body:
    """The request's JSON body as the model. Not JSON, nested too deep, numbers out of any range,
    unpaired surrogates: 400 ``bad_json``; JSON of the wrong shape: 422 ``key`` with the fields."""
    try:
        return model.model_validate_json(request.get_data(cache=True) or b"null")
    except ValidationError as error:
        if any(problem["type"] == "json_invalid" or not problem["loc"] for problem in error.errors()):
            raise HarmonyError("bad_json") from None
        raise Invalid(key, errors=field_keys(model, error), **details) from None


def _sane_day(day: date) -> date:
    if not EARLIEST.date() <= day < LATEST.date():
        raise ValueError("day out of range")
    return day


Day = Annotated[date, AfterValidator(_sane_day)]
Points = Annotated[Decimal, Field(ge=0, le=1000, allow_inf_nan=False), AfterValidator(_in_cents)]
Note = text(2000)
LevelName = Literal["A", "AA", "AAA"]


class CycleSettings(Body):
    """A cycle's settings; in a PATCH only the fields sent change."""

    self_check_from: Day | None = None
    self_check_to: Day | None = None
    declaration_deadline: Day | None = None
    assessment_from: Day | None = None
    assessment_to: Day | None = None
    commendation_date: Day | None = None
    notice_days: Annotated[int, Field(ge=0, le=90)] | None = None
    min_scores: Annotated[dict[LevelName, Points], Field(max_length=3)] | None = None
    yellow_card_months: Annotated[int, Field(ge=1, le=24)] | None = None
    near_days: Annotated[int, Field(ge=0, le=90)] | None = None
    waiting_cycles: Annotated[int, Field(ge=0, le=10)] | None = None
    coverage_target: Annotated[int, Field(ge=1, le=100)] | None = None
    messages = {**{name: "date_format" for name in ("self_check_from", "self_check_to", "declaration_deadline",
                                                   "assessment_from", "assessment_to", "commendation_date")},
                "notice_days": "notice_days_range", "min_scores": "min_score_range",
                **{name: "setting_range" for name in ("yellow_card_months", "near_days", "waiting_cycles",
                                                      "coverage_target")}}


class NewCycle(CycleSettings):
    year: Annotated[int, Field(ge=2000, le=2099)]
    messages = {**CycleSettings.messages, "year": "cycle_year_range"}


class CriterionEntry(Body):
    key: text(40)
    area: text(40) = ""
    text_zh: text(2000)
    text_en: text(2000) = ""
    max_points: Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False), AfterValidator(_in_cents)] = Decimal(0)
    veto: bool = False
    evidence_zh: text(2000) = ""
    evidence_en: text(2000) = ""
    messages = {"key": "criterion_key", "max_points": "criterion_points", "text_zh": "criterion_text",
                "text_en": "criterion_text", "evidence_zh": "criterion_text", "evidence_en": "criterion_text"}


class Scheme(Body):
    criteria: Annotated[list[CriterionEntry], Field(min_length=1, max_length=200)]
    messages = {"criteria": "criteria_count"}


class NewDeclaration(Body):
    cycle: Id
    level: LevelName
    vote: Id
    messages = {"cycle": "declaration_cycle_choice", "level": "level_choice", "vote": "declaration_vote_not_qualified"}


class Transition(Body):
    """A declaration's move, with its note (the reason, for returning and disqualifying)."""

    note: Note = ""
    messages = {"note": "declaration_note_length"}


class ScoreSheet(Body):
    """Points per criterion key (a veto criterion: true if met, false if not), and the assessor's notes."""

    scores: Annotated[dict[Key, Points | bool], Field(max_length=200)] = {}
    notes: Annotated[dict[Key, text(4000)], Field(max_length=200)] = {}
    messages = {"scores": "criterion_score_range", "notes": "text_length"}


class DocumentsChecked(Body):
    documents: text(4000) = ""
    finding: text(4000) = ""
    messages = {"documents": "text_length", "finding": "text_length"}


class NewForum(Body):
    held_on: Day
    place: text(200) = ""
    attendees: Annotated[dict[Literal[tuple(CATEGORIES)], Annotated[int, Field(ge=0, le=10_000)]], Field(max_length=4)]
    issues: text(4000) = ""
    messages = {"held_on": "date_format", "place": "text_length", "attendees": "forum_attendees",
                "issues": "text_length"}


class NewSignOff(Body):
    department: text(100) = ""
    opinion: text(4000) = ""
    messages = {"department": "text_length", "opinion": "text_length"}


class YellowCard(Body):
    """黄牌: the criteria found below the level, one a reason; the deadline, by default the cycle's months."""

    reasons: Annotated[list[LongText], Field(max_length=50)] = []
    deadline: Day | None = None
    messages = {"reasons": "yellow_card_reasons", "deadline": "date_format"}


class Revocation(Body):
    """撤销: the event (``major_accident`` or ``mass_incident``), its day, the description and its source."""

    event: text(40) = ""
    date: Day
    description: LongText = ""
    source: ShortText | None = None
    messages = {"event": "revoking_event_choice", "date": "date_format", "description": "long_text_limit",
                "source": "short_text_limit"}


TITLE_MOVES = {"yellow_card": YellowCard, "rectified": Finding, "delist": Finding, "revoke": Revocation}  # by action


class NewTitleCheck(Body):
    """A spot check of a named enterprise (抽查): day, method, findings, and a score if one was given."""

    date: Day
    method: text(20) = ""
    findings: LongText = ""
    score: Points | None = None
    messages = {"date": "date_format", "method": "check_method_choice", "findings": "long_text_limit",
                "score": "criterion_score_range"}


class BoardQuery(Body):
    """The board's table order (in a URL, so read leniently)."""

    model_config = ConfigDict(strict=False)
    sort: Literal["enterprise", "composite", "turnout", "discrepancy"] = "composite"
    order: Literal["asc", "desc"] = "desc"
    messages = {"sort": "board_sort_choice", "order": "board_sort_choice"}
