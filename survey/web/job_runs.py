"""What the worker runs for each kind of job: the close (`jobs.run_close`), the ballot files and the
slips — the same writers the requests use, in the language the job was asked in."""
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, g
from flask_babel import force_locale

from ..data.enums import JobKind
from ..domain import campaigns, codes, jobs, sealed_box, seals
from .downloads import codes_names, slip_links, slips_pdf
from .seal_report import export_words
from .sealed_files import BALLOT_FILES


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


RUNNERS: dict[str, jobs.Runner] = {JobKind.CLOSE: jobs.run_close, JobKind.EXPORT: run_export,
                                   JobKind.SLIPS: run_slips}
