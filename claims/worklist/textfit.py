"""How many lines a wrapped cell's text takes, so that the worklist can set every row's height itself.

Excel stores no row height for a row it was not told about, and LibreOffice does not work one
out for wrapped text when it opens an .xlsx: such rows stay one line tall and their text is cut.
So the writer gives each row an explicit height, from the lines its wrapped cells need.

Widths are those of Calibri 11 (Excel's and XlsxWriter's default font), taken from Carlito, the
metric-compatible font LibreOffice substitutes for it: advance widths in 1/2048 em for the
printable ASCII characters, and for a few others news text is full of. Other characters count
as a wide Latin letter (1,100), and East Asian wide ones as a whole em. Text wraps at spaces; a
word wider than the cell is broken anywhere, as both applications do.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

EM = 2048  # font units per em
_ASCII = (  # Carlito Regular, U+0020 (space) to U+007E (~)
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949,
    1831, 1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356,
    1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020,
    596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080,
    1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020,
)  # fmt: skip
_OTHER = {"’": 511, "‘": 511, "“": 857, "”": 857, "—": 1854, "–": 1020, "…": 1414, "\u00a0": 463}
_LATIN = 1100  # a wide Latin letter: what any other character is taken to be
_BOLD = 1.04  # Carlito Bold is about 4 % wider
_PX_PER_UNIT = 11 * 96 / 72 / EM  # 11 pt at 96 dpi
_PADDING_PX = 6  # the cell's margins and grid line, with a little to spare
LINE_POINTS = 15.0  # a line of 11 pt text, as Excel spaces it (LibreOffice needs about 11.2 pt)
PAD_POINTS = 0.0


def char_units(char: str) -> int:
    """A character's advance width in 1/2048 em."""
    code = ord(char)
    if 32 <= code < 127:
        return _ASCII[code - 32]
    found = _OTHER.get(char)
    if found is not None:
        return found
    return EM if unicodedata.east_asian_width(char) in ("W", "F") else _LATIN


@lru_cache(maxsize=65536)
def word_units(word: str) -> int:
    """A word's width in 1/2048 em (words repeat: each is measured once)."""
    if word.isascii():
        return sum(_ASCII[ord(c) - 32] if " " <= c <= "~" else _LATIN for c in word)
    return sum(char_units(c) for c in word)


def column_units(width: float) -> float:
    """The room for text in a column ``width`` characters wide (Excel's unit), in 1/2048 em."""
    pixels = int(width * 7 + 5) - _PADDING_PX  # Calibri 11's maximum digit width is 7 pixels
    return max(pixels, 1) / _PX_PER_UNIT


def count_lines(text: str, width: float, bold: bool = False, cap: int = 0) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide; at most ``cap`` when it is given."""
    if not text:
        return 1
    room = column_units(width) / (_BOLD if bold else 1.0)
    space = _ASCII[0]
    total = 0
    for paragraph in text.split("\n"):
        total += _paragraph_lines(paragraph, room, space)
        if cap and total >= cap:
            return cap
    return total


def _paragraph_lines(paragraph: str, room: float, space: int) -> int:
    words = paragraph.split()
    if not words:
        return 1
    lines, used = 1, float(-space)
    for word in words:
        wide: float = word_units(word)
        if used + space + wide <= room:
            used += space + wide
            continue
        if used > 0:
            lines += 1
        if wide > room:  # broken anywhere: whole lines of it, the rest starts the next
            extra, wide = divmod(wide, room)
            lines += int(extra)
        used = wide
    return lines


def row_points(lines: int) -> float:
    """The height, in points, of a row showing ``lines`` lines of 11 pt text."""
    return LINE_POINTS * max(lines, 1) + PAD_POINTS
