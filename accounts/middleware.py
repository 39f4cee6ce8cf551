from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.twofactor import needs_second_factor

# Paths a signed-in user may reach before changing the password or passing the second factor.
_OPEN_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/",
    "/accounts/two-factor/",
    "/static/",
    "/i18n/",
)


class AccountGateMiddleware:
    """A user who must change the password (first login of an account made for them) or who
    holds a committee role without a verified second factor reaches nothing else first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            if settings.REQUIRE_2FA and needs_second_factor(user) and not user.is_verified():
                return redirect(f"{reverse('accounts:two_factor')}?next={request.path}")
            if user.must_change_password or user.password_expired():
                return redirect("accounts:password_change")
        return self.get_response(request)
