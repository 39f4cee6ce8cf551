"""The dues rules (党费) as a dated rule set: 《关于中国共产党党费收缴、使用和管理的规定》
(中组发〔2008〕3号), in force from 2008-04-01 (its 第三十二条).

Articles marked verified were read in copies quoting the article with its number (第二条 the
bands, 第六条 the flat amounts, 第十条 the new wage's month, 第十一条 voluntary payments,
第十二条 quarterly payment and the catch-up); 第五条 (retired members) and 第八条 (probationary
members pay from the admitting meeting) were read only as quotations without their number.

The bands: "每月工资收入（税后）在3000元以下（含3000元）者，交纳月工资收入的0.5%；3000元以上至
5000元（含5000元）者，交纳1%；5000元以上至10000元（含10000元）者，交纳1.5%；10000元以上者，交纳
2%" — each upper edge is inclusive (3,000.00 pays 0.5 %, 3,000.01 pays 1 %), and the rate
applies to the whole base, not by slices. Retired: 5,000 and below (inclusive) 0.5 %, above 1 %."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rules import CONSTITUTION, LOCAL, Rule, RuleSet, in_force
from orgs.models import OrgKind

FAMILY = "dues"
PROVISIONS_2008 = _("Provisions on the Collection, Use and Management of Party Dues (2008)")

DUES_2008 = RuleSet(
    FAMILY,
    PROVISIONS_2008,
    dt.date(2008, 4, 1),
    (
        # (inclusive upper edge in yuan, or None for "above"; rate): on the whole base
        Rule(
            "employed_bands",
            (("3000", "0.005"), ("5000", "0.01"), ("10000", "0.015"), (None, "0.02")),
            PROVISIONS_2008,
            _("Article 2"),
            verified=True,
            label=_("Members on a wage: rate on the whole monthly base, by its band (edges inclusive)"),
            value_labels={
                ("3000", "0.005"): _("up to 3,000 yuan inclusive: 0.5%"),
                ("5000", "0.01"): _("above 3,000 to 5,000 yuan inclusive: 1%"),
                ("10000", "0.015"): _("above 5,000 to 10,000 yuan inclusive: 1.5%"),
                (None, "0.02"): _("above 10,000 yuan: 2%"),
            },
        ),
        Rule(
            "retired_bands",
            (("5000", "0.005"), (None, "0.01")),
            PROVISIONS_2008,
            _("Article 5"),
            label=_("Retired members: rate on the whole monthly pension, by its band (edges inclusive)"),
            value_labels={
                ("5000", "0.005"): _("up to 5,000 yuan inclusive: 0.5%"),
                (None, "0.01"): _("above 5,000 yuan: 1%"),
            },
        ),
        Rule(
            "flat_monthly",
            "0.20",
            PROVISIONS_2008,
            _("Article 6"),
            verified=True,
            label=_("Students, unemployed members and those living on relief: yuan a month"),
        ),
        Rule(
            "farmer_range",
            ("0.20", "1.00"),
            PROVISIONS_2008,
            _("Article 6"),
            verified=True,
            label=_("Farmer members: yuan a month, within this range"),
        ),
        Rule(
            "probationary_from_vote",
            True,
            PROVISIONS_2008,
            _("Article 8"),
            label=_("Probationary members pay from the day of the admitting meeting"),
        ),
        Rule(
            "voluntary_to_centre",
            "1000",
            PROVISIONS_2008,
            _("Article 11"),
            verified=True,
            label=_("A voluntary payment of this many yuan or more goes wholly to the centre"),
        ),
        Rule(
            "catch_up_months",
            6,
            PROVISIONS_2008,
            _("Article 12"),
            local=True,
            verified=True,
            label=_("Dues paid late: at most this many months back"),
        ),
        Rule(
            "arrears_reminder_months",
            3,
            LOCAL,
            _("Reminder of dues unpaid"),
            local=True,
            label=_("Months unpaid before the branch is reminded"),
        ),
        Rule(
            "lapse_months",
            6,
            CONSTITUTION,
            _("Article 9"),
            label=_("Consecutive months unpaid without good reason listed for the branch's decision (自行脱党)"),
        ),
        # The share of its month's dues each level keeps, in per cent by the kind of the
        # organization remitting (dues.remittance). The 2008 provisions leave it to each province
        # ("基层党委和地、市、县委上缴党费的比例，由各省、自治区、直辖市党委依据各自的情况确定"), so
        # these are a locality's numbers, set in DANGJIAN_RULES. Defaults: a branch keeps nothing
        # and hands everything to its committee (支部 do not keep accounts of their own in most
        # localities: the committee keeps the books and funds the branches' activities); a basic
        # committee (机关党委, 党委) keeps 80 % and remits 20 % to the working committee — the
        # share the central state organs' organ party committees remit to their working
        # committee (中央和国家机关基层党组织党费收缴、使用和管理办法 第四条), the one published
        # model of organ committees under a 工委; the working committee keeps nothing and remits
        # the rest to the district organization department, which manages the district's dues
        # for the district committee (党费由党委组织部门代党委统一管理). A kind not listed (a
        # general branch, which holds no members and approves nothing) remits nothing: its
        # branches remit to the committee above it.
        Rule(
            "kept_share_percent",
            {
                "branch": "0",
                "temporary_branch": "0",
                "organ_party_committee": "80",
                "party_committee": "80",
                "working_committee": "0",
            },
            LOCAL,
            _("Share of dues kept by each level"),
            local=True,
            label=_("Per cent of a month's dues each kind of organization keeps; it remits the rest to its superior"),
            value_labels=dict(OrgKind.choices),
        ),
        # Outside a district's system, recorded for reference: provinces (and the central
        # organs' working committees) remit 5 % of the year's dues to the centre by the end of
        # April of the next year (quoted without its article number).
        Rule(
            "province_to_centre_percent",
            "5",
            PROVISIONS_2008,
            _("Remitting dues to the centre"),
            label=_("Per cent of a year's dues a province remits to the centre, by the end of April of the next year"),
        ),
        # The provisions as quoted (the branch decides, the committee above approves) name no
        # period for a relief: a locality sets how long one approval lasts before the branch
        # asks again.
        Rule(
            "relief_max_months",
            12,
            LOCAL,
            _("Hardship relief"),
            local=True,
            label=_("A hardship relief (reduced or exempt dues) is approved for at most this many months"),
        ),
    ),
)
RULE_SETS = [DUES_2008]


def rule_on(code: str, day: dt.date) -> Rule:
    """The rule `code` in force on `day` (a month before 2008-04 follows the 2008 set: the only
    one recorded)."""
    sets = in_force(RULE_SETS, day) or [DUES_2008]
    return next(r for r in sets[0].rules if r.code == code)


def bands(code: str, day: dt.date) -> list[tuple[Decimal | None, Decimal]]:
    return [(None if edge is None else Decimal(edge), Decimal(rate)) for edge, rate in rule_on(code, day).current()]


def amount(code: str, day: dt.date) -> Decimal:
    return Decimal(rule_on(code, day).current())


def kept_share(kind: str, day: dt.date) -> Decimal | None:
    """The fraction (0.80 for 80 %) of its dues an organization of `kind` keeps, or None for a
    kind that keeps no dues account (it remits nothing)."""
    percent = rule_on("kept_share_percent", day).current().get(kind)
    return None if percent is None else Decimal(percent) / 100
