"""Importing posts (职务): who holds which role in which organization, from when to when.
Matched by member, organization, role and start date, so the same file changes nothing."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from audit.services import record
from core import clock, crypto, idcard
from core.i18n import format_lazy, stored
from exchange import normalize
from exchange.reader import Table
from exchange.rows import DUPLICATE, LATER_THAN_TODAY, Plan, RowError, cell_reader, rows
from members.models import Member, Status
from orgs.models import PartyOrganization, Post, PostRole, Rank
from orgs.services import save_posts

COLUMNS = [
    ("身份证号", True, "500101198505200012"),
    ("姓名", False, "张三"),
    ("党组织编码", True, "O0000101"),
    ("职务", True, "书记"),
    ("是否专职", False, "否"),
    ("职级", False, ""),
    ("任职日期", True, "2022-03-01"),
    ("免职日期", False, ""),
]
ROLE = {
    "书记": PostRole.SECRETARY,
    "副书记": PostRole.DEPUTY_SECRETARY,
    "委员": PostRole.COMMITTEE_MEMBER,
    "纪检委员": PostRole.DISCIPLINE_MEMBER,
    "专职工作人员": PostRole.STAFF,
    "党务工作人员": PostRole.STAFF,
}
ROLE_NAMES = {
    PostRole.SECRETARY: "书记",
    PostRole.DEPUTY_SECRETARY: "副书记",
    PostRole.COMMITTEE_MEMBER: "委员",
    PostRole.DISCIPLINE_MEMBER: "纪检委员",
    PostRole.STAFF: "专职工作人员",
}
RANK = {
    "正处级": Rank.DIVISION,
    "副处级": Rank.DEPUTY_DIVISION,
    "正科级": Rank.SECTION,
    "副科级": Rank.DEPUTY_SECTION,
    "科员": Rank.CLERK,
    "": "",
}
RANK_NAMES = {v: k for k, v in RANK.items() if k}


def validate(table: Table, *, scope_paths=None) -> Plan:
    plan = Plan()
    orgs = {o.code: o for o in PartyOrganization.objects.only("pk", "code", "name", "path", "kind")}
    parsed = []
    for n, cells in rows(table, COLUMNS, plan):
        read = cell_reader(plan, n, cells)
        before = len(plan.errors)
        number = read("身份证号", normalize.folded, required=True)
        code = read("党组织编码", normalize.folded, required=True)
        role = read("职务", lambda v: normalize.choice(v, ROLE, "职务"), required=True)
        full_time = read("是否专职", normalize.boolean) or False
        rank = read("职级", lambda v: normalize.choice(v, RANK, "职级")) or ""
        start = read("任职日期", normalize.date, required=True)
        end = read("免职日期", normalize.date)
        if number:
            try:
                idcard.parse(number)
            except idcard.InvalidIdNumber as e:
                plan.errors.append(RowError(n, "身份证号", number[:6] + "…", e.args[0]))
        if code and code not in orgs:
            plan.errors.append(RowError(n, "党组织编码", code, gettext_lazy("No such organization")))
        if start and start > clock.today():
            plan.errors.append(RowError(n, "任职日期", str(start), LATER_THAN_TODAY))
        if start and end and end <= start:
            plan.errors.append(RowError(n, "免职日期", str(end), gettext_lazy("Must be later than the start date")))
        if len(plan.errors) > before:
            continue
        parsed.append((n, idcard.normalize(number), orgs[code], role, full_time, rank, start, end))
    if plan.errors:
        return plan
    people = {
        m.id_number_hash: m for m in Member.objects.filter(id_number_hash__in=[crypto.keyed_hash(p[1]) for p in parsed])
    }
    existing = {
        (p.member_id, p.organization_id, p.role, p.valid_from): p
        for p in Post.objects.filter(member__in=people.values())
    }
    open_secretaries = set(
        Post.objects.filter(role=PostRole.SECRETARY, valid_to__isnull=True).values_list("organization_id", flat=True)
    )
    seen = {}
    for n, number, org, role, full_time, rank, start, end in parsed:
        member = people.get(crypto.keyed_hash(number))
        if member is None:
            plan.errors.append(
                RowError(n, "身份证号", number[:6] + "…", gettext_lazy("No such member (import the members first)"))
            )
            continue
        if end is None and member.status != Status.ACTIVE:
            plan.errors.append(
                RowError(
                    n, "免职日期", "", gettext_lazy("This member is no longer on the roll: the post needs an end date")
                )
            )
            continue
        if start < member.join_date:
            plan.errors.append(
                RowError(n, "任职日期", str(start), gettext_lazy("Cannot be earlier than the joining date"))
            )
            continue
        key = (member.pk, org.pk, role, start)
        if key in seen:
            plan.errors.append(RowError(n, "任职日期", str(start), format_lazy(DUPLICATE, row=seen[key])))
            continue
        seen[key] = n
        post = existing.get(key)
        if post is None:
            if role == PostRole.SECRETARY and end is None:
                if org.pk in open_secretaries:
                    plan.errors.append(
                        RowError(
                            n,
                            "职务",
                            "书记",
                            format_lazy(
                                gettext_lazy("%(organization)s already has a secretary in office"),
                                organization=org.name,
                            ),
                        )
                    )
                    continue
                open_secretaries.add(org.pk)
            plan.new.append(
                Post(
                    member=member,
                    organization=org,
                    role=role,
                    full_time=full_time,
                    rank=rank,
                    valid_from=start,
                    valid_to=end,
                )
            )
        else:
            changes = {
                k: v
                for k, v in {"full_time": full_time, "rank": rank, "valid_to": end}.items()
                if getattr(post, k) != v
            }
            if changes:
                plan.updates.append((post, changes))
            else:
                plan.unchanged += 1
    return plan


def apply(plan: Plan, *, file_hash: str, acting_user) -> dict:
    if not plan.ok:
        raise ValueError("an import with errors is never applied")
    with transaction.atomic():
        save_posts(plan.new, plan.updates)
        counts = {"created": len(plan.new), "updated": len(plan.updates), "unchanged": plan.unchanged}
        record(
            "exchange.posts.imported",
            actor=acting_user,
            target_label=(
                "exchange.import",
                file_hash[:16],
                stored(format_lazy(gettext_lazy("Post import %(file)s"), file=file_hash[:16])),
            ),
            new={**counts, "file_sha256": file_hash},
        )
    return counts


def export_rows(posts, *, reveal: bool) -> list[list[str]]:
    from core.text import mask_id_number

    out = []
    for p in posts.select_related("member", "organization"):
        number = p.member.id_number
        out.append(
            [
                number if reveal else mask_id_number(number),
                p.member.name,
                p.organization.code,
                ROLE_NAMES[p.role],
                "是" if p.full_time else "否",
                RANK_NAMES.get(p.rank, ""),
                p.valid_from.isoformat(),
                p.valid_to.isoformat() if p.valid_to else "",
            ]
        )
    return out
