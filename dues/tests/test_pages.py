"""The dues pages: a branch's month as its dues collector sees it (tick who paid, save once,
all or nothing), the overview, a member's dues with the base masked, the base and relief forms,
and a member's own dues. Personas from conftest, plus the branch's dues collector."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from conftest import make_user
from dues import services
from dues.models import DuesBase, MonthlyDues, PayerKind, PaymentWay, Relief
from orgs.models import OrgKind

NOV = dt.date(2026, 11, 1)


@pytest.fixture
def treasurer(registry):
    """财政局第一支部's dues collector (党费收缴员): no other role."""
    return make_user("treasurer", Role.TREASURER, registry.branch_a)


@pytest.fixture
def month(registry, settings):
    """财政局第一支部's November computed: 张三 43.22, 李四 15.00, 王五 240.00; 赵六 has no base."""
    settings.DANGJIAN_TODAY = "2026-11-30"
    r = registry
    for member, base in ((r.zhang_san, "4321.50"), (r.li_si, "3000.00"), (r.wang_wu, "12000")):
        services.do_set_base(
            member, kind=PayerKind.WAGE, amount=Decimal(base), month=dt.date(2025, 1, 1), acting_user=None
        )
    services.do_compute_month(NOV, organizations=[r.branch_a])
    return r.branch_a


def month_url(org, month=NOV, name="dues:month"):
    return reverse(name, kwargs={"pk": org.pk, "year": month.year, "month": f"{month:%m}"})


def paid(member, month=NOV):
    return MonthlyDues.objects.get(member=member, month=month).paid


def batch(**extra):
    return {"day": "2026-11-30", "way": PaymentWay.CASH, **extra}


# -- the branch's month -------------------------------------------------------------------------


def test_the_collector_lands_on_the_branchs_month_from_the_overview(month, client_for, treasurer):
    response = client_for(treasurer).get(reverse("dues:index"))
    assert response.status_code == 302
    assert response["Location"] == month_url(month)


def test_the_month_lists_the_dues_and_those_without_a_base_apart(month, client_for, treasurer, registry):
    html = client_for(treasurer).get(month_url(month)).content.decode()
    assert "2026-11党费" in html
    assert "张三" in html and "43.22" in html and "240.00" in html
    assert "无交纳基数（1人）" in html
    assert reverse("dues:base", args=[registry.zhao_liu.pk]) in html and "赵六：登记交纳基数" in html
    assert "应交合计" in html and "298.22 元" in html
    assert 'data-testid="unpaid-count">3 / 3<' in html
    assert "全部未交标记为已交" in html and "保存" in html


def test_ticking_members_records_them_paid_in_full(month, client_for, treasurer, registry):
    r = registry
    client = client_for(treasurer)
    response = client.post(month_url(month, name="dues:record"), batch(paid=[r.zhang_san.pk, r.li_si.pk]))
    assert response.status_code == 302
    assert (paid(r.zhang_san), paid(r.li_si), paid(r.wang_wu)) == (Decimal("43.22"), Decimal("15.00"), Decimal("0"))
    html = client.get(month_url(month)).content.decode()
    assert "已记录2名党员2026-11的党费。" in html
    assert "2026-11-30 现金" in html
    assert 'data-testid="unpaid-count">1 / 3<' in html


def test_mark_all_unpaid_as_paid_records_everyone_left(month, client_for, treasurer, registry):
    r = registry
    client = client_for(treasurer)
    client.post(month_url(month, name="dues:record"), batch(paid=[r.zhang_san.pk]))
    client.post(month_url(month, name="dues:record"), batch(all="1", way=PaymentWay.TRANSFER))
    assert paid(r.wang_wu) == Decimal("240.00")
    assert MonthlyDues.objects.get(member=r.zhang_san, month=NOV).way == PaymentWay.CASH  # kept as recorded
    assert MonthlyDues.objects.get(member=r.li_si, month=NOV).way == PaymentWay.TRANSFER


