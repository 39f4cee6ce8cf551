"""The committee's oversight as figures of the indicator registry (reports.indicators): what the
assessment's computed items and the campaigns' criteria read."""

import datetime as dt
from decimal import Decimal

from reports.indicators import source
from supervision import services
from supervision.tests.conftest import submit


def test_a_report_counts_once_due_and_on_time_only_when_submitted_by_the_deadline(registry, settings, opc_report):
    settings.DANGJIAN_TODAY = "2026-01-20"
    figures = source("supervision.reports_on_time").figures(2025, [registry.opc, registry.working])
    assert figures[registry.opc.pk].value is None  # not yet due: nobody is behind
    submit(opc_report, day=dt.date(2026, 1, 20))
    figures = source("supervision.reports_on_time").figures(2025, [registry.opc, registry.working])
    assert (figures[registry.opc.pk].value, figures[registry.opc.pk].count) == (Decimal(100), 1)
    settings.DANGJIAN_TODAY = "2026-03-02"
    # past the deadline, the committee's subtree counts every report due: 教委党委's is missing
    whole = source("supervision.reports_on_time").figures(2025, [registry.working])[registry.working.pk]
    assert (whole.count, whole.of) == (1, 2)


def test_rectification_items_count_when_closed_or_overdue(registry, item, settings):
    settings.DANGJIAN_TODAY = "2026-02-10"
    figure = source("supervision.rectified").figures(2026, [registry.opc])[registry.opc.pk]
    assert figure.value is None  # within its deadline
    settings.DANGJIAN_TODAY = "2026-03-02"
    figure = source("supervision.rectified").figures(2026, [registry.opc])[registry.opc.pk]
    assert (figure.value, figure.count, figure.of) == (Decimal(0), 0, 1)  # branch_a's item, overdue
    services.do_report_item(item, note="已制定计划", day=dt.date(2026, 3, 2), acting_user=None)
    services.do_accept_item(item, acting_user=None)
    figure = source("supervision.rectified").figures(2026, [registry.opc])[registry.opc.pk]
    assert (figure.value, figure.count, figure.of) == (Decimal(100), 1, 1)
