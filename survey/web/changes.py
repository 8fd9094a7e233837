"""Running a staff member's change: commit it and answer, or keep nothing and show the refusal."""
from collections.abc import Callable, Iterable

from flask import redirect, url_for

from ..domain.errors import Conflict, HarmonyError, Invalid
from ..domain.spreadsheet import LineError
from ..extensions import db
from ..messages import field_errors, message


def commit_change(operation: Callable[[], object], refused: Callable[[HarmonyError], object],
                  answer: Callable[[object], object], refusals: tuple[type[HarmonyError], ...] = (Invalid, Conflict)):
    """Run ``operation`` and commit, then ``answer(its result)``; when it raises one of ``refusals``,
    roll back and ``refused(error)`` instead (other errors go to the error pages)."""
    try:
        result = operation()
    except refusals as error:
        db().rollback()
        return refused(error)
    db().commit()
    return answer(result)


def create_then_show(operation: Callable[[], object], refused: Callable[[HarmonyError], object], endpoint: str,
                     key: str):
    """Create something; on success go to its page (``endpoint`` with its id as ``key``)."""
    return commit_change(operation, refused, lambda made: redirect(url_for(endpoint, **{key: made.id})),
                         refusals=(Invalid,))


def refusal(error: HarmonyError) -> dict[str, str]:
    """Each refused field's message, or the refusal as a whole under "_"."""
    return field_errors(error.details.get("errors", {}), **error.details) or {"_": message(error.key, **error.details)}


def line_texts(key: str, errors: Iterable[LineError]) -> list[str]:
    """What to say about a refused file (a roster, an enterprise import): the refusal, then each bad line
    by its number ("Line 3: …"); a problem of the whole file has none."""
    return [message(key)] + [message("roster_line", line=e.line, text=message(e.key, **e.details)) if e.line
                             else message(e.key, **e.details) for e in errors]
