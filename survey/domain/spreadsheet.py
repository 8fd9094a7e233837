"""Reading an uploaded table (表格), Excel (.xlsx) or CSV, as numbered lines of clean text cells.

Shared by every import (the congress roster, the enterprises): each reads the header line with its own
column names and checks its own rows; a problem with the file itself is a ``SheetError`` whose ``kind``
each import turns into its own message key. Line numbers are those the user sees in Excel (the first
line is 1), so every error can be fixed there.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from openpyxl import load_workbook

# Excel users pad two-character names with spaces to line them up with three-character ones.
_SPACE_BETWEEN_HAN = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # C0 but tab and line breaks: never stored (nor NUL)
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")

Line = tuple[int, list[str]]


@dataclass(frozen=True)
class LineError:
    """A message key, its details for interpolation, and the line (None for the whole file)."""

    line: int | None
    key: str
    details: Mapping[str, str | int] = field(default_factory=dict)


class SheetError(Exception):
    """The file cannot be read as a table: unsupported_file_type, empty_file, unreadable_file,
    too_many_lines, duplicate_header, missing_header or too_many_rows."""

    def __init__(self, kind: str, line: int | None = None, **details: str | int) -> None:
        super().__init__(kind)
        self.kind, self.line, self.details = kind, line, details

    def as_error(self, prefix: str) -> LineError:
        """This error under an import's own message key (``roster_empty_file``)."""
        return LineError(self.line, f"{prefix}_{self.kind}", self.details)


@contextmanager
def lines_of(data: bytes, filename: str, max_lines: int) -> Iterator[Iterator[Line]]:
    """The file's lines with their numbers, read as CSV or XLSX by the extension of ``filename``; a file
    of more than ``max_lines`` lines (empty ones included) is refused before it is read to the end."""
    cells = _read_cells(data, filename, max_lines)
    try:
        yield _numbered(cells, max_lines)
    finally:
        cells.close()


def _numbered(cells: Iterable[list[str]], max_lines: int) -> Iterator[Line]:
    for line, row in enumerate(cells, start=1):
        if line > max_lines:
            raise SheetError("too_many_lines", limit=max_lines)
        yield line, row


def _read_cells(data: bytes, filename: str, max_lines: int) -> Generator[list[str], None, None]:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in ("csv", "xlsx"):
        raise SheetError("unsupported_file_type", extension=extension)
    if not data:
        raise SheetError("empty_file")
    return _csv_rows(data) if extension == "csv" else _xlsx_rows(data, max_lines)


def _csv_rows(data: bytes) -> Generator[list[str], None, None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise SheetError("unreadable_file") from None
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error:
        raise SheetError("unreadable_file") from None


def _xlsx_rows(data: bytes, max_lines: int) -> Generator[list[str], None, None]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    # openpyxl fails on broken uploads with many exception types, none of them ours to handle.
    except Exception:
        raise SheetError("unreadable_file") from None
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > max_lines:  # as the sheet's <dimension> declares it
            raise SheetError("too_many_lines", limit=max_lines)
        # The stored dimensions may be wrong: read the rows present, but never past the line limit.
        sheet.reset_dimensions()
        for values in sheet.iter_rows(max_row=max_lines + 1, values_only=True):
            yield [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def clean(text: str) -> str:
    """NFKC (full-width letters and spaces), single spaces, none between Chinese characters, no control characters."""
    spaced = " ".join(_CONTROL.sub("", unicodedata.normalize("NFKC", text)).split())
    return _SPACE_BETWEEN_HAN.sub("", spaced)


def columns(lines: Iterator[Line], headers: Mapping[str, str], required: Sequence[str]) -> dict[str, int]:
    """Read the header (the first line with any text): each field's column, by ``headers`` (a header's
    text, case-folded → its field). Every ``required`` field must have one column."""
    for line, cells in lines:
        if any(clean(cell) for cell in cells):
            return _header(cells, line, headers, required)
    raise SheetError("empty_file")


def _header(cells: Sequence[str], line: int, headers: Mapping[str, str], required: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = headers.get(clean(cell).casefold())
        if key is None:
            continue
        if key in found:
            raise SheetError("duplicate_header", line, column=clean(cell))
        found[key] = index
    missing = [key for key in required if key not in found]
    if missing:
        raise SheetError("missing_header", line, columns=", ".join(missing))
    return found


def filled_rows(lines: Iterable[Line], where: Mapping[str, int], max_rows: int) -> Iterator[tuple[int, dict[str, str]]]:
    """Each line with any text after the header: its number and its clean value per field that has a
    column. More than ``max_rows`` such lines are refused."""
    filled = 0
    for line, cells in lines:
        values = {key: clean(cells[index]) if index < len(cells) else "" for key, index in where.items()}
        if not any(values.values()):
            continue
        filled += 1
        if filled > max_rows:
            raise SheetError("too_many_rows", line, limit=max_rows)
        yield line, values
