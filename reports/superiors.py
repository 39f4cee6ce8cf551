"""Multi-headed management (多头管理): who leads the organ party organizations of the
district's departments on a given day. Before 2005 thirteen district departments did; the
report shows it from the effective-dated superior facts.

A department's organ party organization is the top organization of its unit: one whose
superior that day belongs to no unit or to another unit."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from members.models import Membership
from orgs.models import OrgKind, PartyOrganization, SuperiorFact, Unit, UnitCategory


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@dataclass(frozen=True)
class Led:
    """A department's top organization, as the report needs it."""

    pk: int
    name: str
    path: str
    kind: str
    category: str
    unit_id: int = 0
    unit_name: str = ""
    members: int = 0

    def get_kind_display(self) -> str:
        return str(OrgKind(self.kind).label)


@dataclass
class SuperiorRow:
    superior: PartyOrganization
    organizations: list[Led] = field(default_factory=list)
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
        return self._counts(lambda o: o.get_kind_display())

    @property
    def by_category(self) -> list[tuple[str, int]]:
        """Organizations led, by the category of their unit."""
        return self._counts(lambda o: o.category)

    @property
    def units(self) -> list["LedUnit"]:
        """The departments (units) led, by name, each with its top organizations: the
        question of 多头管理 is which departments a superior leads."""
        by_unit: dict[int, LedUnit] = {}
        for org in self.organizations:
            unit = by_unit.setdefault(org.unit_id, LedUnit(org.unit_name, org.category))
            unit.organizations.append(org)
            unit.members += org.members
        return sorted(by_unit.values(), key=lambda u: u.name)


@dataclass
class LedUnit:
    name: str
    category: str
    organizations: list[Led] = field(default_factory=list)
    members: int = 0


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


def build(day: dt.date, *, within: list[str] | None = None) -> SuperiorsReport:
    """Two queries: the top organizations with their superior and members that day (one
    statement, the walks made in the database), then the superiors themselves. `within`: tree
    paths; only top organizations inside them are reported (None: the whole district, for the
    committee). A superior outside them is named, as the one leading an organization inside."""
    rows: dict[int, SuperiorRow] = {}
    tops = _tops(day)
    if within is not None:
        tops = [t for t in tops if any(t[5].startswith(p) for p in within)]
    superiors = PartyOrganization.objects.in_bulk({t[1] for t in tops})
    for pk, superior_pk, unit_id, kind, name, path, category, members, unit_name in sorted(tops, key=lambda t: t[5]):
        row = rows.setdefault(superior_pk, SuperiorRow(superior=superiors[superior_pk]))
        row.organizations.append(Led(pk, name, path, kind, category or "", unit_id, unit_name, members))
        row.departments.add(unit_id)
        row.members += members
    ordered = sorted(rows.values(), key=lambda r: (-len(r.departments), r.superior.path))
    return SuperiorsReport(as_of=day, rows=ordered)


def _tops(day: dt.date) -> list[tuple]:
    """(id, superior id, unit id, kind, name, path, unit category, members, unit name) of every top
    organization on `day`: a live organization of a unit whose superior that day is live and
    belongs to no unit or to another; members are counted in its subtree as of that day."""
    fact, org, ms = _table(SuperiorFact), _table(PartyOrganization), _table(Membership)
    unit, category = _table(Unit), _table(UnitCategory)
    valid = "valid_from <= %(day)s AND (valid_to IS NULL OR valid_to > %(day)s)"
    sql = f"""
        WITH RECURSIVE facts AS (SELECT organization_id, superior_id FROM {fact} WHERE {valid}),
        tops AS (
            SELECT f.organization_id AS id, f.superior_id AS superior, o.unit_id FROM facts f
            JOIN {org} o ON o.id = f.organization_id JOIN {org} s ON s.id = f.superior_id
            WHERE o.unit_id IS NOT NULL AND (s.unit_id IS NULL OR s.unit_id <> o.unit_id)
              AND (o.dissolved IS NULL OR o.dissolved > %(day)s) AND (s.dissolved IS NULL OR s.dissolved > %(day)s)
        ),
        walk(top, id) AS (
            SELECT id, id FROM tops
            UNION ALL
            SELECT walk.top, f.organization_id FROM facts f JOIN walk ON f.superior_id = walk.id
        ),
        members(top, n) AS (
            SELECT walk.top, COUNT(*) FROM walk JOIN {ms} ms ON ms.organization_id = walk.id
            WHERE ms.valid_from <= %(day)s AND (ms.valid_to IS NULL OR ms.valid_to > %(day)s)
            GROUP BY walk.top
        )
        SELECT tops.id, tops.superior, tops.unit_id, o.kind, o.name, o.path, c.name, COALESCE(members.n, 0), u.name
        FROM tops JOIN {org} o ON o.id = tops.id JOIN {unit} u ON u.id = tops.unit_id
        LEFT JOIN {category} c ON c.id = u.category_id LEFT JOIN members ON members.top = tops.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"day": day})
        return cursor.fetchall()
