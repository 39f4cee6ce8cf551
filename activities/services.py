"""Recording the committee's activities and who took part, by organization."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from activities.models import Activity, ActivityParticipation
from audit.services import known_user, record
from core.errors import DomainError
from orgs.models import PartyOrganization


def do_save_activity(activity: Activity, *, acting_user: User | None) -> Activity:
    """Record a new activity or save the changes to one."""
    created = activity.pk is None
    with transaction.atomic():
        if created:
            activity.created_by = known_user(acting_user)
        activity.save()
        record(
            "activities.activity.created" if created else "activities.activity.changed",
            actor=acting_user,
            target=activity,
            new={
                "organizer": activity.organizer,
                "kind": activity.kind,
                "date": activity.date.isoformat(),
                "title": activity.title,
            },
        )
    return activity


def do_set_participation(
    activity: Activity, organization: PartyOrganization, *, people: int, acting_user: User | None
) -> ActivityParticipation | None:
    """How many people of `organization` took part; 0 takes the organization off the list."""
    if people < 0:
        raise DomainError(_("The number of people cannot be negative."), field="people")
    with transaction.atomic():
        old = ActivityParticipation.objects.filter(activity=activity, organization=organization).first()
        before = old.people if old else 0
        if people == 0:
            if old:
                old.delete()
            row = None
        else:
            row, _created = ActivityParticipation.objects.update_or_create(
                activity=activity, organization=organization, defaults={"people": people}
            )
        record(
            "activities.participation.set",
            actor=acting_user,
            target=activity,
            organization=organization,
            old={"people": before},
            new={"people": people},
        )
    return row
