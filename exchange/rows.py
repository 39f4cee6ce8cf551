"""What every import shares: the row error, the plan, and reading the cells of a row."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from core.i18n import format_lazy
from core.validators import shown
from exchange import normalize
from exchange.normalize import Invalid
from exchange.reader import Table
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization, _path_q

# reasons that several imports give
DUPLICATE = gettext_lazy("Duplicates row %(row)s")
NO_BRANCH = gettext_lazy("No such branch (or it is outside what you manage)")
SEVERAL_BRANCHES = gettext_lazy("Several branches have this name; please give the organization code")
LATER_THAN_TODAY = gettext_lazy("Cannot be later than today")
TOO_LONG = normalize.TOO_LONG


@dataclass
class RowError:
    """One refused cell. `message` says why: a lazy message (gettext_lazy, `core.i18n.format_lazy`),
    because rows are checked before anyone knows who reads the reason — the person at a terminal
    (the import command) or the batch, which keeps it as a record (`exchange.batches`)."""

    row: int
    column: str  # the column's header, as in the file and the template (Chinese)
    value: str
    message: str | Promise

    def __post_init__(self):
        # The refused value is shown back (page, error report) and kept with the batch.
        self.value = shown(self.value)

    @property
    def reason(self) -> str:
        """The message in the active language."""
        return str(self.message)


@dataclass
class Plan:
    """What an import would do: nothing is applied unless `ok`."""

    errors: list[RowError] = field(default_factory=list)
    new: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0
    # (row, person on file outside the importer's scope): refused with neutral words, and the
    # committee hears of them once, when the batch is checked (`exchange.batches.check`)
    outside: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


def rows(table: Table, columns, plan: Plan):
    """(row number, {header: cell}) for every data row; a missing required column is one error
    and no rows."""
    missing = [h for h, required, _e in columns if required and h not in table.headers]
    if missing:
        plan.errors.append(
            RowError(
                1, "、".join(missing), "", gettext_lazy("Required columns are missing; please use the import template")
            )
        )
        return
    index = {h: table.headers.index(h) for h, _r, _e in columns if h in table.headers}
    for n, values in table.rows:
        plan.rows += 1
        yield n, {h: (values[i] if i < len(values) else None) for h, i in index.items()}


def cell_reader(plan: Plan, n: int, cells: dict):
    """read(header, parse, required, max_length): the parsed cell, or None with the error
    recorded. `max_length`: the stored field's."""

    def read(header, parse=normalize.text, required=False, max_length=None):
        value = cells.get(header)
        try:
            result = parse(value)
        except Invalid as e:
            plan.errors.append(RowError(n, header, "" if value is None else str(value)[:100], e.message))
            return None
        if required and result in (None, ""):
            plan.errors.append(RowError(n, header, "", gettext_lazy("Required")))
        if max_length and isinstance(result, str) and len(result) > max_length:
            plan.errors.append(RowError(n, header, result[:20] + "…", format_lazy(TOO_LONG, limit=max_length)))
            return None
        return result

    return read


@dataclass
class Branches:
    """The organizations holding members that an import's rows may name (the members' and the
    dues' sheets), found by their code or by their name (folded: full-width, spaces)."""

    by_code: dict[str, PartyOrganization]
    by_name: dict[str, list[PartyOrganization]]

    @classmethod
    def within(cls, scope_paths: list[str] | None, *, dissolved: bool = False) -> "Branches":
        """Those in the importer's subtrees (`scope_paths`; None: all); a dissolved one only with
        `dissolved` (dues of its last months may still be paid)."""
        qs = PartyOrganization.objects.filter(kind__in=MEMBER_HOLDING_KINDS)
        if not dissolved:
            qs = qs.filter(dissolved__isnull=True)
        if scope_paths is not None:
            qs = qs.filter(_path_q("path", scope_paths))
        found = cls({}, {})
        for org in qs.only("pk", "name", "code", "path", "kind"):
            found.by_code[org.code] = org
            found.by_name.setdefault(normalize.fold_name(org.name), []).append(org)
        return found

    def find(self, text: str) -> tuple[PartyOrganization | None, Promise | None]:
        """The one organization `text` names (a code, else a name), or why there is none."""
        code = normalize.folded(text)
        found = [self.by_code[code]] if code in self.by_code else self.by_name.get(normalize.fold_name(text), [])
        if len(found) == 1:
            return found[0], None
        return None, NO_BRANCH if not found else SEVERAL_BRANCHES
