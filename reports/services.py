"""The one writer of explanations (审核要点的说明): written, changed or cleared by the clerk of
the scope, audited with the text before and after."""

from django.db import transaction

from audit.services import record
from orgs.models import PartyOrganization
from reports.models import Explanation


def do_write_explanation(organization: PartyOrganization, year: int, figure: str, text: str, *, acting_user) -> bool:
    """Set the explanation of `figure` in `organization`'s report of `year` to `text` (cleared
    when empty). Whether anything changed: nothing is written or audited otherwise."""
    with transaction.atomic():
        current = Explanation.objects.select_for_update().filter(organization=organization, year=year, figure=figure)
        old = current.first()
        if (old.text if old else "") == text:
            return False
        if not text:
            current.delete()
        elif old is None:
            Explanation.objects.create(
                organization=organization, year=year, figure=figure, text=text, written_by=acting_user
            )
        else:
            old.text, old.written_by = text, acting_user
            old.save(update_fields=["text", "written_by", "written_at"])
        record(
            "reports.explanation.write",
            actor=acting_user,
            target=organization,
            organization=organization,
            old={"year": year, "figure": figure, "text": old.text if old else ""},
            new={"year": year, "figure": figure, "text": text},
        )
    return True
