"""Parse a delegate roster (职工代表名单) uploaded as CSV or XLSX.

All or nothing: a roster with any error yields no rows, only the errors, each with the line number
the user sees in Excel (header = line 1) so it can be fixed there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..data.enums import DelegateCategory
from . import spreadsheet
from .congress import CATEGORIES
from .spreadsheet import LineError as RosterError

MAX_ROWS = 2000
MAX_LINES = 5 * MAX_ROWS  # lines read from a file, empty ones included: room for blank lines between rows
MAX_NAME = 50
MAX_DEPARTMENT = 100

FIELDS = ("name", "department", "category")
TEMPLATE_HEADERS = ("姓名", "部门", "类别")  # the downloadable template's header line
_HEADERS = {
    "name": "name", "姓名": "name",
    "department": "department", "部门": "department",
    "category": "category", "类别": "category",
}  # fmt: skip
_CATEGORY_NAMES = {
    **{key: key for key in CATEGORIES},
    "一线职工": DelegateCategory.FRONTLINE,
    "工程技术人员": DelegateCategory.TECHNICAL,
    "管理人员和领导": DelegateCategory.MANAGEMENT,
    "其他": DelegateCategory.OTHER,
    "其它": DelegateCategory.OTHER,
}


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    department: str
    category: str


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...] = ()
    errors: tuple[RosterError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_roster(data: bytes, filename: str) -> Roster:
    """Parse ``data``, read as CSV or XLSX according to the extension of ``filename``."""
    try:
        with spreadsheet.lines_of(data, filename, MAX_LINES) as lines:
            return _roster(lines, spreadsheet.columns(lines, _HEADERS, FIELDS))
    except spreadsheet.SheetError as exc:
        return Roster(errors=(exc.as_error("roster"),))


def parse_entries(entries: Sequence[Mapping[str, object]]) -> Roster:
    """Check delegates given as mappings (the JSON API, the chair's form) like the rows of a file;
    the line of each entry is its position in ``entries``, counting from 1."""
    cells = ([str(entry.get(key) or "") for key in FIELDS] for entry in entries)
    try:
        return _roster(enumerate(cells, start=1), {key: index for index, key in enumerate(FIELDS)})
    except spreadsheet.SheetError as exc:
        return Roster(errors=(exc.as_error("roster"),))


def _roster(lines: Iterable[spreadsheet.Line], columns: dict[str, int]) -> Roster:
    rows: list[RosterRow] = []
    errors: list[RosterError] = []
    first_seen: dict[tuple[str, str], int] = {}
    for line, values in spreadsheet.filled_rows(lines, columns, MAX_ROWS):
        row_errors = _check_row(line, values)
        identity = (values["name"].casefold(), values["department"].casefold())
        if values["name"] and identity in first_seen:
            row_errors.append(
                RosterError(line, "roster_duplicate_delegate", {"first_line": first_seen[identity]})
            )
        first_seen.setdefault(identity, line)
        errors.extend(row_errors)
        if not row_errors:
            rows.append(RosterRow(line, values["name"], values["department"], _category(values)))
    if not rows and not errors:
        return Roster(errors=(RosterError(None, "roster_no_delegates"),))
    return Roster(errors=tuple(errors)) if errors else Roster(rows=tuple(rows))


def _category(values: dict[str, str]) -> str:
    return _CATEGORY_NAMES[values["category"].casefold()]


def _check_row(line: int, values: dict[str, str]) -> list[RosterError]:
    errors = []
    if not values["name"]:
        errors.append(RosterError(line, "roster_missing_name"))
    elif len(values["name"]) > MAX_NAME:
        errors.append(RosterError(line, "roster_name_too_long", {"limit": MAX_NAME}))
    if len(values["department"]) > MAX_DEPARTMENT:
        errors.append(RosterError(line, "roster_department_too_long", {"limit": MAX_DEPARTMENT}))
    if not values["category"]:
        errors.append(RosterError(line, "roster_missing_category"))
    elif values["category"].casefold() not in _CATEGORY_NAMES:
        value = values["category"][:MAX_NAME]
        errors.append(RosterError(line, "roster_unknown_category", {"value": value}))
    return errors
