"""The committee's oversight, as dated data with provenance.

The seed says "机关党组织年度向机关工委报告工作" and names no date. The deadline of a year's annual
work report is therefore a local rule: by default the reports of year Y are due on 31 January
of Y+1 (the month and day set here; a locality changes them in DANGJIAN_RULES
{"annual_report_due": "02-28"}). The committee may still choose another deadline when it opens a
year's reporting; the rule gives the default."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet

REPORT_DUE = Rule(
    "annual_report_due",
    "01-31",
    LOCAL,
    _("Annual work reports to the working committee"),
    local=True,
    verified=True,
    label=_("Annual work reports are due by this day (month-day) of the next year"),
)
ATTACHMENT_MAX_MB = Rule(
    "supervision_attachment_max_mb",
    10,
    LOCAL,
    _("Attachments of reports and inspections"),
    local=True,
    verified=True,
    label=_("Size of a report's or an inspection's attachment (megabytes, at most)"),
)
# The matters of the authority list an inspection may serve: its overdue rectifications are seen
# by the bodies holding a part in it (DIS-02 机关党内监督 by default).
MATTERS = ("DIS-02", "DIS-01", "PRO-01")

RULE_SETS = [RuleSet("supervision_local", LOCAL, dt.date(2000, 1, 1), (REPORT_DUE, ATTACHMENT_MAX_MB))]


def default_deadline(year: int) -> dt.date:
    """The default deadline of year `year`'s reports: the rule's month and day of the next year
    (the last day of the month where the day does not exist, e.g. 02-29)."""
    month, day = (int(part) for part in str(REPORT_DUE.current()).split("-"))
    for d in range(day, 27, -1):
        try:
            return dt.date(year + 1, month, d)
        except ValueError:
            continue
    return dt.date(year + 1, month, 28)
