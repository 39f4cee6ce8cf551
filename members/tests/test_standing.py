"""Every 党籍 event with its rules, restoration, the flags, and the counts statistics read."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext

from audit.models import AuditEvent
from conftest import make_id_number
from core.errors import DomainError
from members.models import EventKind, Member, MemberEvent, MemberFlag, Membership, Status
from members.queries import open_flags, standing_events
from members.services import do_end_flag, do_record_flag, do_record_member_event
from members.standing import flag_warning
from orgs.models import Post

DAY = dt.date(2026, 3, 2)


def event(member, kind, day=DAY, **kwargs):
    return do_record_member_event(member, kind=kind, day=day, note="", acting_user=None, **kwargs)


def reload(member) -> Member:
    return Member.objects.get(pk=member.pk)


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (EventKind.DECEASED, Status.DECEASED),
        (EventKind.REMOVED, Status.LEFT),
        (EventKind.LAPSED, Status.LEFT),
        (EventKind.WITHDREW, Status.LEFT),
        (EventKind.SUSPENDED, Status.SUSPENDED),
    ],
)
def test_each_event_takes_the_member_off_the_roll_with_its_status_and_ends_the_posts(registry, kind, status):
    member = registry.zhang_san
    Post.objects.create(member=member, organization=registry.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1))
    event(member, kind)
    member = reload(member)
    assert member.status == status and member.organization == registry.branch_a  # the last one, kept
    assert not member.memberships.filter(valid_to__isnull=True).exists()
    assert member not in Member.objects.of(registry.branch_a, DAY) and member in Member.objects.of(
        registry.branch_a, DAY - dt.timedelta(days=1)
    )
    assert member.posts.get().valid_to == DAY
    assert member.events.get().kind == kind
    assert AuditEvent.objects.filter(action=f"members.member.{kind}", target_id=str(member.pk)).exists()


def test_expulsion_is_recorded_only_by_the_discipline_decision(registry):
    refusal = gettext("Expulsion from the party is recorded by the discipline decision that imposes it, not here.")
    with pytest.raises(DomainError, match=re.escape(refusal)):
        event(registry.zhang_san, EventKind.EXPELLED)
    assert reload(registry.zhang_san).status == Status.ACTIVE
    event(registry.zhang_san, EventKind.EXPELLED, procedure=True)
    assert reload(registry.zhang_san).status == Status.LEFT


def test_no_new_event_is_recorded_as_left(registry):
    refusal = gettext("“Left the party” is no longer recorded: please choose how the member left (death, removal…).")
    with pytest.raises(DomainError, match=re.escape(refusal)):
        event(registry.zhang_san, EventKind.LEFT)


def test_only_a_probationary_membership_is_cancelled(registry):
    with pytest.raises(DomainError, match="已是正式党员"):
        event(registry.zhang_san, EventKind.PROBATION_CANCELLED)
    event(registry.zhao_liu, EventKind.PROBATION_CANCELLED)
    assert reload(registry.zhao_liu).status == Status.LEFT


def test_a_suspended_member_is_restored_into_a_branch_from_the_day(registry):
    member = registry.zhang_san
    event(member, EventKind.SUSPENDED, day=dt.date(2025, 1, 1))
    with pytest.raises(DomainError, match="当前状态为"):
        event(member, EventKind.SUSPENDED)
    with pytest.raises(DomainError, match=gettext("Please choose the branch that takes the member back.")):
        event(member, EventKind.RESTORED)
    with pytest.raises(DomainError):  # an organ party committee keeps no members
        event(member, EventKind.RESTORED, organization=registry.opc)
    with pytest.raises(DomainError, match="2025-01-01"):  # not before the suspension
        event(member, EventKind.RESTORED, day=dt.date(2024, 12, 1), organization=registry.branch_b)
    event(member, EventKind.RESTORED, organization=registry.branch_b)
    member = reload(member)
    assert (member.status, member.organization) == (Status.ACTIVE, registry.branch_b)
    assert member in Member.objects.of(registry.branch_b, DAY)
    assert member not in Member.objects.of(registry.branch_b, DAY - dt.timedelta(days=1))
    assert member not in Member.objects.of(registry.branch_a, dt.date(2025, 6, 1))
    assert Membership.objects.get(member=member, valid_to__isnull=True).valid_from == DAY
    assert [e.kind for e in member.events.all()] == [EventKind.SUSPENDED, EventKind.RESTORED]


def test_a_suspended_member_may_be_removed_as_having_left_but_not_before_the_suspension(registry):
    member = registry.zhang_san
    event(member, EventKind.SUSPENDED, day=dt.date(2024, 1, 1))
    with pytest.raises(DomainError, match="2024-01-01"):
        event(member, EventKind.LAPSED, day=dt.date(2023, 6, 1))
    event(member, EventKind.LAPSED, day=dt.date(2026, 1, 5))
    assert reload(member).status == Status.LEFT
    with pytest.raises(DomainError, match=gettext("Article 24")):
        event(member, EventKind.RESTORED, organization=registry.branch_a)


def test_one_who_withdrew_is_not_restored_and_one_expelled_only_by_the_revoking_procedure(registry):
    event(registry.zhang_san, EventKind.WITHDREW, day=dt.date(2025, 1, 1))
    with pytest.raises(DomainError, match=gettext("Article 24")):
        event(registry.zhang_san, EventKind.RESTORED, organization=registry.branch_a, procedure=True)
    event(registry.li_si, EventKind.EXPELLED, day=dt.date(2025, 1, 1), procedure=True)
    with pytest.raises(DomainError, match=gettext("Article 24")):
        event(registry.li_si, EventKind.RESTORED, organization=registry.branch_a)
    event(registry.li_si, EventKind.RESTORED, organization=registry.branch_a, procedure=True)
    assert reload(registry.li_si).status == Status.ACTIVE


def test_standing_events_counts_each_kind_in_the_period_and_the_scope(registry):
    event(registry.zhang_san, EventKind.DECEASED, day=dt.date(2025, 12, 31))
    event(registry.li_si, EventKind.SUSPENDED, day=dt.date(2026, 1, 1))
    event(registry.li_si, EventKind.RESTORED, day=dt.date(2026, 2, 1), organization=registry.branch_a)
    event(registry.wu_jiu, EventKind.EXPELLED, day=dt.date(2026, 5, 1), procedure=True)
    MemberEvent.objects.create(member=registry.wang_wu, kind=EventKind.LEFT, date=dt.date(2026, 3, 1))  # an old row
    year = standing_events(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert year == {
        "death": 0,
        "expelled": 1,
        "removed": 0,
        "lapsed": 0,
        "withdrew": 0,
        "probation_cancelled": 0,
        "suspended": 1,
        "restored": 1,
    }
    assert standing_events(dt.date(2025, 1, 1), dt.date(2026, 1, 1))["death"] == 1
    finance = standing_events(dt.date(2026, 1, 1), dt.date(2027, 1, 1), paths=[registry.opc.path])
    assert (finance["expelled"], finance["suspended"]) == (0, 1)


def test_the_cancellations_development_wrote_as_left_are_classified(registry):
    from development.models import Candidate, Stage, Step

    member = registry.zhao_liu
    event(member, EventKind.PROBATION_CANCELLED, day=dt.date(2026, 6, 1))
    MemberEvent.objects.filter(member=member).update(kind=EventKind.LEFT)  # as written before
    candidate = Candidate(
        name=member.name,
        gender="M",
        birth_date=dt.date(1990, 1, 1),
        education="bachelor",
        organization=registry.branch_a,
        member=member,
        stage=Stage.CANCELLED,
        applied_on=dt.date(2024, 1, 5),
    )
    candidate.set_id_number(make_id_number(dt.date(1990, 1, 1)))
    candidate.set_phone("")
    candidate.save()
    Step.objects.create(
        candidate=candidate, kind="cancellation", date=dt.date(2026, 6, 1), organization=registry.branch_a
    )
    MemberEvent.objects.create(member=registry.zhang_san, kind=EventKind.LEFT, date=dt.date(2026, 6, 1))
    importlib.import_module("members.migrations.0009_probation_cancelled_events").classify(apps, None)
    assert member.events.get().kind == EventKind.PROBATION_CANCELLED
    assert registry.zhang_san.events.get().kind == EventKind.LEFT  # no development record: unclassified


# -- flags ---------------------------------------------------------------------------------------


def flag(member, kind="lost_contact", valid_from=dt.date(2026, 1, 5), **kwargs):
    values = {"valid_to": None, "place": "", "note": "", **kwargs}
    return do_record_flag(member, kind=kind, valid_from=valid_from, acting_user=None, **values)


def test_a_flag_never_changes_the_roll_and_warns_once_its_months_have_passed(registry, settings):
    f = flag(registry.zhang_san, valid_from=dt.date(2026, 1, 5))
    member = reload(registry.zhang_san)
    assert member.status == Status.ACTIVE and member in Member.objects.of(registry.branch_a, DAY)
    assert flag_warning(f, dt.date(2026, 7, 4)) == ""
    assert gettext("Article 24") in str(flag_warning(f, dt.date(2026, 7, 5)))
    with pytest.raises(DomainError, match="已有"):
        flag(registry.zhang_san, valid_from=dt.date(2026, 2, 1))
    do_end_flag(f, day=dt.date(2026, 3, 1), acting_user=None)
    assert flag_warning(MemberFlag.objects.get(pk=f.pk), dt.date(2026, 7, 5)) == ""
    with pytest.raises(DomainError):
        do_end_flag(f, day=dt.date(2026, 4, 1), acting_user=None)
    assert AuditEvent.objects.filter(action="members.flag.ended", target_id=str(member.pk)).exists()


def test_a_mobile_or_abroad_flag_says_where(registry):
    with pytest.raises(DomainError, match=gettext("Please say where the member is.")):
        flag(registry.li_si, kind="mobile")
    mobile = flag(registry.li_si, kind="mobile", place="深圳", valid_from=dt.date(2025, 1, 1))
    assert gettext("Article 25") in str(flag_warning(mobile, DAY))
    with pytest.raises(DomainError):  # the end comes after the start
        flag(registry.li_si, kind="abroad", place="新加坡", valid_from=DAY, valid_to=DAY)


def test_no_flag_for_a_member_who_left(registry):
    event(registry.zhang_san, EventKind.DECEASED)
    with pytest.raises(DomainError, match="当前状态为"):
        flag(registry.zhang_san)


def test_the_flags_list_is_of_the_users_scope(registry, client_for, branch_secretary, clerk):
    flag(registry.zhang_san, place="万州")
    flag(registry.wu_jiu, kind="abroad", place="新加坡")
    assert [f.member for f in open_flags(branch_secretary, DAY)] == [registry.zhang_san]
    assert {f.member for f in open_flags(clerk, DAY)} == {registry.zhang_san, registry.wu_jiu}
    assert [f.member for f in open_flags(clerk, DAY, kind="abroad")] == [registry.wu_jiu]
    page = client_for(branch_secretary).get(reverse("members:flags")).content.decode()
    assert "张三" in page and "吴九" not in page
    assert 'data-testid="flag-warning"' in page  # out of contact since January: 停止党籍 may be considered
    later = client_for(clerk).get(reverse("members:flags"), {"organization": registry.pc.pk}).content.decode()
    assert "吴九" in later and "张三" not in later
    roll = client_for(clerk).get(reverse("members:list")).content.decode()
    assert 'data-testid="flag"' in roll


# -- pages -----------------------------------------------------------------------------------------


def test_the_event_form_offers_what_an_officer_may_record(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    full = client.get(reverse("members:event", args=[registry.zhang_san.pk])).content.decode()
    assert 'value="withdrew"' in full and 'value="suspended"' in full and 'value="deceased"' in full
    assert 'value="expelled"' not in full and 'value="left"' not in full and 'value="converted"' not in full
    assert 'value="probation_cancelled"' not in full and 'data-testid="event-conditions"' in full
    probationary = client.get(reverse("members:event", args=[registry.zhao_liu.pk])).content.decode()
    assert 'value="probation_cancelled"' in probationary and 'value="converted"' in probationary
    chosen = client.get(reverse("members:event", args=[registry.zhang_san.pk]), {"kind": "lapsed"}).content.decode()
    assert 'value="lapsed" selected' in chosen
    refused = client.post(
        reverse("members:event", args=[registry.zhang_san.pk]), {"kind": "expelled", "day": "2026-03-02"}
    )
    assert refused.status_code == 200
    assert gettext("Expulsion from the party is recorded by the discipline decision that imposes it, not here.") in (
        refused.content.decode()
    )
    assert reload(registry.zhang_san).status == Status.ACTIVE


def test_an_officer_suspends_and_restores_through_the_page(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    url = reverse("members:event", args=[registry.zhang_san.pk])
    client.post(url, {"kind": "suspended", "day": "2026-01-05", "note": "失联"})
    assert reload(registry.zhang_san).status == Status.SUSPENDED
    form = client.get(url).content.decode()
    assert 'value="restored"' in form and 'name="organization"' in form and 'value="suspended"' not in form
    client.post(url, {"kind": "restored", "day": "2026-03-02", "organization": registry.branch_a.pk})
    member = reload(registry.zhang_san)
    assert member.status == Status.ACTIVE and member.organization == registry.branch_a


def test_the_members_own_page_shows_their_history_and_old_left_rows_as_unclassified(registry, client_for, plain_member):
    MemberEvent.objects.create(member=registry.li_si, kind=EventKind.LEFT, date=dt.date(2019, 1, 1))
    flag(registry.li_si, kind="mobile", place="深圳")
    page = client_for(plain_member).get(reverse("members:member", args=[registry.li_si.pk])).content.decode()
    assert 'data-testid="standing-history"' in page
    assert gettext("Left the party (unclassified)") in page and "2019-01-01" in page
    assert "深圳" in page and reverse("members:flag_end", args=[registry.li_si.flags.get().pk]) not in page


def test_an_officer_records_and_ends_a_flag_through_the_pages(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    client.post(
        reverse("members:flag_create", args=[registry.zhang_san.pk]),
        {"kind": "abroad", "valid_from": "2026-01-05", "place": "新加坡", "note": "探亲"},
    )
    f = registry.zhang_san.flags.get()
    page = client.get(reverse("members:member", args=[registry.zhang_san.pk])).content.decode()
    assert "新加坡" in page and reverse("members:flag_end", args=[f.pk]) in page
    client.post(reverse("members:flag_end", args=[f.pk]), {"day": "2026-02-01"})
    assert MemberFlag.objects.get(pk=f.pk).valid_to == dt.date(2026, 2, 1)
    assert reload(registry.zhang_san).status == Status.ACTIVE
