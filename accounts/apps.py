from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.roles import Role
        from audit.actions import register

        register(
            {
                "accounts.user.created": _("Account created"),
                "accounts.user.password_reset": _("Password reset"),
                "accounts.user.enabled": _("Account enabled"),
                "accounts.user.disabled": _("Account disabled"),
                "accounts.role.granted": _("Role granted"),
                "accounts.role.revoked": _("Role revoked"),
                "accounts.password.changed": _("Password changed"),
                "accounts.login.succeeded": _("Signed in"),
                "accounts.login.failed": _("Sign-in failed"),
                "accounts.login.locked": _("Account locked after failed sign-ins"),
                "accounts.login.refused_while_locked": _("Sign-ins refused while locked"),
                "accounts.logout": _("Signed out"),
                "accounts.two_factor.enrolled": _("Two-step verification set up"),
                "accounts.two_factor.verified": _("Two-step verification passed"),
                "accounts.two_factor.failed": _("Two-step verification failed"),
            },
            values={"role": Role.choices},
        )

        from accounts import signals  # noqa: F401 -- connects the login audit receivers
