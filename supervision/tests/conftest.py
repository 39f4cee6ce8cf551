import datetime as dt

import pytest

from supervision import services


@pytest.fixture(autouse=True)
def today(settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-03-02"
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def reporting(registry):
    """2025's reporting, opened on 2026-01-05 with the rule's deadline 2026-01-31: the committee
    leads 财政局机关党委 and 教委党委 directly."""
    return services.do_open_reporting(2025, day=dt.date(2026, 1, 5), acting_user=None)


@pytest.fixture
def opc_report(reporting, registry):
    return reporting.reports.get(organization=registry.opc)


@pytest.fixture
def inspection(registry):
    return services.do_create_inspection(
        topic="“三会一课”落实情况专题督查",
        year=2026,
        organizations=[registry.opc, registry.branch_a],
        starts_on=dt.date(2026, 1, 12),
        ends_on=dt.date(2026, 1, 23),
        acting_user=None,
    )


@pytest.fixture
def item(inspection, registry):
    finding = services.do_add_finding(
        inspection, organization=registry.branch_a, text="2025年党课次数不足", acting_user=None
    )
    return services.do_add_item(
        finding,
        text="制定党课计划并按季度落实",
        responsible="支部书记",
        deadline=dt.date(2026, 2, 28),
        acting_user=None,
    )


SECTIONS = {"responsibility": "书记抓党建责任落实到位", "problems": "党员教育方式单一", "plans": "2026年加强理论学习"}


def submit(report, *, day=dt.date(2026, 1, 20), **kwargs):
    kwargs.setdefault("summary", "2025年度党建工作总结")
    kwargs.setdefault("sections", SECTIONS)
    return services.do_submit_report(report, day=day, acting_user=None, **kwargs)
