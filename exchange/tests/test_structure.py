import csv
from io import StringIO

import pytest
from django.core.management import call_command

from core import crypto
from exchange import export, members, posts, reader, structure
from members.models import Member
from orgs.models import OrgKind, PartyOrganization, Post, SuperiorFact, Unit, UnitCategory

UNIT_HEADER = [h for h, _r, _e in structure.UNIT_COLUMNS]
ORG_HEADER = [h for h, _r, _e in structure.ORG_COLUMNS]


def table(header, rows) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def run(validate, apply, data):
    plan = validate(reader.read_table(data))
    assert plan.ok, plan.errors
    return apply(plan, file_hash="f" * 64, acting_user=None)


def test_units_import_create_new_categories_and_again_change_nothing(db):
    data = table(UNIT_HEADER, [["U9", "万州区档案馆", "区级", "事业单位", "1998-06-01", ""]])
    assert run(structure.validate_units, structure.apply_units, data)["created"] == 1
    assert Unit.objects.get(code="U9").category == UnitCategory.objects.get(name="事业单位")
    assert run(structure.validate_units, structure.apply_units, data) == {"created": 0, "updated": 0, "unchanged": 1}
    bad = structure.validate_units(reader.read_table(table(UNIT_HEADER, [["U9", "x", "省级", "事业单位", "", ""]])))
    assert [e.reason for e in bad.errors] == ["层级应为：中央、中央在万单位、市属、市属在万单位、区级、区属"]


def test_organizations_are_created_parents_first_from_one_file(registry):
    rows = [
        ["C100", "档案馆第一支部", "党支部", "C101", "", "2010-01-01", "", "", "", ""],
        ["C101", "档案馆党总支", "党总支", registry.working.code, "", "2009-01-01", "", "", "", ""],
    ]
    assert run(structure.validate_organizations, structure.apply_organizations, table(ORG_HEADER, rows))["created"] == 2
    branch = PartyOrganization.objects.get(code="C100")
    assert PartyOrganization.objects.get_parent(branch).code == "C101"
    assert SuperiorFact.objects.get(organization=branch).valid_from.isoformat() == "2010-01-01"
    again = run(structure.validate_organizations, structure.apply_organizations, table(ORG_HEADER, rows))
    assert again == {"created": 0, "updated": 0, "unchanged": 2}


@pytest.mark.parametrize(
    "rows, reason",
    [
        (
            [
                ["T1", "x", "党委", "T2", "", "2010-01-01", "", "", "", ""],
                ["T2", "y", "党委", "T1", "", "2010-01-01", "", "", "", ""],
            ],
            "循环",
        ),
        ([["T3", "x", "党委", "NOPE", "", "2010-01-01", "", "", "", ""]], "没有这个党组织"),
        ([["T3", "x", "党支部", "", "", "2010-01-01", "", "", "", ""]], "只有党委可以没有上级"),
        ([["T3", "x", "组织", "", "", "2010-01-01", "", "", "", ""]], "组织类别应为"),
        ([["T3", "x", "党委", "BRANCH", "", "2010-01-01", "", "", "", ""]], "不能领导"),
        ([["T3", "x", "党委", "", "NOUNIT", "2010-01-01", "", "", "", ""]], "没有这个单位"),
        ([["T3", "x", "党委", "", "", "2099-01-01", "", "", "", ""]], "不能晚于今天"),
        ([["T3", "x", "党委", "", "", "2010-01-01", "2000-01-01", "", "", ""]], "不能早于成立日期"),
        ([["T3", "x", "党委", "", "", "2010-01-01", "", "", "", ""]] * 2, "重复"),
        ([["MOVED", "财政局第一支部", "党支部", "PC", "", "2000-01-01", "", "", "", ""]], "管理关系调整方案"),
    ],
)
def test_organization_rows_that_break_the_tree_are_refused(registry, rows, reason):
    codes = {"BRANCH": registry.branch_a.code, "PC": registry.pc.code, "MOVED": registry.branch_a.code}
    rows = [[codes.get(v, v) for v in r] for r in rows]
    before = PartyOrganization.objects.count()
    plan = structure.validate_organizations(reader.read_table(table(ORG_HEADER, rows)))
    assert any(reason in e.reason for e in plan.errors), plan.errors
    assert PartyOrganization.objects.count() == before


