"""The assessor's spot-check survey (抽查测评) of a declaration: started from it, run by the assessors of
the declaration's jurisdiction with the existing vote operations, and compared with the self-check once
closed (`spot_check.compare`).

The survey is a satisfaction vote of the enterprise with a copy of the self-check's questionnaire and
counting settings, marked ``run_by_jurisdiction_id``: the enterprise's chair can neither run nor see it
(`access.can_run`, `can_see`), and it is never the enterprise's own vote.
"""
import dataclasses

from sqlalchemy.orm import Session

from ..data.enums import DeclarationState, ItemKind
from ..data.models import Campaign, Declaration, User
from . import access, campaigns, comparison, editing, rules, summary, vote_statistics
from .errors import Conflict
from .spot_check import Discrepancy, compare


def start(session: Session, user: User, declaration: Declaration, electorate: int, title: str) -> Campaign:
    """A draft spot-check survey of ``electorate`` randomly chosen workers; only while under assessment."""
    access.require_administer(session, user, declaration.cycle.jurisdiction_id)
    if declaration.state != DeclarationState.UNDER_ASSESSMENT:
        raise Conflict("spot_check_not_under_assessment")
    if declaration.spot_check_campaign_id is not None:
        raise Conflict("spot_check_exists")
    survey = copy(session, declaration, electorate, title)
    declaration.spot_check_campaign_id = survey.id
    session.flush()
    return survey


def copy(session: Session, declaration: Declaration, electorate: int, title: str) -> Campaign:
    """A draft survey of the declaration's enterprise with its self-check's questionnaire and counting settings,
    run by the declaration's jurisdiction: the declaration's spot check, or a named title's (`titles`)."""
    source = declaration.campaign
    survey = campaigns.create(session, declaration.enterprise, campaigns.Settings(
        title=title, electorate=electorate, scale=source.questionnaire.scale, method=source.method,
        threshold=source.threshold, turnout_floor=source.turnout_floor))
    editing.copy_questionnaire(session, survey, source)
    survey.floors, survey.vetoes = dict(source.floors or {}), dict(source.vetoes or {})
    survey.run_by_jurisdiction_id = declaration.cycle.jurisdiction_id
    session.flush()
    return survey


def survey_of(session: Session, declaration: Declaration) -> Campaign | None:
    found = declaration.spot_check_campaign_id
    return None if found is None else session.get(Campaign, found)


def _self_check(session: Session, campaign: Campaign):
    """The self-check's composite as its seal keeps it, with the tally's item counts."""
    results = campaigns.results(session, campaign)
    return summary.statistics_of(session, campaign, results).composite, results.tally


def _spot_check(session: Session, campaign: Campaign, population: int):
    """The spot check's composite as an estimate of ``population`` workers, with the tally's item counts."""
    results = campaigns.results(session, campaign)
    cast = results.turnout.cast
    found = vote_statistics.statistics(campaign, results.tally.composite, cast,
                                       vote_statistics.sql_pass(session, campaign, results.distribution),
                                       population=max(population, cast))
    return found.composite, results.tally


def discrepancy(session: Session, declaration: Declaration) -> Discrepancy | None:
    """The closed spot check against the self-check; None while there is none or it is not closed.

    The spot check samples the enterprise's workforce, so its estimate is of the headcount, not of
    the sampled electorate (whose census it would otherwise be); the self-check's is of its electorate.
    """
    survey = survey_of(session, declaration)
    if survey is None or not survey.is_closed:
        return None
    own = declaration.campaign
    before, before_tally = _self_check(session, own)
    after, after_tally = _spot_check(session, survey, declaration.enterprise.headcount)
    old = {item.key: item for item in own.questionnaire.items}
    counted = {item.key: item for item in before_tally.items}
    score = own.method == rules.SCORE
    pairs = [(item.key, (counted[item.key].satisfied, counted[item.key].answered), (item.satisfied, item.answered),
              comparison.refusal(old[item.key], new, score))
             for item, new in zip(after_tally.items, _scored(survey)) if item.key in counted]
    found = compare(before, after, pairs)
    weights = {item.key: item.weight for item in before_tally.items}
    if (own.method != survey.method or any(refused for *_rest, refused in pairs)
            or weights != {item.key: item.weight for item in after_tally.items}):
        return dataclasses.replace(found, p_value=None, flagged=False, reason="questionnaire_changed")
    return found


def _scored(campaign: Campaign):
    return [item for item in campaign.questionnaire.items if item.kind == ItemKind.SCORED]
