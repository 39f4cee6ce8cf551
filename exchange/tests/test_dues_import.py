"""A payroll sheet of party dues (工资代扣党费) goes in through the import pipeline: every row
checked first, errors shown per row in Chinese, then written through the dues service one
branch and month at a time — all rows or none — and the same file again changes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from conftest import make_user
from core.errors import DomainError
from dues import services
from dues.models import MonthlyDues, PayerKind, PaymentWay
from exchange import dues, reader
from exchange.models import ImportBatch
from exchange.tests.test_import import xlsx

HEADER = [h for h, _r, _e in dues.COLUMNS]
OCT = dt.date(2026, 10, 1)


@pytest.fixture
def computed(registry, settings):
    """October and November computed for 张三, 李四 (财政局第一支部) and 孙七 (第二支部): 40.00 yuan a month."""
    settings.DANGJIAN_TODAY = "2026-11-20"
    for member in (registry.zhang_san, registry.li_si, registry.sun_qi):
        services.do_set_base(member, kind=PayerKind.WAGE, amount=Decimal("4000"), month=OCT, acting_user=None)
    for month in (OCT, dt.date(2026, 11, 1)):
        services.do_compute_month(month, organizations=[registry.branch_a, registry.branch_b])
    return registry


def line(**cells):
    values = {
        "身份证号": "",
        "姓名": "",
        "所在党支部": "",
        "月份": "2026-10",
        "实交金额": "40",
        "缴纳方式": "",
        "缴纳日期": "",
    }
    values.update(cells)
    return [values[h] for h in HEADER]


def plan_for(data, scope=None):
    return dues.validate(reader.read_table(data), scope_paths=scope)


def paid(member, month=OCT):
    row = MonthlyDues.objects.get(member=member, month=month)
    return row.paid, row.extra, row.way


def good_sheet(r) -> bytes:
    return xlsx(
        [
            line(身份证号=r.zhang_san.id_number, 缴纳日期="2026-10-15"),
            line(姓名="李四", 所在党支部=r.branch_a.name, 实交金额="1040.00", 缴纳日期="2026-10-15"),
            line(身份证号=r.sun_qi.id_number, 月份="2026年11月", 缴纳方式="现金"),
        ],
        HEADER,
        title="党费",
    )


def test_a_good_sheet_is_recorded_by_branch_and_month_and_again_changes_nothing(computed):
    r = computed
    plan = plan_for(good_sheet(r))
    assert plan.ok and len(plan.new) == 3
    assert dues.preview(plan)["groups"] == [
        ["财政局第一支部", "2026-10", "工资代扣", "2026-10-15", 2, "1080.00"],
        ["财政局第二支部", "2026-11", "现金", "2026-11-20", 1, "40.00"],
    ]
    counts = dues.apply(plan, file_hash="f" * 64, acting_user=None)
    assert counts == {"created": 3, "updated": 0, "unchanged": 0, "groups": 2}
    assert paid(r.zhang_san) == (Decimal("40.00"), Decimal("0.00"), PaymentWay.PAYROLL)
    assert paid(r.li_si) == (Decimal("40.00"), Decimal("1000.00"), PaymentWay.PAYROLL)  # a voluntary extra
    assert paid(r.sun_qi, dt.date(2026, 11, 1)) == (Decimal("40.00"), Decimal("0.00"), PaymentWay.CASH)
    again = plan_for(good_sheet(r))
    assert again.ok and again.new == [] and again.unchanged == 3


def test_a_sheet_with_bad_rows_is_refused_whole_with_each_rows_reason_in_chinese(computed):
    r = computed
    data = xlsx(
        [
            line(身份证号=r.zhang_san.id_number),
            line(身份证号=r.li_si.id_number, 实交金额="12.345"),
            line(身份证号=r.wang_wu.id_number, 月份="2026-13"),
            line(姓名="李四"),
            line(身份证号=r.sun_qi.id_number, 缴纳方式="支票"),
            line(姓名="王五", 所在党支部=r.branch_a.name),
            line(身份证号=r.zhang_san.id_number, 月份="2026-04"),
        ],
        HEADER,
        title="党费",
    )
    plan = plan_for(data)
    reasons = {(e.row, e.column): e.reason for e in plan.errors}
    assert reasons[(3, "实交金额")] == "金额最多保留两位小数（到分）。"
    assert reasons[(4, "月份")] == "月份不存在"
    assert reasons[(5, "身份证号")] == "请填写身份证号，或同时填写姓名和所在党支部"
    assert reasons[(6, "缴纳方式")].startswith("缴纳方式应为")
    assert reasons[(8, "月份")].startswith("补交党费一般不超过6个月")
    assert not plan.ok
    with pytest.raises(ValueError):
        dues.apply(plan, file_hash="f" * 64, acting_user=None)
    # 王五 has no base, so no dues for October: said on the row once the rest of the file passes
    plan = plan_for(xlsx([line(姓名="王五", 所在党支部=r.branch_a.name)], HEADER, title="党费"))
    assert [e.reason for e in plan.errors] == ["该党员该月的党费尚未计算，请先计算该月党费"]
    assert not MonthlyDues.objects.filter(paid__gt=0).exists()


def test_when_one_branchs_month_fails_at_writing_nothing_of_the_sheet_is_written(computed, settings):
    r = computed
    plan = plan_for(
        xlsx(
            [
                line(身份证号=r.zhang_san.id_number, 缴纳日期="2026-11-01"),
                line(身份证号=r.sun_qi.id_number, 缴纳日期="2026-11-20"),
            ],
            HEADER,
            title="党费",
        )
    )
    assert plan.ok
    settings.DANGJIAN_TODAY = "2026-11-10"  # the second branch's payment day is now to come
    with pytest.raises(DomainError):
        dues.apply(plan, file_hash="f" * 64, acting_user=None)
    assert not MonthlyDues.objects.filter(paid__gt=0).exists()


def test_a_branch_secretary_imports_through_the_page_and_cannot_record_another_branch(
    computed, client_for, branch_secretary
):
    r = computed
    client = client_for(branch_secretary)

    def upload(data):
        return client.post(
            reverse("exchange:imports"), {"kind": "dues", "file": SimpleUploadedFile("党费.xlsx", data)}, follow=True
        ).content.decode()

    page = upload(xlsx([line(身份证号=r.zhang_san.id_number), line(身份证号=r.sun_qi.id_number)], HEADER, title="党费"))
    batch = ImportBatch.objects.get()
    assert batch.status == "invalid"
    assert "在您管理的党组织中没有这名在册党员" in page
    assert not MonthlyDues.objects.filter(paid__gt=0).exists()

    page = upload(xlsx([line(身份证号=r.zhang_san.id_number, 缴纳日期="2026-10-15")], HEADER, title="党费"))
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == "ready" and "按党支部和月份" in page and "财政局第一支部" in page
    page = client.post(reverse("exchange:batch_confirm", args=[batch.pk]), follow=True).content.decode()
    assert "已登记：1笔交纳" in page
    assert paid(r.zhang_san) == (Decimal("40.00"), Decimal("0.00"), PaymentWay.PAYROLL)


def test_a_treasurer_imports_their_branchs_sheet_and_nothing_else(computed, client_for):
    """The payroll import needs the dues capability, not the registry's: a branch's 党费收缴员
    (who holds only that) imports its sheet, offered the dues kind only, and no other branch."""
    r = computed
    treasurer = make_user("collector", Role.TREASURER, r.branch_a)
    client = client_for(treasurer)
    page = client.get(reverse("exchange:imports"))
    assert page.status_code == 200
    assert [v for v, _label in page.context["form"].fields["kind"].choices] == ["dues"]
    assert client.get(reverse("exchange:template", args=["dues"])).status_code == 200
    assert client.get(reverse("exchange:template", args=["members"])).status_code == 403
    sheet = xlsx([line(身份证号=r.zhang_san.id_number, 缴纳日期="2026-10-15")], HEADER, title="党费")
    client.post(reverse("exchange:imports"), {"kind": "dues", "file": SimpleUploadedFile("党费.xlsx", sheet)})
    batch = ImportBatch.objects.get(created_by=treasurer)
    assert batch.status == "ready"
    page = client.post(reverse("exchange:batch_confirm", args=[batch.pk]), follow=True).content.decode()
    assert "已登记：1笔交纳" in page
    assert paid(r.zhang_san) == (Decimal("40.00"), Decimal("0.00"), PaymentWay.PAYROLL)
    # another branch's member: not theirs to record
    other = xlsx([line(身份证号=r.sun_qi.id_number, 缴纳日期="2026-10-15")], HEADER, title="党费")
    page = client.post(
        reverse("exchange:imports"), {"kind": "dues", "file": SimpleUploadedFile("党费.xlsx", other)}, follow=True
    ).content.decode()
    assert "在您管理的党组织中没有这名在册党员" in page
    # a members' sheet is refused: the kind is not theirs
    refused = client.post(reverse("exchange:imports"), {"kind": "members", "file": SimpleUploadedFile("a.xlsx", other)})
    assert refused.status_code == 200 and ImportBatch.objects.filter(kind="members").count() == 0


def test_without_the_dues_capability_the_import_is_forbidden(computed, client_for):
    """A discipline officer reads the registry but records no dues (and edits nothing): 403 at
    the import page, at the dues template, and at their own dues batch."""
    r = computed
    officer = make_user("officer", Role.DISCIPLINE_STAFF, r.working)
    client = client_for(officer)
    assert client.get(reverse("exchange:imports")).status_code == 403
    assert client.get(reverse("exchange:template", args=["dues"])).status_code == 403
    batch = ImportBatch.objects.create(
        kind="dues", file_name="党费.xlsx", content=b"", sha256="", status="invalid", created_by=officer
    )
    assert client.get(reverse("exchange:batch", args=[batch.pk])).status_code == 403


def test_a_dues_batch_is_closed_to_its_uploader_once_the_dues_capability_is_gone(computed, client_for):
    r = computed
    clerk = make_user("registry_clerk", Role.ORG_ADMIN, r.branch_a)
    batch = ImportBatch.objects.create(
        kind="dues", file_name="党费.xlsx", content=b"", sha256="", status="invalid", created_by=clerk
    )
    client = client_for(clerk)
    assert client.get(reverse("exchange:batch", args=[batch.pk])).status_code == 200
    RoleAssignment.objects.filter(user=clerk).update(role=Role.TREASURER)  # still records dues
    assert client.get(reverse("exchange:batch", args=[batch.pk])).status_code == 200
    RoleAssignment.objects.filter(user=clerk).update(role=Role.MEMBER)  # no capability left
    assert client.get(reverse("exchange:batch", args=[batch.pk])).status_code == 403


def test_the_template_has_the_payroll_columns_the_ways_and_the_instructions():
    import io

    from openpyxl import load_workbook

    from exchange import templates

    book = load_workbook(io.BytesIO(templates.template("dues")))
    sheet = book["党费"]
    assert [c.value for c in sheet[1]] == [
        "身份证号",
        "姓名",
        "所在党支部",
        "月份*",
        "实交金额*",
        "缴纳方式",
        "缴纳日期",
    ]
    assert "工资代扣,现金,转账" in sheet.data_validations.dataValidation[0].formula1
    assert book["填写说明"]["A1"].value == "党费（工资代扣表）导入模板填写说明"
