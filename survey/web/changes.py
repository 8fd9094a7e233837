"""Running a staff member's change: commit it and answer, or keep nothing and show the refusal."""
from collections.abc import Callable

from ..domain.errors import Conflict, HarmonyError, Invalid
from ..extensions import db


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
