"""Multi-headed management (多头管理): who leads the organ party organizations of the
district's departments on a given day. Before 2005 thirteen district departments did; the
report shows it from the effective-dated superior facts.

A department's organ party organization is the top organization of its unit: one whose
superior that day belongs to no unit or to another unit."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from members.models import Membership
from orgs.models import PartyOrganization, SuperiorFact


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass
class SuperiorRow:
    superior: PartyOrganization
    organizations: list[PartyOrganization] = field(default_factory=list)
    departments: set[int] = field(default_factory=set)
    members: int = 0

    def _counts(self, label) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for org in self.organizations:
            counts[label(org)] = counts.get(label(org), 0) + 1
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def by_kind(self) -> list[tuple[str, int]]:
        """Organizations led, by kind (机关党委 3, 党支部 5, ...)."""
        return self._counts(lambda o: str(o.get_kind_display()))

    @property
    def by_category(self) -> list[tuple[str, int]]:
        """Organizations led, by the category of their unit."""
        return self._counts(lambda o: o.unit.category.name)


@dataclass
class SuperiorsReport:
    as_of: dt.date
    rows: list[SuperiorRow]

    @property
    def departments(self) -> int:
        return len({d for r in self.rows for d in r.departments})

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "superiors": [
                {
                    "name": r.superior.name,
                    "organizations": len(r.organizations),
                    "departments": len(r.departments),
                    "members": r.members,
                }
                for r in self.rows
            ],
            "distinct_superiors": len(self.rows),
            "departments": self.departments,
        }


def build(day: dt.date) -> SuperiorsReport:
    """Three queries: the facts valid that day, the organizations, and members per subtree."""
    valid = "f.valid_from <= %(day)s AND (f.valid_to IS NULL OR f.valid_to > %(day)s)"
    facts = dict(
        SuperiorFact.objects.filter(valid_from__lte=day)
        .exclude(valid_to__lte=day)
        .values_list("organization_id", "superior_id")
    )
    orgs = {
        o.pk: o
        for o in PartyOrganization.objects.filter(pk__in=set(facts) | {s for s in facts.values() if s})
        .exclude(dissolved__lte=day)
        .select_related("unit__category")
    }
    tops = []
    for pk, superior_pk in facts.items():
        org, superior = orgs.get(pk), orgs.get(superior_pk)
        if org is None or org.unit_id is None or superior is None:
            continue
        if superior.unit_id != org.unit_id:
            tops.append(org)
    members = _members_by_top([t.pk for t in tops], day, valid)
    rows: dict[int, SuperiorRow] = {}
    for top in sorted(tops, key=lambda o: o.path):
        row = rows.setdefault(facts[top.pk], SuperiorRow(superior=orgs[facts[top.pk]]))
        row.organizations.append(top)
        row.departments.add(top.unit_id)
        row.members += members.get(top.pk, 0)
    ordered = sorted(rows.values(), key=lambda r: (-len(r.departments), r.superior.path))
    return SuperiorsReport(as_of=day, rows=ordered)


def _members_by_top(tops: list[int], day: dt.date, valid: str) -> dict[int, int]:
    """Members on `day` in the subtree (as of `day`) of each top organization."""
    if not tops:
        return {}
    fact, ms = _table(SuperiorFact), _table(Membership)
    placeholders = ", ".join(["%s"] * len(tops))
    sql = f"""
        WITH RECURSIVE walk(top, id) AS (
            SELECT f.organization_id, f.organization_id FROM {fact} f
            WHERE f.organization_id IN ({placeholders}) AND {valid.replace("%(day)s", "%s")}
            UNION ALL
            SELECT walk.top, f.organization_id FROM {fact} f JOIN walk ON f.superior_id = walk.id
            WHERE {valid.replace("%(day)s", "%s")}
        )
        SELECT walk.top, COUNT(*) FROM walk JOIN {ms} ms ON ms.organization_id = walk.id
        WHERE ms.valid_from <= %s AND (ms.valid_to IS NULL OR ms.valid_to > %s)
        GROUP BY walk.top
    """
    params = [*tops, day, day, day, day, day, day]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
