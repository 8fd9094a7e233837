"""The receipt (回执) for a cast ballot: in the answer to the POST that cast it, never in a URL.

A cookie of its own (``receipts``, HttpOnly, SameSite=Lax, for /v only, gone when the browser closes)
keeps the receipts of the last few ballots this browser cast, so a retry after a lost answer (or a second
tap) shows the receipt again — here only: anyone else holding the code learns that it was used, nothing
more. It is not signed, so the cast neither opens nor signs Flask's session for it: a receipt is a keyed
hash of its code's hash, so a planted one never passes for a used code's (``known`` computes it again);
the receipt page opened again (``last``) shows whatever well-formed receipt the cookie ends with.
"""
import re

from flask import current_app, make_response, render_template, request

from ..domain import codes
from .kept_pages import KeptPage

KEPT = 5
COOKIE = "receipts"
_RECEIPT = re.compile(f"[{codes.ALPHABET}]{{10}}")


def _receipt(hashed: str) -> str:
    return codes.receipt(current_app.config["SECRET_KEY"], hashed)


def _kept() -> list[str]:
    """This browser's receipts, oldest first; anything else the cookie holds is ignored."""
    return [kept for kept in request.cookies.get(COOKIE, "").split(".") if _RECEIPT.fullmatch(kept)][-KEPT:]


def issued(hashed: str):
    """The receipt page for the ballot just cast with the code of this hash (200, never cached)."""
    receipt = _receipt(hashed)
    response = make_response(page(receipt))
    response.set_cookie(COOKIE, ".".join((_kept() + [receipt])[-KEPT:]), path="/v", httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


PAGE = KeptPage("ballot/done.html", ("receipt",), lambda markers: {"receipt": markers["receipt"]}, kept=8)


def page(receipt: str):
    """The receipt page, rendered once per language and filled in (``kept_pages``)."""
    kept = PAGE.fill((), receipt=receipt)
    return render_template("ballot/done.html", receipt=receipt) if kept is None else kept


def known(hashed: str) -> str | None:
    """The receipt for a used code, if this browser cast its ballot."""
    receipt = _receipt(hashed)
    return receipt if receipt in _kept() else None


def last() -> str | None:
    """The receipt of the last ballot this browser cast."""
    kept = _kept()
    return kept[-1] if kept else None
