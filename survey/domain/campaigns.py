"""Operations on satisfaction votes (满意度测评): create, edit, open, close, issue codes, count."""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from ..data import campaigns as store
from ..data import scrub
from ..data import tally as counting
from ..data.enums import CampaignState, ElectorateSource, ItemKind, TurnoutFloor
from ..data.models import Campaign, Enterprise, Item, Option, Questionnaire
from . import codes, congresses, lifecycle, questionnaire, rules, seals
from .errors import Conflict, IllegalTransition, Invalid
from .turnout import Turnout

MAX_ELECTORATE = 1_000_000
MAX_TITLE = 200


@dataclass(frozen=True)
class Settings:
    """What a chair chooses when creating a vote; checked by `check_settings`."""

    title: str
    electorate: int | None = None  # None: the enterprise's headcount
    scale: int = 3
    ask_department: bool = False
    method: str = rules.RATE
    threshold: Decimal = Decimal(80)
    turnout_floor: str = TurnoutFloor.MAJORITY
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    congress_id: int | None = None  # the signed-in delegates of this session are the electorate


def check_settings(settings: Settings) -> dict[str, str]:
    errors = {}
    if not settings.title.strip() or len(settings.title) > MAX_TITLE:
        errors["title"] = "title_length"
    if settings.electorate is not None and not 1 <= settings.electorate <= MAX_ELECTORATE:
        errors["electorate"] = "electorate_range"
    if settings.scale not in questionnaire.SCALES:
        errors["scale"] = "scale_choice"
    if settings.method not in rules.METHODS:
        errors["method"] = "method_choice"
    if not Decimal(0) < settings.threshold <= Decimal(100):
        errors["threshold"] = "threshold_range"
    if settings.turnout_floor not in rules.TURNOUT_FLOORS:
        errors["turnout_floor"] = "turnout_floor_choice"
    if settings.opens_at and settings.closes_at and settings.closes_at <= settings.opens_at:
        errors["closes_at"] = "closes_before_opens"
    return errors


def build_item(spec: questionnaire.ItemSpec, position: int) -> Item:
    return Item(key=spec.key, position=position, kind=spec.kind, text_zh=spec.text_zh, text_en=spec.text_en,
                weight=spec.weight, required=spec.required,
                options=[Option(key=o.key, position=n, text_zh=o.text_zh, text_en=o.text_en,
                                satisfied=o.satisfied, score=o.score) for n, o in enumerate(spec.options)])


def build_questionnaire(items: tuple[questionnaire.ItemSpec, ...], scale: int) -> Questionnaire:
    return Questionnaire(title_zh=questionnaire.TITLE[0], title_en=questionnaire.TITLE[1], scale=scale,
                         items=[build_item(spec, index) for index, spec in enumerate(items)])


def create(session: Session, enterprise: Enterprise, settings: Settings) -> Campaign:
    errors = check_settings(settings)
    if errors:
        raise Invalid("invalid_input", errors=errors)
    departments = enterprise.departments if settings.ask_department else None
    electorate, source = _electorate(session, enterprise, settings)
    campaign = Campaign(
        enterprise=enterprise, title=settings.title.strip(), electorate=electorate, electorate_source=source,
        congress_id=settings.congress_id,
        method=settings.method, threshold=settings.threshold, turnout_floor=settings.turnout_floor,
        opens_at=settings.opens_at, closes_at=settings.closes_at, floors={}, vetoes={},
        questionnaire=build_questionnaire(questionnaire.default_items(settings.scale, departments), settings.scale),
    )
    session.add(campaign)
    session.flush()
    return campaign


def _electorate(session: Session, enterprise: Enterprise, settings: Settings) -> tuple[int, str]:
    """(electorate, source): the delegates signed in so far (fixed at opening), a given number, or the headcount."""
    if settings.congress_id is not None:
        return congresses.electorate(session, enterprise.id, settings.congress_id), ElectorateSource.CONGRESS
    return ((settings.electorate, ElectorateSource.GIVEN) if settings.electorate
            else (enterprise.headcount, ElectorateSource.HEADCOUNT))


def require_draft(campaign: Campaign) -> None:
    if campaign.state != CampaignState.DRAFT:
        raise Invalid("questionnaire_frozen")


def open_(session: Session, campaign: Campaign) -> None:
    """Open the vote; a congress's vote needs its session's quorum and fixes the electorate then."""
    if campaign.electorate_source == ElectorateSource.CONGRESS:
        campaign.electorate = congresses.electorate(session, campaign.enterprise_id, campaign.congress_id, quorate=True)
    campaign.state = lifecycle.CAMPAIGN.transition(campaign.state, CampaignState.OPEN)
    session.flush()


def close(session: Session, campaign: Campaign, now: datetime) -> None:
    """Close the vote; its used codes are deleted and its ballots marked for the rewrite in key order (`scrub`).

    The vote is sealed in the same transaction: its canonical file is digested and the tally kept.
    The move is guarded in SQL, so of two closes at once (two workers, a worker and close-due) one
    closes and seals, the other is refused. The caller runs `scrub.after_close` after the commit,
    which rewrites the ballots in short steps.
    """
    lifecycle.CAMPAIGN.transition(campaign.state, CampaignState.CLOSED)
    session.flush()
    if not store.mark_closed(session, campaign, now):  # closed meanwhile: by another request, job or close-due
        raise IllegalTransition(CampaignState.CLOSED, CampaignState.CLOSED)
    scrub.scrub_campaign(session, campaign)
    seals.seal(session, campaign, results(session, campaign))


