"""What can be imported, each with its columns, checks, writer and the capability it needs."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.roles import EDIT_REGISTRY, EDIT_UNITS, RECORD_DUES
from exchange import dues, members, posts, structure


@dataclass(frozen=True)
class Kind:
    label: str
    sheet: str
    columns: list
    validate: Callable
    apply: Callable
    capability: str
    # what the preview shows beyond the counts (plan → dict kept in the batch's summary)
    preview: Callable | None = None


KINDS = {
    "members": Kind(_("Members"), "党员", members.COLUMNS, members.validate, members.apply, EDIT_REGISTRY),
    "units": Kind(
        _("Units"), "单位", structure.UNIT_COLUMNS, structure.validate_units, structure.apply_units, EDIT_UNITS
    ),
    "organizations": Kind(
        _("Party organizations"),
        "党组织",
        structure.ORG_COLUMNS,
        structure.validate_organizations,
        structure.apply_organizations,
        EDIT_UNITS,
    ),
    "posts": Kind(_("Posts"), "职务", posts.COLUMNS, posts.validate, posts.apply, EDIT_UNITS),
    # recorded by those who record a branch's dues: its officers and its 党费收缴员 (treasurer)
    "dues": Kind(
        _("Party dues paid (payroll sheet)"),
        "党费",
        dues.COLUMNS,
        dues.validate,
        dues.apply,
        RECORD_DUES,
        preview=dues.preview,
    ),
}
