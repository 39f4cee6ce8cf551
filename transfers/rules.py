"""The rules of membership transfers (组织关系转接), with their sources.

Who issues a letter out of the district: 《中国共产党党员教育管理工作条例》(2019) 第二十五条 lets a
基层党委 with the power to approve probationary members transfer and receive members' relations
directly nationwide (rules.md 2.7, read in the text). Whether such a committee issues its own
letters or every letter goes through the working committee (逐级转接, the common practice of
机关工委: rules.md 2.7 and 3, second-hand) is a local choice, `LETTER_ISSUER`. The letter's
validity and the days a receiving branch has to accept are local numbers as well.
"""

import datetime as dt

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.rules import EDUCATION_REGULATIONS, LOCAL, Rule, RuleSet


class Issuer:
    """Values of `LETTER_ISSUER` (codes, compared in logic; labels are for people)."""

    WORKING_COMMITTEE = "working_committee"  # the working committee issues every letter
    APPROVING_COMMITTEE = "approving_committee"  # the nearest committee with approval power
    ALL = (WORKING_COMMITTEE, APPROVING_COMMITTEE)
    LABELS = {
        WORKING_COMMITTEE: _("Issued by the working committee for all"),
        APPROVING_COMMITTEE: _("Issued by the primary-level committee with the power to approve probationary members"),
    }


# The national rule the local choice stays within: only a committee with approval power (or a
# body above it) transfers out of the district, never a branch or a general branch.
APPROVING_COMMITTEE_TRANSFERS_NATIONWIDE = Rule(
    "approving_committee_transfers_nationwide",
    True,
    EDUCATION_REGULATIONS,
    _("Article 25"),
    verified=True,
    label=_("A committee that approves probationary members transfers them nationwide"),
)
LETTER_ISSUER = Rule(
    "letter_issuer",
    Issuer.WORKING_COMMITTEE,
    LOCAL,
    _("Who issues letters for transfers out of the district (level by level)"),
    local=True,
    label=_("Who issues letters out of the district"),
    value_labels=Issuer.LABELS,
)
# Validity of an introduction letter: practice varies (≤ 3 months, ≤ 6 across provinces).
LETTER_VALIDITY_MONTHS = Rule(
    "letter_validity_months",
    3,
    EDUCATION_REGULATIONS,
    _("Articles 24 to 26 and local practice"),
    local=True,
    label=_("Validity of an introduction letter (months)"),
)
TRANSFER_ACCEPT_DAYS = Rule(
    "transfer_accept_days",
    30,
    LOCAL,
    _("Time to accept a transfer within the district"),
    local=True,
    verified=True,
    label=_("Days to accept a transfer within the district"),
)
# 党费交至年月: dues may be paid ahead (quarterly, or longer with the branch's consent), not by
# years; a month further ahead than this is taken for a typing error.
DUES_AHEAD_MONTHS = Rule(
    "letter_dues_ahead_months",
    12,
    LOCAL,
    _("Reasonable range of the month dues are paid up to"),
    local=True,
    label=_("Months dues may be paid ahead"),
)

# One set, in force for every date the registry holds (as the local numbers it replaces, which
# were in core.rules' "local" set); the national article is the 2019 text's.
RULE_SETS = [
    RuleSet(
        "transfers",
        _("Transfers of membership"),
        dt.date(2000, 1, 1),
        (
            APPROVING_COMMITTEE_TRANSFERS_NATIONWIDE,
            LETTER_ISSUER,
            LETTER_VALIDITY_MONTHS,
            TRANSFER_ACCEPT_DAYS,
            DUES_AHEAD_MONTHS,
        ),
    ),
]


def letter_issuer_setting() -> str:
    value = LETTER_ISSUER.current()
    if value not in Issuer.ALL:
        raise ImproperlyConfigured(f"DANGJIAN_RULES letter_issuer must be one of {Issuer.ALL}, not {value!r}")
    return value
