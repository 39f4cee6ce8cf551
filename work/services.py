"""Work routed by the authority list. The list decides who leads; the people decide the rest."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from audit.services import known_user, record
from authority.models import AuthorityList, Body, MatterRole, RoleKind
from core import clock
from core.errors import DomainError
from core.i18n import format_lazy, stored
from core.periods import add_months
from members.models import Member
from orgs import rules as term_rules
from orgs.models import PartyOrganization, Post, PostRole
from orgs.services import do_appoint_post
from transfers.models import Transfer, TransferKind, TransferStatus
from transfers.rules import TRANSFER_ACCEPT_DAYS
from work.access import check_action
from work.arrears import arrears_reminders
from work.models import SEEN_BY_MATTER, Action, ItemKind, ItemStatus, WorkComment, WorkItem
from work.supervision import supervision_reminders

APPOINTMENT_MATTER = "ORG-05"  # 专职机关党委书记考察任免


def lead_body(matter_code: str, day: dt.date):
    in_force = AuthorityList.in_force(day)
    role = (
        MatterRole.objects.select_related("body")
        .filter(matter__authority_list=in_force, matter__code=matter_code, role=RoleKind.LEAD)
        .first()
        if in_force
        else None
    )
    if role is None:
        raise DomainError(
            _("The authority list in force has no matter “%(code)s”: no lead body can be found.")
            % {"code": matter_code},
            field="matter_code",
        )
    return role.body


def do_create_item(item: WorkItem, *, acting_user: User | None) -> WorkItem:
    """File a work item under its matter: it goes to the matter's lead body in the list in force."""
    item.lead_body = lead_body(item.matter_code, clock.today())
    with transaction.atomic():
        item.created_by = known_user(acting_user)
        item.save()
        record(
            "work.item.created",
            actor=acting_user,
            target=item,
            organization=item.organization,
            new={"matter": item.matter_code, "lead_body": item.lead_body.code, "kind": item.kind},
        )
    return item


def do_comment(item: WorkItem, text: str, *, acting_user: User) -> WorkComment:
    check_action(item, Action.COMMENT, acting_user)
    if not text.strip():
        raise DomainError(_("Please write a comment."), field="text")
    with transaction.atomic():
        comment = WorkComment.objects.create(item=item, author=acting_user, text=text.strip())
        record("work.item.commented", actor=acting_user, target=item, organization=item.organization)
    return comment


def do_close_item(item: WorkItem, *, outcome: str, acting_user: User) -> WorkItem:
    check_action(item, Action.CLOSE, acting_user)
    if item.status != ItemStatus.OPEN:
        raise DomainError(_("This matter is closed already."))
    with transaction.atomic():
        item.status, item.outcome, item.closed_at = ItemStatus.DONE, outcome, timezone.now()
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.item.closed", actor=acting_user, target=item, organization=item.organization, new={"outcome": outcome}
        )
    return item


def do_reroute_items(day: dt.date, *, acting_user: User | None = None) -> int:
    """Open items follow their matter's lead in the list in force on `day` (run when a version
    is adopted and daily, for versions adopted ahead of their date). Returns how many moved."""
    moved = 0
    with transaction.atomic():
        items = WorkItem.objects.select_for_update().filter(status=ItemStatus.OPEN).exclude(matter_code="")
        for item in items.exclude(kind__in=SEEN_BY_MATTER):
            try:
                new_lead = lead_body(item.matter_code, day)
            except DomainError:
                continue  # the matter left the list: the item stays where it is
            if new_lead.pk != item.lead_body_id:
                old = item.lead_body.code if item.lead_body else None
                item.lead_body = new_lead
                item.save(update_fields=["lead_body"])
                record(
                    "work.item.rerouted",
                    actor=acting_user,
                    target=item,
                    organization=item.organization,
                    old={"lead_body": old},
                    new={"lead_body": new_lead.code, "from": day.isoformat()},
                )
                moved += 1
    return moved


def follow_list_in_force(sender, *, day: dt.date, acting_user: User | None = None, **kwargs) -> None:
    """Receiver of `authority.signals.list_in_force`: open items follow the version adopted, in
    the adoption's transaction."""
    do_reroute_items(day, acting_user=acting_user)


