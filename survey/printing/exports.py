"""Sealed data for spreadsheets: ballots as CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX
with a codebook, and the summary as XLSX.

Rows come from the canonical settings and ballots (`domain.sealing`), one ballot at a time, in
the sealed order (by random key). Cells that a spreadsheet would run as a formula stay text.
"""
import csv
import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from .report import Report

BOM = "\ufeff"
CSV_BATCH = 2_000
CODEBOOK_HEADER = ("item", "kind", "question_zh", "question_en", "weight",
                   "option", "option_zh", "option_en", "satisfied", "score")
# A cell starting with one of these is a formula to Excel (CSV injection): a quote keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def ballot_rows(settings: dict, ballots: Iterable[dict[str, str]], language: str | None = None) -> Iterator[list[str]]:
    """A header, then one row per ballot; a column per item, in questionnaire order.

    language None: item keys and option keys (see the codebook); "zh" or "en": questions and
    option texts in that language. Free answers are their text; a skipped item is empty.
    """
    items = settings["questionnaire"]["items"]
    yield [item["key"] if language is None else item[f"text_{language}"] for item in items]
    columns = [(item["key"], {} if language is None else {o["key"]: o[f"text_{language}"] for o in item["options"]})
               for item in items]
    for ballot in ballots:
        yield [_answer(ballot.get(key), options) for key, options in columns]


def _answer(answer: str | None, options: dict[str, str]) -> str:
    return "" if answer is None else options.get(answer, answer)


def codebook_rows(settings: dict) -> Iterator[tuple]:
    """One row per option of each item (one row for an item without options), after CODEBOOK_HEADER."""
    for item in settings["questionnaire"]["items"]:
        question = (item["key"], item["kind"], item["text_zh"], item["text_en"], item["weight"])
        for option in item["options"] or [None]:
            yield question + ((option["key"], option["text_zh"], option["text_en"], option["satisfied"],
                               option["score"]) if option else ("", "", "", "", ""))


def _inert(cell: object) -> object:
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def csv_chunks(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text for Excel: byte order mark, CRLF lines, streamed in batches of rows."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_inert(cell) for cell in row])
        if count % CSV_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _text_cells(sheet, row: Iterable[object]) -> list[object]:
    """openpyxl takes a string starting with "=" as a formula; such a cell is written as text."""
    cells = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            value = WriteOnlyCell(sheet, value=value)
            value.data_type = "s"
        cells.append(value)
    return cells


def _sheet(book: Workbook, title: str, rows: Iterable[Iterable[object]]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(_text_cells(sheet, row))


def ballots_workbook(out: BinaryIO, rows: Iterable[list[str]], settings: dict) -> None:
    """XLSX with a "ballots" sheet (the rows) and a "codebook" sheet of items and options."""
    book = Workbook(write_only=True)
    _sheet(book, "ballots", rows)
    _sheet(book, "codebook", [CODEBOOK_HEADER, *codebook_rows(settings)])
    book.save(out)


def summary_workbook(out: BinaryIO, report: Report) -> None:
    """XLSX with a "summary" sheet (facts, verdict, seal), an "items" sheet (the tally), an
    "answers" sheet (answers per option) and, for profile questions, a "distributions" sheet."""
    book = Workbook(write_only=True)
    _sheet(book, "summary", [(report.title,), *report.facts, (), (report.composite,), (report.verdict,),
                             *[(rule,) for rule in report.rules], (),
                             (report.digest_label, report.digest), (report.verify_label, report.verify_url)])
    _sheet(book, "items", report.table)
    _sheet(book, "answers", report.counts)
    if report.distributions:
        _sheet(book, "distributions", report.distributions)
    book.save(out)
