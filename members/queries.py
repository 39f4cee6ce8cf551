"""The member list's search and filters, shared by the list page, its export and the export
task."""

import datetime as dt
import re

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower, Substr

from accounts.scope import scope_queryset
from core import clock, crypto, idcard
from core.periods import latest_birth_for_age
from core.widgets import PICKER_LIMIT
from members.codes import MINORITIES
from members.forms import MINORITY, NOT_FILLED, MemberFilterForm
from members.models import Category, Member, MemberEvent, MemberFlag, Status
from members.standing import EVENT_CODES
from orgs.access import get_organization_for_user, get_unit_for_user
from orgs.models import PartyOrganization
from orgs.queries import annotate_descendant_counts, depth_groups

_PINYIN = re.compile(r"^[a-z]+$")


def is_id_tail(text: str) -> bool:
    """Whether what was typed is the end of an ID number: up to four characters, digits with a
    check character that may be X."""
    return re.fullmatch(r"\d{1,3}[\dX]?", idcard.normalize(text.strip())) is not None


def search_q(text: str, *, anywhere: bool = False) -> Q:
    """张三 → names beginning with it (or, `anywhere`, holding it); zhangsan / zs → pinyin
    prefix; 1234 → last ID digits; 18 characters → the exact ID number (through its keyed hash:
    the number itself is encrypted)."""
    text = text.strip()
    normalized = idcard.normalize(text)
    if len(normalized) == 18 and normalized[:17].isdigit():
        return Q(id_number_hash=crypto.keyed_hash(normalized))
    if is_id_tail(text):
        return Q(id_number_tail__endswith=normalized)
    lowered = text.lower().replace(" ", "")
    if _PINYIN.match(lowered):
        return Q(name_pinyin__startswith=lowered) | Q(name_initials__startswith=lowered)
    return Q(name__contains=text) if anywhere else Q(name__startswith=text)


def _birth_range(band: str, today: dt.date) -> Q:
    low, _sep, high = band.partition("-")
    q = Q()
    if high:  # at most `high` years old: not yet `high + 1`
        q &= Q(birth_date__gt=latest_birth_for_age(today, int(high) + 1))
    if low:  # at least `low` years old
        q &= Q(birth_date__lte=latest_birth_for_age(today, int(low)))
    return q


def filtered(user, params) -> tuple[MemberFilterForm, QuerySet, PartyOrganization | None]:
    """The member list's filters (`params`, a query dict) applied to what `user` may see: the
    page, its export and the export task show the same rows."""
    form = MemberFilterForm(params)
    members = scope_queryset(user, Member.objects.select_related("organization"))
    organization = None
    if form.is_valid():
        data = form.cleaned_data
        if data["organization"]:
            organization = get_organization_for_user(user, data["organization"])
            members = members.filter(organization__path__startswith=organization.path)
        if data["status"] != "all":
            members = members.filter(status=data["status"] or Status.ACTIVE)
        for name in ("category", "gender", "education"):
            if data[name]:
                members = members.filter(**{name: data[name]})
        if data["leading_cadre"]:
            members = members.filter(is_leading_cadre=data["leading_cadre"] == "yes")
        if data["age"]:
            members = members.filter(_birth_range(data["age"], clock.today()))
        if data["occupation"]:
            members = members.filter(occupation="" if data["occupation"] == NOT_FILLED else data["occupation"])
        if data["ethnicity"] == MINORITY:
            members = members.filter(ethnicity__in=MINORITIES)
        elif data["ethnicity"]:
            members = members.filter(ethnicity="" if data["ethnicity"] == NOT_FILLED else data["ethnicity"])
        if data["retired"]:
            retired = Q(retired_on__lte=clock.today())
            members = members.filter(retired if data["retired"] == "yes" else ~retired)
        if data["q"]:
            # A search finds few rows, often all at one end of the pinyin order (张三 for "zs"):
            # sorting by an expression, not the indexed column, keeps the planner from walking
            # the whole roll in pinyin order to find them. The order is the same.
            found = members.filter(search_q(data["q"]))
            if not found.exists():  # 伟 finds 张伟: an indexed prefix search first, then anywhere
                found = members.filter(search_q(data["q"], anywhere=True))
            return form, found.order_by(Lower("name_pinyin"), "pk"), organization
    return form, members.order_by("name_pinyin", "pk"), organization


def annotate_counts(nodes: list[PartyOrganization]) -> list[PartyOrganization]:
    """Set `descendant_count` (orgs.queries.annotate_descendant_counts), `full_count` and
    `probationary_count` (members on the roll in the whole subtree) on each node, for the tree
    and the lists of organizations: two queries per tree depth present, whatever the number of
    nodes or rows. Counting members is the roll's business, so it lives here, above the tree."""
    annotate_descendant_counts(nodes)
    for node in nodes:
        node.full_count = node.probationary_count = 0
    for depth, index, common in depth_groups(nodes):
        members = (
            Member.objects.active()
            .filter(organization__path__startswith=common)
            .annotate(prefix=Substr("organization__path", 1, depth * PartyOrganization.steplen))
            .filter(prefix__in=list(index))
            .order_by()
            .values("prefix", "category")
            .annotate(n=Count("pk"))
        )
        for row in members:
            node = index[row["prefix"]]
            if row["category"] == Category.FULL:
                node.full_count = row["n"]
            else:
                node.probationary_count = row["n"]
    return nodes


