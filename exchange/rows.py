"""What every import shares: the row error, the plan, and reading the cells of a row."""

from dataclasses import dataclass, field

from exchange import normalize
from exchange.normalize import Invalid
from exchange.reader import Table


@dataclass
class RowError:
    row: int
    column: str
    value: str
    reason: str


@dataclass
class Plan:
    """What an import would do: nothing is applied unless `ok`."""

    errors: list[RowError] = field(default_factory=list)
    new: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: int = 0
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


def rows(table: Table, columns, plan: Plan):
    """(row number, {header: cell}) for every data row; a missing required column is one error
    and no rows."""
    missing = [h for h, required, _e in columns if required and h not in table.headers]
    if missing:
        plan.errors.append(RowError(1, "、".join(missing), "", "缺少必填列，请使用导入模板"))
        return
    index = {h: table.headers.index(h) for h, _r, _e in columns if h in table.headers}
    for n, values in table.rows:
        plan.rows += 1
        yield n, {h: (values[i] if i < len(values) else None) for h, i in index.items()}


def cell_reader(plan: Plan, n: int, cells: dict):
    """read(header, parse, required): the parsed cell, or None with the error recorded."""

    def read(header, parse=normalize.text, required=False):
        value = cells.get(header)
        try:
            result = parse(value)
        except Invalid as e:
            plan.errors.append(RowError(n, header, "" if value is None else str(value)[:100], str(e)))
            return None
        if required and result in (None, ""):
            plan.errors.append(RowError(n, header, "", "必填"))
        return result

    return read
