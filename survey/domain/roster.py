"""Parse a delegate roster (职工代表名单) uploaded as CSV or XLSX.

All or nothing: a roster with any error yields no rows, only the errors, each with the line number
the user sees in Excel (header = line 1) so it can be fixed there.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field

from openpyxl import load_workbook

from ..data.enums import DelegateCategory
from .congress import CATEGORIES

MAX_ROWS = 2000
MAX_LINES = 5 * MAX_ROWS  # lines read from a file, empty ones included: room for blank lines between rows
MAX_NAME = 50
MAX_DEPARTMENT = 100

FIELDS = ("name", "department", "category")
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
# Excel users pad two-character names with spaces to line them up with three-character ones.
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 but tab and line breaks: never stored (nor NUL)
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    department: str
    category: str


@dataclass(frozen=True)
class RosterError:
    """A message key, its details for interpolation, and the line (None for the whole file)."""

    line: int | None
    key: str
    details: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Roster:
    rows: tuple[RosterRow, ...] = ()
    errors: tuple[RosterError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileError(Exception):
    def __init__(self, key: str, line: int | None = None, **details: str | int) -> None:
        super().__init__(key)
        self.error = RosterError(line, key, details)


def parse_roster(data: bytes, filename: str) -> Roster:
    """Parse ``data``, read as CSV or XLSX according to the extension of ``filename``."""
    try:
        with closing(_read_cells(data, filename)) as cells:
            lines = _numbered(cells)
            header_line, header = _first_filled(lines)
            return _roster(lines, _columns(header, header_line))
    except _FileError as exc:
        return Roster(errors=(exc.error,))


def _numbered(cells: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Lines with their numbers, refusing a file of more than ``MAX_LINES`` lines, empty ones included."""
    for line, row in enumerate(cells, start=1):
        if line > MAX_LINES:
            raise _FileError("roster_too_many_lines", limit=MAX_LINES)
        yield line, row


def parse_entries(entries: Sequence[Mapping[str, object]]) -> Roster:
    """Check delegates given as mappings (the JSON API, the chair's form) like the rows of a file;
    the line of each entry is its position in ``entries``, counting from 1."""
    cells = ([str(entry.get(key) or "") for key in FIELDS] for entry in entries)
    try:
        return _roster(enumerate(cells, start=1), {key: index for index, key in enumerate(FIELDS)})
    except _FileError as exc:
        return Roster(errors=(exc.error,))


def _roster(lines: Iterable[tuple[int, list[str]]], columns: dict[str, int]) -> Roster:
    rows, errors = _parse_rows(lines, columns)
    return Roster(errors=tuple(errors)) if errors else Roster(rows=tuple(rows))


def _read_cells(data: bytes, filename: str) -> Generator[list[str], None, None]:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        raise _FileError("roster_unsupported_file_type", extension=extension)
    if not data:
        raise _FileError("roster_empty_file")
    return _csv_rows(data) if extension == "csv" else _xlsx_rows(data)


def _csv_rows(data: bytes) -> Generator[list[str], None, None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise _FileError("roster_unreadable_file") from None
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise _FileError("roster_unreadable_file") from None


def _xlsx_rows(data: bytes) -> Generator[list[str], None, None]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl fails on broken uploads with many exception types, none of them ours to handle.
    except Exception:
        raise _FileError("roster_unreadable_file") from None
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_LINES:  # as the sheet's <dimension> declares it
            raise _FileError("roster_too_many_lines", limit=MAX_LINES)
        # The stored dimensions may be wrong: read the rows present, but never past the line limit.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(max_row=MAX_LINES + 1, values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(text: str) -> str:
    """NFKC (full-width letters and spaces), single spaces, none between Chinese characters, no control characters."""
    spaced = " ".join(_CONTROL.sub("", unicodedata.normalize("NFKC", text)).split())
    return _SPACE_BETWEEN_HAN.sub("", spaced)


def _first_filled(lines: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
    for line, cells in lines:
        if any(_clean(cell) for cell in cells):
            return line, cells
    raise _FileError("roster_empty_file")


def _columns(header: Sequence[str], line: int) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _HEADERS.get(_clean(cell).casefold())
        if key is None:
            continue
        if key in columns:
            raise _FileError("roster_duplicate_header", line, column=_clean(cell))
        columns[key] = index
    missing = [key for key in FIELDS if key not in columns]
    if missing:
        raise _FileError("roster_missing_header", line, columns=", ".join(missing))
    return columns


def _parse_rows(
    lines: Iterable[tuple[int, list[str]]], columns: dict[str, int]
) -> tuple[list[RosterRow], list[RosterError]]:
    rows: list[RosterRow] = []
    errors: list[RosterError] = []
    first_seen: dict[tuple[str, str], int] = {}
    filled = 0
    for line, cells in lines:
        values = {key: _clean(_at(cells, index)) for key, index in columns.items()}
        if not any(values.values()):
            continue
        filled += 1
        if filled > MAX_ROWS:
            raise _FileError("roster_too_many_rows", line, limit=MAX_ROWS)
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
    if not filled:
        raise _FileError("roster_no_delegates")
    return rows, errors


def _at(cells: Sequence[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


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
