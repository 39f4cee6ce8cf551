"""The numbers of campaigns that a locality sets, family "campaigns_local", and the rule that
shapes the member campaigns.

What a campaign demands (its criteria, who may apply, how long a naming holds) is each
campaign's own data (`campaigns.models.Campaign`): localities differ, and the committee keeps it.
文明单位's three-year cycle with an annual 复查 is the demo's data, from the creation rules the
宣传部 handed over with the matter (PRO-03 of the authority list).

The member campaigns (党员与群众心连心, 移民先锋工程) ask no figure of anyone: 《整治形式主义为
基层减负若干规定》 (2024) forbids forced check-ins, points rankings and required "留痕" — so a
member records what they did when they wish, a photo is optional, nothing is counted per person
and no quota is set; the committee sees counts per organization only."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet

ATTACHMENT_MAX_MB = Rule(
    "campaigns_attachment_max_mb",
    5,
    LOCAL,
    _("Attachments of campaigns"),
    local=True,
    verified=True,
    label=_("Size of an application's attachment or an activity's photo (megabytes, at most)"),
)

RULE_SETS = [RuleSet("campaigns_local", LOCAL, dt.date(2000, 1, 1), (ATTACHMENT_MAX_MB,))]
