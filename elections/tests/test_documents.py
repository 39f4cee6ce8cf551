"""The election's documents: which the step has facts for, what each says in Chinese, the
numbers read from the rules, a locality's own template, and names no document can break."""

import datetime as dt
from fractions import Fraction
from io import BytesIO

import pytest
from docx import Document

from core.errors import DomainError
from elections import documents, services
from elections.models import Election, Step
from elections.tests import test_walk
from elections.tests.test_walk import draft, to_formal, votes
from members.models import Member
from orgs.models import PartyOrganization

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def branch(registry, settings):
    """The walk's branch: 教委第一支部, 8 full members, its term ended in October."""
    return test_walk.branch.__wrapped__(registry, settings)


def text(content: bytes) -> str:
    """The paragraphs and the table cells of a .docx, one per line (python-docx reads it)."""
    doc = Document(BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    lines += [" | ".join(c.text for c in row.cells) for table in doc.tables for row in table.rows]
    return "\n".join(lines)


def first_round(election, **kw):
    fields = {"present": 8, "issued": 8, "returned": 8, "invalid": 0}
    return services.do_record_round(
        election,
        held_on=DAY,
        votes=votes(election, 吴九=8, 冯二=7, 郑十=4, 陈一=3),
        acting_user=None,
        **{**fields, **kw},
    )


def elected_and_reported(election):
    """The second round elects the last seat; the committee elects 冯二 and 吴九."""
    if not election.rounds.exists():
        first_round(election)
    services.do_record_round(
        election,
        held_on=DAY,
        present=8,
        issued=8,
        returned=8,
        invalid=1,
        votes=votes(election, 郑十=6, 陈一=1),
        acting_user=None,
    )
    nominee = {n.member_id: n for n in election.nominees.all()}
    services.do_elect_officers(
        election,
        day=DAY,
        secretary=nominee[member_id("冯二")],
        deputies=[nominee[member_id("吴九")]],
        acting_user=None,
    )
    return Election.objects.get(pk=election.pk)


def member_id(name: str) -> int:
    return Member.objects.get(name__contains=name).pk


def paragraphs(content: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)


def fresh(election):
    return Election.objects.get(pk=election.pk)


# -- which documents, when ---------------------------------------------------------------------


def test_each_step_offers_the_documents_it_has_the_facts_for(branch):
    election = draft(branch)
    assert documents.available(election) == ["request"]
    services.do_send_request(election, day=DAY, acting_user=None)
    assert documents.available(fresh(election)) == ["request"]
    services.do_reply_request(fresh(election), approve=True, day=DAY, note="", acting_user=None)
    assert documents.available(fresh(election)) == ["request", "reply"]


def test_the_walk_offers_the_procedure_and_ballot_then_the_count_and_no_ballot_once_all_are_elected(branch):
    election = to_formal(branch)
    assert documents.available(election) == ["request", "reply", "procedure", "ballot"]
    first_round(election)
    assert documents.available(fresh(election)) == ["request", "reply", "procedure", "ballot", "count_report"]
    election = elected_and_reported(fresh(election))
    assert election.step == Step.REPORTED
    assert documents.available(election) == ["request", "reply", "procedure", "count_report"]
    services.do_decide_result(election, approve=True, day=DAY, note="", acting_user=None)
    assert documents.available(fresh(election)) == ["request", "reply", "procedure", "count_report"]


def test_a_returned_request_has_no_reply_and_a_cancelled_election_no_documents(branch):
    election = draft(branch)
    services.do_send_request(election, day=DAY, acting_user=None)
    services.do_reply_request(fresh(election), approve=False, day=DAY, note="委员名额请按5名重新请示", acting_user=None)
    election = fresh(election)
    assert election.replied_on == DAY and documents.available(election) == ["request"]
    services.do_cancel_election(election, note="合并换届", acting_user=None)
    assert documents.available(fresh(election)) == []
    with pytest.raises(DomainError) as e:
        documents.render(fresh(election), "request")
    assert e.value.message == "该换届选举已撤销，不再打印其文书。"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("reply", "上级尚未批复请示，没有可打印的批复。"),
        ("procedure", "正式候选人尚未确定，不能打印选举办法。"),
        ("ballot", "正式候选人确定后、尚有名额待选时，才能打印选票。"),
        ("count_report", "尚未计票，不能打印计票结果报告。"),
    ],
)
def test_a_document_asked_for_too_early_says_what_is_missing(branch, name, message):
    election = draft(branch)
    with pytest.raises(DomainError) as e:
        documents.render(election, name)
    assert e.value.message == message


