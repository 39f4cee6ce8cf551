"""Development's documents from their templates: the notice, the report and the record print
the same sentences the code wrote before the wording moved to templates, and a locality's own
template replaces ours."""

import datetime as dt
from io import BytesIO

import pytest
from docx import Document

from core.errors import DomainError
from development import documents
from development.models import Candidate
from development.tests.test_rules import admitted, apply, step


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2028-06-30"


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(content)).paragraphs]


def rows(content: bytes) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in Document(BytesIO(content)).tables[0].rows]


@pytest.fixture
def candidate(registry):
    return admitted(registry, apply(registry))


def fresh(candidate):
    return Candidate.objects.get(pk=candidate.pk)


PROFILE = "    钱小二，男，汉族，1998年03月出生，大学本科学历，（岗位未填）。"


def test_the_notice_of_an_admission_prints_the_path_sponsors_and_period(candidate):
    assert paragraphs(documents.notice(candidate)) == [
        "关于钱小二同志拟发展为中共预备党员的公示",
        "    经财政局第一支部支部委员会研究，拟将钱小二同志列为发展对象、提交支部大会讨论接收为预备党员，现予以公示。",
        PROFILE,
        "    2025年01月06日递交入党申请书，2025年03月01日被确定为入党积极分子，2026年03月09日被确定为发展对象。",
        "    入党介绍人：张三、李四。",
        "    公示期：2026年04月13日至2026年04月17日（5个工作日）。"
        "公示期间，党员和群众可通过来信、来电、来访等方式向党组织反映情况。",
        "财政局第一支部",
        "2026年04月13日",
    ]


def test_the_report_of_a_conversion_counts_the_written_opinions(candidate):
    step(candidate, "conversion_application", dt.date(2027, 3, 25))
    step(candidate, "conversion_notice", dt.date(2027, 4, 1))
    step(candidate, "conversion_vote", dt.date(2027, 4, 20), present=2, yes=2, no=0, abstain=0, written_yes=1)
    notice = paragraphs(documents.notice(fresh(candidate)))
    assert notice[:2] == [
        "关于钱小二同志预备党员转为正式党员的公示",
        "    经财政局第一支部支部委员会研究，拟讨论钱小二同志转为正式党员，现予以公示。",
    ]
    assert paragraphs(documents.report(fresh(candidate))) == [
        "关于钱小二同志转为正式党员的请示",
        "上级党委：",
        "    2027年04月20日，财政局第一支部召开支部大会，讨论钱小二同志转为正式党员问题。"
        "支部应到会有表决权的正式党员3名，实到2名；表决结果：赞成2票、反对0票、弃权0票"
        "（另有书面意见：赞成1份、反对0份、弃权0份），通过。",
        PROFILE,
        "    妥否，请批示。",
        "财政局第一支部",
        "2027年04月20日",
    ]


def test_the_record_lists_every_step_with_its_detail(candidate):
    Candidate.objects.filter(pk=candidate.pk).update(work_post="科员")
    content = documents.development_record(fresh(candidate))
    assert paragraphs(content) == [
        "钱小二同志发展党员工作纪实",
        "钱小二，男，汉族，1998年03月出生，大学本科学历，科员；所在党支部：财政局第一支部。",
    ]
    table = rows(content)
    assert table[0] == ["日期", "环节", "决定或经办", "情况"]
    assert ["2026-03-10", "确定入党介绍人", "", "张三、李四"] in table
    assert ["2026-03-20", "政治审查", "", "政治审查合格"] in table
    assert ["2026-04-10", "上级党委预审", "", "入党志愿书编号2026-0001"] in table
    assert ["2026-04-20", "支部大会表决", "", "应到3、实到3、赞成3：通过"] in table
    assert ["2026-04-23", "部门党组讨论或审核", "财政局党组", ""] in table
    assert len(table) == 1 + fresh(candidate).steps.count()


def test_the_report_asked_before_the_vote_says_so(registry):
    with pytest.raises(DomainError) as e:
        documents.report(apply(registry))
    assert "支部大会" in e.value.message


def test_a_locality_template_replaces_ours_for_that_document_only(candidate, settings, tmp_path):
    mine = Document()
    mine.add_paragraph("{{ c.name }}同志入党公示（{{ start }}起{{ days }}个工作日）")
    (tmp_path / "development").mkdir()
    mine.save(tmp_path / "development" / "notice.docx")
    settings.DANGJIAN_DOCUMENT_TEMPLATES = str(tmp_path)
    assert paragraphs(documents.notice(candidate)) == ["钱小二同志入党公示（2026年04月13日起5个工作日）"]
    assert paragraphs(documents.report(candidate))[0] == "关于钱小二同志接收为中共预备党员的请示"