@pytest.mark.django_db(transaction=True)  # PostgreSQL will not TRUNCATE inside the test's transaction
def test_the_whole_demo_registry_round_trips_through_its_exports():
    """Export units, organizations and members from the demo, empty the database, import the
    three files, and today's registry is the same."""
    call_command("seed_demo", stdout=StringIO())

    def registry():
        parents = dict(
            SuperiorFact.objects.filter(valid_to__isnull=True).values_list("organization__code", "superior__code")
        )
        units = sorted(
            (u.code, u.name, u.level, u.category.name, u.established, u.abolished)
            for u in Unit.objects.select_related("category")
        )
        orgs = sorted(
            (
                o.code,
                o.name,
                o.kind,
                parents.get(o.code),
                o.unit.code if o.unit else None,
                o.founded,
                o.dissolved,
                o.term_years,
                o.term_start,
                o.term_end,
            )
            for o in PartyOrganization.objects.select_related("unit")
        )
        people = sorted(
            (
                m.id_number,
                m.name,
                m.gender,
                m.birth_date,
                m.ethnicity,
                m.education,
                m.degree,
                m.join_date,
                m.full_member_date,
                m.category,
                m.organization.code,
                m.work_post,
                m.is_leading_cadre,
                m.cadre_rank,
                m.occupation,
                m.retired_on,
                m.phone,
                m.memberships.get(valid_to__isnull=True).valid_from,
            )
            for m in Member.objects.filter(status="active").select_related("organization")
        )
        return units, orgs, people

    before = registry()
    files = {
        "units": export.table_xlsx("单位", structure.UNIT_COLUMNS, structure.unit_rows(Unit.objects.order_by("code"))),
        "organizations": export.table_xlsx(
            "党组织",
            structure.ORG_COLUMNS,
            structure.organization_rows(PartyOrganization.objects.select_related("unit").order_by("path")),
        ),
        "members": export.members_xlsx(Member.objects.filter(status="active").order_by("pk"), reveal=True)[0].read(),
        "posts": export.table_xlsx(
            "职务", posts.COLUMNS, posts.export_rows(Post.objects.filter(member__status="active"), reveal=True)
        ),
    }
    post_rows = sorted(
        (p.member.id_number, p.organization.code, p.role, p.full_time, p.rank, p.valid_from, p.valid_to)
        for p in Post.objects.filter(member__status="active").select_related("member", "organization")
    )
    call_command("flush", interactive=False, verbosity=0)
    crypto.reset_keys()
    assert not Member.objects.exists() and not PartyOrganization.objects.exists()
    run(structure.validate_units, structure.apply_units, files["units"])
    run(structure.validate_organizations, structure.apply_organizations, files["organizations"])
    run(members.validate, members.apply, files["members"])
    run(posts.validate, posts.apply, files["posts"])
    after = registry()
    assert after[0] == before[0]
    assert after[1] == before[1]
    assert after[2] == before[2]
    assert len(after[2]) == 7907 + 283  # the enterprises moved out in 2005 are members too
    # the member data of 党内统计 went through in every shape the demo has
    people = after[2]
    assert {p[4] for p in people} >= {"01", "15", "06"} and {p[6] for p in people} >= {
        "doctor",
        "master",
        "",
        "bachelor",
    }
    assert "" in {p[14] for p in people} and any(p[15] for p in people) and any(p[15] is None for p in people)
    assert post_rows == sorted(
        (p.member.id_number, p.organization.code, p.role, p.full_time, p.rank, p.valid_from, p.valid_to)
        for p in Post.objects.select_related("member", "organization")
    )
    assert len(post_rows) > 1000
    assert PartyOrganization.objects.filter(kind=OrgKind.BRANCH).count() > 400


POST_HEADER = [h for h, _r, _e in posts.COLUMNS]


def test_posts_import_and_their_rules(registry):
    zhang, li = registry.zhang_san.id_number, registry.li_si.id_number
    code = registry.branch_a.code
    rows = [
        [zhang, "张三", code, "书记", "否", "", "2020-01-01", ""],
        [li, "李四", code, "委员", "否", "", "2020-01-01", ""],
    ]
    assert run(posts.validate, posts.apply, table(POST_HEADER, rows))["created"] == 2
    assert run(posts.validate, posts.apply, table(POST_HEADER, rows))["unchanged"] == 2

    def reasons(rows):
        return " ".join(e.reason for e in posts.validate(reader.read_table(table(POST_HEADER, rows))).errors)

    assert "已有在任书记" in reasons([[li, "李四", code, "书记", "否", "", "2021-01-01", ""]])
    assert "不能早于入党日期" in reasons([[li, "李四", code, "委员", "否", "", "2001-01-01", ""]])
    assert "职务应为" in reasons([[li, "李四", code, "组长", "否", "", "2020-01-01", ""]])
    assert "应晚于任职日期" in reasons([[li, "李四", code, "委员", "否", "", "2020-01-01", "2019-01-01"]])
