"""Operations on units, the organization tree, posts and working bodies. Views call these;
nothing else changes these models."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from accounts.roles import EDIT_REGISTRY
from accounts.scope import may
from audit.services import diff, record
from core import clock
from core.errors import DomainError
from core.locks import tree_lock
from core.periods import add_years
from core.validators import CONTROL_CHARACTERS, has_forbidden_characters
from orgs import rules as term_rules
from orgs.models import (
    CAN_LEAD,
    MEMBER_HOLDING_KINDS,
    GroupMember,
    GroupPost,
    LeadershipGroup,
    OrgKind,
    PartyOrganization,
    Post,
    PostRole,
    StaffingLine,
    SuperiorFact,
    Unit,
    UnitCategory,
    UnitType,
    WorkingBody,
)
from orgs.signals import posts_started, term_started

UNIT_CATEGORY_FIELDS = ("name", "unit_type")
UNIT_FIELDS = ("name", "code", "level", "category", "established", "abolished")
ORG_FIELDS = ("name", "code", "kind", "unit", "founded", "dissolved", "term_years", "term_start", "term_end")
# Written only by change_kind and end_organization, whatever the path.
STRUCTURE_FIELDS = ("kind", "dissolved")


def _snapshot(obj, fields) -> dict:
    values = {}
    for f in fields:
        value = getattr(obj, f"{f}_id" if f in {"unit", "category", "superior"} else f, None)
        values[f] = value.isoformat() if isinstance(value, dt.date) else value
    return values


def _today() -> dt.date:
    return clock.today()


def check_not_future(day: dt.date | None, label: str, field: str) -> None:
    if day and day > _today():
        raise DomainError(_("%(label)s cannot be later than today.") % {"label": label}, field=field)


# -- units ------------------------------------------------------------------------------------


def do_save_unit(unit: Unit, staffing: list[tuple[str, int, int]], *, acting_user: User | None) -> Unit:
    """Create or update `unit` (unsaved changes applied) and replace its staffing lines."""
    if unit.abolished and unit.established and unit.abolished <= unit.established:
        raise DomainError(
            _("The date of abolition must be later than the date the unit was established."), field="abolished"
        )
    posts = [p for p, _, _ in staffing]
    if len(posts) != len(set(posts)):
        raise DomainError(_("A post of the establishment cannot be listed twice."), field="staffing")
    with transaction.atomic():
        before = _snapshot(Unit.objects.get(pk=unit.pk), UNIT_FIELDS) if unit.pk else {}
        created = unit.pk is None
        unit.save()
        old_staffing = [(s.post, s.establishment, s.actual) for s in unit.staffing.all()]
        unit.staffing.all().delete()
        StaffingLine.objects.bulk_create(
            StaffingLine(unit=unit, post=p, establishment=e, actual=a) for p, e, a in staffing
        )
        old, new = diff(before, _snapshot(unit, UNIT_FIELDS))
        if old_staffing != list(staffing):
            old["staffing"], new["staffing"] = old_staffing, [list(s) for s in staffing]
        record(
            "orgs.unit.created" if created else "orgs.unit.updated", actor=acting_user, target=unit, old=old, new=new
        )
    return unit


def check_unit_category(category: UnitCategory) -> None:
    """May `category` be saved as it stands: a name, plain and not another category's, and one
    of the statistical unit types."""
    limit = UnitCategory._meta.get_field("name").max_length
    if not category.name:
        raise DomainError(_("Enter the category's name."), field="name")
    if has_forbidden_characters(category.name):
        raise DomainError(str(CONTROL_CHARACTERS), field="name")
    if limit is not None and len(category.name) > limit:
        raise DomainError(
            _("The category's name cannot be longer than %(limit)s characters.") % {"limit": limit}, field="name"
        )
    if category.unit_type not in UnitType.values:
        raise DomainError(_("Choose the category's unit type in statistics."), field="unit_type")
    if UnitCategory.objects.filter(name=category.name).exclude(pk=category.pk).exists():
        raise DomainError(_("A unit category named “%(name)s” already exists.") % {"name": category.name}, field="name")


def do_save_unit_category(category: UnitCategory, *, acting_user: User | None) -> UnitCategory:
    """Create or update `category` (unsaved changes applied): its name and the unit type the
    annual statistics count its units as. A new category is listed last. The structure import
    creates the categories its file names through here too."""
    category.name = category.name.strip()
    check_unit_category(category)
    with transaction.atomic():
        created = category.pk is None
        before = {} if created else _snapshot(UnitCategory.objects.get(pk=category.pk), UNIT_CATEGORY_FIELDS)
        if created:
            last = UnitCategory.objects.aggregate(last=Max("sort_order"))["last"]
            category.sort_order = 0 if last is None else last + 1
        try:
            with transaction.atomic():  # another clerk saving the same name at the same moment
                category.save()
        except IntegrityError:
            if created:
                category.pk = None
            raise DomainError(
                _("A unit category named “%(name)s” already exists.") % {"name": category.name}, field="name"
            ) from None
        old, new = diff(before, _snapshot(category, UNIT_CATEGORY_FIELDS))
        record(
            "orgs.unit_category.created" if created else "orgs.unit_category.updated",
            actor=acting_user,
            target=category,
            old=old,
            new=new,
        )
    return category


# -- the tree ---------------------------------------------------------------------------------


def check_can_lead(superior: PartyOrganization | None, kind: str) -> None:
    if superior is None:
        if kind != OrgKind.PARTY_COMMITTEE:
            raise DomainError(_("Only a party committee can be the root of the organization tree."), field="superior")
        return
    if kind not in CAN_LEAD[superior.kind]:
        raise DomainError(
            _("%(superior)s cannot lead %(kind)s: please choose another superior organization or another kind.")
            % {"superior": superior.get_kind_display(), "kind": OrgKind(kind).label},
            field="superior",
        )


# -- the tree and the superior facts: the one writer ------------------------------------------
#
# Adjustment plans, imports and the forms place and move organizations through these
# primitives: the tree (treebeard paths, "now") and the superior facts ("as of") change
# together, under the tree lock, in the caller's transaction. The structural rules live here
# (check_placement, check_kind_change, check_dissolvable) and the primitives apply them, so no
# path can skip them; who may make a change (may_restructure) is each path's to ask.


def _under_tree_lock() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("tree writes run inside the caller's transaction")
    tree_lock()  # re-entrant: a no-op when the caller already holds it


def check_placement(org: PartyOrganization, superior: PartyOrganization | None, day: dt.date) -> None:
    """May `org` (its kind as set) stand under `superior` from `day`: no cycle, a superior that
    can lead its kind and is not dissolved by then."""
    if superior is not None and org.pk is not None and superior.path.startswith(org.path):
        raise DomainError(
            _("An organization cannot be placed under itself or one of its subordinates."), field="superior"
        )
    check_can_lead(superior, org.kind)
    if superior is None:
        return
    if superior.dissolved and superior.dissolved <= day:
        raise DomainError(_("The superior organization is dissolved."), field="superior")


def check_dissolvable(org: PartyOrganization) -> None:
    """An organization is dissolved empty: no member on its roll, no live organization under it
    (the adjustment plan's preview applies the same rule to its simulated tree)."""
    members = org.memberships.filter(valid_to__isnull=True).count()
    if members:
        raise DomainError(
            _("“%(name)s” still has %(n)s members: merge it or transfer them before dissolving it.")
            % {"name": org.name, "n": members},
            field="dissolved",
        )
    if PartyOrganization.objects.get_children(org).filter(dissolved__isnull=True).exists():
        raise DomainError(
            _("“%(name)s” still leads subordinate organizations: move them first.") % {"name": org.name},
            field="dissolved",
        )


def check_kind_change(org: PartyOrganization, kind: str) -> None:
    """May `org` (as stored) become `kind`: its superior can lead the kind, the kind can lead its
    live subordinates, and only a branch holds members."""
    if kind == org.kind:
        return
    check_can_lead(PartyOrganization.objects.get_parent(org), kind)
    children = PartyOrganization.objects.get_children(org).filter(dissolved__isnull=True)
    if bad := set(children.values_list("kind", flat=True)) - CAN_LEAD[kind]:
        labels = pgettext("list separator", ", ").join(sorted(str(OrgKind(k).label) for k in bad))
        raise DomainError(
            _("This organization leads %(kinds)s: as %(kind)s it could not lead them.")
            % {"kinds": labels, "kind": OrgKind(kind).label},
            field="kind",
        )
    if kind not in MEMBER_HOLDING_KINDS and org.memberships.filter(valid_to__isnull=True).exists():
        raise DomainError(
            _("This organization still has members: please transfer them to a branch before changing its kind."),
            field="kind",
        )


def place_organization(org: PartyOrganization, superior: PartyOrganization | None, day: dt.date) -> PartyOrganization:
    """Add `org` (unsaved) to the tree as the last child of `superior` (None: a root) and open
    its superior fact from `day`. Returns the saved node. Refuses a placement `check_placement`
    refuses; who may place is the caller's."""
    _under_tree_lock()
    # a fresh path: every earlier write in the transaction may have moved the superior
    superior = PartyOrganization.objects.get(pk=superior.pk) if superior is not None else None
    check_placement(org, superior, day)
    if superior is None:
        org = PartyOrganization.objects.add_root(instance=org)
    else:
        org = PartyOrganization.objects.add_child(superior, instance=org)
    SuperiorFact.objects.create(organization=org, superior=superior, valid_from=day)
    return org


def move_subtree(org: PartyOrganization, superior: PartyOrganization, day: dt.date) -> None:
    """Move `org` and everything below it under `superior` from `day`: its open superior fact
    closes at `day`, the next one opens, and the tree moves (last child). Refuses what
    `check_placement` refuses, and a day not after the open fact's start (DomainError on
    `effective`). Who may move is the caller's."""
    _under_tree_lock()
    org = PartyOrganization.objects.get(pk=org.pk)
    superior = PartyOrganization.objects.get(pk=superior.pk)
    check_placement(org, superior, day)
    fact = SuperiorFact.objects.select_for_update().get(organization=org, valid_to__isnull=True)
    if day <= fact.valid_from:
        raise DomainError(
            _("The effective date must be later than the start of the present superior relation."), field="effective"
        )
    fact.valid_to = day
    fact.save(update_fields=["valid_to"])
    SuperiorFact.objects.create(organization_id=org.pk, superior=superior, valid_from=day)
    PartyOrganization.objects.move(org, superior, "last-child")


def change_kind(org: PartyOrganization, kind: str) -> None:
    """Make `org` a `kind` (an adjustment plan, the edit form, an import). Refuses what
    `check_kind_change` refuses."""
    _under_tree_lock()
    current = PartyOrganization.objects.get(pk=org.pk)
    check_kind_change(current, kind)
    PartyOrganization.objects.filter(pk=org.pk).update(kind=kind)


def bulk_place_tree(placed: list[tuple[PartyOrganization, PartyOrganization]]) -> None:
    """Write a whole new subtree at once (the demo's district: a million members at the largest
    scale, where one treebeard insert at a time would take minutes). `placed` holds (node,
    superior) pairs, parents before children: each node unsaved with its treebeard `path`,
    `depth` and `numchild` given by the caller; each superior saved before or earlier in the
    list. Every node's superior fact opens on its founding day; a superior saved before gets the
    `numchild` the caller set on it. Checks are the caller's."""
    _under_tree_lock()
    nodes = [node for node, _superior in placed]
    PartyOrganization.objects.bulk_create(nodes, batch_size=2000)
    if any(node.pk is None for node in nodes):  # databases that return no keys from bulk inserts
        pks = dict(PartyOrganization.objects.filter(path__in=[n.path for n in nodes]).values_list("path", "pk"))
        for node in nodes:
            node.pk = pks[node.path]
    new = {id(node) for node in nodes}
    for superior in {id(s): s for _n, s in placed if id(s) not in new}.values():
        PartyOrganization.objects.filter(pk=superior.pk).update(numchild=superior.numchild)
    SuperiorFact.objects.bulk_create(
        (SuperiorFact(organization_id=n.pk, superior_id=s.pk, valid_from=n.founded) for n, s in placed),
        batch_size=5000,
    )


def save_leadership_groups(seats: list[tuple[LeadershipGroup, GroupMember]], groups: list[LeadershipGroup]) -> None:
    """Write leadership groups and their seats already checked by the caller (the demo); one at
    a time they go through `do_create_leadership_group` / `do_appoint_group_member`."""
    LeadershipGroup.objects.bulk_create(groups)
    for group, seat in seats:
        seat.group = group
    GroupMember.objects.bulk_create(seat for _group, seat in seats)


def end_posts(day: dt.date, *, organization: PartyOrganization | None = None, member=None) -> int:
    """End at `day` the open posts begun before it: of `organization`, of `member`, or of the
    member in that organization. Returns how many ended. In the caller's transaction."""
    if organization is None and member is None:
        raise ValueError("end_posts needs an organization or a member")
    posts = Post.objects.filter(valid_to__isnull=True, valid_from__lt=day)
    if organization is not None:
        posts = posts.filter(organization=organization)
    if member is not None:
        posts = posts.filter(member=member)
    return posts.update(valid_to=day)


def end_organization(org: PartyOrganization, day: dt.date) -> None:
    """Dissolve `org` at `day` (an adjustment plan, the edit form, an import): its open posts end
    that day. Refuses what `check_dissolvable` refuses; who may dissolve is the caller's."""
    _under_tree_lock()
    current = PartyOrganization.objects.get(pk=org.pk)
    if current.dissolved is not None:
        raise DomainError(_("This organization is dissolved already."), field="dissolved")
    check_dissolvable(current)
    end_posts(day, organization=org)
    PartyOrganization.objects.filter(pk=org.pk).update(dissolved=day)


def save_organization_fields(org: PartyOrganization, changes: dict) -> None:
    """Write plain fields (name, unit, dates, term) already checked by the caller (an import); a
    kind or a dissolution goes through `change_kind` / `end_organization`."""
    if structural := set(STRUCTURE_FIELDS) & set(changes):
        raise ValueError(f"structural fields go through their primitives: {sorted(structural)}")
    PartyOrganization.objects.filter(pk=org.pk).update(**changes)


def restore_organization(org: PartyOrganization) -> None:
    """Undo a dissolution (the reversal of a plan). Posts ended then stay ended."""
    _under_tree_lock()
    PartyOrganization.objects.filter(pk=org.pk).update(dissolved=None)


def save_posts(
    new: list[Post],
    changed: Sequence[tuple[Post, dict]] = (),
    *,
    batch_size: int = 2000,
    acting_user: User | None = None,
) -> None:
    """Write posts already checked by the caller (an import validated every row; the demo builds
    consistent ones): `new` unsaved, `changed` as (post, {field: value}). Single appointments
    and endings go through `do_appoint_post` / `do_end_post`. The new posts are announced
    (`orgs.signals.posts_started`) in the caller's transaction."""
    with transaction.atomic():
        created = Post.objects.bulk_create(new, batch_size=batch_size)
        for post, changes in changed:
            for field, value in changes.items():
                setattr(post, field, value)
            post.save(update_fields=list(changes))
        if created:
            posts_started.send(sender=Post, posts=created, acting_user=acting_user)


def do_create_organization(
    org: PartyOrganization, *, superior: PartyOrganization | None, acting_user: User | None
) -> PartyOrganization:
    """Place a new organization under `superior` from its founding date."""
    check_not_future(org.founded, pgettext("refused date", "The date of founding"), "founded")
    _check_term(org)
    apply_term_rules(org)
    with transaction.atomic():
        tree_lock()
        if superior is not None:
            superior = PartyOrganization.objects.get(pk=superior.pk)  # fresh path under the lock
            check_can_lead(superior, org.kind)
            if superior.dissolved:
                raise DomainError(_("The superior organization is dissolved."), field="superior")
            if org.founded < superior.founded:
                raise DomainError(
                    _("The date of founding cannot be earlier than the superior organization's."), field="founded"
                )
        else:
            check_can_lead(None, org.kind)
        org = place_organization(org, superior, org.founded)
        record(
            "orgs.organization.created",
            actor=acting_user,
            target=org,
            organization=org,
            new={**_snapshot(org, ORG_FIELDS), "superior": superior.pk if superior else None},
        )
    return org


def apply_term_rules(org: PartyOrganization) -> None:
    """Set `org.term_years` from the term rules in force on the day its term starts (or today,
    when no term is recorded), and the term's end from its start when none is entered (an
    entered end stands: a delay or an advance approved by the superior, 选举工作条例 第三条).
    Kinds without a term (the working committee, temporary branches) keep none. Every writer of
    organizations (the form, the import, adjustment plans, the demo) goes through this."""
    if not term_rules.has_term(org.kind):
        if org.term_start or org.term_end:
            raise DomainError(
                _("%(kind)s is not elected for a term: please leave the term empty.")
                % {"kind": OrgKind(org.kind).label},
                field="term_start",
            )
        org.term_years = None
        return
    years = term_rules.term_years(org.kind, org.term_start)
    assert years is not None  # the kind has a term (checked above), so the rules give its length
    org.term_years = years
    if org.term_start and not org.term_end:
        org.term_end = add_years(org.term_start, years)


def _check_term(org: PartyOrganization) -> None:
    if org.term_start and org.term_end and org.term_end <= org.term_start:
        raise DomainError(_("The end of the present term must be later than its start."), field="term_end")
    if org.dissolved and org.dissolved < org.founded:
        raise DomainError(_("The date of dissolution cannot be earlier than the date of founding."), field="dissolved")


def may_restructure(org: PartyOrganization, acting_user: User | None) -> bool:
    """Whether `acting_user` may change the structure of `org` (its superior, its kind, its
    dissolution): the organization that leads it decides (党章 第三十条: a basic organization
    is set up, adjusted and dissolved with the superior's approval), so the user must be able to
    edit its superior. A branch secretary never restructures their own branch. Commands and the
    demo (no user) may."""
    if acting_user is None:
        return True
    superior = PartyOrganization.objects.get_parent(org)
    return superior is not None and may(acting_user, EDIT_REGISTRY, superior)


def check_may_restructure(org: PartyOrganization, acting_user: User | None, field: str) -> None:
    if not may_restructure(org, acting_user):
        raise DomainError(
            _(
                "The superior, kind and dissolution of %(name)s are decided by its superior organization:"
                " please ask the superior's officers or the committee."
            )
            % {"name": org.name},
            field=field,
        )


def do_update_organization(
    org: PartyOrganization,
    *,
    superior: PartyOrganization | None,
    effective: dt.date | None = None,
    acting_user: User | None,
) -> PartyOrganization:
    """Save changed fields of `org`. A structural change goes through the tree's primitives, with
    their rules, and only for a user who may restructure it (`may_restructure`): a different
    `superior` moves the subtree from `effective` (closing one superior fact and opening the
    next), a different kind changes it, a dissolution date dissolves it."""
    _check_term(org)
    apply_term_rules(org)
    with transaction.atomic():
        tree_lock()
        current = PartyOrganization.objects.get(pk=org.pk)
        before = _snapshot(current, ORG_FIELDS)
        old_superior = PartyOrganization.objects.get_parent(current)
        moving = (superior.pk if superior else None) != (old_superior.pk if old_superior else None)
        day = effective or _today()
        if moving:
            check_may_restructure(current, acting_user, "superior")
            check_not_future(day, pgettext("refused date", "The effective date of the change"), "effective")
            if superior is None:
                raise DomainError(_("Please choose the superior organization."), field="superior")
            if acting_user is not None and not may(acting_user, EDIT_REGISTRY, superior):
                raise DomainError(_("The new superior must be an organization you manage."), field="superior")
            move_subtree(current, superior, day)
        if org.kind != current.kind:
            check_may_restructure(current, acting_user, "kind")
            change_kind(current, org.kind)
        if org.dissolved != current.dissolved:
            if current.dissolved is not None:
                raise DomainError(_("This organization is dissolved already."), field="dissolved")
            assert org.dissolved is not None  # it differs from None
            check_may_restructure(current, acting_user, "dissolved")
            check_not_future(org.dissolved, pgettext("refused date", "The date of dissolution"), "dissolved")
            end_organization(current, org.dissolved)
        refreshed = PartyOrganization.objects.get(pk=org.pk)
        plain = [f for f in ORG_FIELDS if f not in STRUCTURE_FIELDS]
        for f in plain:
            setattr(refreshed, f, getattr(org, f))
        refreshed.save(update_fields=plain)
        old, new = diff(before, _snapshot(refreshed, ORG_FIELDS))
        if moving:
            old["superior"] = old_superior.pk if old_superior else None
            new["superior"] = superior.pk if superior else None  # never None: moving checked it
            new["effective"] = day.isoformat()
        record(
            "orgs.organization.updated", actor=acting_user, target=refreshed, organization=refreshed, old=old, new=new
        )
    return refreshed


# -- posts and working bodies -----------------------------------------------------------------


def do_appoint_post(post: Post, *, acting_user: User | None) -> Post:
    check_not_future(post.valid_from, pgettext("refused date", "The date of appointment"), "valid_from")
    if post.member.status != "active":
        raise DomainError(_("Only a member on the roll can be appointed."), field="member")
    if post.valid_from < post.member.join_date:
        raise DomainError(_("The date of appointment cannot be earlier than the date of joining."), field="valid_from")
    if (
        post.role in {PostRole.SECRETARY}
        and Post.objects.filter(organization=post.organization, role=post.role, valid_to__isnull=True).exists()
    ):
        raise DomainError(_("The organization has a secretary in office: please end that post first."), field="role")
    if Post.objects.filter(
        organization=post.organization, member=post.member, role=post.role, valid_to__isnull=True
    ).exists():
        raise DomainError(_("The member holds this post in this organization already."), field="member")
    with transaction.atomic():
        post.save()
        record(
            "orgs.post.appointed",
            actor=acting_user,
            target=post,
            organization=post.organization,
            new={
                "member": post.member_id,
                "role": post.role,
                "full_time": post.full_time,
                "rank": post.rank,
                "valid_from": post.valid_from.isoformat(),
            },
        )
        posts_started.send(sender=Post, posts=[post], acting_user=acting_user)
    return post


def do_end_post(post: Post, *, day: dt.date, acting_user: User | None) -> Post:
    check_not_future(day, pgettext("refused date", "The date of removal"), "valid_to")
    if post.valid_to is not None:
        raise DomainError(_("This post has ended already."))
    if day <= post.valid_from:
        raise DomainError(_("The date of removal must be later than the date of appointment."), field="valid_to")
    with transaction.atomic():
        post.valid_to = day
        post.save(update_fields=["valid_to"])
        record(
            "orgs.post.ended",
            actor=acting_user,
            target=post,
            organization=post.organization,
            new={"valid_to": day.isoformat()},
        )
    return post


# Posts an election fills (选举工作条例): the committee and its officers; party affairs staff are
# appointed, not elected, and stay.
ELECTED_ROLES = (PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY, PostRole.COMMITTEE_MEMBER, PostRole.DISCIPLINE_MEMBER)


def do_install_committee(
    org: PartyOrganization,
    elected: Sequence[tuple[Any, str]],  # (members.Member, PostRole)
    *,
    day: dt.date,
    term_start: dt.date,
    acting_user: User | None,
) -> list[Post]:
    """Write an approved election into the registry, in the caller's transaction or its own:
    the open elected posts of `org` (secretary, deputies, committee and discipline members) end
    on `day`; `elected` (member, role) take theirs from `day`; the term starts on `term_start`
    (the election) and ends by the term rule in force on that day — an entered end is replaced.
    Each post is audited as a single appointment would be; `posts_started` asks for the new
    leaders' talks and `term_started` closes the term's reminders."""
    check_not_future(day, pgettext("refused date", "The date of appointment"), "approved_on")
    if term_start > day:
        raise DomainError(_("The term cannot start after the new committee takes office."), field="approved_on")
    with transaction.atomic():
        current = PartyOrganization.objects.select_for_update().get(pk=org.pk)
        if current.dissolved is not None:
            raise DomainError(_("This organization is dissolved already."))
        for post in Post.objects.filter(organization=current, role__in=ELECTED_ROLES, valid_to__isnull=True):
            if post.valid_from >= day:
                raise DomainError(
                    _("%(name)s took up a post on %(day)s: the new committee must take office later.")
                    % {"name": post.member.name, "day": f"{post.valid_from:%Y-%m-%d}"},
                    field="approved_on",
                )
            do_end_post(post, day=day, acting_user=acting_user)
        posts = []
        for member, role in elected:
            post = Post(organization=current, member=member, role=role, valid_from=day)
            if post.member.status != "active":
                raise DomainError(
                    _("%(name)s is no longer on the roll and cannot take office.") % {"name": post.member.name}
                )
            post.save()
            record(
                "orgs.post.appointed",
                actor=acting_user,
                target=post,
                organization=current,
                new={"member": post.member_id, "role": role, "valid_from": day.isoformat(), "elected": True},
            )
            posts.append(post)
        before = {"term_start": current.term_start, "term_end": current.term_end}
        current.term_start, current.term_end = term_start, None
        apply_term_rules(current)
        current.save(update_fields=["term_start", "term_end", "term_years"])
        record(
            "orgs.organization.term_started",
            actor=acting_user,
            target=current,
            organization=current,
            old={k: v.isoformat() if v else None for k, v in before.items()},
            new={"term_start": term_start.isoformat(), "term_end": current.term_end.isoformat()},
        )
        posts_started.send(sender=Post, posts=posts, acting_user=acting_user)
        term_started.send(sender=PartyOrganization, organization=current, acting_user=acting_user)
    return posts


def do_move_term_end(org: PartyOrganization, new_end: dt.date, *, acting_user: User | None) -> PartyOrganization:
    """An approved delay or advance of the election (选举工作条例 第三条; elections.services
    checks the request): the present term ends on `new_end`. The term's reminders follow the
    new end."""
    with transaction.atomic():
        current = PartyOrganization.objects.select_for_update().get(pk=org.pk)
        old = current.term_end
        current.term_end = new_end
        _check_term(current)
        current.save(update_fields=["term_end"])
        record(
            "orgs.organization.term_moved",
            actor=acting_user,
            target=current,
            organization=current,
            old={"term_end": old.isoformat() if old else None},
            new={"term_end": new_end.isoformat()},
        )
        term_started.send(sender=PartyOrganization, organization=current, acting_user=acting_user)
    return current


def do_save_working_body(body: WorkingBody, *, acting_user: User | None) -> WorkingBody:
    if body.organization.kind != OrgKind.ORGAN_PARTY_COMMITTEE:
        raise DomainError(_("A working body can only be set up under an organ party committee."), field="organization")
    check_not_future(body.established, pgettext("refused date", "The date of establishment"), "established")
    if body.abolished and body.abolished <= body.established:
        raise DomainError(
            _("The date of abolition must be later than the date the body was set up."), field="abolished"
        )
    with transaction.atomic():
        created = body.pk is None
        before = _snapshot(WorkingBody.objects.get(pk=body.pk), ("name", "established", "abolished")) if body.pk else {}
        body.save()
        old, new = diff(before, _snapshot(body, ("name", "established", "abolished")))
        record(
            "orgs.working_body.created" if created else "orgs.working_body.updated",
            actor=acting_user,
            target=body,
            organization=body.organization,
            old=old,
            new=new,
        )
    return body


# -- leadership groups (党组 / 党委 / 领导班子) --------------------------------------------------


def _group_snapshot(group: LeadershipGroup) -> dict:
    return {"unit": group.unit_id, "kind": group.kind, "name": group.name, "valid_from": group.valid_from.isoformat()}


def do_create_leadership_group(group: LeadershipGroup, *, acting_user: User | None) -> LeadershipGroup:
    """Record `group` (unsaved) as the unit's leadership group from its valid_from. The group
    the unit had until then ends that day, with its open seats: a unit has one group on any
    day, and its facts never overlap."""
    check_not_future(group.valid_from, pgettext("refused date", "The date of establishment"), "valid_from")
    if not group.name.strip():
        raise DomainError(_("Please enter the leadership group's name."), field="name")
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=group.unit_id)  # one writer per unit's groups
        if unit.abolished and group.valid_from >= unit.abolished:
            raise DomainError(_("The unit is abolished."), field="valid_from")
        if LeadershipGroup.objects.filter(unit=unit, valid_to__gt=group.valid_from).exists():
            raise DomainError(
                _("The unit has a leadership group recorded after this date: no new one can be inserted before it."),
                field="valid_from",
            )
        previous = LeadershipGroup.objects.filter(unit=unit, valid_to__isnull=True).first()
        ended = 0
        if previous is not None:
            if group.valid_from <= previous.valid_from:
                raise DomainError(
                    _("The date must be later than %(date)s, when the present leadership group (%(name)s) was set up.")
                    % {"name": previous.name, "date": f"{previous.valid_from:%Y-%m-%d}"},
                    field="valid_from",
                )
            ended = GroupMember.objects.filter(group=previous, valid_to__isnull=True).update(valid_to=group.valid_from)
            previous.valid_to = group.valid_from
            previous.save(update_fields=["valid_to"])
        group.name = group.name.strip()
        group.save()
        record(
            "orgs.leadership_group.created",
            actor=acting_user,
            target=group,
            new={**_group_snapshot(group), "replaces": previous.pk if previous else None, "seats_ended": ended},
        )
    return group


