"""File downloads for staff: PDFs, and fresh codes handed over once as slips or a CSV list."""
import csv
import io
import re
from collections.abc import Iterator
from urllib.parse import quote

from flask import Response, current_app, request
from flask_babel import force_locale, gettext as _

from ..domain import codes
from ..printing.slips import render_slips
from .common import public_base
from .concern_views import concern_url

# What no common file system takes in a file name: control characters, path separators, Windows' reserved ones.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"*/:<>?\\|]+')
MAX_TITLE_IN_NAME = 60


def disposition(name: str, fallback: str | None = None) -> str:
    """Content-Disposition of an attachment (RFC 6266): a name beyond ASCII goes as RFC 5987
    ``filename*=UTF-8''…``, after the ASCII ``fallback`` for clients that read only ``filename``."""
    if name.isascii():
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(body, mimetype: str, name: str, fallback: str | None = None) -> Response:
    """An attachment that no cache keeps."""
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": disposition(name, fallback), "Cache-Control": "no-store"})


def pdf_download(body: bytes, name: str, fallback: str | None = None) -> Response:
    return download(body, "application/pdf", name, fallback)


def codes_download(found, plain: list[str], issued: int) -> Response:
    """Fresh codes of a vote (a campaign, or a congress's motion or election: anything with a title,
    an id and an enterprise) handed over once: A4 slips, or a CSV list with `format=csv`.

    `issued`: the vote's codes issued so far, this batch included; the file is named after the vote
    and the batch's place among them, ``选票码-2026年度测评-1-200.pdf``."""
    base = public_base()
    links = slip_links(plain, base)
    if request.form.get("format") == "csv":
        return _codes_csv(links, *codes_names(found, len(plain), issued, "csv"))
    return pdf_download(slips_pdf(links, slip_words(found, base)), *codes_names(found, len(plain), issued, "pdf"))


def slip_links(plain: list[str], base: str) -> Iterator[tuple[str, str]]:
    """(the code as printed, the link in its QR code) for each fresh code."""
    return ((codes.display(code), f"{base}/v/{code}") for code in plain)


def codes_names(found, count: int, issued: int, extension: str) -> tuple[str, str]:
    """The file's name, and its ASCII fallback ``ballot-codes-<vote id>-<batch>``: the batch of `count`
    codes whose last is the vote's `issued`-th."""
    batch = f"{issued - count + 1}-{issued}"
    title = _UNSAFE.sub("_", found.title).strip(" ._")[:MAX_TITLE_IN_NAME] or str(found.id)
    prefix = _("ballot-codes")  # 选票码
    return f"{prefix}-{title}-{batch}.{extension}", f"ballot-codes-{found.id}-{batch}.{extension}"


def _codes_csv(links, name: str, fallback: str) -> Response:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["code", "url"])
    writer.writerows(links)
    return download(out.getvalue(), "text/csv; charset=utf-8", name, fallback)


def _in_every_language(render) -> list[str]:
    """Slips are printed for everyone: each text in Chinese and in English."""
    lines = []
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            lines.append(render())
    return lines


def slip_words(found, base: str) -> dict[str, object]:
    """What every slip of the vote prints besides its code (`render_slips`' words): plain words, so a
    job can print the slips later, away from the request."""
    return {"title": found.enterprise.name, "subtitle": found.title,
            "instructions": _in_every_language(lambda: _("Scan the QR code, or open %(url)s and type the code.",
                                                         url=f"{base}/v")),
            "code_label": " ".join(_in_every_language(lambda: _("Ballot code"))),
            "footer": " ".join(_in_every_language(lambda: _("A concern? Raise it at %(url)s",
                                                            url=concern_url(found.enterprise))))}


def slips_pdf(links, words: dict[str, object]) -> bytes:
    out = io.BytesIO()
    render_slips(links, out, **words)
    return out.getvalue()
