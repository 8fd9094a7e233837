"""The OpenAPI 3.1 document of ``/api/v1``, generated from the registered routes and the declared schemas.

``OPERATIONS`` maps each endpoint to its request schema (``schemas``), its answer's schema (the models
below) and its success status; paths, methods and path parameters come from the URL map, so a route
without an entry here is still listed, with an untyped answer.
"""
import re
from typing import Annotated, Any

from flask import Flask
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import models_json_schema

from ..data.enums import CampaignState
from . import schemas

JSON = "application/json"
PDF = "application/pdf"
_PARAMETER = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


class Answer(BaseModel):
    """An answer of the API; more fields may come in later versions."""

    model_config = ConfigDict(extra="allow")


class Error(Answer):
    error: str
    message: str
    errors: dict[str, str] | None = None
    lines: list[dict[str, Any]] | None = None


class Campaign(Answer):
    id: int
    enterprise_id: int
    title: str
    state: Annotated[str, Field(json_schema_extra={"enum": [state.value for state in CampaignState]},
                                description="sealing: closed to ballots, its seal being written (results not yet)")]
    electorate: int
    electorate_source: str
    method: str
    threshold: str
    turnout_floor: str
    floors: dict[str, str]
    vetoes: dict[str, str]
    opens_at: str | None
    closes_at: str | None
    closed_at: str | None


class FormOption(Answer):
    key: str
    text: str
    satisfied: bool
    score: int


class FormItem(Answer):
    key: str
    kind: str
    text: str
    required: bool
    weight: int
    options: list[FormOption]


class Form(Answer):
    campaign_id: int
    title: str
    scale: int
    items: list[FormItem]


class Codes(Answer):
    codes: list[str]


class Receipt(Answer):
    receipt: str


class Results(Answer):
    campaign_id: int
    method: str
    electorate: int
    cast: int
    valid: int
    turnout: float | None
    composite_rate: float | None
    threshold: float | None
    turnout_floor: str | None
    qualified: bool | None
    verdict: str
    reasons: list[str]
    items: list[dict[str, Any]]
    seal: dict[str, Any] | None
    statistics: dict[str, Any]
    distributions: list[dict[str, Any]]


class Delegate(Answer):
    id: int
    name: str
    department: str
    category: str


class Congress(Answer):
    id: int
    enterprise_id: int
    title: str
    state: str
    total: int
    present: int
    paper: int
    quorum_met: bool
    management_share: dict[str, Any]
    delegates: list[Delegate]


class CongressEntry(Answer):
    id: int
    title: str
    state: str


class SignInRecord(Answer):
    delegate_id: int
    paper: bool


class Quorum(Answer):
    total: int
    present: int
    paper: int
    quorum_met: bool


class AgendaItem(Answer):
    id: int
    congress_id: int
    kind: str
    title: str
    state: str
    voted: int
    codes_issued: int


class ItemResults(Answer):
    total: int
    present: int | None = None


class Resolution(Answer):
    digest: str
    record: dict[str, Any]


class SpotCheckStarted(Answer):
    vote: int


class TrackingCode(Answer):
    tracking_code: str


class ObjectionShown(Answer):
    state: str
    state_text: str
    finding: str | None
    lodged_on: str
    answered_on: str | None


class ObjectionEntry(ObjectionShown):
    id: str
    declaration_id: int
    text: str
    name: str | None
    contact: str | None


class NamedEntry(Answer):
    enterprise: str
    credit_code: str
    level: str
    year: int
    jurisdiction: str
    certificate: str
    state: str


class TitleShown(Answer):
    state: str
    level: str
    deadline: str | None
    history: list[dict[str, Any]]


class TitleCheck(Answer):
    id: int
    date: str
    method: str
    findings: str
    score: str | None


class Board(Answer):
    jurisdiction: int
    target: int
    areas: list[dict[str, Any]]
    enterprises: list[dict[str, Any]]
    items: list[str]
    heat: list[dict[str, Any]]


class SampleSize(Answer):
    headcount: int | None
    margin: float
    confidence: float
    sample_size: int
    without_correction: int
    share_of_headcount: float | None


class CriterionAnswer(Answer):
    key: str
    text: str
    max_points: str
    veto: bool


class Cycle(Answer):
    id: int
    jurisdiction_id: int
    year: int
    notice_days: int
    min_scores: dict[str, str]
    example_scheme: bool
    scheme_frozen: bool
    criteria: list[CriterionAnswer]


class SettingChange(Answer):
    setting: str
    old: str | None
    new: str | None
    by: str
    at: str


