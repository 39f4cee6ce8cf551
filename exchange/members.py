"""Importing members from a spreadsheet: every row validated, nothing written unless every row
passes, and the same file imported twice changes nothing (rows are matched by ID number).

A new member is registered in their branch from the date given (default: the joining date);
a known member on the roll in the same branch has their personal data updated; a known member
elsewhere is an error — moving members is a transfer, not an import."""

from django.db import transaction
from django.utils.translation import gettext_lazy

from audit.services import record
from core import clock, crypto, idcard
from core.i18n import format_lazy, stored
from core.periods import add_years
from core.rules import of_age_to_join, probation_ends
from exchange import normalize
from exchange.reader import Table
from exchange.rows import (
    DUPLICATE,
    LATER_THAN_TODAY,
    NO_BRANCH,
    TOO_LONG,
    Branches,
    Plan,
    RowError,
    cell_reader,
    rows,
)
from members.codes import ethnicity_code, ethnicity_name
from members.models import Category, Degree, Education, Member, Occupation, Status
from members.services import CANNOT_REGISTER, MIN_WORKING_AGE, register_members
from orgs.models import Rank

# (header, required, example)
COLUMNS = [
    ("姓名", True, "张三"),
    ("身份证号", True, "500101198505200012"),
    ("性别", False, "男"),
    ("民族", False, "汉族"),
    ("学历", True, "大学本科"),
    ("学位", False, "学士"),
    ("入党日期", True, "2010-07-01"),
    ("转正日期", False, "2011-07-01"),
    ("党员类别", False, "正式党员"),
    ("所在党支部", True, "财政局机关第一党支部"),
    ("转入本支部日期", False, "2010-07-01"),
    ("联系电话", False, "13800000000"),
    ("工作岗位", False, "科员"),
    ("是否领导干部", False, "否"),
    ("职级", False, ""),
    ("职业类别", False, "党政机关工作人员"),
    ("离退休日期", False, ""),
    # The export writes the branch's name where a clerk reads it and its code here, so that a
    # list exported and imported again finds each branch even where names repeat.
    ("党组织编码", False, ""),
]
EDUCATION = {
    "研究生": Education.POSTGRADUATE,
    "博士": Education.POSTGRADUATE,
    "硕士": Education.POSTGRADUATE,
    "博士研究生": Education.POSTGRADUATE,
    "硕士研究生": Education.POSTGRADUATE,
    "大学本科": Education.BACHELOR,
    "本科": Education.BACHELOR,
    "大学专科": Education.COLLEGE,
    "大专": Education.COLLEGE,
    "专科": Education.COLLEGE,
    "中专": Education.SECONDARY,
    "中等专科": Education.SECONDARY,
    "中专及以下": Education.SECONDARY,
    "高中及以下": Education.HIGH_SCHOOL,  # the old scale's last level
    "高中": Education.HIGH_SCHOOL,
    "中技": Education.HIGH_SCHOOL,
    "高中、中技": Education.HIGH_SCHOOL,
    "初中": Education.JUNIOR,
    "初中及以下": Education.JUNIOR,
    "小学": Education.JUNIOR,
}
DEGREE = {
    "博士": Degree.DOCTOR,
    "博士学位": Degree.DOCTOR,
    "硕士": Degree.MASTER,
    "硕士学位": Degree.MASTER,
    "学士": Degree.BACHELOR,
    "学士学位": Degree.BACHELOR,
    "": "",
}
# The categories of 党内统计 by their names and the usual short ones. The keys are as
# `normalize.choice` compares them (full-width brackets folded to half-width).
OCCUPATION = {
    "工人(工勤技能人员)": Occupation.WORKER,
    "工人": Occupation.WORKER,
    "工勤技能人员": Occupation.WORKER,
    "农牧渔民": Occupation.FARMER,
    "企事业单位、社会组织专业技术人员": Occupation.PROFESSIONAL,
    "专业技术人员": Occupation.PROFESSIONAL,
    "企事业单位、社会组织管理人员": Occupation.MANAGER,
    "管理人员": Occupation.MANAGER,
    "党政机关工作人员": Occupation.OFFICIAL,
    "学生": Occupation.STUDENT,
    "其他职业人员": Occupation.OTHER,
    "": "",
}
RETIREMENT_WORDS = {"离退休", "退休", "离休", "离退休人员", "退休人员", "离休人员"}
GENDER = {"男": "M", "女": "F", "1": "M", "2": "F", "男性": "M", "女性": "F"}
CATEGORY = {
    "正式党员": Category.FULL,
    "正式": Category.FULL,
    "预备党员": Category.PROBATIONARY,
    "预备": Category.PROBATIONARY,
}
RANK = {
    "正处级": Rank.DIVISION,
    "副处级": Rank.DEPUTY_DIVISION,
    "正科级": Rank.SECTION,
    "副科级": Rank.DEPUTY_SECTION,
    "科员": Rank.CLERK,
    "": "",
}
PERSONAL = (
    "name",
    "ethnicity",
    "education",
    "degree",
    "join_date",
    "full_member_date",
    "category",
    "work_post",
    "is_leading_cadre",
    "cadre_rank",
    "occupation",
    "retired_on",
)


