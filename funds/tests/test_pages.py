"""The funds pages: who sees and records what (allowed, 403, 404), the overview's figures and
its queries, a refusal that keeps what was typed, the trade union's readers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from conftest import make_user
from funds import services
from funds.models import Spending
from funds.tests.conftest import spend


@pytest.fixture
def union_reader(registry):
    """An officer of the 区总工会: body staff acting for the body that leads 机关工会活动经费."""
    from authority.models import AuthorityList, Body, Matter, MatterRole

    body = Body.objects.create(code="ZGH", name="区总工会", kind="mass_organization")
    adopted = AuthorityList.objects.create(name="方案六", status="adopted", effective_from=dt.date(2005, 9, 30))
    matter = Matter.objects.create(authority_list=adopted, code="UNI-02", name="机关工会活动经费", domain="union")
    MatterRole.objects.create(matter=matter, body=body, role="lead")
    user = make_user("zonggonghui", Role.BODY_STAFF, registry.working)
    RoleAssignment.objects.filter(user=user).update(authority_body=body)
    return user


@pytest.fixture
def union_budget(registry):
    return services.do_set_budget(
        registry.opc, year=2026, kind="union", source="union_allocation", amount=Decimal("5000"), acting_user=None
    )


def test_the_officers_see_the_organizations_year_with_its_balance(client_for, opc_officer, budget, registry):
    spend(budget, "1234.56", purpose="七一主题党日")
    page = client_for(opc_officer).get(reverse("funds:organization", args=[registry.opc.pk]) + "?year=2026")
    text = page.content.decode()
    assert page.status_code == 200
    assert "党建活动经费" in text and "定额核拨" in text and "七一主题党日" in text
    assert "8,765.44" in text and "记一笔支出" in text


def test_a_branch_secretary_does_not_see_the_committee_above_and_a_body_officer_may_not_read_funds(
    client_for, branch_secretary, body_officer, registry, budget
):
    url = reverse("funds:organization", args=[registry.opc.pk])
    assert client_for(branch_secretary).get(url).status_code == 404
    assert client_for(body_officer).get(url).status_code == 403
    assert client_for(body_officer).get(reverse("funds:overview")).status_code == 403
    assert client_for(body_officer).get(reverse("funds:spending_add", args=[budget.pk])).status_code == 403


def test_an_organization_outside_the_scope_is_not_found(client_for, opc_officer, registry):
    other = services.do_set_budget(
        registry.pc, year=2026, kind="party", source="fixed", amount=Decimal("1"), acting_user=None
    )
    client = client_for(opc_officer)
    assert client.get(reverse("funds:organization", args=[registry.pc.pk])).status_code == 404
    assert client.get(reverse("funds:spending_add", args=[other.pk])).status_code == 404


def test_a_spending_is_recorded_from_the_form_and_shown(client_for, opc_officer, budget, registry):
    client = client_for(opc_officer)
    url = reverse("funds:spending_add", args=[budget.pk])
    assert "10,000.00" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "date": "2026-06-01",
            "category": "education",
            "amount": "2,000.5",
            "purpose": "党员冬训教材",
            "file": SimpleUploadedFile("发票.pdf", b"%PDF-1.4\n"),
        },
    )
    assert response.status_code == 302
    spending = Spending.objects.get()
    assert spending.amount == Decimal("2000.50") and spending.file_name == "发票.pdf"
    download = client.get(reverse("funds:attachment", args=[spending.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4\n"


def test_a_refused_spending_keeps_what_was_typed(client_for, opc_officer, budget):
    spend(budget, "9000")
    response = client_for(opc_officer).post(
        reverse("funds:spending_add", args=[budget.pk]),
        {"date": "2026-06-01", "category": "relief", "amount": "1500", "purpose": "走访困难党员王某"},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "超出预算" in text and "余额1000.00元" in text
    assert 'value="1500"' in text and "走访困难党员王某" in text and 'value="relief" selected' in text
    assert Spending.objects.count() == 1


def test_an_amount_that_is_not_one_is_refused_beside_its_field(client_for, opc_officer, budget):
    response = client_for(opc_officer).post(
        reverse("funds:spending_add", args=[budget.pk]),
        {"date": "2026-06-01", "category": "relief", "amount": "1.5e3", "purpose": "帮扶"},
    )
    assert "请输入以元为单位的金额" in response.content.decode() and not Spending.objects.exists()


def test_the_budget_form_reckons_a_per_member_allocation(client_for, opc_officer, registry):
    client = client_for(opc_officer)
    url = reverse("funds:budget_set", args=[registry.opc.pk])
    assert "200" in client.get(url).content.decode()
    response = client.post(
        url, {"year": "2026", "kind": "party", "source": "per_member", "counted_on": "2026-01-01", "notes": ""}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "1,200.00" in page and "6名党员" in page


def test_the_budget_form_refuses_a_source_of_the_other_kind_and_keeps_the_amount(client_for, opc_officer, registry):
    response = client_for(opc_officer).post(
        reverse("funds:budget_set", args=[registry.opc.pk]),
        {"year": "2026", "kind": "union", "source": "kept_dues", "amount": "800", "notes": "年初核定"},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "该经费来源不适用于此类经费" in text
    assert 'value="800"' in text and "年初核定" in text


def test_a_correction_from_the_form(client_for, opc_officer, budget):
    spending = spend(budget, "100")
    client = client_for(opc_officer)
    url = reverse("funds:spending_edit", args=[spending.pk])
    assert 'value="100.00"' in client.get(url).content.decode()
    response = client.post(
        url, {"date": "2026-05-04", "category": "theme_day", "amount": "120", "purpose": "主题党日（更正）"}
    )
    assert response.status_code == 302
    spending.refresh_from_db()
    assert spending.amount == Decimal("120.00") and spending.purpose == "主题党日（更正）"


def test_the_overview_shows_each_organizations_figures_and_the_totals(client_for, clerk, registry, budget):
    spend(budget, "2500")
    branch = services.do_set_budget(
        registry.branch_c, year=2026, kind="party", source="kept_dues", amount=Decimal("800.40"), acting_user=None
    )
    spend(branch, "800.40")
    services.do_set_budget(
        registry.branch_c, year=2026, kind="party", source="unit_budget", amount=Decimal("0"), acting_user=None
    )
    page = client_for(clerk).get(reverse("funds:overview") + "?year=2026&kind=party").content.decode()
    assert "财政局机关党委" in page and "教委第一支部" in page
    assert "10,000.00" in page and "7,500.00" in page and "25.0%" in page
    assert "800.40" in page and "100.0%" in page
    assert "10,800.40" in page and "3,300.40" in page  # the totals


def test_the_overview_takes_as_many_queries_for_thirty_organizations_as_for_one(client_for, clerk, registry):
    client = client_for(clerk)
    url = reverse("funds:overview") + "?year=2026"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.do_set_budget(registry.opc, year=2026, kind="party", source="fixed", amount=Decimal("1"), acting_user=None)
    one = count()
    for org in [registry.branch_a, registry.branch_b, registry.pc, registry.branch_c]:
        budget = services.do_set_budget(
            org, year=2026, kind="party", source="fixed", amount=Decimal("9"), acting_user=None
        )
        spend(budget, "1")
    assert count() == one <= 12


def test_the_union_reader_sees_the_union_funds_only_and_records_nothing(
    client_for, union_reader, registry, budget, union_budget
):
    spend(union_budget, "300", purpose="职工篮球赛")
    client = client_for(union_reader)
    overview = client.get(reverse("funds:overview") + "?kind=party").content.decode()
    assert "工会活动经费" in overview and "5,000.00" in overview and "10,000.00" not in overview
    page = client.get(reverse("funds:organization", args=[registry.opc.pk])).content.decode()
    assert "职工篮球赛" in page and "党建活动经费" not in page and "记一笔支出" not in page
    assert client.get(reverse("funds:spending_add", args=[union_budget.pk])).status_code == 403
    assert client.get(reverse("funds:spending_add", args=[budget.pk])).status_code == 403
    assert "活动经费" in client.get(reverse("workbench:home")).content.decode()


def test_a_plain_member_has_no_funds_pages(client_for, plain_member, registry, budget):
    client = client_for(plain_member)
    assert client.get(reverse("funds:overview")).status_code == 403
    assert client.get(reverse("funds:organization", args=[registry.branch_a.pk])).status_code == 404
