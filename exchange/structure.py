"""Importing units and organizations, with the same rules as members: every row checked first,
nothing written unless all pass, matched by code so the same file changes nothing.

Organizations may name a superior that the same file creates (rows are applied parents first).
A known organization has its name, kind, dates and term updated; its superior changes only
through an adjustment plan, so a different superior is an error."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy

from audit.services import record
from core import clock
from core.errors import DomainError
from core.i18n import format_lazy, stored
from core.validators import MODERN_ERA
from exchange import normalize
from exchange.normalize import Invalid
from exchange.reader import Table
from exchange.rows import DUPLICATE, LATER_THAN_TODAY, TOO_LONG, Plan, RowError, cell_reader, rows
from orgs import rules as term_rules
from orgs.models import (
    CAN_LEAD,
    OrgKind,
    PartyOrganization,
    SuperiorFact,
    Unit,
    UnitCategory,
    UnitLevel,
    unit_type_for,
)
from orgs.services import (
    apply_term_rules,
    change_kind,
    check_can_lead,
    check_dissolvable,
    check_kind_change,
    do_save_unit_category,
    end_organization,
    place_organization,
    save_organization_fields,
)

LEVEL = {
    "中央": UnitLevel.CENTRAL,
    "中央在万单位": UnitLevel.CENTRAL,
    "市属": UnitLevel.MUNICIPAL,
    "市属在万单位": UnitLevel.MUNICIPAL,
    "区级": UnitLevel.DISTRICT,
    "区属": UnitLevel.DISTRICT,
}
LEVEL_NAMES = {UnitLevel.CENTRAL: "中央", UnitLevel.MUNICIPAL: "市属", UnitLevel.DISTRICT: "区级"}
KIND = {str(label): value for value, label in OrgKind.choices} | {
    "党委": OrgKind.PARTY_COMMITTEE,
    "党工委": OrgKind.WORKING_COMMITTEE,
    "工委": OrgKind.WORKING_COMMITTEE,
    "机关党委": OrgKind.ORGAN_PARTY_COMMITTEE,
    "党总支": OrgKind.GENERAL_BRANCH,
    "总支": OrgKind.GENERAL_BRANCH,
    "党支部": OrgKind.BRANCH,
    "支部": OrgKind.BRANCH,
    "临时党支部": OrgKind.TEMPORARY_BRANCH,
    "纪委": OrgKind.DISCIPLINE_COMMITTEE,
    "纪工委": OrgKind.DISCIPLINE_COMMITTEE,
}
KIND_NAMES = {
    OrgKind.PARTY_COMMITTEE: "党委",
    OrgKind.WORKING_COMMITTEE: "党工委",
    OrgKind.ORGAN_PARTY_COMMITTEE: "机关党委",
    OrgKind.GENERAL_BRANCH: "党总支",
    OrgKind.BRANCH: "党支部",
    OrgKind.TEMPORARY_BRANCH: "临时党支部",
    OrgKind.DISCIPLINE_COMMITTEE: "纪委",
}

UNIT_COLUMNS = [
    ("单位编码", True, "U001"),
    ("单位名称", True, "万州区财政局"),
    ("层级", True, "区级"),
    ("单位类别", True, "政府工作部门"),
    ("成立日期", False, "1998-06-01"),
    ("撤销日期", False, ""),
]
ORG_COLUMNS = [
    ("组织编码", True, "O0000101"),
    ("党组织名称", True, "中共万州区财政局机关委员会"),
    ("组织类别", True, "机关党委"),
    ("上级党组织编码", False, "O9999999"),
    ("所属单位编码", False, "U001"),
    ("成立日期", True, "1999-03-01"),
    ("撤销日期", False, ""),
    ("届期（年）", False, "5"),
    ("本届开始", False, "2022-03-01"),
    ("本届结束", False, "2027-03-01"),
]


# -- units ------------------------------------------------------------------------------------


def validate_units(table: Table, *, scope_paths=None) -> Plan:
    plan = Plan()
    categories = {c.name: c for c in UnitCategory.objects.all()}
    existing = {u.code: u for u in Unit.objects.select_related("category")}
    names = {u.name: u.code for u in existing.values()}
    seen: dict[str, int] = {}
    for n, cells in rows(table, UNIT_COLUMNS, plan):
        read = cell_reader(plan, n, cells)
        before = len(plan.errors)
        code = read("单位编码", normalize.folded, required=True, max_length=30)
        name = read("单位名称", required=True, max_length=100)
        level = read("层级", lambda v: normalize.choice(v, LEVEL, "层级"), required=True)
        category = read("单位类别", required=True)
        established = read("成立日期", _unit_date)
        abolished = read("撤销日期", _unit_date)
        if category and len(category) > 50:
            plan.errors.append(RowError(n, "单位类别", category[:20], format_lazy(TOO_LONG, limit=50)))
        if code in seen:
            plan.errors.append(RowError(n, "单位编码", code, format_lazy(DUPLICATE, row=seen[code])))
        if name and names.get(name, code) != code:
            plan.errors.append(
                RowError(
                    n,
                    "单位名称",
                    name,
                    format_lazy(gettext_lazy("Already used by the unit with code %(code)s"), code=names[name]),
                )
            )
        if established and abolished and abolished <= established:
            plan.errors.append(
                RowError(n, "撤销日期", str(abolished), gettext_lazy("Must be later than the date of establishment"))
            )
        if len(plan.errors) > before:
            continue
        seen[code] = n
        if category not in categories:  # a new category is created with the import, typed by its name
            categories[category] = UnitCategory(name=category, unit_type=unit_type_for(category))
        values = {
            "name": name,
            "level": level,
            "category": categories[category],
            "established": established,
            "abolished": abolished,
        }
        unit = existing.get(code)
        if unit is None:
            plan.new.append(Unit(code=code, **values))
        else:
            changes = {k: v for k, v in values.items() if getattr(unit, k) != v}
            if changes:
                plan.updates.append((unit, changes))
            else:
                plan.unchanged += 1
    return plan


def apply_units(plan: Plan, *, file_hash: str, acting_user) -> dict:
    if not plan.ok:
        raise ValueError("an import with errors is never applied")
    with transaction.atomic():
        for unit in plan.new:
            if unit.category.pk is None:
                do_save_unit_category(unit.category, acting_user=acting_user)
        Unit.objects.bulk_create(plan.new)
        for unit, changes in plan.updates:
            for k, v in changes.items():
                setattr(unit, k, v)
            unit.save()
        counts = {"created": len(plan.new), "updated": len(plan.updates), "unchanged": plan.unchanged}
        record(
            "exchange.units.imported",
            actor=acting_user,
            target_label=(
                "exchange.import",
                file_hash[:16],
                stored(format_lazy(gettext_lazy("Unit import %(file)s"), file=file_hash[:16])),
            ),
            new={**counts, "file_sha256": file_hash},
        )
    return counts


# -- organizations ----------------------------------------------------------------------------


@dataclass
class OrgRow:
    n: int
    code: str
    superior: str
    values: dict


def _years(value) -> int | None:
    s = normalize.folded(value)
    if not s:
        return None
    if not s.isdigit() or not 1 <= int(s) <= 10:
        raise Invalid(gettext_lazy("The term is a whole number of years from 1 to 10"))
    return int(s)


def validate_organizations(table: Table, *, scope_paths=None) -> Plan:
    plan = Plan()
    units = {u.code: u for u in Unit.objects.all()}
    existing = {o.code: o for o in PartyOrganization.objects.all()}
    paths = {code: o.path for code, o in existing.items()}
    parents = dict(
        SuperiorFact.objects.filter(valid_to__isnull=True).values_list("organization__code", "superior__code")
    )
    today = clock.today()
    parsed: dict[str, OrgRow] = {}
    for n, cells in rows(table, ORG_COLUMNS, plan):
        read = cell_reader(plan, n, cells)
        before = len(plan.errors)
        code = read("组织编码", normalize.folded, required=True, max_length=30)
        name = read("党组织名称", required=True, max_length=100)
        kind = read("组织类别", lambda v: normalize.choice(v, KIND, "组织类别"), required=True)
        superior = read("上级党组织编码", normalize.folded) or ""
        unit_code = read("所属单位编码", normalize.folded) or ""
        founded = read("成立日期", normalize.date, required=True)
        dissolved = read("撤销日期", normalize.date)
        years = read("届期（年）", _years)
        term_start = read("本届开始", normalize.date)
        term_end = read("本届结束", normalize.date)
        if unit_code and unit_code not in units:
            plan.errors.append(RowError(n, "所属单位编码", unit_code, gettext_lazy("No such unit")))
        if code in parsed:
            plan.errors.append(RowError(n, "组织编码", code, format_lazy(DUPLICATE, row=parsed[code].n)))
        if founded and founded > today:
            plan.errors.append(RowError(n, "成立日期", str(founded), LATER_THAN_TODAY))
        if founded and dissolved and dissolved < founded:
            plan.errors.append(
                RowError(n, "撤销日期", str(dissolved), gettext_lazy("Cannot be earlier than the founding date"))
            )
        if term_start and term_end and term_end <= term_start:
            plan.errors.append(
                RowError(n, "本届结束", str(term_end), gettext_lazy("Must be later than the start of the term"))
            )
        if len(plan.errors) > before:
            continue
        # The term's length follows the rules in force when the term starts (orgs.rules); a
        # length in the file is checked against it, not taken instead of it.
        term = PartyOrganization(kind=kind, founded=founded, term_start=term_start, term_end=term_end)
        try:
            apply_term_rules(term)
        except DomainError as e:
            plan.errors.append(RowError(n, "本届开始", str(term_start or term_end), e.message))
            continue
        if years and years != term.term_years:
            rule = term_rules.term_rule(kind, term_start)
            reason = (
                format_lazy(
                    gettext_lazy("Must be %(years)s years (%(citation)s)"),
                    years=term.term_years,
                    citation=rule.citation,
                )
                if rule
                else gettext_lazy("This kind has no fixed term; leave it empty")
            )
            plan.errors.append(RowError(n, "届期（年）", str(years), reason))
            continue
        parsed[code] = OrgRow(
            n,
            code,
            superior,
            {
                "name": name,
                "kind": kind,
                "unit": units.get(unit_code),
                "founded": founded,
                "dissolved": dissolved,
                "term_years": term.term_years,
                "term_start": term_start,
                "term_end": term.term_end,
            },
        )
    if plan.errors:
        return plan
    kinds = {code: o.kind for code, o in existing.items()} | {code: r.values["kind"] for code, r in parsed.items()}
    for code, r in parsed.items():
        org = existing.get(code)
        if r.superior and r.superior not in kinds:
            plan.errors.append(
                RowError(
                    r.n,
                    "上级党组织编码",
                    r.superior,
                    gettext_lazy("No such organization (neither in the file nor in the system)"),
                )
            )
            continue
        if r.superior == code:
            plan.errors.append(
                RowError(r.n, "上级党组织编码", r.superior, gettext_lazy("Cannot be the organization itself"))
            )
            continue
        if org is not None and (parents.get(code) or "") != r.superior:
            plan.errors.append(
                RowError(
                    r.n,
                    "上级党组织编码",
                    r.superior,
                    gettext_lazy("Differs from the present superior: a superior is changed by an adjustment plan"),
                )
            )
            continue
        if r.superior and r.values["kind"] not in CAN_LEAD[kinds[r.superior]]:
            plan.errors.append(
                RowError(
                    r.n,
                    "组织类别",
                    KIND_NAMES[r.values["kind"]],
                    format_lazy(
                        gettext_lazy("The superior (%(kind)s) cannot lead this kind"),
                        kind=KIND_NAMES[kinds[r.superior]],
                    ),
                )
            )
            continue
        if not r.superior and r.values["kind"] != OrgKind.PARTY_COMMITTEE:
            plan.errors.append(
                RowError(r.n, "上级党组织编码", "", gettext_lazy("Only a party committee may have no superior"))
            )
            continue
        where = _anchor(r, parsed, paths) if org is None else org.path
        if scope_paths is not None and not _in_scope(scope_paths, where):
            plan.errors.append(RowError(r.n, "组织编码", code, OUTSIDE_SCOPE))
            continue
        if org is None:
            superior = existing.get(r.superior)
            if superior is not None and superior.dissolved and superior.dissolved <= r.values["founded"]:
                plan.errors.append(
                    RowError(r.n, "上级党组织编码", r.superior, gettext_lazy("The superior organization is dissolved."))
                )
                continue
            plan.new.append(r)
        else:
            changes = {k: v for k, v in r.values.items() if getattr(org, k) != v}
            if error := _structural_error(r, org, changes, scope_paths, paths.get(r.superior)):
                plan.errors.append(error)
            elif changes:
                plan.updates.append((org, changes))
            else:
                plan.unchanged += 1
    _check_cycles(plan, parsed)
    return plan


OUTSIDE_SCOPE = gettext_lazy("Outside the organizations you manage")


def _anchor(r: OrgRow, parsed: dict[str, OrgRow], paths: dict[str, str]) -> str | None:
    """The path of the organization on file that a new row will stand under: its superior, or
    (when the file creates the superior too) the nearest one above it that exists."""
    code, seen = r.superior, set()
    while code in parsed and code not in paths and code not in seen:
        seen.add(code)
        code = parsed[code].superior
    return paths.get(code)


def _in_scope(scope_paths: list[str], path: str | None) -> bool:
    return path is not None and any(path.startswith(p) for p in scope_paths)


def _structural_error(
    r: OrgRow, org: PartyOrganization, changes: dict, scope_paths, superior_path: str | None
) -> RowError | None:
    """A known organization's kind or dissolution changes under the tree's rules
    (`orgs.services`), and only where the importer manages its superior (the superior decides)."""
    structural = {"kind", "dissolved"} & set(changes)
    if not structural:
        return None
    column = "组织类别" if "kind" in structural else "撤销日期"
    if scope_paths is not None and not _in_scope(scope_paths, superior_path):
        return RowError(r.n, column, r.code, OUTSIDE_SCOPE)
    try:
        if "kind" in changes:
            check_kind_change(org, changes["kind"])
        if "dissolved" in changes:
            if org.dissolved is not None:
                already = gettext_lazy("This organization is dissolved already.")
                return RowError(r.n, "撤销日期", str(changes["dissolved"] or ""), already)
            check_dissolvable(org)
    except DomainError as e:
        return RowError(r.n, column, str(changes.get("kind") or changes.get("dissolved")), e.message)
    return None


def _check_cycles(plan: Plan, rows: dict[str, OrgRow]) -> None:
    for code, r in rows.items():
        seen, current = {code}, r.superior
        while current in rows:
            if current in seen:
                plan.errors.append(
                    RowError(r.n, "上级党组织编码", r.superior, gettext_lazy("The superiors form a cycle"))
                )
                break
            seen.add(current)
            current = rows[current].superior


def apply_organizations(plan: Plan, *, file_hash: str, acting_user) -> dict:
    """New organizations parents first, through treebeard; each with its superior fact."""
    if not plan.ok:
        raise ValueError("an import with errors is never applied")
    from core.locks import tree_lock

    pending = {r.code: r for r in plan.new}
    with transaction.atomic():
        tree_lock()
        created = 0
        while pending:
            ready = [r for r in pending.values() if r.superior not in pending]
            for r in sorted(ready, key=lambda r: r.n):
                org = PartyOrganization(code=r.code, **r.values)
                superior = PartyOrganization.objects.get(code=r.superior) if r.superior else None
                if superior is not None:
                    check_can_lead(superior, org.kind)
                place_organization(org, superior, org.founded)
                del pending[r.code]
                created += 1
        for org, planned in plan.updates:
            changes = dict(planned)
            # the tree's primitives re-check the structural rules under the lock
            if "kind" in changes:
                change_kind(org, changes.pop("kind"))
            if "dissolved" in changes:
                end_organization(org, changes.pop("dissolved"))
            if changes:
                save_organization_fields(org, changes)
        counts = {"created": created, "updated": len(plan.updates), "unchanged": plan.unchanged}
        record(
            "exchange.organizations.imported",
            actor=acting_user,
            target_label=(
                "exchange.import",
                file_hash[:16],
                stored(format_lazy(gettext_lazy("Organization import %(file)s"), file=file_hash[:16])),
            ),
            new={**counts, "file_sha256": file_hash},
        )
    return counts


def unit_rows(units) -> list[list[str]]:
    return [
        [
            u.code,
            u.name,
            LEVEL_NAMES[u.level],
            u.category.name,
            u.established.isoformat() if u.established else "",
            u.abolished.isoformat() if u.abolished else "",
        ]
        for u in units
    ]


def organization_rows(orgs) -> list[list[str]]:
    """Parents first (ordered by path), superiors by code."""
    parents = dict(SuperiorFact.objects.filter(valid_to__isnull=True).values_list("organization_id", "superior__code"))

    def d(day: dt.date | None) -> str:
        return day.isoformat() if day else ""

    return [
        [
            o.code,
            o.name,
            KIND_NAMES[o.kind],
            parents.get(o.pk) or "",
            o.unit.code if o.unit else "",
            d(o.founded),
            d(o.dissolved),
            str(o.term_years) if o.term_years else "",
            d(o.term_start),
            d(o.term_end),
        ]
        for o in orgs
    ]


def _unit_date(value):
    """A government unit may be older than the Party."""
    return normalize.date(value, MODERN_ERA)
