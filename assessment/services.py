"""Changing indicator tables and assessments: each a `do_*` function, one transaction, one
audit event; a refusal is a DomainError with a message a person can act on.

Tables: a draft is made (empty, or a copy of another year's table: sections, items, tiers), its
items and tiers edited, then adopted (one adopted table per year; an adopted table is not
edited — a later change is next year's draft). Assessments: the organization's
self-assessment, the committee's score of each item it scores (within the item's points, with
a reason), the 述职评议 record, then publishing, which freezes every organization's figures and
points as they are at that moment."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessment import queries, rules, scoring
from assessment.models import (
    Assessment,
    Debrief,
    DebriefGrade,
    Entry,
    IndicatorTable,
    Item,
    ItemKind,
    ScoreRule,
    Section,
    TableStatus,
)
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from orgs.models import PartyOrganization, Post
from reports import indicators

MAX_POINTS = Decimal("1000")


def _now() -> dt.datetime:
    """Now, on the clock's day: a demonstration run with the clock moved (core.clock) stamps
    its submissions and publishing on the day it acts out."""
    now = timezone.now()
    today = clock.today()
    if clock.day_of(now) == today:
        return now
    return timezone.make_aware(dt.datetime.combine(today, timezone.localtime(now).time()))


def _locked(table: IndicatorTable) -> IndicatorTable:
    return IndicatorTable.objects.select_for_update().get(pk=table.pk)


def _check_draft(table: IndicatorTable) -> None:
    if table.status != TableStatus.DRAFT:
        raise DomainError(_("An adopted indicator table is not edited: make next year's draft instead."))


def _check_open(table: IndicatorTable) -> None:
    if not table.adopted:
        raise DomainError(_("The indicator table of %(year)s is not adopted yet.") % {"year": table.year})
    if table.published:
        raise DomainError(_("The results of %(year)s are published: they are not changed.") % {"year": table.year})


def check_tiers(good: Decimal, fair: Decimal, average: Decimal) -> None:
    if not (good > fair > average >= 0):
        raise DomainError(
            _("The tiers must descend: 好 above 较好, 较好 above 一般, 一般 at 0 or above."), field="good_from"
        )


def do_create_table(
    *, year: int, name: str = "", based_on: IndicatorTable | None = None, acting_user: User | None
) -> IndicatorTable:
    """A draft for `year`: a copy of `based_on` (its sections, items and tiers), or empty with
    the default tiers. Refused when the year has an adopted table or a draft already."""
    this = clock.today().year
    if not this - 5 <= year <= this + 1:
        raise DomainError(
            _("A table is made for %(first)s to %(last)s.") % {"first": this - 5, "last": this + 1}, field="year"
        )
    with transaction.atomic():
        if IndicatorTable.objects.filter(year=year, status=TableStatus.ADOPTED).exists():
            raise DomainError(_("%(year)s has an adopted indicator table already.") % {"year": year}, field="year")
        if IndicatorTable.objects.filter(year=year, status=TableStatus.DRAFT).exists():
            raise DomainError(_("%(year)s has a draft already: edit it.") % {"year": year}, field="year")
        good, fair, average = (
            (based_on.good_from, based_on.fair_from, based_on.average_from) if based_on else rules.default_tiers()
        )
        table = IndicatorTable.objects.create(
            year=year,
            name=name.strip() or _("Party-building target assessment indicators, %(year)s") % {"year": year},
            based_on=based_on,
            good_from=good,
            fair_from=fair,
            average_from=average,
        )
        if based_on is not None:
            for section in based_on.sections.all():
                copy = Section.objects.create(table=table, position=section.position, name=section.name)
                Item.objects.bulk_create(
                    Item(
                        table=table,
                        section=copy,
                        code=i.code,
                        name=i.name,
                        kind=i.kind,
                        points=i.points,
                        source=i.source,
                        rule=i.rule,
                        threshold=i.threshold,
                        step=i.step,
                        criteria=i.criteria,
                        position=i.position,
                    )
                    for i in section.items.all()
                )
        record(
            "assessment.table.created",
            actor=acting_user,
            target=table,
            new={"year": year, "based_on": based_on.pk if based_on else None},
        )
    return table


def check_item(item: Item) -> None:
    """What an item must hold to be scored: points above 0; a computed item a known source, a
    rule and a threshold (and its step for a rule that deducts per unit)."""
    if not (Decimal(0) < item.points <= MAX_POINTS):
        raise DomainError(_("Points lie between 0 and %(max)s.") % {"max": MAX_POINTS}, field="points")
    if item.kind == ItemKind.COMPUTED:
        if item.source not in indicators.SOURCES:
            raise DomainError(_("Choose the figure the item is computed from."), field="source")
        if item.rule not in ScoreRule.values:
            raise DomainError(_("Choose how the figure gives points."), field="rule")
        if item.threshold is None or item.threshold < 0:
            raise DomainError(_("Give the threshold (0 or more)."), field="threshold")
        if item.rule in (ScoreRule.PER_SHORTFALL, ScoreRule.PER_EXCESS) and (item.step is None or item.step <= 0):
            raise DomainError(_("Give the points deducted per unit."), field="step")
    else:
        item.source, item.rule, item.threshold, item.step = "", "", None, None


def do_save_item(item: Item, *, section_name: str, acting_user: User | None) -> Item:
    """Add or change an item of a draft, in the section named (made when new)."""
    section_name = section_name.strip()
    if not section_name:
        raise DomainError(_("Name the section."), field="section_name")
    check_item(item)
    with transaction.atomic():
        table = _locked(item.table)
        _check_draft(table)
        if Item.objects.filter(table=table, code=item.code).exclude(pk=item.pk).exists():
            raise DomainError(_("The code %(code)s is taken in this table.") % {"code": item.code}, field="code")
        section = Section.objects.filter(table=table, name=section_name).first()
        if section is None:
            last = table.sections.order_by("-position").values_list("position", flat=True).first() or 0
            section = Section.objects.create(table=table, name=section_name, position=last + 1)
        old_section = item.section if item.pk else None
        item.section = section
        new = item.pk is None
        item.save()
        if old_section is not None and old_section != section and not old_section.items.exists():
            old_section.delete()
        record(
            "assessment.item.added" if new else "assessment.item.changed",
            actor=acting_user,
            target=table,
            new={"code": item.code, "name": item.name, "kind": item.kind, "points": str(item.points)},
        )
    return item


def do_delete_item(item: Item, *, acting_user: User | None) -> None:
    with transaction.atomic():
        table = _locked(item.table)
        _check_draft(table)
        section = item.section
        record(
            "assessment.item.removed",
            actor=acting_user,
            target=table,
            old={"code": item.code, "name": item.name},
        )
        item.delete()
        if not section.items.exists():
            section.delete()


def do_set_tiers(
    table: IndicatorTable, *, name: str, good: Decimal, fair: Decimal, average: Decimal, acting_user: User | None
) -> IndicatorTable:
    check_tiers(good, fair, average)
    if not name.strip():
        raise DomainError(_("Name the table."), field="name")
    with transaction.atomic():
        table = _locked(table)
        _check_draft(table)
        old = {
            "name": table.name,
            "good_from": str(table.good_from),
            "fair_from": str(table.fair_from),
            "average_from": str(table.average_from),
        }
        table.name, table.good_from, table.fair_from, table.average_from = name.strip(), good, fair, average
        table.save(update_fields=["name", "good_from", "fair_from", "average_from"])
        record(
            "assessment.table.changed",
            actor=acting_user,
            target=table,
            old=old,
            new={"name": table.name, "good_from": str(good), "fair_from": str(fair), "average_from": str(average)},
        )
    return table


def do_adopt_table(table: IndicatorTable, *, acting_user: User | None) -> IndicatorTable:
    """Adopt a draft: it has items, each one complete, and its year no adopted table."""
    with transaction.atomic():
        table = _locked(table)
        _check_draft(table)
        items = list(table.items.all())
        if not items:
            raise DomainError(_("A table without items cannot be adopted."))
        for item in items:
            try:
                check_item(item)
            except DomainError as e:
                raise DomainError(_("Item %(code)s: %(error)s") % {"code": item.code, "error": e.message}) from None
        if IndicatorTable.objects.filter(year=table.year, status=TableStatus.ADOPTED).exists():
            raise DomainError(_("%(year)s has an adopted indicator table already.") % {"year": table.year})
        table.status, table.adopted_on, table.adopted_by = TableStatus.ADOPTED, clock.today(), known_user(acting_user)
        table.save(update_fields=["status", "adopted_on", "adopted_by"])
        record(
            "assessment.table.adopted", actor=acting_user, target=table, new={"year": table.year, "items": len(items)}
        )
    return table


def _assessment(table: IndicatorTable, organization: PartyOrganization) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(table=table, organization=organization)
    return assessment


def _check_assessed(table: IndicatorTable, organization: PartyOrganization) -> None:
    if not queries.assessed(table.year).filter(pk=organization.pk).exists():
        raise DomainError(
            _("%(org)s is not among the organizations the committee assesses for %(year)s.")
            % {"org": organization.name, "year": table.year}
        )


def do_submit_self_assessment(
    table: IndicatorTable,
    organization: PartyOrganization,
    *,
    overall: str,
    per_item: dict[int, str],
    acting_user: User | None,
) -> Assessment:
    """The organization's self-assessment: the overall comment (required) and a comment per
    item (optional). May be submitted again until the results are published."""
    overall = overall.strip()
    if not overall:
        raise DomainError(_("Write the overall self-assessment."), field="overall")
    with transaction.atomic():
        table = _locked(table)
        _check_open(table)
        _check_assessed(table, organization)
        assessment = _assessment(table, organization)
        items = {i.pk for i in table.items.all()}
        for item_id, text in per_item.items():
            if item_id not in items:
                continue
            entry, _created = Entry.objects.get_or_create(assessment=assessment, item_id=item_id)
            entry.self_comment = text.strip()
            entry.save(update_fields=["self_comment"])
        assessment.self_comment, assessment.self_submitted_at = overall, _now()
        assessment.save(update_fields=["self_comment", "self_submitted_at"])
        record(
            "assessment.self.submitted",
            actor=acting_user,
            target=assessment,
            organization=organization,
            new={"year": table.year},
        )
    return assessment


def do_score_item(
    table: IndicatorTable,
    organization: PartyOrganization,
    item: Item,
    *,
    points: Decimal,
    reason: str,
    acting_user: User | None,
) -> Entry:
    """The committee's score of an item it scores: within the item's points, with a reason."""
    reason = reason.strip()
    if not item.by_hand:
        raise DomainError(_("This item is not scored by hand."))
    if points is None or not (Decimal(0) <= points <= item.points):
        raise DomainError(
            _("The score lies between 0 and %(max)s.") % {"max": f"{item.points.normalize():f}"}, field="points"
        )
    if not reason:
        raise DomainError(_("Give the reason for the score."), field="reason")
    with transaction.atomic():
        table = _locked(table)
        _check_open(table)
        if item.table_id != table.pk:
            raise DomainError(_("This item is not in the table."))
        _check_assessed(table, organization)
        assessment = _assessment(table, organization)
        entry, _created = Entry.objects.get_or_create(assessment=assessment, item=item)
        old = {"points": None if entry.points is None else str(entry.points), "reason": entry.reason}
        entry.points, entry.reason = scoring.rounded(points), reason
        entry.scored_by, entry.scored_at = known_user(acting_user), _now()
        entry.save(update_fields=["points", "reason", "scored_by", "scored_at"])
        record(
            "assessment.item.scored",
            actor=acting_user,
            target=assessment,
            organization=organization,
            old=old,
            new={"item": item.code, "points": str(entry.points), "reason": reason},
        )
    return entry


def do_record_debrief(
    table: IndicatorTable,
    organization: PartyOrganization,
    *,
    date: dt.date,
    secretary: Post | None,
    secretary_name: str = "",
    good: int = 0,
    fair: int = 0,
    average: int = 0,
    poor: int = 0,
    grade: str = "",
    comments: str = "",
    acting_user: User | None,
) -> Debrief:
    """书记抓党建述职评议, once per organization and year (recorded again, it is corrected): the
    votes or the grade; the debrief item's points derive from them."""
    if not table.items.filter(kind=ItemKind.DEBRIEF).exists():
        raise DomainError(_("The table of %(year)s has no 述职评议 item.") % {"year": table.year})
    if date.year not in (table.year, table.year + 1) or date > clock.today():
        raise DomainError(
            _("The 述职评议 of %(year)s is held in %(year)s or early the next year, not after today.")
            % {"year": table.year},
            field="date",
        )
    if secretary is not None and secretary.organization_id != organization.pk:
        raise DomainError(_("Choose a secretary of this organization."), field="secretary")
    name = secretary.member.name if secretary is not None else secretary_name.strip()
    if not name:
        raise DomainError(_("Name the secretary who reported."), field="secretary")
    if min(good, fair, average, poor) < 0:
        raise DomainError(_("Votes are counted from 0."), field="good")
    if grade and grade not in DebriefGrade.values:
        raise DomainError(_("Choose a grade."), field="grade")
    if not (good + fair + average + poor) and not grade:
        raise DomainError(_("Give the votes or the grade of the evaluation."), field="good")
    with transaction.atomic():
        table = _locked(table)
        _check_open(table)
        _check_assessed(table, organization)
        assessment = _assessment(table, organization)
        debrief = Debrief.objects.filter(assessment=assessment).first() or Debrief(assessment=assessment)
        fields = {
            "date": date,
            "secretary": secretary,
            "secretary_name": name,
            "good": good,
            "fair": fair,
            "average": average,
            "poor": poor,
            "grade": grade,
            "comments": comments.strip(),
            "recorded_by": known_user(acting_user),
        }
        for key, value in fields.items():
            setattr(debrief, key, value)
        debrief.save()
        record(
            "assessment.debrief.recorded",
            actor=acting_user,
            target=assessment,
            organization=organization,
            new={
                "date": date.isoformat(),
                "good": good,
                "fair": fair,
                "average": average,
                "poor": poor,
                "grade": grade,
            },
        )
    return debrief


