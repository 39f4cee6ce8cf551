"""Recording organizational life: party groups inside a branch, meetings with their attendance,
and each organization's year plan. A meeting is recorded as it was held: one that missed its
quorum is kept (it happened) with `quorate` false and does not count; one in the future, or
outside the organization's life, is refused."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.i18n import stored
from core.uploads import check_attachment
from members.models import Member
from orglife import queries, rules
from orglife.compliance import applicable_kinds
from orglife.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingAttachment,
    MeetingKind,
    PartyGroup,
    PartyGroupMember,
    PlanItem,
)
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization

# -- party groups -----------------------------------------------------------------------------


def _check_branch(branch: PartyOrganization) -> None:
    if branch.kind not in MEMBER_HOLDING_KINDS:
        raise DomainError(_("Party groups are set up inside a party branch."))


def _check_day(day: dt.date, branch: PartyOrganization, field: str = "day") -> None:
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field=field)
    if day < branch.founded or (branch.dissolved and day >= branch.dissolved):
        raise DomainError(_("The date must fall while the organization exists."), field=field)


def do_create_party_group(
    branch: PartyOrganization, *, name: str, day: dt.date, acting_user: User | None
) -> PartyGroup:
    """Set up a party group (党小组) in `branch` from `day`."""
    _check_branch(branch)
    _check_day(day, branch)
    name = name.strip()
    if PartyGroup.objects.open().filter(branch=branch, name=name).exists():
        raise DomainError(_("The branch has a party group of this name already."), field="name")
    with transaction.atomic():
        group = PartyGroup.objects.create(branch=branch, name=name, valid_from=day)
        record(
            "orglife.party_group.created",
            actor=acting_user,
            target=group,
            organization=branch,
            new={"name": name, "from": day.isoformat()},
        )
    return group


def do_rename_party_group(group: PartyGroup, *, name: str, acting_user: User | None) -> PartyGroup:
    name = name.strip()
    if group.valid_to is not None:
        raise DomainError(_("This party group is closed."))
    if PartyGroup.objects.open().filter(branch=group.branch, name=name).exclude(pk=group.pk).exists():
        raise DomainError(_("The branch has a party group of this name already."), field="name")
    old = group.name
    with transaction.atomic():
        group.name = name
        group.save(update_fields=["name"])
        record(
            "orglife.party_group.renamed",
            actor=acting_user,
            target=group,
            organization=group.branch,
            old={"name": old},
            new={"name": name},
        )
    return group


def do_end_party_group(group: PartyGroup, *, day: dt.date, acting_user: User | None) -> PartyGroup:
    """Close the group on `day` (exclusive); its members leave it that day."""
    if group.valid_to is not None:
        raise DomainError(_("This party group is closed."))
    _check_day(day, group.branch)
    if day <= group.valid_from:
        raise DomainError(_("The date of closing must be later than the date the group was set up."), field="day")
    with transaction.atomic():
        open_seats = PartyGroupMember.objects.open().filter(group=group)
        if open_seats.filter(valid_from__gte=day).exists():
            raise DomainError(_("A member joined the group on or after this date."), field="day")
        open_seats.update(valid_to=day)
        group.valid_to = day
        group.save(update_fields=["valid_to"])
        record(
            "orglife.party_group.ended",
            actor=acting_user,
            target=group,
            organization=group.branch,
            new={"to": day.isoformat()},
        )
    return group


def do_assign_to_party_group(
    group: PartyGroup, member: Member, *, day: dt.date, is_leader: bool = False, acting_user: User | None
) -> PartyGroupMember:
    """Put `member` in `group` from `day`, out of any other group that day (one group at a
    time); `is_leader`: the group's leader (the previous one stays a member)."""
    branch = group.branch
    if group.valid_to is not None:
        raise DomainError(_("This party group is closed."))
    _check_day(day, branch)
    if day < group.valid_from:
        raise DomainError(_("The date cannot be earlier than the date the group was set up."), field="day")
    if not queries.members_on(branch, day).filter(pk=member.pk).exists():
        raise DomainError(_("Only a member of the branch on that date can join one of its groups."), field="member")
    with transaction.atomic():
        current = PartyGroupMember.objects.open().select_for_update().filter(member=member).first()
        if current is not None:
            if current.group_id == group.pk:
                raise DomainError(_("This member is in this group already."), field="member")
            if day <= current.valid_from:
                raise DomainError(
                    _("The date must be later than the date the member joined their current group."), field="day"
                )
            current.valid_to = day
            current.save(update_fields=["valid_to"])
        if is_leader:
            PartyGroupMember.objects.open().filter(group=group, is_leader=True).update(is_leader=False)
        seat = PartyGroupMember.objects.create(group=group, member=member, valid_from=day, is_leader=is_leader)
        record(
            "orglife.party_group.assigned",
            actor=acting_user,
            target=member,
            organization=branch,
            new={
                "group": group.pk,
                "from": day.isoformat(),
                "leader": is_leader,
                "left": current.group_id if current else None,
            },
        )
    return seat


