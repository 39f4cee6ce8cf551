"""Translation helpers for text built in Python.

Messages are English msgids translated by gettext (the Chinese lives in
locale/zh_Hans/LC_MESSAGES/django.po). A refusal raised while answering a request is translated
at once, in the language of that request (`gettext`). Two kinds of text need more:

- `format_lazy(message, **params)`: a message with its parameters whose language is chosen when
  it is read, not when it is built (warnings collected before anyone knows whether they are shown
  to the person or kept in a record; citations of module-level rules).
- `stored(text)`: text kept in the database (a warning saved on a step, a note on an event, the
  title of a work item) is a record, written in the site's language (LANGUAGE_CODE) whatever
  language the person who caused it reads.
"""

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy


def _interpolate(message, params: dict) -> str:
    return str(message) % {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}


_interpolate_lazy = lazy(_interpolate, str)


def format_lazy(message: str | Promise, **params: object) -> str:
    """`message % params`, translated and interpolated each time it is read. `message` is a
    gettext_lazy string with %(name)s placeholders; `params` may be lazy strings themselves."""
    return _interpolate_lazy(message, params)


def stored(text: str | Promise) -> str:
    """`text` (lazy or not) as kept in a record: in the site's language, LANGUAGE_CODE."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)
