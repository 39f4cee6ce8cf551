"""What people type into spreadsheets, made comparable: full-width digits and punctuation,
stray spaces, dates in every common shape, and the usual words for the same value."""

import datetime as dt
import re
import unicodedata

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from core import validators
from core.i18n import format_lazy

FORMULA_START = ("=", "+", "@")
TOO_LONG = gettext_lazy("At most %(limit)s characters")


class Invalid(ValueError):
    """A cell that cannot be read; `message` says why, lazily (it becomes a row error's reason,
    read in the language of whoever reads it)."""

    def __init__(self, message: str | Promise):
        super().__init__(message)
        self.message = message


def text(value, *, fold: bool = False) -> str:
    """The cell as text, trimmed. `fold` also turns full-width characters into half-width ones
    (for numbers, codes and fixed words) — names keep their full-width brackets."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value)
    # Tabs and line breaks inside a cell are harmless (they become spaces below); any other
    # control character is refused, never stored.
    if validators.has_forbidden_characters(s, lines=True):
        raise Invalid(validators.CONTROL_CHARACTERS)
    s = s.replace("\u3000", " ")
    if fold:
        s = unicodedata.normalize("NFKC", s)
    s = s.strip()
    s = re.sub(r"\s+", " ", s)
    # No column of any import is longer than a line; columns with a shorter field say so too.
    if len(s) > validators.LINE_MAX_LENGTH:
        raise Invalid(format_lazy(TOO_LONG, limit=validators.LINE_MAX_LENGTH))
    if s.startswith(FORMULA_START) and len(s) > 1:
        raise Invalid(gettext_lazy("The cell is a formula and cannot be imported as data (paste it as values)"))
    return s


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def date(value, window: validators.DateWindow = validators.PARTY_ERA) -> dt.date | None:
    """The cell as a date within `window` (dates of Party events by default)."""
    day = _date(value)
    if day is not None and day not in window:
        raise Invalid(window.message)
    return day


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = text(value, fold=True).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        if m := pattern.match(s):
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise Invalid(gettext_lazy("The date does not exist")) from None
    raise Invalid(gettext_lazy("Write the date like 2020-07-01"))


def choice(value, options: dict[str, str], label: str) -> str:
    """`options` maps every accepted spelling to the stored value."""
    s = text(value, fold=True).replace(" ", "")
    if s in options:
        return options[s]
    accepted = "、".join(dict.fromkeys(k for k in options if not k.isascii()))
    raise Invalid(format_lazy(gettext_lazy("%(label)s must be one of: %(accepted)s"), label=label, accepted=accepted))


def boolean(value) -> bool:
    s = text(value, fold=True)
    if s in {"", "否", "0", "N", "n", "无", "不是"}:
        return False
    if s in {"是", "1", "Y", "y", "有"}:
        return True
    raise Invalid(format_lazy(gettext_lazy("Must be “%(yes)s” or “%(no)s”"), yes="是", no="否"))


def folded(value) -> str:
    return text(value, fold=True)


def fold_name(name: str) -> str:
    """A name compared loosely: full-width and half-width the same, spaces ignored."""
    return unicodedata.normalize("NFKC", name).replace(" ", "")
