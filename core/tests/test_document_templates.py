"""Word templates (core.docx.render): ours are what the builders make, every value is cleaned
and escaped, a locality's folder replaces ours file by file, and a template that cannot be filled
is refused with the file's name."""

from io import BytesIO

import pytest
from django.core.management import call_command
from docx import Document

from core import docx
from core.errors import DomainError
from core.management.commands.document_templates import builders
from core.tests.test_settings import _start


def local_template(folder, name: str, *lines: str) -> None:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    doc.save(folder / name)


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(content)).paragraphs]


@pytest.fixture
def local(settings, tmp_path):
    settings.DANGJIAN_DOCUMENT_TEMPLATES = str(tmp_path)
    return tmp_path


def test_the_committed_templates_are_what_the_builders_make():
    assert set(builders()) >= {"elections/request.docx", "elections/ballot.docx", "development/notice.docx"}
    for name in builders():
        assert (docx.TEMPLATES / name).is_file(), name
    call_command("document_templates", "--check")  # CommandError names a stale file


def test_a_value_prints_as_typed_without_what_a_document_cannot_hold(local):
    local_template(local, "t/x.docx", "{{ name }}", '{{ names|join("、") }}', "{{ nothing }}|")
    content = docx.render("t/x.docx", {"name": '<b>&"张\x01三\ufffe', "names": ["<a>", "&\x1b"], "nothing": None})
    assert paragraphs(content) == ['<b>&"张三', "<a>、&", "|"]


def test_a_line_break_in_a_value_breaks_the_line_as_python_docx_does(local):
    local_template(local, "t/x.docx", "{{ note }}")
    assert paragraphs(docx.render("t/x.docx", {"note": "一\r\n二\r三\n四"})) == ["一\n二\n三\n四"]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("{{ unknown }}", "unknown"),  # a name the context does not hold
        ("{% if %}", "t/x.docx"),  # a broken tag
        ("{{ name.__class__.__mro__ }}", "t/x.docx"),  # the sandbox refuses Python's insides
    ],
)
def test_a_template_that_cannot_be_filled_is_refused_naming_the_file(local, line, why):
    local_template(local, "t/x.docx", line)
    with pytest.raises(DomainError) as e:
        docx.render("t/x.docx", {"name": "张三"})
    assert "t/x.docx" in e.value.message and why in e.value.message


def test_without_a_local_copy_ours_is_used(local):
    assert docx.template_path("elections/request.docx") == docx.TEMPLATES / "elections/request.docx"
    local_template(local, "elections/request.docx", "本地")
    assert docx.template_path("elections/request.docx") == local / "elections/request.docx"


def test_the_settings_refuse_a_local_folder_that_is_not_one(tmp_path):
    result = _start("DANGJIAN_DOCUMENT_TEMPLATES", str(tmp_path / "missing"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: DANGJIAN_DOCUMENT_TEMPLATES must be a folder" in result.stderr
    result = _start("DANGJIAN_DOCUMENT_TEMPLATES", "relative/folder")
    assert "DANGJIAN_DOCUMENT_TEMPLATES must be an absolute path" in result.stderr
