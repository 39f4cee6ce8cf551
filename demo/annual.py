"""The committee's annual statistics report of 2024, filed by its organization section in
January 2025 (报送), as it would have been: the 2025 report the demo opens on then compares with
filed figures, and the year before shows what a filed year looks like. Each figure of 2024
beyond the review thresholds carries the clerk's explanation first, as filing asks."""

import datetime as dt

from django.utils import translation

from accounts.models import User
from orgs.models import WorkingCommittee
from reports import annual
from reports.services import do_file_report, do_write_explanation

YEAR = 2024
FILED_ON = dt.date(2025, 1, 20)


def build(committee: WorkingCommittee) -> dict[str, int]:
    clerk = User.objects.get(username="zuzhike")
    scope = annual.Scope.of(committee)
    labels = {row.key: row.label for table in annual.tables() for row in table.rows}
    flags = annual.build(YEAR, scope).flags
    with translation.override("zh-hans"):
        for flag in flags:
            change = flag.value - flag.last
            text = (
                f"{labels[flag.key]}较上年{'增加' if change > 0 else '减少'}{abs(change)}，"
                "已与党员名册、党籍变动和发展党员记录逐项核对。"
            )
            do_write_explanation(scope.root, YEAR, flag.key, text, acting_user=clerk)
    filing = do_file_report(scope, YEAR, day=FILED_ON, acting_user=clerk)
    return {"year": YEAR, "explained": len(flags), "members": filing.figures["members.total"]}
