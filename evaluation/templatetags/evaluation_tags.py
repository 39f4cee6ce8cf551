from django import template

from evaluation.queries import verdicts_of

register = template.Library()


@register.inclusion_tag("evaluation/_member_verdicts.html")
def member_verdicts(member) -> dict:
    """A member's results of democratic evaluation, year by year: a section of the member's
    record page (which another app renders; the page decides who sees the member)."""
    return {"verdicts": list(verdicts_of(member))}
