"""Reading the assessment: the organizations assessed in a year, each one's lines (figure and
points per item), sections, score and tier — live from the records while the year is open,
frozen once it is published — and the comparison of two tables. Bounded queries whatever the
number of organizations (the indicator registry's own, then one per table of this app)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from assessment import scoring
from assessment.models import Assessment, Debrief, Entry, IndicatorTable, Item, ItemKind, TableStatus
from orgs.models import PartyOrganization
from orgs.queries import led_by_committee
from reports import indicators
from reports.indicators import Figure


def assessed(year: int) -> QuerySet[PartyOrganization]:
    """The organizations assessed for `year`: those the working committee leads directly, as
    the year stands (on its last day once it is over)."""
    return led_by_committee(indicators.year_day(year))


def adopted_table(year: int) -> IndicatorTable | None:
    return IndicatorTable.objects.filter(year=year, status=TableStatus.ADOPTED).first()


def items_of(table: IndicatorTable) -> list[Item]:
    return list(table.items.select_related("section").order_by("section__position", "section__pk", "position", "pk"))


@dataclass
class Line:
    item: Item
    points: Decimal | None  # None: scored by hand and not yet scored
    figure: Figure | None = None  # computed items
    reason: str = ""
    self_comment: str = ""

    @property
    def source(self) -> indicators.Source | None:
        return indicators.SOURCES.get(self.item.source) if self.item.kind == ItemKind.COMPUTED else None


@dataclass
class Result:
    organization: PartyOrganization
    assessment: Assessment | None
    lines: list[Line] = field(default_factory=list)
    sections: list[tuple[str, Decimal]] = field(default_factory=list)
    computed_score: Decimal = scoring.ZERO
    score: Decimal = scoring.ZERO
    tier: str = ""
    frozen: bool = False
    debrief: Debrief | None = None

    @property
    def unscored(self) -> int:
        return sum(1 for line in self.lines if line.points is None)

    @property
    def tier_label(self) -> str:
        from assessment.models import Tier

        return str(Tier(self.tier).label) if self.tier else ""


def _add_up(result: Result, table: IndicatorTable) -> None:
    sections: dict[str, Decimal] = {}
    computed = total = scoring.ZERO
    for line in result.lines:
        name = line.item.section.name
        sections.setdefault(name, scoring.ZERO)
        if line.points is None:
            continue
        value = scoring.signed(line.item.kind, line.points)
        sections[name] += value
        total += value
        if line.item.kind == ItemKind.COMPUTED:
            computed += value
    result.sections = list(sections.items())
    result.computed_score = computed
    result.score = max(scoring.ZERO, total)
    # a tier only once every item has its points: a provisional 差 of an unscored year misleads
    result.tier = (
        ""
        if result.unscored
        else scoring.tier(
            result.score, good_from=table.good_from, fair_from=table.fair_from, average_from=table.average_from
        )
    )


def results(table: IndicatorTable, organizations: Sequence[PartyOrganization]) -> list[Result]:
    """Each organization's result under `table`: frozen when the table is published (the
    figures and points stored then), else live from the records and the scores so far."""
    orgs = list(organizations)
    items = items_of(table)
    by_org = {
        a.organization_id: a for a in Assessment.objects.filter(table=table, organization__in=[o.pk for o in orgs])
    }
    entries: dict[int, dict[int, Entry]] = defaultdict(dict)
    for row in Entry.objects.filter(assessment__in=list(by_org.values())):
        entries[row.assessment_id][row.item_id] = row
    debriefs = {d.assessment_id: d for d in Debrief.objects.filter(assessment__in=list(by_org.values()))}
    frozen = table.published
    figures = (
        {}
        if frozen
        else indicators.compute_all(table.year, orgs, [i.source for i in items if i.kind == ItemKind.COMPUTED])
    )
    found = []
    for org in orgs:
        assessment = by_org.get(org.pk)
        own = entries.get(assessment.pk, {}) if assessment else {}
        debrief = debriefs.get(assessment.pk) if assessment else None
        result = Result(organization=org, assessment=assessment, frozen=frozen, debrief=debrief)
        for item in items:
            entry = own.get(item.pk)
            line = Line(
                item=item,
                points=None,
                reason=entry.reason if entry else "",
                self_comment=entry.self_comment if entry else "",
            )
            if frozen:
                line.points = entry.points if entry else None
                if entry and entry.figure:
                    f = entry.figure
                    line.figure = Figure(
                        None if f["value"] is None else Decimal(f["value"]),
                        f.get("url", ""),
                        f.get("count"),
                        f.get("of"),
                    )
            elif item.kind == ItemKind.COMPUTED:
                line.figure = figures.get(item.source, {}).get(org.pk, Figure(None))
                line.points = scoring.computed_points(
                    rule=item.rule,
                    points=item.points,
                    threshold=item.threshold,
                    step=item.step,
                    value=line.figure.value,
                )
            elif item.kind == ItemKind.DEBRIEF:
                line.points = (
                    scoring.debrief_points(
                        item.points,
                        good=debrief.good,
                        fair=debrief.fair,
                        average=debrief.average,
                        poor=debrief.poor,
                        grade=debrief.grade,
                    )
                    if debrief
                    else None
                )
            else:
                line.points = entry.points if entry else None
            result.lines.append(line)
        if frozen and assessment and assessment.score is not None:
            result.sections = [(name, Decimal(points)) for name, points in assessment.sections]
            result.computed_score = assessment.computed_score or scoring.ZERO
            result.score = assessment.score
            result.tier = assessment.tier
        else:
            _add_up(result, table)
        found.append(result)
    return found


def result_of(table: IndicatorTable, organization: PartyOrganization) -> Result:
    return results(table, [organization])[0]


@dataclass
class ItemChange:
    code: str
    old: Item | None
    new: Item | None
    changes: list[str] = field(default_factory=list)  # the fields that differ (verbose names)


COMPARED = ("name", "kind", "points", "source", "rule", "threshold", "step", "criteria")


def _label(name: str) -> str:
    return str(getattr(Item._meta.get_field(name), "verbose_name", name))


def compare(old: IndicatorTable | None, new: IndicatorTable) -> list[ItemChange]:
    """Items added, removed and changed from `old` to `new`, matched by code (new's order,
    then those removed). Unchanged items are left out."""
    before = {i.code: i for i in items_of(old)} if old else {}
    after = items_of(new)
    found = []
    for item in after:
        prior = before.pop(item.code, None)
        if prior is None:
            found.append(ItemChange(item.code, None, item))
            continue
        changed = [_label(f) for f in COMPARED if getattr(prior, f) != getattr(item, f)]
        if prior.section.name != item.section.name:
            changed.insert(0, _label("section"))
        if changed:
            found.append(ItemChange(item.code, prior, item, changed))
    found.extend(ItemChange(code, item, None) for code, item in before.items())
    return found


def previous_table(table: IndicatorTable) -> IndicatorTable | None:
    """What a table is compared with: the adopted table of the year before, else the one it was
    copied from."""
    return IndicatorTable.objects.filter(year=table.year - 1, status=TableStatus.ADOPTED).first() or table.based_on


def year_choices(today: dt.date) -> list[int]:
    years = set(IndicatorTable.objects.values_list("year", flat=True)) | {today.year}
    return sorted(years, reverse=True)
