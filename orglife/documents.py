"""The paper 台账 of an organization's year of organizational life, printed from what was
recorded once: the ledger (.docx: a cover, a table of contents, one 会议记录 per meeting in
the usual layout, with signature lines) and the summary (.xlsx: the meetings one row each, and
each member's attendance by kind with the class hours earned against the yearly minimum).

Both name people, so every download is audited as an export (`members.services.
do_record_export`). The documents are Chinese official formats and stay Chinese. A year of 60
meetings of 40 people is read in three queries."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from core import clock, docx
from core.export import ExportKind, docx_response, download_name, xlsx_response
from core.xlsx import BOLD, Book, Style
from members import services as member_services
from members.models import Member, Membership
from orglife import rules
from orglife.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from orgs.models import PartyOrganization

NUMERALS = "零一二三四五六七八九十"
# Room on the printed record (cm, at least) where the recorder's text is long or a hand adds to it.
RECORD_HEIGHTS = {"会议内容": 8, "决议事项": 2.5}


@dataclass
class MeetingRecord:
    """One meeting with its roll read out: who was expected, present, excused (with the reason)
    and absent."""

    meeting: Meeting
    present: list[str] = field(default_factory=list)
    excused: list[tuple[str, str]] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return len(self.present) + len(self.excused) + len(self.absent)


@dataclass
class MemberLine:
    """A member's year in the organization: meetings attended by kind, and class hours."""

    name: str
    attended: Counter = field(default_factory=Counter)
    hours: Decimal = Decimal(0)


@dataclass
class Year:
    organization: PartyOrganization
    year: int
    records: list[MeetingRecord]
    members: list[MemberLine]
    training_hours: int

    @property
    def people(self) -> int:
        """How many people the files name (the audit's count)."""
        return len(self.members)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """[1 January, 1 January of the next year)."""
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def training_hours_on(day: dt.date) -> int:
    """The yearly class hours each member is expected to earn, by the rule in force on `day`."""
    rule = rules.rule_on(rules.TRAINING_HOURS.code, day)
    return int((rule or rules.TRAINING_HOURS).current())


def read_year(organization: PartyOrganization, year: int) -> Year:
    """The organization's meetings of `year` by date with their rolls, and each member who was
    on its roll that year or on a meeting's roll."""
    start, end = year_bounds(year)
    meetings = list(
        Meeting.objects.filter(organization=organization, date__gte=start, date__lt=end)
        .select_related("host", "recorder", "party_group")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("member").order_by("member__name_pinyin"))
        )
        .order_by("date", "start_time", "pk")
    )
    records = []
    lines: dict[int, MemberLine] = {}
    for m in (
        Member.objects.filter(
            pk__in=Membership.objects.overlapping(start, end).filter(organization=organization).values("member")
        )
        .order_by("name_pinyin")
        .only("pk", "name")
    ):
        lines[m.pk] = MemberLine(m.name)
    for meeting in meetings:
        record = MeetingRecord(meeting)
        for a in meeting.attendance.all():
            line = lines.setdefault(a.member_id, MemberLine(a.member.name))
            if a.status == AttendanceStatus.PRESENT:
                record.present.append(a.member.name)
                line.attended[meeting.kind] += 1
                line.hours += meeting.hours or 0
            elif a.status == AttendanceStatus.EXCUSED:
                record.excused.append((a.member.name, a.reason))
            else:
                record.absent.append(a.member.name)
        records.append(record)
    last_day = min(end - dt.timedelta(days=1), max(start, clock.today()))
    return Year(organization, year, records, list(lines.values()), training_hours_on(last_day))


# -- the words of the paper ledger ----------------------------------------------------------------


def _when(meeting: Meeting) -> str:
    day = f"{meeting.date.year}年{meeting.date.month}月{meeting.date.day}日"
    if meeting.start_time and meeting.end_time:
        return f"{day} {meeting.start_time:%H:%M}—{meeting.end_time:%H:%M}"
    if meeting.start_time:
        return f"{day} {meeting.start_time:%H:%M}"
    return day


