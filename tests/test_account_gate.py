"""Which pages a signed-in user reaches before the second factor their role requires, and before
changing a password they must change: every URL pattern of the project is tried, so a new page
is refused until someone decides it belongs on a list (accounts/middleware.py)."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.test_permission_matrix import url_names

# Written out here, not imported: the test states the decision independently of the code.
REACHABLE_BEFORE_SECOND_FACTOR = {"accounts:login", "accounts:logout", "accounts:two_factor", "set_language"}
REACHABLE_BEFORE_PASSWORD_CHANGE = REACHABLE_BEFORE_SECOND_FACTOR | {"accounts:password_change"}
# A calendar app's feed reads no session: the secret token in the address is its key.
REACHABLE_WITHOUT_SESSION = {"orglife:ical_feed"}


def sample_path(route: str) -> str:
    """A concrete path for a route: the gate decides before the view looks the object up."""
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: "1" if m.group(1) == "int" else "x", route)


def reachable(client, redirect_to: str) -> set[str]:
    found = set()
    for name, route in url_names().items():
        response = client.get(sample_path(route))
        if not (response.status_code == 302 and response["Location"].startswith(redirect_to)):
            found.add(name)
    return found


@pytest.fixture
def enrolled_leader(secretary):
    TOTPDevice.objects.create(user=secretary, name="phone", confirmed=True)
    return secretary


def test_before_the_second_factor_only_the_intended_pages_are_reachable(registry, client, enrolled_leader):
    client.force_login(enrolled_leader)  # the password only
    assert (
        reachable(client, reverse("accounts:two_factor")) == REACHABLE_BEFORE_SECOND_FACTOR | REACHABLE_WITHOUT_SESSION
    )


def test_before_a_required_password_change_only_the_intended_pages_are_reachable(registry, client, branch_secretary):
    branch_secretary.must_change_password = True
    branch_secretary.save()
    client.force_login(branch_secretary)
    assert reachable(client, reverse("accounts:password_change")) == (
        REACHABLE_BEFORE_PASSWORD_CHANGE | REACHABLE_WITHOUT_SESSION
    )


def test_a_path_under_an_allowed_page_or_no_page_at_all_is_not_let_through(registry, client, enrolled_leader):
    client.force_login(enrolled_leader)
    for path in ["/accounts/two-factor/anything/", "/accounts/login/x/", "/static-not/", "/no-such-page/"]:
        assert client.get(path)["Location"].startswith(reverse("accounts:two_factor")), path
