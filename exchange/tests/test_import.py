"""Member import: a good file goes in whole and again changes nothing; each file of a corpus of
hostile or broken ones gives a clear Chinese message and writes nothing."""

import csv
import datetime as dt
import io
import tracemalloc
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from audit.models import AuditEvent
from conftest import make_id_number
from core.errors import DomainError
from exchange import members, reader, templates
from members.models import Member, Membership

HEADER = [h for h, _r, _e in members.COLUMNS]


def row(registry, **over):
    values = {
        "姓名": "钱二",
        "身份证号": make_id_number(dt.date(1990, 4, 5)),
        "性别": "",
        "民族": "汉族",
        "学历": "本科",
        "学位": "学士",
        "入党日期": "2015-07-01",
        "转正日期": "2016-07-01",
        "党员类别": "正式党员",
        "所在党支部": registry.branch_a.name,
        "转入本支部日期": "",
        "联系电话": "13900001111",
        "工作岗位": "科员",
        "是否领导干部": "否",
        "职级": "",
        "职业类别": "党政机关工作人员",
        "离退休日期": "",
        "党组织编码": "",
    }
    values.update(over)
    return [values[h] for h in HEADER]


def xlsx(rows, header=HEADER, *, title="党员", hidden_first=False, merge=None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    if hidden_first:
        sheet.sheet_state = "hidden"
        sheet = book.create_sheet("空")
    sheet.append(header)
    for r in rows:
        sheet.append(r)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


OUT_OF_WINDOW = "请输入1921-01-01至2100-12-31之间的日期"


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def plan_for(data, scope=None):
    return members.validate(reader.read_table(data), scope_paths=scope)


def imported(data):
    plan = plan_for(data)
    assert plan.ok, plan.errors
    return members.apply(plan, file_hash="x" * 64, acting_user=None)


def test_a_good_file_goes_in_whole_and_again_changes_nothing(registry):
    rows = [
        row(registry),
        row(
            registry,
            姓名="孙三",
            身份证号=make_id_number(dt.date(1991, 1, 1), "F"),
            转正日期="",
            党员类别="预备",
            入党日期="2026年1月5日",
        ),
    ]
    data = xlsx(rows)
    before = Member.objects.count()
    assert imported(data) == {"created": 2, "updated": 0, "unchanged": 0}
    assert Member.objects.count() == before + 2
    qian = Member.objects.get(name="钱二")
    assert (qian.organization, qian.category, qian.education) == (registry.branch_a, "full", "bachelor")
    assert Membership.objects.get(member=qian).valid_from == dt.date(2015, 7, 1)
    assert Member.objects.get(name="孙三").category == "probationary"
    assert imported(data) == {"created": 0, "updated": 0, "unchanged": 2}
    assert AuditEvent.objects.filter(action="exchange.members.imported").count() == 2
    # a changed work post is an update, shown before it is applied
    rows[0][HEADER.index("工作岗位")] = "一级科员"
    plan = plan_for(xlsx(rows))
    assert [(m.name, c) for m, c in plan.updates] == [("钱二", {"work_post": "一级科员"})]


def test_csv_in_gb18030_with_full_width_digits_and_spaces(registry):
    number = make_id_number(dt.date(1992, 2, 2))
    wide = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    data = csv_bytes(
        [row(registry, 身份证号=f" {wide} ", 学历=" 大学本科 ", 性别="1" if int(number[16]) % 2 else "2")],
        encoding="gb18030",
    )
    assert imported(data)["created"] == 1
    assert Member.objects.get(name="钱二").id_number == number


def test_the_command_checks_writes_the_template_and_imports(registry, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row(registry, 身份证号="500101199004050011")]))
    err = StringIO()
    with pytest.raises(CommandError, match="1 errors; nothing was imported"):
        call_command("import_xlsx", "members", str(bad), stderr=err)
    assert "第2行 身份证号：身份证号校验位不正确" in err.getvalue()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row(registry)]))
    out = StringIO()
    call_command("import_xlsx", "members", str(good), "--dry-run", stdout=out)
    assert "dry run: 1 new" in out.getvalue() and not Member.objects.filter(name="钱二").exists()
    call_command("import_xlsx", "members", str(good), stdout=out)
    assert Member.objects.filter(name="钱二").exists()
    template = tmp_path / "t.xlsx"
    call_command("import_xlsx", "members", "--template", str(template), stdout=out)
    book = load_workbook(template)
    assert book.sheetnames == ["党员", "填写说明"]
    assert [c.value for c in book["党员"][1]][:2] == ["姓名*", "身份证号*"]


