"""Read helpers for the organization tree."""

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.roles import EDIT_REGISTRY, MANAGE_ACCOUNTS, VIEW_REGISTRY
from accounts.scope import scope_paths, scope_queryset
from core import clock
from core.errors import DomainError
from core.text import pinyin_full, pinyin_initials
from core.widgets import PICKER_LIMIT
from orgs.models import (
    MEMBER_HOLDING_KINDS,
    LeadershipGroup,
    OrgKind,
    PartyOrganization,
    Post,
    SuperiorFact,
    Unit,
    UnitCategory,
)


def scope_name(paths: list[str]) -> str:
    """The name of the one subtree `paths` covers (a download's scope), or "" for none or several."""
    if len(paths) != 1:
        return ""
    return PartyOrganization.objects.filter(path=paths[0]).values_list("name", flat=True).first() or ""


def user_scope_name(user, capability: str) -> str:
    """The name of the subtree where `user` has `capability`, if it is one."""
    return scope_name(scope_paths(user, capability))


def depth_groups(nodes: list[PartyOrganization]) -> Iterator[tuple[int, dict[str, PartyOrganization], str]]:
    """The nodes by depth, for counting whole subtrees with one query per depth present: yields
    the depth, the nodes at it by path, and the common prefix of those paths (which narrows a
    scan to one path range). Rows below a node are those whose path, cut to
    `depth * PartyOrganization.steplen` characters, is the node's path."""
    by_depth: dict[int, list[PartyOrganization]] = defaultdict(list)
    for node in nodes:
        by_depth[node.depth].append(node)
    for depth, group in by_depth.items():
        index = {n.path: n for n in group}
        yield depth, index, os.path.commonprefix(list(index))


def annotate_descendant_counts(nodes: list[PartyOrganization]) -> list[PartyOrganization]:
    """Set `descendant_count` (live organizations in the whole subtree) on each node: one query
    per tree depth present, whatever the number of nodes. Member counts are
    `members.queries.annotate_counts`."""
    for node in nodes:
        node.descendant_count = 0
    for depth, index, common in depth_groups(nodes):
        descendants = (
            PartyOrganization.objects.filter(path__startswith=common, depth__gt=depth, dissolved__isnull=True)
            .annotate(prefix=Substr("path", 1, depth * PartyOrganization.steplen))
            .filter(prefix__in=list(index))
            .order_by()  # treebeard's manager orders by path, which would split the groups
            .values("prefix")
            .annotate(n=Count("pk"))
        )
        for row in descendants:
            index[row["prefix"]].descendant_count = row["n"]
    return nodes


