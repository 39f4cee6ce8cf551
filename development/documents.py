"""The documents of member development, as .docx: the public notice (公示), the branch's report
to the superior (请示) and the person's development record (发展党员纪实)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core import docx
from core.errors import DomainError
from development.models import Candidate, StepKind


def _last(candidate: Candidate, *kinds):
    return candidate.steps.filter(kind__in=kinds).order_by("-date", "-pk").first()


def _dated(candidate: Candidate, kind: str) -> str:
    step = _last(candidate, kind)
    return f"{step.date:%Y年%m月%d日}" if step else "—"


def _profile(candidate: Candidate) -> str:
    return (
        f"{candidate.name}，{candidate.get_gender_display()}，{candidate.ethnicity}，"
        f"{candidate.birth_date:%Y年%m月}出生，{candidate.get_education_display()}学历，"
        f"{candidate.work_post or '（岗位未填）'}"
    )


def notice(candidate: Candidate) -> bytes:
    step = _last(candidate, StepKind.NOTICE, StepKind.CONVERSION_NOTICE)
    if step is None:
        raise DomainError(_("No public notice is recorded yet: the notice document cannot be made."))
    conversion = step.kind == StepKind.CONVERSION_NOTICE
    subject = "预备党员转为正式党员" if conversion else "拟发展为中共预备党员"
    doc = docx.new()
    docx.paragraph(doc, f"关于{candidate.name}同志{subject}的公示", size=16, bold=True, center=True)
    body = (
        f"    经{candidate.organization.name}支部委员会研究，{'拟讨论' if conversion else '拟将'}"
        f"{candidate.name}同志{'转为正式党员' if conversion else '列为发展对象、提交支部大会讨论接收为预备党员'}，"
        "现予以公示。"
    )
    docx.paragraph(doc, body)
    docx.paragraph(doc, f"    {_profile(candidate)}。")
    docx.paragraph(
        doc,
        f"    {_dated(candidate, StepKind.APPLICATION)}递交入党申请书，{_dated(candidate, StepKind.ACTIVIST)}"
        f"被确定为入党积极分子，{_dated(candidate, StepKind.DEVELOPMENT_OBJECT)}被确定为发展对象。",
    )
    sponsors = _last(candidate, StepKind.SPONSORS)
    if sponsors:
        docx.paragraph(doc, f"    入党介绍人：{'、'.join(m.name for m in sponsors.members.all())}。")
    docx.paragraph(
        doc,
        f"    公示期：{step.date:%Y年%m月%d日}至{step.end_date:%Y年%m月%d日}（{step.number}个工作日）。"
        "公示期间，党员和群众可通过来信、来电、来访等方式向党组织反映情况。",
    )
    docx.paragraph(doc, f"{candidate.organization.name}", right=True)
    docx.paragraph(doc, f"{step.date:%Y年%m月%d日}", right=True)
    return docx.to_bytes(doc)


def _written(vote) -> str:
    """Absent members' written opinions, counted in the tally (细则 第二十一条)."""
    if not (vote.written_yes or vote.written_no or vote.written_abstain):
        return ""
    return f"（另有书面意见：赞成{vote.written_yes}份、反对{vote.written_no}份、弃权{vote.written_abstain}份）"


def report(candidate: Candidate) -> bytes:
    vote = _last(
        candidate, StepKind.VOTE, StepKind.CONVERSION_VOTE, StepKind.EXTENSION_VOTE, StepKind.CANCELLATION_VOTE
    )
    if vote is None:
        raise DomainError(_("No branch meeting vote is recorded yet: the request cannot be made."))
    subject = {
        StepKind.VOTE: "接收为中共预备党员",
        StepKind.CONVERSION_VOTE: "转为正式党员",
        StepKind.EXTENSION_VOTE: f"延长预备期{vote.number}个月",
        StepKind.CANCELLATION_VOTE: "取消预备党员资格",
    }[vote.kind]
    branch = vote.organization or candidate.organization
    doc = docx.new()
    docx.paragraph(doc, f"关于{candidate.name}同志{subject}的请示", size=16, bold=True, center=True)
    docx.paragraph(doc, "上级党委：")
    docx.paragraph(
        doc,
        f"    {vote.date:%Y年%m月%d日}，{branch.name}召开支部大会，"
        f"讨论{candidate.name}同志{subject}问题。"
        f"支部应到会有表决权的正式党员{vote.voting}名，实到{vote.present}名；表决结果：赞成{vote.yes}票、"
        f"反对{vote.no}票、弃权{vote.abstain}票{_written(vote)}，{'通过' if vote.passed else '未通过'}。",
    )
    docx.paragraph(doc, f"    {_profile(candidate)}。")
    docx.paragraph(doc, "    妥否，请批示。")
    docx.paragraph(doc, f"{branch.name}", right=True)
    docx.paragraph(doc, f"{vote.date:%Y年%m月%d日}", right=True)
    return docx.to_bytes(doc)


def development_record(candidate: Candidate) -> bytes:
    doc = docx.new()
    docx.paragraph(doc, f"{candidate.name}同志发展党员工作纪实", size=16, bold=True, center=True)
    docx.paragraph(doc, f"{_profile(candidate)}；所在党支部：{candidate.organization.name}。")
    docx.table(doc, ("日期", "环节", "决定或经办", "情况"), _record_rows(candidate))
    return docx.to_bytes(doc)


def _record_rows(candidate: Candidate):
    for step in candidate.steps.prefetch_related("members").order_by("date", "pk"):
        detail = step.note
        if step.kind in {StepKind.SPONSORS, StepKind.CONTACTS}:
            detail = "、".join(m.name for m in step.members.all())
        if step.reference:
            detail = f"入党志愿书编号{step.reference}" + (f"；{detail}" if detail else "")
        if step.passed is not None:
            detail = (
                f"应到{step.voting}、实到{step.present}、赞成{step.yes}{_written(step)}："
                f"{'通过' if step.passed else '未通过'}"
            )
        yield (f"{step.date:%Y-%m-%d}", step.get_kind_display(), step.decided_by, detail)


DOCUMENTS = {"notice": notice, "report": report, "record": development_record}
# What each document is called: the first part of its file's name.
DOCUMENT_TITLES = {
    "notice": pgettext_lazy("download", "Public notice"),
    "report": pgettext_lazy("download", "Report to the superior"),
    "record": pgettext_lazy("download", "Development record"),
}