# -- what each says ----------------------------------------------------------------------------


def test_the_request_states_the_term_members_seats_competition_method_and_date(branch, registry):
    election = draft(branch)
    services.do_send_request(election, day=DAY, acting_user=None)
    body = paragraphs(documents.render(fresh(election), "request"))
    assert "关于召开党员大会进行换届选举的请示" in body
    assert f"{registry.pc.name}：" in body  # to the approving committee
    assert "教委第一支部现任委员会于2023年10月20日选举产生，任期已于2026年10月20日届满。" in body
    members = Member.objects.under(branch, DAY)
    full = members.filter(full_member_date__lte=DAY).count()
    assert f"截至2026年11月30日，教委第一支部共有党员{members.count()}名，其中正式党员{full}名。" in body
    assert "新一届委员会拟设委员3名，其中书记1名、副书记1名。" in body
    assert "委员实行差额选举，候选人数多于应选人数20%以上，拟提名候选人不少于4名。" in body
    assert "书记、副书记由新一届委员会第一次全体会议等额选举产生" in body
    assert "拟召开党员大会，采用无记名投票方式进行选举。" in body
    assert "拟于2026年12月15日召开党员大会。" in body
    assert "《中国共产党基层组织选举工作条例（2020）》" in body
    assert body.rstrip().endswith("妥否，请批示。\n\n教委第一支部\n2026年11月30日")


def test_the_request_of_a_dispersed_congress_without_competition_says_so(branch):
    election = draft(branch, method="delegate_congress", dispersed=True, competitive=False, deputies=0)
    body = text(documents.render(election, "request"))
    assert "关于召开党员代表大会进行换届选举的请示" in body
    assert "因党员居住、工作分散，拟召开党员代表大会" in body
    assert "委员实行等额选举，拟提名候选人3名。书记由新一届委员会" in body
    assert "副书记" not in body


def test_the_reply_agrees_to_the_request_of_its_date(branch, registry):
    election = draft(branch)
    services.do_send_request(election, day=DAY, acting_user=None)
    services.do_reply_request(fresh(election), approve=True, day=DAY, note="", acting_user=None)
    body = paragraphs(documents.render(fresh(election), "reply"))
    assert "关于同意教委第一支部召开党员大会进行换届选举的批复" in body
    assert "教委第一支部：" in body
    assert (
        "你们2026年11月30日《关于召开党员大会进行换届选举的请示》收悉。经研究，同意你们召开党员大会进行换届选举。"
        in body
    )
    assert "新一届委员会由委员3名组成，设书记1名、副书记1名。" in body
    assert "即不少于4名" in body and "此复。" in body
    assert body.rstrip().endswith(f"{registry.pc.name}\n2026年11月30日")


def test_the_procedure_reads_every_share_from_the_rules(branch, monkeypatch):
    election = to_formal(branch)
    body = text(documents.render(election, "procedure"))
    assert "教委第一支部党员大会选举办法" in body
    assert "正式候选人4名，多于应选人数1名（差额不少于应选人数的20%）" in body
    assert "有选举权的到会人数超过应到会人数的五分之四，方可进行选举。" in body
    assert "超过实到会有选举权人数的二分之一，始得当选" in body
    assert "根据《中国共产党章程》和《中国共产党基层组织选举工作条例（2020）》" in body
    # no share is written in the template: another rule prints another number
    real = documents.rules.share
    monkeypatch.setattr(
        documents.rules, "share", lambda code, day: Fraction(2, 3) if code == "election_quorum" else real(code, day)
    )
    assert "超过应到会人数的三分之二" in text(documents.render(election, "procedure"))


def test_the_ballot_lists_the_candidates_by_strokes_with_a_write_in_line_per_seat(branch):
    election = to_formal(branch)
    doc = Document(BytesIO(documents.render(election, "ballot")))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert [r[0] for r in rows[1:]] == ["冯二", "吴九", "陈一", "郑十", "另选他人：", "另选他人：", "另选他人："]
    body = text(documents.render(election, "ballot"))
    assert "（无记名投票）" in body and "选举新一届委员会委员选票" in body
    assert "本次选举应选委员3名，候选人4名" in body
    assert "每张选票画“○”的人数（含另选他人）最多3名" in body and "多于3名的为无效票" in body
    first_round(election)
    again = Document(BytesIO(documents.render(fresh(election), "ballot")))
    assert [row.cells[0].text for row in again.tables[0].rows[1:]] == ["陈一", "郑十", "另选他人："]
    assert "选举新一届委员会委员（另行选举）选票" in text(documents.render(fresh(election), "ballot"))