class DeclarationEntry(Answer):
    id: int
    cycle: int
    enterprise_id: int
    level: str
    state: str
    score: str | None
    vetoes_failed: list[str]


class Declaration(DeclarationEntry):
    self_check: dict[str, Any]
    spot_check: dict[str, Any] | None
    history: list[dict[str, Any]]


class Evidence(Answer):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str


class SignOff(Answer):
    id: int
    department: str
    opinion: str
    day: str
    by: str


class MediatorAnswer(Answer):
    id: int
    name: str
    account_id: int | None


class MediationBody(Answer):
    id: int
    name: str
    level: str
    jurisdiction_id: int | None
    enterprise_id: int | None
    mediators: list[MediatorAnswer]


class MediationCase(Answer):
    id: int
    body_id: int
    state: str
    worker_party: str
    employer_party: str
    claim: str
    received_on: str
    closed_on: str | None
    terms: str | None
    note: str | None
    mediator_id: int | None
    source: dict[str, Any] | None
    sessions: list[dict[str, Any]]
    history: list[dict[str, Any]]


class JobStarted(Answer):
    """202: the work goes on in a job; its address is also in the Location header."""

    job: str
    state: str


class JobShown(Answer):
    id: int
    kind: str
    state: str
    done: int
    total: int | None
    error: str | None
    result_url: str | None


class Document(Answer):
    """This OpenAPI document."""

    openapi: str


