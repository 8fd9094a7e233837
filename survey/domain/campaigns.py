"""Operations on satisfaction votes (满意度测评): create, edit, open, close, issue codes, count."""
import time
from collections.abc import Iterator
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
from .errors import IllegalTransition, Invalid
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


def closing(session: Session, campaign: Campaign, now: datetime) -> Iterator[str]:
    """Close the vote in steps, each its own short transaction: the caller commits after each step
    yielded, so no transaction holds SQLite's write lock through the seal.

    1. `stop`: open → sealing (封存中), guarded in SQL, so of two closes at once (two requests, a worker
       and close-due) one goes on and the other is refused (IllegalTransition, as for a vote not open);
    2. `finishing`: its used codes deleted in chunks, its seal read, and sealing → closed with the seal
       stored and the ballots marked for the rewrite; the caller runs `scrub.after_close` then.
    A vote left sealing (its closer died between the steps) is finished from step 2.
    """
    if campaign.state != CampaignState.SEALING:
        stop(session, campaign, now)
        yield "stopped"
    yield from finishing(session, campaign)


def stop(session: Session, campaign: Campaign, now: datetime) -> None:
    """The vote takes no more ballots (the casts check it is open in SQL): open → sealing, its code
    counts kept (its used codes are deleted next)."""
    lifecycle.CAMPAIGN.transition(campaign.state, CampaignState.SEALING)
    session.flush()
    if not store.mark_sealing(session, campaign, now):  # closed meanwhile: by another request, job or close-due
        raise IllegalTransition(CampaignState.SEALING, CampaignState.SEALING)
    campaign.codes_issued, campaign.codes_used = scrub.campaign_codes(session, campaign)
    session.flush()


def finishing(session: Session, campaign: Campaign) -> Iterator[str]:
    """The rest of a stopped vote's close, in steps (`closing`): its used codes forgotten, chunk by chunk
    (each followed by a rest on SQLite, which lets other votes' casts write); its seal computed by reading
    only (its ballots can no longer change); then, in a short write, sealing → closed with the seal.
    Of two closers finishing at once, one stores its seal, the other's is dropped. Nothing for a vote closed."""
    if campaign.state == CampaignState.CLOSED:
        return
    while True:
        started = time.monotonic()
        more = scrub.forget_used_codes(session, campaign)
        yield "codes forgotten"
        if not more:
            break
        scrub.let_writers_in(session.get_bind(), started)
    sealed = seals.seal(session, campaign, _tally(session, campaign, _counted(session, campaign)))
    yield "sealed"  # the read ends: on SQLite a read cannot become the write once others have written
    if store.mark_closed(session, campaign):
        session.add(sealed)
        session.flush()
    yield "closed"


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
    if campaign.state in (CampaignState.SEALING, CampaignState.CLOSED):
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
    """The tally of a closed vote; ``results_hidden`` before, ``results_sealing`` while its seal is being
    written (`lifecycle.require_results`): results stay hidden until the vote is closed.

    A sealed vote's answers per option are read from its seal (its ballots can no longer change,
    and recounting a large vote on every view would cost seconds); an unsealed one is counted.
    """
    lifecycle.require_results(campaign.state)
    sealed = seals.seal_if_closed(session, campaign)
    if sealed is None:
        return _tally(session, campaign, _counted(session, campaign))
    return _tally(session, campaign, sealed.summary["counts"], sealed.summary.get("profiles"))


def _tally(session: Session, campaign: Campaign, distribution: dict[str, dict[str, int]],
           profiles_hidden: dict[str, list] | None = None) -> Results:
    items = rules.item_counts(campaign.questionnaire.items, distribution)
    counted = turnout(session, campaign)
    return Results(counted, rules.tally(items, counting_rules(campaign), counted), distribution, profiles_hidden)


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
    """The free answers of a closed vote per text item; 409 before (`lifecycle.require_results`)."""
    lifecycle.require_results(campaign.state)
    found = []
    for item in campaign.questionnaire.items:
        if item.kind == ItemKind.TEXT:
            texts, total = counting.free_texts(session, campaign.id, item.id, FREE_TEXTS_SHOWN)
            found.append(FreeTexts(item, tuple(texts), total))
    return found


def due(session: Session, now: datetime) -> list[Campaign]:
    """The votes `close-due` closes (`closing`): the open ones whose closing time has passed, and those
    left sealing by a close that died on the way with no job to finish it."""
    return [*store.due_to_close(session, now), *store.left_sealing(session)]


def of_enterprise(session: Session, enterprise_id: int) -> list[Campaign]:
    """An enterprise's votes, newest first."""
    return store.of_enterprise(session, enterprise_id)
