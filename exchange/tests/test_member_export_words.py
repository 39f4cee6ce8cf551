"""The member export in a clerk's words: the branch by its name (its code in a column of its
own, for importing the list again), and a button that says it is working."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook


def test_the_export_names_each_members_branch_and_keeps_its_code_apart(registry, client_for, secretary):
    response = client_for(secretary).get(reverse("members:export"), {"organization": registry.branch_c.pk})
    sheet = load_workbook(BytesIO(response.getvalue())).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert {r["所在党支部"] for r in rows} == {"教委第一支部"}
    assert {r["党组织编码"] for r in rows} == {registry.branch_c.code}


def test_the_export_button_says_it_is_writing_the_file(registry, client_for, secretary):
    page = client_for(secretary).get(reverse("members:list")).content.decode()
    assert 'data-busy="正在生成…"' in page and "js/busy.js" in page


def test_a_list_of_a_few_thousand_members_is_written_in_the_background():
    from dangjian import settings as project_settings

    # The demo's 7,907 members take seconds: they get the export's progress page.
    assert project_settings.DANGJIAN_EXPORT_INLINE_ROWS == 2_000
