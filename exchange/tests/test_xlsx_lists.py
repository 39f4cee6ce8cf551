"""The drop-down lists of the workbooks we hand out (`core.xlsx`), as an upload of them reads back."""

from io import BytesIO

from openpyxl import load_workbook

from core.xlsx import LISTS_SHEET, Book
from exchange import reader


def _book_with_choices(options):
    book = Book()
    sheet = book.sheet("党员")
    sheet.append(["单位"])
    sheet.choices(1, options, rows=(2, 100))
    book.sheet("填写说明").append(["说明"])
    return load_workbook(BytesIO(book.to_bytes())), book.to_bytes()


def test_a_short_list_is_written_into_the_rule():
    workbook, _data = _book_with_choices(["是", "否"])
    rule = workbook["党员"].data_validations.dataValidation[0]
    assert rule.formula1 == '"是,否"'
    assert workbook.sheetnames == ["党员", "填写说明"]


def test_a_list_longer_than_excel_keeps_in_a_rule_goes_to_a_hidden_sheet():
    options = [f"第{i}个很长的单位名称" for i in range(40)]
    workbook, data = _book_with_choices(options)
    rule = workbook["党员"].data_validations.dataValidation[0]
    lists = workbook[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists[1]] == options
    assert rule.formula1 == f"'{LISTS_SHEET}'!$A$1:$AN$1"
    # an upload of the template reads its data sheet, never the hidden list
    assert reader.read_table(data).headers == ["单位"]
