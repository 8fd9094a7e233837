"""Importing enterprises (批量导入企业) from an Excel (.xlsx) or CSV file in the office.

Columns 名称, 统一社会信用代码, 职工人数, 所属工会/辖区, 部门 (departments separated by 、), or name,
credit_code, headcount, jurisdiction, departments. All or nothing, like the congress roster: every
line is checked with the rules of a single new enterprise (``organisations``), against the others in
the file and against those stored, and a file with any bad line imports nothing and names each line.
A jurisdiction is named as it is called and must be one the importer administers.
"""
import re
from collections.abc import Iterable

from sqlalchemy.orm import Session

from ..data import organisations as store
from ..data.models import Enterprise, User
from . import access, organisations, spreadsheet
from .errors import Invalid
from .organisations import EnterpriseDetails
from .spreadsheet import LineError

MAX_ROWS = 2000
MAX_LINES = 5 * MAX_ROWS
HEADERS = ("名称", "统一社会信用代码", "职工人数", "所属工会/辖区", "部门")  # as in the downloadable template
FIELDS = ("name", "credit_code", "headcount", "jurisdiction", "departments")
_HEADERS = {
    **dict(zip(HEADERS, FIELDS)), **{field: field for field in FIELDS},
    "所属工会": "jurisdiction", "辖区": "jurisdiction", "credit code": "credit_code",
}  # fmt: skip
_WHOLE = re.compile("[0-9]{1,7}")


class ImportRejected(Invalid):
    """A file with errors: nothing was imported; ``errors`` are its line-numbered errors."""

    def __init__(self, errors: tuple[LineError, ...]):
        super().__init__("enterprises_rejected")
        self.errors = errors


def import_enterprises(session: Session, user: User, data: bytes, filename: str) -> list[Enterprise]:
    """Every enterprise of the file, created; or ImportRejected with every bad line and nothing created."""
    try:
        with spreadsheet.lines_of(data, filename, MAX_LINES) as lines:
            columns = spreadsheet.columns(lines, _HEADERS, FIELDS[:4])
            rows = list(spreadsheet.filled_rows(lines, columns, MAX_ROWS))
    except spreadsheet.SheetError as error:
        raise ImportRejected((error.as_error("enterprises"),)) from None
    if not rows:
        raise ImportRejected((LineError(None, "enterprises_none"),))
    checked = _checked(session, rows, _jurisdictions_by_name(session, user))
    return [organisations.add_enterprise(session, details) for details in checked]


def _jurisdictions_by_name(session: Session, user: User) -> dict[str, list[int]]:
    named: dict[str, list[int]] = {}
    for jurisdiction in store.jurisdictions(session, access.administered(session, user)):
        named.setdefault(jurisdiction.name, []).append(jurisdiction.id)
    return named


def _checked(session: Session, rows: Iterable[tuple[int, dict[str, str]]],
             named: dict[str, list[int]]) -> list[EnterpriseDetails]:
    found, errors = [], []
    first_code: dict[str, int] = {}
    first_name: dict[tuple[str, int | None], int] = {}
    for line, values in rows:
        jurisdiction_id, line_errors = _jurisdiction(line, values["jurisdiction"], named)
        details = _details(values, jurisdiction_id)
        problems = organisations.field_problems(session, details)
        if line_errors:
            problems.pop("jurisdiction", None)  # already said, naming the jurisdiction given
        line_errors += [LineError(line, key) for key in problems.values()]
        if not line_errors:
            line_errors = _duplicates(session, line, details, first_code, first_name)
        errors += line_errors
        found.append(details)
    if errors:
        raise ImportRejected(tuple(errors))
    return found


def _jurisdiction(line: int, name: str, named: dict[str, list[int]]) -> tuple[int | None, list[LineError]]:
    ids = named.get(name, [])
    if len(ids) == 1:
        return ids[0], []
    key = "enterprises_ambiguous_jurisdiction" if ids else "enterprises_unknown_jurisdiction"
    return None, [LineError(line, key, {"value": name[:organisations.MAX_JURISDICTION_NAME]})]


def _details(values: dict[str, str], jurisdiction_id: int | None) -> EnterpriseDetails:
    headcount = values["headcount"]
    return EnterpriseDetails.given(values["name"], values["credit_code"],
                                   int(headcount) if _WHOLE.fullmatch(headcount) else None, jurisdiction_id,
                                   organisations.split_departments(values.get("departments", "")))


def _duplicates(session: Session, line: int, details: EnterpriseDetails, first_code: dict[str, int],
                first_name: dict[tuple[str, int | None], int]) -> list[LineError]:
    """A code or name given on an earlier line of the file, or held by a stored enterprise."""
    name = (details.name, details.jurisdiction_id)
    if details.credit_code in first_code:
        return [LineError(line, "enterprises_duplicate_code", {"first_line": first_code[details.credit_code]})]
    if name in first_name:
        return [LineError(line, "enterprises_duplicate_name", {"first_line": first_name[name]})]
    first_code[details.credit_code], first_name[name] = line, line
    taken = organisations.conflict(session, details)
    return [LineError(line, taken)] if taken else []
