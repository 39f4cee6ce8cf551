from django import template

from core import clock
from discipline.access import handles_discipline
from discipline.queries import restrictions

register = template.Library()


@register.inclusion_tag("discipline/_restrictions.html", takes_context=True)
def member_restrictions(context, member) -> dict:
    """The effect periods (admonishment, sanction) a member is under today, kind and end date
    only: a section of the member's record page, shown to whoever may appoint them there
    (`can_edit`) or handles discipline; nobody else learns of it here."""
    user = context["request"].user
    if not (context.get("can_edit") or handles_discipline(user)):
        return {"restrictions": []}
    flags = restrictions([member.pk], clock.today(), discreet=not handles_discipline(user))
    return {"restrictions": flags.get(member.pk, [])}


@register.inclusion_tag("discipline/_restrictions.html", takes_context=True)
def appointment_restrictions(context, member) -> dict:
    """The same flag where an appointment is decided (the work item of a nominee): the page shows
    it only to whoever may decide, so it asks nothing more."""
    if member is None:
        return {"restrictions": []}
    flags = restrictions([member.pk], clock.today(), discreet=not handles_discipline(context["request"].user))
    return {"restrictions": flags.get(member.pk, [])}
