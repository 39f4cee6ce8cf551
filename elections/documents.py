"""The election's documents as .docx, from templates a locality can edit (docxtpl): the request
(请示), the reply (批复), the election procedure (选举办法), the ballot (选票) and the count report
(计票结果报告). Built by a later commit; the names and the signature are fixed."""

from django.utils.translation import gettext_lazy as _

from elections.models import Election

DOCUMENTS = {
    "request": _("Request for the election (请示)"),
    "reply": _("Reply of the superior (批复)"),
    "procedure": _("Election procedure (选举办法)"),
    "ballot": _("Ballot (选票)"),
    "count_report": _("Count report (计票结果报告)"),
}


def available(election: Election) -> list[str]:
    """The documents the election's step has the facts for, in the order above."""
    raise NotImplementedError


def render(election: Election, name: str) -> bytes:
    """The document `name` of `election` (DomainError when its step lacks the facts)."""
    raise NotImplementedError
