"""What the system accepts from people, wherever it comes in (a form, an import, an API):
text without control characters, text of a bounded length, dates in a plausible window.

Forms apply these to every field through `core.forms.BootstrapMixin`; imports through
`exchange.normalize`. Stored text must be writable to every export format (.xlsx and .docx
refuse C0/C1 control characters) and readable by people, so it is refused at the door rather
than cleaned on the way out."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from core.i18n import format_lazy

# A line of text (a name, a code, a reason on one line): the longest one-line model field
# holds 200 characters (an organization or outside organization's name).
LINE_MAX_LENGTH = 200
# A text of several lines (a note, a reason, a comment): 2,000 characters is about one printed
# page of Chinese; anything longer belongs in a document, not a field. Fields that quote
# regulations (an authority matter's description and division rule) allow more.
TEXT_MAX_LENGTH = 2000
LONG_TEXT_MAX_LENGTH = 5000

CONTROL_CHARACTERS = _("Remove the control characters from this text.")

# C0 and C1 control characters, DEL, lone surrogates and the Unicode non-characters
# (U+FDD0–U+FDEF and the last two code points of every plane). Tab, line feed and carriage
# return are the only controls a text of several lines may hold.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) turn text
# around on screen: "O73\u202eexe.cod" shows as a file name it is not. Chinese text never needs
# them; the implicit marks (U+200E/U+200F) stay allowed.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_FORBIDDEN_IN_LINES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}{_NONCHARACTERS}]")
_FORBIDDEN_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_BIDI_CONTROLS}{_NONCHARACTERS}]")


def has_forbidden_characters(value: str, *, lines: bool = False) -> bool:
    """Whether `value` holds a character no stored text may hold (`lines`: tab, line feed and
    carriage return are allowed)."""
    return bool((_FORBIDDEN_IN_LINES if lines else _FORBIDDEN_IN_LINE).search(value))


def without_forbidden_characters(value: str, *, lines: bool = False) -> str:
    """`value` with every character no stored text may hold removed: for text that is cleaned
    rather than refused (a search box, an audit record written inside someone's operation)."""
    return (_FORBIDDEN_IN_LINES if lines else _FORBIDDEN_IN_LINE).sub("", value)


def shown(value: str) -> str:
    """`value` with each forbidden character replaced by U+FFFD, to show someone where their
    input was refused without storing what was refused."""
    return _FORBIDDEN_IN_LINES.sub("\ufffd", value)


@deconstructible
class PlainTextValidator:
    def __init__(self, *, lines: bool = False):
        self.lines = lines

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_forbidden_characters(value, lines=self.lines):
            raise ValidationError(CONTROL_CHARACTERS, code="control_characters")

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and other.lines == self.lines


@dataclass(frozen=True)
class DateWindow:
    """The dates a field may plausibly hold; anything outside is a typing mistake or an attack
    (0001-01-01, 9999-12-31), refused before it reaches a rule or a database."""

    earliest: dt.date
    latest: dt.date

    def __contains__(self, day: dt.date) -> bool:
        return self.earliest <= day <= self.latest

    @property
    def message(self) -> str:
        """Lazy: an import keeps it before anyone knows who reads it."""
        return format_lazy(
            _("Enter a date between %(earliest)s and %(latest)s."),
            earliest=self.earliest.isoformat(),
            latest=self.latest.isoformat(),
        )

    def __call__(self, value) -> None:
        """As a validator."""
        if isinstance(value, dt.date) and value not in self:
            raise ValidationError(self.message, code="implausible_date")


# Party events (joining, posts, letters, meetings, plans): the Party was founded in 1921.
PARTY_ERA = DateWindow(dt.date(1921, 1, 1), dt.date(2100, 12, 31))
# Dates of people's lives and of government units, which may predate the Party.
MODERN_ERA = DateWindow(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
