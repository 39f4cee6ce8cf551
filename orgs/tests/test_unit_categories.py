"""Unit categories and the unit type the annual statistics count their units as: the
committee's clerk lists them, corrects a type, renames and adds one; nobody else changes them."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.errors import DomainError
from orgs.models import OrgKind, Unit, UnitCategory, UnitType
from orgs.services import do_save_unit_category


@pytest.fixture
def companies(registry) -> UnitCategory:
    """A category typed 机关 by mistake, with a live company and an abolished one, each with its
    party organization under the working committee."""
    category = UnitCategory.objects.create(name="区属国有公司", unit_type=UnitType.ORGAN, sort_order=5)
    live = Unit.objects.create(name="万州区城投集团", code="U7", level="district", category=category)
    gone = Unit.objects.create(
        name="万州区旧公司", code="U8", level="district", category=category, abolished=dt.date(2020, 1, 1)
    )
    for unit in (live, gone):
        registry.org(f"{unit.name}党委", OrgKind.PARTY_COMMITTEE, registry.working, unit, dt.date(2010, 1, 1))
    return category


# -- the service ----------------------------------------------------------------------------------


def test_saving_a_category_changes_its_type_and_is_audited(registry, clerk, companies):
    companies.unit_type = UnitType.ENTERPRISE
    do_save_unit_category(companies, acting_user=clerk)
    assert UnitCategory.objects.get(pk=companies.pk).unit_type == UnitType.ENTERPRISE
    event = AuditEvent.objects.get(action="orgs.unit_category.updated", target_id=str(companies.pk))
    assert (event.actor, event.old, event.new) == (clerk, {"unit_type": "organ"}, {"unit_type": "enterprise"})


def test_a_new_category_goes_last_and_its_creation_is_audited(registry, clerk, companies):
    category = do_save_unit_category(UnitCategory(name="  行业协会 ", unit_type=UnitType.SOCIAL), acting_user=clerk)
    assert (category.name, category.sort_order) == ("行业协会", 6)
    assert list(UnitCategory.objects.values_list("name", flat=True))[-1] == "行业协会"
    event = AuditEvent.objects.get(action="orgs.unit_category.created")
    assert event.new == {"name": "行业协会", "unit_type": "social"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("政府工作部门", "已有名为“政府工作部门”的单位类别"),
        ("   ", "请填写类别名称"),
        ("", "请填写类别名称"),
        ("国企\x01", "请删除文字中的控制字符"),
        ("长" * 51, "类别名称不能超过 50 个字"),
    ],
)
def test_a_duplicate_blank_or_unprintable_name_is_refused_and_nothing_changes(
    registry, clerk, companies, name, message
):
    companies.name, companies.unit_type = name, UnitType.ENTERPRISE
    with pytest.raises(DomainError) as refused:
        do_save_unit_category(companies, acting_user=clerk)
    assert message in refused.value.message and refused.value.field == "name"
    stored = UnitCategory.objects.get(pk=companies.pk)
    assert (stored.name, stored.unit_type) == ("区属国有公司", UnitType.ORGAN)
    assert not AuditEvent.objects.filter(action__startswith="orgs.unit_category").exists()


def test_a_type_that_is_not_one_of_the_four_is_refused(registry, clerk, companies):
    companies.unit_type = "army"
    with pytest.raises(DomainError) as refused:
        do_save_unit_category(companies, acting_user=clerk)
    assert "请选择统计单位类型" in refused.value.message
    assert UnitCategory.objects.get(pk=companies.pk).unit_type == UnitType.ORGAN


# -- the pages ------------------------------------------------------------------------------------


def test_the_clerk_sees_each_category_with_its_type_and_live_units(registry, client_for, clerk, companies):
    page = client_for(clerk).get(reverse("orgs:unit_categories")).content.decode()
    assert "单位类别" in page and "统计单位类型" in page and "新建单位类别" in page
    rows = page.split("<tbody>")[1].split("</tr>")
    government = next(r for r in rows if "政府工作部门" in r)
    assert "机关" in government and ">2</td>" in government
    owned = next(r for r in rows if "区属国有公司" in r)
    assert ">1</td>" in owned  # the abolished company is not counted
    assert reverse("orgs:unit_category_edit", args=[companies.pk]) in owned


def test_the_unit_list_links_to_the_categories_for_those_who_edit_units(
    registry, client, client_for, clerk, branch_secretary
):
    link = reverse("orgs:unit_categories")
    assert link in client_for(clerk).get(reverse("orgs:units")).content.decode()
    client.logout()
    assert link not in client_for(branch_secretary).get(reverse("orgs:units")).content.decode()


def test_the_clerk_corrects_a_categorys_type(registry, client_for, clerk, companies):
    client = client_for(clerk)
    url = reverse("orgs:unit_category_edit", args=[companies.pk])
    form = client.get(url).content.decode()
    assert "类别名称" in form and "统计单位类型" in form and "企业" in form
    response = client.post(url, {"name": "区属国有公司", "unit_type": "enterprise"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs:unit_categories")
    assert "单位类别已保存" in response.content.decode()
    assert UnitCategory.objects.get(pk=companies.pk).unit_type == UnitType.ENTERPRISE


def test_the_clerk_adds_a_category_and_a_taken_name_is_explained(registry, client_for, clerk, companies):
    client = client_for(clerk)
    url = reverse("orgs:unit_category_create")
    response = client.post(url, {"name": "区属国有公司", "unit_type": "enterprise"})
    assert response.status_code == 200 and "已有名为“区属国有公司”的单位类别" in response.content.decode()
    response = client.post(url, {"name": "", "unit_type": "social"})
    assert "此项为必填项" in response.content.decode()
    assert UnitCategory.objects.count() == 2
    client.post(url, {"name": "行业协会", "unit_type": "social"})
    assert UnitCategory.objects.get(name="行业协会").unit_type == UnitType.SOCIAL


def test_a_branch_secretary_reads_the_categories_but_may_not_change_them(
    registry, client_for, branch_secretary, companies
):
    client = client_for(branch_secretary)
    page = client.get(reverse("orgs:unit_categories")).content.decode()
    assert "区属国有公司" in page and "编辑" not in page.split("<tbody>")[1]
    url = reverse("orgs:unit_category_edit", args=[companies.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "区属国有公司", "unit_type": "enterprise"}).status_code == 403
    assert client.post(reverse("orgs:unit_category_create"), {"name": "新", "unit_type": "organ"}).status_code == 403
    assert UnitCategory.objects.get(pk=companies.pk).unit_type == UnitType.ORGAN
