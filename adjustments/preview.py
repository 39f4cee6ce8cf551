"""What a plan would do, computed without writing: the plan's operations are applied in order
to an in-memory copy of the tree (one row per organization, member counts per organization),
and the result is compared with the tree as it is.

Three queries whatever the plan: the organizations, the members on the roll per organization
and category, and the dates the plan's effective day must follow. At a province's size (tens
of thousands of organizations) this is still a fraction of a second of Python."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from adjustments.models import AdjustmentPlan, OperationKind, PlanOperation
from core import clock
from core.rules import BRANCH_MIN_FULL_MEMBERS
from members.models import Membership
from orgs.models import CAN_LEAD, MEMBER_HOLDING_KINDS, OrgKind, PartyOrganization, SuperiorFact

LEADING_KINDS = frozenset(k for k, led in CAN_LEAD.items() if led)


@dataclass
class Node:
    pk: int
    name: str
    code: str
    kind: str
    unit_id: int | None
    parent: int | None
    dissolved: bool
    members: int = 0  # on the roll, directly in this organization
    full: int = 0


@dataclass
class Tree:
    nodes: dict[int, Node]

    def copy(self) -> "Tree":
        return Tree({pk: Node(**vars(n)) for pk, n in self.nodes.items()})

    def children(self) -> dict[int | None, list[int]]:
        out: dict[int | None, list[int]] = defaultdict(list)
        for n in self.nodes.values():
            if not n.dissolved:
                out[n.parent].append(n.pk)
        return out

    def ancestors(self, pk: int) -> list[int]:
        """From the parent up to the root."""
        out, seen = [], set()
        parent = self.nodes[pk].parent
        while parent is not None and parent not in seen:
            seen.add(parent)
            out.append(parent)
            parent = self.nodes[parent].parent
        return out

    def subtree_members(self) -> dict[int, int]:
        """Members on the roll in each live organization's subtree."""
        kids = self.children()
        total: dict[int, int] = {}
        order, stack = [], [pk for pk in kids.get(None, [])]
        while stack:
            pk = stack.pop()
            order.append(pk)
            stack.extend(kids.get(pk, []))
        for pk in reversed(order):
            total[pk] = self.nodes[pk].members + sum(total[c] for c in kids.get(pk, []))
        return total

    def inside(self, committee: int) -> set[int]:
        kids = self.children()
        out, stack = set(), list(kids.get(committee, []))
        while stack:
            pk = stack.pop()
            out.add(pk)
            stack.extend(kids.get(pk, []))
        return out


def load_tree(day: dt.date | None = None) -> Tree:
    """The tree as it is, with the members each organization had on `day` (default today): a
    plan dated in the past counts the members of its effective date."""
    day = day or clock.today()
    nodes: dict[int, Node] = {}
    by_path: dict[str, int] = {}
    rows = PartyOrganization.objects.values_list("pk", "name", "code", "kind", "unit_id", "path", "dissolved")
    for pk, name, code, kind, unit_id, path, dissolved in rows:
        by_path[path] = pk
        nodes[pk] = Node(pk, name, code, kind, unit_id, None, dissolved is not None)
    for pk, _n, _c, _k, _u, path, _d in rows:
        nodes[pk].parent = by_path.get(path[: -PartyOrganization.steplen]) if len(path) > 4 else None
    on_day = Membership.objects.as_of(day).values_list("organization_id").order_by()
    for org_id, n in on_day.annotate(n=Count("pk")):
        nodes[org_id].members += n
        nodes[org_id].full += n
    # Only the probationary (few) are joined to their member for the date; a million-row join
    # for the full ones would cost more than the rest of the preview.
    probationary = on_day.filter(Q(member__full_member_date__isnull=True) | Q(member__full_member_date__gt=day))
    for org_id, n in probationary.annotate(n=Count("pk")):
        nodes[org_id].full -= n
    return Tree(nodes)


@dataclass
class Problem:
    position: int | None  # the operation, or None for the plan as a whole
    message: str


@dataclass
class SuperiorChange:
    pk: int
    name: str
    organizations_before: int = 0
    organizations_after: int = 0
    members_before: int = 0
    members_after: int = 0
    organizations_in: list[str] = field(default_factory=list)
    organizations_out: list[str] = field(default_factory=list)
    members_in: int = 0
    members_out: int = 0


