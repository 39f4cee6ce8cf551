"""A background export is downloadable only while its author may still see what it holds: a
role revoked or narrowed after it was written, or the right to reveal taken away from an
export with full numbers, makes it 404 with nothing served."""

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from exchange.models import ExportFile


@pytest.fixture
def background(settings):
    settings.DANGJIAN_EXPORT_INLINE_ROWS = 1  # tests run the task at once


def export_now(client) -> ExportFile:
    client.get(reverse("members:export"))
    job = ExportFile.objects.get()
    assert job.status == "done"
    return job


def download(client, job):
    return client.get(reverse("exchange:export_download", args=[job.pk]))


def test_an_export_is_downloaded_while_the_role_holds(background, client_for, clerk):
    client = client_for(clerk)
    job = export_now(client)
    response = download(client, job)
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_a_revoked_role_cannot_download_an_export_written_before(background, client_for, clerk):
    client = client_for(clerk)
    job = export_now(client)
    RoleAssignment.objects.filter(user=clerk).delete()
    response = download(client, job)
    assert response.status_code == 404 and not response.content.startswith(b"PK\x03\x04")  # no workbook
    assert client.get(reverse("exchange:export", args=[job.pk])).status_code == 404


def test_a_narrowed_scope_cannot_download_the_wider_export(registry, background, client_for, clerk):
    client = client_for(clerk)
    job = export_now(client)
    RoleAssignment.objects.filter(user=clerk).update(role=Role.ORG_ADMIN, organization=registry.branch_a)
    assert download(client, job).status_code == 404


def test_an_export_with_full_numbers_needs_the_right_to_reveal_still(background, client_for, secretary):
    client = client_for(secretary)
    job = export_now(client)
    assert job.revealed and download(client, job).status_code == 200
    RoleAssignment.objects.filter(user=secretary).update(role=Role.COMMITTEE_STAFF)  # same scope, no reveal
    assert download(client, job).status_code == 404