def do_remove_from_party_group(seat: PartyGroupMember, *, day: dt.date, acting_user: User | None) -> PartyGroupMember:
    """Take the member out of the group on `day` (exclusive)."""
    if seat.valid_to is not None:
        raise DomainError(_("This member has left the group already."))
    _check_day(day, seat.group.branch)
    if day <= seat.valid_from:
        raise DomainError(_("The date of leaving must be later than the date of joining."), field="day")
    with transaction.atomic():
        seat.valid_to = day
        seat.save(update_fields=["valid_to"])
        record(
            "orglife.party_group.removed",
            actor=acting_user,
            target=seat.member,
            organization=seat.group.branch,
            new={"group": seat.group_id, "to": day.isoformat()},
        )
    return seat


def do_set_party_group_leader(seat: PartyGroupMember, *, acting_user: User | None) -> PartyGroupMember:
    """Make the seat's member the group's leader (组长); the previous leader stays a member."""
    if seat.valid_to is not None:
        raise DomainError(_("This member has left the group already."))
    with transaction.atomic():
        PartyGroupMember.objects.open().filter(group=seat.group_id, is_leader=True).update(is_leader=False)
        seat.is_leader = True
        seat.save(update_fields=["is_leader"])
        record(
            "orglife.party_group.leader_set",
            actor=acting_user,
            target=seat.member,
            organization=seat.group.branch,
            new={"group": seat.group_id},
        )
    return seat


# -- meetings ---------------------------------------------------------------------------------

# The fields of a meeting a form sets (besides kind, date, attendance).
MEETING_FIELDS = (
    "start_time",
    "end_time",
    "place",
    "topic",
    "content",
    "decisions",
    "host",
    "recorder",
    "lecturer",
    "party_group",
    "hours",
)

Roll = Mapping[int, tuple[str, str]]  # member id -> (status, reason)


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    quorate: bool

    @property
    def message(self) -> str:
        """The warning shown when the committee meeting was not quorate."""
        return _(
            "Only %(present)s of the committee's %(total)s members were present: a branch committee meeting "
            "proceeds with half of its members or more (%(citation)s). The meeting is recorded but does not count."
        ) % {"present": self.present, "total": self.total, "citation": rules.COMMITTEE_QUORUM_HALF.citation}


def quorum(present: int, total: int) -> Quorum:
    """Whether `present` of `total` committee members make a quorum (支部工作条例 第十二条:
    half or more, `COMMITTEE_QUORUM_HALF`; a rule set reading it as more than half would say
    False there)."""
    half_is_enough = bool(rules.COMMITTEE_QUORUM_HALF.current())
    ok = total > 0 and (2 * present >= total if half_is_enough else 2 * present > total)
    return Quorum(present, total, ok)


def default_hours(kind: str) -> Decimal | None:
    """The class hours (学时) proposed for a meeting of `kind`: a lecture or a training session
    counts `CLASS_HOURS_PER_SESSION`; other kinds none unless entered."""
    if kind in {MeetingKind.LECTURE, MeetingKind.TRAINING}:
        return Decimal(str(rules.CLASS_HOURS_PER_SESSION.current()))
    return None


def _check_meeting(organization: PartyOrganization, kind: str, day: dt.date, party_group: PartyGroup | None):
    if day > clock.today():
        raise DomainError(
            _("A meeting is recorded once it has been held: the date cannot be later than today."), field="date"
        )
    if day < organization.founded:
        raise DomainError(
            _("The organization was founded on %(day)s: a meeting cannot be earlier.")
            % {"day": organization.founded.isoformat()},
            field="date",
        )
    if organization.dissolved and day >= organization.dissolved:
        raise DomainError(
            _("The organization was dissolved on %(day)s: a meeting cannot be later.")
            % {"day": organization.dissolved.isoformat()},
            field="date",
        )
    if kind == MeetingKind.GROUP:
        if party_group is None:
            raise DomainError(_("Choose the party group that met."), field="party_group")
        if party_group.branch_id != organization.pk:
            raise DomainError(_("The party group belongs to another branch."), field="party_group")
        if day < party_group.valid_from or (party_group.valid_to and day >= party_group.valid_to):
            raise DomainError(_("The party group did not exist on that date."), field="party_group")