def test_a_refused_amount_keeps_what_was_typed_and_saves_nothing(month, client_for, treasurer, registry):
    r = registry
    response = client_for(treasurer).post(
        month_url(month, name="dues:record"), batch(paid=[r.zhang_san.pk], **{f"amount-{r.wang_wu.pk}": "12.345"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "金额最多保留两位小数（到分）。" in html
    assert 'value="12.345"' in html
    assert f'value="{r.zhang_san.pk}" checked' in html
    assert not MonthlyDues.objects.filter(paid__gt=0).exists()


def test_a_save_with_nothing_ticked_says_what_to_do(month, client_for, treasurer):
    html = client_for(treasurer).post(month_url(month, name="dues:record"), batch()).content.decode()
    assert "请勾选已交党费的党员，或填写金额，然后保存。" in html


def test_a_payment_date_to_come_is_refused_with_the_services_message(month, client_for, treasurer, registry):
    response = client_for(treasurer).post(
        month_url(month, name="dues:record"), batch(day="2026-12-01", paid=[registry.li_si.pk])
    )
    assert "交纳日期不能晚于今天。" in response.content.decode()
    assert not MonthlyDues.objects.filter(paid__gt=0).exists()


def test_a_voluntary_extra_of_a_thousand_yuan_is_flagged_for_the_centre(month, client_for, treasurer, registry):
    r = registry
    client = client_for(treasurer)
    client.post(month_url(month, name="dues:record"), batch(**{f"amount-{r.li_si.pk}": "1015"}))
    row = MonthlyDues.objects.get(member=r.li_si, month=NOV)
    assert (row.paid, row.extra) == (Decimal("15.00"), Decimal("1000.00"))
    html = client.get(month_url(month)).content.decode()
    assert "上缴中央" in html and "李四" in html
    assert 'data-testid="to-centre"' in html


def test_a_month_before_the_catch_up_limit_is_read_only_citing_the_rule(month, client_for, treasurer):
    services.do_compute_month(dt.date(2026, 4, 1), organizations=[month])
    html = client_for(treasurer).get(month_url(month, dt.date(2026, 4, 1))).content.decode()
    assert "补交党费一般不超过6个月" in html and "第十二条" in html
    assert "本月只能查看。" in html
    assert 'data-testid="payments-form"' not in html


def test_a_month_not_computed_offers_the_computation(month, client_for, treasurer, registry):
    client = client_for(treasurer)
    october = dt.date(2026, 10, 1)
    assert "生成本月党费" in client.get(month_url(month, october)).content.decode()
    response = client.post(month_url(month, october, "dues:compute"))
    assert response.status_code == 302
    assert MonthlyDues.objects.filter(month=october, organization=month).count() == 3
    html = client.get(month_url(month, october)).content.decode()
    assert "2026-10党费：新增3名党员，更新0名。" in html
    assert "1名党员尚无交纳基数" in html


def test_members_behind_three_and_six_months_are_marked(month, client_for, treasurer, registry):
    r = registry
    for m in range(5, 11):
        services.do_compute_month(dt.date(2026, m, 1), organizations=[month])
    # 张三 paid up to August (3 months behind), 王五 nothing (7), 李四 everything
    for m in range(5, 12):
        day = dt.date(2026, m, 1)
        who = [r.li_si] + ([r.zhang_san] if m <= 8 else [])
        services.do_record_payments(
            month,
            day,
            {x.pk: MonthlyDues.objects.get(member=x, month=day).due for x in who},
            day=dt.date(2026, 11, 30),
            way=PaymentWay.CASH,
            acting_user=None,
        )
    html = client_for(treasurer).get(month_url(month)).content.decode()
    assert 'data-testid="behind-remind">欠交3个月' in html
    assert 'data-testid="behind-lapse">欠交6个月' in html  # the run is read at most the lapse rule back


def test_previous_and_next_months_are_linked_and_a_month_to_come_goes_back_to_this_one(month, client_for, treasurer):
    client = client_for(treasurer)
    html = client.get(month_url(month, dt.date(2026, 10, 1))).content.decode()
    assert month_url(month, dt.date(2026, 9, 1)) in html and month_url(month, NOV) in html
    response = client.get(month_url(month, dt.date(2026, 12, 1)))
    assert response.status_code == 302 and response["Location"] == month_url(month)
    response = client.get(reverse("dues:month", kwargs={"pk": month.pk, "year": 2026, "month": 13}))
    assert response["Location"] == month_url(month)


def test_a_reader_without_the_dues_capability_sees_the_month_but_records_nothing(month, client_for, body_officer):
    client = client_for(body_officer)
    html = client.get(month_url(month)).content.decode()
    assert "张三" in html and 'data-testid="payments-form"' not in html
    assert client.post(month_url(month, name="dues:record"), batch(all="1")).status_code == 403
    assert client.post(month_url(month, name="dues:compute")).status_code == 403


def test_another_branch_does_not_exist_for_the_collector(month, client_for, treasurer, registry):
    client = client_for(treasurer)
    assert client.get(month_url(registry.branch_b)).status_code == 404
    assert client.post(month_url(registry.branch_b, name="dues:record"), batch(all="1")).status_code == 404
    assert client.get(reverse("dues:member", args=[registry.sun_qi.pk])).status_code == 404
    assert client.get(reverse("members:list")).status_code == 200  # and the registry shows them nobody
    assert "张三" not in client.get(reverse("members:list")).content.decode()


def test_a_plain_member_has_no_overview(month, client_for, plain_member):
    assert client_for(plain_member).get(reverse("dues:index")).status_code == 403


# -- the overview -------------------------------------------------------------------------------


def test_the_overview_gives_each_branch_its_figures_in_a_few_queries(
    month, client_for, clerk, registry, django_assert_max_num_queries
):
    client = client_for(clerk)
    client.get(reverse("dues:index"))  # the session and the user's roles are read once warm
    with django_assert_max_num_queries(14):
        html = client.get(reverse("dues:index"), {"month": "2026-11"}).content.decode()
    assert "财政局第一支部" in html and "298.22" in html
    assert "教委第一支部" in html and "未生成" in html
    for i in range(5):
        branch = registry.org(f"新支部{i}", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2020, 1, 1))
        registry.member(f"新党员{i}", branch)
    with django_assert_max_num_queries(14):
        client.get(reverse("dues:index"), {"month": "2026-11"})


def test_a_month_typed_wrong_in_the_overview_is_named_and_this_month_shown(month, client_for, clerk):
    html = client_for(clerk).get(reverse("dues:index"), {"month": "2026-13"}).content.decode()
    assert "“2026-13”不是可以显示的月份" in html and "2026-11党费" in html


# -- a member's dues, base and relief -----------------------------------------------------------


def test_the_base_is_masked_for_a_reader_who_may_not_reveal(month, client_for, opc_officer, registry):
    html = client_for(opc_officer).get(reverse("dues:member", args=[registry.zhang_san.pk])).content.decode()
    assert "****" in html and "4,321.50" not in html
    assert "计算基数属于个人信息" in html


def test_the_base_is_shown_to_one_who_may_reveal_and_that_is_audited(month, client_for, secretary, registry):
    html = client_for(secretary).get(reverse("dues:member", args=[registry.zhang_san.pk])).content.decode()
    assert "4,321.50" in html
    assert AuditEvent.objects.filter(action="dues.base.revealed", target_id=str(registry.zhang_san.pk)).exists()


def test_the_member_sees_their_own_dues_and_base(month, client_for, plain_member, registry):
    client = client_for(plain_member)
    services.do_record_payments(
        month,
        NOV,
        {registry.li_si.pk: Decimal("15.00")},
        day=dt.date(2026, 11, 20),
        way=PaymentWay.PAYROLL,
        acting_user=None,
    )
    html = client.get(reverse("dues:mine")).content.decode()
    assert "我的党费" in html and "3,000.00" in html
    assert "2026-11-20" in html and "工资代扣" in html
    assert "已交" in html
    assert client.get(reverse("dues:base", args=[registry.li_si.pk])).status_code == 403


def test_an_account_without_a_member_is_told_so(db, client_for, outsider):
    html = client_for(outsider).get(reverse("dues:mine")).content.decode()
    assert "此账号未关联党员" in html


def test_the_collector_records_a_base_and_a_refused_amount_keeps_what_was_typed(month, client_for, treasurer, registry):
    client = client_for(treasurer)
    url = reverse("dues:base", args=[registry.zhao_liu.pk])
    response = client.post(url, {"kind": PayerKind.WAGE, "amount": "三千", "month": "2026-11"})
    html = response.content.decode()
    assert response.status_code == 200 and "请输入以元为单位的金额" in html and 'value="三千"' in html
    assert not DuesBase.objects.filter(member=registry.zhao_liu).exists()
    response = client.post(url, {"kind": PayerKind.WAGE, "amount": "3,500", "month": "2026-11"})
    assert response.status_code == 302
    assert DuesBase.objects.get(member=registry.zhao_liu).base == Decimal("3500.00")
    # the month computed again takes them in
    client.post(month_url(month, name="dues:compute"))
    assert MonthlyDues.objects.get(member=registry.zhao_liu, month=NOV).due == Decimal("35.00")


def test_a_base_for_a_month_to_come_is_refused_beside_its_field(month, client_for, treasurer, registry):
    response = client_for(treasurer).post(
        reverse("dues:base", args=[registry.zhao_liu.pk]),
        {"kind": PayerKind.WAGE, "amount": "3500", "month": "2027-01"},
    )
    assert "不能登记以后的月份" in response.content.decode()


def test_a_relief_is_approved_by_the_committee_above_not_the_branch(
    month, client_for, branch_secretary, opc_officer, registry
):
    url = reverse("dues:relief", args=[registry.wang_wu.pk])
    assert client_for(branch_secretary).get(url).status_code == 403
    client = client_for(opc_officer)
    html = client.get(url).content.decode()
    assert "财政局机关党委" in html and "最多12个月" in html
    response = client.post(
        url,
        {
            "kind": "exempt",
            "first": "2026-11",
            "last": "2027-04",
            "basis": "支委会决定，家庭困难",
            "approved_on": "2026-11-20",
        },
    )
    assert response.status_code == 302
    relief = Relief.objects.get(member=registry.wang_wu)
    assert relief.approved_by == registry.opc
    assert MonthlyDues.objects.get(member=registry.wang_wu, month=NOV).due == Decimal("0.00")
    assert "免交" in client.get(reverse("dues:member", args=[registry.wang_wu.pk])).content.decode()


def test_a_relief_overlapping_another_or_too_long_is_refused_with_the_rule(month, client_for, opc_officer, registry):
    client = client_for(opc_officer)
    url = reverse("dues:relief", args=[registry.wang_wu.pk])
    data = {
        "kind": "reduced",
        "amount": "10",
        "first": "2026-11",
        "last": "2027-11",
        "basis": "困难",
        "approved_on": "2026-11-20",
    }
    html = client.post(url, data).content.decode()
    assert "减免期限一次最多12个月" in html and 'value="困难"' in html
    assert client.post(url, {**data, "last": "2027-01"}).status_code == 302
    html = client.post(url, {**data, "first": "2027-01", "last": "2027-02"}).content.decode()
    assert "该党员已有2026-11至2027-01的减免，期间不能重叠。" in html
    assert Relief.objects.count() == 1
    assert MonthlyDues.objects.get(member=registry.wang_wu, month=NOV).due == Decimal("10.00")
