"""One door per object: no app reaches into another app's views (access helpers live in
`<app>/access.py`), and no Python file spells a page's address by hand (`reverse()` does)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p.parent.name for p in ROOT.glob("*/apps.py"))
# The login middleware's allow-list of paths is kept as paths on purpose (rewritten elsewhere).
LITERAL_URLS_ALLOWED = {"accounts/middleware.py"}
PAGE_URL = re.compile("^/(" + "|".join(APPS) + ")/")


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/tests/" in rel or "/migrations/" in rel:
                continue
            yield app, rel, ast.parse(path.read_text(encoding="utf-8"))


def test_no_app_imports_another_apps_views():
    found = []
    for app, rel, tree in _sources():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if len(parts) >= 2 and parts[1] == "views" and parts[0] in APPS and parts[0] != app:
                    found.append(f"{rel}: {name}")
    assert not found, found


def test_no_page_address_is_written_by_hand():
    found = []
    for _app, rel, tree in _sources():
        if rel in LITERAL_URLS_ALLOWED:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                text = node.values[0].value
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            else:
                continue
            if PAGE_URL.match(text):
                found.append(f"{rel}:{node.lineno}: {text!r}")
    assert not found, found
