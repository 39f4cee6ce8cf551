"""Accounts and role assignments. Only committee leaders reach these (accounts.manage)."""

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from audit.services import record
from core.errors import DomainError


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise DomainError(" ".join(e.messages), field="password") from None


def do_create_user(user: User, *, password: str, organization, acting_user: User | None) -> User:
    """An account made for someone: they must change the password at first login. It belongs to
    its member's organization or else to `organization` (the creating leader's scope): that
    subtree's leaders manage it."""
    if user.member is not None and user.member.organization_id is not None:
        organization = user.member.organization
    if organization is None:
        raise ValueError("an account belongs to its member's organization or to its creator's scope")
    if User.objects.filter(username__iexact=user.username).exists():
        raise DomainError(_("This user name is taken."), field="username")
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.managing_organization = organization
        user.save()
        record(
            "accounts.user.created",
            actor=acting_user,
            target=user,
            organization=organization,
            new={"username": user.username, "member": user.member_id, "organization": organization.pk},
        )
    return user


def do_reset_password(user: User, *, password: str, acting_user: User | None) -> None:
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        _end_sessions(user)
        record("accounts.user.password_reset", actor=acting_user, target=user)


def do_set_active(user: User, *, active: bool, acting_user: User | None) -> None:
    """Disable or enable an account; disabling ends all its sessions at once."""
    if user == acting_user and not active:
        raise DomainError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            _end_sessions(user)
        record("accounts.user.enabled" if active else "accounts.user.disabled", actor=acting_user, target=user)


def _end_sessions(user: User) -> None:
    key = str(user.pk)
    stale = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == key
    ]
    Session.objects.filter(session_key__in=stale).delete()


def do_grant_role(assignment: RoleAssignment, *, acting_user: User | None) -> RoleAssignment:
    if assignment.role == Role.MEMBER:
        if assignment.user.member_id is None:
            raise DomainError(
                _("This account is not linked to a member and cannot be given the “member” role."), field="role"
            )
        assignment.organization = None
    elif assignment.organization is None:
        raise DomainError(_("Please choose the organization this role manages."), field="organization")
    if RoleAssignment.objects.filter(
        user=assignment.user, role=assignment.role, organization=assignment.organization
    ).exists():
        raise DomainError(_("The account has this role already."), field="role")
    with transaction.atomic():
        assignment.save()
        record(
            "accounts.role.granted",
            actor=acting_user,
            target=assignment.user,
            organization=assignment.organization,
            new={"role": assignment.role, "organization": assignment.organization_id, "body": assignment.body},
        )
    return assignment


def do_revoke_role(assignment: RoleAssignment, *, acting_user: User | None) -> None:
    with transaction.atomic():
        record(
            "accounts.role.revoked",
            actor=acting_user,
            target=assignment.user,
            organization=assignment.organization,
            old={"role": assignment.role, "organization": assignment.organization_id, "body": assignment.body},
        )
        assignment.delete()


def do_change_own_password(user: User, *, acting_user: User | None) -> None:
    """After Django's form has set the new password: clear the first-login flag, audit."""
    with transaction.atomic():
        user.must_change_password = False
        user.save(update_fields=["must_change_password", "password_changed_at"])
        record("accounts.password.changed", actor=acting_user, target=user)