def _attendance_rows(
    meeting: Meeting, expected: list[Member], attendance: Roll, pair: Iterable[Member]
) -> list[Attendance]:
    expected_ids = {m.pk for m in expected}
    if meeting.kind == MeetingKind.TALK:
        pair_ids = {m.pk for m in pair}
        if len(pair_ids) != 2 or pair_ids != expected_ids:
            raise DomainError(
                _("A heart-to-heart talk is between two different members of the organization on that date."),
                field="pair",
            )
    unknown = set(attendance) - expected_ids
    if unknown:
        raise DomainError(_("Attendance names someone who is not on the roll of this meeting."))
    rows = []
    for member in expected:
        status, reason = attendance.get(member.pk, (AttendanceStatus.PRESENT, ""))
        if status not in AttendanceStatus.values:
            raise DomainError(_("Unknown attendance status."))
        reason = (reason or "").strip()
        if status == AttendanceStatus.EXCUSED and not reason:
            raise DomainError(
                _("%(name)s is excused: give the reason for the absence.") % {"name": member.name},
                field=f"reason_{member.pk}",
            )
        if status != AttendanceStatus.EXCUSED:
            reason = ""
        rows.append(Attendance(meeting=meeting, member=member, status=status, reason=reason))
    return rows


def _quorate(kind: str, rows: list[Attendance]) -> Quorum | None:
    if kind != MeetingKind.COMMITTEE:
        return None
    present = sum(1 for r in rows if r.status == AttendanceStatus.PRESENT)
    return quorum(present, len(rows))


def _fulfil_plan(meeting: Meeting, plan_item: PlanItem | None) -> PlanItem | None:
    """Mark the plan item this meeting fulfils: `plan_item` when the meeting was recorded from
    it and falls in its month (a meeting held later does not make the planned month held), else
    the first unfulfilled item of the same kind in the meeting's month."""
    if (
        plan_item is None
        or plan_item.meeting_id is not None
        or plan_item.kind != meeting.kind
        or (plan_item.year, plan_item.month) != (meeting.date.year, meeting.date.month)
    ):
        plan_item = (
            PlanItem.objects.filter(
                organization=meeting.organization,
                year=meeting.date.year,
                month=meeting.date.month,
                kind=meeting.kind,
                meeting__isnull=True,
            )
            .order_by("planned_date", "pk")
            .first()
        )
    if plan_item is not None and plan_item.organization_id == meeting.organization_id:
        plan_item.meeting = meeting
        plan_item.save(update_fields=["meeting"])
        return plan_item
    return None