# endpoint → (request body schema, answer schema or a file's media type, success status)
RequestBody = type[BaseModel] | dict[str, type[BaseModel]] | str | None  # dict: by the path's last part
OPERATIONS: dict[str, tuple[RequestBody, type[BaseModel] | list | str, int]] = {
    "api.openapi": (None, Document, 200),
    "assessor_api.sample_size_json": (None, SampleSize, 200),
    "api.create_campaign": (schemas.NewCampaign, Campaign, 201),
    "api.show_campaign": (None, Campaign, 200),
    "api.edit_campaign": (schemas.CountingChange, Campaign, 200),
    "api.open_campaign": (None, Campaign, 200),
    "api.close_campaign": (None, Campaign, 200),
    "api_jobs.show_job": (None, JobShown, 200),
    "api_jobs.job_file": (None, "application/octet-stream", 200),
    "api_jobs.retry_job": (None, JobStarted, 202),
    "api.issue_codes": (schemas.CodeBatch, Codes, 201),
    "api.show_form": (None, Form, 200),
    "api.show_results": (None, Results, 200),
    "api.export": (None, "application/octet-stream", 200),
    "api.attachment": (None, PDF, 200),
    "api.cast": (schemas.Ballot, Receipt, 201),
    "api_congress.create_congress": (schemas.NewCongress, Congress, 201),
    "api_congress.list_congresses": (None, [CongressEntry], 200),
    "api_congress.show_congress": (None, Congress, 200),
    "api_congress.add_delegate": (schemas.DelegateEntry, Delegate, 201),
    "api_congress.import_roster": ("multipart/form-data", Congress, 200),
    "api_congress.open_congress": (None, Congress, 200),
    "api_congress.close_congress": (None, Congress, 200),
    "api_congress.sign_in": (schemas.SignIn, SignInRecord, 201),
    "api_congress.quorum": (None, Quorum, 200),
    "api_congress.add_motion": (schemas.NewMotion, AgendaItem, 201),
    "api_congress.add_election": (schemas.NewElection, AgendaItem, 201),
    "api_congress.list_items": (None, [AgendaItem], 200),
    "api_congress.show_item": (None, AgendaItem, 200),
    "api_congress.open_item": (None, AgendaItem, 200),
    "api_congress.issue_codes": (None, Codes, 201),
    "api_congress.record_paper": (schemas.PaperCounts, AgendaItem, 200),
    "api_congress.close_item": (None, AgendaItem, 200),
    "api_congress.show_results": (None, ItemResults, 200),
    "api_congress.show_resolution": (None, Resolution, 200),
    "api_congress.resolution_sheet": (None, PDF, 200),
    "api_concerns.raise_concern": (schemas.NewConcern, Answer, 201),
    "api_concerns.follow_up": (schemas.ConcernFollowUp, Answer, 201),
    "api_concerns.answer": (schemas.ConcernAnswer, Answer, 200),
    "api_concerns.direct": (schemas.ConcernFollowUp, Answer, 200),
    "api_concerns.abusive": (schemas.ConcernAbuse, Answer, 200),
    "api_warnings.report": (schemas.WarningReport, Answer, 201),
    "api_warnings.designate": (schemas.NewWarningPoint, Answer, 201),
    "api_warnings.set_colour_rules": (schemas.ColourRules, Answer, 200),
    "api_warnings.add_window": (schemas.ReportingWindowBody, Answer, 201),
    "api_warnings.assign": (schemas.CaseOwner, Answer, 200),
    "api_warnings.close": (schemas.CaseClosing, Answer, 200),
    "api_mediation.list_bodies": (None, [MediationBody], 200),
    "api_mediation.create_body": (schemas.NewMediationBody, MediationBody, 201),
    "api_mediation.show_body": (None, MediationBody, 200),
    "api_mediation.add_mediator": (schemas.NewMediator, MediatorAnswer, 201),
    "api_mediation.list_cases": (None, [MediationCase], 200),
    "api_mediation.open_case": (schemas.MediationParties, MediationCase, 201),
    "api_mediation.show_case": (None, MediationCase, 200),
    "api_mediation.add_session": (schemas.MediationSessionBody, MediationCase, 201),
    "api_mediation.conclude": (schemas.MediationOutcome, MediationCase, 200),
    "api_mediation.agreement": (None, PDF, 200),
    "api_mediation.refer_concern": (schemas.MediationReferral, MediationCase, 201),
    "api_mediation.refer_warning_case": (schemas.MediationReferral, MediationCase, 201),
    "api_assessment.create_cycle": (schemas.NewCycle, Cycle, 201),
    "api_assessment.show_cycle": (None, Cycle, 200),
    "api_assessment.change_cycle": (schemas.CycleSettings, Cycle, 200),
    "api_assessment.cycle_changes": (None, [SettingChange], 200),
    "api_warnings.jurisdiction_changes": (None, [SettingChange], 200),
    "api_assessment.replace_criteria": (schemas.Scheme, Cycle, 200),
    "api_assessment.cycle_declarations": (None, [DeclarationEntry], 200),
    "api_assessment.sign_off": (schemas.NewSignOff, SignOff, 201),
    "api_assessment.sign_offs": (None, [SignOff], 200),
    "api_assessment.create_declaration": (schemas.NewDeclaration, Declaration, 201),
    "api_assessment.enterprise_declarations": (None, [DeclarationEntry], 200),
    "api_assessment.show_declaration": (None, Declaration, 200),
    "api_assessment.move_declaration": (schemas.Transition, Declaration, 200),
    "api_assessment.set_scores": (schemas.ScoreSheet, Declaration, 200),
    "api_assessment.add_evidence": ("multipart/form-data", Evidence, 201),
    "api_assessment.evidence_file": (None, "application/octet-stream", 200),
    "api_assessment.remove_evidence": (None, Declaration, 200),
    "api_assessment.check_documents": (schemas.DocumentsChecked, Declaration, 201),
    "api_assessment.hold_forum": (schemas.NewForum, Declaration, 201),
    "api_naming.start_spot_check": (schemas.SpotCheck, SpotCheckStarted, 201),
    "api_naming.lodge_objection": (schemas.NewObjection, TrackingCode, 201),
    "api_naming.show_objection": (None, ObjectionShown, 200),
    "api_naming.list_objections": (None, [ObjectionEntry], 200),
    "api_naming.answer_objection": (schemas.Finding, ObjectionEntry, 200),
    "api_naming.named": (None, [NamedEntry], 200),
    "api_naming.certificate": (None, PDF, 200),
    "api_titles.show_title": (None, TitleShown, 200),
    "api_titles.move_title": (schemas.TITLE_MOVES, TitleShown, 200),
    "api_titles.record_check": (schemas.NewTitleCheck, TitleCheck, 201),
    "api_titles.show_board": (None, Board, 200),
}
QUERIES: dict[str, type[BaseModel]] = {"assessor_api.sample_size_json": schemas.SampleSizeQuery,
                                       "api_naming.named": schemas.NamedQuery,
                                       "api_titles.show_board": schemas.BoardQuery}
# Endpoints that hand large work to a job answer 202 then (`JOB_THRESHOLD_BALLOTS`, `JOB_EXPORT_BALLOTS`).
STARTS_JOBS = {"api.close_campaign", "api.export"}
EXPORT_QUERY = [{"name": "format", "in": "query", "schema": {"enum": ["json", "csv", "xlsx", "summary.xlsx"]}},
                {"name": "labels", "in": "query", "schema": {"enum": ["keys", "text"]}}]
# No key needed: the document, casting a ballot, the workers' concerns, and the public's side of the notice and naming.
PUBLIC = {"api.openapi", "api.cast", "api_concerns.raise_concern", "api_concerns.track", "api_concerns.follow_up",
          "api_naming.lodge_objection", "api_naming.show_objection", "api_naming.named"}