def validate(table: Table, *, scope_paths: list[str] | None = None) -> Plan:
    """Check every row; `scope_paths` limits the branches the importer may fill (None: all)."""
    plan = Plan()
    branches = Branches.within(scope_paths)
    today = clock.today()
    seen: dict[str, int] = {}
    parsed = []
    for n, cells in rows(table, COLUMNS, plan):
        errors_before = len(plan.errors)
        row = _row(n, cells, plan, branches, today)
        if row is None or len(plan.errors) > errors_before:
            continue
        number = row["id_number"]
        if number in seen:
            plan.errors.append(RowError(n, "身份证号", number, format_lazy(DUPLICATE, row=seen[number])))
            continue
        seen[number] = n
        parsed.append((n, row))
    if plan.errors:
        return plan
    existing = {
        m.id_number_hash: m
        for m in Member.objects.filter(id_number_hash__in=[crypto.keyed_hash(r["id_number"]) for _n, r in parsed])
    }
    visible = _visible(scope_paths, existing.values())
    for n, row in parsed:
        member = existing.get(crypto.keyed_hash(row["id_number"]))
        if member is not None and member.pk not in visible:
            # someone on file outside the importer's scope: the same words whoever it is, so
            # that the preview tells no one their status or organization
            plan.errors.append(RowError(n, "身份证号", row["id_number"][:6] + "…", gettext_lazy(CANNOT_REGISTER)))
            plan.outside.append((n, member))
            continue
        _plan_row(plan, n, row, member)
    return plan


def _visible(scope_paths: list[str] | None, members) -> set[int]:
    """The pks of `members` inside the subtrees `scope_paths` (None: all)."""
    pks = [m.pk for m in members]
    if scope_paths is None:
        return set(pks)
    return set(Member.objects.filter(Member.scope_q(scope_paths), pk__in=pks).values_list("pk", flat=True))


