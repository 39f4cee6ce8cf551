"""The annual report as a workbook in the layout of the standard tables: one sheet per table,
each headed by its number, title, scope and day, with the columns 项目 / 本年 / 占比 / 上年 / 增减 /
说明 — the clerk's explanations travel with the figures they explain."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.xlsx import BOLD, Book, Style
from reports.annual import AnnualReport, tables

FLAGGED = Style(fill="FCE4D6")
NO_DATA = "—"


def _shown(value: int | Decimal | None) -> int | Decimal | str:
    return NO_DATA if value is None else value


def workbook(report: AnnualReport) -> bytes:
    book = Book()
    flagged = {flag.key for flag in report.flags}
    for number, table in enumerate(tables(), start=1):
        sheet = book.sheet(_("Table %(n)s %(title)s") % {"n": number, "title": table.title})
        sheet.widths({1: 44, 2: 12, 3: 10, 4: 12, 5: 10, 6: 50})
        sheet.append(
            (_("Table %(n)s %(title)s") % {"n": number, "title": table.title},), style=Style(bold=True, size=14)
        )
        heading = _("Scope: %(scope)s  As of: %(day)s") % {"scope": report.scope.name, "day": report.as_of.isoformat()}
        if report.filing:
            heading += "  " + _("Filed on %(day)s") % {"day": report.filing.filed_on.isoformat()}
        sheet.append((heading,))
        sheet.append(
            (
                _("Item"),
                _("This year"),
                _("Share (%)"),
                _("Last year"),
                pgettext("year on year", "Change"),
                _("Explanation"),
            ),
            style=BOLD,
        )
        for row in table.rows:
            if not row.key:
                sheet.append((str(row.label),), style=BOLD)
                continue
            value, last = report.figures.get(row.key), report.last.get(row.key)
            change = None if value is None or last is None else value - last
            share = report.share(row.key, row.share_of) if row.share_of else None
            sheet.append(
                (
                    "    " * row.indent + str(row.label),
                    _shown(value),
                    "" if share is None else share,
                    _shown(last),
                    "" if change is None else change,
                    report.explanations.get(row.key, ""),
                ),
                style=FLAGGED if row.key in flagged else None,
            )
        if table.key == "changes":
            figures = report.figures
            sheet.append(())
            sheet.append(
                (
                    _("Start %(start)s + increases %(inc)s − decreases %(dec)s = end %(end)s: %(verdict)s")
                    % {
                        "start": figures["changes.start"],
                        "inc": figures["changes.increase.total"],
                        "dec": figures["changes.decrease.total"],
                        "end": figures["changes.end"],
                        "verdict": _("reconciles") if report.reconciles else _("does not reconcile"),
                    },
                )
            )
        if table.note:
            sheet.append(())
            sheet.append((str(table.note),))
        sheet.freeze("A4")
        sheet.print_a4(repeat_rows="1:3")
    return book.to_bytes()
