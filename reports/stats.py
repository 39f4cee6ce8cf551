"""The seed's first paragraph as a live report for any date.

Every figure is read "as of" the day: the subtree is walked through the superior facts valid
that day (a recursive query, the same on SQLite and PostgreSQL), members through membership
facts, posts and working bodies through their own dates. All of it is one statement (the walk
is made once); the query count is fixed, whatever the size of the registry.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from members.models import EventKind, Membership
from members.queries import standing_events
from members.standing import EVENT_CODES
from orgs.models import (
    CAN_LEAD,
    CommitteeStaffer,
    OrgKind,
    PartyOrganization,
    Post,
    PostRole,
    SectionKind,
    StaffPost,
    SuperiorFact,
    UnitLevel,
    WorkingBody,
    WorkingCommittee,
)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _subtree_sql(include_root: bool) -> str:
    """A WITH clause naming `sub(id, kind, unit_id)`: the organizations below %(root)s on
    %(day)s (and the root itself with `include_root`)."""
    fact = _table(SuperiorFact)
    org = _table(PartyOrganization)
    valid = "f.valid_from <= %(day)s AND (f.valid_to IS NULL OR f.valid_to > %(day)s)"
    start = (
        f"SELECT f.organization_id FROM {fact} f WHERE f.organization_id = %(root)s AND {valid}"
        if include_root
        else f"SELECT f.organization_id FROM {fact} f WHERE f.superior_id = %(root)s AND {valid}"
    )
    return f"""
        WITH RECURSIVE walk(id) AS (
            {start}
            UNION ALL
            SELECT f.organization_id FROM {fact} f JOIN walk ON f.superior_id = walk.id WHERE {valid}
        ),
        sub(id, kind, unit_id) AS (
            SELECT o.id, o.kind, o.unit_id FROM walk JOIN {org} o ON o.id = walk.id
            WHERE o.dissolved IS NULL OR o.dissolved > %(day)s
        )
    """


def _figures(params: dict) -> dict[str, int]:
    """Every figure that depends on the subtree, in one statement, so the walk down the tree is
    made once: ("kind:<kind>", n), ("level:<level>", n), ("members", n), ("probationary", n),
    ("bodies", n), ("post:<role>", n). Only the probationary memberships (few) are joined to their
    members, for the full-membership date."""
    unit = _table(PartyOrganization.unit.field.related_model)
    ms, member = _table(Membership), _table(Membership.member.field.related_model)
    wb, post = _table(WorkingBody), _table(Post)
    on_day = "ms.valid_from <= %(day)s AND (ms.valid_to IS NULL OR ms.valid_to > %(day)s)"
    sql = f"""
        SELECT 'kind:' || sub.kind, COUNT(*) FROM sub GROUP BY sub.kind
        UNION ALL
        SELECT 'level:' || u.level, COUNT(DISTINCT u.id) FROM sub JOIN {unit} u ON u.id = sub.unit_id GROUP BY u.level
        UNION ALL
        SELECT 'members', COUNT(*) FROM sub JOIN {ms} ms ON ms.organization_id = sub.id WHERE {on_day}
        UNION ALL
        SELECT 'probationary', COUNT(*) FROM sub JOIN {ms} ms ON ms.organization_id = sub.id
            JOIN {member} m ON m.id = ms.member_id
            WHERE {on_day} AND (m.full_member_date IS NULL OR m.full_member_date > %(day)s)
        UNION ALL
        SELECT 'bodies', COUNT(*) FROM sub JOIN {wb} w ON w.organization_id = sub.id
            WHERE w.established <= %(day)s AND (w.abolished IS NULL OR w.abolished > %(day)s)
        UNION ALL
        SELECT 'post:' || p.role, COUNT(*) FROM sub JOIN {post} p ON p.organization_id = sub.id
            WHERE sub.kind = %(opc)s AND p.full_time = %(true)s
              AND p.valid_from <= %(day)s AND (p.valid_to IS NULL OR p.valid_to > %(day)s)
            GROUP BY p.role
    """
    with connection.cursor() as cursor:
        cursor.execute(
            _subtree_sql(params["include_root"]) + sql,
            {**params, "opc": OrgKind.ORGAN_PARTY_COMMITTEE.value, "true": True},
        )
        return {label: int(n) for label, n in cursor.fetchall()}


@dataclass
class Report:
    as_of: dt.date
    committee: WorkingCommittee
    root: PartyOrganization
    units: dict[str, int]
    organizations: dict[str, int]
    members: dict[str, int]
    working_bodies: int
    fulltime_posts: dict[str, int]
    staff: dict[str, int]
    staff_total: int
    establishment: int
    sections: list[str] = field(default_factory=list)
    plaques: list[str] = field(default_factory=list)

    @property
    def over(self) -> int:
        return self.staff_total - self.establishment

    @property
    def reported_kinds(self) -> list[str]:
        """The kinds a count can be made of in this scope: a branch holds no 党委, and a line
        that cannot be anything but 0 reads as a finding."""
        possible = kinds_below(self.root.kind) if self.root != self.committee.organization else set(_REPORTED_KINDS)
        return [k for k in _REPORTED_KINDS if k in possible]

    @property
    def organ_committees_apply(self) -> bool:
        """Working bodies and full-time posts are those of organ party committees."""
        return OrgKind.ORGAN_PARTY_COMMITTEE.value in self.reported_kinds

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "units": self.units,
            "organizations": {k: self.organizations[k] for k in _REPORTED_KINDS},
            "members": self.members,
            "working_bodies": self.working_bodies,
            "fulltime_posts": self.fulltime_posts,
            "committee": {"staff": self.staff_total, "establishment": self.establishment, "over": self.over},
        }


_REPORTED_KINDS = (
    OrgKind.PARTY_COMMITTEE.value,
    OrgKind.ORGAN_PARTY_COMMITTEE.value,
    OrgKind.GENERAL_BRANCH.value,
    OrgKind.BRANCH.value,
)
_FULLTIME_ROLES = {
    PostRole.SECRETARY: "secretary",
    PostRole.DEPUTY_SECRETARY: "deputy_secretary",
    PostRole.STAFF: "staff",
}


def kinds_below(kind: str) -> set[str]:
    """`kind` and every kind an organization of it may lead, directly or further down."""
    found, todo = {str(kind)}, [str(kind)]
    while todo:
        for led in CAN_LEAD.get(todo.pop(), ()):
            if str(led) not in found:
                found.add(str(led))
                todo.append(str(led))
    return found


def build(committee: WorkingCommittee, day: dt.date, root: PartyOrganization | None = None) -> Report:
    """The report for the organizations below the committee's own organization (not counted)
    as of `day`; or, given `root`, for root's subtree, root included."""
    params = {"root": (root or committee.organization).pk, "day": day, "include_root": root is not None}
    root = root or committee.organization
    figures = _figures(params)
    organizations = {k.value: figures.get(f"kind:{k.value}", 0) for k in OrgKind}
    levels = {lv.value: figures.get(f"level:{lv.value}", 0) for lv in UnitLevel}
    units = {"total": sum(levels.values()), **levels}
    total, probationary = figures.get("members", 0), figures.get("probationary", 0)
    members = {"total": total, "full": total - probationary, "probationary": probationary}
    working_bodies = figures.get("bodies", 0)
    fulltime_posts = {key: figures.get(f"post:{role.value}", 0) for role, key in _FULLTIME_ROLES.items()}

    staffers = CommitteeStaffer.objects.as_of(day).filter(committee=committee)
    staff = {p.value: 0 for p in StaffPost}
    for post_name in staffers.values_list("post", flat=True):
        staff[post_name] += 1
    establishment = sum(committee.establishment.values_list("count", flat=True))
    sections = list(committee.sections.values_list("name", "kind"))

    return Report(
        as_of=day,
        committee=committee,
        root=root,
        units=units,
        organizations=organizations,
        members=members,
        working_bodies=working_bodies,
        fulltime_posts=fulltime_posts,
        staff=staff,
        staff_total=sum(staff.values()),
        establishment=establishment,
        sections=[name for name, kind in sections if kind != SectionKind.PLAQUE],
        plaques=[name for name, kind in sections if kind == SectionKind.PLAQUE],
    )


