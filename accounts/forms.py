from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core.forms import BootstrapMixin
from core.widgets import PickerField


class UserForm(BootstrapMixin, forms.ModelForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("The user must change it at first login."),
    )
    member_id_number = forms.CharField(
        label=_("ID number of the linked member"),
        required=False,
        help_text=_("Optional: links the account to a member's own record."),
    )

    class Meta:
        model = User
        fields = ["username", "display_name"]


class RoleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["role", "organization", "body"]
        labels = {"organization": _("Party organization")}

    def __init__(self, *args, organizations, **kwargs):
        """`organizations`: `orgs.queries.organization_pool(user, "accounts")`, the rows the
        picker offers (accounts sits below orgs, so the view passes them)."""
        super().__init__(*args, **kwargs)
        self.fields["organization"] = PickerField(
            organizations,
            source="orgs:pick",
            params={"pool": "accounts"},
            required=False,
            label=_("organization"),
            label_from_instance=lambda o: f"{o.name}（{o.code}）",
        )
        self.fields["role"].choices = Role.choices


class PasswordResetForm(BootstrapMixin, forms.Form):
    password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("The user must change it at next login."),
    )


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code in your authenticator app, or one of your recovery codes."),
    )


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    """The anonymous door: a user name the input rules refuse (control characters, too long)
    is refused before authentication, so it never reaches the failed-login audit event."""


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    pass
