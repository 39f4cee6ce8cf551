"""Small text helpers shared by the apps: masking and pinyin."""

from pypinyin import Style, lazy_pinyin


def mask_id_number(value: str) -> str:
    """5001**********1234: the first four and last four characters stay visible."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def pinyin_full(name: str) -> str:
    return "".join(lazy_pinyin(name)).lower()


def pinyin_initials(name: str) -> str:
    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower()