# -- the appointment of a full-time organ party committee secretary (考察任免) -------------


def do_propose_appointment(
    organization: PartyOrganization, *, member, rank: str, valid_from: dt.date, reason: str, acting_user: User | None
) -> WorkItem:
    """The committee proposes; the lead of matter ORG-05 (the organization department) decides."""
    if organization.kind != "organ_party_committee":
        raise DomainError(
            _("The appointment of a full-time secretary is for an organ party committee."), field="organization"
        )
    if not member.organization or not member.organization.path.startswith(organization.path):
        raise DomainError(
            _("The nominee is a member of an organization under this organ party committee."), field="member"
        )
    item = WorkItem(
        kind=ItemKind.APPOINTMENT,
        matter_code=APPOINTMENT_MATTER,
        organization=organization,
        title=stored(
            format_lazy(
                gettext_lazy("Appointment: %(name)s as full-time secretary of %(organization)s"),
                name=member.name,
                organization=organization.name,
            )
        ),
        description=reason,
        payload={"member": member.pk, "role": PostRole.SECRETARY, "rank": rank, "valid_from": valid_from.isoformat()},
        due_date=clock.today() + dt.timedelta(days=30),
    )
    return do_create_item(item, acting_user=acting_user)


def do_decide_appointment(item: WorkItem, *, approve: bool, reason: str, acting_user: User) -> Post | None:
    """Approve (the post is created with its rank) or reject. Only the lead body may decide,
    whatever other rights the user has."""
    if item.kind != ItemKind.APPOINTMENT:
        raise DomainError(_("This matter is not an appointment."))
    check_action(item, Action.DECIDE, acting_user)
    if item.status != ItemStatus.OPEN:
        raise DomainError(_("This appointment has been decided already."))
    with transaction.atomic():
        post = None
        if approve:
            p = item.payload
            post = do_appoint_post(
                Post(
                    member=Member.objects.get(pk=p["member"]),
                    organization=item.organization,
                    role=p["role"],
                    full_time=True,
                    rank=p["rank"],
                    valid_from=dt.date.fromisoformat(p["valid_from"]),
                ),
                acting_user=acting_user,
            )
        item.status = ItemStatus.DONE if approve else ItemStatus.CANCELLED
        item.outcome = stored(gettext_lazy("Approved.") if approve else gettext_lazy("Not approved.")) + reason
        item.closed_at = timezone.now()
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.appointment.approved" if approve else "work.appointment.rejected",
            actor=acting_user,
            target=item,
            organization=item.organization,
            reason=reason,
        )
    return post


# -- reminders ----------------------------------------------------------------------------


def do_create_reminders(day: dt.date) -> dict[str, int]:
    """Once per due event: terms ending (6 and 3 months before, local configuration), terms
    expired, transfers and development steps overdue, organizations silent (no organizational
    life for `SILENT_BRANCH_DAYS`), leadership groups' overdue steps, follow-ups of evaluations,
    party dues unpaid for months (`work.arrears`; "dues_closed": those since paid), annual work
    reports missing after their deadline and rectification items overdue (`work.supervision`).
    Open items also follow the list in force. Returns counts of what was created (and
    "silent_closed": silences a meeting has since ended)."""
    created: dict[str, int] = {"term_ending": 0, "term_expired": 0, "rerouted": do_reroute_items(day)}
    for kind, org, months in _due_terms(day):
        # The key names the event by codes (kind, organization, end, months), never by labels.
        key = f"{kind}:{org.pk}:{org.term_end.isoformat()}" + (f":{months}m" if months else "")
        end = f"{org.term_end:%Y-%m-%d}"
        title = stored(
            format_lazy(
                gettext_lazy("The term of %(name)s ended on %(end)s: please hold the election"),
                name=org.name,
                end=end,
            )
            if kind == ItemKind.TERM_EXPIRED
            else format_lazy(
                gettext_lazy(
                    "The term of %(name)s ends on %(end)s (in less than %(months)s months): please prepare the election"
                ),
                name=org.name,
                end=end,
                months=months,
            )
        )
        _item, new = WorkItem.objects.get_or_create(
            source_key=key,
            defaults={"kind": kind, "title": title, "organization": org, "due_date": org.term_end},
        )
        if new:
            created[kind] += 1
            record(
                f"work.reminder.{kind}",
                actor=None,
                target=_item,
                organization=org,
                new={"term_end": org.term_end.isoformat(), "months": months},
            )
    created.update(_transfer_reminders(day))
    created[ItemKind.DEVELOPMENT_DUE] = _development_reminders(day)
    created.update(_leadership_reminders(day))
    created[ItemKind.EVALUATION_FOLLOW_UP] = _evaluation_reminders(day)
    created.update(_silent_reminders(day))
    created[ItemKind.NEW_LEADER_TALK] = _new_leader_talk_reminders(day)
    created.update(arrears_reminders(day))
    created.update(supervision_reminders(day))
    return created


