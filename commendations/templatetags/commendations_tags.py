from django import template

from commendations.queries import honours_of_member, honours_of_organization

register = template.Library()


@register.inclusion_tag("commendations/_honours.html")
def member_honours(member) -> dict:
    """A member's honours (a section of the member's record page, which another app renders and
    which decides who sees the member)."""
    return {"honours": honours_of_member(member.pk)}


@register.inclusion_tag("commendations/_honours.html")
def organization_honours(organization) -> dict:
    """An organization's honours (a section of its page)."""
    return {"honours": honours_of_organization(organization.pk)}