@dataclass
class Preview:
    plan: AdjustmentPlan
    errors: list[Problem]
    warnings: list[Problem]
    superiors: list[SuperiorChange]
    ledger: dict
    before: Tree
    after: Tree
    distinct_before: int = 0
    distinct_after: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Simulation:
    def __init__(self, plan: AdjustmentPlan, operations: list[PlanOperation], tree: Tree):
        self.plan, self.operations = plan, operations
        self.before, self.tree = tree, tree.copy()
        self.errors: list[Problem] = []
        self.touched: set[int] = set()
        self.moved: list[tuple[int, int | None, int | None]] = []  # (org, old parent, new parent)
        self.member_moves: list[tuple[int, int, int]] = []  # (members, from org, to org)
        self.codes = {n.code for n in tree.nodes.values()}
        self.created: dict[int, int] = {}  # position of a create step → its simulated pk
        self.next_pk = -1

    def fail(self, op: PlanOperation, message: str) -> None:
        self.errors.append(Problem(op.position, message))

    def live(self, op: PlanOperation, pk: int | None, label: str) -> Node | None:
        node = self.tree.nodes.get(pk) if pk is not None else None
        if node is None:
            self.fail(op, _("Please choose %(what)s.") % {"what": label})
            return None
        if node.dissolved:
            self.fail(
                op,
                _("Dissolved (or dissolved or merged by an earlier step of this plan): %(what)s “%(name)s”.")
                % {"what": label, "name": node.name},
            )
            return None
        return node

    def can_lead(self, op: PlanOperation, superior: Node, kind: str, name: str) -> bool:
        if kind not in CAN_LEAD[superior.kind]:
            self.fail(
                op,
                _("%(superior_kind)s “%(superior)s” cannot lead %(kind)s “%(name)s”.")
                % {
                    "superior_kind": OrgKind(superior.kind).label,
                    "superior": superior.name,
                    "kind": OrgKind(kind).label,
                    "name": name,
                },
            )
            return False
        return True

    def place(self, op: PlanOperation, node: Node, target: Node) -> bool:
        if target.pk == node.pk or node.pk in self.tree.ancestors(target.pk):
            self.fail(
                op,
                _("“%(name)s” cannot be placed under itself or its subordinate “%(target)s” (a cycle).")
                % {"name": node.name, "target": target.name},
            )
            return False
        if not self.can_lead(op, target, node.kind, node.name):
            return False
        self.moved.append((node.pk, node.parent, target.pk))
        self.touched.update({node.parent, target.pk})
        node.parent = target.pk
        return True

    def target(self, op: PlanOperation, label: str) -> Node | None:
        if op.target_step:
            if op.target_step not in self.created:
                self.fail(
                    op,
                    _("Step %(step)s creates no party organization (or comes after this one).")
                    % {"step": op.target_step},
                )
                return None
            return self.live(op, self.created[op.target_step], label)
        return self.live(op, op.target_id, label)

    def run(self) -> None:
        for op in self.operations:
            getattr(self, f"op_{op.kind}")(op)

    def op_move(self, op: PlanOperation) -> None:
        node = self.live(op, op.organization_id, pgettext("plan step", "the organization to move"))
        target = self.target(op, pgettext("plan step", "the new superior organization"))
        if node and target:
            if node.parent == target.pk:
                self.fail(
                    op,
                    _("“%(name)s” is under “%(target)s” already: nothing to move.")
                    % {"name": node.name, "target": target.name},
                )
                return
            self.place(op, node, target)

    def op_create(self, op: PlanOperation) -> None:
        target = self.target(op, pgettext("plan step", "the superior organization"))
        if not op.new_name.strip():
            self.fail(op, _("Please enter the new organization's name."))
        if not op.new_kind:
            self.fail(op, _("Please choose the new organization's kind."))
        if op.new_code and op.new_code in self.codes:
            self.fail(op, _("The organization code “%(code)s” is taken.") % {"code": op.new_code})
        if target and op.new_kind and self.can_lead(op, target, op.new_kind, op.new_name):
            pk, self.next_pk = self.next_pk, self.next_pk - 1
            self.tree.nodes[pk] = Node(pk, op.new_name, op.new_code, op.new_kind, op.unit_id, target.pk, False)
            self.codes.add(op.new_code)
            self.touched.update({pk, target.pk})
            self.created[op.position] = pk

    def op_merge(self, op: PlanOperation) -> None:
        source = self.live(op, op.organization_id, pgettext("plan step", "the organization to merge"))
        target = self.target(op, pgettext("plan step", "the organization to merge into"))
        if not (source and target):
            return
        if source.pk == target.pk or source.pk in self.tree.ancestors(target.pk):
            self.fail(
                op, _("“%(name)s” cannot be merged into itself or one of its subordinates.") % {"name": source.name}
            )
            return
        if source.members and target.kind not in MEMBER_HOLDING_KINDS:
            self.fail(
                op,
                _("“%(name)s” has members: it can only be merged into a branch (a membership is kept in a branch).")
                % {"name": source.name},
            )
            return
        kids = [self.tree.nodes[c] for c in self.tree.children().get(source.pk, [])]
        for child in kids:
            if not self.can_lead(op, target, child.kind, child.name):
                return
        for child in kids:
            self.place(op, child, target)
        if source.members:
            self.member_moves.append((source.members, source.pk, target.pk))
        target.members += source.members
        target.full += source.full
        source.members = source.full = 0
        source.dissolved = True
        self.touched.update({source.parent, target.pk})

    def op_dissolve(self, op: PlanOperation) -> None:
        node = self.live(op, op.organization_id, pgettext("plan step", "the organization to dissolve"))
        if not node:
            return
        if node.members:
            self.fail(
                op,
                _("“%(name)s” still has %(n)s members: merge it or transfer them before dissolving it.")
                % {"name": node.name, "n": node.members},
            )
        elif self.tree.children().get(node.pk):
            self.fail(op, _("“%(name)s” still leads subordinate organizations: move them first.") % {"name": node.name})
        else:
            node.dissolved = True
            self.touched.add(node.parent)

    def op_restore(self, op: PlanOperation) -> None:
        node = self.tree.nodes.get(op.organization_id)
        if node is None or not node.dissolved:
            self.fail(op, _("This organization is not dissolved: nothing to restore."))
            return
        if node.parent is not None and self.tree.nodes[node.parent].dissolved:
            self.fail(op, _("The organization's former superior is dissolved: restore the superior first."))
            return
        node.dissolved = False
        self.touched.update({node.pk, node.parent})

    def op_rename(self, op: PlanOperation) -> None:
        node = self.live(op, op.organization_id, pgettext("plan step", "the organization to rename"))
        if node:
            if not op.new_name.strip():
                self.fail(op, _("Please enter the new name."))
            else:
                node.name = op.new_name.strip()

    def op_change_kind(self, op: PlanOperation) -> None:
        node = self.live(op, op.organization_id, pgettext("plan step", "the organization whose kind changes"))
        if not node or not op.new_kind:
            if node:
                self.fail(op, _("Please choose the new kind."))
            return
        if node.parent is not None:
            parent = self.tree.nodes[node.parent]
            if not self.can_lead(op, parent, op.new_kind, node.name):
                return
        for child in (self.tree.nodes[c] for c in self.tree.children().get(node.pk, [])):
            if child.kind not in CAN_LEAD[op.new_kind]:
                self.fail(
                    op,
                    _("“%(name)s” leads %(child_kind)s “%(child)s”: as %(kind)s it could not lead it.")
                    % {
                        "name": node.name,
                        "child_kind": OrgKind(child.kind).label,
                        "child": child.name,
                        "kind": OrgKind(op.new_kind).label,
                    },
                )
                return
        if node.members and op.new_kind not in MEMBER_HOLDING_KINDS:
            self.fail(
                op,
                _("“%(name)s” has members: it cannot become %(kind)s.")
                % {"name": node.name, "kind": OrgKind(op.new_kind).label},
            )
            return
        node.kind = op.new_kind
        self.touched.add(node.pk)

    def op_move_members(self, op: PlanOperation) -> None:
        source = self.tree.nodes.get(op.organization_id)
        target = self.target(op, pgettext("plan step", "the organization the members move to"))
        if source is None or target is None:
            return
        count = len(op.members)
        if target.kind not in MEMBER_HOLDING_KINDS:
            self.fail(op, _("“%(name)s” is not a branch: members cannot move to it.") % {"name": target.name})
            return
        moved = min(count, source.members)
        source.members -= moved
        target.members += moved
        full = min(source.full, moved)
        source.full -= full
        target.full += full
        self.member_moves.append((moved, source.pk, target.pk))
        self.touched.update({source.pk, target.pk})


