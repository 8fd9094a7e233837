"""File downloads for staff: PDFs, and fresh codes handed over once as slips or a CSV list."""
import csv
import io

from flask import Response, current_app, request
from flask_babel import force_locale, gettext as _

from ..domain import codes
from ..printing.slips import render_slips
from .common import public_base


def download(body, mimetype: str, name: str) -> Response:
    """An attachment that no cache keeps."""
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f"attachment; filename={name}", "Cache-Control": "no-store"})


def pdf_download(body: bytes, name: str) -> Response:
    return download(body, "application/pdf", name)


def codes_download(found, plain: list[str]) -> Response:
    """Fresh codes of a vote (a campaign, or a congress's motion or election: anything with a title,
    an id and an enterprise) handed over once: A4 slips, or a CSV list with `format=csv`."""
    base = public_base()
    links = [(codes.display(code), f"{base}/v/{code}") for code in plain]
    if request.form.get("format") == "csv":
        return _codes_csv(found, links)
    return _codes_pdf(found, links, base)


def _codes_csv(found, links) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["code", "url"])
    writer.writerows(links)
    return download(out.getvalue(), "text/csv; charset=utf-8", f"codes-{found.id}.csv")


def _in_every_language(render) -> list[str]:
    """Slips are printed for everyone: each text in Chinese and in English."""
    lines = []
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            lines.append(render())
    return lines


def _codes_pdf(found, links, base: str) -> Response:
    out = io.BytesIO()
    render_slips(links, out, title=found.enterprise.name, subtitle=found.title,
                 instructions=_in_every_language(
                     lambda: _("Scan the QR code, or open %(url)s and type the code.", url=f"{base}/v")),
                 code_label=" ".join(_in_every_language(lambda: _("Ballot code"))))
    return pdf_download(out.getvalue(), f"slips-{found.id}.pdf")
