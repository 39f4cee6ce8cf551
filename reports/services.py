"""The one writer of the annual report's records: the explanations (审核要点的说明), written,
changed or cleared by the clerk of the scope, and the filings (报送), each audited."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import record
from core import clock
from core.errors import DomainError
from orgs.models import PartyOrganization
from reports import annual
from reports.models import Explanation, Filing


def do_write_explanation(organization: PartyOrganization, year: int, figure: str, text: str, *, acting_user) -> bool:
    """Set the explanation of `figure` in `organization`'s report of `year` to `text` (cleared
    when empty). Whether anything changed: nothing is written or audited otherwise. Refused once
    the year's report is filed: what was filed went with its explanations."""
    with transaction.atomic():
        if Filing.objects.filter(organization=organization, year=year).exists():
            raise DomainError(_("This report has been filed: withdraw the filing to change its explanations."))
        current = Explanation.objects.select_for_update().filter(organization=organization, year=year, figure=figure)
        old = current.first()
        if (old.text if old else "") == text:
            return False
        if not text:
            current.delete()
        elif old is None:
            Explanation.objects.create(
                organization=organization, year=year, figure=figure, text=text, written_by=acting_user
            )
        else:
            old.text, old.written_by = text, acting_user
            old.save(update_fields=["text", "written_by", "written_at"])
        record(
            "reports.explanation.write",
            actor=acting_user,
            target=organization,
            organization=organization,
            old={"year": year, "figure": figure, "text": old.text if old else ""},
            new={"year": year, "figure": figure, "text": text},
        )
    return True


def do_file_report(scope: annual.Scope, year: int, *, day: dt.date | None = None, acting_user) -> Filing:
    """File the scope's report of `year` (报送) on `day` (today): every figure as the records
    give it now, kept as filed. Refused for a year not over, a year filed already, figures that
    do not reconcile and figures flagged for an explanation that has not been written."""
    day = day or clock.today()
    if year >= day.year:
        raise DomainError(_("The year is not over: its report cannot be filed yet."))
    with transaction.atomic():
        PartyOrganization.objects.select_for_update().get(pk=scope.root.pk)  # one filing at a time
        if Filing.objects.filter(organization=scope.root, year=year).exists():
            raise DomainError(_("This report has been filed already."))
        report = annual.build(year, scope)
        if not report.reconciles:
            raise DomainError(_("The figures do not reconcile: correct the records before filing."))
        unexplained = sum(1 for flag in report.flags if not flag.explanation)
        if unexplained:
            raise DomainError(
                ngettext(
                    "%(n)s flagged figure has no explanation yet: explain it before filing.",
                    "%(n)s flagged figures have no explanation yet: explain them before filing.",
                    unexplained,
                )
                % {"n": unexplained}
            )
        filing = Filing.objects.create(
            organization=scope.root, year=year, figures=report.figures, filed_on=day, filed_by=acting_user
        )
        record(
            "reports.filing.file",
            actor=acting_user,
            target=scope.root,
            organization=scope.root,
            new={"year": year, "filed_on": day.isoformat(), "members": report.figures["members.total"]},
        )
    return filing


def do_withdraw_filing(scope: annual.Scope, year: int, *, acting_user) -> None:
    """Withdraw the scope's filing of `year` (to correct the records and file again); the
    figures withdrawn stay in the audit trail."""
    with transaction.atomic():
        filing = Filing.objects.select_for_update().filter(organization=scope.root, year=year).first()
        if filing is None:
            raise DomainError(_("This report has not been filed."))
        filing.delete()
        record(
            "reports.filing.withdraw",
            actor=acting_user,
            target=scope.root,
            organization=scope.root,
            old={"year": year, "filed_on": filing.filed_on.isoformat(), "figures": filing.figures},
        )
