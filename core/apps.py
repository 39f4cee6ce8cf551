from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "core"

    def ready(self) -> None:
        import core.lookups  # noqa: F401 -- registers `__any`
        from core.rules import check_configured_rules

        check_configured_rules()  # DANGJIAN_RULES' keys and types, now that every rules.py can load
