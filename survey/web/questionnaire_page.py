"""The phone's questionnaire page (问卷页) of an open vote, rendered once per vote and language.

An open vote's questionnaire cannot change, so its page differs from worker to worker only by the
ballot code (``kept_pages``); its form carries no CSRF token (see ``ballot.submit``), so showing it
writes no session cookie. The title and the enterprise's name come with the code's state on every view
(an enterprise may be renamed while its vote is open) and are part of the key.
"""
from ..data import forms
from ..data.casting import CodeState
from ..extensions import db
from .kept_pages import KeptPage


def _context(campaign_id: int, _title: str, _enterprise: str, markers: dict) -> dict:
    return {"campaign": forms.campaign_with_form(db(), campaign_id), "code": markers["code"],
            "display": markers["display"],
            "answers": {}, "errors": {}, "notice": None}


PAGE = KeptPage("ballot/form.html", ("code", "display"), _context)


def page(state: CodeState, code: str, display: str) -> str | None:
    """The questionnaire page of the open campaign of a code in ``state``, byte for byte what the
    template renders; None when this request must render it in full."""
    return PAGE.fill((state.campaign_id, state.title, state.enterprise), code=code, display=display)
