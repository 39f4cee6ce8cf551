"""The migration to the code tables of 党内统计 (issue 22), run on members written the old way:
free-text nationalities and posts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import clock
from members.models import Member, UnmappedValue

BEFORE = [("members", "0009_probation_cancelled_events")]


@pytest.mark.django_db(transaction=True)
def test_old_values_are_mapped_and_what_names_nothing_is_kept_for_the_clerk(registry):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("members", "Member")
    r = registry
    old.objects.filter(pk=r.zhang_san.pk).update(ethnicity="汉", work_post="四级主任科员")
    old.objects.filter(pk=r.li_si.pk).update(ethnicity="土家族", work_post="退休干部")
    old.objects.filter(pk=r.wang_wu.pk).update(ethnicity="穿青人", work_post="驾驶员")
    old.objects.filter(pk=r.sun_qi.pk).update(ethnicity="蒙古", work_post="小学教师")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("members"))

    got = {m.name: m for m in Member.objects.filter(pk__in=[r.zhang_san.pk, r.li_si.pk, r.wang_wu.pk, r.sun_qi.pk])}
    assert [got[n].ethnicity for n in ("张三", "李四", "王五", "孙七")] == ["01", "15", "", "02"]
    assert [got[n].occupation for n in ("张三", "李四", "王五", "孙七")] == ["official", "official", "", "professional"]
    # born 1985-05-20: the 60th birthday is still to come, so the day the migration ran
    assert got["李四"].retired_on == clock.today() and got["张三"].retired_on is None
    assert list(UnmappedValue.objects.values_list("member__name", "field", "value")) == [
        ("王五", "ethnicity", "穿青人")
    ]


def test_the_old_value_shows_on_the_page_until_the_field_is_set(registry, client_for, clerk):
    from django.urls import reverse

    from members.services import do_update_member

    member = registry.wang_wu
    Member.objects.filter(pk=member.pk).update(ethnicity="")
    UnmappedValue.objects.create(member=member, field="ethnicity", value="穿青人")
    page = client_for(clerk).get(reverse("members:member", args=[member.pk])).content.decode()
    assert "原记录：穿青人" in page
    member.refresh_from_db()
    member.work_post = "科员"  # an edit of something else keeps it
    do_update_member(member, id_number=None, phone=None, acting_user=None)
    assert UnmappedValue.objects.exists()
    member.ethnicity = "97"
    do_update_member(member, id_number=None, phone=None, acting_user=None)
    assert not UnmappedValue.objects.exists()
