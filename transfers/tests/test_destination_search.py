"""The receiving branch is typed, not picked from a list: names and codes of organizations in
the district are public to every signed-in user; nothing else about an organization outside
the user's scope is (docs/architecture.md, "What is public inside the district")."""


def test_the_destination_search_answers_with_names_and_codes_only(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    response = client.post(
        f"/transfers/members/{registry.zhang_san.pk}/new/", {"destination": "支部", "day": "2026-11-01"}
    )
    page = response.content.decode()
    assert response.status_code == 200  # several match: the form asks again
    assert f"教委第一支部（{registry.branch_c.code}）" in page  # outside the scope: its name and code
    assert f"财政局第二支部（{registry.branch_b.code}）" in page
    # nothing else about it: no link, no members, no superior
    assert f"/orgs/{registry.branch_c.pk}/" not in page
    assert "吴九" not in page and "郑十" not in page and "教委党委" not in page