def do_record_meeting(
    organization: PartyOrganization,
    *,
    kind: str,
    date: dt.date,
    topic: str,
    attendance: Roll,
    pair: Iterable[Member] = (),
    plan_item: PlanItem | None = None,
    acting_user: User | None,
    **fields,
) -> tuple[Meeting, Quorum | None]:
    """Record a meeting of `organization` as it was held, with each expected person's
    attendance (absent from `attendance`: present). Returns the meeting and, for a 支委会, its
    quorum (recorded either way). Fulfils the plan item of its kind in its month."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    party_group = fields.get("party_group") if kind == MeetingKind.GROUP else None
    fields["party_group"] = party_group
    _check_meeting(organization, kind, date, party_group)
    pair = list(pair)
    expected = queries.expected_attendees(organization, kind, date, party_group=party_group, pair=pair)
    if fields.get("hours") is None:
        fields["hours"] = default_hours(kind)
    meeting = Meeting(
        organization=organization,
        kind=kind,
        date=date,
        topic=topic.strip(),
        recorded_by=known_user(acting_user),
        **fields,
    )
    rows = _attendance_rows(meeting, expected, attendance, pair)
    verdict = _quorate(kind, rows)
    meeting.quorate = verdict.quorate if verdict else None
    with transaction.atomic():
        meeting.save()
        Attendance.objects.bulk_create(rows)
        fulfilled = _fulfil_plan(meeting, plan_item)
        record(
            "orglife.meeting.recorded",
            actor=acting_user,
            target=meeting,
            organization=organization,
            new={
                "kind": kind,
                "date": date.isoformat(),
                "attendance": _summary(rows),
                "quorate": meeting.quorate,
                "plan_item": fulfilled.pk if fulfilled else None,
            },
        )
    return meeting, verdict


def do_update_meeting(
    meeting: Meeting,
    *,
    date: dt.date,
    topic: str,
    attendance: Roll,
    pair: Iterable[Member] = (),
    acting_user: User | None,
    **fields,
) -> tuple[Meeting, Quorum | None]:
    """Correct a recorded meeting (its kind stays): its facts and its attendance, the roll read
    again on its (possibly corrected) date."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"unknown meeting fields: {sorted(unknown)}")
    organization, kind = meeting.organization, meeting.kind
    party_group = fields.get("party_group") if kind == MeetingKind.GROUP else None
    fields["party_group"] = party_group
    _check_meeting(organization, kind, date, party_group)
    pair = list(pair)
    if kind == MeetingKind.TALK and not pair:
        pair = [a.member for a in meeting.attendance.select_related("member")]
    expected = queries.expected_attendees(organization, kind, date, party_group=party_group, pair=pair)
    old = {"date": meeting.date.isoformat(), "topic": meeting.topic, "quorate": meeting.quorate}
    marked = dict(meeting.attendance.values_list("member_id", "status"))
    meeting.date, meeting.topic = date, topic.strip()
    for name, value in fields.items():
        setattr(meeting, name, value)
    rows = _attendance_rows(meeting, expected, attendance, pair)
    verdict = _quorate(kind, rows)
    meeting.quorate = verdict.quorate if verdict else None
    with transaction.atomic():
        meeting.save()
        meeting.attendance.all().delete()
        Attendance.objects.bulk_create(rows)
        item = PlanItem.objects.filter(meeting=meeting).first()
        if item is not None and (item.year, item.month) != (date.year, date.month):
            item.meeting = None
            item.save(update_fields=["meeting"])
            item = None
        if item is None:
            _fulfil_plan(meeting, None)
        record(
            "orglife.meeting.updated",
            actor=acting_user,
            target=meeting,
            organization=organization,
            old=old,
            new={
                "date": date.isoformat(),
                "topic": meeting.topic,
                "quorate": meeting.quorate,
                "attendance": _summary(rows),
                "attendance_changed": _changed_marks(marked, rows, expected),
            },
        )
    return meeting, verdict


def _changed_marks(before: dict[int, str], rows: list[Attendance], people: list[Member]) -> dict[str, str]:
    """Whose attendance a correction changed, by name: "出席→缺席" (a record, in the site's
    language), "—" for someone not on the roll before or after."""
    names = {m.pk: m.name for m in people}
    after = {r.member_id: r.status for r in rows}
    if before:
        names.update(Member.objects.filter(pk__in=set(before) - set(names)).values_list("pk", "name"))

    def label(status: str | None) -> str:
        return stored(AttendanceStatus(status).label) if status else "—"

    return {
        names.get(pk, str(pk)): f"{label(before.get(pk))}→{label(after.get(pk))}"
        for pk in sorted(set(before) | set(after))
        if before.get(pk) != after.get(pk)
    }


def _summary(rows: list[Attendance]) -> dict[str, int]:
    counts = {s: 0 for s in AttendanceStatus.values}
    for r in rows:
        counts[r.status] += 1
    return counts


# -- attachments ------------------------------------------------------------------------------


def do_attach_to_meeting(meeting: Meeting, upload, *, acting_user: User | None) -> MeetingAttachment:
    """Keep `upload` (a PDF, JPEG, PNG or Word .docx file, at most ATTACHMENT_MAX_MB) with the
    meeting's record. The type is checked by the file's first bytes, not only its name."""
    name, content_type = check_attachment(
        upload, max_mb=int(rules.ATTACHMENT_MAX_MB.current()), citation=rules.ATTACHMENT_MAX_MB.citation
    )
    with transaction.atomic():
        attachment = MeetingAttachment(
            meeting=meeting, name=name, content_type=content_type, size=upload.size, uploaded_by=known_user(acting_user)
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
        record(
            "orglife.attachment.added",
            actor=acting_user,
            target=meeting,
            organization=meeting.organization,
            new={"name": name, "size": upload.size},
        )
    return attachment


def do_remove_attachment(attachment: MeetingAttachment, *, acting_user: User | None) -> None:
    meeting = attachment.meeting
    with transaction.atomic():
        record(
            "orglife.attachment.removed",
            actor=acting_user,
            target=meeting,
            organization=meeting.organization,
            old={"name": attachment.name},
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))


