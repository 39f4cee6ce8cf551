"""A round's results as .xlsx (民主评议结果): written through `core.xlsx`, audited as an export
of people (`members.services.do_record_export`, kind `evaluation`)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.export import ExportKind, download_name, xlsx_response
from core.xlsx import BOLD, Book, Style
from evaluation.models import EvaluationRound, Participant
from members.services import do_record_export


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def round_xlsx(evaluation: EvaluationRound, roll: list[Participant], *, acting_user) -> HttpResponse:
    headers = [
        _("No."),
        _("Name"),
        _("category"),
        _("self-assessment received"),
        _("mutual assessment done"),
        _("votes for excellent"),
        _("votes for qualified"),
        _("votes for basically qualified"),
        _("votes for unqualified"),
        _("verdict"),
        _("follow-up"),
    ]
    book = Book()
    sheet = book.sheet(str(ExportKind.EVALUATION.label))
    sheet.widths({1: 6, 2: 14, 3: 12, 4: 10, 5: 10, 6: 8, 7: 8, 8: 8, 9: 8, 10: 14, 11: 24})
    sheet.append([str(evaluation)], style=Style(bold=True, size=14))
    status = evaluation.get_status_display()
    if evaluation.concluded_on:
        status = f"{status} {evaluation.concluded_on:%Y-%m-%d}"
    sheet.append([f"{evaluation.date:%Y-%m-%d}", status, evaluation.meeting])
    sheet.append(headers, style=BOLD)
    for n, p in enumerate(roll, start=1):
        sheet.append(
            [
                n,
                p.member.name,
                _("Probationary member") if p.probationary else _("Full member"),
                _yes(p.self_assessed),
                _yes(p.mutual_assessed),
                *p.votes,
                _("not graded") if p.probationary else p.get_grade_display(),
                p.get_follow_up_display(),
            ]
        )
    sheet.print_a4(landscape=True, repeat_rows="3:3")
    do_record_export(
        kind=ExportKind.EVALUATION,
        count=len(roll),
        revealed=False,
        query=f"evaluation:{evaluation.pk}",
        acting_user=acting_user,
    )
    name = download_name(
        ExportKind.EVALUATION.label, scope=f"{evaluation.organization.name}-{evaluation.year}", ext="xlsx"
    )
    return xlsx_response(book.to_bytes(), name)
