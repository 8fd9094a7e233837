import io
import zipfile

import pytest
from openpyxl import Workbook

from survey.domain.roster import MAX_ROWS, RosterRow, parse_roster

CHINESE_CSV = "姓名,部门,类别\n张三,生产一车间,一线职工\n李四,技术部,工程技术人员\n王五,办公室,管理人员和领导\n赵六,后勤,其他\n"
EXPECTED = (
    RosterRow(2, "张三", "生产一车间", "frontline"),
    RosterRow(3, "李四", "技术部", "technical"),
    RosterRow(4, "王五", "办公室", "management"),
    RosterRow(5, "赵六", "后勤", "other"),
)


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_dimension(data, ref):
    """Rewrite the sheet's stored size the way some exporters get it wrong."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                stored = b'<dimension ref="A1:C5" />'
                assert stored in content
                content = content.replace(stored, f'<dimension ref="{ref}" />'.encode())
            target.writestr(name, content)
    return buffer.getvalue()


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def errors(roster):
    assert roster.rows == ()
    return [(error.line, error.key) for error in roster.errors]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_excel_writes(encoding):
    roster = parse_roster(csv_bytes(CHINESE_CSV, encoding), "代表名单.csv")
    assert roster.ok
    assert roster.rows == EXPECTED


def test_gbk_bytes_really_are_not_utf8():
    with pytest.raises(UnicodeDecodeError):
        csv_bytes(CHINESE_CSV, "gbk").decode("utf-8")


def test_xlsx_with_chinese_headers_and_categories():
    rows = [line.split(",") for line in CHINESE_CSV.strip().split("\n")]
    roster = parse_roster(xlsx(rows), "代表名单.XLSX")
    assert roster.rows == EXPECTED


def test_english_headers_keys_extra_columns_and_any_column_order():
    text = (
        "No.,Category,Name,Department\n"
        "1,frontline,Li Lei,Assembly\n"
        "2,MANAGEMENT,Han Meimei,Office\n"
    )
    roster = parse_roster(csv_bytes(text), "roster.csv")
    assert roster.rows == (
        RosterRow(2, "Li Lei", "Assembly", "frontline"),
        RosterRow(3, "Han Meimei", "Office", "management"),
    )


def test_padding_spaces_in_chinese_names_and_headers_are_removed():
    text = "姓　名,部　门,类别\n张　三,生产部,一线职工\n 欧阳明日 ,生产部, 一线职工 \n"
    roster = parse_roster(csv_bytes(text, "utf-8-sig"), "r.csv")
    assert [row.name for row in roster.rows] == ["张三", "欧阳明日"]
    assert roster.rows[1].category == "frontline"


def test_blank_lines_are_skipped_but_keep_their_line_numbers():
    text = "\n姓名,部门,类别\n,,\n张三,生产部,一线职工\n"
    roster = parse_roster(csv_bytes(text), "r.csv")
    assert roster.rows == (RosterRow(4, "张三", "生产部", "frontline"),)


def test_xlsx_with_a_wrong_stored_size_is_read_whole():
    rows = [line.split(",") for line in CHINESE_CSV.strip().split("\n")]
    assert parse_roster(with_dimension(xlsx(rows), "A1:A1"), "r.xlsx").rows == EXPECTED


def test_xlsx_numbers_and_empty_cells():
    rows = [["name", "department", "category"], ["张三", 3, "other"], [None], ["李四", None, "其它"]]
    roster = parse_roster(xlsx(rows), "r.xlsx")
    assert roster.rows == (RosterRow(2, "张三", "3", "other"), RosterRow(4, "李四", "", "other"))


def test_each_bad_row_is_reported_with_its_line_and_no_row_is_kept():
    text = (
        "姓名,部门,类别\n"
        "张三,生产部,一线职工\n"  # 2: fine
        ",生产部,一线职工\n"  # 3: no name
        "李四,生产部,工人\n"  # 4: unknown category
        "张三,生产部,其他\n"  # 5: same name and department as line 2
        "张三,技术部,工程技术人员\n"  # 6: fine, another department
        f"{'王' * 51},生产部,一线职工\n"  # 7: name too long
        "赵六,生产部,\n"  # 8: no category
    )
    roster = parse_roster(csv_bytes(text), "r.csv")
    assert errors(roster) == [
        (3, "roster_missing_name"),
        (4, "roster_unknown_category"),
        (5, "roster_duplicate_delegate"),
        (7, "roster_name_too_long"),
        (8, "roster_missing_category"),
    ]
    assert roster.errors[1].details == {"value": "工人"}
    assert roster.errors[2].details == {"first_line": 2}
    assert roster.errors[3].details == {"limit": 50}


def test_bad_rows_in_xlsx_use_excel_row_numbers():
    rows = [
        ["类别", "姓名", "部门"],
        ["一线职工", "张三", "生产部"],
        [],
        ["外援", "李四", "生产部"],
        ["其他", "张 三", "生产部"],
    ]
    roster = parse_roster(xlsx(rows), "r.xlsx")
    assert errors(roster) == [(4, "roster_unknown_category"), (5, "roster_duplicate_delegate")]


def test_department_too_long():
    roster = parse_roster(csv_bytes(f"name,department,category\nA,{'x' * 101},other\n"), "r.csv")
    assert errors(roster) == [(2, "roster_department_too_long")]
    assert roster.errors[0].details == {"limit": 100}


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"", "r.csv", [(None, "roster_empty_file")]),
        (b"\r\n,,\r\n", "r.csv", [(None, "roster_empty_file")]),
        ("姓名,部门,类别\n".encode(), "r.csv", [(None, "roster_no_delegates")]),
        ("姓名,部门\n张三,生产部\n".encode(), "r.csv", [(1, "roster_missing_header")]),
        ("代表名单\n姓名,部门,类别\n".encode(), "r.csv", [(1, "roster_missing_header")]),
        ("name,姓名,部门,类别\n".encode(), "r.csv", [(1, "roster_duplicate_header")]),
        (b"name,department,category\n", "r.xls", [(None, "roster_unsupported_file_type")]),
        (b"name,department,category\n", "roster", [(None, "roster_unsupported_file_type")]),
        (b"not a zip file", "r.xlsx", [(None, "roster_unreadable_file")]),
        (b"\xff\xfe\x00\x81\x30", "r.csv", [(None, "roster_unreadable_file")]),
    ],
)
def test_whole_file_errors(data, filename, expected):
    assert errors(parse_roster(data, filename)) == expected


def test_unsupported_file_type_names_the_extension():
    assert parse_roster(b"x", "名单.xls").errors[0].details == {"extension": "xls"}


def test_missing_header_names_the_missing_columns():
    roster = parse_roster("姓名,部门\n".encode(), "r.csv")
    assert roster.errors[0].details == {"columns": "category"}


def test_empty_xlsx():
    assert errors(parse_roster(xlsx([]), "r.xlsx")) == [(None, "roster_empty_file")]


def test_row_limit_counts_delegates_not_lines():
    body = "".join(f"代表{i},部门,其他\n\n" for i in range(MAX_ROWS))
    assert len(parse_roster(csv_bytes("姓名,部门,类别\n" + body), "r.csv").rows) == MAX_ROWS


def test_more_than_the_row_limit_is_refused_at_the_first_extra_row():
    body = "".join(f"代表{i},部门,其他\n" for i in range(MAX_ROWS + 1))
    roster = parse_roster(csv_bytes("姓名,部门,类别\n" + body, "gbk"), "r.csv")
    assert errors(roster) == [(MAX_ROWS + 2, "roster_too_many_rows")]


def test_more_than_the_row_limit_in_xlsx():
    rows = [["姓名", "部门", "类别"]] + [[f"代表{i}", "部门", "其他"] for i in range(MAX_ROWS + 1)]
    assert errors(parse_roster(xlsx(rows), "r.xlsx")) == [(MAX_ROWS + 2, "roster_too_many_rows")]