def issue_codes(session: Session, campaign: Campaign, count: int, limit: int, spare: bool = False) -> list[str]:
    """A batch of fresh codes; only their hashes are stored. The plain codes go to the caller once.

    No more codes than the electorate, unless the chair confirms a spare margin (`spare`), which
    the self-check attachment then states.
    """
    check_batch(session, campaign, count, limit, spare)
    return _keep(session, campaign, [codes.new_code() for _ in range(count)])


def store_codes(session: Session, campaign: Campaign, plain: list[str], limit: int, spare: bool = False) -> list[str]:
    """Keep the hashes of codes made beforehand (slips printed first, off the request path), checked
    as `issue_codes` checks a batch, now: other batches may have been issued meanwhile."""
    check_batch(session, campaign, len(plain), limit, spare)
    return _keep(session, campaign, plain)


def _keep(session: Session, campaign: Campaign, plain: list[str]) -> list[str]:
    store.insert_codes(session, campaign.id, [codes.code_hash(code) for code in plain])
    return plain


def check_batch(session: Session, campaign: Campaign, count: int, limit: int, spare: bool = False) -> None:
    """Whether a batch of `count` codes may be issued now; raises the refusal otherwise."""
    if campaign.state == CampaignState.CLOSED:
        raise Invalid("campaign_closed")
    if not 1 <= count <= limit:
        raise Invalid("invalid_input", errors={"count": "count_range"}, limit=limit)
    if campaign.electorate_source == ElectorateSource.CONGRESS:
        _within_delegates(session, campaign, count)
    elif not spare:
        _within_electorate(session, campaign, count)


def _within_electorate(session: Session, campaign: Campaign, count: int) -> None:
    issued, _ = counting.codes_issued(session, campaign.id)
    if issued + count > campaign.electorate:
        raise Invalid("codes_exceed_electorate", errors={"count": "codes_exceed_electorate"},
                      electorate=campaign.electorate, issued=issued)


def _within_delegates(session: Session, campaign: Campaign, count: int) -> None:
    """A congress's vote has one code per signed-in delegate, issued once the vote has opened."""
    issued, _ = counting.codes_issued(session, campaign.id)
    if campaign.state != CampaignState.OPEN or issued + count > campaign.electorate:
        raise Invalid("invalid_input", errors={"count": "congress_codes_exceed"},
                      delegates=campaign.electorate, issued=issued)


def counting_rules(campaign: Campaign) -> rules.CountingRules:
    return rules.counting_rules(campaign.method, campaign.threshold, campaign.floors or {}, campaign.vetoes or {},
                                campaign.turnout_floor)


@dataclass(frozen=True)
class Results:
    turnout: Turnout
    tally: rules.Tally
    distribution: dict[str, dict[str, int]]  # item key → option key → answers (a seal's: masked)
    profiles_hidden: dict[str, list] | None = None  # a seal's hidden profile options (`sealed_profiles`)


def turnout(session: Session, campaign: Campaign) -> Turnout:
    cast, valid = counting.cast_and_valid(session, campaign.id)
    issued, used = counting.codes_issued(session, campaign.id)
    return Turnout(campaign.electorate, cast, valid, issued, used)


def results(session: Session, campaign: Campaign) -> Results:
    """The tally of a closed vote; ``results_hidden`` before: results stay hidden until the vote is closed.

    A sealed vote's answers per option are read from its seal (its ballots can no longer change,
    and recounting a large vote on every view would cost seconds); an unsealed one is counted.
    """
    if campaign.state != CampaignState.CLOSED:
        raise Conflict("results_hidden")
    sealed = seals.seal_if_closed(session, campaign)
    distribution = sealed.summary["counts"] if sealed else _counted(session, campaign)
    items = rules.item_counts(campaign.questionnaire.items, distribution)
    counted = turnout(session, campaign)
    return Results(counted, rules.tally(items, counting_rules(campaign), counted), distribution,
                   sealed.summary.get("profiles") if sealed else None)


def _counted(session: Session, campaign: Campaign) -> dict[str, dict[str, int]]:
    distribution: dict[str, dict[str, int]] = {}
    for item_key, option_key, count in counting.option_counts(session, campaign.id, campaign.questionnaire_id):
        distribution.setdefault(item_key, {})[option_key] = count
    return distribution


FREE_TEXTS_SHOWN = 1_000


@dataclass(frozen=True)
class FreeTexts:
    """自由回答: the answers to one free-text item, without their department (a page may show them)."""

    item: Item
    texts: tuple[str, ...]  # sorted by text, at most FREE_TEXTS_SHOWN
    total: int


def free_texts(session: Session, campaign: Campaign) -> list[FreeTexts]:
    """The free answers of a closed vote per text item; ``results_hidden`` before."""
    if campaign.state != CampaignState.CLOSED:
        raise Conflict("results_hidden")
    found = []
    for item in campaign.questionnaire.items:
        if item.kind == ItemKind.TEXT:
            texts, total = counting.free_texts(session, campaign.id, item.id, FREE_TEXTS_SHOWN)
            found.append(FreeTexts(item, tuple(texts), total))
    return found


def close_due(session: Session, now: datetime) -> list[Campaign]:
    """Close every open vote whose closing time has passed."""
    due = store.due_to_close(session, now)
    for campaign in due:
        close(session, campaign, now)
    return due


def of_enterprise(session: Session, enterprise_id: int) -> list[Campaign]:
    """An enterprise's votes, newest first."""
    return store.of_enterprise(session, enterprise_id)
