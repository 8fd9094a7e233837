"""Pages rendered once and filled in per view: the phone's questionnaire and receipt pages.

Such a page is the same for every worker but for a few values (the ballot code and its printed form,
the receipt): it is rendered once per process, language and key with a marker in place of each value,
split at the markers, and each view joins the pieces with the values escaped as the template would —
byte for byte the page the template renders. A pending flashed message (which the page would show
and take from the session) renders in full. No value is ever kept: only the markers are.
"""
import secrets
from collections.abc import Callable

from flask import render_template, request, session
from markupsafe import escape

from ..extensions import current_language

_ALL: list["KeptPage"] = []


class KeptPage:
    """``template`` rendered with ``context(markers)``, where ``markers`` maps each of ``fields`` to
    its marker; at most ``kept`` renderings are kept, the oldest dropped first."""

    def __init__(self, template: str, fields: tuple[str, ...], context: Callable[..., dict], kept: int = 512):
        self._template, self._context, self._kept_at_most = template, context, kept
        self._markers = {field: f"\x1f{field}{secrets.token_hex(8)}\x1f" for field in fields}
        self._fields = {marker: field for field, marker in self._markers.items()}
        self._kept: dict[tuple, tuple[str, ...]] = {}
        _ALL.append(self)

    def fill(self, key: tuple, **values: str) -> str | None:
        """The page for ``key`` (passed on to ``context``) with ``values`` filled in; None when this
        request must render it in full."""
        if "_flashes" in session:
            return None
        parts = self._parts((current_language(), request.script_root, *key))
        return "".join(str(escape(values[self._fields[part]])) if part in self._fields else part for part in parts)

    def _parts(self, key: tuple) -> tuple[str, ...]:
        if key not in self._kept:
            rendered = render_template(self._template, **self._context(*key[2:], markers=self._markers))
            if len(self._kept) >= self._kept_at_most:
                self._kept.pop(next(iter(self._kept)), None)
            self._kept[key] = _split(rendered, tuple(self._markers.values()))
        return self._kept[key]

    def kept(self) -> list[tuple[str, ...]]:
        """The pieces kept now (for the tests: no value is among them)."""
        return list(self._kept.values())

    def forget(self) -> None:
        self._kept.clear()


def _split(text: str, markers: tuple[str, ...]) -> tuple[str, ...]:
    """``text`` cut before and after every marker, the markers kept as pieces of their own."""
    parts = [text]
    for marker in markers:
        parts = [piece for part in parts for index, chunk in enumerate(part.split(marker))
                 for piece in ((marker, chunk) if index else (chunk,))]
    return tuple(parts)


def forget_all() -> None:
    """Drop every kept page (a process that switches databases, such as the test suite)."""
    for page in _ALL:
        page.forget()
