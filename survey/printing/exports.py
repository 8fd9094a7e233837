"""Sealed data for spreadsheets: ballots as CSV (UTF-8 with BOM, so Excel reads Chinese) or XLSX
with a codebook, and the summary as XLSX.

Rows come from the canonical settings and ballots (`domain.sealing`, departments already masked),
one ballot at a time, in the sealed order (by random key). Cells that a spreadsheet would run as a
formula stay text. Sheet names, the codebook's header and its kinds are `Words`: the keys, or the
reader's language as the caller translates them.
"""
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ..data.enums import ItemKind
from ..domain.sealing import HIDDEN
from .report import Report

BOM = "\ufeff"
CSV_BATCH = 2_000
CODEBOOK_HEADER = ("item", "kind", "question_zh", "question_en", "weight",
                   "option", "option_zh", "option_en", "satisfied", "score")
# A cell starting with one of these is a formula to Excel (CSV injection): a quote keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The items whose small groups the ballot files hide ("hidden", 隐藏).
MASKED_KINDS = (ItemKind.DEPARTMENT, ItemKind.PROFILE)


@dataclass(frozen=True)
class Words:
    """What the files call things. `language` None: keys throughout (``labels=keys``); "zh" or "en":
    questions and options in that language, and these words (translated by the caller) for the rest."""

    language: str | None = None
    ballots: str = "ballots"
    codebook: str = "codebook"
    summary: str = "summary"
    items: str = "items"
    answers: str = "answers"
    distributions: str = "distributions"
    codebook_header: tuple[str, ...] = CODEBOOK_HEADER
    kinds: dict[str, str] = field(default_factory=dict)  # item kind → its name; empty: the kind itself
    yes_no: tuple[object, object] = (True, False)
    hidden: dict[str, str] = field(default_factory=dict)  # "zh", "en" → the word for a hidden department

    def hidden_word(self) -> str:
        return self.hidden.get(self.language, HIDDEN)


KEYS = Words()


def ballot_rows(settings: dict, ballots: Iterable[dict[str, str]], words: Words = KEYS) -> Iterator[list[str]]:
    """A header, then one row per ballot; a column per item, in questionnaire order.

    Keys: item keys and option keys (see the codebook); a language: questions and option texts in
    it. Free answers are their text; a skipped item is empty; a hidden department or profile option is "hidden" (隐藏).
    """
    items, language = settings["questionnaire"]["items"], words.language
    yield [item["key"] if language is None else item[f"text_{language}"] for item in items]
    columns = [(item["key"], _option_texts(item, words)) for item in items]
    for ballot in ballots:
        yield [_answer(ballot.get(key), options) for key, options in columns]


def _option_texts(item: dict, words: Words) -> dict[str, str]:
    if words.language is None:
        return {}
    texts = {o["key"]: o[f"text_{words.language}"] for o in item["options"]}
    return {**texts, HIDDEN: words.hidden_word()} if item["kind"] in MASKED_KINDS else texts


def _answer(answer: str | None, options: dict[str, str]) -> str:
    return "" if answer is None else options.get(answer, answer)


def codebook_rows(settings: dict, words: Words = KEYS) -> Iterator[tuple]:
    """One row per option of each item (one row for an item without options), after the header; the
    department item also gets a row for "hidden", when the words for it are given."""
    yes, no = words.yes_no
    for item in settings["questionnaire"]["items"]:
        question = (item["key"], words.kinds.get(item["kind"], item["kind"]), item["text_zh"], item["text_en"],
                    item["weight"])
        for option in item["options"] or [None]:
            yield question + ((option["key"], option["text_zh"], option["text_en"],
                               yes if option["satisfied"] else no, option["score"]) if option else ("", "", "", "", ""))
        if item["kind"] in MASKED_KINDS and words.hidden:
            yield question + (HIDDEN, words.hidden["zh"], words.hidden["en"], "", "")


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


def ballots_workbook(out: BinaryIO, rows: Iterable[list[str]], settings: dict, words: Words = KEYS) -> None:
    """XLSX with a ballots sheet (the rows) and a codebook sheet of items and options."""
    book = Workbook(write_only=True)
    _sheet(book, words.ballots, rows)
    _sheet(book, words.codebook, [words.codebook_header, *codebook_rows(settings, words)])
    book.save(out)


def summary_workbook(out: BinaryIO, report: Report, words: Words = KEYS) -> None:
    """XLSX with a summary sheet (facts, verdict, seal), an items sheet (the tally) and an answers
    sheet (answers per option) and, for profile questions, a distributions sheet."""
    book = Workbook(write_only=True)
    _sheet(book, words.summary, [(report.title,), *report.facts, (), (report.composite,), (report.verdict,),
                                 *[(rule,) for rule in report.rules], (),
                                 (report.digest_label, report.digest), (report.verify_label, report.verify_url)])
    _sheet(book, words.items, report.table)
    _sheet(book, words.answers, report.counts)
    if report.distributions:
        _sheet(book, words.distributions, report.distributions)
    book.save(out)


def table_workbook(out: BinaryIO, title: str, rows: Iterable[Iterable[object]]) -> None:
    """XLSX of one sheet: a header row and its rows (a cycle's ledger)."""
    book = Workbook(write_only=True)
    _sheet(book, title, rows)
    book.save(out)
