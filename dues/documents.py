"""The dues documents as .docx, from templates a locality can edit (docxtpl, core.docx): a
member's receipt for chosen months (党费收据) and an organization's annual account (党费收支年度
报表). The wording is the templates' (templates/documents/dues/, built by
dues.document_templates); this module gathers the facts, amounts as text to the fen and the
receipt's total also in Chinese capitals (`rmb_capitals`)."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock, docx
from core.errors import DomainError
from dues import remittance, rules
from dues.models import MonthlyDues
from dues.money import ZERO, to_fen
from members.models import Member
from orgs.models import PartyOrganization

DOCUMENTS = {
    "receipt": gettext_lazy("Party dues receipt"),
    "annual_account": gettext_lazy("Annual dues account"),
}

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_LARGE_UNITS = ("", "万", "亿", "万亿")


def rmb_capitals(amount: Decimal) -> str:
    """An amount in yuan in Chinese capitals (大写金额), as cheques and receipts write it
    (中国人民银行《支付结算办法》附件《正确填写票据和结算凭证的基本规定》): 整 after 元 when there
    are no 角 and 分; one 零 for a run of zeros inside the number; 零 after 元 when the 角 is zero
    and the 分 is not; no 零 before 角 after a round 元 (the form the rules allow either way).
    1409.50 → 壹仟肆佰零玖元伍角; 325.04 → 叁佰贰拾伍元零肆分; 100 → 壹佰元整; 0 → 零元整."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be a Decimal, not {type(amount).__name__}")
    if amount < 0:
        raise ValueError("a negative amount has no capitals here")
    fen_total = int(to_fen(amount) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if yuan >= 10**16:
        raise ValueError("too large an amount")
    text = ""
    if yuan:
        digits = str(yuan)
        zero = False
        for i, ch in enumerate(digits):
            position = len(digits) - 1 - i
            d = int(ch)
            if d == 0:
                zero = True
            else:
                if zero and text:
                    text += "零"
                zero = False
                text += _DIGITS[d] + _SMALL_UNITS[position % 4]
            if position % 4 == 0 and position > 0:
                group = digits[max(0, len(digits) - position - 4) : len(digits) - position]
                if int(group):
                    text += _LARGE_UNITS[position // 4]
        text += "元"
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    return text


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _month(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def receipt_rows(member: Member, months: list[dt.date]) -> list[MonthlyDues]:
    """The member's months among `months` with something paid, in order."""
    return list(
        MonthlyDues.objects.filter(member=member, month__in=months)
        .filter(Q(paid__gt=0) | Q(extra__gt=0))
        .select_related("organization")
        .order_by("month")
    )


def percent(share: Decimal) -> str:
    """0.8 → "80"."""
    return f"{(share * 100).normalize():f}"


def receipt(member: Member, months: list[dt.date]) -> bytes:
    """The receipt of `member`'s dues paid for `months` (those without a payment are left out)."""
    rows = receipt_rows(member, months)
    if not rows:
        raise DomainError(_("No dues paid in the months chosen: there is nothing to put on a receipt."))
    total = sum((r.paid + r.extra for r in rows), ZERO)
    organization = rows[-1].organization
    today = clock.today()
    context = {
        "member": member.name,
        "organization": organization.name,
        "rows": [
            {
                "month": _month(r.month),
                "due": f"{r.due:.2f}",
                "paid": f"{r.paid:.2f}",
                "extra": f"{r.extra:.2f}",
                "amount": f"{r.paid + r.extra:.2f}",
            }
            for r in rows
        ],
        "total": f"{total:.2f}",
        "total_capitals": rmb_capitals(total),
        "issued_on": _day(today),
        "number": f"{today:%Y%m%d}-{member.pk}-{rows[0].month:%Y%m}-{rows[-1].month:%Y%m}",
    }
    return docx.render("dues/receipt.docx", context)


def annual_account(org: PartyOrganization, year: int) -> bytes:
    """`org`'s account of `year` (dues.remittance.account)."""
    found = remittance.account(org, year)
    share = rules.kept_share(org.kind, dt.date(year, 1, 1))
    if share is None:
        raise DomainError(_("A %(kind)s keeps no dues account.") % {"kind": org.get_kind_display()})
    receiver = remittance.receiver_of(org)
    with translation.override(settings.LANGUAGE_CODE):

        def status(line) -> str:
            if not line.parts:
                return ""
            if receiver is None:
                return _("Remitted")
            return _("Confirmed") if line.confirmed else _("Awaiting confirmation")

        context = {
            "organization": org.name,
            "year": year,
            "receiver": receiver.name if receiver else "",
            "share": percent(share),
            "lines": [
                {
                    "month": f"{line.month.month}月",
                    **{name: f"{getattr(line, name):.2f}" for name in remittance.AMOUNTS},
                    "status": status(line),
                }
                for line in found["lines"]
            ],
            "totals": {name: f"{value:.2f}" for name, value in found["totals"].items()},
            "kept": f"{found['totals']['kept']:.2f}",
            "to_centre": f"{found['totals']['to_centre']:.2f}",
            "signed_on": _day(clock.today()),
        }
        return docx.render("dues/annual_account.docx", context)
