"""A tree row that opens says so: a caret and aria-expanded (issue 16)."""

from django.urls import reverse


def test_a_row_with_sub_organizations_shows_that_it_expands_and_a_leaf_does_not(registry, client_for, clerk):
    client = client_for(clerk)
    page = client.get(reverse("orgs:tree")).content.decode()
    row = page.split(f'data-org="{registry.working.pk}"')[1].split("</summary>")[0]
    assert 'aria-expanded="false" title="展开下级党组织"' in row and 'class="tree-caret"' in row
    assert "js/tree.js" in page
    leaves = client.get(reverse("orgs:children", args=[registry.opc.pk])).content.decode()
    leaf = leaves.split(f'data-org="{registry.branch_a.pk}"')[0].rsplit("<details", 1)[1]
    assert "tree-leaf" in leaf
    assert "aria-expanded" not in leaves.split(f'data-org="{registry.branch_a.pk}"')[1].split("</summary>")[0]