def find_organization(
    text: str, *, field: str, live: bool = True, kinds=None, within: QuerySet[PartyOrganization] | None = None
) -> PartyOrganization:
    """The one organization named by `text`: its code, its exact name, or a unique part of its
    name. A picker that works at a province's size, where a <select> of every organization
    would not."""
    text = text.strip()
    if not text:
        raise DomainError(_("Please enter an organization's name or code."), field=field)
    qs = PartyOrganization.objects.all() if within is None else within
    if live:
        qs = qs.filter(dissolved__isnull=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    exact = list(qs.filter(code=text)[:2]) or list(qs.filter(name=text)[:2])
    if len(exact) == 1:
        return exact[0]
    found = list(qs.filter(name__contains=text).order_by("path")[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        raise DomainError(_("No party organization's name contains “%(text)s”.") % {"text": text}, field=field)
    # Names and codes are public inside the district (docs/architecture.md): nothing else is shown.
    names = pgettext("list separator", ", ").join(organization_label(o) for o in found[:5])
    raise DomainError(
        _("Several party organizations match: %(names)s… Please enter the full name or the code.") % {"names": names},
        field=field,
    )


def leadership_group_of(unit, day: dt.date) -> LeadershipGroup | None:
    """The leadership group (党组 / 党委 / 领导班子) of `unit` on `day`, or None when none is
    recorded for that day. Public contract, read by other apps (the 党组 review of admissions
    and conversions, 2019 条例 第三十七条): keep the name and signature. `unit` may be a Unit
    or its pk. Its seats that day are `group.seats.as_of(day)` (GroupMember: member may be
    None for a person not on the roll; `name` and `post` are always set)."""
    unit_id = getattr(unit, "pk", unit)
    if unit_id is None:
        return None
    return LeadershipGroup.objects.as_of(day).filter(unit_id=unit_id).select_related("unit").first()


def approving_committee(org: PartyOrganization) -> PartyOrganization | None:
    """The superior that approves for `org` (admissions, elections, a delay of the term): the
    nearest party committee above it — a party committee or organ party committee, else the
    working committee (a general branch has no power to approve). None at the top."""
    kinds = {OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE}
    for ancestor in PartyOrganization.objects.get_ancestors(org).order_by("-depth"):
        if ancestor.kind in kinds:
            return ancestor
    return None


def superiors_on(org: PartyOrganization, day: dt.date) -> list[PartyOrganization]:
    """The chain of superiors of `org` on `day`, nearest first, from the superior facts (the
    tree answers only "now": a branch moved by a plan had other superiors before)."""
    chain: list[PartyOrganization] = []
    seen = {org.pk}
    current = org.pk
    while True:
        fact = (
            SuperiorFact.objects.as_of(day)
            .filter(organization_id=current, superior__isnull=False)
            .select_related("superior")
            .first()
        )
        if fact is None or fact.superior_id in seen:
            return chain
        chain.append(fact.superior)
        seen.add(fact.superior_id)
        current = fact.superior_id


# -- what a user sees -----------------------------------------------------------------------------


def tree_roots(user) -> QuerySet[PartyOrganization]:
    """The tops of the subtrees the user sees: where the tree page starts."""
    return PartyOrganization.objects.filter(path__in=scope_paths(user, VIEW_REGISTRY)).select_related("unit")


def searched(user, q: str) -> QuerySet[PartyOrganization]:
    """The tree's search: organizations the user sees whose name holds `q` or whose code is `q`
    (all they see for no `q`), parents first; the page and its export show the same rows."""
    orgs = scope_queryset(user, PartyOrganization.objects.select_related("unit")).order_by("path")
    return orgs.filter(Q(name__icontains=q) | Q(code__iexact=q)) if q else orgs


def filtered_units(user, *, q: str = "", level: str = "", category=None) -> QuerySet[Unit]:
    """The unit list's filters applied to the units the user sees; the page and its export
    show the same rows."""
    units = scope_queryset(user, Unit.objects.select_related("category"))
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code__iexact=q))
    if level:
        units = units.filter(level=level)
    if category:
        units = units.filter(category=category)
    return units.order_by("code")


def unit_categories(user) -> list[tuple[UnitCategory, int]]:
    """Every unit category in its order (they are the district's, public inside it), each with
    how many of the units the user sees are not abolished today."""
    today = clock.today()
    live = scope_queryset(user, Unit.objects.filter(Q(abolished__isnull=True) | Q(abolished__gt=today)))
    counts = dict(live.order_by().values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    return [(category, counts.get(category.pk, 0)) for category in UnitCategory.objects.all()]


def visible_posts(user) -> QuerySet[Post]:
    """Every post in the organizations the user sees, by organization, role and date."""
    return scope_queryset(user, Post.objects.all()).order_by("organization__path", "role", "valid_from")


def editable_organizations(user, qs: QuerySet[PartyOrganization] | None = None) -> QuerySet[PartyOrganization]:
    """The organizations (of `qs`, default all) whose registry the user may edit: the choices
    of a superior, of where a member is placed."""
    return scope_queryset(user, PartyOrganization.objects.all() if qs is None else qs, capability=EDIT_REGISTRY)


# -- the organization picker ----------------------------------------------------------------------

# Which organizations a picker offers: the pool names the capability whose scope holds them
# (None: every live organization of the district, whose names and codes are public inside it),
# `kinds` which kinds. The form's field uses the same function, so the server accepts exactly
# what the picker could offer.
ORGANIZATION_POOLS = {"district": None, "view": VIEW_REGISTRY, "edit": EDIT_REGISTRY, "accounts": MANAGE_ACCOUNTS}
LEADING_KINDS = [k for k in OrgKind.values if k not in (*MEMBER_HOLDING_KINDS, OrgKind.DISCIPLINE_COMMITTEE)]
ORGANIZATION_KINDS = {"": None, "holding": list(MEMBER_HOLDING_KINDS), "leading": LEADING_KINDS}


def organization_pool(user, pool: str = "view", kinds: str = "") -> QuerySet[PartyOrganization]:
    """The live organizations a picker of `pool` and `kinds` offers to `user` (an unknown pool
    or kind offers nothing)."""
    if pool not in ORGANIZATION_POOLS or kinds not in ORGANIZATION_KINDS:
        return PartyOrganization.objects.none()
    orgs = PartyOrganization.objects.filter(dissolved__isnull=True)
    if kind_list := ORGANIZATION_KINDS[kinds]:
        orgs = orgs.filter(kind__in=kind_list)
    if capability := ORGANIZATION_POOLS[pool]:
        orgs = scope_queryset(user, orgs, capability=capability)
    return orgs.order_by("path")


@lru_cache(maxsize=100_000)
def _spellings(name: str) -> tuple[str, str]:
    # Names change rarely and a district holds a few hundred: spelling them once per process
    # costs less than a column kept in step by every writer of the tree.
    return pinyin_full(name), pinyin_initials(name)


def search_organizations(orgs: QuerySet[PartyOrganization], text: str) -> tuple[list[PartyOrganization], bool]:
    """Up to PICKER_LIMIT organizations of `orgs` matching `text` — the code, part of the name,
    the full pinyin or the initials (第二党支部: "dier", "dedzb") — best first: the code, then
    names that start with the text, then the rest in tree order. Also whether there were more."""
    return search_by_name(orgs.select_related("unit"), text, order="path")


def search_units(units: QuerySet[Unit], text: str) -> tuple[list[Unit], bool]:
    """The unit picker's search: as for organizations, in code order."""
    return search_by_name(units, text, order="code")


def search_by_name(rows: QuerySet, text: str, *, order: str) -> tuple[list, bool]:
    text = text.strip()
    if not text:
        return [], False
    lowered = text.lower().replace(" ", "")
    found = rows.filter(Q(code__iexact=text) | Q(name__icontains=text))
    if lowered.isascii() and lowered.isalpha():
        names = rows.values_list("pk", "name")
        spelled = [pk for pk, name in names if any(lowered in s for s in _spellings(name))]
        found = rows.filter(Q(pk__in=found.values("pk")) | Q(pk__in=spelled))
    hits = list(found[:200])

    def rank(row) -> tuple:
        full, initials = _spellings(row.name)
        starts = row.name.startswith(text) or full.startswith(lowered) or initials.startswith(lowered)
        return (row.code.lower() != lowered, not starts, getattr(row, order))

    hits.sort(key=rank)
    return hits[:PICKER_LIMIT], len(hits) > PICKER_LIMIT


@dataclass
class PickedOrganization:
    organization: PartyOrganization
    path: list[str]  # superiors' names, farthest first: only inside the user's scope


def describe_organizations(user, orgs: list[PartyOrganization]) -> list[PickedOrganization]:
    """Each organization with the names of its superiors below the district's top two, so
    namesakes (two 第二党支部) can be told apart. Who leads an organization is not public inside
    the district: outside the user's scope only the name, code and kind are shown."""
    visible = scope_paths(user, VIEW_REGISTRY)
    prefixes = {
        org.path[:n]
        for org in orgs
        if any(org.path.startswith(p) for p in visible)
        for n in range(3 * PartyOrganization.steplen, len(org.path), PartyOrganization.steplen)
    }
    names = dict(PartyOrganization.objects.filter(path__in=prefixes).values_list("path", "name"))
    return [
        PickedOrganization(
            org,
            [
                names[org.path[:n]]
                for n in range(3 * PartyOrganization.steplen, len(org.path), PartyOrganization.steplen)
                if org.path[:n] in names
            ],
        )
        for org in orgs
    ]


def resolve_organization(orgs: QuerySet[PartyOrganization], text: str) -> PartyOrganization:
    """The one organization of `orgs` that typed `text` names (a form sent without choosing from
    the picker): its code, its exact name, or a unique part of its name."""
    try:
        return find_organization(text, field="", live=False, within=orgs)
    except DomainError as e:
        raise ValidationError(e.message) from None


def organization_label(org: PartyOrganization) -> str:
    return f"{org.name}（{org.code}）"


def unit_pool(user, pool: str = "all") -> QuerySet[Unit]:
    """The units a unit picker offers: "all" of the district's (their names are public: the
    adjustment plans' form), or those in the user's registry scope."""
    units = Unit.objects.all() if pool == "all" else scope_queryset(user, Unit.objects.all())
    return units.select_related("category").order_by("code")


def unit_label(unit: Unit) -> str:
    return f"{unit.name}（{unit.code}）"


def led_by_committee(day: dt.date) -> QuerySet[PartyOrganization]:
    """The organizations the working committee leads directly on `day` — its 机关党委, 党总支 and
    党支部 in the district's organs, not its 纪工委: the ones that report to it each year, sign
    its 责任书 and are assessed (issue 21). Read from the superior facts, so a past year's list is
    the list of that year."""
    led = SuperiorFact.objects.as_of(day).filter(superior__kind=OrgKind.WORKING_COMMITTEE)
    return (
        PartyOrganization.objects.filter(pk__in=led.values("organization_id"), founded__lte=day)
        .exclude(kind=OrgKind.DISCIPLINE_COMMITTEE)
        .exclude(dissolved__lte=day)
        .order_by("path")
    )
