import datetime as dt
import html
import json
import re
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from audit.models import AuditEvent
from development.models import Candidate, Step
from development.tests.test_rules import apply, ready_for_vote, step, to_development_object


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


def test_the_branch_records_its_steps_and_the_superior_approves(registry, client_for, branch_secretary, opc_officer):
    c = apply(registry)
    ready_for_vote(registry, c)
    page = client_for(branch_secretary).get(reverse("development:candidate", args=[c.pk])).content.decode()
    assert "支部大会表决" in page and "上级党委审批" not in page.split('data-testid="actions"')[1].split("</div>")[0]
    response = client_for(branch_secretary).post(
        reverse("development:step_create", args=[c.pk, "vote"]),
        {
            "date": "2026-04-20",
            "present": "2",
            "yes": "1",
            "no": "1",
            "abstain": "0",
            "written_yes": "1",
            "decided_by": "支部大会",
        },
    )
    assert response.status_code == 302
    vote = Step.objects.get(candidate=c, kind="vote")
    assert (vote.passed, vote.written_yes) == (True, 1)  # 1 present + 1 written of 3 entitled
    page = client_for(branch_secretary).get(reverse("development:candidate", args=[c.pk])).content.decode()
    assert "书面意见" in page
    # the branch cannot approve its own admission; its superior can
    assert (
        client_for(branch_secretary).get(reverse("development:step_create", args=[c.pk, "approval"])).status_code == 403
    )
    # the department's party group discusses it; the organ party committee records that
    assert (
        client_for(branch_secretary)
        .get(reverse("development:step_create", args=[c.pk, "party_group_review"]))
        .status_code
        == 403
    )
    client_for(opc_officer).post(
        reverse("development:step_create", args=[c.pk, "party_group_review"]),
        {"date": "2026-05-04", "decided_by": "财政局党组会议"},
    )
    client_for(opc_officer).post(
        reverse("development:step_create", args=[c.pk, "superior_talk"]), {"date": "2026-05-06"}
    )
    response = client_for(opc_officer).post(
        reverse("development:step_create", args=[c.pk, "approval"]),
        {"date": "2026-05-10", "decided_by": "机关党委会议"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.member.join_date == dt.date(2026, 4, 20)


def test_a_refused_step_shows_the_rule_and_saves_nothing(registry, client_for, branch_secretary):
    c = apply(registry)
    step(c, "talk", dt.date(2025, 1, 20))
    step(c, "activist", dt.date(2025, 3, 1))
    response = client_for(branch_secretary).post(
        reverse("development:step_create", args=[c.pk, "development_object"]), {"date": "2025-12-01"}
    )
    assert response.status_code == 200
    assert "第十三条" in response.content.decode()
    assert not Step.objects.filter(candidate=c, kind="development_object").exists()


def test_the_board_marks_overdue_steps(registry, client_for, branch_secretary):
    late = apply(registry, name="迟到", day=dt.date(2026, 1, 5))  # no talk within a month
    apply(registry, name="按时", day=dt.date(2026, 6, 20))
    page = client_for(branch_secretary).get(reverse("development:board", args=[registry.branch_a.pk])).content.decode()
    board = page.split('data-testid="board"')[1]
    row = board.split("迟到")[1].split("</tr>")[0]
    assert "2026-02-05" in row and "逾期" in row
    assert "逾期" not in board.split("按时")[1].split("</tr>")[0]
    assert late.stage == "applicant"


def test_the_board_exports_its_rows_and_the_export_is_audited(registry, client_for, branch_secretary):
    apply(registry, name="迟到", day=dt.date(2026, 1, 5))
    response = client_for(branch_secretary).get(reverse("development:board_export", args=[registry.branch_a.pk]))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "所在党组织", "阶段")
    assert rows[1] == (
        "迟到",
        "财政局第一支部",
        "入党申请人",
        "2026-01-05",
        "谈话",
        "2026-02-05",
        "是",
    )  # one calendar month, not 30 days
    assert AuditEvent.objects.get(action="members.exported").target_repr == "发展党员名单导出（1人）"
    other = client_for(branch_secretary).get(reverse("development:board_export", args=[registry.branch_c.pk]))
    assert other.status_code == 404


def test_the_notice_downloads_as_docx(registry, client_for, branch_secretary):
    c = apply(registry)
    ready_for_vote(registry, c)
    response = client_for(branch_secretary).get(reverse("development:document", args=[c.pk, "notice"]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert f"关于{c.name}同志拟发展为中共预备党员的公示" in text
    assert "2026年04月13日至2026年04月17日（5个工作日）" in text
    assert "入党介绍人：张三、李四" in text


def test_the_command_counts_stages_and_overdue(registry):
    apply(registry, name="甲", day=dt.date(2026, 1, 5))
    c = apply(registry, name="乙", day=dt.date(2026, 6, 1))
    step(c, "talk", dt.date(2026, 6, 2))
    out = StringIO()
    call_command("development", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == {
        "as_of": "2026-06-30",
        "stages": {"applicant": 2, "activist": 0, "development_object": 0, "probationary": 0},
        "overdue": 1,
    }
    out = StringIO()
    call_command("development", "--organization", str(registry.branch_c.pk), "--json", stdout=out)
    assert json.loads(out.getvalue())["stages"]["applicant"] == 0
    assert Candidate.objects.count() == 2


def _offered(client, page: str, q: str) -> str:
    """What the sponsor picker of `page` offers for `q` (issue 16: a picker, not a list)."""
    source = html.unescape(re.search(r'data-source="([^"]+)"', page).group(1))
    return client.get(f"{source}&q={q}").content.decode()


def test_sponsors_are_chosen_from_the_departments_full_members(registry, client_for, opc_officer):
    c = apply(registry)
    to_development_object(registry, c)
    url = reverse("development:step_create", args=[c.pk, "sponsors"])
    client = client_for(opc_officer)
    page = client.get(url).content.decode()
    assert "孙七" in _offered(client, page, "sq")  # the other branch of the department
    assert "赵六" not in _offered(client, page, "zl")  # no probationary member
    response = client_for(opc_officer).post(
        url, {"date": "2026-03-10", "members": [registry.zhang_san.pk, registry.sun_qi.pk]}
    )
    assert response.status_code == 302
    assert set(Step.objects.get(candidate=c, kind="sponsors").members.all()) == {registry.zhang_san, registry.sun_qi}


def test_a_branch_secretary_chooses_sponsors_only_among_the_members_they_see(registry, client_for, branch_secretary):
    """The department's other branch (孙七, 周八) is outside the branch secretary's subtree: the
    choice of sponsors does not list its members, and naming one is refused."""
    c = apply(registry)
    to_development_object(registry, c)
    url = reverse("development:step_create", args=[c.pk, "sponsors"])
    client = client_for(branch_secretary)
    page = client.get(url).content.decode()
    assert "张三" in _offered(client, page, "zs") and "王五" in _offered(client, page, "ww")
    assert "孙七" not in _offered(client, page, "sq") and "周八" not in _offered(client, page, "zb")
    response = client.post(url, {"date": "2026-03-10", "members": [registry.zhang_san.pk, registry.sun_qi.pk]})
    assert response.status_code == 200 and "孙七" not in response.content.decode()
    assert not Step.objects.filter(candidate=c, kind="sponsors").exists()


def test_overdue_steps_become_to_do_items_once_for_whoever_decides(registry, settings):
    from work.models import ItemKind, WorkItem
    from work.services import do_create_reminders

    apply(registry, name="迟到", day=dt.date(2026, 1, 5))  # talk due 2026-02-05
    c = apply(registry, name="待批")
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    step(c, "party_group_review", dt.date(2026, 4, 25))  # now the superior talk is due by 2026-07-20
    do_create_reminders(dt.date(2026, 7, 31))
    do_create_reminders(dt.date(2026, 7, 31))
    items = {i.title.split("（")[0]: i for i in WorkItem.objects.filter(kind=ItemKind.DEVELOPMENT_DUE)}
    assert set(items) == {"发展党员：迟到", "发展党员：待批"}
    assert items["发展党员：迟到"].organization == registry.branch_a
    assert items["发展党员：待批"].organization == registry.opc  # the approving committee


def test_development_reminders_are_keyed_by_the_step_code_not_its_wording(registry):
    from django.utils import translation

    from work.models import ItemKind, WorkItem
    from work.services import do_create_reminders

    c = apply(registry, name="迟到", day=dt.date(2026, 1, 5))  # talk due 2026-02-05
    do_create_reminders(dt.date(2026, 3, 1))
    with translation.override("en"):  # every label reads differently
        do_create_reminders(dt.date(2026, 3, 1))
    (item,) = WorkItem.objects.filter(kind=ItemKind.DEVELOPMENT_DUE)
    assert item.source_key == f"development:{c.pk}:talk:2026-02-05"
    assert "谈话" in item.title


def test_the_board_does_not_query_per_person(registry, client_for, branch_secretary, django_assert_max_num_queries):
    for i in range(3):
        to_development_object(registry, apply(registry, name=f"甲{i}"))
    client = client_for(branch_secretary)
    url = reverse("development:board", args=[registry.branch_a.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for i in range(3, 9):
        to_development_object(registry, apply(registry, name=f"甲{i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_vote_form_says_how_many_are_entitled_today(registry, client_for, branch_secretary):
    c = apply(registry)
    ready_for_vote(registry, c)
    page = client_for(branch_secretary).get(reverse("development:step_create", args=[c.pk, "vote"])).content.decode()
    assert "今天财政局第一支部应到会有表决权的正式党员3名" in page


def test_the_committees_board_does_not_query_per_branch(registry, client_for, secretary, django_assert_max_num_queries):
    from orgs.models import OrgKind

    to_development_object(registry, apply(registry, name="甲"))
    client = client_for(secretary)
    url = reverse("development:board", args=[registry.working.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(4):  # four more branches, each with a record
        branch = registry.org(f"新支部{i}", OrgKind.BRANCH, registry.opc, registry.finance, registry.working.founded)
        to_development_object(registry, apply(registry, name=f"乙{i}", branch=branch))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_many_branches_get_the_same_party_group_answer_in_one_query(registry, django_assert_num_queries):
    from development.services import needs_party_group_review, party_group_reviews

    branches = [registry.branch_a, registry.branch_b, registry.branch_c]
    with django_assert_num_queries(1):
        answers = party_group_reviews(branches)
    assert answers == {b.pk: needs_party_group_review(b) for b in branches}
