"""The navigation's question about funds (base.html): whether the user reads any (the officers
of some organization, or the trade union's readers). Asked here so that accounts, whose context
processor names the other menus, imports nothing of funds."""

from django import template

from funds.access import kinds_anywhere

register = template.Library()


@register.simple_tag(takes_context=True)
def reads_funds(context) -> bool:
    user = context.get("user")
    return bool(user is not None and user.is_authenticated and kinds_anywhere(user))