def do_appoint_group_member(seat: GroupMember, *, acting_user: User | None) -> GroupMember:
    """Give `seat` (unsaved: group, member or name, post, title, valid_from) its place in the
    group. A person on the roll is linked and named from their record."""
    check_not_future(seat.valid_from, pgettext("refused date", "The date of appointment"), "valid_from")
    group = seat.group
    if seat.member is not None:
        if seat.member.status != "active":
            raise DomainError(
                _("Only a member on the roll can be chosen; for anyone else, type the name."), field="member"
            )
        seat.name = seat.member.name
    seat.name = seat.name.strip()
    if not seat.name:
        raise DomainError(_("Please choose a member or type a name."), field="name")
    if seat.valid_from < group.valid_from or (group.valid_to and seat.valid_from >= group.valid_to):
        raise DomainError(
            _("The date of appointment must fall while the leadership group exists (from %(date)s).")
            % {"date": f"{group.valid_from:%Y-%m-%d}"},
            field="valid_from",
        )
    with transaction.atomic():
        LeadershipGroup.objects.select_for_update().get(pk=group.pk)
        same_person = GroupMember.objects.filter(group=group).filter(
            Q(member=seat.member) if seat.member else Q(member__isnull=True, name=seat.name)
        )
        if same_person.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=seat.valid_from)).exists():
            raise DomainError(
                _("%(name)s has a seat in this leadership group already (overlapping the date of appointment).")
                % {"name": seat.name},
                field="member",
            )
        if (
            seat.post == GroupPost.SECRETARY
            and GroupMember.objects.filter(group=group, post=GroupPost.SECRETARY, valid_to__isnull=True).exists()
        ):
            raise DomainError(
                _("The leadership group has a secretary in office: please end that seat first."), field="post"
            )
        seat.save()
        record(
            "orgs.group_member.appointed",
            actor=acting_user,
            target=seat,
            new={
                "group": group.pk,
                "member": seat.member_id,
                "name": seat.name,
                "post": seat.post,
                "title": seat.title,
                "valid_from": seat.valid_from.isoformat(),
            },
        )
    return seat


def do_end_group_member(seat: GroupMember, *, day: dt.date, acting_user: User | None) -> GroupMember:
    """End `seat` on `day` (exclusive: the last day in the group is the day before)."""
    check_not_future(day, pgettext("refused date", "The date of removal"), "valid_to")
    with transaction.atomic():
        seat = GroupMember.objects.select_for_update().get(pk=seat.pk)
        if seat.valid_to is not None:
            raise DomainError(_("This seat has ended already."))
        if day <= seat.valid_from:
            raise DomainError(_("The date of removal must be later than the date of appointment."), field="valid_to")
        seat.valid_to = day
        seat.save(update_fields=["valid_to"])
        record(
            "orgs.group_member.ended",
            actor=acting_user,
            target=seat,
            old={"valid_to": None},
            new={"valid_to": day.isoformat()},
        )
    return seat
