"""The operations of the benchmark suite and their floors: for each, the smallest SQL written by
hand that gives the same answer the page shows, and a check that it does."""

import datetime as dt
import re

from django.db import connection

from bench.suite import Operation
from core import clock

PAGE = 50  # settings.PAGE_SIZE
TREE_PAGE = 100  # orgs.views.TREE_PAGE
PAST = dt.date(2010, 1, 1)


def _t(label: str) -> str:
    from django.apps import apps

    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def sql(statement: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


def _ids_on_page(response) -> list[int]:
    return [int(x) for x in re.findall(r'href="/members/(\d+)/"', response.content.decode())]


def _same(a, b, what: str) -> None:
    assert a == b, f"{what}: the floor answered {b!r}, the page {a!r}"


# -- statistics ---------------------------------------------------------------------------------


def stats_today_floor(root_path: str, include_root: bool):
    """Today's figures from the current tree (a path prefix) and the roll: one statement."""
    org, member, unit = _t("orgs.PartyOrganization"), _t("members.Member"), _t("orgs.Unit")
    body, post = _t("orgs.WorkingBody"), _t("orgs.Post")
    depth = "" if include_root else "AND o.path <> %(root)s"
    return dict(
        sql(
            f"""
        WITH sub AS (SELECT o.id, o.kind, o.unit_id FROM {org} o
                     WHERE o.path LIKE %(prefix)s AND o.dissolved IS NULL {depth})
        SELECT 'kind:' || kind, COUNT(*) FROM sub GROUP BY kind
        UNION ALL SELECT 'level:' || u.level, COUNT(DISTINCT u.id) FROM sub JOIN {unit} u ON u.id = sub.unit_id
                  GROUP BY u.level
        UNION ALL SELECT 'members:' || m.category, COUNT(*) FROM {member} m JOIN sub ON sub.id = m.organization_id
                  WHERE m.status = 'active' GROUP BY m.category
        UNION ALL SELECT 'bodies', COUNT(*) FROM {body} w JOIN sub ON sub.id = w.organization_id
                  WHERE w.abolished IS NULL
        UNION ALL SELECT 'post:' || p.role, COUNT(*) FROM {post} p JOIN sub ON sub.id = p.organization_id
                  WHERE sub.kind = 'organ_party_committee' AND p.full_time AND p.valid_to IS NULL GROUP BY p.role
        """,
            {"prefix": root_path + "%", "root": root_path},
        )
    )


def stats_as_of_floor(root_id: int, day: dt.date, include_root: bool):
    """The figures as of `day` from the facts: the walk down the superior facts valid that day
    and the memberships valid that day, one statement."""
    fact, org, ms, member = (
        _t("orgs.SuperiorFact"),
        _t("orgs.PartyOrganization"),
        _t("members.Membership"),
        _t("members.Member"),
    )
    valid = "f.valid_from <= %(day)s AND (f.valid_to IS NULL OR f.valid_to > %(day)s)"
    start = "f.organization_id = %(root)s" if include_root else "f.superior_id = %(root)s"
    return dict(
        sql(
            f"""
        WITH RECURSIVE walk(id) AS (
            SELECT f.organization_id FROM {fact} f WHERE {start} AND {valid}
            UNION ALL
            SELECT f.organization_id FROM {fact} f JOIN walk ON f.superior_id = walk.id WHERE {valid}
        ),
        sub AS (SELECT o.id, o.kind FROM walk JOIN {org} o ON o.id = walk.id
                WHERE o.dissolved IS NULL OR o.dissolved > %(day)s)
        SELECT 'kind:' || kind, COUNT(*) FROM sub GROUP BY kind
        UNION ALL
        SELECT CASE WHEN m.full_member_date <= %(day)s THEN 'members:full' ELSE 'members:probationary' END,
               COUNT(*)
        FROM sub JOIN {ms} ms ON ms.organization_id = sub.id JOIN {member} m ON m.id = ms.member_id
        WHERE ms.valid_from <= %(day)s AND (ms.valid_to IS NULL OR ms.valid_to > %(day)s)
        GROUP BY CASE WHEN m.full_member_date <= %(day)s THEN 'members:full' ELSE 'members:probationary' END
        """,
            {"root": root_id, "day": day},
        )
    )


def _check_stats(committee, day, root=None):
    from reports import stats

    report = stats.build(committee, day, root)

    def check(response, answer):
        for kind in ("branch", "general_branch", "organ_party_committee"):
            _same(report.organizations[kind], answer.get(f"kind:{kind}", 0), kind)
        _same(report.members["full"], answer.get("members:full", 0), "full members")
        _same(report.members["probationary"], answer.get("members:probationary", 0), "probationary members")
        assert f"{report.members['total']}" in response.content.decode().replace(",", "")

    return check, report.members["total"]


# -- the tree -----------------------------------------------------------------------------------


def children_floor(parent):
    """A page of children, then each child's live descendants and members on the roll by
    category, grouped by the child's path prefix within the page's path range."""
    org, member = _t("orgs.PartyOrganization"), _t("members.Member")
    children = sql(
        f"""SELECT c.id, c.name, c.path FROM {org} c WHERE c.path LIKE %s AND c.depth = %s AND c.dissolved IS NULL
            ORDER BY c.path LIMIT {TREE_PAGE}""",
        [parent.path + "%", parent.depth + 1],
    )
    if not children:
        return children, [], []
    length = len(children[0][2])
    low, high = children[0][2], children[-1][2] + "~"  # '~' sorts after the path alphabet
    descendants = sql(
        f"""SELECT SUBSTR(d.path, 1, {length}), COUNT(*) FROM {org} d
            WHERE d.path > %s AND d.path < %s AND d.depth > %s AND d.dissolved IS NULL GROUP BY 1""",
        [low, high, parent.depth + 1],
    )
    members = sql(
        f"""SELECT SUBSTR(o.path, 1, {length}), m.category, COUNT(*) FROM {member} m
            JOIN {org} o ON o.id = m.organization_id
            WHERE o.path >= %s AND o.path < %s AND m.status = 'active' GROUP BY 1, 2""",
        [low, high],
    )
    return children, descendants, members


def _check_children(response, answer):
    children, _descendants, _members = answer
    page = response.content.decode()
    for _id, name, _path in children:
        assert name in page, name


def tree_root_floor(root):
    """The tree's first page for the committee: its live descendants and members on the roll by
    category in its subtree."""
    org, member = _t("orgs.PartyOrganization"), _t("members.Member")
    return (
        sql(
            f"SELECT COUNT(*) FROM {org} WHERE path LIKE %s AND depth > %s AND dissolved IS NULL",
            [root.path + "%", root.depth],
        ),
        sql(
            f"""SELECT m.category, COUNT(*) FROM {member} m JOIN {org} o ON o.id = m.organization_id
                WHERE o.path LIKE %s AND m.status = 'active' GROUP BY m.category""",
            [root.path + "%"],
        ),
    )


def _check_tree_root(response, answer):
    (descendants,), _members = answer
    assert f"{descendants[0]}" in response.content.decode().replace(",", ""), descendants


def home_floor(root):
    """The home page's figures for the committee's scope, one statement."""
    org, member, unit = _t("orgs.PartyOrganization"), _t("members.Member"), _t("orgs.Unit")
    return sql(
        f"""
        SELECT
          (SELECT COUNT(DISTINCT o.unit_id) FROM {org} o WHERE o.path LIKE %(p)s AND o.unit_id IS NOT NULL),
          (SELECT COUNT(*) FROM {org} o WHERE o.path LIKE %(p)s AND o.path <> %(root)s AND o.dissolved IS NULL),
          (SELECT COUNT(*) FROM {org} o WHERE o.path LIKE %(p)s AND o.kind = 'branch' AND o.dissolved IS NULL),
          (SELECT COUNT(*) FROM {member} m JOIN {org} o ON o.id = m.organization_id
             WHERE o.path LIKE %(p)s AND m.status = 'active'),
          (SELECT COUNT(*) FROM {member} m JOIN {org} o ON o.id = m.organization_id
             WHERE o.path LIKE %(p)s AND m.status = 'active' AND m.category = 'probationary'),
          (SELECT COUNT(*) FROM {org} o WHERE o.path LIKE %(p)s AND o.term_end < %(today)s AND o.dissolved IS NULL),
          (SELECT COUNT(*) FROM {unit})
        """,
        {"p": root.path + "%", "root": root.path, "today": clock.today()},
    )[0]


def _check_home(response, answer):
    page = response.content.decode().replace(",", "")
    assert f">{answer[3]}<" in page, answer


# -- members ------------------------------------------------------------------------------------


def member_page_floor(scope_path: str, where: str, params: list, page: int, order: str = "m.name_pinyin"):
    """One page of the roll in pinyin order, and the count the pager needs."""
    org, member = _t("orgs.PartyOrganization"), _t("members.Member")
    base = f"""FROM {member} m JOIN {org} o ON o.id = m.organization_id
               WHERE o.path LIKE %s AND m.status = 'active' {where}"""
    ids = sql(
        f"SELECT m.id FROM (SELECT m.id, m.name_pinyin {base}) m ORDER BY {order}, m.id "
        f"LIMIT {PAGE} OFFSET {(page - 1) * PAGE}",
        [scope_path + "%", *params],
    )
    (count,) = sql(f"SELECT COUNT(*) {base}", [scope_path + "%", *params])[0]
    return [i for (i,) in ids], count


def _check_member_page(response, answer):
    ids, _count = answer
    _same(_ids_on_page(response), ids, "members on the page")


def member_detail_floor(pk: int):
    member, ms, org, post = (
        _t("members.Member"),
        _t("members.Membership"),
        _t("orgs.PartyOrganization"),
        _t("orgs.Post"),
    )
    return (
        sql(f"SELECT m.*, o.name FROM {member} m LEFT JOIN {org} o ON o.id = m.organization_id WHERE m.id = %s", [pk]),
        sql(
            f"SELECT ms.*, o.name FROM {ms} ms JOIN {org} o ON o.id = ms.organization_id WHERE ms.member_id = %s", [pk]
        ),
        sql(f"SELECT p.*, o.name FROM {post} p JOIN {org} o ON o.id = p.organization_id WHERE p.member_id = %s", [pk]),
    )


def _check_detail(response, answer):
    (row,), _memberships, _posts = answer
    assert row[-1] in response.content.decode()


# -- superiors ----------------------------------------------------------------------------------


def superiors_floor(day: dt.date):
    """Per superior: the departments' top organizations it leads on `day`, and their members."""
    fact, org, ms = _t("orgs.SuperiorFact"), _t("orgs.PartyOrganization"), _t("members.Membership")
    valid = "f.valid_from <= %(day)s AND (f.valid_to IS NULL OR f.valid_to > %(day)s)"
    return sql(
        f"""
        WITH RECURSIVE f AS (SELECT * FROM {fact} f WHERE {valid}),
        tops AS (
            SELECT f.organization_id AS id, f.superior_id AS superior, o.unit_id FROM f
            JOIN {org} o ON o.id = f.organization_id JOIN {org} s ON s.id = f.superior_id
            WHERE o.unit_id IS NOT NULL AND (s.unit_id IS NULL OR s.unit_id <> o.unit_id)
              AND (o.dissolved IS NULL OR o.dissolved > %(day)s) AND (s.dissolved IS NULL OR s.dissolved > %(day)s)
        ),
        walk(top, id) AS (
            SELECT id, id FROM tops
            UNION ALL SELECT walk.top, f.organization_id FROM f JOIN walk ON f.superior_id = walk.id
        ),
        members AS (
            SELECT walk.top, COUNT(*) AS n FROM walk JOIN {ms} ms ON ms.organization_id = walk.id
            WHERE ms.valid_from <= %(day)s AND (ms.valid_to IS NULL OR ms.valid_to > %(day)s) GROUP BY walk.top
        )
        SELECT tops.superior, COUNT(DISTINCT tops.unit_id), COUNT(*), COALESCE(SUM(members.n), 0)
        FROM tops LEFT JOIN members ON members.top = tops.id GROUP BY tops.superior
        """,
        {"day": day},
    )


def _check_superiors(day):
    from reports import superiors

    report = superiors.build(day)

    def check(response, answer):
        expected = sorted((r.superior.pk, len(r.departments), len(r.organizations), r.members) for r in report.rows)
        _same(expected, sorted(answer), "superiors")

    return check, len(report.rows)


# -- the list -----------------------------------------------------------------------------------


def operations() -> list[Operation]:
    from members.models import Member
    from orgs.models import WorkingCommittee

    committee = WorkingCommittee.objects.select_related("organization").get()
    root = committee.organization
    # a department's subtree: the statistics its organ party committee's officer sees
    from accounts.models import User

    officer = User.objects.get(username="jiguandangwei")
    department = officer.role_assignments.select_related("organization").first().organization
    big = wide_node(root)
    today = clock.today()
    check_today, today_rows = _check_stats(committee, today)
    check_dept, dept_rows = _check_stats(committee, today, department)
    check_past, past_rows = _check_stats(committee, PAST)
    check_sup, sup_rows = _check_superiors(dt.date(2004, 12, 31))
    filters = "AND m.gender = %s AND m.education = %s"
    filtered = Member.objects.filter(
        organization__path__startswith=root.path, status="active", gender="F", education="bachelor"
    ).count()
    far_page = min(1000, max(1, -(-filtered // PAGE)))
    member = Member.objects.filter(status="active").order_by("pk").first()
    searched = Member.objects.filter(status="active", name_initials__startswith="zs").count()
    return [
        Operation(
            "statistics, whole tree, today",
            "/stats/",
            lambda: stats_today_floor(root.path, False),
            check_today,
            today_rows,
        ),
        Operation(
            f"statistics, one department ({department.name}), today",
            "/stats/",
            lambda: stats_today_floor(department.path, True),
            check_dept,
            dept_rows,
            user="jiguandangwei",
        ),
        Operation(
            f"statistics, whole tree, as of {PAST}",
            f"/stats/?as_of={PAST}",
            lambda: stats_as_of_floor(root.pk, PAST, False),
            check_past,
            past_rows,
        ),
        Operation("home page (the scope's figures)", "/", lambda: home_floor(root), _check_home, 7),
        Operation(
            "tree: the committee with its counts",
            "/orgs/",
            lambda: tree_root_floor(root),
            _check_tree_root,
            1,
        ),
        Operation(
            f"tree: expand a node of {big.numchild} children (a page of {TREE_PAGE})",
            f"/orgs/{big.pk}/children/",
            lambda: children_floor(big),
            _check_children,
            min(TREE_PAGE, big.numchild),
        ),
        Operation(
            f"tree: expand the committee ({root.numchild:,} children, a page of {TREE_PAGE})",
            f"/orgs/{root.pk}/children/",
            lambda: children_floor(root),
            _check_children,
            min(TREE_PAGE, root.numchild),
        ),
        Operation(
            "member list, page 1",
            "/members/",
            lambda: member_page_floor(root.path, "", [], 1),
            _check_member_page,
            PAGE,
        ),
        Operation(
            f"member list, 2 filters, page {far_page}",
            f"/members/?gender=F&education=bachelor&page={far_page}",
            lambda: member_page_floor(root.path, filters, ["F", "bachelor"], far_page),
            _check_member_page,
            filtered,
        ),
        Operation(
            "member search by pinyin initials (zs)",
            "/members/?q=zs",
            lambda: member_page_floor(
                root.path,
                "AND (m.name_pinyin LIKE %s OR m.name_initials LIKE %s)",
                ["zs%", "zs%"],
                1,
                order="m.name_pinyin || ''",  # few rows: sort them rather than walk the index
            ),
            _check_member_page,
            searched,
        ),
        Operation(
            "member search by name (张伟)",
            "/members/?q=张伟",
            lambda: member_page_floor(root.path, "AND m.name LIKE %s", ["张伟%"], 1, order="m.name_pinyin || ''"),
            _check_member_page,
            Member.objects.filter(status="active", name__startswith="张伟").count(),
        ),
        Operation(
            "member detail",
            f"/members/{member.pk}/",
            lambda: member_detail_floor(member.pk),
            _check_detail,
            1,
        ),
        Operation(
            "superiors report as of 2004-12-31",
            "/stats/superiors/?as_of=2004-12-31",
            lambda: superiors_floor(dt.date(2004, 12, 31)),
            check_sup,
            sup_rows,
        ),
    ]


def wide_node(root):
    """A node with 500 children (the issue's case): made once in the benchmark database, an
    organ party committee of empty branches, written straight into the tree and its facts."""
    from django.db import transaction

    from orgs.models import OrgKind, PartyOrganization
    from orgs.services import place_organization

    name = "基准测试机关党委（500个支部）"
    node = PartyOrganization.objects.filter(name=name).first()
    if node:
        return node
    day = dt.date(2020, 1, 1)
    with transaction.atomic():
        node = place_organization(
            PartyOrganization(
                name=name, code="BENCH500", kind=OrgKind.ORGAN_PARTY_COMMITTEE, founded=day, term_years=5
            ),
            root,
            day,
        )
        for i in range(500):
            place_organization(
                PartyOrganization(
                    name=f"基准测试第{i + 1}支部",
                    code=f"BENCH500-{i:03d}",
                    kind=OrgKind.BRANCH,
                    founded=day,
                    term_years=3,
                ),
                node,
                day,
            )
    return PartyOrganization.objects.get(pk=node.pk)
