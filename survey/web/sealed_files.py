"""Sealed results as files and JSON, for the staff pages and the JSON API alike: the exports, the
self-check attachment PDF, and the seal in the results API. No routes here: the blueprint `sealed`
(signed-in staff) and `api` (Bearer key) both answer with these.

`GET …/export?format=` json (the sealed file, byte for byte) | csv | xlsx (ballots) | summary.xlsx;
`&labels=text` puts questions and option texts (in the page's language) instead of keys, and names
the sheets and the codebook's columns in it: the default of the workbooks (CSV: keys). Every ballot
file hides the departments the published breakdown hides (`seals.masking_of`).
"""
import dataclasses
import io
import tempfile
from collections.abc import Iterator

from flask import Response, current_app, request, send_file
from sqlalchemy.orm import Session

from ..data.models import Campaign, Seal
from ..domain import seals, summary
from ..domain.errors import Invalid
from ..domain.sealing import Masking
from ..extensions import db
from ..printing import exports
from ..printing.attachment import render_attachment
from .downloads import download
from .seal_report import answer_counts, export_words, report, verify_url
from .statistics import attachment_section

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def _words(default: str) -> exports.Words:
    labels = request.args.get("labels", default)
    if labels not in ("keys", "text"):
        raise Invalid("invalid_input", errors={"labels": "export_labels"})
    return export_words(keys=labels == "keys")


def _ballot_rows(session: Session, found: Seal, masking: Masking | None, words: exports.Words) -> Iterator[list[str]]:
    return exports.ballot_rows(found.settings, seals.ballots_of(session, found.campaign_id, masking), words)


def _json(found: Seal) -> Response:
    return download(_stream(lambda session: seals.canonical_file(session, found)), "application/json",
                     f"harmony-seal-{found.campaign_id}-{found.sha256[:12]}.json")


def _csv(found: Seal) -> Response:
    words, masking = _words("keys"), seals.masking_of(db(), found)
    return download(_stream(lambda session: exports.csv_chunks(_ballot_rows(session, found, masking, words))),
                     "text/csv; charset=utf-8", f"harmony-ballots-{found.campaign_id}.csv")


def _xlsx(found: Seal) -> Response:
    words = _words("text")
    rows = _ballot_rows(db(), found, seals.masking_of(db(), found), words)
    return _spreadsheet(lambda out: exports.ballots_workbook(out, rows, found.settings, words),
                        f"harmony-ballots-{found.campaign_id}.xlsx")


def _summary_xlsx(found: Seal) -> Response:
    words = _words("text")
    sheets = dataclasses.replace(report(found), counts=answer_counts(found, seals.masking_of(db(), found)))
    return _spreadsheet(lambda out: exports.summary_workbook(out, sheets, words),
                        f"harmony-summary-{found.campaign_id}.xlsx")


EXPORTS = {"json": _json, "csv": _csv, "xlsx": _xlsx, "summary.xlsx": _summary_xlsx}


def export_response(campaign: Campaign) -> Response:
    found = seals.of_campaign(db(), campaign)
    writer = EXPORTS.get(request.args.get("format", "json"))
    if writer is None:
        raise Invalid("invalid_input", errors={"format": "export_format"})
    return writer(found)


def attachment_response(campaign: Campaign) -> Response:
    """The A4 self-check attachment (自查结果附件); extra sections go to `render_attachment(…, sections=[…])`."""
    found = seals.of_campaign(db(), campaign)
    out = io.BytesIO()
    render_attachment(out, report(found), sections=[attachment_section(summary.summarize(db(), campaign))])
    return download(out.getvalue(), "application/pdf", f"harmony-attachment-{found.campaign_id}.pdf")
