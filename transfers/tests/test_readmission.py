"""A member who transferred out returns to the roll only when the organization they left (or a
committee above it) confirms, or when a committee registers their letter itself; and an ID
number typed into a form tells a user nothing about people outside their scope (issue 15,
item 4)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import EDIT_REGISTRY, Role
from accounts.scope import scope_paths
from audit.models import AuditEvent
from conftest import make_id_number, make_user
from exchange import members as member_import
from exchange import reader
from exchange.tests.test_import import row, xlsx
from members.models import EventKind, Member, Status
from members.services import do_record_member_event
from transfers.models import Transfer, TransferKind, TransferStatus
from transfers.services import do_confirm_readmission, do_issue_letter, do_record_receipt, do_return_transfer

DAY = dt.date(2026, 3, 2)
ARRIVED = DAY + dt.timedelta(days=40)
NEUTRAL = "无法在此登记该人员；请联系机关工委协助。"


@pytest.fixture
def left(registry):
    """吴九 of 教委第一支部 transferred out of the district on DAY."""
    letter = do_issue_letter(
        registry.wu_jiu,
        outside_organization="外区",
        day=DAY,
        reason="",
        dues_paid_until=dt.date(2026, 2, 1),
        acting_user=None,
    )
    do_record_receipt(letter, day=DAY, acting_user=None)
    registry.wu_jiu.refresh_from_db()
    assert registry.wu_jiu.status == Status.TRANSFERRED_OUT
    return registry.wu_jiu


@pytest.fixture
def branch_c_secretary(registry):
    """The secretary of 教委第一支部, the branch 吴九 left."""
    return make_user("branch_c_secretary", Role.ORG_ADMIN, registry.branch_c)


def _letter_in(client, number, **details):
    return client.post(
        reverse("transfers:incoming_create"),
        {
            "letter_number": "渝组字009",
            "outside_organization": "外区某党委",
            "destination": "财政局第一支部",
            "day": ARRIVED.isoformat(),
            "id_number": number,
            # what a new member's registration needs: asked of everyone outside one's scope first
            **({"name": "某人", "education": "bachelor", "join_date": "2010-07-01"} | details),
        },
    )


def _outside_facts(registry, member, page: str, blank: str) -> list[str]:
    """What `page` says about `member` (outside 财政局第一支部's scope) that the empty form does not."""
    facts = [registry.branch_c.name, "教委", member.get_status_display(), member.name, "去世"]
    return [fact for fact in facts if fact in page and fact not in blank]


def test_a_branch_secretary_cannot_take_a_member_who_left_another_branch_by_id_number(
    registry, left, client_for, branch_secretary
):
    client = client_for(branch_secretary)
    blank = client.get(reverse("transfers:incoming_create")).content.decode()
    response = _letter_in(client, left.id_number)

    assert response.status_code == 200
    page = response.content.decode()
    assert NEUTRAL in page
    assert _outside_facts(registry, left, page, blank) == []
    left.refresh_from_db()
    assert left.status == Status.TRANSFERRED_OUT and left.organization == registry.branch_c
    assert client.get(reverse("members:member", args=[left.pk])).status_code == 404
    # the letter waits for the branch the member left; the registering side cannot open it
    request = Transfer.objects.get(member=left, kind=TransferKind.IN)
    assert request.status == TransferStatus.CONFIRMING and request.source == registry.branch_c
    assert client.get(reverse("transfers:transfer", args=[request.pk])).status_code == 404
    assert client.post(reverse("transfers:transfer_accept", args=[request.pk]), {"day": ARRIVED}).status_code == 404
    assert "吴九" not in client.get(reverse("transfers:inbox")).content.decode()
    # the committee hears who tried what
    refused = AuditEvent.objects.get(action="members.registration.refused")
    assert refused.organization == registry.working and refused.actor == branch_secretary
    assert refused.new["status"] == Status.TRANSFERRED_OUT and refused.new["request"] == request.pk


def test_the_branch_the_member_left_confirms_the_return_and_it_is_audited(
    registry, left, client_for, branch_secretary, branch_c_secretary
):
    _letter_in(client_for(branch_secretary), left.id_number)
    request = Transfer.objects.get(member=left, kind=TransferKind.IN)

    client = client_for(branch_c_secretary)
    inbox = client.get(reverse("transfers:inbox")).content.decode()
    assert "吴九" in inbox.split('data-testid="to-confirm"')[1].split("</table>")[0]
    page = client.get(reverse("transfers:transfer", args=[request.pk])).content.decode()
    assert 'data-testid="confirm-form"' in page and "确认转回" in page
    response = client.post(
        reverse("transfers:transfer_accept", args=[request.pk]), {"day": ARRIVED.isoformat()}, follow=True
    )
    assert "已确认" in response.content.decode()

    left.refresh_from_db()
    assert left.status == Status.ACTIVE and left.organization == registry.branch_a
    assert left.memberships.get(valid_to__isnull=True).valid_from == ARRIVED
    request.refresh_from_db()
    assert request.status == TransferStatus.COMPLETED and request.decided_by == branch_c_secretary
    event = AuditEvent.objects.get(action="transfers.in.readmission_confirmed")
    assert event.actor == branch_c_secretary and event.organization == registry.branch_a
    # now the member is the receiving branch's
    assert client_for(branch_secretary).get(reverse("members:member", args=[left.pk])).status_code == 200


def test_the_committee_confirms_or_sends_back_and_the_receiver_cannot_confirm_its_own_request(
    registry, left, client_for, branch_secretary, secretary
):
    _letter_in(client_for(branch_secretary), left.id_number)
    request = Transfer.objects.get(member=left, kind=TransferKind.IN)
    with pytest.raises(Exception, match="原所在的组织|转出时所在"):
        do_confirm_readmission(request, acting_user=branch_secretary)

    do_return_transfer(request, reason="身份待核实", acting_user=secretary)
    left.refresh_from_db()
    assert left.status == Status.TRANSFERRED_OUT
    assert AuditEvent.objects.filter(action="transfers.in.returned", actor=secretary).exists()

    _letter_in(client_for(branch_secretary), left.id_number)
    again = Transfer.objects.get(member=left, kind=TransferKind.IN, status=TransferStatus.CONFIRMING)
    do_confirm_readmission(again, acting_user=secretary)
    left.refresh_from_db()
    assert left.status == Status.ACTIVE and left.organization == registry.branch_a


def test_the_committee_readmits_directly(registry, left, client_for, secretary):
    response = _letter_in(client_for(secretary), left.id_number)
    assert response.status_code == 302
    left.refresh_from_db()
    assert left.status == Status.ACTIVE and left.organization == registry.branch_a
    assert Transfer.objects.get(member=left, kind=TransferKind.IN).status == TransferStatus.COMPLETED


def test_the_branch_the_member_left_readmits_them_directly(registry, client_for, left, branch_c_secretary):
    response = _letter_in(client_for(branch_c_secretary), left.id_number, destination="教委第一支部")
    assert response.status_code == 302
    left.refresh_from_db()
    assert left.status == Status.ACTIVE and left.organization == registry.branch_c


def test_a_request_for_confirmation_becomes_a_work_item_of_the_branch_left(
    registry, left, client_for, branch_secretary
):
    from work.models import ItemKind, WorkItem

    _letter_in(client_for(branch_secretary), left.id_number)
    call_command("reminders", "--today", ARRIVED.isoformat(), stdout=StringIO())
    call_command("reminders", "--today", ARRIVED.isoformat(), stdout=StringIO())
    item = WorkItem.objects.get(kind=ItemKind.READMISSION)
    assert item.organization == registry.branch_c and "吴九" in item.title and "确认转回" in item.title


def _form_errors(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def test_a_letter_in_says_the_same_for_anyone_outside_ones_scope(registry, left, client_for, branch_secretary):
    """On the roll elsewhere, transferred out of another branch, deceased: one answer, no facts."""
    do_record_member_event(registry.chen_yi, kind=EventKind.DECEASED, day=DAY, note="", acting_user=None)
    client = client_for(branch_secretary)
    blank = client.get(reverse("transfers:incoming_create")).content.decode()
    details = {"name": "某人", "education": "bachelor", "join_date": "2010-07-01"}
    answers = []
    for person in (registry.zheng_shi, left, registry.chen_yi):
        response = _letter_in(client, person.id_number, **details)
        assert response.status_code == 200
        page = response.content.decode()
        assert NEUTRAL in page
        assert _outside_facts(registry, person, page, blank) == []
        answers.append(_form_errors(response))
    assert answers[0] == answers[1] == answers[2]
    assert AuditEvent.objects.filter(action="members.registration.refused").count() == 3
    # nobody on file: registered as a new member, which is the form's purpose
    assert _letter_in(client, make_id_number(dt.date(1991, 1, 1)), **details).status_code == 302


def test_missing_details_are_asked_for_alike_whether_or_not_the_number_is_on_file(
    registry, left, client_for, branch_secretary
):
    """The re-attack: an empty education field got the neutral refusal for a number on file and
    "please enter the details" for a number nobody holds, with nothing saved either way."""
    client = client_for(branch_secretary)
    no_details = {"name": "", "education": "", "join_date": ""}
    answers = [
        _form_errors(_letter_in(client, number, **no_details))
        for number in (registry.zheng_shi.id_number, left.id_number, make_id_number(dt.date(1991, 1, 1)))
    ]
    assert answers[0] == answers[1] == answers[2]
    assert not Transfer.objects.filter(status=TransferStatus.CONFIRMING).exists()


def test_within_ones_scope_the_refusal_is_precise(registry, client_for, branch_secretary):
    response = _letter_in(client_for(branch_secretary), registry.zhang_san.id_number)
    assert "只有已转出区外的党员可以按原档案恢复在册。" in response.content.decode()


def _new_member(client, organization, number):
    return client.post(
        reverse("members:create"),
        {
            "organization": organization.pk,
            "name": "某人",
            "id_number": number,
            "ethnicity": "01",
            "education": "bachelor",
            "join_date": "2010-07-01",
            "full_member_date": "2011-07-01",
        },
    )


def test_the_member_create_form_says_the_same_for_anyone_outside_ones_scope(
    registry, left, client_for, branch_secretary
):
    client = client_for(branch_secretary)
    answers = []
    for person in (registry.zheng_shi, left):
        response = _new_member(client, registry.branch_a, person.id_number)
        assert response.status_code == 200
        page = response.content.decode()
        assert NEUTRAL in page and "教委" not in page
        answers.append(_form_errors(response))
    assert answers[0] == answers[1]
    assert [
        e.new["status"] for e in AuditEvent.objects.filter(action="members.registration.refused").order_by("pk")
    ] == [
        Status.ACTIVE,
        Status.TRANSFERRED_OUT,
    ]
    # within one's scope: the precise reason
    response = _new_member(client, registry.branch_a, registry.li_si.id_number)
    assert "已登记" in response.content.decode() and NEUTRAL not in response.content.decode()


def test_an_id_number_typed_in_another_script_s_digits_is_the_same_person(registry, client_for, branch_secretary):
    """Arabic-Indic digits once hashed to a new key: 郑十 could be registered a second time."""
    number = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in registry.zheng_shi.id_number)
    response = _new_member(client_for(branch_secretary), registry.branch_a, number)
    assert NEUTRAL in response.content.decode()
    assert Member.objects.filter(id_number_hash=registry.zheng_shi.id_number_hash).count() == 1


def test_the_import_preview_shows_no_status_or_branch_of_people_outside_ones_scope(registry, left, opc_officer):
    """财政局机关党委's officer imports: 郑十 and 吴九 are 教委's, 孙七 is theirs (第二支部)."""
    rows = [
        row(registry, 身份证号=registry.zheng_shi.id_number),
        row(registry, 身份证号=left.id_number),
        row(registry, 身份证号=registry.sun_qi.id_number),
    ]
    plan = member_import.validate(reader.read_table(xlsx(rows)), scope_paths=scope_paths(opc_officer, EDIT_REGISTRY))
    reasons = {e.row: (e.column, e.value, e.reason) for e in plan.errors}
    assert reasons[2][2] == reasons[3][2] == NEUTRAL
    assert reasons[2][1] == registry.zheng_shi.id_number[:6] + "…"
    shown = " ".join(" ".join(r) for r in reasons.values())
    assert "教委" not in shown and "已转出" not in shown
    assert reasons[4][0] == "所在党支部"  # in scope: the precise reason


def test_an_application_to_join_says_the_same_for_anyone_outside_ones_scope(registry, left, branch_secretary):
    """The development form matched the number over the whole roll: 'a member on the roll
    already' for 郑十, and a new applicant record for 吴九, who transferred out."""
    from core.errors import DomainError
    from development.models import Candidate
    from development.services import do_apply

    answers = []
    for person in (registry.zheng_shi, left):
        candidate = Candidate(
            name="某人", education="bachelor", organization=registry.branch_a, applied_on=dt.date(2026, 1, 5)
        )
        with pytest.raises(DomainError) as refused:
            do_apply(candidate, id_number=person.id_number, phone="", acting_user=branch_secretary)
        answers.append(refused.value.message)
    assert answers == [NEUTRAL, NEUTRAL]
    assert not Candidate.objects.exists()
    assert AuditEvent.objects.filter(action="members.registration.refused", organization=registry.working).count() == 2
    # within one's scope: the precise reason
    candidate = Candidate(name="某人", education="bachelor", organization=registry.branch_a, applied_on=DAY)
    with pytest.raises(DomainError, match="在册党员"):
        do_apply(candidate, id_number=registry.li_si.id_number, phone="", acting_user=branch_secretary)


def test_the_import_page_names_no_one_outside_ones_scope_and_the_committee_hears(
    registry, left, client_for, opc_officer
):
    from exchange.tests.test_pages import upload

    rows = [row(registry, 身份证号=registry.zheng_shi.id_number), row(registry, 身份证号=left.id_number)]
    page = upload(client_for(opc_officer), xlsx(rows)).content.decode()
    assert page.count(NEUTRAL) == 2
    assert "教委" not in page and left.get_status_display() not in page
    refused = AuditEvent.objects.filter(action="members.registration.refused").order_by("pk")
    assert [(e.organization, e.new["row"], e.new["status"]) for e in refused] == [
        (registry.working, 2, Status.ACTIVE),
        (registry.working, 3, Status.TRANSFERRED_OUT),
    ]


def test_a_member_registered_from_a_letter_in_keeps_the_statistics_fields_typed(registry, client_for, clerk):
    number = make_id_number(dt.date(1990, 4, 5))
    _letter_in(client_for(clerk), number, ethnicity="06", degree="bachelor", occupation="professional")
    member = Member.objects.get(name="某人")
    assert (member.ethnicity, member.degree, member.occupation) == ("06", "bachelor", "professional")
