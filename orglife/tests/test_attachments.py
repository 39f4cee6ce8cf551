"""A meeting's attachments: optional files of the kinds people keep, checked by their content,
handed out only to those who see the meeting."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from conftest import make_user
from core.errors import DomainError
from orglife import services
from orglife.models import MeetingAttachment

PDF = b"%PDF-1.4\n%minutes\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-06-30"
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def meeting(registry):
    m, _v = services.do_record_meeting(
        registry.branch_a,
        kind="theme_day",
        date=dt.date(2026, 6, 10),
        topic="学习党章",
        attendance={},
        acting_user=None,
    )
    return m


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_pdf_and_a_word_file_are_kept_and_handed_to_who_sees_the_meeting(
    registry, client_for, branch_secretary, body_officer, meeting
):
    client = client_for(branch_secretary)
    url = reverse("orglife:attachment_add", args=[meeting.pk])
    assert client.post(url, {"file": SimpleUploadedFile("会议记录.pdf", PDF)}).status_code == 302
    assert client.post(url, {"file": SimpleUploadedFile("讲稿.docx", docx())}).status_code == 302
    pdf = MeetingAttachment.objects.get(name="会议记录.pdf")
    assert pdf.content_type == "application/pdf" and "会议记录" not in pdf.file.name  # stored under a random name
    page = client.get(reverse("orglife:meeting", args=[meeting.pk])).content.decode()
    assert "会议记录.pdf" in page and "讲稿.docx" in page
    response = client_for(body_officer).get(reverse("orglife:attachment", args=[pdf.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


def test_a_file_whose_content_is_not_its_kind_is_refused(meeting):
    for name, content in [("x.pdf", b"MZ\x90\x00"), ("x.exe", b"MZ"), ("x.docx", b"PK\x03\x04junk"), ("x.html", b"<")]:
        with pytest.raises(DomainError):
            services.do_attach_to_meeting(meeting, SimpleUploadedFile(name, content), acting_user=None)
    assert not MeetingAttachment.objects.exists()


def test_a_file_above_the_limit_is_refused(meeting, settings):
    settings.DANGJIAN_RULES = {"meeting_attachment_max_mb": 1}
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(DomainError):
        services.do_attach_to_meeting(meeting, big, acting_user=None)


def test_the_secretary_of_another_branch_neither_downloads_nor_removes(registry, client_for, meeting):
    a = services.do_attach_to_meeting(meeting, SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n0000"), acting_user=None)
    client = client_for(make_user("other", Role.ORG_ADMIN, registry.branch_c))
    assert client.get(reverse("orglife:attachment", args=[a.pk])).status_code == 404
    assert client.post(reverse("orglife:attachment_delete", args=[a.pk])).status_code == 404
    assert MeetingAttachment.objects.filter(pk=a.pk).exists()


def test_removing_an_attachment_deletes_its_file(
    registry, client_for, branch_secretary, meeting, tmp_path, django_capture_on_commit_callbacks
):
    a = services.do_attach_to_meeting(meeting, SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0"), acting_user=None)
    stored = tmp_path / a.file.name
    assert stored.exists()
    client = client_for(branch_secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orglife:attachment_delete", args=[a.pk]))
    assert response.status_code == 302
    assert not MeetingAttachment.objects.exists()
    assert not stored.exists()