def test_the_count_report_gives_each_round_and_the_officers(branch, registry):
    election = elected_and_reported(to_formal(branch))
    doc = Document(BytesIO(documents.render(election, "count_report")))
    body = paragraphs(documents.render(election, "count_report"))
    assert "教委第一支部党员大会选举计票结果报告" in body
    assert "应到会有选举权的党员8名" in body
    assert (
        "第一轮选举（2026年11月30日）：应选3名；实到会有选举权的党员8名，超过应到会人数的五分之四；"
        "发出选票8张，收回8张，其中有效票8张、无效票0张。获得赞成票5票及以上" in body
    )
    assert "第二轮选举（另行选举）（2026年11月30日）：应选1名" in body and "有效票7张、无效票1张" in body
    first, second = ([[c.text for c in row.cells] for row in t.rows[1:]] for t in doc.tables)
    assert first == [
        ["吴九", "8", "当选"],
        ["冯二", "7", "当选"],
        ["郑十", "4", "未当选"],
        ["陈一", "3", "未当选"],
    ]  # most votes first
    assert second == [["郑十", "6", "当选"], ["陈一", "1", "未当选"]]
    assert "本轮当选：吴九、冯二。" in body
    assert "经选举，冯二、吴九、郑十（按姓氏笔画为序）当选为新一届委员会委员。" in body
    assert "等额选举冯二为书记，吴九为副书记。" in body
    assert body.rstrip().endswith("妥否，请批示。\n\n教委第一支部\n2026年11月30日")


def test_the_count_report_after_one_round_names_the_seats_left(branch):
    election = to_formal(branch)
    first_round(election)
    body = text(documents.render(fresh(election), "count_report"))
    assert "尚有1个名额须另行选举。" in body and "特此报告。" in body and "书记" not in body


# -- a locality's templates, and any name --------------------------------------------------------


def test_a_locality_folder_replaces_one_template_and_keeps_ours_for_the_others(branch, settings, tmp_path):
    mine = Document()
    mine.add_paragraph("本县格式：同意{{ organization }}换届（{{ replied_on }}）")
    (tmp_path / "elections").mkdir()
    mine.save(tmp_path / "elections" / "reply.docx")
    settings.DANGJIAN_DOCUMENT_TEMPLATES = str(tmp_path)
    election = draft(branch)
    services.do_send_request(election, day=DAY, acting_user=None)
    services.do_reply_request(fresh(election), approve=True, day=DAY, note="", acting_user=None)
    assert (
        text(documents.render(fresh(election), "reply")).strip() == "本县格式：同意教委第一支部换届（2026年11月30日）"
    )
    assert "关于召开党员大会进行换届选举的请示" in text(documents.render(fresh(election), "request"))


def test_a_locality_template_with_an_unknown_name_is_refused_naming_the_file(branch, settings, tmp_path):
    mine = Document()
    mine.add_paragraph("{{ orgnization }}")
    (tmp_path / "elections").mkdir()
    mine.save(tmp_path / "elections" / "request.docx")
    settings.DANGJIAN_DOCUMENT_TEMPLATES = str(tmp_path)
    with pytest.raises(DomainError) as e:
        documents.render(draft(branch), "request")
    assert "elections/request.docx" in e.value.message and "orgnization" in e.value.message


def test_names_holding_markup_and_control_characters_print_as_typed(branch):
    election = elected_and_reported(to_formal(branch))
    # stored as old data is, past every form
    typed = '<b>&"冯二'
    Member.objects.filter(name="冯二").update(name=typed + "\x01\x1b\ufffe")
    PartyOrganization.objects.filter(pk=branch.pk).update(name='教委<i>第一支部</i> & "x"\x02')
    for name in documents.available(election):
        body = text(documents.render(fresh(election), name))
        assert "\x01" not in body and "\x02" not in body and "\ufffe" not in body, name
        assert '教委<i>第一支部</i> & "x"' in body, name
    assert f"经选举，吴九、郑十、{typed}（按姓氏笔画为序）" in text(documents.render(fresh(election), "count_report"))
