"""Every file we hand out opens, whatever old rows hold (issue 15, items 2, 7 and 8).

Rows written before inputs were checked — and audit rows, which cannot be corrected — may hold
control characters, U+FFFE, or text a spreadsheet runs as a formula. They are stored here
directly, bypassing forms, as old data would be; then every download the resolver knows (every
route ending in .xlsx or .docx) is fetched: 200, the file opens, no cell is a formula, and the
formula-looking text arrives escaped. Beside it, the structural checks that keep it so: only
`core.xlsx` writes workbooks, only `core.docx` writes documents, and only `core.export` builds a
Content-Disposition header."""

import ast
import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from docx import Document
from openpyxl import load_workbook

from adjustments.models import AdjustmentPlan
from audit.services import record
from authority.models import AuthorityList, Body
from conftest import make_id_number
from core import clock, crypto
from core.export import download, safe_cell, safe_filename, xml_text
from development.models import Candidate
from development.services import do_apply
from dues.models import MonthlyDues
from elections.models import Election
from evaluation.models import EvaluationRound, Participant
from exchange.models import ExportFile, ImportBatch
from members.models import Member
from orglife.models import Attendance, Meeting
from orgs.models import PartyOrganization, Unit
from reports.models import Explanation
from transfers.models import Transfer
from transfers.services import do_issue_requested_letter
from transfers.tests.test_letters import DAY, DUES, _request

FORMULA = '=HYPERLINK("http://x","y")'
# What each database can hold: PostgreSQL refuses NUL in text, and neither database's driver
# takes a lone surrogate (Python cannot encode it), so those are tested on the writer alone.
JUNK = "\x01\x02\x1b\ufffe\uffff" if connection.vendor == "postgresql" else "\x00\x01\x02\x1b\ufffe\uffff"
POISON = FORMULA + JUNK
EVIL_CODE = 'x";filename=evil.html;"\r\n'

ROOT = Path(settings.BASE_DIR)


# -- the routes -------------------------------------------------------------------------------


def _routes(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}:{p.namespace}".strip(":") if p.namespace else namespace
            yield from _routes(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}".strip(":"), prefix + str(p.pattern)


def download_routes() -> set[str]:
    return {name for name, route in _routes() if re.search(r"\.(xlsx|docx)\$?$", route)}


# url name -> (its arguments from the poisoned data, whether the poisoned text shows in it)
DOWNLOADS = {
    "members:export": (lambda d: [], True),
    "orgs:export": (lambda d: [], True),
    "orgs:post_export": (lambda d: [], False),
    "orgs:unit_export": (lambda d: [], True),
    "orgs:roster_xlsx": (lambda d: [d["branch"].pk], True),
    "orgs:roster_docx": (lambda d: [d["branch"].pk], False),
    "orglife:compliance_xlsx": (lambda d: [], True),
    "reports:statistics_xlsx": (lambda d: [], False),
    "reports:superiors_xlsx": (lambda d: [], True),
    "reports:annual_xlsx": (lambda d: [], True),  # an explanation
    "reports:annual_xlsx_of": (lambda d: [d["branch"].pk], False),  # the name inside the scope line
    "audit:export": (lambda d: [], True),
    "authority:list_xlsx": (lambda d: [d["authority_list"].pk], True),
    "adjustments:ledger_xlsx": (lambda d: [], True),
    "transfers:export": (lambda d: [], True),
    "transfers:letter_docx": (lambda d: [d["letter"].pk], False),
    "development:board_export": (lambda d: [d["branch"].pk], True),
    "development:document": (lambda d: [d["candidate"].pk, "record"], False),
    "exchange:batch_errors": (lambda d: [d["batch"].pk], True),
    "exchange:template": (lambda d: ["members"], False),
    "exchange:export_download": (lambda d: [d["export"].pk], True),
    "leadership:study_xlsx": (lambda d: [], False),
    "orglife:ledger_docx": (lambda d: [d["branch"].pk], False),
    "orglife:ledger_xlsx": (lambda d: [d["branch"].pk], True),
    "evaluation:round_xlsx": (lambda d: [d["evaluation_round"].pk], True),
    "elections:document": (lambda d: [d["election"].pk, "request"], False),
    "dues:account_docx": (lambda d: [d["branch"].pk], False),
    "dues:receipt_docx": (lambda d: [d["member"].pk], False),
    "assessment:results_xlsx": (lambda d: [d["assessment_table"].pk], True),
    "assessment:responsibility_docx": (lambda d: [d["branch"].pk], False),
    "commendations:certificate": (lambda d: [d["nomination"].pk], False),
    "commendations:round_document": (lambda d: [d["commendation_round"].pk], False),
}


