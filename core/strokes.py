"""Stroke order (姓氏笔画) for sorting names the way party documents list them: by the number of
strokes of each character, then stroke by stroke in the order 横 (with 提), 竖 (with 竖钩),
撇, 点 (with 捺), 折 — the five classes of the national stroke-order standard (GB 13000.1 字符集
汉字笔顺规范) — character after character.

The table `core/data/stroke_order.txt` (one line per character: the character and its strokes
as class digits 1-5) is generated from the npm package cnchar-order (MIT), which holds the stroke
order of the 6,939 characters of common use: `make strokes-table` rebuilds it. A character not in
the table sorts after every character that is, by its code point, so a rare character never
breaks a list (it is reported by `unknown`).
"""

import re
import sys
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "stroke_order.txt"

# cnchar-order's stroke letters, by the class each belongs to (its own dictionary names them:
# j 横, i 提, f 竖, g 竖钩, s 撇, k 点, d 点, l 捺; every other letter is a stroke with a fold).
_CLASS = {"j": "1", "i": "1", "f": "2", "g": "2", "s": "3", "k": "4", "d": "4", "l": "4"}
_FOLD = "5"


@cache
def _table() -> dict[str, str]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return {char: strokes for char, strokes in (line.split("\t") for line in lines if line)}


def unknown(name: str) -> list[str]:
    """The characters of `name` the table does not hold (rare characters)."""
    table = _table()
    return [c for c in name if c not in table]


def stroke_key(name: str) -> tuple:
    """A sort key: character by character, (known?, number of strokes, stroke classes, the
    character itself — so two surnames of the same strokes, 叶 and 申, never interleave)."""
    table = _table()
    key = []
    for char in name:
        strokes = table.get(char)
        key.append((0, len(strokes), strokes, char) if strokes else (1, 0, "", char))
    return tuple(key)


def sorted_by_strokes(names, *, key=lambda n: n):
    """`names` in 姓氏笔画 order; `key` gives the name of an item."""
    return sorted(names, key=lambda item: stroke_key(key(item)))


def build(source: Path) -> int:
    """Write the table from cnchar-order's bundle (its "char":"letters" map); returns the count."""
    found = re.findall(r'"([\u4e00-\u9fff\u3400-\u4dbf])":"([a-z]+)"', source.read_text(encoding="utf-8"))
    rows = {char: "".join(_CLASS.get(letter, _FOLD) for letter in letters) for char, letters in found}
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text("".join(f"{c}\t{s}\n" for c, s in sorted(rows.items())), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(f"{build(Path(sys.argv[1]))} characters written to {TABLE}")
