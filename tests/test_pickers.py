"""Pickers that find (issue 16): no form lists more than 100 options, and the organization and
member pickers' search endpoints find by name, pinyin, initials, code and ID tail, tell
namesakes apart, and answer nothing outside the asker's scope."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from conftest import make_user
from core import idcard
from orgs.models import OrgKind, PartyOrganization, Post, Unit
from tests.test_permission_matrix import POLICY, World, url_for

MAX_OPTIONS = 100
SELECT = re.compile(r"<select\b[^>]*>(.*?)</select>", re.S)


def _grow(world: World) -> None:
    """More rows than any form may list: 110 branches, units and members under the committee."""
    r = world.r
    category = r.finance.category
    for n in range(110):
        Unit.objects.create(name=f"测试单位{n}", code=f"UT{n}", level="district", category=category)
    extra = [r.org(f"测试支部{n}", OrgKind.BRANCH, r.pc, None, r.district.founded) for n in range(110)]
    for n in range(110):
        r.member(f"测试{n}", extra[n % 3])


def test_no_form_page_of_the_permission_walk_renders_more_than_100_options(registry, client_for):
    world = World(registry)
    _grow(world)
    client = client_for(world.users["committee_leader"])
    crowded, pages = [], 0
    for name, rule in sorted(POLICY.items()):
        if rule.post_only or rule.public:
            continue
        for inside in (True, False) if rule.kind else (True,):
            response = client.get(url_for(world, name, "committee_leader", inside))
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            for select in SELECT.findall(response.content.decode()):
                if (n := select.count("<option")) > MAX_OPTIONS:
                    crowded.append(f"{name}: a <select> of {n} options")
    assert pages > 50
    assert not crowded, "\n".join(crowded)


# -- the member picker ----------------------------------------------------------------------------


def _options(response) -> list[str]:
    """Each option's visible text, whitespace collapsed."""
    html = response.content.decode()
    blocks = re.findall(r'<div class="[^"]*picker-option[^"]*"[^>]*>(.*?)</div>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", b).split()) for b in blocks]


def _pick_members(client, q, **params):
    return client.get(reverse("members:pick"), {"q": q, **params})


def test_the_member_picker_finds_by_initials_pinyin_and_id_tail(registry, client_for, secretary):
    client = client_for(secretary)
    assert any(o.startswith("张三") for o in _options(_pick_members(client, "zs")))
    assert any(o.startswith("张三") for o in _options(_pick_members(client, "zhangsan")))
    tail = registry.zhang_san.id_number[-4:]
    found = _options(_pick_members(client, tail))
    assert any(o.startswith("张三") and f"…{tail}" in o for o in found)


def test_an_id_tail_ending_in_x_is_found_and_shown(registry, client_for, secretary):
    number = next(n for s in range(1, 200) if (n := idcard.make("500101", dt.date(1985, 5, 20), s, "M")).endswith("X"))
    member = registry.member("钱叉", registry.branch_a)
    member.set_id_number(number)
    member.save()
    found = _options(_pick_members(client_for(secretary), number[-4:].lower()))
    assert any(o.startswith("钱叉") and f"…{number[-4:]}" in o for o in found), found


def test_the_member_picker_tells_namesakes_apart_by_birth_year_and_branch(registry, client_for, secretary):
    registry.member("张三", registry.branch_c, birth=dt.date(1972, 3, 4))
    found = _options(_pick_members(client_for(secretary), "张三"))
    assert len(found) == 2
    assert any("1985年生" in o and "财政局第一支部" in o for o in found), found
    assert any("1972年生" in o and "教委第一支部" in o for o in found), found


def test_the_member_picker_offers_nothing_outside_the_askers_scope(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    assert _options(_pick_members(client, "sq")) == []  # 孙七 is in the second branch
    assert "孙七" not in _pick_members(client, "孙").content.decode()
    tail = registry.sun_qi.id_number[-4:]
    assert "孙七" not in _pick_members(client, tail).content.decode()
    assert _pick_members(client, "sq", organization=registry.branch_b.pk).status_code == 404
    assert any(o.startswith("张三") for o in _options(_pick_members(client, "zs")))


def test_a_plain_member_finds_no_one(registry, client_for, plain_member):
    assert _options(_pick_members(client_for(plain_member), "zs")) == []


def test_the_member_picker_narrows_to_the_organization_of_the_form(registry, client_for, secretary):
    found = _options(_pick_members(client_for(secretary), "z", organization=registry.branch_c.pk))
    assert any(o.startswith("郑十") for o in found)
    assert not any(o.startswith("张三") for o in found)


# -- the organization picker ----------------------------------------------------------------------


def _pick_orgs(client, q, pool="view", kinds=""):
    return client.get(reverse("orgs:pick"), {"q": q, "pool": pool, "kinds": kinds})


def test_the_organization_picker_finds_by_initials_pinyin_and_code(registry, client_for, secretary):
    client = client_for(secretary)
    assert any(o.startswith("财政局第一支部") for o in _options(_pick_orgs(client, "czjdyzb")))
    assert any(o.startswith("财政局第一支部") for o in _options(_pick_orgs(client, "dyzb")))
    assert any(o.startswith("教委党委") for o in _options(_pick_orgs(client, "jiaowei")))
    assert _options(_pick_orgs(client, registry.branch_b.code))[0].startswith("财政局第二支部")


def test_the_organization_picker_shows_the_superiors_of_namesakes(registry, client_for, secretary):
    registry.org("第二党支部", OrgKind.BRANCH, registry.opc, None, registry.district.founded)
    registry.org("第二党支部", OrgKind.BRANCH, registry.pc, None, registry.district.founded)
    found = _options(_pick_orgs(client_for(secretary), "dedzb", kinds="holding"))
    assert len(found) == 2
    assert any("财政局机关党委" in o for o in found) and any("教委党委" in o for o in found), found


def test_a_receiving_branch_anywhere_in_the_district_shows_its_name_and_code_only(
    registry, client_for, branch_secretary
):
    client = client_for(branch_secretary)
    found = _options(_pick_orgs(client, "jwdyzb", pool="district", kinds="holding"))
    assert found == [f"教委第一支部 {registry.branch_c.code} · 党支部 · 万州区教委"], found  # not who leads it
    assert _options(_pick_orgs(client, "jwdyzb")) == []  # not in what the secretary sees
    assert _options(_pick_orgs(client, "教委党委", pool="district", kinds="holding")) == []  # not a branch


def test_an_unknown_pool_offers_nothing(registry, client_for, secretary):
    assert _options(_pick_orgs(client_for(secretary), "czj", pool="everything")) == []


# -- the server checks what the picker could offer --------------------------------------------------


def test_a_post_for_a_member_outside_the_organization_is_refused_beside_the_field(registry, client_for, secretary):
    client = client_for(secretary)
    response = client.post(
        reverse("orgs:post_create", args=[registry.branch_a.pk]),
        {"member": registry.wu_jiu.pk, "role": "secretary", "rank": "", "valid_from": "2024-01-01"},
    )
    assert response.status_code == 200
    assert "请从输入时显示的候选项中选择" in response.content.decode()
    assert not Post.objects.filter(member=registry.wu_jiu).exists()


def test_a_transfer_to_an_organization_that_holds_no_members_is_refused(registry, client_for, secretary):
    response = client_for(secretary).post(
        reverse("transfers:transfer_create", args=[registry.zhang_san.pk]),
        {"destination": registry.pc.pk, "day": "2026-11-30"},
    )
    assert response.status_code == 200
    assert "请从输入时显示的候选项中选择" in response.content.decode()


def test_a_role_over_an_organization_outside_the_leaders_scope_is_refused(registry, client_for):
    leader = make_user("opc_leader", Role.COMMITTEE_LEADER, registry.opc)
    target = make_user("target", Role.MEMBER, None, member=registry.zhang_san)
    response = client_for(leader).post(
        reverse("accounts:user", args=[target.pk]), {"role": Role.ORG_ADMIN, "organization": registry.pc.pk}
    )
    assert response.status_code in {200, 404}
    assert not target.role_assignments.filter(organization=registry.pc).exists()


@pytest.mark.parametrize("typed", ["财政局第二支部", "第二支部"])
def test_a_receiving_branch_typed_without_choosing_is_still_found(registry, client_for, secretary, typed):
    response = client_for(secretary).post(
        reverse("transfers:transfer_create", args=[registry.zhang_san.pk]),
        {"destination": "", "destination_search": typed, "day": "2026-11-30"},
    )
    assert response.status_code == 302
    assert registry.zhang_san.transfers.get().destination == registry.branch_b


def test_the_transfer_form_renders_a_picker_not_a_text_box(registry, client_for, secretary):
    url = reverse("transfers:transfer_create", args=[registry.zhang_san.pk])
    html = client_for(secretary).get(url).content.decode()
    assert 'data-picker data-source="/orgs/pick/?pool=district&amp;kinds=holding"' in html
    assert 'role="combobox"' in html
    assert PartyOrganization.objects.count() > 0


def test_an_adjustment_step_takes_the_organizations_chosen_with_the_picker(registry, client_for, secretary):
    from adjustments.models import AdjustmentPlan, PlanOperation
    from adjustments.services import do_save_plan

    plan = do_save_plan(
        AdjustmentPlan(name="方案", effective=dt.date(2026, 1, 5), committee=registry.working), acting_user=secretary
    )
    response = client_for(secretary).post(
        reverse("adjustments:operation_create", args=[plan.pk]),
        {"kind": "move", "organization": registry.branch_c.pk, "target": registry.opc.pk, "unit": registry.finance.pk},
    )
    assert response.status_code == 302
    step = PlanOperation.objects.get(plan=plan)
    assert (step.organization, step.target, step.unit) == (registry.branch_c, registry.opc, registry.finance)


def test_a_search_box_with_control_characters_is_refused_even_beside_a_chosen_id(registry, client_for, secretary):
    response = client_for(secretary).post(
        reverse("transfers:transfer_create", args=[registry.zhang_san.pk]),
        {"destination": registry.branch_b.pk, "destination_search": "财政\x00局", "day": "2026-11-30"},
    )
    assert response.status_code == 200
    assert "请删除文字中的控制字符" in response.content.decode()
