"""Scoped lists of transfers: what an officer's inbox and the register export show."""

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import pgettext_lazy

from accounts.roles import EDIT_REGISTRY
from accounts.scope import scope_queryset
from core import clock
from orgs.models import PartyOrganization
from transfers.models import IN_PROGRESS, Transfer, TransferKind, TransferStatus
from transfers.rules import TRANSFER_ACCEPT_DAYS

# The lists of `handled`, and their titles as the export's sheet and audit event name them.
LIST_TITLES = {
    "all": "组织关系转接台账",
    "to_issue": "待开具介绍信",
    "to_confirm": "待确认转回",
    "incoming": "待接收",
    "outgoing": "已开出未办结",
    "overdue": "逾期未接收",
    "pocket": "口袋党员",
}


def handled(user) -> dict[str, QuerySet[Transfer]]:
    """The transfers an officer handles (those whose organizations they may edit), as the inbox
    lists them: waiting for their letter, returning members waiting for them to confirm, waiting
    for them to accept, issued by them and not
    done, overdue, 口袋党员, and every one. The page and the export share them."""
    today = clock.today()
    mine = scope_queryset(
        user,
        Transfer.objects.select_related("member", "source", "destination", "issuing_organization"),
        capability=EDIT_REGISTRY,
    )
    in_scope = scope_queryset(user, PartyOrganization.objects.all(), capability=EDIT_REGISTRY)
    pending = mine.filter(status=TransferStatus.PENDING)
    overdue_before = today - dt.timedelta(days=TRANSFER_ACCEPT_DAYS.current())
    to_issue = mine.filter(status=TransferStatus.REQUESTED, issuing_organization__in=in_scope)
    return {
        "to_issue": to_issue.order_by("requested_on", "pk"),
        "to_confirm": mine.filter(status=TransferStatus.CONFIRMING, source__in=in_scope).order_by("issued_on", "pk"),
        "incoming": pending.filter(kind=TransferKind.WITHIN, destination__in=in_scope).order_by("issued_on"),
        "outgoing": mine.filter(status__in=IN_PROGRESS, source__in=in_scope)
        .exclude(kind=TransferKind.IN)
        .exclude(pk__in=to_issue.values("pk"))
        .exclude(valid_until__lt=today)
        .order_by("issued_on", "requested_on"),
        "overdue": pending.filter(kind=TransferKind.WITHIN, issued_on__lt=overdue_before).order_by("issued_on"),
        "pocket": mine.pocket(today).filter(source__in=in_scope).order_by("valid_until"),
        "all": mine.order_by("-issued_on", "-pk"),
    }


# The inbox's lists, most pressing first: a transfer is shown once, under the first list that
# holds it, and the others it belongs to are named beside it.
INBOX_ORDER = ("to_issue", "to_confirm", "incoming", "overdue", "pocket", "outgoing")
ALSO_LABELS = {
    "to_issue": pgettext_lazy("transfer list", "letter to issue"),
    "to_confirm": pgettext_lazy("transfer list", "to confirm"),
    "incoming": pgettext_lazy("transfer list", "to accept"),
    "overdue": pgettext_lazy("transfer list", "overdue"),
    "pocket": pgettext_lazy("transfer list", "pocket member"),
    "outgoing": pgettext_lazy("transfer list", "issued by you"),
}


def inbox(user) -> dict[str, list[Transfer]]:
    """`handled`'s lists (but "all") for the page, each transfer once; `t.also` names the
    other lists it is on."""
    found = handled(user)
    lists = {name: list(found[name]) for name in INBOX_ORDER}
    on: dict[int, list[str]] = {}
    for name in INBOX_ORDER:
        for t in lists[name]:
            on.setdefault(t.pk, []).append(name)
    shown: dict[str, list[Transfer]] = {}
    for name in INBOX_ORDER:
        shown[name] = []
        for t in lists[name]:
            if on[t.pk][0] == name:
                t.also = [ALSO_LABELS[other] for other in on[t.pk][1:]]  # type: ignore[attr-defined]
                shown[name].append(t)
    return shown