def _due_terms(day: dt.date):
    """(kind, organization, months) for each term whose reminder is due on `day`: the nearest
    of the configured marks before the end it has reached (a run that missed the 6-month mark
    and comes in the last 3 months gives only the 3-month reminder), or expiry once it has
    passed. Organizations without a term (working committee, temporary branches) get none."""
    marks = term_rules.reminder_months(day)
    soon = add_months(day, max(marks))
    orgs = (
        PartyOrganization.objects.filter(
            dissolved__isnull=True, term_years__isnull=False, term_end__isnull=False, term_end__lte=soon
        )
        .exclude(kind__in=term_rules.NO_TERM_KINDS)
        .order_by("path")
    )
    for org in orgs.iterator():
        if org.term_end < day:
            yield ItemKind.TERM_EXPIRED, org, None
            continue
        mark = term_rules.mark_reached(org.term_end, day)
        if mark is not None:
            yield ItemKind.TERM_ENDING, org, mark


def _development_reminders(day: dt.date) -> int:
    """A development step past its date reaches the branch (or, for the superior's steps, the
    committee that approves), once per step and date."""
    from development.services import approving_organization, in_subtree, overdue

    created = 0
    for candidate, next_ in overdue(in_subtree(None), day):
        org = candidate.organization
        if next_.by_superior:
            org = approving_organization(org) or org
        step, when = next_.step, next_.date
        assert step is not None and when is not None  # an overdue step has its kind and its date
        item, new = WorkItem.objects.get_or_create(
            # the step's code, never its label: rewording a label must not remind again
            source_key=f"development:{candidate.pk}:{step.value}:{when.isoformat()}",
            defaults={
                "kind": ItemKind.DEVELOPMENT_DUE,
                "title": stored(
                    format_lazy(
                        gettext_lazy("Member development: %(name)s (%(organization)s) %(step)s, due %(day)s"),
                        name=candidate.name,
                        organization=candidate.organization.name,
                        step=step.label,
                        day=f"{when:%Y-%m-%d}",
                    )
                ),
                "organization": org,
                "due_date": when,
            },
        )
        if new:
            created += 1
            record(
                "work.reminder.development_due",
                actor=None,
                target=item,
                organization=org,
                new={"candidate": candidate.pk, "step": step.value},
            )
    return created


