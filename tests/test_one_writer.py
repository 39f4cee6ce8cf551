"""One writer per invariant (STYLE 14): a table's rows are created, moved and closed only by its
own app's services. The scan reads the project's Python source (not migrations, not tests) and
fails on a write to another app's table: `Membership.objects.create(...)` in `transfers`, a
tree `add_child` in `exchange`, `.memberships.update(...)` anywhere outside `members`."""

import ast
from pathlib import Path

from django.apps import apps

from core.dated import EffectiveDated

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "node_modules", "migrations", "tests", "static", "locale", ".git"}

# table (model class name, or a related manager's name) -> the app that writes it
OWNER = {
    "Membership": "members",
    "memberships": "members",
    "VotingSuspension": "members",
    "voting_suspensions": "members",
    "MemberEvent": "members",
    "SuperiorFact": "orgs",
    "superior_facts": "orgs",
    "Post": "orgs",
    "posts": "orgs",
    "LeadershipGroup": "orgs",
    "GroupMember": "orgs",
    "seats": "orgs",
}
WRITES = {"create", "bulk_create", "bulk_update", "update", "get_or_create", "update_or_create", "delete"}
# Member rows are saved by every service that changes a person, but registering them in bulk
# and moving them between organizations is members' alone.
MEMBER_WRITES = {"bulk_create"}
# An organization's structural fields: changed only by orgs.services (change_kind, end_organization).
STRUCTURE_FIELDS = {"kind", "dissolved"}
# treebeard's tree operations: placing and moving organizations is orgs' alone.
TREE_WRITES = {"add_child", "add_root", "add_sibling", "move"}

# Writes deliberately left outside the owning app, each with its reason: (path, what).
EXCEPTIONS = {
    # The demo rewinds history to 2004: organizations the 2005 plan later moves are put back under
    # their old superiors as if they had always been there (the open fact rewritten, not closed),
    # so the plan executed afterwards through adjustments.services has something to move. No
    # service should ever offer "rewrite the past".
    ("demo/history.py", "SuperiorFact.update"),
    ("demo/history.py", "PartyOrganization.move"),
}


def _chain(node: ast.AST) -> tuple[str | None, list[str]]:
    """The root name and the attribute names of a call's receiver: `A.objects.filter(x).b` ->
    ("A", ["objects", "filter", "b"])."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, names[::-1]
        else:
            return None, names[::-1]


def _writes(tree: ast.AST):
    """(line, table, what) of every write to an owned table or the tree in a module."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        root, names = _chain(node.func.value)
        words = [root, *names] if root else names
        if method in WRITES:
            for word in words:
                if word in OWNER:
                    yield node.lineno, word, f"{word}.{method}"
                    break
            else:
                if root == "Member" and "objects" in names and method in MEMBER_WRITES:
                    yield node.lineno, "Member", f"Member.{method}"
                elif root == "Member" and method == "update" and any(k.arg == "organization" for k in node.keywords):
                    yield node.lineno, "Member", "Member.update"
                elif root == "PartyOrganization" and method == "bulk_create":
                    yield node.lineno, "PartyOrganization", "PartyOrganization.bulk_create"
                elif (
                    root == "PartyOrganization"
                    and method == "update"
                    and any(k.arg in STRUCTURE_FIELDS or k.arg is None for k in node.keywords)
                ):
                    # a kind or a dissolution (or `**changes`, which may hold them) written
                    # around the rules of orgs.services.change_kind / end_organization
                    yield node.lineno, "PartyOrganization", "PartyOrganization.update"
        elif method in TREE_WRITES and (method != "move" or root == "PartyOrganization"):
            yield node.lineno, "PartyOrganization", f"PartyOrganization.{method}"


def _owner(table: str) -> str:
    return "members" if table == "Member" else "orgs" if table == "PartyOrganization" else OWNER[table]


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(rel.parts[:-1]) or rel.name == "conftest.py" or rel.parts[0].startswith("."):
            continue
        yield rel, path


def test_every_table_is_written_only_by_its_own_app():
    found, used = [], set()
    for rel, path in _sources():
        app = rel.parts[0]
        for line, table, what in _writes(ast.parse(path.read_text(encoding="utf-8"))):
            if app == _owner(table):
                continue
            if (rel.as_posix(), what) in EXCEPTIONS:
                used.add((rel.as_posix(), what))
                continue
            found.append(f"{rel}:{line}: {what} (owned by {_owner(table)}.services)")
    assert not found, "writes outside the owning app:\n" + "\n".join(found)
    assert used == EXCEPTIONS, f"exceptions no longer needed: {EXCEPTIONS - used}"


def test_the_scan_finds_the_writes_it_forbids():
    source = """
Membership.objects.create(member=m)
Membership.objects.filter(
    member=m,
).update(valid_to=day)
member.memberships.select_for_update().get(pk=1).delete()
SuperiorFact.objects.bulk_create(facts)
Post.objects.filter(valid_to__isnull=True).update(valid_to=day)
PartyOrganization.objects.add_child(parent, instance=org)
tree.add_root(instance=org)
PartyOrganization.objects.move(org, target, "last-child")
Member.objects.bulk_create(members)
Member.objects.filter(pk__in=ids).update(organization=target)
Member.objects.filter(pk=1).update(status="left")
Post.objects.filter(member=m).exists()
PartyOrganization.objects.filter(pk=1).update(kind="branch")
PartyOrganization.objects.filter(pk=1).update(**changes)
PartyOrganization.objects.filter(pk=1).update(name="x")
"""
    whats = [what for _line, _table, what in _writes(ast.parse(source))]
    assert whats == [
        "Membership.create",
        "Membership.update",
        "memberships.delete",
        "SuperiorFact.bulk_create",
        "Post.update",
        "PartyOrganization.add_child",
        "PartyOrganization.add_root",
        "PartyOrganization.move",
        "Member.bulk_create",
        "Member.update",
        "PartyOrganization.update",
        "PartyOrganization.update",
    ]


def test_every_effective_dated_model_shares_the_base_and_its_ordering_constraint():
    for model in apps.get_models():
        names = {f.name for f in model._meta.fields}
        if not {"valid_from", "valid_to"} <= names:
            continue
        assert issubclass(model, EffectiveDated), f"{model._meta.label} has valid_from/valid_to but not the base"
        label = f"{model._meta.app_label}_{model._meta.model_name}_ordered"
        assert label in {c.name for c in model._meta.constraints}, f"{model._meta.label} lost {label}"
        assert hasattr(model.objects, "as_of"), model._meta.label