# -- the year plan ----------------------------------------------------------------------------

# Yearly kinds in the month where they are usually held: the party lecture around 1 July (the
# Party's founding), the heart-to-heart talks before the organizational life meeting, which
# closes the year in December (Q4). Kinds due more often fall in the last month of their period.
PREFERRED_MONTH: dict[str, int] = {
    MeetingKind.LECTURE: 7,
    MeetingKind.TALK: 11,
    MeetingKind.LIFE_MEETING: 12,
}
# A branch's meetings (支部工作条例 第十一至十三条; 党员教育管理工作条例 第十六至十九条). The
# democratic evaluation (民主评议) is the evaluation app's, not a meeting in this plan.
BRANCH_KINDS = (
    MeetingKind.BRANCH_ASSEMBLY,
    MeetingKind.COMMITTEE,
    MeetingKind.GROUP,
    MeetingKind.LECTURE,
    MeetingKind.THEME_DAY,
    MeetingKind.LIFE_MEETING,
    MeetingKind.TALK,
)


def plan_kinds(organization: PartyOrganization, day: dt.date) -> list[str]:
    """The kinds of meeting the year plan holds for `organization` (as it is on `day`): the
    meetings among the kinds the rules expect of it (`orglife.compliance.applicable_kinds`, the
    one reading, so the plan asks for what the compliance table counts), in their usual order."""
    expected = applicable_kinds(organization, day)
    return [kind for kind in BRANCH_KINDS if kind in expected]


def _periods(every: int) -> list[tuple[int, int]]:
    """The year's periods of `every` months as (first month, last month)."""
    every = max(1, min(every, 12))
    return [(start, min(start + every - 1, 12)) for start in range(1, 13, every)]


def do_generate_plan(organization: PartyOrganization, year: int, *, acting_user: User | None) -> list[PlanItem]:
    """Create the year plan of `organization` from the rules in force: one item per kind for
    each period the rule sets (monthly, quarterly, yearly), in its last month or the kind's
    usual month; only months from the current one on when the year is in progress, and while
    the organization exists. Idempotent: a period that holds an item (or a meeting) of the kind
    already is left alone. Returns the items created."""
    today = clock.today()
    first_month = today.month if year == today.year else 1
    if year < today.year:
        raise DomainError(_("A plan is made for this year or a later one."), field="year")
    start_day = dt.date(year, first_month, 1)
    kinds = plan_kinds(organization, max(start_day, min(today, dt.date(year, 12, 31))))
    existing = set(PlanItem.objects.filter(organization=organization, year=year).values_list("kind", "month")) | {
        (k, d.month)
        for k, d in Meeting.objects.filter(organization=organization, date__year=year).values_list("kind", "date")
    }
    created = []
    for kind in kinds:
        expected = rules.expected_every(kind, dt.date(year, 12, 31))
        if expected is None:
            continue
        every = expected[0]
        for first, last in _periods(every):
            if last < first_month or any((kind, m) in existing for m in range(first, last + 1)):
                continue
            month = PREFERRED_MONTH.get(kind, last) if every >= 12 else last
            month = min(max(month, first, first_month), last)
            founded = organization.founded
            if (year, month) < (founded.year, founded.month) or (
                organization.dissolved and dt.date(year, month, 1) >= organization.dissolved
            ):
                continue
            created.append(PlanItem(organization=organization, year=year, month=month, kind=kind))
    with transaction.atomic():
        PlanItem.objects.bulk_create(created)
        record(
            "orglife.plan.generated",
            actor=acting_user,
            target=organization,
            organization=organization,
            new={"year": year, "items": len(created)},
        )
    return created


PLAN_FIELDS = ("planned_date", "start_time", "place", "topic")


def _check_item(organization: PartyOrganization, year: int, month: int, planned_date: dt.date | None) -> None:
    if not 1 <= month <= 12:
        raise DomainError(_("Choose a month of the year."), field="month")
    if planned_date is not None and (planned_date.year, planned_date.month) != (year, month):
        raise DomainError(_("The planned date must fall in the item's month."), field="planned_date")
    if organization.dissolved and dt.date(year, month, 1) >= organization.dissolved:
        raise DomainError(_("The organization was dissolved before that month."), field="month")