def _row(n, cells, plan, branches, today) -> dict | None:
    row: dict = {}
    read = cell_reader(plan, n, cells)

    row["name"] = read("姓名", normalize.text, required=True)
    raw_id = read("身份证号", normalize.folded, required=True)
    if raw_id:
        try:
            birth, gender = idcard.parse(raw_id)
            row["id_number"], row["birth_date"], row["gender"] = idcard.normalize(raw_id), birth, gender
        except idcard.InvalidIdNumber as e:
            plan.errors.append(RowError(n, "身份证号", raw_id, e.args[0]))
    gender = read("性别", lambda v: normalize.choice(v, GENDER, "性别") if normalize.text(v) else "")
    if gender and row.get("gender") and gender != row["gender"]:
        plan.errors.append(
            RowError(
                n, "性别", _shown(cells.get("性别")), gettext_lazy("Does not match the 17th character of the ID number")
            )
        )
    # an empty cell is a nationality not known (what an export writes for one), never 汉族
    ethnicity = read("民族", normalize.text) or ""
    row["ethnicity"] = ethnicity_code(ethnicity)
    if ethnicity and not row["ethnicity"]:
        plan.errors.append(
            RowError(n, "民族", ethnicity[:20], gettext_lazy("Not one of the nationalities of GB/T 3304"))
        )
    row["education"] = read("学历", lambda v: normalize.choice(v, EDUCATION, "学历"), required=True)
    row["degree"] = read("学位", lambda v: normalize.choice(v, DEGREE, "学位")) or ""
    row["occupation"] = read("职业类别", _occupation) or ""
    row["retired_on"] = read("离退休日期", normalize.date)
    row["join_date"] = read("入党日期", normalize.date, required=True)
    row["full_member_date"] = read("转正日期", normalize.date)
    category = read("党员类别", lambda v: normalize.choice(v, CATEGORY, "党员类别") if normalize.text(v) else "")
    row["since"] = read("转入本支部日期", normalize.date)
    row["phone"] = read("联系电话", normalize.folded) or ""
    row["work_post"] = read("工作岗位", normalize.text) or ""
    row["is_leading_cadre"] = read("是否领导干部", normalize.boolean) or False
    row["cadre_rank"] = read("职级", lambda v: normalize.choice(v, RANK, "职级")) or ""
    branch_text = read("所在党支部", normalize.text, required=True)
    branch_code = read("党组织编码", normalize.folded)
    if branch_code:
        if branch_code in branches.by_code:
            row["organization"] = branches.by_code[branch_code]
        else:
            plan.errors.append(RowError(n, "党组织编码", branch_code, NO_BRANCH))
    elif branch_text:
        org, why = branches.find(branch_text)
        if why is not None:
            plan.errors.append(RowError(n, "所在党支部", branch_text, why))
        else:
            row["organization"] = org
    join, full = row.get("join_date"), row.get("full_member_date")
    if join:
        if join > today:
            plan.errors.append(RowError(n, "入党日期", str(join), LATER_THAN_TODAY))
        if row.get("birth_date") and not of_age_to_join(row["birth_date"], join):
            plan.errors.append(
                RowError(
                    n, "入党日期", str(join), gettext_lazy("Must have been at least eighteen years old on joining")
                )
            )
        if full and full < probation_ends(join):
            plan.errors.append(
                RowError(
                    n,
                    "转正日期",
                    str(full),
                    format_lazy(
                        gettext_lazy("The probation lasts one year: not earlier than %(day)s"),
                        day=probation_ends(join),
                    ),
                )
            )
        if full and full > today:
            plan.errors.append(RowError(n, "转正日期", str(full), LATER_THAN_TODAY))
        since = row.get("since") or join
        if since < join or since > today:
            plan.errors.append(
                RowError(n, "转入本支部日期", str(since), gettext_lazy("Must be between the joining date and today"))
            )
        row["since"] = since
    retired, birth = row.get("retired_on"), row.get("birth_date")
    if retired and birth and not add_years(birth, MIN_WORKING_AGE) <= retired <= today:
        plan.errors.append(
            RowError(
                n,
                "离退休日期",
                str(retired),
                format_lazy(
                    gettext_lazy("Must be between the day the member turned %(age)s (%(earliest)s) and today"),
                    age=MIN_WORKING_AGE,
                    earliest=add_years(birth, MIN_WORKING_AGE),
                ),
            )
        )
    for key, header, limit in (("name", "姓名", 50), ("work_post", "工作岗位", 100)):
        if row.get(key) and len(row[key]) > limit:
            plan.errors.append(RowError(n, header, row[key][:20] + "…", format_lazy(TOO_LONG, limit=limit)))
    row["category"] = Category.FULL if full else Category.PROBATIONARY
    if category and category != row["category"]:
        plan.errors.append(
            RowError(
                n,
                "党员类别",
                _shown(cells.get("党员类别")),
                gettext_lazy("Does not agree with the full membership date (a member who has one is a full member)"),
            )
        )
    if row["phone"]:
        phone = row["phone"].replace(" ", "").replace("-", "")
        if not (phone.isdigit() and 7 <= len(phone) <= 15):
            plan.errors.append(RowError(n, "联系电话", row["phone"], gettext_lazy("Digits only, from 7 to 15 of them")))
        row["phone"] = phone
    return row


def _occupation(value) -> str:
    if normalize.folded(value) in RETIREMENT_WORDS:
        raise normalize.Invalid(
            gettext_lazy("Retirement is not an occupation category: fill in the retirement date instead")
        )
    return normalize.choice(value, OCCUPATION, "职业类别")


def _shown(value) -> str:
    return "" if value is None else str(value)[:100]


