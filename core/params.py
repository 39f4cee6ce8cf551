"""URL parameters read by views: one parser for whole numbers, dates, ids and short text, each
with bounds, so that no value typed into an address bar reaches int(), date arithmetic or the
database unchecked.

A bad number or date a person typed (a filter, a year) gives the default and a message on the
page saying what was wrong; a bad id is a 404, like an id that names nothing. Nothing here
raises anything else."""

import datetime as dt
import re

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _

from core.validators import LINE_MAX_LENGTH, PARTY_ERA, without_forbidden_characters

# The window of core.validators: nothing the registry holds predates the Party, and 2100 leaves
# room for plans and terms without letting date arithmetic near the end of the calendar.
DATE_MIN, DATE_MAX = PARTY_ERA.earliest, PARTY_ERA.latest
YEAR_MIN, YEAR_MAX = DATE_MIN.year, DATE_MAX.year
ID_MAX = 2**63 - 1  # the largest primary key PostgreSQL's bigint holds
TEXT_MAX = LINE_MAX_LENGTH  # a search box, a code, a name: longer is not something a person typed
# ASCII digits only: str.isdigit() accepts "²", which int() refuses; int() accepts "١٢" and "1_0".
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")
_ID = re.compile(r"[0-9]{1,19}")


def clean_text(value: str, *, max_length: int | None = TEXT_MAX, lines: bool = False) -> str:
    """`value` without what no stored text may hold (core.validators; tab and line breaks kept
    when `lines`), cut to `max_length`."""
    kept = without_forbidden_characters(value, lines=lines)
    return kept if max_length is None else kept[:max_length]


def text_param(request, name: str, *, default: str = "", max_length: int = TEXT_MAX) -> str:
    """A short text parameter, stripped of surrounding spaces and of what no text field holds."""
    value = request.GET.get(name)
    if value is None:
        return default
    return clean_text(value, max_length=max_length).strip()


def _shown(value: str) -> str:
    """A bad value as the message repeats it: printable and short."""
    return clean_text(value, max_length=30)


def int_param(request, name: str, *, lo: int, hi: int, default: int, label: str = "", warn: bool = True) -> int:
    """A whole number from `lo` to `hi`; anything else gives `default`, and when `warn`, a
    message on the page naming the parameter by `label`."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if _INTEGER.fullmatch(raw) and lo <= int(raw) <= hi:
        return int(raw)
    if warn:
        messages.warning(
            request,
            _("“%(value)s” is not a valid %(label)s: enter a whole number from %(lo)s to %(hi)s. Showing %(default)s.")
            % {"value": _shown(raw), "label": label or name, "lo": lo, "hi": hi, "default": default},
        )
    return default


def year_param(request, name: str = "year", *, default: int, warn: bool = True) -> int:
    return int_param(request, name, lo=YEAR_MIN, hi=YEAR_MAX, default=default, label=_("year"), warn=warn)


def parse_date(raw: str, *, lo: dt.date = DATE_MIN, hi: dt.date = DATE_MAX) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) from `lo` to `hi`, else None."""
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if lo <= day <= hi else None


def date_param(
    request,
    name: str,
    *,
    lo: dt.date = DATE_MIN,
    hi: dt.date = DATE_MAX,
    default: dt.date | None = None,
    label: str = "",
    warn: bool = True,
) -> dt.date | None:
    """A date (YYYY-MM-DD) from `lo` to `hi`; anything else gives `default`, and when `warn`, a
    message on the page naming the parameter by `label`."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    day = parse_date(raw, lo=lo, hi=hi)
    if day is not None:
        return day
    if warn:
        messages.warning(
            request,
            _("“%(value)s” is not a valid %(label)s: enter a date from %(lo)s to %(hi)s, as 2024-05-31.")
            % {"value": _shown(raw), "label": label or name, "lo": lo.isoformat(), "hi": hi.isoformat()},
        )
    return default


def parse_id(raw) -> int | None:
    """A primary key (a positive number that fits in a bigint, ASCII digits only), else None."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw.strip()):
        return None
    value = int(raw)
    return value if 0 < value <= ID_MAX else None


def id_param(request, name: str, *, required: bool = False) -> int | None:
    """The id in parameter `name`: None when absent (unless `required`); a value that cannot be
    an id is a 404, as an id that names nothing is."""
    raw = request.GET.get(name, "")
    if not raw and not required:
        return None
    value = parse_id(raw)
    if value is None:
        raise Http404
    return value


def id_list_param(request, name: str, *, limit: int) -> list[int]:
    """The ids repeated in parameter `name` (at most `limit`), skipping what cannot be an id."""
    ids = [parse_id(raw) for raw in request.GET.getlist(name)[: limit * 4]]
    return list(dict.fromkeys(i for i in ids if i is not None))[:limit]


class IdField(forms.IntegerField):
    """A filter form's id: a positive number a bigint holds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)