def _transfer_reminders(day: dt.date) -> dict[str, int]:
    """A transfer not accepted within the configured days reaches the receiving organization;
    a letter past its validity without a receipt (口袋党员) reaches the committee that issued it,
    which records the receipt (the sending branch sees it in its transfer lists); a returning
    member's letter in reaches the organization they left, which confirms it."""
    created: dict[str, int] = {ItemKind.TRANSFER_OVERDUE: 0, ItemKind.POCKET_MEMBER: 0, ItemKind.READMISSION: 0}
    late = day - dt.timedelta(days=TRANSFER_ACCEPT_DAYS.current())
    overdue = Transfer.objects.filter(
        kind=TransferKind.WITHIN, status=TransferStatus.PENDING, issued_on__lt=late
    ).select_related("member", "source", "destination")
    pocket = Transfer.objects.pocket(day).select_related("member", "source", "issuing_organization")
    events = []
    for t in overdue:
        # a transfer within the district has its sender and its date (transfer_dated_unless_no_letter)
        assert t.source is not None and t.issued_on is not None
        events.append(
            (
                ItemKind.TRANSFER_OVERDUE,
                t,
                t.destination,
                stored(
                    format_lazy(
                        gettext_lazy(
                            "The membership of comrade %(name)s, transferred from %(source)s, has not been accepted "
                            "for %(days)s days: please handle it"
                        ),
                        source=t.source.name,
                        name=t.member.name,
                        days=(day - t.issued_on).days,
                    )
                ),
                t.issued_on + dt.timedelta(days=TRANSFER_ACCEPT_DAYS.current()),
            )
        )
    events += [
        (
            ItemKind.POCKET_MEMBER,
            t,
            t.issuing_organization or t.source,
            stored(
                format_lazy(
                    gettext_lazy(
                        "The letter of comrade %(name)s (%(number)s) has expired with no receipt: please contact "
                        "the receiving organization"
                    ),
                    name=t.member.name,
                    number=t.letter_number,
                )
            ),
            t.valid_until,
        )
        for t in pocket
    ]
    # A letter in for a member who transferred out waits for the organization they left.
    confirming = Transfer.objects.filter(
        kind=TransferKind.IN, status=TransferStatus.CONFIRMING, source__isnull=False
    ).select_related("member", "source", "destination")
    events += [
        (
            ItemKind.READMISSION,
            t,
            t.source,
            stored(
                format_lazy(
                    gettext_lazy(
                        "Comrade %(name)s, who transferred out of %(source)s, has a letter in to %(destination)s: "
                        "please confirm the return or send it back"
                    ),
                    name=t.member.name,
                    source=t.source.name,
                    destination=t.to_label,
                )
            ),
            (t.issued_on or day) + dt.timedelta(days=TRANSFER_ACCEPT_DAYS.current()),
        )
        for t in confirming
        if t.source is not None
    ]
    for kind, transfer, org, title, due in events:
        item, new = WorkItem.objects.get_or_create(
            source_key=f"{kind}:{transfer.pk}",
            defaults={"kind": kind, "title": title, "organization": org, "due_date": due},
        )
        if new:
            created[kind] += 1
            record(f"work.reminder.{kind}", actor=None, target=item, organization=org, new={"transfer": transfer.pk})
    return created


def _leadership_reminders(day: dt.date) -> dict[str, int]:
    """A democratic life meeting's overdue step (plan not reported in time, report not
    submitted, a rectification past its deadline) goes to the lead of matter DIS-01, and a spot
    check's overdue rectification to the lead of PRO-01, as the list in force on `day` routes
    them; once per step and date (keys by codes and dates)."""
    from leadership.models import LIFE_MATTER, STUDY_MATTER
    from leadership.queries import organization_of, overdue_life_meeting_steps, overdue_spot_checks

    created: dict[str, int] = {ItemKind.LIFE_MEETING_STEP: 0, ItemKind.STUDY_SPOT_CHECK: 0}
    events = []
    for step in overdue_life_meeting_steps(day):
        unit = step.meeting.group.unit
        title = format_lazy(
            gettext_lazy("Democratic life meeting of %(unit)s (%(year)s): %(step)s, due %(day)s"),
            unit=unit.name,
            year=step.meeting.year,
            step=step.label,
            day=f"{step.due:%Y-%m-%d}",
        )
        payload = {"life_meeting": step.meeting.pk, "step": step.step}
        if step.rectification is not None:
            payload["rectification"] = step.rectification.pk
        events.append((ItemKind.LIFE_MEETING_STEP, LIFE_MATTER, step.key, unit, title, step.due, payload))
    for check in overdue_spot_checks(day):
        assert check.rectify_by is not None  # spot_check_has_deadline
        title = format_lazy(
            gettext_lazy(
                "Central-group study of %(unit)s: the findings of the spot check of %(date)s "
                "were due to be rectified by %(day)s"
            ),
            unit=check.unit.name,
            date=f"{check.date:%Y-%m-%d}",
            day=f"{check.rectify_by:%Y-%m-%d}",
        )
        key = f"study_spot_check:{check.pk}:{check.rectify_by.isoformat()}"
        events.append(
            (
                ItemKind.STUDY_SPOT_CHECK,
                STUDY_MATTER,
                key,
                check.unit,
                title,
                check.rectify_by,
                {"spot_check": check.pk},
            )
        )
    # A step no longer overdue (the plan reported, the report in, the rectification done, the
    # meeting postponed to a new date) closes its open item: the supervisors' lists keep only
    # what is still owed.
    due_keys = {event[2] for event in events}
    for item in WorkItem.objects.filter(
        kind__in=[ItemKind.LIFE_MEETING_STEP, ItemKind.STUDY_SPOT_CHECK], status=ItemStatus.OPEN
    ).exclude(source_key__in=due_keys):
        item.status, item.closed_at = ItemStatus.DONE, timezone.now()
        item.outcome = stored(gettext_lazy("No longer overdue: the step was recorded or its date moved."))
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.item.closed", actor=None, target=item, organization=item.organization, new={"outcome": item.outcome}
        )
    bodies: dict[str, Body | None] = {}
    for kind, matter, key, unit, title, due, payload in events:
        if WorkItem.objects.filter(source_key=key).exists():
            continue
        if matter not in bodies:
            try:
                bodies[matter] = lead_body(matter, day)
            except DomainError:
                bodies[matter] = None  # no list in force names the matter: nobody to route it to yet
        if bodies[matter] is None:
            continue
        org = organization_of(unit)
        item = WorkItem.objects.create(
            source_key=key,
            kind=kind,
            matter_code=matter,
            lead_body=bodies[matter],
            title=stored(title),
            organization=org,
            due_date=due,
            payload=payload,
        )
        created[kind] += 1
        record(f"work.reminder.{kind}", actor=None, target=item, organization=org, new={**payload, "matter": matter})
    return created


