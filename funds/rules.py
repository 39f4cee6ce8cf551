"""The numbers of the activity funds a locality sets (no national regulation fixes them): the
per-member allocation of party-building activity funds and the size of a spending's attachment.

Practice varies: localities that fund party organizations of organs per member on the roll
(按党员人数核拨) name figures from 100 to 500 yuan a member and year; 200 is the default here,
to be set by the locality (DANGJIAN_RULES {"party_funds_per_member": "300"})."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet
from dues.money import parse_yuan

PER_MEMBER = Rule(
    "party_funds_per_member",
    "200",
    LOCAL,
    _("Party-building activity funds"),
    local=True,
    verified=True,
    label=_("Party-building activity funds allocated per member on the roll (yuan a year)"),
)
ATTACHMENT_MAX_MB = Rule(
    "funds_attachment_max_mb",
    5,
    LOCAL,
    _("Attachments of a spending"),
    local=True,
    verified=True,
    label=_("Size of a spending's attachment (megabytes, at most)"),
)

RULE_SETS = [RuleSet("funds_local", LOCAL, dt.date(2000, 1, 1), (PER_MEMBER, ATTACHMENT_MAX_MB))]


def per_member() -> Decimal:
    """The yuan allocated per member on the roll, as the locality sets it."""
    return parse_yuan(str(PER_MEMBER.current()))
