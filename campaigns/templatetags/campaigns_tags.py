"""The namings an organization's or a unit's page shows (orgs is a lower floor and imports
nothing of campaigns: its templates ask here)."""

from django import template

from campaigns.access import oversees
from campaigns.queries import namings_of, unit_namings
from core import clock

register = template.Library()


@register.simple_tag
def namings_in_force_of(organization) -> list:
    """The organization's own namings in force (a unit's show on the unit's page)."""
    return [n for n in namings_of(organization, clock.today()) if n.organization_id == organization.pk]


@register.simple_tag
def unit_namings_in_force(unit) -> list:
    return unit_namings(unit.pk, clock.today())


@register.simple_tag(takes_context=True)
def oversees_campaigns(context) -> bool:
    """The navigation's question: whether the user acts for the committee on campaigns."""
    user = context.get("user")
    return bool(user is not None and user.is_authenticated and oversees(user))