def paragraph(report: Report) -> str:
    """The report in the seed's own words (第一段), generated from the figures."""
    sep = _("、")
    parts = []
    if report.sections:
        text = _("%(committee)s has %(sections)s") % {
            "committee": report.committee.name,
            "sections": sep.join(report.sections),
        }
        if report.plaques:
            text += _(", and carries the plaques of %(plaques)s") % {"plaques": sep.join(report.plaques)}
        parts.append(text + _(". "))
    if not report.staff_total:
        # Staff are recorded from some day on; before it there is nothing to count, and
        # "0 staff, 9 under the establishment" would read as a finding.
        parts.append(_("No staff of the committee are recorded on %(day)s. ") % {"day": report.as_of.isoformat()})
        return _paragraph_tail(report, parts)
    over = report.over
    balance = (
        _(" (%(n)s over the establishment)") % {"n": over}
        if over > 0
        else _(" (%(n)s under the establishment)") % {"n": -over}
        if over < 0
        else ""
    )
    by_post = sep.join(_("%(post)s %(n)s") % {"post": StaffPost(p).label, "n": n} for p, n in report.staff.items() if n)
    parts.append(
        _("It has %(n)s staff%(balance)s, of whom: %(by_post)s. ")
        % {"n": report.staff_total, "balance": balance, "by_post": by_post}
    )
    return _paragraph_tail(report, parts)


