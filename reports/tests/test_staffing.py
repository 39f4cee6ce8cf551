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


def test_a_scope_without_organ_party_committees_is_not_told_they_all_comply(registry, client_for, branch_secretary):
    page = client_for(branch_secretary).get("/stats/staffing/").content.decode()
    assert "您的范围内没有机关党委，本配备要求不适用" in page
    assert "所有机关党委均符合配备要求" not in page


def test_the_staffing_page_reads_the_posts_of_the_chosen_date(registry, client_for, clerk):
    post(registry, registry.zhang_san, "secretary", True, "deputy_division")
    post(registry, registry.li_si, "staff", True, "clerk")
    client = client_for(clerk)
    assert "1个符合配备要求，0个未达要求" in client.get("/stats/staffing/").content.decode()
    before = client.get("/stats/staffing/", {"as_of": "2019-12-31"}).content.decode()
    assert "截至2019-12-31，共1个机关党委：0个符合配备要求，1个未达要求" in before