def do_publish(table: IndicatorTable, *, acting_user: User | None) -> list[queries.Result]:
    """Publish the year's results: refused while an item scored by hand or the 述职评议 is
    missing for an organization assessed; otherwise every organization's figures, points,
    sections, score and tier are stored as they are now, with the time."""
    with transaction.atomic():
        table = _locked(table)
        _check_open(table)
        if indicators.running(table.year):
            # published results never change: half a year's figures would be frozen for good
            raise DomainError(
                _("The results of %(year)s can be published once the year is over.") % {"year": table.year}
            )
        organizations = list(queries.assessed(table.year))
        if not organizations:
            raise DomainError(_("No organization is assessed for %(year)s.") % {"year": table.year})
        results = queries.results(table, organizations)
        missing = [r for r in results if r.unscored]
        if missing:
            raise DomainError(
                _("%(n)s organizations still have items without a score, first %(org)s (%(items)s).")
                % {
                    "n": len(missing),
                    "org": missing[0].organization.name,
                    "items": "、".join(line.item.code for line in missing[0].lines if line.points is None),
                }
            )
        now = _now()
        for result in results:
            assessment = _assessment(table, result.organization)
            entries = {e.item_id: e for e in assessment.entries.all()}
            for line in result.lines:
                entry = entries.get(line.item.pk) or Entry(assessment=assessment, item=line.item)
                entry.points = line.points
                if line.figure is not None:
                    source = line.source
                    entry.figure = {
                        **line.figure.as_json(),
                        "label": str(source.label) if source else line.item.source,
                        "unit": str(source.unit) if source else "",
                    }
                entry.save()
            assessment.computed_score, assessment.score, assessment.tier = (
                result.computed_score,
                result.score,
                result.tier,
            )
            assessment.sections = [[name, str(points)] for name, points in result.sections]
            assessment.save(update_fields=["computed_score", "score", "tier", "sections"])
        table.published_at, table.published_by = now, known_user(acting_user)
        table.save(update_fields=["published_at", "published_by"])
        record(
            "assessment.results.published",
            actor=acting_user,
            target=table,
            new={"year": table.year, "organizations": len(results)},
        )
    table.refresh_from_db()
    return queries.results(table, organizations)
