"""Two-factor authentication with django-otp: TOTP on a phone, and single-use recovery codes."""

import base64
import functools
import io
import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from audit.services import record

RECOVERY_CODES = 10
# Committee roles and discipline officers (who read cases) must pass a second factor.
_SECOND_FACTOR_ROLES = {Role.COMMITTEE_LEADER, Role.COMMITTEE_STAFF, Role.DISCIPLINE_STAFF}


def needs_second_factor(user) -> bool:
    return user.role_assignments.filter(role__in=_SECOND_FACTOR_ROLES).exists()


def session_unverified(user) -> bool:
    """Whether `user` (the request's user) holds a role that requires a second factor and has
    not passed it in this session."""
    if not settings.REQUIRE_2FA or not user.is_authenticated or not needs_second_factor(user):
        return False
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    return not (is_verified and is_verified())


def two_factor_redirect(request) -> HttpResponseRedirect:
    return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{urlencode({'next': request.path})}")


def verified_session_required(view):
    """For every view that changes an account (the own password, recovery codes and enrolment,
    other people's accounts): a session that has not passed the second factor its role requires
    is sent to the second-factor page, whatever the middleware's lists say."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if session_unverified(request.user):
            return two_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def confirmed_devices(user) -> list:
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]


def pending_totp(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_text(device: TOTPDevice) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def throttled(user) -> bool:
    """Whether every confirmed device is in django-otp's delay after wrong codes."""
    devices = confirmed_devices(user)
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


def match(user, code: str):
    """The confirmed device that accepts `code` (a TOTP code or an unused recovery code)."""
    code = code.strip().replace(" ", "")
    for device in confirmed_devices(user):
        if device.verify_token(code):
            return device
    return None


def do_confirm_totp(device: TOTPDevice, code: str, *, acting_user) -> list[str] | None:
    """Confirm an enrolment with a first code; returns the new recovery codes (shown once), or
    None when the code is wrong."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(RECOVERY_CODES)]
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=device.user).delete()
        static = StaticDevice.objects.create(user=device.user, name="recovery", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
        record("accounts.two_factor.enrolled", actor=acting_user, target=device.user)
    return codes