def _check_dates(plan: AdjustmentPlan, operations: list[PlanOperation], errors: list[Problem]) -> None:
    day = plan.effective
    if day is None:
        errors.append(Problem(None, _("Please enter the plan's effective date.")))
        return
    if day > clock.today():
        errors.append(
            Problem(
                None,
                _(
                    "The effective date cannot be later than today: executing a plan records relations"
                    " already in force."
                ),
            )
        )
    moving = {op.organization_id for op in operations if op.kind == OperationKind.MOVE and op.organization_id}
    merging = [op.organization_id for op in operations if op.kind == OperationKind.MERGE and op.organization_id]
    children = PartyOrganization.objects.none()
    for pk in merging:
        source = PartyOrganization.objects.filter(pk=pk).first()
        if source:
            children |= PartyOrganization.objects.get_children(source)
    facts = SuperiorFact.objects.filter(
        organization_id__in=moving | set(children.values_list("pk", flat=True)), valid_to__isnull=True
    ).values_list("organization__name", "valid_from")
    for name, start in facts:
        if start >= day:
            errors.append(
                Problem(
                    None,
                    _(
                        "“%(name)s” has been under its present superior since %(day)s: the plan's effective date"
                        " must be later."
                    )
                    % {"name": name, "day": start},
                )
            )
    latest = (
        Membership.objects.filter(organization_id__in=merging, valid_to__isnull=True)
        .aggregate(m=Max("valid_from"))
        .get("m")
    )
    if latest and latest >= day:
        errors.append(
            Problem(
                None,
                _("A member of an organization to merge joined it on %(day)s: the plan's effective date must be later.")
                % {"day": latest},
            )
        )
    for op in operations:
        if op.kind == OperationKind.CREATE and op.target_id:
            founded = PartyOrganization.objects.filter(pk=op.target_id).values_list("founded", flat=True).first()
            if founded and founded > day:
                errors.append(
                    Problem(
                        op.position,
                        _(
                            "The new organization's founding (the effective date) cannot be earlier than its"
                            " superior's."
                        ),
                    )
                )


