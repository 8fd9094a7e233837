"""Jobs (后台任务) in SQL: queued once, claimed by one worker at a time, their progress and end.

Claiming is one guarded statement: `UPDATE job … WHERE id = (the oldest claimable job) RETURNING`.
On PostgreSQL the inner select locks that row `FOR UPDATE SKIP LOCKED`, so several workers (on
several nodes) each take a different job; SQLite has one writer at a time, and the statement runs
under its write lock. Every later update names the attempt it belongs to (`attempts`, raised by each
claim), so a worker whose job was taken again after it fell silent changes nothing any more.
"""
from datetime import datetime

from sqlalchemy import Engine, and_, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .enums import JobKind, JobState
from .models import Job
from .models.jobs import ACTIVE

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def add(session: Session, values: dict) -> Job:
    """Queue a job; when an active job shares its `dedupe`, that job instead (the unique index
    over active jobs decides, so two requests at once still queue one)."""
    statement = INSERTS[session.get_bind().dialect.name](Job).values(
        state=JobState.QUEUED, done=0, attempts=0, **values)
    if values.get("dedupe") is not None:
        statement = statement.on_conflict_do_nothing(index_elements=["dedupe"], index_where=text(ACTIVE))
    added = session.execute(statement.returning(Job.id)).scalar()
    return session.get(Job, added) if added is not None else active(session, values["dedupe"])


def active(session: Session, dedupe: str) -> Job | None:
    return session.scalars(select(Job).where(Job.dedupe == dedupe, text(ACTIVE))).first()


def latest_done(session: Session, dedupe: str) -> Job | None:
    """The newest finished job of this kind of work whose file is still kept."""
    return session.scalars(select(Job).where(Job.dedupe == dedupe, Job.state == JobState.DONE,
                                             Job.result_path.is_not(None)).order_by(Job.id.desc())).first()


def active_close(session: Session, campaign_id: int) -> Job | None:
    return session.scalars(select(Job).where(Job.campaign_id == campaign_id, Job.kind == JobKind.CLOSE,
                                             text(ACTIVE))).first()


def _claimable(stale_before: datetime):
    return or_(Job.state == JobState.QUEUED,
               and_(Job.state == JobState.RUNNING, Job.heartbeat_at < stale_before))


def give_up_stale(engine: Engine, stale_before: datetime, max_attempts: int, now: datetime, key: str) -> None:
    """A running job silent since `stale_before` that was claimed `max_attempts` times already fails."""
    with engine.begin() as connection:
        connection.execute(update(Job).where(Job.state == JobState.RUNNING, Job.heartbeat_at < stale_before,
                                             Job.attempts >= max_attempts)
                           .values(state=JobState.FAILED, error=key, finished_at=now))


def claim(engine: Engine, now: datetime, stale_before: datetime) -> tuple[int, int] | None:
    """Take the oldest queued job, or a running one silent since `stale_before` (its worker died):
    (job id, attempt), or None when there is none."""
    oldest = (select(Job.id).where(_claimable(stale_before)).order_by(Job.id).limit(1)
              .with_for_update(skip_locked=True).scalar_subquery())
    with engine.begin() as connection:
        taken = connection.execute(
            update(Job).where(Job.id == oldest, _claimable(stale_before))
            .values(state=JobState.RUNNING, attempts=Job.attempts + 1, error=None, started_at=now, heartbeat_at=now)
            .returning(Job.id, Job.attempts)).first()
    return tuple(taken) if taken else None


def _ours(job_id: int, attempt: int):
    return and_(Job.id == job_id, Job.attempts == attempt, Job.state == JobState.RUNNING)


def report(engine: Engine, job_id: int, attempt: int, done: int, total: int | None, now: datetime) -> bool:
    """Progress (and a sign of life); False when the job is no longer this attempt's."""
    with engine.begin() as connection:
        return connection.execute(update(Job).where(_ours(job_id, attempt))
                                  .values(done=done, total=total, heartbeat_at=now)).rowcount == 1


def finish(executor, job_id: int, attempt: int, now: datetime, result: dict) -> bool:
    """Done, with its file (`result_path`, `result_name`, `result_type`) if any, in the caller's
    transaction (a session's or a connection's); False when the job is no longer this attempt's."""
    return executor.execute(update(Job).where(_ours(job_id, attempt))
                            .values(state=JobState.DONE, finished_at=now, heartbeat_at=now, **result)).rowcount == 1


def fail(engine: Engine, job_id: int, attempt: int, key: str, now: datetime) -> None:
    with engine.begin() as connection:
        connection.execute(update(Job).where(_ours(job_id, attempt))
                           .values(state=JobState.FAILED, error=key, finished_at=now))


def release(engine: Engine, job_id: int, attempt: int) -> None:
    """Back in the queue, as it was: the worker stops before the job is done."""
    with engine.begin() as connection:
        connection.execute(update(Job).where(_ours(job_id, attempt)).values(state=JobState.QUEUED))


def requeue(session: Session, job: Job) -> bool:
    """A failed job queued again; False when it is not failed (any more)."""
    done = session.execute(update(Job).where(Job.id == job.id, Job.state == JobState.FAILED)
                           .values(state=JobState.QUEUED, error=None, done=0, finished_at=None)).rowcount == 1
    session.refresh(job)
    return done


def files_older_than(session: Session, before: datetime) -> list[Job]:
    """Finished jobs whose file was kept since before `before`."""
    return list(session.scalars(select(Job).where(Job.result_path.is_not(None), Job.finished_at < before)))
