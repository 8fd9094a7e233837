"""The jurisdiction's board (辖区看板) in SQL: enterprises and the standing levels per jurisdiction, and each
enterprise's latest sealed self-check and spot-check survey as their seals state them (never the ballots)."""
from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .enums import CampaignState, DeclarationState, TitleState
from .models import Campaign, Cycle, Declaration, Enterprise, Jurisdiction, Seal, Title


def tree(session: Session) -> list[tuple[int, int | None, str]]:
    """Every jurisdiction as (id, parent, name): the hierarchy is small, read at once."""
    return [tuple(row) for row in session.execute(select(Jurisdiction.id, Jurisdiction.parent_id, Jurisdiction.name))]


def enterprises_per_jurisdiction(session: Session, jurisdiction_ids: Iterable[int]) -> dict[int, int]:
    return dict(session.execute(select(Enterprise.jurisdiction_id, func.count()).where(
        Enterprise.jurisdiction_id.in_(list(jurisdiction_ids))).group_by(Enterprise.jurisdiction_id)).all())


def levels_per_jurisdiction(session: Session, jurisdiction_ids: Iterable[int]) -> dict[tuple[int, str], int]:
    """How many enterprises of each jurisdiction hold each level as their highest standing title (named or
    under a yellow card; "A" < "AA" < "AAA" as text, so the maximum is the highest)."""
    held = (select(Enterprise.id.label("enterprise"), Enterprise.jurisdiction_id.label("jurisdiction"),
                   func.max(Declaration.level).label("level"))
            .join(Declaration, Declaration.enterprise_id == Enterprise.id)
            .outerjoin(Title, Title.declaration_id == Declaration.id)
            .where(Enterprise.jurisdiction_id.in_(list(jurisdiction_ids)), Declaration.state == DeclarationState.NAMED,
                   or_(Title.id.is_(None), Title.state.in_([TitleState.NAMED, TitleState.YELLOW_CARD])))
            .group_by(Enterprise.id, Enterprise.jurisdiction_id).subquery())
    rows = session.execute(select(held.c.jurisdiction, held.c.level, func.count()).group_by(held.c.jurisdiction,
                                                                                             held.c.level))
    return {(jurisdiction, level): count for jurisdiction, level, count in rows}


def latest_seals(session: Session, jurisdiction_ids: Iterable[int]) -> list[tuple]:
    """Per enterprise of these jurisdictions, its latest sealed self-check and latest sealed spot-check survey:
    (enterprise id, name, jurisdiction, spot check?, the campaign, its seal's digest)."""
    spot = Campaign.run_by_jurisdiction_id.is_not(None)
    ranked = (select(Campaign.id.label("campaign"), Campaign.enterprise_id.label("enterprise"), spot.label("spot"),
                     func.row_number().over(partition_by=(Campaign.enterprise_id, spot),
                                            order_by=(Campaign.closed_at.desc(), Campaign.id.desc())).label("rank"))
              .join(Enterprise, Campaign.enterprise_id == Enterprise.id)
              .join(Seal, Seal.campaign_id == Campaign.id)
              .where(Enterprise.jurisdiction_id.in_(list(jurisdiction_ids)), Campaign.state == CampaignState.CLOSED)
              .subquery())
    return [tuple(row) for row in session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.jurisdiction_id, ranked.c.spot, ranked.c.campaign,
               Seal.sha256)
        .join(ranked, ranked.c.enterprise == Enterprise.id).join(Seal, Seal.campaign_id == ranked.c.campaign)
        .where(ranked.c.rank == 1))]


def summaries(session: Session, campaign_ids: Iterable[int]) -> list[tuple[str, dict]]:
    """(digest, summary) of these campaigns' seals. The whole summary, decoded once: extracting each figure in
    SQL would parse the JSON text once per figure."""
    ids, found = list(campaign_ids), []
    for start in range(0, len(ids), 5000):
        found += [tuple(row) for row in session.execute(
            select(Seal.sha256, Seal.summary).where(Seal.campaign_id.in_(ids[start:start + 5000])))]
    return found


def yellow_cards(session: Session, jurisdiction_ids: Iterable[int]) -> list[tuple[date, int, int]]:
    """The open yellow cards of enterprises of these jurisdictions: (deadline, the naming cycle's near days,
    the enterprise's jurisdiction)."""
    return [tuple(row) for row in session.execute(
        select(Title.deadline, Cycle.near_days, Enterprise.jurisdiction_id)
        .join(Enterprise, Title.enterprise_id == Enterprise.id)
        .join(Declaration, Title.declaration_id == Declaration.id).join(Cycle, Declaration.cycle_id == Cycle.id)
        .where(Enterprise.jurisdiction_id.in_(list(jurisdiction_ids)), Title.state == TitleState.YELLOW_CARD))]
