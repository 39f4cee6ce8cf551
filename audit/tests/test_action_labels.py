"""Every action code a service records has a Chinese name on the audit page."""

import ast
import re
from pathlib import Path

from django.conf import settings

from audit.actions import action_label, registered

RECORDERS = {"record", "record_for_name"}


def _recorded_codes():
    """(file:line, code) of every code passed to `record` outside tests: constants as they are,
    f-strings ("development.step.{kind}") as a pattern."""
    base = Path(settings.BASE_DIR)
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(base)
        if relative.parts[0] in {".venv", "node_modules", "tests"} or "tests" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in RECORDERS or not node.args:
                continue
            arg = node.args[0]
            branches = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for branch in branches:
                where = f"{relative}:{node.lineno}"
                if isinstance(branch, ast.Constant):
                    yield where, branch.value
                elif isinstance(branch, ast.JoinedStr):
                    pattern = "".join(
                        re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z_]+" for part in branch.values
                    )
                    yield where, re.compile(pattern)


def test_the_scan_finds_the_codes_of_every_app():
    codes = {code for _where, code in _recorded_codes() if isinstance(code, str)}
    assert {"accounts.login.succeeded", "members.exported", "exchange.members.imported"} <= codes
    assert len(codes) > 60


def test_every_code_a_service_records_has_a_label():
    labels = registered()
    missing = []
    for where, code in _recorded_codes():
        if isinstance(code, str):
            if code not in labels:
                missing.append(f"{where} {code}")
        elif not any(code.fullmatch(known) for known in labels):
            missing.append(f"{where} {code.pattern}")
    assert not missing, "codes without a label: " + ", ".join(missing)


def test_every_kind_of_development_step_has_its_own_label():
    from development.models import StepKind

    for kind in StepKind.values:
        assert f"development.step.{kind}" in registered()


def test_a_code_reads_in_chinese():
    assert action_label("accounts.login.succeeded") == "登录成功"
    assert action_label("development.step.talk") == "记录发展步骤：与入党申请人谈话"


def test_an_unknown_code_is_shown_as_it_is():
    assert action_label("retired.code") == "retired.code"
