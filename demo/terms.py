"""Terms of the demo's organizations, by the rules in force when each term started."""

import datetime as dt

from orgs.models import PartyOrganization
from orgs.rules import has_term
from orgs.services import apply_term_rules


def set_term(org: PartyOrganization, start: dt.date | None) -> None:
    """The term starting on `start`, its length from the rules in force that day (orgs.rules),
    through the same function the services use; none for kinds that are not elected."""
    org.term_start = start if has_term(org.kind) else None
    org.term_end = None
    apply_term_rules(org)