def _hours(value) -> str:
    return "" if value is None else f"{Decimal(value).normalize():f}"


def _quorate(meeting: Meeting) -> str:
    return {True: "是", False: "否"}.get(meeting.quorate, "—")


def _excused(record: MeetingRecord) -> str:
    return "；".join(f"{name}（{reason}）" if reason.strip() else name for name, reason in record.excused) or "无"


def _number(n: int) -> str:
    """Chinese numerals for a meeting's number in the ledger (1–99)."""
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return f"{NUMERALS[tens] if tens > 1 else ''}十{NUMERALS[ones] if ones else ''}" if n < 100 else str(n)


def _record_fields(record: MeetingRecord) -> list[tuple[str, str]]:
    m = record.meeting
    kind = str(m.get_kind_display())
    rows = [
        ("会议名称", f"{m.date.year}年{m.date.month}月{kind}" + (f"（{m.party_group.name}）" if m.party_group else "")),
        ("时间", _when(m)),
        ("地点", m.place or ""),
        ("主持人", m.host.name if m.host else ""),
        ("记录人", m.recorder.name if m.recorder else ""),
        ("应到人数", f"{record.expected}人"),
        ("实到人数", f"{len(record.present)}人" + ("" if m.quorate is None else f"（达到法定人数：{_quorate(m)}）")),
        ("出席人员", "、".join(record.present) or "无"),
        ("请假人员及原因", _excused(record)),
        ("缺席人员", "、".join(record.absent) or "无"),
    ]
    if m.kind == MeetingKind.LECTURE or m.lecturer:
        rows.append(("讲课人", m.lecturer))
    if m.hours is not None:
        rows.append(("学时", _hours(m.hours)))
    rows += [("会议议题", m.topic), ("会议内容", m.content), ("决议事项", m.decisions or "无")]
    return rows


def kind_counts(records: list[MeetingRecord]) -> list[tuple[str, str, str]]:
    held = Counter(r.meeting.kind for r in records)
    hours: dict[str, Decimal] = {}
    for r in records:
        if r.meeting.hours is not None:
            hours[r.meeting.kind] = hours.get(r.meeting.kind, Decimal(0)) + r.meeting.hours
    return [
        (str(label), str(held[kind]), _hours(hours.get(kind)) or "—")
        for kind, label in MeetingKind.choices
        if held[kind]
    ]


def ledger_docx(year: Year) -> bytes:
    org, records = year.organization, year.records
    doc = docx.new(a4=True)
    for _ in range(6):
        docx.paragraph(doc, "")
    docx.paragraph(doc, org.name, size=22, bold=True, center=True)
    docx.paragraph(doc, f"{year.year}年度组织生活台账", size=26, bold=True, center=True)
    docx.paragraph(doc, "（三会一课、主题党日、组织生活会等会议记录）", size=14, center=True)
    for _ in range(8):
        docx.paragraph(doc, "")
    docx.paragraph(doc, f"共记录会议{len(records)}次", size=14, center=True)
    docx.paragraph(doc, f"打印时间：{timezone.localtime():%Y年%m月%d日}", size=14, center=True)

    docx.page_break(doc)
    docx.paragraph(doc, "目  录", size=16, bold=True, center=True)
    docx.paragraph(doc, "一、按类别统计", size=12, bold=True)
    counts = kind_counts(records) or [("无会议记录", "0", "—")]
    docx.table(doc, ("类别", "次数", "学时"), counts, size=10.5, widths_cm=(7, 5, 5))
    docx.paragraph(doc, "二、会议记录（按时间）", size=12, bold=True)
    contents = [
        (str(number), f"{r.meeting.date:%Y-%m-%d}", r.meeting.get_kind_display(), r.meeting.topic)
        for number, r in enumerate(records, start=1)
    ]
    docx.table(doc, ("序号", "日期", "类别", "会议议题"), contents, size=10.5, widths_cm=(1.5, 2.8, 3.4, 9.3))

    for number, record in enumerate(records, start=1):
        docx.page_break(doc)
        docx.paragraph(doc, f"会议记录（{_number(number)}）", size=16, bold=True, center=True)
        docx.fields(doc, _record_fields(record), size=12, heights=RECORD_HEIGHTS)
        docx.paragraph(doc, "")
        docx.paragraph(doc, "记录人签字：______________        主持人签字：______________", size=12)
    return docx.to_bytes(doc)


