from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from accounts.twofactor import session_unverified, two_factor_redirect

# The pages a signed-in user reaches before passing a second factor their role requires, by URL
# name: a decision, kept by tests/test_account_gate.py, which walks every URL pattern. Static
# files never reach this middleware (WhiteNoise, and runserver's handler, answer them first).
# The language switch only sets the interface language.
BEFORE_SECOND_FACTOR = frozenset({"accounts:login", "accounts:logout", "accounts:two_factor", "set_language"})

# ...and before choosing a password they must change. Only after the second factor: a stolen
# password alone must never be enough to replace the password (issue 15, item 1).
BEFORE_PASSWORD_CHANGE = BEFORE_SECOND_FACTOR | {"accounts:password_change"}

# Pages that read no session and show nothing of the account: a calendar app fetches an
# organization's plan with the secret token in the address (orglife.feeds). A browser that happens
# to be signed in gets the same answer as one that is not.
WITHOUT_SESSION = frozenset({"orglife:ical_feed"})


class AccountGateMiddleware:
    """A signed-in user who holds a committee role without a verified second factor reaches
    nothing but BEFORE_SECOND_FACTOR; then a user who must change the password (first login of
    an account made for them, or an expired password) reaches nothing but BEFORE_PASSWORD_CHANGE.

    The gate decides on the resolved URL name, not on path prefixes, so a page added under an
    allowed prefix is not let through by accident."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self._gate(request) or self.get_response(request)

    def _gate(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            name = ""  # no page: nothing to let through either
        if name in WITHOUT_SESSION:
            return None
        if name not in BEFORE_SECOND_FACTOR and session_unverified(user):
            return two_factor_redirect(request)
        if name not in BEFORE_PASSWORD_CHANGE and (user.must_change_password or user.password_expired()):
            return redirect("accounts:password_change")
        return None
