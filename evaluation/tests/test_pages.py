"""The evaluation's pages: a branch's officers record, a member sees only their own results,
another branch's round is not found."""

import datetime as dt

from django.urls import reverse

from accounts.roles import Role
from conftest import make_user
from evaluation import services
from evaluation.models import Grade

DAY = dt.date(2026, 6, 1)


def open_round(branch):
    return services.do_open_round(branch, day=DAY, acting_user=None)


def test_the_branch_secretary_records_a_verdict_on_the_rounds_page(registry, branch_secretary, client_for):
    evaluation = open_round(registry.branch_a)
    client = client_for(branch_secretary)
    page = client.get(reverse("evaluation:round", args=[evaluation.pk])).content.decode()
    assert "张三" in page and "赵六" in page
    assert "预备党员·不评定等次" in page  # needs the catalogue
    row = evaluation.participants.get(member=registry.zhang_san)
    response = client.post(
        reverse("evaluation:participant", args=[row.pk]),
        {
            "self_assessed": "on",
            "mutual_assessed": "on",
            "votes_excellent": 2,
            "votes_qualified": 2,
            "votes_basically_qualified": 0,
            "votes_unqualified": 0,
            "grade": Grade.EXCELLENT,
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.grade == Grade.EXCELLENT and row.votes == (2, 2, 0, 0)
    # 3 full members: one third is 1, so the cap reads 1/1
    assert "1/1" in client.get(reverse("evaluation:round", args=[evaluation.pk])).content.decode()


def test_the_form_offers_no_grade_for_a_probationary_member(registry, branch_secretary, client_for):
    evaluation = open_round(registry.branch_a)
    row = evaluation.participants.get(member=registry.zhao_liu)
    client = client_for(branch_secretary)
    form = client.get(reverse("evaluation:participant", args=[row.pk])).content.decode()
    assert 'value="qualified"' not in form
    response = client.post(
        reverse("evaluation:participant", args=[row.pk]),
        {
            "votes_excellent": 0,
            "votes_qualified": 3,
            "votes_basically_qualified": 0,
            "votes_unqualified": 0,
            "grade": Grade.QUALIFIED,
        },
    )
    assert response.status_code == 200  # refused beside the field
    row.refresh_from_db()
    assert row.grade == ""


def test_a_member_sees_only_their_own_results(registry, plain_member, client_for):
    evaluation = open_round(registry.branch_a)
    for p in evaluation.participants.filter(probationary=False):
        services.do_record_evaluation(
            p,
            self_assessed=True,
            self_assessment="",
            mutual_assessed=True,
            votes=(0, 0, 0, 0),
            grade=Grade.EXCELLENT if p.member == registry.zhang_san else Grade.QUALIFIED,
            acting_user=None,
        )
    services.do_conclude_round(evaluation, day=DAY, meeting="", acting_user=None)
    client = client_for(plain_member)  # 李四
    mine = client.get(reverse("evaluation:mine")).content.decode()
    assert "2026" in mine and "张三" not in mine
    assert "合格" in mine and "优秀" not in mine  # needs the catalogue
    assert client.get(reverse("evaluation:round", args=[evaluation.pk])).status_code == 404


def test_another_branchs_round_is_not_found(registry, client_for):
    evaluation = open_round(registry.branch_b)
    secretary_a = make_user("secretary_a", Role.ORG_ADMIN, registry.branch_a)
    client = client_for(secretary_a)
    row = evaluation.participants.first()
    assert client.get(reverse("evaluation:round", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("evaluation:participant", args=[row.pk])).status_code == 404
    assert client.get(reverse("evaluation:round_xlsx", args=[evaluation.pk])).status_code == 404


def test_the_results_download_is_an_audited_export(registry, branch_secretary, client_for):
    from audit.models import AuditEvent

    evaluation = open_round(registry.branch_a)
    response = client_for(branch_secretary).get(reverse("evaluation:round_xlsx", args=[evaluation.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="members.exported").latest("pk")
    assert event.new["kind"] == "evaluation" and event.new["rows"] == 4


def test_the_member_record_shows_the_members_results(registry, branch_secretary, client_for):
    evaluation = open_round(registry.branch_a)
    for p in evaluation.participants.filter(probationary=False):
        services.do_record_evaluation(
            p,
            self_assessed=True,
            self_assessment="",
            mutual_assessed=True,
            votes=(0, 0, 0, 0),
            grade=Grade.QUALIFIED,
            acting_user=None,
        )
    services.do_conclude_round(evaluation, day=DAY, meeting="", acting_user=None)
    page = client_for(branch_secretary).get(reverse("members:member", args=[registry.zhang_san.pk])).content.decode()
    assert "2026：合格" in page  # needs the catalogue


def test_the_rounds_of_a_year_are_listed_for_the_committee(registry, clerk, client_for):
    open_round(registry.branch_a)
    open_round(registry.branch_c)
    page = client_for(clerk).get(reverse("evaluation:index") + "?year=2026").content.decode()
    assert "财政局第一支部" in page and "教委第一支部" in page and "共2条" in page  # needs the catalogue


def test_the_rounds_page_reads_the_same_number_of_queries_for_a_larger_roll(
    registry, branch_secretary, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(branch_secretary)
    small = open_round(registry.branch_a)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("evaluation:round", args=[small.pk]))
    for n in range(10):
        registry.member(f"新党员{n}", registry.branch_a)
    larger = services.do_open_round(registry.branch_a, day=dt.date(2027, 6, 1), acting_user=None)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("evaluation:round", args=[larger.pk]))


def test_the_whole_rolls_appraisal_is_recorded_on_one_page(registry, branch_secretary, client_for):
    evaluation = open_round(registry.branch_a)
    rows = list(evaluation.participants.all())
    data = {}
    for p in rows:
        data |= {f"self_assessed_{p.pk}": "on", f"votes_excellent_{p.pk}": 1, f"votes_qualified_{p.pk}": 3}
        data |= {f"votes_basically_qualified_{p.pk}": 0, f"votes_unqualified_{p.pk}": 0}
    client = client_for(branch_secretary)
    response = client.post(reverse("evaluation:roll_edit", args=[evaluation.pk]), data)
    assert response.status_code == 302
    assert all(
        p.self_assessed and not p.mutual_assessed and p.votes == (1, 3, 0, 0) for p in evaluation.participants.all()
    )
    data[f"votes_qualified_{rows[0].pk}"] = 9  # 10 votes from a roll of 4
    page = client.post(reverse("evaluation:roll_edit", args=[evaluation.pk]), data).content.decode()
    assert "测评共计10票，但参评名单只有4人" in page  # needs the catalogue
    rows[0].refresh_from_db()
    assert rows[0].votes == (1, 3, 0, 0)
