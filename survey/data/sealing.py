"""Seals of closed votes, and the anonymous ballots read back as a stream for the canonical file."""
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Answer, Ballot, Item, Option, Seal

STREAM_BATCH = 5_000


def of_campaign(session: Session, campaign_id: int) -> Seal | None:
    return session.get(Seal, campaign_id)


def by_digest(session: Session, sha256: str) -> Seal | None:
    return session.scalar(select(Seal).where(Seal.sha256 == sha256))


def ballot_rows(session: Session, campaign_id: int) -> Iterator[tuple[str, str | None, str | None, str | None]]:
    """(ballot key, item key, option key, text) of every answer, by ballot key, streamed in batches.

    A ballot without answers gives one row of Nones after its key. Keys are lowercase hex of one
    length, so every collation orders them as bytes do.
    """
    ballot, answer, item, option = Ballot.__table__, Answer.__table__, Item.__table__, Option.__table__
    statement = (
        select(ballot.c.id, item.c.key, option.c.key, answer.c.text)
        .select_from(ballot.outerjoin(answer, answer.c.ballot_id == ballot.c.id)
                     .outerjoin(item, item.c.id == answer.c.item_id)
                     .outerjoin(option, option.c.id == answer.c.option_id))
        .where(ballot.c.campaign_id == campaign_id)
        .order_by(ballot.c.id, answer.c.item_id)
    )
    result = session.execute(statement, execution_options={"yield_per": STREAM_BATCH})
    try:
        yield from result.tuples()
    finally:
        result.close()