def test_every_download_route_is_in_the_sweep():
    """A new .xlsx or .docx route fails here until it is added to `DOWNLOADS`."""
    assert download_routes() == set(DOWNLOADS)


# -- the old data ------------------------------------------------------------------------------


@pytest.fixture
def poisoned(registry, secretary, clerk, branch_secretary, division, client_for, settings):
    r = registry
    letter = do_issue_requested_letter(_request(r, branch_secretary), day=DAY, dues_paid_until=DUES, acting_user=clerk)
    candidate = do_apply(
        Candidate(name="钱小二", education="bachelor", organization=r.branch_a, applied_on=dt.date(2025, 1, 6)),
        id_number=make_id_number(dt.date(1998, 3, 3)),
        phone="13900001111",
        acting_user=None,
    )
    authority_list, bodies = division
    # Stored as old data is: past every form and service.
    Member.objects.filter(pk=r.zhang_san.pk).update(name=POISON, work_post=POISON)
    Candidate.objects.filter(pk=candidate.pk).update(name=POISON, work_post=POISON)
    Transfer.objects.filter(pk=letter.pk).update(outside_organization=POISON, letter_number=EVIL_CODE)
    PartyOrganization.objects.filter(pk=r.branch_a.pk).update(name=POISON, code=EVIL_CODE)
    Unit.objects.filter(pk=r.branch_a.unit_id).update(name=POISON)
    AuthorityList.objects.filter(pk=authority_list.pk).update(name=POISON)
    Body.objects.filter(pk=bodies["GW"].pk).update(name=POISON)
    Explanation.objects.create(organization=r.working, year=clock.today().year - 1, figure="members.total", text=POISON)
    authority_list.matters.update(name=POISON)
    meeting = Meeting.objects.create(
        organization=r.branch_a,
        kind="lecture",
        date=dt.date(clock.today().year, 1, 15),
        topic=POISON,
        place=POISON,
        content=POISON,
        decisions=POISON,
        lecturer=POISON,
        hours=2,
    )
    Attendance.objects.create(meeting=meeting, member=r.zhang_san, status="excused", reason=POISON)
    record("accounts.login.failed", actor=None, target_label=("accounts.user", "", "u" + JUNK + FORMULA))
    AdjustmentPlan.objects.create(
        name=POISON,
        effective=dt.date(2026, 3, 1),
        status="executed",
        committee=r.working,
        ledger={"out": {"organizations": 0, "members": 0}, "in": {"organizations": 0, "members": 0}, "adjusted": 0},
    )
    upload = f"{FORMULA},姓名\r\n{FORMULA}\x01\x1b\ufffe,钱\x01二\r\n".encode()  # a CSV holds no NUL
    batch = ImportBatch.objects.create(
        kind="members",
        file_name="名册.csv",
        sha256="0" * 64,
        status="invalid",
        content=crypto.encrypt_bytes(upload),
        errors=[{"row": 2, "column": FORMULA, "value": POISON, "reason": POISON}],
        created_by=secretary,
    )
    evaluation_round = EvaluationRound.objects.create(organization=r.branch_a, year=2026, date=dt.date(2026, 6, 1))
    Participant.objects.create(round=evaluation_round, member=r.zhang_san)
    election = Election.objects.create(
        organization=r.branch_a,
        approving=r.opc,
        step_since=dt.date(2026, 11, 2),
        method="general_meeting",
        seats=3,
        deputies=1,
        planned_on=dt.date(2026, 12, 15),
        reply_note=POISON,
    )
    MonthlyDues.objects.create(  # a month paid, for the receipt
        member=r.zhang_san,
        organization=r.branch_a,
        month=dt.date(clock.today().year, 1, 1),
        due=Decimal("43.22"),
        paid=Decimal("43.22"),
        paid_on=dt.date(clock.today().year, 1, 20),
        way="cash",
    )
    from assessment.models import IndicatorTable, Item, Section

    assessment_table = IndicatorTable.objects.create(
        year=clock.today().year, name=POISON, status="adopted", good_from=90, fair_from=80, average_from=60
    )
    Item.objects.create(
        table=assessment_table,
        section=Section.objects.create(table=assessment_table, name=POISON),
        code="A1",
        name=POISON,
        kind="manual",
        points=10,
        criteria=POISON,
    )
    from commendations.models import Category, Nomination, NomineeKind, Round

    commendation_round = Round.objects.create(
        name=POISON,
        year=DAY.year,
        level=POISON[:50],
        opens_on=DAY,
        closes_on=DAY,
        status="decided",
        notice_starts=DAY,
        notice_ends=DAY,
        decided_on=DAY,
        document_number=POISON[:50],
    )
    nomination = Nomination.objects.create(
        round=commendation_round,
        category=Category.objects.create(
            round=commendation_round, local_name=POISON[:50], nominee_kind=NomineeKind.MEMBER
        ),
        organization=r.opc,
        member=r.zhang_san,
        basis=POISON,
        status="approved",
    )
    settings.DANGJIAN_EXPORT_INLINE_ROWS = 1  # the member export is written by the task (at once in tests)
    client = client_for(secretary)
    client.get(reverse("members:export"))
    settings.DANGJIAN_EXPORT_INLINE_ROWS = 20_000  # and the download sweep gets it at once

    return {
        "client": client,
        "letter": letter,
        "branch": r.branch_a,
        "candidate": candidate,
        "authority_list": authority_list,
        "batch": batch,
        "export": ExportFile.objects.get(created_by=secretary),
        "evaluation_round": evaluation_round,
        "election": election,
        "member": r.zhang_san,
        "assessment_table": assessment_table,
        "commendation_round": commendation_round,
        "nomination": nomination,
    }


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _filename_parameters(header: str) -> list[tuple[str, str]]:
    """The filename parameters of a Content-Disposition header, read as a browser would
    (quoted strings with their escapes, RFC 5987 values percent-decoded)."""
    found = []
    for key, value in re.findall(r';\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', header):
        if key.lower().startswith("filename"):
            if value.startswith('"'):
                value = re.sub(r"\\(.)", r"\1", value[1:-1])
            elif key.endswith("*"):
                value = unquote(value.split("'", 2)[2])
            found.append((key.lower(), value))
    return found


