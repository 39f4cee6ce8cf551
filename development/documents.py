"""The documents of member development, as .docx: the public notice (公示), the branch's report
to the superior (请示) and the person's development record (发展党员纪实). The wording is the
templates' (templates/documents/development/, built by development.document_templates; a
locality may put its own, core.docx); this module gathers the facts each is given."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core import docx
from core.errors import DomainError
from development.models import Candidate, StepKind


def _last(candidate: Candidate, *kinds):
    return candidate.steps.filter(kind__in=kinds).order_by("-date", "-pk").first()


def _day(day) -> str:
    return f"{day:%Y年%m月%d日}"


def _dated(candidate: Candidate, kind: str) -> str:
    step = _last(candidate, kind)
    return _day(step.date) if step else "—"


def _person(candidate: Candidate) -> dict:
    return {
        "name": candidate.name,
        "gender": candidate.get_gender_display(),
        "ethnicity": candidate.get_ethnicity_display(),
        "born": f"{candidate.birth_date:%Y年%m月}",
        "education": candidate.get_education_display(),
        "work_post": candidate.work_post,
    }


def _vote(step) -> dict:
    """A branch meeting's vote; absent members' written opinions count in the tally (细则
    第二十一条) and are printed when there are any."""
    return {
        "date": _day(step.date),
        "voting": step.voting,
        "present": step.present,
        "yes": step.yes,
        "no": step.no,
        "abstain": step.abstain,
        "written": bool(step.written_yes or step.written_no or step.written_abstain),
        "written_yes": step.written_yes,
        "written_no": step.written_no,
        "written_abstain": step.written_abstain,
        "passed": step.passed,
    }


def _render(name: str, context: dict) -> bytes:
    # Kind labels in the Chinese of the document, whatever the printing user's language.
    with translation.override(settings.LANGUAGE_CODE):
        return docx.render(f"development/{name}.docx", context)


def notice(candidate: Candidate) -> bytes:
    step = _last(candidate, StepKind.NOTICE, StepKind.CONVERSION_NOTICE)
    if step is None:
        raise DomainError(_("No public notice is recorded yet: the notice document cannot be made."))
    sponsors = _last(candidate, StepKind.SPONSORS)
    return _render(
        "notice",
        {
            "c": _person(candidate),
            "organization": candidate.organization.name,
            "conversion": step.kind == StepKind.CONVERSION_NOTICE,
            "applied": _dated(candidate, StepKind.APPLICATION),
            "activist": _dated(candidate, StepKind.ACTIVIST),
            "development_object": _dated(candidate, StepKind.DEVELOPMENT_OBJECT),
            "sponsors": [m.name for m in sponsors.members.all()] if sponsors else [],
            "start": _day(step.date),
            "end": _day(step.end_date),
            "days": step.number,
        },
    )


def report(candidate: Candidate) -> bytes:
    vote = _last(
        candidate, StepKind.VOTE, StepKind.CONVERSION_VOTE, StepKind.EXTENSION_VOTE, StepKind.CANCELLATION_VOTE
    )
    if vote is None:
        raise DomainError(_("No branch meeting vote is recorded yet: the request cannot be made."))
    branch = vote.organization or candidate.organization
    return _render(
        "report",
        {
            "c": _person(candidate),
            "organization": branch.name,
            "kind": vote.kind,
            "months": vote.number,
            "v": _vote(vote),
        },
    )


def development_record(candidate: Candidate) -> bytes:
    return _render(
        "record",
        {"c": _person(candidate), "organization": candidate.organization.name, "steps": list(_record_rows(candidate))},
    )


def _record_rows(candidate: Candidate):
    for step in candidate.steps.prefetch_related("members").order_by("date", "pk"):
        detail = step.note
        if step.kind in {StepKind.SPONSORS, StepKind.CONTACTS}:
            detail = "、".join(m.name for m in step.members.all())
        yield {
            **(_vote(step) if step.passed is not None else {"passed": None}),
            "date": f"{step.date:%Y-%m-%d}",
            "kind": step.get_kind_display(),
            "decided_by": step.decided_by,
            "reference": step.reference,
            "detail": detail,
        }


DOCUMENTS = {"notice": notice, "report": report, "record": development_record}
# What each document is called: the first part of its file's name.
DOCUMENT_TITLES = {
    "notice": pgettext_lazy("download", "Public notice"),
    "report": pgettext_lazy("download", "Report to the superior"),
    "record": pgettext_lazy("download", "Development record"),
}
