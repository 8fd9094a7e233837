"""The receipt (回执) for a cast ballot: in the answer to the POST that cast it, never in a URL.

This browser's signed session keeps the receipts of the last few ballots it cast, so a retry after a lost
answer (or a second tap) shows the receipt again — here only: anyone else holding the code learns that it
was used, nothing more.
"""
from flask import current_app, render_template, session

from ..domain import codes
from .kept_pages import KeptPage

KEPT = 5


def _receipt(hashed: str) -> str:
    return codes.receipt(current_app.config["SECRET_KEY"], hashed)


def _kept() -> list[str]:
    kept = session.get("receipts")
    return kept if isinstance(kept, list) else []


def issued(hashed: str):
    """The receipt page for the ballot just cast with the code of this hash (200, never cached)."""
    receipt = _receipt(hashed)
    session["receipts"] = (_kept() + [receipt])[-KEPT:]
    return page(receipt)


PAGE = KeptPage("ballot/done.html", ("receipt",), lambda markers: {"receipt": markers["receipt"]}, kept=8)


def page(receipt: str):
    """The receipt page, rendered once per language and filled in (``kept_pages``)."""
    kept = PAGE.fill((), receipt=receipt)
    return render_template("ballot/done.html", receipt=receipt) if kept is None else kept


def known(hashed: str) -> str | None:
    """The receipt for a used code, if this browser's session cast its ballot."""
    receipt = _receipt(hashed)
    return receipt if receipt in _kept() else None


def last() -> str | None:
    """The receipt of the last ballot this browser cast."""
    kept = _kept()
    return kept[-1] if kept else None
