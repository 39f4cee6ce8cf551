from django import template

from development.models import Stage
from development.services import STAGE_ORDER

register = template.Library()


@register.filter
def stage_pairs(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) for the four open stages, in order."""
    return [(Stage(s).label, counts.get(s, 0)) for s in STAGE_ORDER]
