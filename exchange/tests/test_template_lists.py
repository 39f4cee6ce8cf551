"""The member import template offers the code tables of 党内统计 as drop-down lists, in the words
the import reads back."""

from io import BytesIO

from openpyxl import load_workbook

from exchange import members, templates
from members.codes import ETHNICITIES


def _lists() -> dict[str, list[str]]:
    sheet = load_workbook(BytesIO(templates.template("members")))["党员"]
    headers = [c.value.rstrip("*") for c in sheet[1]]
    found = {}
    for rule in sheet.data_validations.dataValidation:
        column = str(rule.sqref).split(":")[0].rstrip("0123456789")
        found[headers[ord(column) - ord("A")]] = rule.formula1.strip('"').split(",")
    return found


def test_the_template_lists_the_58_nationalities_by_name():
    assert _lists()["民族"] == [name for _code, name in ETHNICITIES]
    assert len(_lists()["民族"]) == 58


def test_every_listed_education_degree_and_occupation_is_read_by_the_import():
    lists = _lists()
    assert len(lists["学历"]) == 6 and set(lists["学历"]) <= set(members.EDUCATION)
    assert lists["学位"] == ["博士", "硕士", "学士"]
    assert len(lists["职业类别"]) == 7
    for word in lists["职业类别"]:
        assert members._occupation(word), word