def test_every_download_opens_whatever_old_rows_hold(poisoned):
    client = poisoned["client"]
    for name, (args, shows) in DOWNLOADS.items():
        response = client.get(reverse(name, args=args(poisoned)))
        assert response.status_code == 200, name
        assert len(_filename_parameters(response["Content-Disposition"])) == 1, name
        content = _body(response)
        if response["Content-Type"].endswith("wordprocessingml.document"):
            text = "\n".join(p.text for p in Document(BytesIO(content)).paragraphs)
            assert "\x01" not in text and "\ufffe" not in text, name
            continue
        book = load_workbook(BytesIO(content))
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], name  # no formula anywhere
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))], name
        if shows:
            assert any(t.startswith("'" + FORMULA) for t in texts), name


def test_the_letter_and_the_record_print_the_names_without_what_a_document_cannot_hold(poisoned):
    client = poisoned["client"]
    letter = client.get(reverse("transfers:letter_docx", args=[poisoned["letter"].pk]))
    text = "\n".join(p.text for p in Document(BytesIO(letter.content)).paragraphs)
    assert f"{FORMULA}：" in text  # the outside organization the letter is addressed to
    record = client.get(reverse("development:document", args=[poisoned["candidate"].pk, "record"]))
    assert Document(BytesIO(record.content)).paragraphs[0].text == f"{FORMULA}同志发展党员工作纪实"


