"""The union hierarchy, its enterprises and the staff accounts that work on them."""
import secrets
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class Jurisdiction(Base):
    """上级工会/辖区: a node of the union hierarchy (city → district → …)."""

    __tablename__ = "jurisdiction"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    concern_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")  # days to answer a concern


class Enterprise(Base):
    """企业, identified by its 统一社会信用代码 (unified social credit code)."""

    __tablename__ = "enterprise"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    headcount: Mapped[int] = mapped_column(Integer)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdiction.id"), index=True)
    departments: Mapped[list] = mapped_column(JSON, default=list)
    # The opaque token in its concern QR (诉求二维码); a new one retires the old. Always set (given at creation,
    # and by the migration to every enterprise before it); nullable only because SQLite cannot add a NOT NULL
    # column without rebuilding the table, which its foreign keys forbid.
    concern_token: Mapped[str | None] = mapped_column(String(32), index=True, unique=True,
                                                      default=lambda: Enterprise.new_concern_token())

    @staticmethod
    def new_concern_token() -> str:
        return secrets.token_hex(16)


class User(Base):
    """A staff account: admin, assessor (考核人员, a jurisdiction) or chair (工会主席, an enterprise)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprise.id"))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdiction.id"))
    api_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    blocked_until: Mapped[datetime | None]
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Flask-Login's user protocol, written out so this layer stays free of Flask.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        """The id a session keeps: with the session version, so a new version ends older sessions."""
        return f"{self.id}:{self.session_version}"
