"""Seals of closed satisfaction votes."""
from sqlalchemy import JSON, BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Seal(Base):
    """封存: the SHA-256 of a closed vote's canonical file, with the settings, summary and statistics it holds.

    They are kept as sealed, so the file is written again byte for byte from
    them and the ballots; a ballot changed afterwards changes the file, and no longer matches.
    """

    __tablename__ = "seal"
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    settings: Mapped[dict] = mapped_column(JSON)
    summary: Mapped[dict] = mapped_column(JSON)
    statistics: Mapped[dict | None] = mapped_column(JSON)  # harmony-seal/3; None when sealed before