def test_the_template_filled_in_imports(registry):
    book = load_workbook(io.BytesIO(templates.template("members")))
    sheet = book["党员"]
    for i, value in enumerate(row(registry), start=1):
        sheet.cell(row=2, column=i, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    assert imported(buffer.getvalue())["created"] == 1


# -- the corpus -------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return buffer.getvalue()


def _xlsx_with(part: str, content: bytes) -> bytes:
    """A real workbook with one part replaced."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([])))
    entries = {i.filename: source.read(i.filename) for i in source.infolist()}
    entries[part] = content
    return _zip(entries)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><worksheet>&lol3;</worksheet>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst>&e;</sst>'


def corpus(r):
    """(name, file bytes, expected message) — built here, not shipped."""
    good = row(r)
    cases = [
        ("empty", b"", "空"),
        ("spaces only", b"   \n  \n", "没有列名"),
        ("header only", csv_bytes([]), None),
        ("missing columns", csv_bytes([["张三", "1"]], header=["姓名", "电话"]), "缺少必填列"),
        ("random bytes", bytes(range(256)) * 10, "无法识别"),
        ("utf-16", csv_bytes([good]).decode().encode("utf-16"), "无法识别"),
        ("nul bytes", b"\x00\x00\x00abc", "无法识别"),
        ("shift-jis headers", "氏名,番号\n".encode("shift_jis"), "缺少必填列"),
        ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "旧版"),
        ("truncated xlsx", xlsx([good])[:700], "损坏"),
        ("zip that is not a workbook", _zip({"a.txt": b"hello"}), "不是有效的"),
        ("corrupt workbook part", _xlsx_with("xl/workbook.xml", b"<not xml"), "无法作为 Excel"),
        ("entity expansion", _xlsx_with("xl/worksheets/sheet1.xml", LAUGHS), "不安全的 XML"),
        ("external entity", _xlsx_with("xl/sharedStrings.xml", XXE), "不安全的 XML"),
        ("hidden data sheet", xlsx([good], hidden_first=True, header=[]), "空"),
        ("instructions only", xlsx([["说明"]], header=["填写说明"]), "缺少必填列"),
        ("formula in name", xlsx([row(r, 姓名="=1+1")]), "公式"),
        ("hyperlink formula", xlsx([row(r, 身份证号='=HYPERLINK("http://x","y")')]), "公式"),
        ("plus formula", xlsx([row(r, 工作岗位="+cmd|' /C calc'!A0")]), "公式"),
        ("at formula", xlsx([row(r, 工作岗位="@SUM(1+1)*cmd")]), "公式"),
        ("merged cells", xlsx([good, row(r, 身份证号=make_id_number())], merge="A2:A3"), "必填"),
        ("bad check digit", csv_bytes([row(r, 身份证号="500101199004050011")]), "校验位"),
        ("impossible birth date", csv_bytes([row(r, 身份证号="500101199013450019")]), "出生日期"),
        ("short id", csv_bytes([row(r, 身份证号="12345")]), "18位"),
        ("gender contradicts id", csv_bytes([row(r, 身份证号=make_id_number(gender="M"), 性别="女")]), "第17位"),
        ("bad gender word", csv_bytes([row(r, 性别="未知")]), "性别应为"),
        ("bad date text", csv_bytes([row(r, 入党日期="2015-13-45")]), "日期不存在"),
        ("date words", csv_bytes([row(r, 入党日期="去年七月")]), "日期格式"),
        ("future join", csv_bytes([row(r, 入党日期="2099-01-01", 转正日期="")]), "不能晚于今天"),
        (
            "under eighteen",
            csv_bytes([row(r, 身份证号=make_id_number(dt.date(2000, 5, 5)), 入党日期="2017-07-01")]),
            "十八周岁",
        ),
        ("full before join", csv_bytes([row(r, 转正日期="2014-07-01")]), "预备期一年，应不早于2016-07-01"),
        ("full a day short of a year", csv_bytes([row(r, 转正日期="2016-06-30")]), "应不早于2016-07-01"),
        ("category contradicts", csv_bytes([row(r, 党员类别="预备党员")]), "不一致"),
        ("bad category", csv_bytes([row(r, 党员类别="群众")]), "党员类别应为"),
        ("bad education", csv_bytes([row(r, 学历="幼儿园")]), "学历应为"),
        ("unknown nationality", csv_bytes([row(r, 民族="火星族")]), "不是GB/T 3304中的民族名称"),
        ("bad degree", csv_bytes([row(r, 学位="双学士")]), "学位应为"),
        ("bad occupation", csv_bytes([row(r, 职业类别="公务员")]), "职业类别应为"),
        ("retirement as an occupation", csv_bytes([row(r, 职业类别="离退休人员")]), "离退休日期"),
        ("retired before sixteen", csv_bytes([row(r, 离退休日期="2006-04-04")]), "2006-04-05"),
        ("retired in the future", csv_bytes([row(r, 离退休日期="2099-01-01")]), "2006-04-05"),
        ("bad phone", csv_bytes([row(r, 联系电话="12ab")]), "只能包含数字"),
        ("bad cadre flag", csv_bytes([row(r, 是否领导干部="也许")]), "是"),
        ("bad rank", csv_bytes([row(r, 职级="部级")]), "职级应为"),
        ("empty name", csv_bytes([row(r, 姓名="")]), "必填"),
        ("long name", csv_bytes([row(r, 姓名="长" * 51)]), "不能超过50个字"),
        ("very long name", csv_bytes([row(r, 姓名="长" * 10_000)]), "不能超过200个字"),
        ("control characters in a name", csv_bytes([row(r, 姓名="张\x01\x02\x1b三")]), "请删除文字中的控制字符"),
        ("C1 control in a post", xlsx([row(r, 工作岗位="科员\x85\x9b")]), "请删除文字中的控制字符"),
        ("non-character in a name", csv_bytes([row(r, 姓名="张\ufffe三")]), "请删除文字中的控制字符"),
        ("join date in year 1", csv_bytes([row(r, 入党日期="0001-01-01", 转正日期="")]), OUT_OF_WINDOW),
        ("join date in year 9999", csv_bytes([row(r, 入党日期="9999-12-31", 转正日期="")]), OUT_OF_WINDOW),
        ("unknown branch", csv_bytes([row(r, 所在党支部="不存在的支部")]), "没有这个党支部"),
        ("not a branch", csv_bytes([row(r, 所在党支部=r.opc.name)]), "没有这个党支部"),
        ("since before join", csv_bytes([row(r, 转入本支部日期="2000-01-01")]), "应在入党日期和今天之间"),
        ("since in the future", csv_bytes([row(r, 转入本支部日期="2099-01-01")]), "应在入党日期和今天之间"),
        ("duplicate in file", csv_bytes([good, good]), "重复"),
        ("already elsewhere", csv_bytes([row(r, 身份证号=r.wu_jiu.id_number)]), "办理转接"),
        (
            "changes a join date",
            csv_bytes(
                [row(r, 姓名="张三", 身份证号=r.zhang_san.id_number, 入党日期="2009-07-01", 转正日期="2010-07-01")]
            ),
            "入党、转正日期的变动",
        ),
        ("one bad row among good", csv_bytes([good, row(r, 身份证号=make_id_number(), 学历="??")]), "学历应为"),
        ("wrong header names", csv_bytes([good], header=[h + "x" for h in HEADER]), "缺少必填列"),
        ("header row empty", xlsx([good], header=[None] * len(HEADER)), "没有列名"),
        ("semicolon separated", ";".join(HEADER).encode() + b"\n" + ";".join(map(str, good)).encode(), "缺少必填列"),
    ]
    return cases


def test_a_corpus_of_hostile_and_broken_files_gets_clear_messages_and_writes_nothing(registry, settings):
    cases = corpus(registry)
    assert len(cases) >= 50
    members_before, audit_before = Member.objects.count(), AuditEvent.objects.count()
    for name, data, message in cases:
        try:
            plan = plan_for(data)
        except DomainError as e:
            assert message and message in e.message, f"{name}: {e.message}"
            continue
        if message is None:
            assert not plan.ok and plan.rows == 0, name
            continue
        reasons = " ".join(e.reason for e in plan.errors)
        assert not plan.ok and message in reasons, f"{name}: {reasons}"
        with pytest.raises(ValueError):
            members.apply(plan, file_hash="x" * 64, acting_user=None)
    assert Member.objects.count() == members_before
    assert AuditEvent.objects.count() == audit_before


def test_limits_on_size_entries_and_uncompressed_size(registry, settings):
    settings.DANGJIAN_IMPORT_LIMITS = {"bytes": 50_000, "entries": 30, "uncompressed": 2_000_000}
    with pytest.raises(DomainError, match="文件超过"):
        plan_for(b"x" * 60_000)
    with pytest.raises(DomainError, match="条目过多"):
        plan_for(_zip({f"f{i}.xml": b"<a/>" for i in range(40)}))
    bomb = _xlsx_with("xl/worksheets/sheet2.xml", b"<a>" + b"0" * 5_000_000 + b"</a>")
    assert len(bomb) < 50_000
    with pytest.raises(DomainError, match="压缩炸弹"):
        plan_for(bomb)


def test_a_million_rows_are_refused_in_bounded_memory(registry):
    data = ("\n".join([",".join(HEADER)] + ["张三,1"] * 1_000_000)).encode()
    tracemalloc.start()
    with pytest.raises(DomainError, match="超过100,000行"):
        plan_for(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 512 * 1024 * 1024, peak


def test_only_branches_in_the_importers_scope(registry):
    plan = plan_for(csv_bytes([row(registry, 所在党支部=registry.branch_c.name)]), scope=[registry.opc.path])
    assert [e.reason for e in plan.errors] == ["没有这个党支部（或不在您管理的范围内）"]
