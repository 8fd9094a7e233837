"""Public notice and naming (公示与命名): the objections anyone may lodge against a proposed enterprise,
and the certificate of a named one.

An objection (异议) is as anonymous as a ballot: a random key, no time finer than the day, no address or
device, and its tracking code (查询码) only as a hash; a name or contact only when the objector gives one.
"""
import secrets
from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..enums import ObjectionState
from .base import Base, SecretRow


class Objection(SecretRow, Base):
    """异议: one objection to a declaration on public notice, open until an assessor answers it with a finding."""

    __tablename__ = "objection"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=lambda: secrets.token_hex(16))
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(100))
    contact: Mapped[str | None] = mapped_column(String(100))
    lodged_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default=ObjectionState.OPEN)
    finding: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_on: Mapped[date | None] = mapped_column(Date)

    @property
    def is_open(self) -> bool:
        return self.state == ObjectionState.OPEN


class Certificate(Base):
    """荣誉证书: the certificate of a named declaration; ``number`` is printed on it and verified in public."""

    __tablename__ = "certificate"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
