"""`field__any=[ids]` on PostgreSQL: `field = ANY(%s::bigint[])`, the ids bound as one array.

For a set of ids too long to write out (a committee's tens of thousands of organizations), as
`reports.annual.within` passes them. `IN (SELECT unnest(array))` would say the same, but the
planner cannot count the rows of an unnested array (it assumes 200) and answers with one index
probe per id; an array compared with `= ANY` is estimated from the column's statistics and
hashed once, so the statement reads the table and tests each row against the hash: 1.2 s
instead of 2.8 s for the annual report's composition of a million members."""

from django.db import NotSupportedError
from django.db.models import Field, ForeignObject, Lookup


class IdArray:
    """Ids as PostgreSQL's array text, `{1,2,3}`: one value for `__any`. Pass this rather than
    the list for tens of thousands of ids: Django checks every element of a list (and every
    character of a string) when the filter is built, and the driver adapts each id again — two
    seconds of Python for the annual report's twenty arrays of 58,000 — while this is one
    value, and not iterable."""

    __slots__ = ("text",)

    def __init__(self, ids) -> None:
        self.text = "{" + ",".join(map(str, map(int, ids))) + "}"


@Field.register_lookup
@ForeignObject.register_lookup
class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            raise NotSupportedError("__any is PostgreSQL's: elsewhere use __in")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self.rhs if isinstance(self.rhs, IdArray) else IdArray(self.rhs)
        return f"{lhs} = ANY(%s::bigint[])", (*lhs_params, ids.text)