def do_add_plan_item(
    organization: PartyOrganization, *, kind: str, year: int, month: int, acting_user: User | None, **fields
) -> PlanItem:
    """Add a planned meeting to the organization's year plan."""
    if set(fields) - set(PLAN_FIELDS):
        raise TypeError("unknown plan item fields")
    if kind not in MeetingKind.values:
        raise DomainError(_("Unknown kind of meeting."), field="kind")
    _check_item(organization, year, month, fields.get("planned_date"))
    with transaction.atomic():
        item = PlanItem.objects.create(organization=organization, kind=kind, year=year, month=month, **fields)
        record(
            "orglife.plan_item.added",
            actor=acting_user,
            target=item,
            organization=organization,
            new={"kind": kind, "year": year, "month": month},
        )
    return item


def do_update_plan_item(item: PlanItem, *, acting_user: User | None, **fields) -> PlanItem:
    """Change a planned meeting's date, time, place or topic; a date moves it to its month
    (within the plan's year)."""
    if set(fields) - set(PLAN_FIELDS):
        raise TypeError("unknown plan item fields")
    day = fields.get("planned_date")
    month = day.month if day is not None and day.year == item.year else item.month
    _check_item(item.organization, item.year, month, day)
    old = {name: str(getattr(item, name) or "") for name in PLAN_FIELDS}
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        item.month = month
        item.save()
        record(
            "orglife.plan_item.updated",
            actor=acting_user,
            target=item,
            organization=item.organization,
            old=old,
            new={name: str(getattr(item, name) or "") for name in PLAN_FIELDS},
        )
    return item


def do_remove_plan_item(item: PlanItem, *, acting_user: User | None) -> None:
    """Take a planned meeting out of the plan (the meeting that fulfilled it, if any, stays)."""
    with transaction.atomic():
        record(
            "orglife.plan_item.removed",
            actor=acting_user,
            target=item,
            organization=item.organization,
            old={"kind": item.kind, "year": item.year, "month": item.month},
        )
        item.delete()


# -- bulk (demo, benchmarks) --


ANALYZE_FROM = 1000


def bulk_record_meetings(rows, *, batch_size: int = 2000) -> int:
    """Write held meetings with their attendance in a few statements (the demo's year, the
    benchmarks): `rows` are (meeting, marks) pairs, the meeting unsaved, its marks (member id,
    status, reason) tuples. Inside the caller's transaction; checks are the caller's (the demo
    draws attendance from the roll on the date). No audit: a bulk load is not a person's act.
    Returns the number of meetings written.

    Attendance goes in as plain rows (executemany): a year of a district's meetings is a few
    hundred thousand marks, and building a model instance for each cost most of the time. On
    PostgreSQL the two tables are analyzed afterwards: right after a bulk load the planner's
    statistics say they are empty, and the compliance aggregates would be planned for that (from
    `ANALYZE_FROM` meetings: a handful changes no statistics)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_record_meetings runs inside the caller's transaction")
    rows = list(rows)
    meetings = Meeting.objects.bulk_create([m for m, _a in rows], batch_size=batch_size)
    marks = [
        (meeting.pk, member_id, status, reason)
        for meeting, (_m, attendance) in zip(meetings, rows, strict=True)
        for member_id, status, reason in attendance
    ]
    opts = Attendance._meta
    column = {f.name: str(f.column) for f in opts.concrete_fields}
    columns = ", ".join(connection.ops.quote_name(column[f]) for f in ("meeting", "member", "status", "reason"))
    sql = f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for i in range(0, len(marks), 10_000):
            cursor.executemany(sql, marks[i : i + 10_000])
        if connection.vendor == "postgresql" and len(meetings) >= ANALYZE_FROM:
            cursor.execute(f"ANALYZE {opts.db_table}, {Meeting._meta.db_table}")
    return len(meetings)


def bulk_save_party_groups(rows, *, batch_size: int = 2000) -> int:
    """Write party groups with their seats in a few statements (the demo): `rows` are (group,
    seats) pairs, the group unsaved, its seats unsaved rows without their group. Inside the
    caller's transaction; checks are the caller's. Returns the number of groups written."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk_save_party_groups runs inside the caller's transaction")
    rows = list(rows)
    groups = PartyGroup.objects.bulk_create([g for g, _s in rows], batch_size=batch_size)
    seats: list[PartyGroupMember] = []
    for group, members in zip(groups, (s for _g, s in rows), strict=True):
        for seat in members:
            seat.group = group
            seats.append(seat)
    PartyGroupMember.objects.bulk_create(seats, batch_size=5000)
    return len(groups)
