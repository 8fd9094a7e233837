"""Sealed results as files and JSON, for the staff pages and the JSON API alike: the exports, the
self-check attachment PDF, and the seal in the results API. No routes here: the blueprint `sealed`
(signed-in staff) and `api` (Bearer key) both answer with these.

`GET …/export?format=` json (the sealed file, byte for byte) | csv | xlsx (ballots) | summary.xlsx;
`&labels=text` puts questions and option texts (in the page's language) instead of keys, and names
the sheets and the codebook's columns in it: the default of the workbooks (CSV: keys). Every ballot
file hides the departments the published breakdown hides (`seals.masking_of`).

The ballot files grow with the ballots: above `JOB_EXPORT_BALLOTS` a job writes them (`jobs.export`)
and the request answers with the job; the job writes the very bytes the request would have sent.
"""
import dataclasses
import io
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from flask import Response, current_app, request, send_file
from sqlalchemy.orm import Session

from ..data.models import Campaign, Seal, User
from ..domain import jobs, seals, summary
from ..domain.errors import Invalid
from ..extensions import db
from ..printing import exports
from ..printing.attachment import render_attachment
from .common import utcnow
from .downloads import download
from .seal_report import answer_counts, export_words, language, report, verify_url
from .statistics import attachment_section

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Tap = Callable[[Iterator], Iterator]  # what the ballots pass through on their way into a file


def seal_json(campaign: Campaign) -> dict | None:
    """The results API's `seal`: the digest and the public page showing it; None if never sealed."""
    found = seals.seal_if_closed(db(), campaign)
    return {"sha256": found.sha256, "verify_url": verify_url(found.sha256)} if found else None


def _spreadsheet(write, name: str) -> Response:
    """An XLSX written to a temporary file (a zip cannot be streamed as it is written), then sent."""
    out = tempfile.TemporaryFile()
    write(out)
    out.seek(0)
    response = send_file(out, mimetype=XLSX, as_attachment=True, download_name=name)
    response.headers["Cache-Control"] = "no-store"
    return response


def _stream(produce) -> Iterator:
    """Chunks read with a session of the stream's own: the request's session ends before the body is sent."""
    factory = current_app.extensions["harmony.sessions"].session_factory

    def chunks():
        with factory() as session:
            yield from produce(session)
    return chunks()


def _labels(default: str) -> str:
    labels = request.args.get("labels", default)
    if labels not in ("keys", "text"):
        raise Invalid("invalid_input", errors={"labels": "export_labels"})
    return labels


def _ballot_rows(session: Session, found: Seal, words: exports.Words, tap: Tap) -> Iterator[list[str]]:
    ballots = seals.ballots_of(session, found.campaign_id, seals.masking_of(session, found))
    return exports.ballot_rows(found.settings, tap(ballots), words)


def _json_chunks(session: Session, found: Seal, _words: exports.Words, tap: Tap) -> Iterator[bytes]:
    return seals.canonical_file(session, found, tap)


def _csv_chunks(session: Session, found: Seal, words: exports.Words, tap: Tap) -> Iterator[bytes]:
    return (chunk.encode() for chunk in exports.csv_chunks(_ballot_rows(session, found, words, tap)))


def _xlsx_into(session: Session, found: Seal, words: exports.Words, tap: Tap, out: BinaryIO) -> None:
    exports.ballots_workbook(out, _ballot_rows(session, found, words, tap), found.settings, words)


@dataclass(frozen=True)
class BallotFile:
    """A file of the ballots: how it is named, its type and its default labels, and how it is made —
    as chunks (sent as they come) or into a file (a workbook)."""

    extension: str
    mimetype: str
    default_labels: str  # labels=keys or text when not asked
    name: Callable[[Seal], str]
    chunks: Callable[[Session, Seal, exports.Words, Tap], Iterator[bytes]] | None = None
    into: Callable[[Session, Seal, exports.Words, Tap, BinaryIO], None] | None = None

    def write(self, session: Session, found: Seal, words: exports.Words, out: BinaryIO, tap: Tap = iter) -> None:
        if self.into is not None:
            self.into(session, found, words, tap, out)
            return
        for chunk in self.chunks(session, found, words, tap):
            out.write(chunk)

    def response(self, found: Seal, words: exports.Words) -> Response:
        if self.into is not None:
            return _spreadsheet(lambda out: self.into(db(), found, words, iter, out), self.name(found))
        return download(_stream(lambda session: self.chunks(session, found, words, iter)), self.mimetype,
                        self.name(found))


BALLOT_FILES = {
    "json": BallotFile("json", "application/json", "keys",
                       lambda found: f"harmony-seal-{found.campaign_id}-{found.sha256[:12]}.json", chunks=_json_chunks),
    "csv": BallotFile("csv", "text/csv; charset=utf-8", "keys",
                      lambda found: f"harmony-ballots-{found.campaign_id}.csv", chunks=_csv_chunks),
    "xlsx": BallotFile("xlsx", XLSX, "text", lambda found: f"harmony-ballots-{found.campaign_id}.xlsx",
                       into=_xlsx_into),
}


def _summary_xlsx(found: Seal) -> Response:
    words = export_words(keys=_labels("text") == "keys")
    sheets = dataclasses.replace(report(found), counts=answer_counts(found, seals.masking_of(db(), found)))
    return _spreadsheet(lambda out: exports.summary_workbook(out, sheets, words),
                        f"harmony-summary-{found.campaign_id}.xlsx")


def export_response(campaign: Campaign, user: User, started: Callable) -> Response:
    """The file asked for by ?format=, or — for a ballot file of a large vote — `started(job)`, the
    answer that the job writing it was started (a redirect to its page, or 202 in the API)."""
    found = seals.of_campaign(db(), campaign)
    chosen = request.args.get("format", "json")
    if chosen == "summary.xlsx":
        return _summary_xlsx(found)
    if chosen not in BALLOT_FILES:
        raise Invalid("invalid_input", errors={"format": "export_format"})
    worded = chosen != "json"  # the sealed file has keys only, in no language
    labels = _labels(BALLOT_FILES[chosen].default_labels) if worded else "keys"
    params = {"format": chosen, "labels": labels, "lang": language() if worded else "zh"}
    job = jobs.export(db(), user, campaign, found, params, utcnow(), jobs.Limits.of(current_app.config))
    if job is not None:
        db().commit()
        return started(job)
    return BALLOT_FILES[chosen].response(found, export_words(keys=labels == "keys"))


def attachment_response(campaign: Campaign) -> Response:
    """The A4 self-check attachment (自查结果附件); extra sections go to `render_attachment(…, sections=[…])`."""
    found = seals.of_campaign(db(), campaign)
    out = io.BytesIO()
    render_attachment(out, report(found), sections=[attachment_section(summary.summarize(db(), campaign))])
    return download(out.getvalue(), "application/pdf", f"harmony-attachment-{found.campaign_id}.pdf")
