"""Membership transfers (组织关系转接). Issuing does not move the member: within the district
the receiving organization's acceptance does; out of the district the recorded receipt of the
introduction letter does. Until then the sending organization stays responsible.

A letter out of the district is issued by a committee, not by the branch (transfers.rules): the
branch submits a request (`REQUESTED`), the issuing committee issues the letter (`PENDING`, with a
number and a validity) and records the receipt that comes back to it."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from members.models import Member
from orgs.models import PartyOrganization, _path_q


class TransferKind(models.TextChoices):
    WITHIN = "within", _("Within the district")
    OUT = "out", _("Out of the district")
    IN = "in", _("Into the district")


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the letter")  # out of the district: submitted by the branch
    PENDING = "pending", _("Pending")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Withdrawn")
    # Into the district, for a member who once transferred out: the organization they left (or
    # a committee above it) confirms before the record returns to the roll.
    CONFIRMING = "confirming", _("Awaiting confirmation")


IN_PROGRESS = (TransferStatus.REQUESTED, TransferStatus.PENDING, TransferStatus.CONFIRMING)


class TransferQuerySet(models.QuerySet):
    def pocket(self, today: dt.date):
        """口袋党员: letters out of the district past their validity with no receipt."""
        return self.filter(kind=TransferKind.OUT, status=TransferStatus.PENDING, valid_until__lt=today)


class Transfer(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("member"))
    kind = models.CharField(_("transfer type"), max_length=10, choices=TransferKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    source = models.ForeignKey(
        PartyOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name=_("sending organization"),
    )
    destination = models.ForeignKey(
        PartyOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
        verbose_name=_("receiving organization"),
    )
    # Outside the district: the organization named on the letter.
    outside_organization = models.CharField(_("organization outside the district"), max_length=200, blank=True)
    # Out of the district: the committee that issues the letter (transfers.rules.LETTER_ISSUER)
    # and records its receipt; the receipt slip is addressed to it.
    issuing_organization = models.ForeignKey(
        PartyOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters_issued",
        verbose_name=_("issuing organization"),
    )
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    # 党费交至年月, the first day of that month: from the dues records (transfers.services.dues_month),
    # typed only for a member with no month of dues recorded.
    dues_paid_until = models.DateField(_("dues paid up to"), null=True, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    # Empty only while a request waits for its letter.
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("membership transfer")
        constraints = [
            # One transfer in progress per member: a second would race the first.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["requested", "pending", "confirming"]),
                name="one_transfer_in_progress_per_member",
            ),
            # Each issuing committee numbers its own letters (its book of stubs).
            models.UniqueConstraint(
                fields=["issuing_organization", "letter_number"],
                condition=Q(kind="out") & ~Q(letter_number=""),
                name="out_letter_number_unique_per_issuer",
            ),
            # Only a request out of the district that never got its letter has no date.
            models.CheckConstraint(
                condition=Q(issued_on__isnull=False) | Q(kind="out", letter_number=""),
                name="transfer_dated_unless_no_letter",
            ),
            # A letter out in the world has its number.
            models.CheckConstraint(
                condition=~Q(kind="out", status="pending") | ~Q(letter_number=""),
                name="pending_letter_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(kind="out") | Q(issuing_organization__isnull=False),
                name="out_letter_names_its_issuer",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="transfer_status_kind_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()} {self.issued_on or self.requested_on}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        """Seen from either end, and by the committee that issued the letter (even after the
        sending branch has moved to another committee). A returning member's letter in is seen
        by the receiving side only once completed: until the organization they left confirms,
        the person is not the receiver's to know (`source` is that organization)."""
        return (
            _path_q("source__path", paths)
            | (_path_q("destination__path", paths) & (~Q(kind="in") | Q(status="completed")))
            | _path_q("issuing_organization__path", paths)
        )

    @property
    def from_label(self) -> str:
        return self.source.name if self.source else self.outside_organization

    @property
    def to_label(self) -> str:
        return self.destination.name if self.destination else self.outside_organization

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    @property
    def dues_label(self) -> str:
        """党费交至年月 as shown: 2026年3月 (3/2026 in English)."""
        if not self.dues_paid_until:
            return ""
        return pgettext("month of a year", "%(month)s/%(year)s") % {
            "year": self.dues_paid_until.year,
            "month": self.dues_paid_until.month,
        }
