"""The phone's questionnaire page (问卷页) of an open vote, rendered once per vote and language.

An open vote's questionnaire cannot change, so its page is the same for every worker but for the
ballot code and the CSRF token: each process renders it once with markers in their place and each
view fills them in, escaped as the template would. The title and the enterprise's name are read
on every view (an enterprise may be renamed while its vote is open) and are part of the key. No
code is ever kept: the cached page holds only the markers.
"""
import secrets
from functools import lru_cache

from flask import render_template, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from ..data import forms
from ..extensions import current_language, db

_CODE, _DISPLAY, _TOKEN = (f"\x1f{name}{secrets.token_hex(8)}\x1f" for name in ("code", "display", "token"))
PAGES_KEPT = 512  # per process: a page is about 10 kB a language


def page(campaign_id: int, code: str, display: str) -> str | None:
    """The questionnaire page of an open campaign for `code`, byte for byte what the template renders;
    None when this request must render it in full (a flashed message waits in the session)."""
    if "_flashes" in session:
        return None
    title, enterprise = forms.page_header(db(), campaign_id)
    parts = _parts(campaign_id, current_language(), request.script_root, title, enterprise)
    values = {_CODE: code, _DISPLAY: display, _TOKEN: generate_csrf()}
    return "".join(str(escape(values[part])) if part in values else part for part in parts)


@lru_cache(maxsize=PAGES_KEPT)
def _parts(campaign_id: int, _lang: str, _script_root: str, _title: str, _enterprise: str) -> tuple[str, ...]:
    """The page rendered with markers, split into its fixed text and the markers."""
    rendered = render_template("ballot/form.html", campaign=forms.campaign_with_form(db(), campaign_id),
                               code=_CODE, display=_DISPLAY, csrf_token=lambda: _TOKEN,
                               answers={}, errors={}, notice=None)
    parts = [rendered]
    for marker in (_CODE, _DISPLAY, _TOKEN):
        parts = [piece for part in parts for piece in _split(part, marker)]
    return tuple(parts)


def _split(text: str, marker: str) -> list[str]:
    pieces = text.split(marker)
    return [text] if len(pieces) == 1 else [p for piece in pieces[:-1] for p in (piece, marker)] + [pieces[-1]]


def forget() -> None:
    """Drop the kept pages (a process that switches databases, such as the test suite)."""
    _parts.cache_clear()
