"""The jobs API (Bearer keys): a job's state and progress, its file, its retry."""
from flask import Blueprint, g, jsonify

from ..domain import jobs
from ..extensions import db
from .api_keys import require_key
from .job_views import accepted, file_response, job_json

bp = Blueprint("api_jobs", __name__, url_prefix="/api/v1")
bp.before_request(require_key())


@bp.get("/jobs/<int:job_id>")
def show_job(job_id: int):
    return jsonify(job_json(jobs.visible(db(), g.user, job_id)))


@bp.get("/jobs/<int:job_id>/file")
def job_file(job_id: int):
    return file_response(jobs.visible(db(), g.user, job_id))


@bp.post("/jobs/<int:job_id>/retry")
def retry_job(job_id: int):
    job = jobs.retry(db(), g.user, jobs.visible(db(), g.user, job_id))
    db().commit()
    return accepted(job)
