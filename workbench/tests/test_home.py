def test_the_home_page_shows_the_key_counts_of_the_users_scope(registry, client_for, clerk):
    page = client_for(clerk).get("/").content.decode()
    assert 'data-testid="member-count">9<' in page and 'data-testid="unit-count">2<' in page


def test_a_user_without_a_role_is_told_to_ask_for_one(registry, client_for, outsider):
    assert "尚未分配角色" in client_for(outsider).get("/").content.decode()


def test_a_plain_member_is_pointed_to_their_own_record(registry, client_for, plain_member):
    page = client_for(plain_member).get("/").content.decode()
    assert f"/members/{registry.li_si.pk}/" in page


def test_a_branch_secretary_counts_their_branch_among_their_organizations(registry, client_for, branch_secretary):
    """It read 党组织 0, 党支部 1: only the committee's own organization is not one it manages."""
    page = client_for(branch_secretary).get("/").content.decode()
    assert 'data-testid="organization-count">1<' in page and 'data-testid="branch-count">1<' in page
