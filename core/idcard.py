"""Resident ID numbers (GB 11643-1999): 17 digits and a check character."""

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext as _

from core import clock

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# ASCII only: `\d` also matches Arabic-Indic, Devanagari and other digits, which would hash to
# a different key and let one person be registered twice.
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")


def check_character(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize(value: str) -> str:
    """Strip spaces, turn every decimal digit (full-width, Arabic-Indic, ...) into its ASCII digit
    and a lower-case or full-width x into X: one person, one canonical number, one search key."""
    number = value.strip().replace(" ", "").translate(str.maketrans("ｘＸx", "XXX"))
    return "".join(str(unicodedata.decimal(c)) if not c.isascii() and c.isdecimal() else c for c in number)


class InvalidIdNumber(ValueError):
    pass


def parse(value: str) -> tuple[dt.date, str]:
    """Return (birth date, gender "M"/"F") of a valid ID number, or raise InvalidIdNumber with
    a message for the person who typed it."""
    number = normalize(value)
    if not _SHAPE.match(number):
        raise InvalidIdNumber(_("An ID number has 18 characters: 17 digits, then a digit or X."))
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdNumber(_("The date of birth in the ID number does not exist.")) from None
    if birth.year < 1900 or birth > clock.today():
        raise InvalidIdNumber(_("The date of birth in the ID number is not plausible."))
    if check_character(number[:17]) != number[17]:
        raise InvalidIdNumber(
            _("The check character of the ID number is wrong; please check the number and enter it again.")
        )
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return birth, gender


def make(area: str, birth: dt.date, sequence: int, gender: str) -> str:
    """Build a valid number (for demo data): 6-digit area, birth date, 3-digit sequence whose
    last digit is odd for men and even for women."""
    seq = sequence % 1000
    if (seq % 2 == 1) != (gender == "M"):
        seq = (seq + 1) % 1000
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)
