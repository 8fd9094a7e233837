"""Long work off the request path (后台任务): closing a large vote, exporting many ballots, printing
many slips.

A request decides with one rule (`through_job`): below its kind's limit the work is done at once,
as it always was; above it, a job is queued and the request answers with it (a page that shows its
progress, or 202 in the API). The worker (`flask --app wsgi worker`, its loop at the edge in
`web.job_runs`, which commits) claims one job at a time, runs it with its kind's runner and reports
progress (`Run`); a failed job keeps its message key and can be queued again (`retry`); a job left
running by a worker that died is claimed again once it has been silent for the stale time.

A vote is closed by one job at a time (a second close of the same vote is handed the first), and
the close itself stays guarded in SQL (`campaigns.close`): of two workers closing the same vote,
one closes and seals it, the other finds it closed and only helps finish the rewrite.
"""
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..data import job_files, scrub, tally
from ..data import jobs as store
from ..data.enums import CampaignState, JobKind, Role
from ..data.models import Campaign, Job, Seal, User
from . import access, campaigns, lifecycle
from .clock import utcnow
from .errors import Conflict, Forbidden, IllegalTransition, NotFound

REWRITE_SLICE = 1.0  # seconds of a close's rewrite between two progress reports


@dataclass(frozen=True)
class Limits:
    """Above how much a request hands its work to a job: the ballots of a vote to close, the ballots
    of an export, the codes of a slips PDF."""

    close: int = 10_000
    export: int = 100_000
    slips: int = 2_000

    @classmethod
    def of(cls, config: Mapping) -> "Limits":
        return cls(int(config["JOB_THRESHOLD_BALLOTS"]), int(config["JOB_EXPORT_BALLOTS"]),
                   int(config["JOB_SLIPS_CODES"]))


def through_job(kind: str, size: int, limits: Limits) -> bool:
    """The one rule: work larger than its kind's limit goes through a job, smaller work is done at once."""
    return size > getattr(limits, kind)


def _queue(session: Session, kind: str, campaign: Campaign, user: User, now: datetime, params: dict | None = None,
           dedupe: str | None = None) -> Job:
    return store.add(session, {"kind": kind, "campaign_id": campaign.id, "requested_by": user.id,
                               "params": params or {}, "dedupe": dedupe, "created_at": now})


def close(session: Session, user: User, campaign: Campaign, now: datetime, limits: Limits) -> Job | None:
    """Queue the close of a large vote: the job, or the one already queued or running for this vote.
    None: the vote is small, the caller closes it now (`campaigns.closing`, each step committed).
    Refused at once, as the direct close is, when the vote is not open."""
    lifecycle.CAMPAIGN.transition(campaign.state, CampaignState.SEALING)
    if not through_job(JobKind.CLOSE, tally.cast_and_valid(session, campaign.id)[0], limits):
        return None
    return _queue(session, JobKind.CLOSE, campaign, user, now, dedupe=f"close:{campaign.id}")


def close_if_due(session: Session, user: User, campaign: Campaign, now: datetime,
                 limits: Limits) -> tuple[bool, Job | None]:
    """A vote past its closing time, before a manager's action: (True, None) to close now (as `close`
    says), (False, job) its close queued, (False, None) nothing was due."""
    if not lifecycle.due_to_close(campaign.state, campaign.closes_at, now):
        return False, None
    job = close(session, user, campaign, now, limits)
    return job is None, job


def active_close(session: Session, campaign: Campaign) -> Job | None:
    """The close of this vote queued or running, if any (its page links the progress)."""
    return store.active_close(session, campaign.id)


def export(session: Session, user: User, campaign: Campaign, sealed: Seal, params: dict, now: datetime,
           limits: Limits) -> Job | None:
    """None: the caller writes the file at once. Else the job that writes it: the same user's job
    for the same file queued, running or done with its file still kept, or a new one."""
    if not through_job(JobKind.EXPORT, sealed.summary["cast"], limits):
        return None
    choice = ":".join(str(params[name]) for name in sorted(params))
    dedupe = f"export:{campaign.id}:{user.id}:{choice}"
    return store.latest_done(session, dedupe) or _queue(session, JobKind.EXPORT, campaign, user, now, params, dedupe)


def queue_slips(session: Session, user: User, campaign: Campaign, params: dict, limit: int, now: datetime) -> Job:
    """Queue a batch of slips (`through_job` said so): the job makes the codes, prints them and then
    keeps their hashes. A batch the vote cannot take is refused now, and checked again then."""
    campaigns.check_batch(session, campaign, params["count"], limit, params["spare"])
    return _queue(session, JobKind.SLIPS, campaign, user, now, params)


def may_see(session: Session, user: User, job: Job) -> bool:
    """Among those who see its vote (`access.can_see`): the one who asked, an admin, and for a close
    (the same job for whoever closes the vote) everyone who runs the vote."""
    if not access.can_see(session, user, job.campaign):
        return False
    return (user.id == job.requested_by or user.role == Role.ADMIN
            or (job.kind == JobKind.CLOSE and access.can_run(session, user, job.campaign)))


def visible(session: Session, user: User, job_id: int) -> Job:
    """The job if the user may see it; 404 for an unknown one, 403 for another's."""
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("not_found")
    if not may_see(session, user, job):
        raise Forbidden("forbidden")
    return job


