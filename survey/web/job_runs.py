"""The worker (`flask --app wsgi worker`), at the edge where its transactions are committed: its loop,
which claims one job at a time (`work_once`) and commits each job's end, and what it runs for each kind
of job: the close (`jobs.closing`, committed step by step), the ballot files and the slips — the same
writers the requests use, in the language the job was asked in."""
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import current_app, g
from flask_babel import force_locale
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..data import jobs as store
from ..data.enums import JobKind
from ..data.models import Job
from ..domain import campaigns, codes, jobs, sealed_box, seals
from ..domain.clock import utcnow
from ..domain.errors import HarmonyError
from .common import committed
from .downloads import codes_names, slip_links, slips_pdf
from .seal_report import export_words
from .sealed_files import BALLOT_FILES

log = logging.getLogger(__name__)


@contextmanager
def _in_language(lang: str) -> Iterator[None]:
    """The job's language, in an application context of its own (the worker runs many jobs)."""
    with current_app.app_context(), force_locale(lang):
        g.lang = lang
        yield


def run_export(run: jobs.Run) -> None:
    """A ballot file of a sealed vote, written as the request would have sent it, the ballots counted."""
    params, found = run.job.params, seals.of_campaign(run.session, run.job.campaign)
    file = BALLOT_FILES[params["format"]]
    with _in_language(params["lang"]):
        words = export_words(keys=params["labels"] == "keys")
    with run.output(file.extension, file.name(found), file.mimetype) as out:
        file.write(run.session, found, words, out, tap=lambda ballots: run.counted(ballots, found.summary["cast"]))


def run_slips(run: jobs.Run) -> None:
    """Make the batch's codes, print them, seal the file to the asking browser's key, and keep the
    codes' hashes — with the job's end, in one transaction, so a failed job issues no code."""
    params, campaign = run.job.params, run.job.campaign
    count, limit = params["count"], current_app.config["MAX_CODES_PER_BATCH"]
    campaigns.check_batch(run.session, campaign, count, limit, params["spare"])
    plain = [codes.new_code() for _ in range(count)]
    pdf = slips_pdf(run.counted(slip_links(plain, params["base"]), count), params["words"])
    issued = campaigns.turnout(run.session, campaign).issued + count
    with _in_language(params["lang"]):
        name, _fallback = codes_names(campaign, count, issued, "pdf")
    with run.output("pdf.sealed", name, "application/pdf") as out:
        out.write(sealed_box.seal(params["public_key"], pdf))
    campaigns.store_codes(run.session, campaign, plain, limit, params["spare"])


def run_close(run: jobs.Run) -> None:
    """The close job, each of its steps committed."""
    committed(jobs.closing(run), run.session)


RUNNERS: dict[str, jobs.Runner] = {JobKind.CLOSE: run_close, JobKind.EXPORT: run_export,
                                   JobKind.SLIPS: run_slips}


def work_once(engine: Engine, sessions: Callable[[], Session], runners: Mapping[str, jobs.Runner],
              settings: jobs.WorkerSettings, clock: Callable[[], datetime] = utcnow) -> bool:
    """Claim a job and run it to its end (done, failed, or back in the queue if the worker is
    stopped); False when no job was waiting."""
    now = clock()
    stale_before = now - timedelta(seconds=settings.stale_seconds)
    store.give_up_stale(engine, stale_before, settings.max_attempts, now, "job_abandoned")
    claimed = store.claim(engine, now, stale_before)
    if claimed is None:
        return False
    job_id, attempt = claimed
    with sessions() as session:
        job = session.get(Job, job_id)
        _run(jobs.Run(engine, session, job, attempt, settings, clock), runners[job.kind])
    return True


def _run(run: jobs.Run, runner: jobs.Runner) -> None:
    session, job = run.session, run.job
    try:
        runner(run)
        if not store.finish(session, job.id, run.attempt, run.clock(), run.result):
            raise jobs.Superseded(job.id)
        session.commit()
        if run.afterwards is not None:
            _logged(run.afterwards)
    except jobs.Superseded:
        _undo(run)
        log.info("job %s was taken again by another worker", job.id)
    except HarmonyError as refused:
        _undo(run)
        store.fail(run.engine, job.id, run.attempt, refused.key, run.clock())
    except Exception:
        log.exception("job %s (%s) failed", job.id, job.kind)
        _undo(run)
        store.fail(run.engine, job.id, run.attempt, "job_failed", run.clock())
    except BaseException:  # the worker is stopped: the job waits for the next one
        _undo(run)
        store.release(run.engine, job.id, run.attempt)
        raise


def _undo(run: jobs.Run) -> None:
    run.session.rollback()
    run.discard()


def work(engine: Engine, sessions: Callable[[], Session], runners: Mapping[str, jobs.Runner],
         settings: jobs.WorkerSettings, every_minute: Callable[[], None], idle: float = 1.0) -> None:
    """The worker's loop, until the process is stopped: run jobs while there are any, else wait `idle`
    seconds; `every_minute` (the votes due to close, the files to forget) once a minute."""
    minute = 0.0
    while True:
        if time.monotonic() >= minute:
            minute = time.monotonic() + 60
            _logged(every_minute)
        if not _logged(lambda: work_once(engine, sessions, runners, settings)):
            time.sleep(idle)


def _logged(step: Callable[[], object]) -> object:
    """A step of the loop; an error (the database gone for a moment) is logged and the loop goes on."""
    try:
        return step()
    except Exception:
        log.exception("the worker's step failed; trying again")
        return False