def build(plan: AdjustmentPlan, tree: Tree | None = None) -> Preview:
    operations = list(plan.operations.all())
    before = tree or load_tree(plan.effective)
    sim = _Simulation(plan, operations, before)
    sim.run()
    errors = list(sim.errors)
    _check_dates(plan, operations, errors)
    if not operations:
        errors.append(Problem(None, _("The plan has no steps yet.")))
    after = sim.tree
    warnings = _rule_warnings(sim)
    superiors = _superior_changes(sim)
    ledger = _ledger(plan, sim)
    return Preview(
        plan=plan,
        errors=errors,
        warnings=warnings,
        superiors=superiors,
        ledger=ledger,
        before=before,
        after=after,
        distinct_before=_distinct_superiors(before),
        distinct_after=_distinct_superiors(after),
    )


def _rule_warnings(sim: _Simulation) -> list[Problem]:
    """Rules the resulting tree breaks, for the organizations the plan touches."""
    out = []
    kids = sim.tree.children()
    for pk in sorted(p for p in sim.touched if p is not None):
        node = sim.tree.nodes[pk]
        if node.dissolved:
            continue
        if node.kind in MEMBER_HOLDING_KINDS and node.full < BRANCH_MIN_FULL_MEMBERS.value:
            out.append(
                Problem(
                    None,
                    _("After the change “%(name)s” has %(n)s full members, fewer than %(min)s (%(citation)s).")
                    % {
                        "name": node.name,
                        "n": node.full,
                        "min": BRANCH_MIN_FULL_MEMBERS.value,
                        "citation": BRANCH_MIN_FULL_MEMBERS.citation,
                    },
                )
            )
        if node.kind in LEADING_KINDS and node.kind not in MEMBER_HOLDING_KINDS and not kids.get(pk):
            out.append(
                Problem(
                    None,
                    _("After the change “%(name)s” leads no organization: consider dissolving it.")
                    % {"name": node.name},
                )
            )
    return out


