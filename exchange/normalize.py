"""What people type into spreadsheets, made comparable: full-width digits and punctuation,
stray spaces, dates in every common shape, and the usual words for the same value."""

import datetime as dt
import re
import unicodedata

FORMULA_START = ("=", "+", "@")


class Invalid(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


def text(value, *, fold: bool = False) -> str:
    """The cell as text, trimmed. `fold` also turns full-width characters into half-width ones
    (for numbers, codes and fixed words) — names keep their full-width brackets."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).replace("\u3000", " ")
    if fold:
        s = unicodedata.normalize("NFKC", s)
    s = s.strip()
    s = re.sub(r"\s+", " ", s)
    if s.startswith(FORMULA_START) and len(s) > 1:
        raise Invalid("单元格是公式，不能作为数据导入（请粘贴为数值）")
    return s


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def date(value) -> dt.date | None:
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
                raise Invalid("日期不存在") from None
    raise Invalid("日期格式应为 2020-07-01")


def choice(value, options: dict[str, str], label: str) -> str:
    """`options` maps every accepted spelling to the stored value."""
    s = text(value, fold=True).replace(" ", "")
    if s in options:
        return options[s]
    accepted = "、".join(dict.fromkeys(k for k in options if not k.isascii()))
    raise Invalid(f"{label}应为：{accepted}")


def boolean(value) -> bool:
    s = text(value, fold=True)
    if s in {"", "否", "0", "N", "n", "无", "不是"}:
        return False
    if s in {"是", "1", "Y", "y", "有"}:
        return True
    raise Invalid("应为“是”或“否”")


def folded(value) -> str:
    return text(value, fold=True)


def fold_name(name: str) -> str:
    """A name compared loosely: full-width and half-width the same, spaces ignored."""
    return unicodedata.normalize("NFKC", name).replace(" ", "")
