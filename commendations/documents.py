"""A round's documents as .docx from templates a locality can edit (docxtpl, core.docx): the
certificate of an honour and the list of a round (the notice's, or the decision's once decided).
The wording is the templates' (commendations.document_templates); this module gathers the facts."""

import datetime as dt

from commendations.models import Nomination, NominationStatus, Round, Status
from core import clock, docx
from core.errors import DomainError


def _day(day: dt.date | None) -> str:
    """A date as documents write it: 2026年12月15日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _name_and_unit(n: Nomination) -> tuple[str, str]:
    if n.member_id:
        return n.member.name, n.member.organization.name if n.member.organization else ""
    return n.nominee_organization.name, ""  # type: ignore[union-attr]


def certificate(nomination: Nomination) -> bytes:
    """The certificate of an honour: an approved nomination of a decided round."""
    round_ = nomination.round
    if round_.status != Status.DECIDED or nomination.status != NominationStatus.APPROVED:
        from django.utils.translation import gettext as _

        raise DomainError(_("A certificate is printed for an honour, once the round is decided."))
    name, unit = _name_and_unit(nomination)
    return docx.render(
        "commendations/certificate.docx",
        {
            "name": name,
            "unit": unit,
            "category": str(nomination.category.name),
            "round": round_.name,
            "level": round_.level,
            "decided_on": _day(round_.decided_on),
            "document_number": round_.document_number,
        },
    )


def round_list(round_: Round) -> bytes:
    """The notice's list, or the decision's once decided: the approved nominees by category."""
    if round_.status == Status.NOMINATION:
        from django.utils.translation import gettext as _

        raise DomainError(_("The list is printed once the public notice has started."))
    approved = (
        round_.nominations.filter(status=NominationStatus.APPROVED)
        .select_related("category", "member", "member__organization", "nominee_organization")
        .order_by("category__order", "organization__path", "pk")
    )
    categories: dict[int, dict] = {}
    for n in approved:
        name, unit = _name_and_unit(n)
        entry = categories.setdefault(n.category_id, {"name": str(n.category.name), "rows": []})
        entry["rows"].append({"name": name, "unit": unit})
    decided = round_.status == Status.DECIDED
    return docx.render(
        "commendations/round_list.docx",
        {
            "round": round_.name,
            "level": round_.level,
            "decided": decided,
            "notice_starts": _day(round_.notice_starts),
            "notice_ends": _day(round_.notice_ends),
            "decided_on": _day(round_.decided_on),
            "document_number": round_.document_number,
            "categories": list(categories.values()),
            "signed_on": _day(round_.decided_on if decided else round_.notice_starts or clock.today()),
        },
    )
