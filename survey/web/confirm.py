"""Confirmation pages (确认) for the steps that cannot be undone: closing a vote, a ballot or a session,
removing a question, printing the sign-in sheet again. The button links here (GET); the page says what
will happen and its form (POST, CSRF-checked) does it. No JavaScript."""
from collections.abc import Callable

from flask import redirect, render_template, url_for

from ..data.enums import AgendaItemState, CampaignState, CongressState

OPEN = (CampaignState.OPEN, CongressState.OPEN, AgendaItemState.OPEN)


def confirmation(question: str, consequences: list[str], action: str, confirm: str, back: str,
                 fields: dict[str, str] | None = None):
    """The page asking ``question``: each consequence, a button posting ``fields`` to ``action``, a way back."""
    return render_template("confirm.html", question=question, consequences=consequences, action=action,
                           confirm=confirm, back=back, fields=fields or {})


def confirm_close(found, question: str, consequences: Callable[[], list[str]], confirm: str,
                  endpoints: tuple[str, str], **ids):
    """The confirmation of closing ``found`` (a vote, a ballot, a session): ``endpoints`` are the closing
    action and the page to go back to, both with ``ids``. Back to the page at once when it is not open
    (nothing left to confirm)."""
    action, back = (url_for(endpoint, **ids) for endpoint in endpoints)
    if found.state not in OPEN:
        return redirect(back)
    return confirmation(question, consequences(), action, confirm, back)