ROSTER_UPLOAD = {"type": "object", "required": ["file"],
                 "properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}}}
EVIDENCE_UPLOAD = {"type": "object", "required": ["file", "criterion"],
                   "properties": {**ROSTER_UPLOAD["properties"], "criterion": {"type": "string"}}}
UPLOADS = {"api_assessment.add_evidence": EVIDENCE_UPLOAD}


def _models() -> set[type[BaseModel]]:
    found = {Error, JobStarted}
    for endpoint, (body, answer, _status) in OPERATIONS.items():
        bodies = body.values() if isinstance(body, dict) else (body,)
        found.update(m for m in (*bodies, answer, *(answer if isinstance(answer, list) else ()),
                                 QUERIES.get(endpoint)) if isinstance(m, type))
    return found


def _components() -> dict[str, dict]:
    mode = {m: "validation" if issubclass(m, schemas.Body) else "serialization" for m in _models()}
    _keys, top = models_json_schema([(m, mode[m]) for m in sorted(mode, key=lambda m: m.__name__)],
                                    ref_template="#/components/schemas/{model}")
    return top["$defs"]


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _content(kind: type[BaseModel] | list | str) -> dict:
    if isinstance(kind, str):
        return {kind: {"schema": {"type": "string", "contentMediaType": kind}}}
    if isinstance(kind, list):
        return {JSON: {"schema": {"type": "array", "items": _ref(kind[0])}}}
    return {JSON: {"schema": _ref(kind)}}


def _path_variants(rule: str) -> list[tuple[str, list[dict]]]:
    """``<int:id>`` becomes ``{id}`` (a bounded integer); ``<any(a, b):kind>`` one path for each of a and b."""
    variants: list[tuple[str, list[dict]]] = [("", [])]
    position = 0
    for match in _PARAMETER.finditer(rule):
        converter, arguments, name = match.groups()
        literal = rule[position:match.start()]
        position = match.end()
        if converter == "any":
            choices = [choice.strip() for choice in arguments.split(",")]
            variants = [(path + literal + choice, params) for path, params in variants for choice in choices]
            continue
        schema = {"type": "integer", "minimum": 1, "maximum": schemas.MAX_ID} if converter == "int" \
            else {"type": "string"}
        parameter = {"name": name, "in": "path", "required": True, "schema": schema}
        variants = [(path + literal + "{" + name + "}", [*params, parameter]) for path, params in variants]
    return [(path + rule[position:], params) for path, params in variants]


def _query(endpoint: str, components: dict) -> list[dict]:
    if endpoint == "api.export":
        return EXPORT_QUERY
    model = QUERIES.get(endpoint)
    if model is None:
        return []
    properties = components[model.__name__]["properties"]
    return [{"name": name, "in": "query", "required": False, "schema": schema} for name, schema in properties.items()]


def _operation(endpoint: str, method: str, path: str, parameters: list[dict], components: dict) -> dict:
    body, answer, status = OPERATIONS.get(endpoint, (None, Answer, 200))
    if isinstance(body, dict):  # one path for each choice of its last part
        body = body[path.rsplit("/", 1)[1]]
    operation = {
        "operationId": method + re.sub(r"[^A-Za-z0-9]+", "_", path),
        "parameters": parameters + _query(endpoint, components),
        "responses": {str(status): {"description": "done", "content": _content(answer)},
                      "4XX": {"description": "refused: Harmony's error JSON", "content": _content(Error)}},
    }
    if endpoint in STARTS_JOBS:
        operation["responses"]["202"] = {"description": "large: a job does the work (its address also in Location)",
                                         "content": _content(JobStarted)}
    if body == "multipart/form-data":
        operation["requestBody"] = {"required": True, "content": {body: {"schema": UPLOADS.get(endpoint, ROSTER_UPLOAD)}}}
    elif body is not None:
        operation["requestBody"] = {"required": True, "content": _content(body)}
    if endpoint in PUBLIC:
        operation["security"] = []
    return operation


def document(app: Flask) -> dict:
    """The OpenAPI 3.1 document of every ``/api/v1`` route registered on ``app``."""
    components = _components()
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith("/api/v1/"):
            continue
        for path, parameters in _path_variants(rule.rule):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                paths.setdefault(path, {})[method.lower()] = _operation(rule.endpoint, method.lower(), path,
                                                                         parameters, components)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Harmony API", "version": "1"},
        "paths": paths,
        "components": {"schemas": components,
                       "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer"}}},
        "security": [{"apiKey": []}],
    }
