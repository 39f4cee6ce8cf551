from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The home page: what the signed-in user has in scope. It sits above every capability and
    the reports because it reads all of them (issue 16 grows it into a work list)."""

    name = "workbench"
    verbose_name = "workbench"
