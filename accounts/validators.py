import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """At least 3 of 4 character classes (等保 2.0), and at most 128 characters."""

    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits)

    def validate(self, password, user=None):
        if len(password) > 128:
            raise ValidationError(_("The password may have at most 128 characters."), code="password_too_long")
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
        return _("At least three of: lower-case letters, upper-case letters, digits, symbols.")
