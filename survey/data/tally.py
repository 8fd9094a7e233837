"""Counting in SQL: a tally groups answers by (item, option) without loading a single ballot."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Answer, Ballot, BallotCode, Campaign, Item, Option


def cast_and_valid(session: Session, campaign_id: int) -> tuple[int, int]:
    cast, valid = session.execute(
        select(func.count(), func.count().filter(Ballot.valid)).where(Ballot.campaign_id == campaign_id)
    ).one()
    return cast, valid


def codes_issued(session: Session, campaign_id: int) -> tuple[int, int]:
    """(issued, used) code counts: kept on the vote once it closed (its used codes are gone), counted before."""
    kept = session.execute(select(Campaign.codes_issued, Campaign.codes_used).where(Campaign.id == campaign_id)).first()
    if kept and kept[0] is not None:
        return kept[0], kept[1]
    issued, used = session.execute(
        select(func.count(), func.count().filter(BallotCode.used)).where(BallotCode.campaign_id == campaign_id)
    ).one()
    return issued, used


def option_counts(session: Session, campaign_id: int, questionnaire_id: int) -> list[tuple[str, str, int]]:
    """(item key, option key, answers) for every option of every item, zero counts included.

    The campaign's ballot index hands over its ballots in key order, and each ballot's answers
    lie under its key, so the count walks the answers in storage order.
    """
    counted = (
        select(Answer.option_id, func.count().label("n"))
        .select_from(Ballot).join(Answer, Answer.ballot_id == Ballot.id)
        .where(Ballot.campaign_id == campaign_id, Answer.option_id.is_not(None))
        .group_by(Answer.option_id)
        .subquery()
    )
    rows = session.execute(
        select(Item.key, Option.key, func.coalesce(counted.c.n, 0))
        .join(Option, Option.item_id == Item.id)
        .outerjoin(counted, counted.c.option_id == Option.id)
        .where(Item.questionnaire_id == questionnaire_id)
        .order_by(Item.position, Option.position)
    ).all()
    return [tuple(row) for row in rows]


def free_texts(session: Session, campaign_id: int, item_id: int, limit: int) -> tuple[list[str], int]:
    """The first `limit` free answers to one item in order of their text, and how many there are.

    Nothing else of the ballot comes with them, and the order is the texts' own: neither arrival
    nor a department can be read from it.
    """
    answered = (select(Answer.text).join(Ballot, Ballot.id == Answer.ballot_id)
                .where(Ballot.campaign_id == campaign_id, Answer.item_id == item_id, Answer.text.is_not(None)))
    texts = session.scalars(answered.order_by(Answer.text).limit(limit)).all()
    total = session.scalar(select(func.count()).select_from(answered.subquery()))
    return list(texts), total


def rewritten(executor, campaign_id: int) -> int | None:
    """A closed vote's ballots rewritten in key order so far (`scrub`), through its mark; None once the
    rewrite is over (or was never due). `executor`: a session or a connection."""
    mark = executor.execute(select(Campaign.scrub_after).where(Campaign.id == campaign_id)).scalar()
    if mark is None:
        return None
    return executor.execute(select(func.count()).where(Ballot.campaign_id == campaign_id,
                                                       Ballot.id <= mark)).scalar()