def _plan_row(plan: Plan, n: int, row: dict, member: Member | None) -> None:
    if member is None:
        m = Member(
            gender=row["gender"],
            birth_date=row["birth_date"],
            ethnicity=row["ethnicity"],
            education=row["education"],
            degree=row["degree"],
            occupation=row["occupation"],
            retired_on=row["retired_on"],
            join_date=row["join_date"],
            full_member_date=row["full_member_date"],
            category=row["category"],
            status=Status.ACTIVE,
            organization=row["organization"],
            is_leading_cadre=row["is_leading_cadre"],
            cadre_rank=row["cadre_rank"],
            work_post=row["work_post"],
        )
        m.set_name(row["name"])
        plan.new.append((m, row["id_number"], row["phone"], row["organization"], row["since"]))
        return
    if member.status != Status.ACTIVE:
        plan.errors.append(
            RowError(
                n,
                "身份证号",
                row["id_number"][:6] + "…",
                format_lazy(
                    gettext_lazy("This member is no longer on the roll (%(status)s); please check"),
                    status=Status(member.status).label,
                ),
            )
        )
        return
    if member.organization_id != row["organization"].pk:
        plan.errors.append(
            RowError(
                n,
                "所在党支部",
                row["organization"].name,
                gettext_lazy("This member is on the roll of another branch: a move is made by a transfer"),
            )
        )
        return
    changes = {f: row[f] for f in PERSONAL if getattr(member, f) != row[f]}
    phone_changed = row["phone"] and crypto.keyed_hash(row["phone"]) != member.phone_hash
    if phone_changed:
        changes["phone"] = row["phone"]
    for f, header in (("join_date", "入党日期"), ("full_member_date", "转正日期")):
        if f in changes:
            plan.errors.append(
                RowError(
                    n,
                    header,
                    str(row[f] or ""),
                    gettext_lazy(
                        "Differs from the registered date: the joining and full membership dates "
                        "are changed on the member's page"
                    ),
                )
            )
            return
    changes.pop("category", None)  # follows the full-membership date, which is unchanged
    if changes:
        plan.updates.append((member, changes))
    else:
        plan.unchanged += 1


def apply(plan: Plan, *, file_hash: str, acting_user) -> dict:
    """Write the plan in one transaction (call `validate` again just before)."""
    if not plan.ok:
        raise ValueError("an import with errors is never applied")
    with transaction.atomic():
        for m, number, phone, _org, _since in plan.new:
            m.set_id_number(number)
            m.set_phone(phone)
        created = register_members(
            ((m, org.pk, since, None) for m, _n, _p, org, since in plan.new),
            reason=stored(gettext_lazy("Registered by import")),
        )
        for member, changes in plan.updates:
            phone = changes.pop("phone", None)
            for f, v in changes.items():
                setattr(member, f, v)
            if "name" in changes:
                member.set_name(member.name)
            if phone is not None:
                member.set_phone(phone)
            member.save()
        counts = {"created": len(created), "updated": len(plan.updates), "unchanged": plan.unchanged}
        record(
            "exchange.members.imported",
            actor=acting_user,
            target_label=(
                "exchange.import",
                file_hash[:16],
                stored(format_lazy(gettext_lazy("Member import %(file)s"), file=file_hash[:16])),
            ),
            new={**counts, "file_sha256": file_hash, "members": [m.pk for m in created]},
        )
    return counts


# the preview names a changed field by its column in the file (Chinese, like the template)
LABELS = {
    "name": "姓名",
    "ethnicity": "民族",
    "education": "学历",
    "degree": "学位",
    "work_post": "工作岗位",
    "occupation": "职业类别",
    "retired_on": "离退休日期",
    "is_leading_cadre": "是否领导干部",
    "cadre_rank": "职级",
    "phone": "联系电话",
    "level": "层级",
    "category": "单位类别",
    "kind": "组织类别",
    "unit": "所属单位",
    "founded": "成立日期",
    "dissolved": "撤销日期",
    "established": "成立日期",
    "abolished": "撤销日期",
    "term_years": "届期（年）",
    "term_start": "本届开始",
    "term_end": "本届结束",
}


def describe(changes: dict, *, person: bool = True) -> dict[str, str]:
    """A change as the preview shows it, in the active language (the batch keeps it in the site's):
    the file's column names and words; phones not shown."""
    shown = {}
    for key, value in changes.items():
        if key == "name" and not person:
            shown["名称"] = str(value)
            continue
        if key == "phone":
            value = gettext_lazy("(changed)")
        elif key == "education":
            value = Education(value).label
        elif key == "ethnicity":
            value = ethnicity_name(value) or "—"
        elif key == "degree":
            value = Degree(value).label if value else "—"
        elif key == "occupation":
            value = Occupation(value).label if value else "—"
        elif key == "retired_on":
            value = value.isoformat() if value else "—"
        elif key == "cadre_rank":
            value = Rank(value).label if value else "—"
        elif key == "is_leading_cadre":
            value = "是" if value else "否"
        shown[LABELS.get(key, key)] = str(value)
    return shown
