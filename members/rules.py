"""The rules of 党籍 events and member flags as dated data, each with its document and article.

Source: 《中国共产党党员教育管理工作条例》 (2019-05-06) 第二十四条 (停止党籍: 失联 six months;
出国定居 or study abroad over five years; 自行脱党除名 two years after a 停止党籍 for lost contact;
who may have the 党籍 restored) and 第二十五条 (a member away six months or more at a fixed place
transfers the membership: one who does not is a 流动党员), read in the published text; 党章 第九条
(six months without organizational life, dues or assigned work: regarded as leaving the party).
The system lists members a rule concerns and warns; people decide. Refusals are only where a
rule forbids (e.g. restoring the 党籍 of one who was expelled)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import CONSTITUTION, EDUCATION_REGULATIONS, Rule, RuleSet

EDUCATION_2019 = dt.date(2019, 5, 6)

# 党章 第九条: six months in a row without organizational life, dues or assigned work, without a
# proper reason, is regarded as leaving the party (自行脱党). The orglife app lists such members
# (its attention list) and keeps this rule in its rule set; it lives here because the 党籍 event
# it leads to is the members app's, and members cannot import orglife.
INACTIVE_MONTHS = Rule(
    "inactive_months",
    6,
    CONSTITUTION,
    _("Article 9"),
    label=_("Months without organizational life before a member is listed for the branch's attention"),
)

LOST_CONTACT_MONTHS = Rule(
    "lost_contact_months",
    6,
    EDUCATION_REGULATIONS,
    _("Article 24"),
    verified=True,
    label=_("Months out of contact before the membership is suspended (停止党籍)"),
)
LOST_CONTACT_REMOVAL_YEARS = Rule(
    "lost_contact_removal_years",
    2,
    EDUCATION_REGULATIONS,
    _("Article 24"),
    verified=True,
    label=_("Years after a suspension for lost contact before removal as having left the party"),
)
ABROAD_YEARS = Rule(
    "abroad_settled_years",
    5,
    EDUCATION_REGULATIONS,
    _("Article 24"),
    verified=True,
    label=_("Years of study abroad without returning before the membership is normally suspended"),
)
MOBILE_MONTHS = Rule(
    "mobile_months",
    6,
    EDUCATION_REGULATIONS,
    _("Article 25"),
    verified=True,
    label=_("Months away at a fixed place before the membership should be transferred"),
)
# 第二十四条: a suspended membership may be restored; one who was persuaded to withdraw, removed,
# regarded as having left, withdrew or was expelled may in principle only join again. A decision
# revoked on appeal (申诉, 复查) undoes itself: that procedure restores, not an officer's form.
RESTORE_AFTER_LEAVING = Rule(
    "restore_after_leaving",
    False,
    EDUCATION_REGULATIONS,
    _("Article 24"),
    verified=True,
    label=_("The membership of one who withdrew, was removed or expelled may be restored"),
)

RULE_SETS = [
    RuleSet(
        "member_standing",
        EDUCATION_REGULATIONS,
        EDUCATION_2019,
        (LOST_CONTACT_MONTHS, LOST_CONTACT_REMOVAL_YEARS, ABROAD_YEARS, MOBILE_MONTHS, RESTORE_AFTER_LEAVING),
    ),
]
