import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from orglife.models import Meeting, MeetingKind

KEYS = ["branch_assembly", "committee", "group", "lecture", "theme_day", "life_meeting", "review"]


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-11-30"


def orglife(*args) -> str:
    out = StringIO()
    call_command("orglife", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_the_shape_of_the_issue(registry):
    Meeting.objects.create(
        organization=registry.branch_a, kind=MeetingKind.THEME_DAY, date=dt.date(2026, 11, 3), topic="主题党日"
    )
    Meeting.objects.create(
        organization=registry.branch_b, kind=MeetingKind.THEME_DAY, date=dt.date(2026, 8, 3), topic="主题党日"
    )
    result = json.loads(orglife("--year", "2026", "--json"))
    assert list(result) == ["year", "organizations", "silent", "study_groups"]
    assert result["year"] == 2026 and result["study_groups"] == []
    assert [o["name"] for o in result["organizations"]] == ["财政局第一支部", "财政局第二支部", "教委第一支部"]
    first = result["organizations"][0]
    assert list(first) == ["id", "name", "held", "expected", "silent_days"]
    assert list(first["held"]) == KEYS and list(first["expected"]) == KEYS
    assert first["held"]["theme_day"] == 1 and first["expected"]["theme_day"] == 11
    assert first["silent_days"] == 27
    assert result["silent"] == [registry.branch_b.pk, registry.branch_c.pk]


def test_an_organization_limits_the_answer_to_its_subtree(registry):
    result = json.loads(orglife("--year", "2026", "--organization", str(registry.pc.pk), "--json"))
    assert [o["id"] for o in result["organizations"]] == [registry.branch_c.pk]
    with pytest.raises(CommandError):
        orglife("--organization", "999999")


def test_without_json_it_prints_a_table(registry):
    out = orglife("--year", "2025")
    assert "财政局第一支部 | 0/4 |" in out and "3" in out.splitlines()[-1]