def active_in(user, organization: PartyOrganization) -> QuerySet[Member]:
    """Members on the roll of `organization` itself (not its subtree) that the user sees, by pinyin."""
    return scope_queryset(user, Member.objects.active().filter(organization=organization)).order_by("name_pinyin")


def active_under(user, organization: PartyOrganization) -> QuerySet[Member]:
    """Members on the roll anywhere in `organization`'s subtree that the user sees, by pinyin:
    the choices of a post, of a nominee."""
    members = Member.objects.active().filter(organization__path__startswith=organization.path)
    return scope_queryset(user, members).select_related("organization").order_by("name_pinyin")


def active_in_unit(user, unit) -> QuerySet[Member]:
    """Members on the roll of the organizations of `unit` that the user sees, by pinyin: the
    choices of a leadership-group seat."""
    members = Member.objects.active().filter(organization__unit=unit)
    return scope_queryset(user, members).select_related("organization").order_by("name_pinyin")


# -- the member picker ----------------------------------------------------------------------------


def member_pool(
    user, *, organization: int | None = None, unit: int | None = None, full: bool = False
) -> QuerySet[Member]:
    """The members on the roll a picker offers to `user`: within `organization`'s subtree (a
    post, a nominee), in `unit`'s organizations (a leadership-group seat), else all in scope.
    An organization or unit the user does not see is a 404, as on its own page. `full`: full
    members only (sponsors and contact persons)."""
    if organization is not None:
        members = active_under(user, get_organization_for_user(user, organization))
    elif unit is not None:
        members = active_in_unit(user, get_unit_for_user(user, unit))
    else:
        members = scope_queryset(user, Member.objects.active()).select_related("organization").order_by("name_pinyin")
    return members.filter(category=Category.FULL) if full else members


def search_members(members: QuerySet[Member], text: str) -> tuple[list[Member], bool]:
    """Up to PICKER_LIMIT members of `members` found by the list's search (name, pinyin,
    initials, the ID number's last digits or the whole number), and whether there were more."""
    if not text.strip():
        return [], False
    found = members.filter(search_q(text))
    if not found.exists():
        found = members.filter(search_q(text, anywhere=True))
    hits = list(found.order_by(Lower("name_pinyin"), "pk")[: PICKER_LIMIT + 1])
    return hits[:PICKER_LIMIT], len(hits) > PICKER_LIMIT


# -- 党籍 events and flags ------------------------------------------------------------------------


def standing_events(start: dt.date, end: dt.date, paths: list[str] | None = None) -> dict[str, int]:
    """How many of each 党籍 event happened from `start` (inclusive) to `end` (exclusive): a
    year is (Jan 1, Jan 1 of the next). Keys are `members.standing.EVENT_CODES` (death, expelled,
    removed, lapsed, withdrew, probation_cancelled, suspended, restored), every one present.
    `paths`: only members whose organization of record (their last one, for those who left) is
    in these subtrees; None for the whole registry. Old events recorded as "left" before the
    kinds were told apart are in none of the kinds."""
    events = MemberEvent.objects.filter(date__gte=start, date__lt=end, kind__in=list(EVENT_CODES))
    if paths is not None:
        events = events.filter(member__in=Member.objects.filter(Member.scope_q(paths)).values("pk"))
    counts = dict(events.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {code: counts.get(kind, 0) for kind, code in EVENT_CODES.items()}


def open_flags(user, day: dt.date, *, organization: PartyOrganization | None = None, kind: str = ""):
    """The flags open on `day` of members on the roll or suspended that `user` sees (within
    `organization`'s subtree, of `kind`), by branch and name: the flags list."""
    flags = MemberFlag.objects.as_of(day).filter(member__status__in=[Status.ACTIVE, Status.SUSPENDED])
    flags = flags.filter(member__in=scope_queryset(user, Member.objects.all()).values("pk"))
    if organization is not None:
        flags = flags.filter(member__organization__path__startswith=organization.path)
    if kind:
        flags = flags.filter(kind=kind)
    return flags.select_related("member", "member__organization").order_by(
        "member__organization__path", "member__name_pinyin", "valid_from", "pk"
    )


def flags_of(member_ids: list[int], day: dt.date) -> dict[int, list[MemberFlag]]:
    """The flags open on `day` of each of `member_ids` (the roll list's badges), one query."""
    found: dict[int, list[MemberFlag]] = {}
    for flag in MemberFlag.objects.as_of(day).filter(member_id__in=member_ids).order_by("valid_from", "pk"):
        found.setdefault(flag.member_id, []).append(flag)
    return found
