"""The two-factor page tells only the roles the gate holds to a second factor that they must
enrol one; to everyone else it is offered as a choice (issue 16, "no loose ends")."""

from django.urls import reverse


def test_a_plain_member_is_offered_the_second_factor_not_told_it_is_required(registry, client_for, plain_member):
    page = client_for(plain_member).get(reverse("accounts:two_factor")).content.decode()
    assert "您的角色须开启两步验证" not in page
    assert "两步验证对您的角色是可选的" in page


def test_a_committee_clerk_is_told_the_second_factor_is_required(registry, client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "您的角色须开启两步验证" in page
