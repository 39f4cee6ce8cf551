"""Helpers for spreadsheets we write."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell value that a spreadsheet will not run as a formula (CSV/formula injection): text
    beginning with = + - @ or a tab gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
