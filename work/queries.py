"""The to-do list as a user reads it: whose items (the bodies and organizations the user acts
for, or the organizations below them), filtered by kind, organization, overdue and the user's
part in the matter, ordered overdue first and optionally grouped.

`work.access.items_for` stays the door (what may be opened); this narrows it to what is the
user's own work. A reminder about a branch's business (its term, a member's development step, a
transfer it has not accepted) goes to that branch, not to every committee above it: committees
see those through the "below" scope and the counts on the home page."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from accounts.roles import EDIT_REGISTRY
from accounts.scope import scope_paths
from authority.models import RoleKind
from work.access import items_for, roles_by_matter, user_bodies
from work.models import CO, GUIDE, LEAD, ORGANIZATION, ItemKind, ItemStatus, WorkItem

INFORMED = RoleKind.INFORMED.value
# "mine": what the user's bodies and own organizations act on; "below": the business of the
# organizations under them (branch chores for a committee); "all": both.
SCOPES = ("mine", "below", "all")
ROLES = (LEAD, CO, GUIDE, INFORMED, ORGANIZATION)
GROUPS = ("kind", "organization", "role")


@dataclass
class Reach:
    """How a user stands to work items: the bodies they act for, their role per matter, and the
    roots of the subtrees whose registry they keep."""

    bodies: set[int]
    roles: dict[str, str]
    paths: list[str]

    @classmethod
    def of(cls, user) -> "Reach":
        bodies = user_bodies(user)
        return cls(bodies, roles_by_matter(bodies), scope_paths(user, EDIT_REGISTRY))

    def own_q(self) -> Q:
        """Items the user's bodies lead or take part in, and items about the user's own organizations."""
        q = Q(pk__in=[])
        if self.bodies:
            q |= Q(lead_body_id__in=self.bodies) | Q(matter_code__in=list(self.roles))
        if self.paths:
            q |= Q(lead_body__isnull=True, organization__path__in=self.paths)
        return q

    def below_q(self) -> Q:
        """Items about organizations under the user's own: their officers act on them."""
        q = Q(pk__in=[])
        for path in self.paths:
            q |= Q(lead_body__isnull=True, organization__path__startswith=path)
        return q & ~Q(organization__path__in=self.paths)

    def role_q(self, role: str) -> Q:
        """Items on which the user has `role` (as work.access.role_of decides it)."""
        if role == ORGANIZATION:
            return Q(lead_body__isnull=True)
        if role == LEAD:
            return Q(lead_body_id__in=self.bodies)
        codes = [code for code, r in self.roles.items() if r == role]
        return Q(matter_code__in=codes, lead_body__isnull=False) & ~Q(lead_body_id__in=self.bodies)

    def role_order(self) -> Case:
        """Grouping by part: lead, co, guide, informed, my own organizations, those below."""
        own = Q(lead_body__isnull=True, organization__path__in=self.paths)
        return Case(
            *(When(self.role_q(r), then=Value(i)) for i, r in enumerate(ROLES) if r != ORGANIZATION),
            When(own, then=Value(len(ROLES) - 1)),
            default=Value(len(ROLES)),
        )


def scoped(user, reach: Reach, scope: str) -> QuerySet[WorkItem]:
    items = items_for(user)
    if scope == "mine":
        return items.filter(reach.own_q())
    if scope == "below":
        return items.filter(reach.below_q())
    return items


def overdue_q(today: dt.date) -> Q:
    return Q(status=ItemStatus.OPEN, due_date__lt=today)


def ordered(items: QuerySet[WorkItem], today: dt.date, *, group: str = "", reach: Reach | None = None):
    """Overdue first, then by due date, undated last — within each group when grouped. In SQL,
    so that only one page is loaded."""
    keys: list = []
    if group == "kind":
        keys.append(
            Case(
                *(When(kind=k, then=Value(i)) for i, k in enumerate(ItemKind.values)),
                default=Value(len(ItemKind.values)),
            )
        )
    elif group == "organization":
        keys.append(F("organization__path").asc(nulls_last=True))
    elif group == "role" and reach is not None:
        keys.append(reach.role_order())
    return items.order_by(
        *keys,
        Case(When(overdue_q(today), then=Value(0)), default=Value(1)),
        F("due_date").asc(nulls_last=True),
        "pk",
    )


def kind_counts(items: QuerySet[WorkItem]) -> dict[str, int]:
    """{kind: number of items} in one query, for the kind filter's choices."""
    return dict(items.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))


def open_summary(user, today: dt.date) -> dict:
    """What the home page says of the to-do list: the user's own open items (the first few,
    overdue first) and how many, how many overdue, and the open items below — a fixed number
    of queries whatever the number of items."""
    reach = Reach.of(user)
    mine = scoped(user, reach, "mine").filter(status=ItemStatus.OPEN)
    below = scoped(user, reach, "below").filter(status=ItemStatus.OPEN)
    counted = mine.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
    counted_below = below.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q(today)))
    first = list(ordered(mine, today).select_related("lead_body", "organization")[:8])
    return {
        "items": first,
        "total": counted["total"],
        "overdue": counted["overdue"],
        "below": counted_below["total"],
        "below_overdue": counted_below["overdue"],
    }


def role_choices() -> list[tuple[str, str]]:
    """The user's part in a matter, as the filter and the badges name it (主办/协办/指导/知会)."""
    return [
        (LEAD, _("Lead")),
        (CO, _("Co-handles")),
        (GUIDE, _("Guides")),
        (INFORMED, _("Informed")),
        (ORGANIZATION, _("My organization")),
    ]