def _evaluation_reminders(day: dt.date) -> int:
    """A member graded 不合格 in a concluded democratic evaluation: the branch records the
    follow-up (教育转化 or 组织处置), once per verdict. The to-do closes when the outcome is
    recorded (`close_evaluation_follow_up`)."""
    from evaluation.queries import follow_up_key, follow_ups_due

    created = 0
    for participant in follow_ups_due():
        evaluation = participant.round
        org = evaluation.organization
        item, new = WorkItem.objects.get_or_create(
            source_key=follow_up_key(participant),
            defaults={
                "kind": ItemKind.EVALUATION_FOLLOW_UP,
                "title": stored(
                    format_lazy(
                        gettext_lazy(
                            "Democratic evaluation %(year)s: comrade %(name)s was graded unqualified; please record "
                            "the follow-up (education and correction, or organizational disposal)"
                        ),
                        year=evaluation.year,
                        name=participant.member.name,
                    )
                ),
                "description": stored(
                    gettext_lazy(
                        "Record the follow-up on the member's row of the branch's democratic evaluation page; "
                        "this to-do is done when it is recorded."
                    )
                ),
                "organization": org,
                "due_date": evaluation.concluded_on,
            },
        )
        if new:
            created += 1
            record(
                "work.reminder.evaluation_follow_up",
                actor=None,
                target=item,
                organization=org,
                new={"member": participant.member_id, "year": evaluation.year},
            )
    return created


def close_evaluation_follow_up(sender, *, participant, acting_user: User | None = None, **kwargs) -> None:
    """The follow-up of an unqualified verdict was recorded (inside the evaluation service's
    transaction): its open to-do is done, with the outcome as the evaluation recorded it. The
    evaluation service checked the right to record it, so no action check here."""
    from evaluation.queries import follow_up_key

    item = WorkItem.objects.filter(source_key=follow_up_key(participant), status=ItemStatus.OPEN).first()
    if item is None:
        return
    outcome = stored(participant.get_follow_up_display())
    if participant.follow_up_note:
        outcome = f"{outcome}：{participant.follow_up_note}"
    item.status, item.outcome, item.closed_at = ItemStatus.DONE, outcome, timezone.now()
    item.save(update_fields=["status", "outcome", "closed_at"])
    record("work.item.closed", actor=acting_user, target=item, organization=item.organization, new={"outcome": outcome})


