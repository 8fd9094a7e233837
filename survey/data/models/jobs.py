"""后台任务: staff work run by the worker instead of within a request (`survey.domain.jobs`).

A job is a staff action, not a ballot: it keeps who asked and when. It never holds a code or a
ballot's content: its `params` are the request's choices (format, labels, language, a count) and
its file lies outside the database (`data.job_files`), named by `result_path`.
"""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import JobState
from .base import Base
from .campaigns import Campaign

ACTIVE = f"state IN ('{JobState.QUEUED}', '{JobState.RUNNING}')"


class Job(Base):
    """One piece of long work about one vote: its kind, who asked, its state and progress.

    `dedupe`: jobs that must not run twice at once share it (one close per vote; one export per
    user, vote and choice of file); a unique index over the active ones keeps a second out.
    `attempts` counts the claims: a worker's updates name the attempt they belong to, so a worker
    whose job was taken again after it fell silent can no longer change it."""

    __tablename__ = "job"
    __table_args__ = (Index("uq_job_active", "dedupe", unique=True, sqlite_where=text(ACTIVE),
                            postgresql_where=text(ACTIVE)),
                      Index("ix_job_state", "state", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    requested_by: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    dedupe: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(10), default=JobState.QUEUED)
    done: Mapped[int] = mapped_column(BigInteger, default=0)
    total: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(60))  # a message key (`survey.messages`)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result_path: Mapped[str | None] = mapped_column(String(200))  # under the jobs' folder
    result_name: Mapped[str | None] = mapped_column(String(200))  # the name the download is given
    result_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    campaign: Mapped[Campaign] = relationship()

    @property
    def is_active(self) -> bool:
        return self.state in (JobState.QUEUED, JobState.RUNNING)

    @property
    def is_failed(self) -> bool:
        return self.state == JobState.FAILED

    @property
    def is_done(self) -> bool:
        return self.state == JobState.DONE
