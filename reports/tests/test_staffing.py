import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from orgs.models import Post
from reports import staffing


def post(registry, member, role, full_time=False, rank=""):
    return Post.objects.create(
        member=member,
        organization=registry.opc,
        role=role,
        full_time=full_time,
        rank=rank,
        valid_from=dt.date(2020, 1, 1),
    )


def test_a_part_time_secretary_without_a_full_time_deputy_and_staff_falls_short(registry):
    post(registry, registry.zhang_san, "secretary")
    report = staffing.check(type(registry.opc).objects.all(), dt.date(2026, 1, 1))
    [short] = report.shortfalls
    assert short.organization == registry.opc
    assert short.missing == [staffing.MISSING_DEPUTY, staffing.MISSING_STAFF]


def test_a_full_time_secretary_at_deputy_division_and_one_staff_member_comply(registry):
    post(registry, registry.zhang_san, "secretary", True, "deputy_division")
    post(registry, registry.li_si, "staff", True, "clerk")
    report = staffing.check(type(registry.opc).objects.all(), dt.date(2026, 1, 1))
    assert (report.total, report.compliant, report.shortfalls) == (1, 1, [])


def test_a_part_time_secretary_paired_with_a_full_time_section_level_deputy_complies(registry):
    post(registry, registry.zhang_san, "secretary")
    post(registry, registry.wang_wu, "deputy_secretary", True, "section")
    post(registry, registry.li_si, "staff", True)
    assert staffing.check(type(registry.opc).objects.all(), dt.date(2026, 1, 1)).shortfalls == []


def test_the_staffing_command_prints_the_agreed_json(registry):
    out = StringIO()
    call_command("staffing", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == {
        "organ_party_committees": 1,
        "compliant": 0,
        "short": [{"organization": "财政局机关党委", "missing": [staffing.MISSING_SECRETARY, staffing.MISSING_STAFF]}],
    }


def test_the_staffing_page_cites_the_rule(registry, client_for, clerk):
    page = client_for(clerk).get("/stats/staffing/").content.decode()
    assert str(staffing.SOURCE) in page and "财政局机关党委" in page
