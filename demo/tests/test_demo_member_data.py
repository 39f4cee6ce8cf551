"""The demo's roll looks like a district's organ members in the statistics of 党内统计
(issue 22): its education, occupations, retirement and nationalities in plausible shares."""

import datetime as dt

import pytest
from django.db.models import Count, Q

from core.periods import add_years
from development.models import Candidate, Stage
from members.codes import HAN
from members.models import COLLEGE_OR_ABOVE, Degree, Education, Member, Occupation

pytestmark = pytest.mark.xdist_group("seed_demo")

ANCHOR = dt.date(2026, 11, 1)


def _share(members, q: Q) -> float:
    return members.filter(q).count() / members.count()


@pytest.mark.django_db
def test_the_demo_roll_has_a_plausible_composition(demo):
    roll = Member.objects.active()
    assert _share(roll, Q(education__in=COLLEGE_OR_ABOVE)) > 0.8
    occupations = dict(roll.exclude(occupation="").values_list("occupation").annotate(n=Count("pk")))
    assert max(occupations, key=occupations.get) == Occupation.OFFICIAL
    assert {Occupation.PROFESSIONAL, Occupation.MANAGER, Occupation.WORKER} <= set(occupations)
    assert 0 < roll.filter(occupation="").count() < 0.03 * roll.count()  # for the list's 未填写
    assert 0.05 <= _share(roll, Q(retired_on__lte=ANCHOR)) <= 0.3
    assert 0.02 <= _share(roll, ~Q(ethnicity__in=[HAN, ""])) <= 0.1
    assert {"15", "06"} <= set(roll.values_list("ethnicity", flat=True))  # 土家族, 苗族


@pytest.mark.django_db
def test_demo_degrees_agree_with_education_and_retirement_with_age(demo):
    roll = Member.objects.active()
    assert not roll.filter(degree=Degree.BACHELOR).exclude(education=Education.BACHELOR).exists()
    assert not roll.filter(degree__in=[Degree.MASTER, Degree.DOCTOR]).exclude(education=Education.POSTGRADUATE).exists()
    assert 0.8 <= _share(roll.filter(education=Education.BACHELOR), Q(degree=Degree.BACHELOR)) <= 0.9
    graduates = roll.filter(education=Education.POSTGRADUATE)
    assert _share(graduates, Q(degree=Degree.MASTER)) > 0.8 and graduates.filter(degree=Degree.DOCTOR).exists()
    for birth, retired_on in roll.exclude(retired_on=None).values_list("birth_date", "retired_on"):
        assert retired_on == add_years(birth, 60) <= ANCHOR


@pytest.mark.django_db
def test_demo_candidates_carry_the_member_data_and_probationary_members_their_own(demo):
    candidates = Candidate.objects.all()
    assert not candidates.filter(ethnicity="").exists()
    assert candidates.exclude(occupation="").count() > 0.9 * candidates.count()
    for c in candidates.filter(stage=Stage.PROBATIONARY).select_related("member"):
        assert (c.ethnicity, c.degree, c.occupation) == (c.member.ethnicity, c.member.degree, c.member.occupation)
