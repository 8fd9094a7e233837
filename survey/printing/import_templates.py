"""Blank import templates (导入模板) as Excel workbooks: the first sheet has only the header line the
import reads; a second sheet explains each column (in words the caller passes, already translated)."""
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

COLUMN_WIDTH = 24


def template_workbook(headers: Sequence[str], notes: Sequence[tuple[str, str]], notes_title: str,
                      text_columns: Sequence[str] = ()) -> bytes:
    """The header line, bold and frozen; the ``text_columns`` formatted as text so Excel keeps a code as
    typed; and a sheet ``notes_title`` of (column, explanation) lines."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导入"
    sheet.append(list(headers))
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = COLUMN_WIDTH
        if header in text_columns:
            sheet.column_dimensions[letter].number_format = "@"
    explained = workbook.create_sheet(notes_title)
    for column, note in notes:
        explained.append([column, note])
    explained.column_dimensions["A"].width = COLUMN_WIDTH
    explained.column_dimensions["B"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
