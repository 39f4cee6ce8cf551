"""Ways into an election from pages of the apps below elections (orgs) and beside it (work):
a template tag is loaded by name, so those apps import nothing of elections."""

from django import template

from accounts.roles import EDIT_REGISTRY
from accounts.scope import may
from core import clock
from elections import queries
from elections.models import OPEN_STEPS, Election, TermChange, TermChangeStatus
from orgs import rules as term_rules

register = template.Library()


@register.inclusion_tag("elections/_term_actions.html", takes_context=True)
def term_actions(context, organization) -> dict:
    """The election under way (for whoever sees the organization), or for its officers
    (`may(user, EDIT_REGISTRY, org)`) a link to start one — from the first reminder mark before
    the term's end, as `services.check_may_start` allows — and to ask the superior to delay or
    advance it; a request awaiting its reply is shown instead of a new one."""
    if organization is None or organization.dissolved or not term_rules.has_term(organization.kind):
        return {}
    election = Election.objects.filter(organization=organization, step__in=OPEN_STEPS).first()
    pending = TermChange.objects.filter(organization=organization, status=TermChangeStatus.REQUESTED).first()
    editable = may(context["request"].user, EDIT_REGISTRY, organization)
    end = organization.term_end
    return {
        "org": organization,
        "election": election,
        "pending": pending,
        "may_start": editable
        and election is None
        and (end is None or queries.term_status(end, clock.today()) != queries.IN_TERM),
        "may_request": editable and end is not None and pending is None,
    }
