import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH, MAX_LENGTH = 8, 128


class PasswordPolicyValidator:
    """等保 2.0: at least 8 characters (at most 128) from at least 3 of 4 character classes.

    The length rule is ours rather than Django's MinimumLengthValidator because Django 5.2's
    Chinese catalogue lags its message, which then shows in English."""

    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits)

    def validate(self, password, user=None):
        if len(password) < MIN_LENGTH:
            raise ValidationError(
                _("The password is too short: it needs at least %(n)s characters.") % {"n": MIN_LENGTH},
                code="password_too_short",
            )
        if len(password) > MAX_LENGTH:
            raise ValidationError(
                _("The password may have at most %(n)s characters.") % {"n": MAX_LENGTH}, code="password_too_long"
            )
        kinds = sum(any(c in chars for c in password) for chars in self.classes)
        kinds += any(not c.isalnum() for c in password)
        if kinds < 3:
            raise ValidationError(
                _(
                    "The password must contain at least three of: "
                    "lower-case letters, upper-case letters, digits, symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("At least 8 characters, with three of: lower-case letters, upper-case letters, digits, symbols.")