def _superior_changes(sim: _Simulation) -> list[SuperiorChange]:
    superiors: set[int] = set()
    for _org, old, new in sim.moved:
        superiors.update(p for p in (old, new) if p is not None)
    for _n, source, target in sim.member_moves:
        superiors.update({source, target})
    if not superiors:
        return []
    kids_before, kids_after = sim.before.children(), sim.tree.children()
    members_before, members_after = sim.before.subtree_members(), sim.tree.subtree_members()
    rows = {}
    for pk in superiors:
        node = sim.tree.nodes[pk]
        rows[pk] = SuperiorChange(
            pk=pk,
            name=node.name,
            organizations_before=len(kids_before.get(pk, [])),
            organizations_after=len(kids_after.get(pk, [])),
            members_before=members_before.get(pk, 0),
            members_after=members_after.get(pk, 0),
        )
    for org, old, new in sim.moved:
        name = sim.tree.nodes[org].name
        members = members_after.get(org, 0)
        if old is not None:
            rows[old].organizations_out.append(name)
            rows[old].members_out += members
        if new is not None:
            rows[new].organizations_in.append(name)
            rows[new].members_in += members
    for n, source, target in sim.member_moves:
        rows[source].members_out += n
        rows[target].members_in += n
    return sorted(rows.values(), key=lambda r: r.name)


def _ledger(plan: AdjustmentPlan, sim: _Simulation) -> dict:
    """调出/调进 as the plan's committee sees it: organizations whose subtree leaves or enters
    its subtree (the outermost of them only), their members, and members moved across by
    merges; `adjusted` counts the departments whose organizations change superior."""
    committee = plan.committee_id
    inside_before, inside_after = sim.before.inside(committee), sim.tree.inside(committee)
    members_before, members_after = sim.before.subtree_members(), sim.tree.subtree_members()
    moved = {org for org, _o, _n in sim.moved}
    ledger = {"out": {"organizations": 0, "members": 0}, "in": {"organizations": 0, "members": 0}}
    # One row per organization (or merge) counted above: what a clerk files, not only totals.
    rows: list[dict] = []

    def name(tree: Tree, pk: int | None) -> str:
        return tree.nodes[pk].name if pk is not None and pk in tree.nodes else ""

    def row(side: str, org: int, members: int, source: int | None, target: int | None, kind: str) -> None:
        rows.append(
            {
                "side": side,
                "kind": kind,  # "organization" moved with its subtree, or "members" moved by a merge
                "organization": name(sim.before, org) or name(sim.tree, org),
                "from": name(sim.before, source),
                "to": name(sim.tree, target),
                "members": members,
            }
        )

    for org in sorted(moved):
        was, now = org in inside_before, org in inside_after
        if was == now:
            continue
        node = sim.tree.nodes[org]
        if now:
            parent = node.parent
            if parent in inside_after and parent not in inside_before and parent != committee:
                continue  # its superior came in too: counted there
            ledger["in"]["organizations"] += 1
            ledger["in"]["members"] += members_after.get(org, 0)
            before = sim.before.nodes[org].parent if org in sim.before.nodes else None
            row("in", org, members_after.get(org, 0), before, parent, "organization")
        else:
            parent = sim.before.nodes[org].parent
            if parent in inside_before and parent not in inside_after:
                continue
            ledger["out"]["organizations"] += 1
            ledger["out"]["members"] += members_before.get(org, 0)
            row("out", org, members_before.get(org, 0), parent, node.parent, "organization")
    for n, source, target in sim.member_moves:
        was, now = source in inside_before, target in inside_after
        if was and not now:
            ledger["out"]["members"] += n
            row("out", source, n, source, target, "members")
        elif now and not was:
            ledger["in"]["members"] += n
            row("in", source, n, source, target, "members")
    departments = {("unit", sim.tree.nodes[o].unit_id) if sim.tree.nodes[o].unit_id else ("org", o) for o in moved}
    ledger["adjusted"] = len(departments)
    ledger["rows"] = rows
    return ledger


def _distinct_superiors(tree: Tree) -> int:
    """How many organizations lead the top organizations of departments: the 多头管理 figure."""
    superiors = set()
    for node in tree.nodes.values():
        if node.dissolved or node.unit_id is None or node.parent is None:
            continue
        parent = tree.nodes[node.parent]
        if parent.unit_id != node.unit_id:
            superiors.add(parent.pk)
    return len(superiors)