def _silent_reminders(day: dt.date) -> dict[str, int]:
    """An organization holding members with no meeting for `core.rules.SILENT_BRANCH_DAYS` days
    reaches its own officers (no lead body), once per silence: the key names the organization
    and the day the silence began (its last meeting, or its founding or the start of records),
    so a new meeting followed by a new silence reminds again; while a reminder is open no other
    is made for the organization. An open reminder whose
    organization has met since is closed here, so the work list stops asking."""
    from orglife.compliance import last_meetings, silent_organizations

    closed = 0
    still_open = list(WorkItem.objects.filter(kind=ItemKind.SILENT_ORGANIZATION, status=ItemStatus.OPEN))
    last = last_meetings([item.organization_id for item in still_open if item.organization_id], day)
    for item in still_open:
        since = dt.date.fromisoformat(item.payload["since"])
        met = last.get(item.organization_id) if item.organization_id else None
        if met is None or met <= since:
            continue
        item.status, item.closed_at = ItemStatus.DONE, timezone.now()
        item.outcome = stored(format_lazy(gettext_lazy("A meeting was recorded on %(day)s."), day=f"{met:%Y-%m-%d}"))
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.item.closed",
            actor=None,
            target=item,
            organization=item.organization,
            new={"outcome": item.outcome, "meeting_on": met.isoformat()},
        )
        closed += 1
    # one open reminder per organization: a silence whose start moved (a meeting corrected to an
    # earlier date, records found to begin earlier) is the same silence, not a new one
    reminded = {item.organization_id for item in still_open if item.status == ItemStatus.OPEN}
    created = 0
    for org, since in silent_organizations(day):
        if org.pk in reminded:
            continue
        item, new = WorkItem.objects.get_or_create(
            source_key=f"{ItemKind.SILENT_ORGANIZATION.value}:{org.pk}:{since.isoformat()}",
            defaults={
                "kind": ItemKind.SILENT_ORGANIZATION,
                "title": stored(
                    format_lazy(
                        gettext_lazy(
                            "%(name)s has recorded no organizational life since %(day)s: please hold and record "
                            "the meetings due"
                        ),
                        name=org.name,
                        day=f"{since:%Y-%m-%d}",
                    )
                ),
                "organization": org,
                "due_date": day,
                "payload": {"since": since.isoformat()},
            },
        )
        if new:
            created += 1
            record(
                "work.reminder.silent_organization",
                actor=None,
                target=item,
                organization=org,
                new={"since": since.isoformat()},
            )
    return {ItemKind.SILENT_ORGANIZATION: created, "silent_closed": closed}


# -- talks with newly appointed leaders (新任党组织负责人谈话) ---------------------------------


def _new_leader_talk_key(post_pk: int) -> str:
    return f"{ItemKind.NEW_LEADER_TALK.value}:{post_pk}"


def committee_organization(organization: PartyOrganization) -> PartyOrganization:
    """The working committee above (or at) `organization`: whose organization work the talks
    with new leaders are. An organization under no working committee: its topmost superior."""
    steplen = PartyOrganization.steplen
    prefixes = [organization.path[:i] for i in range(steplen, len(organization.path) + 1, steplen)]
    above = list(PartyOrganization.objects.filter(path__in=prefixes).order_by("depth"))
    committees = [org for org in above if org.kind == "working_committee"]
    return committees[-1] if committees else above[0]


def _talk_held(post: Post) -> bool:
    from discipline.models import Talk, TalkKind

    return Talk.objects.filter(
        Q(post=post) | Q(member_id=post.member_id, date__gte=post.valid_from), kind=TalkKind.APPOINTMENT
    ).exists()


