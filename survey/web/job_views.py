"""Jobs for the pages and the API alike: where their files live, their JSON, the answer that one was
started, starting the slips, and the download of a finished job's file."""
from pathlib import Path

from flask import Response, current_app, jsonify, redirect, send_file, session, url_for

from ..data import job_files
from ..data.enums import JobKind
from ..data.models import Campaign, Job, User
from ..domain import jobs, sealed_box
from ..domain.errors import Conflict, Forbidden
from ..extensions import current_language, db
from ..messages import message
from .common import public_base, utcnow
from .downloads import download, slip_words

SLIP_KEYS = "slip_keys"  # the session's keys of the slips files its browser asked for: job id → private key
SLIP_KEYS_KEPT = 5


def limits() -> jobs.Limits:
    return jobs.Limits.of(current_app.config)


def folder() -> Path:
    """The jobs' files: JOB_DIR, or the folder "jobs" of the instance folder."""
    return Path(current_app.config["JOB_DIR"] or Path(current_app.instance_path) / "jobs")


def worker_settings() -> jobs.WorkerSettings:
    config = current_app.config
    return jobs.WorkerSettings(folder(), config["JOB_STALE_SECONDS"], config["JOB_MAX_ATTEMPTS"],
                               config["JOB_FILES_HOURS"], config["JOB_REWRITE_PAUSE"])


def has_file(job: Job) -> bool:
    return job.is_done and job.result_path is not None and job_files.exists(folder(), job.result_path)


def result_url(job: Job) -> str | None:
    """Where the API reads a finished job's result: a closed vote's results, an export's file (slips
    open only in the browser that asked for them)."""
    if job.is_done and job.kind == JobKind.CLOSE:
        return url_for("api.show_results", campaign_id=job.campaign_id)
    if job.kind == JobKind.EXPORT and has_file(job):
        return url_for("api_jobs.job_file", job_id=job.id)
    return None


def job_json(job: Job) -> dict:
    return {"id": job.id, "kind": job.kind, "campaign_id": job.campaign_id, "state": job.state, "done": job.done,
            "total": job.total, "error": job.error, "message": message(job.error) if job.error else None,
            "result_url": result_url(job)}


def accepted(job: Job) -> Response:
    """The API's answer that the work goes on in a job: 202, the job's address in the body and in Location."""
    address = url_for("api_jobs.show_job", job_id=job.id)
    response = jsonify({"job": address, "state": job.state})
    response.status_code = 202
    response.headers["Location"] = address
    return response


def to_page(job: Job) -> Response:
    """The pages' answer that the work goes on in a job: its progress page."""
    return redirect(url_for("jobs.show", job_id=job.id), 303)


def start_slips(campaign: Campaign, user: User, count: int, spare: bool) -> Job:
    """Queue the slips of a large batch. Their file is sealed to a key pair made now: the private key
    stays in this browser's session, so only this browser can open the file (it holds plain codes)."""
    private, public = sealed_box.new_key_pair()
    base = public_base()
    params = {"count": count, "spare": spare, "base": base, "words": slip_words(campaign, base),
              "lang": current_language(), "public_key": public}
    job = jobs.queue_slips(db(), user, campaign, params, current_app.config["MAX_CODES_PER_BATCH"], utcnow())
    db().flush()
    kept = {**session.get(SLIP_KEYS, {}), str(job.id): private}
    session[SLIP_KEYS] = dict(list(kept.items())[-SLIP_KEYS_KEPT:])
    return job


def file_response(job: Job) -> Response:
    """A finished job's file: 409 `job_no_file` before, or once forgotten; slips only for the browser
    holding their key (403 `job_slips_elsewhere`)."""
    if not has_file(job):
        raise Conflict("job_no_file")
    path = job_files.path_of(folder(), job.result_path)
    if job.kind == JobKind.SLIPS:
        return download(_opened(job, path.read_bytes()), job.result_type, job.result_name,
                        f"ballot-codes-{job.campaign_id}-job{job.id}.pdf")
    response = send_file(path, mimetype=job.result_type, as_attachment=True, download_name=job.result_name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _opened(job: Job, sealed: bytes) -> bytes:
    key = session.get(SLIP_KEYS, {}).get(str(job.id))
    if key is None:
        raise Forbidden("job_slips_elsewhere")
    try:
        return sealed_box.open_sealed(key, sealed)
    except sealed_box.CannotOpen:
        raise Forbidden("job_slips_elsewhere") from None