def _paragraph_tail(report: Report, parts: list[str]) -> str:
    sep = _("、")
    levels = sep.join(str(UnitLevel(lv).label) for lv in ("central", "municipal", "district") if report.units[lv])
    kinds = sep.join(
        _("%(kind)s %(n)s") % {"kind": OrgKind(k).label, "n": report.organizations[k]} for k in _REPORTED_KINDS
    )
    parts.append(
        _("It leads, in %(n)s departments and units at %(levels)s level, %(kinds)s, with %(members)s members. ")
        % {"n": report.units["total"], "levels": levels, "kinds": kinds, "members": report.members["total"]}
    )
    posts = report.fulltime_posts
    parts.append(
        _(
            "Organ party committees have set up %(bodies)s working bodies, with %(sec)s full-time secretaries, "
            "%(dep)s full-time deputy secretaries and %(staff)s full-time staff."
        )
        % {
            "bodies": report.working_bodies,
            "sec": posts["secretary"],
            "dep": posts["deputy_secretary"],
            "staff": posts["staff"],
        }
    )
    return "".join(parts)


def events_of_year(report: Report) -> tuple[dt.date, list[tuple[str, str, int]]]:
    """The 党籍 events of the report's subtree from January 1 of its year to its day
    (inclusive): (first day, [(code, label, n)]) in the order of `EVENT_CODES`."""
    start = dt.date(report.as_of.year, 1, 1)
    counts = standing_events(start, report.as_of + dt.timedelta(days=1), paths=[report.root.path])
    return start, [(code, str(EventKind(kind).label), counts[code]) for kind, code in EVENT_CODES.items()]


def subtree_rows(root_id: int, day: dt.date, *, include_root: bool) -> list[tuple[int, dt.date | None]]:
    """(id, dissolved) of the organizations below `root_id` on `day` (and the root itself with
    `include_root`), dissolved ones included (a dissolution leaves the superior facts open), in
    id order: the walk read once, for the caller to list (`reports.annual.Scope.listed`). Read
    straight from the walk, not as ids for `__in` of another statement: at a province's size the
    planner, which cannot estimate a recursive walk, hashed its 58,000 rows in 128 batches."""
    fact, org = _table(SuperiorFact), _table(PartyOrganization)
    valid = "f.valid_from <= %s AND (f.valid_to IS NULL OR f.valid_to > %s)"
    first = "f.organization_id = %s" if include_root else "f.superior_id = %s"
    sql = f"""
        WITH RECURSIVE walk(id) AS (
            SELECT f.organization_id FROM {fact} f WHERE {first} AND {valid}
            UNION ALL
            SELECT f.organization_id FROM {fact} f JOIN walk ON f.superior_id = walk.id WHERE {valid}
        )
        SELECT o.id, o.dissolved FROM walk JOIN {org} o ON o.id = walk.id ORDER BY o.id
    """  # noqa: S608 -- table names from the models, values bound
    with connection.cursor() as cursor:
        cursor.execute(sql, (root_id, day, day, day, day))
        rows = cursor.fetchall()
    # SQLite hands a raw cursor's dates over as text
    return [(pk, dt.date.fromisoformat(d) if isinstance(d, str) else d) for pk, d in rows]
