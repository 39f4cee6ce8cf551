from django import template

from development.models import Stage
from development.services import STAGE_ORDER

register = template.Library()


@register.filter
def stage_pairs(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) for the four open stages, in order."""
    return [(Stage(s).label, counts.get(s, 0)) for s in STAGE_ORDER]


@register.filter
def labelled(values: list, labels: list) -> list[tuple]:
    """(label, value) pairs, so a table cell can carry its column's name for the phone's card."""
    return list(zip(labels, values, strict=True))
