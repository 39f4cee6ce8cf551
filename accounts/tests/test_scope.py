from accounts.roles import EDIT_REGISTRY
from accounts.scope import scope_queryset
from members.models import Member
from orgs.models import PartyOrganization, Unit


def test_a_user_with_no_role_sees_nothing(registry, outsider):
    assert not scope_queryset(outsider, PartyOrganization.objects.all()).exists()
    assert not scope_queryset(outsider, Member.objects.all()).exists()
    assert not scope_queryset(outsider, Unit.objects.all()).exists()


def test_the_committee_sees_everything_below_it_but_not_above(registry, clerk):
    visible = set(scope_queryset(clerk, PartyOrganization.objects.all()))
    assert registry.branch_c in visible and registry.working in visible
    assert registry.district not in visible
    assert scope_queryset(clerk, Member.objects.all()).count() == 9


def test_a_branch_secretary_sees_only_their_branch(registry, branch_secretary):
    names = set(scope_queryset(branch_secretary, Member.objects.all()).values_list("name", flat=True))
    assert names == {"张三", "李四", "王五", "赵六"}
    assert list(scope_queryset(branch_secretary, PartyOrganization.objects.all())) == [registry.branch_a]
    assert list(scope_queryset(branch_secretary, Unit.objects.all())) == [registry.finance]


def test_a_plain_member_sees_their_own_record_only(registry, plain_member):
    assert list(scope_queryset(plain_member, Member.objects.all())) == [registry.li_si]
    assert not scope_queryset(plain_member, PartyOrganization.objects.all()).exists()


def test_district_body_staff_read_but_do_not_edit(registry, body_officer):
    assert scope_queryset(body_officer, Member.objects.all()).count() == 9
    assert not scope_queryset(body_officer, Member.objects.all(), capability=EDIT_REGISTRY).exists()


def test_a_revoked_assignment_counts_from_the_next_request(registry, client, branch_secretary):
    client.force_login(branch_secretary)
    assert client.get(f"/orgs/{registry.branch_a.pk}/").status_code == 200
    branch_secretary.role_assignments.all().delete()
    assert client.get(f"/orgs/{registry.branch_a.pk}/").status_code == 404