def test_a_file_name_from_an_organization_code_is_one_parameter(poisoned):
    response = poisoned["client"].get(reverse("development:board_export", args=[poisoned["branch"].pk]))
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header and "evil.html;" not in header
    [(key, value)] = _filename_parameters(header)
    # The name is the branch's (Chinese, so RFC 5987 `filename*`), cleaned of what a name cannot hold.
    assert key == "filename*" and value.startswith("发展党员名单-") and value.endswith(".xlsx") and '"' not in value


# -- the writer on its own ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "written"),
    [
        ("张三", "张三"),
        ("a\x00b\x01c\x0bd\x1f", "abcd"),
        ("line\nnext\tcell\r", "line\nnext\tcell\r"),
        ("lone\ud800surrogate\udfff", "lonesurrogate"),
        ("not\ufffea\uffffcharacter", "notacharacter"),
        ("emoji 😀", "emoji 😀"),
    ],
)
def test_what_xml_cannot_hold_is_dropped(stored, written):
    assert xml_text(stored) == written


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\x01=1", "'=1"),  # cleaned first, then escaped
        ("张三", "张三"),
        (3, 3),
        (None, None),
    ],
)
def test_a_cell_is_cleaned_then_escaped(value, cell):
    assert safe_cell(value) == cell


def test_a_cell_longer_than_a_spreadsheet_holds_is_cut():
    assert len(safe_cell("长" * 40_000)) == 32_766


@pytest.mark.parametrize(
    ("name", "parameter"),
    [
        ('x";filename=evil.html;"', ("filename", "x__filename=evil.html__")),
        ("a\r\nSet-Cookie: x=1.xlsx", ("filename", "a__Set-Cookie_ x=1.xlsx")),
        ("../../etc/passwd", ("filename", "_.._etc_passwd")),
        ("发展党员-财政局第一支部.xlsx", ("filename*", "发展党员-财政局第一支部.xlsx")),
        ("\x01\x02", ("filename", "download")),
    ],
)
def test_a_download_header_carries_one_clean_file_name(name, parameter):
    response = download(b"PK", name, "application/octet-stream")
    header = response["Content-Disposition"]
    assert header.startswith("attachment; ") and "\r" not in header and "\n" not in header
    assert _filename_parameters(header) == [parameter]


def test_a_file_name_loses_quotes_separators_and_controls():
    assert safe_filename("a\"b'c/d\\e:f\x00g\x85h") == "a_b_c_d_e_fg_h"


def test_a_file_name_cannot_be_shown_backwards_to_hide_its_extension():
    assert safe_filename("O73\u202eexe.cod.xlsx") == "O73_exe.cod.xlsx"


# -- one writer each ---------------------------------------------------------------------------


def _modules():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "node_modules", "static"} or "tests" in parts or "migrations" in parts:
            continue
        if path.name == "conftest.py":
            continue
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
    return names


def test_only_the_writers_use_openpyxl_python_docx_and_docxtpl():
    # docxtpl fills Word templates: only core.docx, which cleans and escapes every value
    writers = {"openpyxl": {"core/xlsx.py"}, "docx": {"core/docx.py"}, "docxtpl": {"core/docx.py"}}
    readers = {"exchange/reader.py": {"openpyxl", "openpyxl.load_workbook"}}  # reading uploads
    found = {}
    for path, tree in _modules():
        for name in _imported(tree):
            top = name.split(".")[0]
            if top in writers and path not in writers[top] and name not in readers.get(path, set()):
                found.setdefault(path, set()).add(name)
    assert found == {}


def test_only_core_export_builds_a_content_disposition_header():
    builders = {
        path
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and str(node.slice.value).lower() == "content-disposition"
        and isinstance(node.ctx, ast.Store)
    }
    assert builders <= {"core/export.py"}
