"""A 2026 round in nomination (1 to 30 June, today 15 June) with the three standard categories;
财政局机关党委 may nominate two excellent members, one party worker and one organization, 教委党委
one excellent member. Personas from the project's conftest: the committee's clerk and leader,
财政局机关党委's officer, 财政局第一支部's secretary, a discipline officer."""

import datetime as dt

import pytest

from accounts.roles import Role
from commendations import services
from commendations.models import Standard
from conftest import make_user

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def today(settings, tmp_path):
    settings.DANGJIAN_TODAY = TODAY.isoformat()
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def discipline_officer(registry):
    return make_user("discipline_officer", Role.DISCIPLINE_STAFF, registry.working)


@pytest.fixture
def round_(registry):
    r = services.do_create_round(
        name="2026年度机关党建表彰",
        year=2026,
        opens_on=dt.date(2026, 6, 1),
        closes_on=dt.date(2026, 6, 30),
        standards=list(Standard.values),
        acting_user=None,
    )
    services.do_set_quotas(
        r,
        {
            (registry.opc.pk, category(r, Standard.EXCELLENT_MEMBER).pk): 2,
            (registry.opc.pk, category(r, Standard.EXCELLENT_WORKER).pk): 1,
            (registry.opc.pk, category(r, Standard.ADVANCED_ORGANIZATION).pk): 1,
            (registry.pc.pk, category(r, Standard.EXCELLENT_MEMBER).pk): 1,
        },
        acting_user=None,
    )
    return r


def category(round_, standard):
    return round_.categories.get(standard=standard)


def nominate(round_, org, *, member=None, nominee=None, standard=Standard.EXCELLENT_MEMBER, basis="工作扎实，成绩突出"):
    return services.do_nominate(
        round_,
        org,
        category=category(round_, standard),
        member=member,
        nominee=nominee,
        basis=basis,
        acting_user=None,
    )