def retry(session: Session, user: User, job: Job) -> Job:
    """Queue a failed job again: 409 `job_not_failed` otherwise. A close or slips needs who runs the
    vote. When the same work is queued or running meanwhile, that job."""
    if job.kind != JobKind.EXPORT:
        access.require_campaign(session, user, job.campaign, run=True)
    if not job.is_failed:
        raise Conflict("job_not_failed")
    other = store.active(session, job.dedupe) if job.dedupe else None
    if other is not None:
        return other
    if not store.requeue(session, job):
        raise Conflict("job_not_failed")
    return job


class Superseded(Exception):
    """The job is no longer this attempt's: claimed again after falling silent, or not running any more."""


class Run:
    """One attempt at a job, as its runner sees it: the session to work in, the file to write, the progress."""

    REPORT_EVERY = 0.5  # seconds between two progress reports at most

    def __init__(self, engine: Engine, session: Session, job: Job, attempt: int, settings: "WorkerSettings",
                 clock: Callable[[], datetime] = utcnow):
        self.engine, self.session, self.job, self.attempt, self.settings, self.clock = (
            engine, session, job, attempt, settings, clock)
        self.result: dict = {}
        self.afterwards: Callable[[], object] | None = None  # run once the job's end is committed
        self._reported = 0.0

    def progress(self, done: int, total: int | None, force: bool = False) -> None:
        """Report how far the job is (at most every REPORT_EVERY seconds unless forced); it is also the
        job's sign of life. Raises Superseded when the job is no longer this attempt's."""
        if not force and time.monotonic() - self._reported < self.REPORT_EVERY:
            return
        self._reported = time.monotonic()
        if not store.report(self.engine, self.job.id, self.attempt, done, total, self.clock()):
            raise Superseded(self.job.id)

    def counted(self, items: Iterable, total: int) -> Iterator:
        """The items, reporting each one passed as progress."""
        done = 0
        self.progress(0, total, force=True)
        for done, item in enumerate(items, start=1):
            self.progress(done, total)
            yield item
        self.progress(done, total, force=True)

    @contextmanager
    def output(self, extension: str, name: str, mimetype: str) -> Iterator[BinaryIO]:
        """The job's file, kept as its result once written to the end."""
        file = job_files.name_of(self.job.id, self.attempt, extension)
        with job_files.writing(self.settings.folder, file) as out:
            yield out
        self.result = {"result_path": file, "result_name": name, "result_type": mimetype}

    def discard(self) -> None:
        if self.result:
            job_files.remove(self.settings.folder, self.result["result_path"])


Runner = Callable[[Run], None]


@dataclass(frozen=True)
class WorkerSettings:
    folder: Path  # where the jobs' files are kept
    stale_seconds: int = 300  # a running job silent this long is claimed again
    max_attempts: int = 3  # claims of a job before a silent one fails
    files_hours: int = 24  # a finished job's file is kept this long
    rewrite_pause: float = 3.0  # a close's rewrite rests this many seconds for each second it rewrote


def forget_files(session: Session, folder: Path, now: datetime, hours: int) -> int:
    """Delete the files of jobs finished more than `hours` ago; how many."""
    old = store.files_older_than(session, now - timedelta(hours=hours))
    for job in old:
        job_files.remove(folder, job.result_path)
        job.result_path = None
    return len(old)


def closing(run: Run) -> Iterator[str]:
    """The close job, in steps: the caller commits after each step yielded. Close and seal the vote
    (unless it is closed already), then rewrite its ballots in key order in slices of REWRITE_SLICE
    seconds, each followed by a rest (`rewrite_pause`) that leaves the database to the casts of other
    votes, the progress counting the ballots rewritten (the results are shown from the closing commit on:
    the rewrite only wipes traces); the log is folded last (`scrub.fold`), after the job's own end is
    written, so nothing is written after it."""
    session = run.session
    campaign = session.get(Campaign, run.job.campaign_id)
    yield from _close_once(session, campaign, run.clock())
    total = tally.cast_and_valid(session, campaign.id)[0]
    yield "counted"  # no transaction stays open while the rewrite runs (PostgreSQL's VACUUM would wait)
    run.progress(0, total, force=True)
    rewritten: scrub.Pending = {}
    while True:
        finished, done = scrub.rewrite_pending(run.engine, time.monotonic() + REWRITE_SLICE)
        rewritten.update(finished)
        if done:
            break
        with run.engine.connect() as connection:
            run.progress(tally.rewritten(connection, campaign.id) or 0, total)
        time.sleep(REWRITE_SLICE * run.settings.rewrite_pause)  # other votes' casts first
    run.progress(total, total, force=True)
    run.afterwards = lambda: scrub.fold(run.engine, rewritten)


def _close_once(session: Session, campaign: Campaign, now: datetime) -> Iterator[str]:
    """Close the vote unless it is closed already (a job claimed again, or a vote closed meanwhile);
    finish it if it was left sealing (this job's earlier attempt died on the way)."""
    if campaign.is_open or campaign.is_sealing:
        try:
            yield from campaigns.closing(session, campaign, now)
            return
        except IllegalTransition:
            yield "refused"  # another worker (or close-due) stopped it first: nothing was written
    session.refresh(campaign)
    if campaign.is_sealing:  # the other closer may die on the way: of the two, one stores the seal
        yield from campaigns.finishing(session, campaign)
    elif not campaign.is_closed:
        raise IllegalTransition(campaign.state, CampaignState.CLOSED)
