"""An uploaded import, kept between its preview and its confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import crypto


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    APPLYING = "applying", _("Importing")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Not imported")


class ImportBatch(models.Model):
    kind = models.CharField(max_length=20)
    file_name = models.CharField(max_length=200)
    content = crypto.EncryptedBinaryField()  # the uploaded file, encrypted (core.crypto.encrypt_bytes)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=BatchStatus.choices)
    rows = models.PositiveIntegerField(default=0)
    progress = models.PositiveIntegerField(default=0)  # rows checked so far by the running task
    expected_rows = models.PositiveIntegerField(null=True, blank=True)  # from the file, when it says
    message = models.CharField(max_length=500, blank=True)  # why a batch failed, in Chinese
    errors = models.JSONField(default=list)  # [{row, column, value, reason}], the first 1,000
    error_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    # the states in which a background task owns the batch (the page polls them)
    WORKING = {BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.APPLYING}

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name}"

    @property
    def data(self) -> bytes:
        return crypto.decrypt_bytes(self.content)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be written")
    RUNNING = "running", _("Writing")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Not written")


class ExportFile(models.Model):
    """A large export, written by a background task and downloaded by the person who asked for
    it. The file holds personal data: it is kept encrypted."""

    kind = models.CharField(max_length=20)  # "members"
    query = models.TextField(blank=True)  # the list's filters, as the list page's query string
    revealed = models.BooleanField(default=False)  # full ID and phone numbers
    # The registry subtrees (tree paths) it was written from: downloadable only while the
    # person still sees all of them (and may still reveal, if `revealed`). None: not known, so
    # never downloadable.
    scope = models.JSONField(null=True, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    expected_rows = models.PositiveIntegerField(default=0)
    progress = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    content = crypto.EncryptedBinaryField(blank=True)  # the workbook, encrypted (core.crypto.encrypt_bytes)
    message = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    WORKING = {ExportStatus.QUEUED, ExportStatus.RUNNING}

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def data(self) -> bytes:
        return crypto.decrypt_bytes(bytes(self.content))
