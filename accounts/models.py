import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class User(AbstractUser):
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    member = models.OneToOneField(
        "members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    # The organization in whose scope the account was made (its member's, or the creating
    # leader's): that subtree's leaders manage the account even while it holds no role.
    managing_organization = models.ForeignKey(
        "orgs.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("managed from"),
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def password_expired(self) -> bool:
        """Older than PASSWORD_MAX_AGE_DAYS (0: passwords never expire)."""
        days = settings.PASSWORD_MAX_AGE_DAYS
        if not days or self.password_changed_at is None:
            return False
        return timezone.now() - self.password_changed_at > dt.timedelta(days=days)

    def __str__(self) -> str:
        return self.display_name or self.username


class RoleAssignment(models.Model):
    """A user holds `role` over `organization`'s subtree. Committee and body roles are
    assigned over the working committee's organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        "orgs.PartyOrganization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    body = models.CharField(_("body or section"), max_length=50, blank=True)
    # The body (事权主体) the user works for: work routed by the authority list reaches them
    # through it. Committee leaders act for the committee and all its sections.
    authority_body = models.ForeignKey(
        "authority.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("body")
    )

    class Meta:
        verbose_name = _("role assignment")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organization"], name="role_assignment_unique"),
            models.CheckConstraint(
                condition=Q(role=Role.MEMBER) | Q(organization__isnull=False),
                name="role_assignment_needs_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        q = Q(pk__in=[])
        for path in paths:
            # a member's own-record role has no organization: it follows the member's branch
            q |= Q(organization__path__startswith=path)
            q |= Q(organization__isnull=True, user__member__organization__path__startswith=path)
        return q


class LockedLoginTally(models.Model):
    """Log-in attempts refused while a user name is locked: counted here in one statement each,
    not stored as an audit event each (an attacker could otherwise grow the append-only audit
    table without limit). The lock's start is an audit event; the count becomes one at the next
    log-in, failure after the lock, or lock (accounts.signals)."""

    username = models.CharField(_("user name"), max_length=150, unique=True)
    locked_at = models.DateTimeField(_("locked at"))
    refused = models.PositiveIntegerField(_("attempts refused while locked"), default=0)

    class Meta:
        verbose_name = _("locked log-in tally")

    def __str__(self) -> str:
        return f"{self.username} · {self.refused}"
