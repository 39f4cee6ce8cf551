"""The committee's activities: the yearly check counts by kind against the minimums; the
committee's staff record them, a branch secretary reads but cannot edit."""

import datetime as dt

from django.urls import reverse

from activities import queries, services
from activities.models import Activity, ActivityKind


def activity(kind, day, title="活动"):
    return services.do_save_activity(Activity(organizer="union", kind=kind, title=title, date=day), acting_user=None)


def test_the_yearly_check_counts_each_kind_of_the_year_against_its_minimum(db):
    activity(ActivityKind.CULTURAL_SPORTS, dt.date(2026, 4, 20))
    activity(ActivityKind.CULTURAL_SPORTS, dt.date(2026, 10, 1))
    activity(ActivityKind.YOUTH, dt.date(2026, 5, 4))
    activity(ActivityKind.VISIT, dt.date(2025, 7, 1))  # another year
    checks = {c.kind: (c.held, c.minimum, c.met) for c in queries.yearly_check(2026)}
    assert checks == {
        ActivityKind.CULTURAL_SPORTS: (2, 2, True),
        ActivityKind.VISIT: (0, 1, False),
        ActivityKind.YOUTH: (1, 2, False),
    }


def test_an_activity_planned_for_later_in_the_year_is_not_yet_held(db, settings):
    settings.DANGJIAN_TODAY = "2026-09-01"
    activity(ActivityKind.CULTURAL_SPORTS, dt.date(2026, 4, 20))
    activity(ActivityKind.CULTURAL_SPORTS, dt.date(2026, 10, 1))  # the National Day gala, ahead
    checks = {c.kind: (c.held, c.met) for c in queries.yearly_check(2026)}
    assert checks[ActivityKind.CULTURAL_SPORTS] == (1, False)


def test_a_locality_sets_its_own_minimums(db, settings):
    settings.DANGJIAN_RULES = {"activities_visit_min": 0}
    assert {c.kind: c.met for c in queries.yearly_check(2026)}[ActivityKind.VISIT] is True


def test_the_clerk_records_an_activity_and_its_participants_by_organization(registry, clerk, client_for):
    client = client_for(clerk)
    response = client.post(
        reverse("activities:create"),
        {"organizer": "youth_league", "kind": "youth", "title": "青年志愿服务", "date": "2026-05-04", "place": "滨江"},
    )
    assert response.status_code == 302
    a = Activity.objects.get(title="青年志愿服务")
    for org, people in ((registry.branch_a, 12), (registry.branch_c, 8)):
        client.post(reverse("activities:participation", args=[a.pk]), {"organization": org.pk, "people": people})
    page = client.get(reverse("activities:activity", args=[a.pk])).content.decode()
    assert "财政局第一支部" in page and "教委第一支部" in page
    assert a.participations.count() == 2 and queries.of_year(2026).get().total == 20
    index = client.get(reverse("activities:index") + "?year=2026").content.decode()
    assert "青年志愿服务" in index and "1/2" in index


def test_a_branch_secretary_reads_but_cannot_edit(registry, branch_secretary, client_for):
    a = activity(ActivityKind.VISIT, dt.date(2026, 6, 1), title="参观红岩村")
    client = client_for(branch_secretary)
    assert "参观红岩村" in client.get(reverse("activities:index") + "?year=2026").content.decode()
    assert client.get(reverse("activities:create")).status_code == 403
    assert client.get(reverse("activities:edit", args=[a.pk])).status_code == 403
    response = client.post(
        reverse("activities:participation", args=[a.pk]), {"organization": registry.branch_a.pk, "people": 3}
    )
    assert response.status_code == 403
    assert not a.participations.exists()
