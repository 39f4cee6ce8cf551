"""An applicant's nationality, degree and occupation category (issue 22): entered with the
application, shown on the record, and carried to the member record on admission."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import make_id_number
from development.models import Candidate
from development.tests.test_rules import admitted

TODAY = "2028-06-30"


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY


def application(registry, **over):
    return {
        "name": "钱小二",
        "id_number": make_id_number(dt.date(1998, 3, 3)),
        "phone": "13900001111",
        "ethnicity": "15",
        "education": "postgraduate",
        "degree": "master",
        "work_post": "科员",
        "occupation": "official",
        "applied_on": "2025-01-06",
    } | over


def test_the_branch_registers_an_application_with_the_statistics_fields(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    response = client.post(reverse("development:apply", args=[registry.branch_a.pk]), application(registry))
    candidate = Candidate.objects.get(name="钱小二")
    assert response["Location"] == reverse("development:candidate", args=[candidate.pk])
    assert (candidate.ethnicity, candidate.degree, candidate.occupation) == ("15", "master", "official")
    page = client.get(response["Location"]).content.decode()
    assert "土家族" in page and "硕士" in page and "党政机关工作人员" in page


def test_an_application_names_a_nationality_of_the_code_table(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    url = reverse("development:apply", args=[registry.branch_a.pk])
    for ethnicity in ("", "土家族", "99"):
        assert client.post(url, application(registry, ethnicity=ethnicity)).status_code == 200
    assert not Candidate.objects.exists()


def test_admission_copies_nationality_degree_and_occupation_to_the_member(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    client.post(reverse("development:apply", args=[registry.branch_a.pk]), application(registry))
    candidate = admitted(registry, Candidate.objects.get(name="钱小二"))
    member = candidate.member
    assert (member.ethnicity, member.education, member.degree, member.occupation, member.work_post) == (
        "15",
        "postgraduate",
        "master",
        "official",
        "科员",
    )
