"""The navigation's question about funds (base.html): whether the user reads any (the officers
of some organization, or the trade union's readers). Asked here so that accounts, whose context
processor names the other menus, imports nothing of funds."""

from decimal import Decimal

from django import template

from dues.money import to_fen
from funds.access import kinds_anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def reads_funds(context) -> bool:
    user = context.get("user")
    return bool(user is not None and user.is_authenticated and kinds_anywhere(user))


@register.filter
def yuan(value) -> str:
    """An amount as a ledger shows it: thousands grouped, two decimals ("10,000.00"). Not the
    locale's number format: zh-hans groups nothing, and a clerk reads money with commas."""
    if value is None or value == "":
        return ""
    return f"{to_fen(Decimal(value)):,}"
