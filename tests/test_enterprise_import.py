"""Importing enterprises from Excel: all or nothing, every bad line named; the templates of both imports."""
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from survey.data.models import Enterprise, User
from survey.domain import enterprise_import, organisations
from survey.domain.roster import parse_roster

from conftest import VALID_CODES
from helpers import xlsx
from office_support import credit_code, sign_in, with_wrong_check

HEADER = ["名称", "统一社会信用代码", "职工人数", "所属工会/辖区", "部门"]


def upload(client, data: bytes, name: str = "企业.xlsx", lang: str = "en"):
    return client.post("/office/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", query_string={"lang": lang})


def enterprise_count(app) -> int:
    with app.app_context():
        return app.extensions["harmony.sessions"]().scalar(select(func.count()).select_from(Enterprise))


def test_one_bad_line_imports_nothing_and_names_the_line(app, client, world):
    sign_in(client, "admin")
    data = xlsx([HEADER, ["丙公司", credit_code(1), 80, "东区总工会", "生产部"],
                 ["丁公司", with_wrong_check(credit_code(2)), 40, "东区总工会", ""],
                 ["戊公司", credit_code(3), 30, "西区总工会", ""]])
    response = upload(client, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "No enterprise was imported" in page
    assert "Line 3: The check character of this unified social credit code is wrong" in page
    assert "Line 2" not in page and "Line 4" not in page
    assert enterprise_count(app) == 2
    chinese = upload(client, data, lang="zh").get_data(as_text=True)
    assert "第3行：" in chinese


def test_a_good_file_imports_every_enterprise_with_its_departments(app, client, world):
    sign_in(client, "admin")
    data = xlsx([HEADER, ["丙公司", credit_code(1).lower(), 80, "东区总工会", "生产部、技术部、 后勤部"],
                 [], ["戊公司", credit_code(3), "30", "西区总工会", None]])
    response = upload(client, data)
    assert response.status_code == 302
    assert "2 enterprises imported" in client.get("/office", query_string={"lang": "en"}).get_data(as_text=True)
    with app.app_context():
        s = app.extensions["harmony.sessions"]()
        found = {e.name: e for e in s.scalars(select(Enterprise))}
        assert found["丙公司"].credit_code == credit_code(1)
        assert found["丙公司"].departments == ["生产部", "技术部", "后勤部"]
        assert (found["丙公司"].headcount, found["丙公司"].jurisdiction_id) == (80, world.east)
        assert (found["戊公司"].departments, found["戊公司"].jurisdiction_id) == ([], world.west)


def rejected(app, user: str, rows) -> list[tuple[int | None, str]]:
    with app.app_context():
        s = app.extensions["harmony.sessions"]()
        try:
            enterprise_import.import_enterprises(s, s.scalar(select(User).where(User.username == user)),
                                                 xlsx(rows), "x.xlsx")
        except enterprise_import.ImportRejected as error:
            s.rollback()
            return [(e.line, e.key) for e in error.errors]
        raise AssertionError("imported")


def test_every_bad_line_is_reported_by_its_number(app, world):
    rows = [HEADER,
            ["丙公司", credit_code(1), 80, "东区总工会", ""],           # 2: good
            ["丁公司", credit_code(1), 10, "东区总工会", ""],           # 3: code of line 2
            ["丙公司", credit_code(2), 10, "东区总工会", ""],           # 4: name of line 2, same jurisdiction
            ["丙公司", credit_code(3), 10, "西区总工会", ""],           # 5: good: other jurisdiction
            ["己公司", VALID_CODES[0], 10, "东区总工会", ""],           # 6: code of 甲公司
            ["甲公司", credit_code(4), 10, "东区总工会", ""],           # 7: name of 甲公司 in 东区
            ["庚公司", credit_code(5), "很多", "南区总工会", ""],       # 8: headcount and jurisdiction
            ["", "12345", 0, "东区总工会", "部门、部门"]]                # 9: name, code, headcount, departments
    assert rejected(app, "admin", rows) == [
        (3, "enterprises_duplicate_code"), (4, "enterprises_duplicate_name"), (6, "credit_code_taken"),
        (7, "enterprise_name_taken"), (8, "enterprises_unknown_jurisdiction"), (8, "headcount_range"),
        (9, "name_length"), (9, "credit_code_length"), (9, "headcount_range"), (9, "departments_invalid")]
    assert enterprise_count(app) == 2


def test_an_assessor_imports_only_into_their_jurisdictions(app, client, world):
    rows = [HEADER, ["丙公司", credit_code(1), 80, "西区总工会", ""]]
    assert rejected(app, "assessor_east", rows) == [(2, "enterprises_unknown_jurisdiction")]
    assert rejected(app, "assessor_east", [HEADER, ["丙公司", credit_code(1), 80, "市总工会", ""]]) == [
        (2, "enterprises_unknown_jurisdiction")]
    sign_in(client, "assessor_east")
    assert upload(client, xlsx([HEADER, ["丙公司", credit_code(1), 80, "东区总工会", ""]])).status_code == 302
    assert enterprise_count(app) == 3


def test_a_jurisdiction_name_two_share_is_refused_as_ambiguous(app, world):
    with app.app_context():
        s = app.extensions["harmony.sessions"]()
        organisations.create_jurisdiction(s, "开发区总工会", world.east)
        organisations.create_jurisdiction(s, "开发区总工会", world.west)
        s.commit()
    rows = [HEADER, ["丙公司", credit_code(1), 80, "开发区总工会", ""]]
    assert rejected(app, "admin", rows) == [(2, "enterprises_ambiguous_jurisdiction")]


def test_file_problems_are_reported_for_the_whole_file(app, client, world):
    assert rejected(app, "admin", [["名称", "职工人数"], ["丙公司", 3]]) == [(1, "enterprises_missing_header")]
    assert rejected(app, "admin", [HEADER]) == [(None, "enterprises_none")]
    sign_in(client, "admin")
    response = upload(client, b"not a workbook", "企业.xlsx")
    assert response.status_code == 422 and "cannot be read" in response.get_data(as_text=True)
    assert upload(client, b"x", "企业.doc").status_code == 422


def test_a_file_declaring_too_many_lines_is_refused(app, world):
    rows = [HEADER] + [[]] * enterprise_import.MAX_LINES + [["丙公司", credit_code(1), 80, "东区总工会", ""]]
    assert rejected(app, "admin", rows) == [(None, "enterprises_too_many_lines")]


def template(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    return load_workbook(io.BytesIO(response.data))


def test_the_enterprise_template_has_the_headers_and_imports_once_filled(app, client, world):
    sign_in(client, "admin")
    workbook = template(client, "/office/templates/enterprises.xlsx")
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER and sheet.max_row == 1
    assert len(workbook.worksheets) == 2  # the notes
    sheet.append(["丙公司", credit_code(1), 80, "东区总工会", "生产部、技术部"])
    filled = io.BytesIO()
    workbook.save(filled)
    assert upload(client, filled.getvalue()).status_code == 302
    assert enterprise_count(app) == 3


def test_the_roster_template_reads_as_a_roster_once_filled(client, world):
    sign_in(client, "chair_a")
    workbook = template(client, "/office/templates/roster.xlsx")
    assert [cell.value for cell in workbook.worksheets[0][1]] == ["姓名", "部门", "类别"]
    workbook.worksheets[0].append(["张三", "生产部", "一线职工"])
    filled = io.BytesIO()
    workbook.save(filled)
    roster = parse_roster(filled.getvalue(), "名单.xlsx")
    assert roster.ok and [(r.line, r.name, r.category) for r in roster.rows] == [(2, "张三", "frontline")]


def test_templates_and_import_need_a_sign_in_and_the_import_an_office_role(client, world):
    assert client.get("/office/templates/roster.xlsx").status_code == 302
    assert client.get("/office/templates/enterprises.xlsx").status_code == 302
    sign_in(client, "chair_a")
    assert client.get("/office/templates/enterprises.xlsx").status_code == 403
    assert client.get("/office/import").status_code == 403
    assert upload(client, xlsx([HEADER, ["丙公司", credit_code(1), 80, "东区总工会", ""]])).status_code == 403
