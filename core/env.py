"""Reading configuration from the environment, strictly: a value that is not what the setting
takes stops the start with ImproperlyConfigured naming the variable and the problem, never a
silent default or a crash later on a request.

Pure functions over a mapping (os.environ unless `environ` is given), so that `dangjian.settings`
can use them before Django is set up and tests can call them with a dict. JSON values are typed
by example: a schema maps each key a setting knows to its default, and a value must be of the
default's type (an integer, true/false, a string, or a list of what the default's items are).
"""

import datetime as dt
import json
import os
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    """1/true/yes/on or 0/false/no/off (any case); unset is `default`; anything else is refused."""
    value = _environ(environ).get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false, 1/0, yes/no, on/off), not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, environ: Mapping[str, str] | None = None) -> int:
    """A whole number in decimal digits (no "1e3", "1_000" or "5.0"); unset is `default`."""
    value = _environ(environ).get(name)
    if value is None:
        return default
    if not _INTEGER.fullmatch(value.strip()):
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}")
    number = int(value.strip())
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_path(name: str, default: str, environ: Mapping[str, str] | None = None) -> str:
    """An absolute directory path; unset is `default`; a relative path is refused (it would
    depend on the directory the server was started from)."""
    value = _environ(environ).get(name)
    if value is None:
        return default
    if not value.strip() or not os.path.isabs(value.strip()):
        raise ImproperlyConfigured(f"{name} must be an absolute path, not {value!r}")
    return value.strip()


def env_date(name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """A YYYY-MM-DD date, kept as the text (core.clock reads it); unset or empty is None."""
    value = _environ(environ).get(name) or None
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ImproperlyConfigured(f"{name} must be a date as YYYY-MM-DD, not {value!r}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not a real date: {value!r}") from None
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    if duplicated:
        raise ValueError(f"duplicate keys {duplicated}")
    return dict(pairs)


def _no_constant(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON number")


def env_json_object(
    name: str, schema: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A JSON object (unset or empty is {}). Refused: text that is not JSON, NaN/Infinity, a key
    given twice, anything but an object; and, when `schema` is given, a key it does not know or a
    value not of its default's type (see `check_values`). Returns only the keys that were set."""
    text = _environ(environ).get(name) or ""
    if not text.strip():
        return {}
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except ValueError as error:  # json.JSONDecodeError is a ValueError
        raise ImproperlyConfigured(f"{name} is not valid JSON: {error}") from None
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object {{...}}, not {type(value).__name__}")
    if schema is not None:
        check_values(name, value, schema)
    return value


def describe(example: Any) -> str:
    """What a value like `example` is, as the refusal says it."""
    if isinstance(example, bool):
        return "true or false"
    if isinstance(example, int):
        return "an integer"
    if isinstance(example, float):
        return "a number"
    if isinstance(example, str):
        return "a string"
    if isinstance(example, list | tuple):
        return f"a list of {describe(example[0]).removeprefix('an ').removeprefix('a ')}s" if example else "a list"
    return type(example).__name__


def matches(value: Any, example: Any) -> bool:
    """Whether `value` (decoded JSON) has the type of `example` (a setting's default); true and
    false are not integers, and an integer is a number."""
    if isinstance(example, bool):
        return isinstance(value, bool)
    if isinstance(example, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(example, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(example, str):
        return isinstance(value, str)
    if isinstance(example, list | tuple):
        return isinstance(value, list) and (not example or all(matches(item, example[0]) for item in value))
    return isinstance(value, type(example))


def check_values(name: str, values: Mapping[str, Any], schema: Mapping[str, Any]) -> None:
    """Refuse a key `schema` does not know and a value not of its default's type."""
    unknown = sorted(set(values) - set(schema))
    if unknown:
        raise ImproperlyConfigured(f"{name}: unknown key(s) {unknown}; the known keys are {sorted(schema)}")
    for key, value in values.items():
        if not matches(value, schema[key]):
            raise ImproperlyConfigured(
                f"{name}: {key!r} must be {describe(schema[key])} (like {json.dumps(schema[key])}),"
                f" not {json.dumps(value, ensure_ascii=False)}"
            )
