"""The printable member roster (党员花名册) of one organization: the people on its roll with
the facts a roster carries (name, sex, birth, ethnicity, education, joining and full-member
dates, post), on A4, as .xlsx and .docx. No ID or phone numbers: a roster is pinned up and
passed round. Every download is audited as an export of a list of people."""

from django.utils import timezone

from core import clock, docx
from core.export import ExportKind, docx_response, download_name, xlsx_response
from core.xlsx import BOLD, Book, Style
from members import services as member_services

HEADERS = ["序号", "姓名", "性别", "出生年月", "民族", "学历", "入党时间", "转正时间", "职务"]
WIDTHS = [5, 10, 5, 9, 7, 10, 11, 11, 26]  # characters, to fit A4 portrait
WHAT = "党员花名册"


def rows(organization, members) -> list[list[str]]:
    """One line per member of `members` (the organization's roll as the user sees it): the post
    is the work post and any current post in the organization, e.g. "科长；支部书记"."""
    today = clock.today()
    party_posts: dict[int, list[str]] = {}
    for post in organization.posts.as_of(today).order_by("role"):
        party_posts.setdefault(post.member_id, []).append(str(post.get_role_display()))
    lines = []
    for number, m in enumerate(members, start=1):
        posts = [p for p in [m.work_post, *party_posts.get(m.pk, [])] if p]
        lines.append(
            [
                str(number),
                m.name,
                str(m.get_gender_display()),
                f"{m.birth_date:%Y.%m}",
                m.get_ethnicity_display(),
                str(m.get_education_display()),
                f"{m.join_date:%Y.%m.%d}",
                f"{m.full_member_date:%Y.%m.%d}" if m.full_member_date else "预备党员",
                "；".join(posts),
            ]
        )
    return lines


def _title(organization) -> str:
    return f"{organization.name}{WHAT}"


def _file_name(organization, ext: str) -> str:
    return download_name(ExportKind.ROSTER, scope=organization.name, ext=ext)


def _record(organization, count: int, fmt: str, acting_user) -> None:
    member_services.do_record_export(
        kind=ExportKind.ROSTER,
        count=count,
        revealed=False,
        query=f"roster:{organization.pk}:{fmt}",
        acting_user=acting_user,
    )


def xlsx(organization, members, *, acting_user):
    lines = rows(organization, members)
    book = Book()
    sheet = book.sheet(WHAT)
    sheet.widths({i: w for i, w in enumerate(WIDTHS, start=1)})
    sheet.append([_title(organization)], style=Style(bold=True, size=14))
    sheet.append([f"截至{clock.today():%Y年%m月%d日}，共{len(lines)}名党员"])
    sheet.append(HEADERS, style=BOLD)
    for line in lines:
        sheet.append(line)
    sheet.print_a4(repeat_rows="3:3")
    _record(organization, len(lines), "xlsx", acting_user)
    return xlsx_response(book.to_bytes(), _file_name(organization, "xlsx"))


def word(organization, members, *, acting_user):
    lines = rows(organization, members)
    doc = docx.new(a4=True)
    docx.paragraph(doc, _title(organization), size=16, bold=True, center=True)
    docx.paragraph(doc, f"截至{clock.today():%Y年%m月%d日}，共{len(lines)}名党员", size=10, right=True)
    docx.table(doc, HEADERS, lines, size=9)
    docx.paragraph(doc, f"打印时间：{timezone.localtime():%Y-%m-%d %H:%M}", size=9, right=True)
    _record(organization, len(lines), "docx", acting_user)
    return docx_response(docx.to_bytes(doc), _file_name(organization, "docx"))