MEETING_HEADERS = [
    "序号",
    "日期",
    "类别",
    "会议议题",
    "主持人",
    "应到人数",
    "实到人数",
    "请假人数",
    "缺席人数",
    "学时",
    "达到法定人数",
]


def summary_xlsx(year: Year) -> bytes:
    org, records = year.organization, year.records
    book = Book()
    sheet = book.sheet("会议一览")
    sheet.widths({1: 5, 2: 11, 3: 13, 4: 36, 5: 9, 6: 8, 7: 8, 8: 8, 9: 8, 10: 6, 11: 12})
    sheet.append([f"{org.name}{year.year}年度组织生活会议一览"], style=Style(bold=True, size=14))
    sheet.append(MEETING_HEADERS, style=BOLD)
    for number, r in enumerate(records, start=1):
        m = r.meeting
        sheet.append(
            [
                number,
                m.date,
                m.get_kind_display(),
                m.topic,
                m.host.name if m.host else "",
                r.expected,
                len(r.present),
                len(r.excused),
                len(r.absent),
                float(m.hours) if m.hours is not None else None,
                _quorate(m),
            ]
        )
    sheet.freeze("A3")
    sheet.print_a4(landscape=True, repeat_rows="2:2")

    kinds = MeetingKind.choices
    people = book.sheet("党员参加情况")
    people.widths({1: 10, **{i: 9 for i in range(2, len(kinds) + 6)}})
    people.append(
        [f"{org.name}{year.year}年度党员参加组织生活情况（学时要求：每年不少于{year.training_hours}学时）"],
        style=Style(bold=True, size=14),
    )
    people.append(["姓名", *(str(label) for _, label in kinds), "合计", "学时", "学时要求", "是否达到"], style=BOLD)
    for line in year.members:
        hours = float(line.hours)
        people.append(
            [
                line.name,
                *(line.attended[kind] for kind, _ in kinds),
                sum(line.attended.values()),
                hours,
                year.training_hours,
                "达到" if hours >= year.training_hours else "未达到",
            ]
        )
    people.freeze("B3")
    people.print_a4(landscape=True, repeat_rows="2:2")
    return book.to_bytes()


# -- the downloads --------------------------------------------------------------------------------


def _record_export(year: Year, kind: str, acting_user) -> None:
    member_services.do_record_export(
        kind=kind,
        count=year.people,
        revealed=False,
        query=f"{kind}:{year.organization.pk}:{year.year}",
        acting_user=acting_user,
    )


def _file_name(year: Year, kind: str, ext: str) -> str:
    return download_name(kind, scope=f"{year.organization.name}-{year.year}年度", ext=ext)


def ledger_response(organization: PartyOrganization, year: int, *, acting_user):
    """The ledger of `organization`'s `year` as a download, audited as an export of people."""
    with translation.override(settings.LANGUAGE_CODE):  # an official format: Chinese whoever prints it
        data = read_year(organization, year)
        content = ledger_docx(data)
    _record_export(data, ExportKind.ORGLIFE_LEDGER, acting_user)
    return docx_response(content, _file_name(data, ExportKind.ORGLIFE_LEDGER, "docx"))


def summary_response(organization: PartyOrganization, year: int, *, acting_user):
    """The summary workbook of `organization`'s `year` as a download, audited likewise."""
    with translation.override(settings.LANGUAGE_CODE):
        data = read_year(organization, year)
        content = summary_xlsx(data)
    _record_export(data, ExportKind.ORGLIFE_SUMMARY, acting_user)
    return xlsx_response(content, _file_name(data, ExportKind.ORGLIFE_SUMMARY, "xlsx"))
