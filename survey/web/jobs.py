"""The progress page of a job (后台任务) for the staff who asked, its file and its retry."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from ..domain import jobs
from ..extensions import db
from ..messages import JOB_KINDS, JOB_STATES, message
from .job_views import file_response, has_file, to_page

bp = Blueprint("jobs", __name__)
REFRESH_SECONDS = 2  # a queued or running job's page reloads itself, without JavaScript


@bp.get("/jobs/<int:job_id>")
@login_required
def show(job_id: int):
    job = jobs.visible(db(), current_user, job_id)
    return render_template("jobs/job.html", job=job, kind=JOB_KINDS[job.kind], state=JOB_STATES[job.state],
                           error=message(job.error) if job.error else None, has_file=has_file(job),
                           refresh=REFRESH_SECONDS)


@bp.get("/jobs/<int:job_id>/file")
@login_required
def job_file(job_id: int):
    return file_response(jobs.visible(db(), current_user, job_id))


@bp.post("/jobs/<int:job_id>/retry")
@login_required
def retry(job_id: int):
    job = jobs.retry(db(), current_user, jobs.visible(db(), current_user, job_id))
    db().commit()
    return to_page(job)