def new_leader_talks_due(posts, day: dt.date, *, acting_user: User | None = None) -> int:
    """A secretary or deputy secretary post that started within `NEW_LEADER_TALK_MONTHS` before
    `day` (and not after it) asks the committee for a talk with the new leader, due that many
    months after the post started; once per post, and not when an appointment talk with that
    post, or with that person since the post started, is recorded. Older posts (an import of
    history, the demo's registry) ask for none. Returns how many items were made."""
    from discipline.rules import NEW_LEADER_TALK_MONTHS

    months = int(NEW_LEADER_TALK_MONTHS.current())
    created = 0
    for post in posts:
        if post.pk is None or post.role not in {PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY}:
            continue
        due = add_months(post.valid_from, months)
        if post.valid_from > day or due < day or (post.valid_to is not None and post.valid_to <= day):
            continue
        key = _new_leader_talk_key(post.pk)
        if WorkItem.objects.filter(source_key=key).exists() or _talk_held(post):
            continue
        committee = committee_organization(post.organization)
        item = WorkItem.objects.create(
            source_key=key,
            kind=ItemKind.NEW_LEADER_TALK,
            title=stored(
                format_lazy(
                    gettext_lazy("Talk with a newly appointed leader: %(name)s, %(organization)s"),
                    name=post.member.name,
                    organization=post.organization.name,
                )
            ),
            description=stored(
                format_lazy(
                    gettext_lazy(
                        "%(name)s became %(role)s of %(organization)s on %(day)s. Record the talk from this page; "
                        "this to-do is done when it is recorded."
                    ),
                    name=post.member.name,
                    role=post.get_role_display(),
                    organization=post.organization.name,
                    day=f"{post.valid_from:%Y-%m-%d}",
                )
            ),
            organization=committee,
            due_date=due,
            payload={"post": post.pk, "member": post.member_id, "valid_from": post.valid_from.isoformat()},
            created_by=known_user(acting_user),
        )
        created += 1
        record(
            "work.reminder.new_leader_talk",
            actor=acting_user,
            target=item,
            organization=committee,
            new={"post": post.pk, "member": post.member_id, "due": due.isoformat()},
        )
    return created


def ask_for_new_leader_talks(sender, *, posts, acting_user: User | None = None, **kwargs) -> None:
    """Receiver of `orgs.signals.posts_started` (in the appointment's or the import's
    transaction): new secretaries and deputy secretaries get their talk to-do."""
    new_leader_talks_due(posts, clock.today(), acting_user=acting_user)


def close_new_leader_talk(sender, *, talk, acting_user: User | None = None, **kwargs) -> None:
    """Receiver of `discipline.signals.talk_recorded` (inside the talk's transaction): an
    appointment talk closes the to-do of its post, or of any leader's post of that person that
    started on or before the talk. The discipline service checked the right to record it."""
    from discipline.models import TalkKind

    if talk.kind != TalkKind.APPOINTMENT:
        return
    open_items = WorkItem.objects.select_for_update().filter(
        kind=ItemKind.NEW_LEADER_TALK, status=ItemStatus.OPEN, payload__member=talk.member_id
    )
    for item in open_items:
        if talk.post_id is not None:
            if item.payload.get("post") != talk.post_id:
                continue
        elif dt.date.fromisoformat(item.payload["valid_from"]) > talk.date:
            continue
        item.status, item.closed_at = ItemStatus.DONE, timezone.now()
        item.outcome = stored(format_lazy(gettext_lazy("The talk was held on %(day)s."), day=f"{talk.date:%Y-%m-%d}"))
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.item.closed",
            actor=acting_user,
            target=item,
            organization=item.organization,
            new={"outcome": item.outcome},
        )


def close_term_reminders(sender, *, organization, acting_user: User | None = None, **kwargs) -> None:
    """Receiver of `orgs.signals.term_started` (in the election's or the delay's transaction):
    the open reminders of a term that no longer ends on their date are done. A moved end that is
    still near gets its own reminder at the next run (the key names the end)."""
    open_items = WorkItem.objects.select_for_update().filter(
        kind__in=[ItemKind.TERM_ENDING, ItemKind.TERM_EXPIRED], status=ItemStatus.OPEN, organization=organization
    )
    for item in open_items:
        if item.due_date == organization.term_end:
            continue
        item.status, item.closed_at = ItemStatus.DONE, timezone.now()
        item.outcome = stored(
            format_lazy(
                gettext_lazy("The term now ends on %(end)s."),
                end=f"{organization.term_end:%Y-%m-%d}" if organization.term_end else "—",
            )
        )
        item.save(update_fields=["status", "outcome", "closed_at"])
        record(
            "work.item.closed", actor=acting_user, target=item, organization=organization, new={"outcome": item.outcome}
        )


def _new_leader_talk_reminders(day: dt.date) -> int:
    """The run of reminders makes the to-dos a missed signal did not (a post written by another
    path): leaders' posts that started within the period and have no talk."""
    from discipline.rules import NEW_LEADER_TALK_MONTHS

    since = add_months(day, -int(NEW_LEADER_TALK_MONTHS.current()))
    posts = Post.objects.filter(
        role__in=[PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY], valid_from__gte=since, valid_from__lte=day
    ).select_related("member", "organization")
    return new_leader_talks_due(posts, day)
