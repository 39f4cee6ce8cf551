class DomainError(Exception):
    """A rule refused an operation. `message` is for the person who asked, translated (gettext,
    English msgid) in their language when raised; `field` names the form field it belongs beside,
    when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
