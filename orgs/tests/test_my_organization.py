"""A plain member following the link to their own branch sees the branch's public facts, not a
404 (issue 16, "no loose ends")."""

from django.urls import reverse

from orgs.models import Post


def test_a_plain_member_follows_the_link_on_their_record_to_their_branchs_facts(registry, client_for, plain_member):
    Post.objects.create(
        member=registry.zhang_san,
        organization=registry.branch_a,
        role="secretary",
        valid_from=registry.zhang_san.full_member_date,
    )
    client = client_for(plain_member)
    record = client.get(reverse("members:member", args=[registry.li_si.pk])).content.decode()
    assert f'href="{reverse("orgs:organization", args=[registry.branch_a.pk])}"' not in record
    assert f'href="{reverse("orgs:mine")}"' in record
    response = client.get(reverse("orgs:mine"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "财政局第一支部" in page and "财政局机关党委" in page  # the branch and its superior
    assert "书记" in page and "张三" in page  # whom to turn to
    assert "13812345678" not in page and "王五" not in page  # no phone numbers, no member list


def test_an_officer_who_sees_the_registry_is_sent_to_the_full_page(registry, client_for, branch_secretary):
    branch_secretary.member = registry.zhang_san
    branch_secretary.save()
    response = client_for(branch_secretary).get(reverse("orgs:mine"))
    assert response["Location"] == reverse("orgs:organization", args=[registry.branch_a.pk])


def test_an_account_without_a_member_record_is_told_it_has_no_organization(registry, client_for, outsider):
    response = client_for(outsider).get(reverse("orgs:mine"))
    assert response.status_code == 200 and "没有关联" in response.content.decode()
