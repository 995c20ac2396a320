"""Plain-text news: decoding, site furniture, title, dateline and publication date.

The heuristics are driven by ``claims/rules/ingest.yml``: which lines are furniture, which line ends
the article (a comment form), what a dateline looks like, and which phrases give away the year
of a dateline that has none.
"""

from __future__ import annotations

import calendar
import codecs
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ftfy

from claims.errors import InputError
from claims.model import Article, Paragraph, short_hash

_MONTHS = {calendar.month_name[n].lower(): n for n in range(1, 13)}  # English: Python keeps the C locale
_MONTH_ABBR = {calendar.month_abbr[n].lower(): n for n in range(1, 13)} | {"sept": 9}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class ParsedText:
    """What the plain-text heuristics found: title, body paragraphs and metadata."""

    title: str | None
    paragraphs: list[str]
    outlet: str | None = None
    place: str | None = None
    published: str | None = None
    published_inferred: bool = False
    author: str | None = None
    notes: list[str] = field(default_factory=list)
    year_note: str | None = None  # how the year was inferred; dropped when the file's metadata gives the date


_SIGNATURES = (  # the first bytes of binary files that are often saved or renamed as text by mistake
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a zip archive, such as a .docx or .xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office .doc or .xls file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)


def decode(raw: bytes, path: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252; mojibake repaired.

    Args:
        raw: the file's bytes.
        path: the file as shown in error messages.
        declared: the encoding the file itself declares (an HTML page's ``<meta charset>``), tried
            after a byte order mark and before UTF-8.

    Returns:
        The text and notes on what was done to it ("decoded as cp1252", "repaired mojibake").

    Raises:
        InputError: empty, binary or undecodable input.
    """
    notes: list[str] = []
    text: str | None
    if not raw.strip():
        raise InputError(path, "empty file")
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid UTF-16 text ({exc.reason} at byte {exc.start})") from exc
        notes.append("decoded as UTF-16")
    else:
        kind = next((name for signature, name in _SIGNATURES if raw.startswith(signature)), None)
        if kind:
            raise InputError(path, f"binary file ({kind}), not text")
        nul = raw.find(b"\x00")
        if nul >= 0:
            raise InputError(path, f"binary file (NUL byte at offset {nul:,}), not text")
        if raw.startswith(codecs.BOM_UTF8):
            text = decode_utf8(raw, path, "the file starts with a UTF-8 byte order mark but is not UTF-8")
        else:
            text = _decode_declared(raw, declared, notes, path)
        if text is None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    text = raw.decode("cp1252")
                except UnicodeDecodeError as exc:
                    raise InputError(
                        path, f"neither UTF-8 nor cp1252 text (byte 0x{raw[exc.start]:02x} at offset {exc.start:,})"
                    ) from exc
                notes.append("decoded as cp1252")
    if not text.strip():
        raise InputError(path, "empty file")
    if _looks_binary(text):
        raise InputError(path, "binary file (mostly control characters), not text")
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        notes.append("repaired mojibake (ftfy)")
        text = fixed
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def decode_utf8(raw: bytes, path: str, what: str = "not UTF-8", then: str = "") -> str:
    """UTF-8 bytes (with or without a byte order mark) to text.

    Raises:
        InputError: ``what``, the first byte that is not UTF-8 and its offset in the file (the byte
            order mark counted), and ``then``.
    """
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        where = skip + exc.start
        raise InputError(path, f"{what} (byte 0x{raw[where]:02x} at offset {where:,}){then}") from exc


_PROBE = bytes(range(0x20, 0x7F)) + b"\n\t"  # printable ASCII: an encoding a page may declare reads it as ASCII
_AS_UTF8 = {"utf-16", "utf-16-le", "utf-16-be"}  # declared in a page that is readable as ASCII: UTF-8, as browsers do


def _decode_declared(raw: bytes, declared: str | None, notes: list[str], path: str) -> str | None:
    """The text in the encoding the file declares, when it is a known one other than UTF-8 and fits.

    Raises:
        InputError: the declared charset is unknown, or is no text encoding a page can be written in
            (``rot13``, ``zlib``, ``base64``, ``utf-7``...).
    """
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError as exc:
        raise InputError(path, f"declares an unknown charset '{declared}'; save it as UTF-8") from exc
    if name in ("utf-8", "ascii") or name in _AS_UTF8:
        return None
    try:
        usable = _PROBE.decode(name) == _PROBE.decode("ascii")
    except (LookupError, UnicodeDecodeError, ValueError):
        usable = False
    if not usable:
        raise InputError(
            path, f"declares charset '{declared}', which is not a text encoding a page can use; save it as UTF-8"
        )
    if name in ("latin-1", "iso8859-1"):  # as browsers do: pages that say latin-1 are cp1252
        name = "cp1252"
    try:
        text = raw.decode(name)
    except UnicodeDecodeError:
        return None
    notes.append(f"decoded as {name} (declared by the file)")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    control = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return control > max(8, len(sample) // 20)


def parse_plain_text(text: str, lexicon: Mapping[str, Any], file_year: int | None = None) -> ParsedText:
    """Title, paragraphs and dateline metadata of a plain-text news article."""
    rules = _compiled(_freeze(lexicon))
    kept = _without_furniture([line.strip() for line in text.split("\n")], rules)
    return _read_blocks(_blocks(kept), rules, file_year)


def parse_paragraphs(
    paragraphs: Sequence[str], lexicon: Mapping[str, Any], title: str | None = None, file_year: int | None = None
) -> ParsedText:
    """Paragraphs that their format already separates (HTML, Word), read with the plain-text rules.

    Whitespace inside a paragraph is collapsed, as a browser or word processor shows it. The same
    furniture, dateline and year rules apply, so an article saved as text, HTML or Word gives the
    same title and paragraphs (and so the same article id and claim ids).

    Args:
        paragraphs: the paragraph texts in order.
        lexicon: the ``ingest`` lexicon of the rules.
        title: the title from the file's metadata; without it the first paragraph may be the title.
        file_year: the year of the file's own date, for a dateline without a year.
    """
    rules = _compiled(_freeze(lexicon))
    kept = [line for line in _without_furniture([" ".join(p.split()) for p in paragraphs], rules) if line]
    title = " ".join(title.split()) if title else None
    if title and kept and kept[0] == title:
        kept = kept[1:]  # the page repeats its title as its first heading
    return _read_blocks(kept, rules, file_year, title or None)


def _without_furniture(lines: Sequence[str], rules: _Rules) -> list[str]:
    """Lines up to a comment form, without site furniture lines (blank lines are kept)."""
    kept: list[str] = []
    for line in lines:
        if any(p.search(line) for p in rules.footer):
            break
        if line and any(p.search(line) for p in rules.furniture):
            continue
        kept.append(line)
    return kept


def _read_blocks(blocks: list[str], rules: _Rules, file_year: int | None, title: str | None = None) -> ParsedText:
    """Title, byline, date line and dateline at the start of the paragraphs; the year when it is missing."""
    parsed = ParsedText(title=title, paragraphs=[])
    if not blocks:
        return parsed
    first = blocks[0]
    if title is None and len(blocks) > 1 and len(first) <= 250 and not first.endswith((".", ":", ";", ",")):
        parsed.title = first
        blocks = blocks[1:]
    while blocks:  # a byline and a date line, in either order, under the title
        date_line = rules.date_line.match(blocks[0])
        byline = rules.byline.match(blocks[0]) if rules.byline else None
        if date_line and not parsed.published:
            parsed.published = _date_from_text(date_line.group("date"), None)
        elif byline and not parsed.author:
            parsed.author = byline.group("author")
            parsed.notes.append(f"byline removed: {blocks[0]}")
        else:
            break
        blocks = blocks[1:]
    if blocks:
        blocks[0] = _dateline(blocks[0], rules.datelines, parsed)
        if not blocks[0]:
            blocks = blocks[1:]
    parsed.paragraphs = blocks
    if parsed.published and parsed.published.startswith("--"):  # the dateline gave no year
        parsed.published = _infer_year(parsed, rules.year_clues, file_year)
    return parsed


def _blocks(lines: Sequence[str]) -> list[str]:
    """Paragraphs: blank-line separated blocks; a block of short wrapped lines is joined."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out: list[str] = []
    for block in blocks:
        if not block:
            continue
        wrapped = len(block) > 1 and all(40 <= len(line) <= 90 for line in block[:-1])
        if wrapped:
            out.append(" ".join(block))
        else:
            out.extend(block)
    return out


def _dateline(paragraph: str, patterns: Sequence[re.Pattern[str]], parsed: ParsedText) -> str:
    for pattern in patterns:
        match = pattern.match(paragraph)
        if not match:
            continue
        groups = match.groupdict()
        if groups.get("outlet"):
            parsed.outlet = groups["outlet"].strip()
        if groups.get("place"):
            parsed.place = groups["place"].strip().title()
        if groups.get("date"):
            parsed.published = _date_from_text(groups["date"], None)
        parsed.notes.append(f"dateline removed: {match.group(0).strip()}")
        return paragraph[match.end() :]
    return paragraph


def _date_from_text(text: str, year: int | None) -> str | None:
    """ISO date of "July 20", "July 20, 2021", "20 July 2021" or "2021-07-20"; "--07-20" without a year."""
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next(
        (
            _MONTHS.get(w.lower()) or _MONTH_ABBR.get(w.lower()[:4].rstrip(".")) or _MONTH_ABBR.get(w.lower()[:3])
            for w in words
            if w.isalpha() and (w.lower() in _MONTHS or w.lower()[:3] in _MONTH_ABBR)
        ),
        None,
    )
    numbers = [int(w) for w in words if w.isdigit()]
    day = next((n for n in numbers if 1 <= n <= 31), None)
    found_year = next((n for n in numbers if n > 31), year)
    if not month or not day:
        return None
    if found_year is None:
        return f"--{month:02d}-{day:02d}"
    try:
        return dt.date(found_year, month, day).isoformat()
    except ValueError:
        return None


def _infer_year(parsed: ParsedText, clues: Sequence[re.Pattern[str]], file_year: int | None) -> str | None:
    """A year for a dateline without one: from the article's own words, else the file's date."""
    month_day = (parsed.published or "")[1:]  # "-MM-DD"
    body = "\n".join(parsed.paragraphs)
    year = None
    how = ""
    for clue in clues:
        match = clue.search(body)
        if match:
            year = int(match.group("year")) + int(match.group("n"))
            how = f"'{match.group(0)}'"
            break
    if year is None and file_year is not None:
        year, how = file_year, "the file's modification date"
    if year is None:
        return None
    parsed.published_inferred = True
    parsed.year_note = f"publication year {year} inferred from {how}"
    return f"{year:04d}{month_day}"


@dataclass(frozen=True)
class _Rules:
    footer: tuple[re.Pattern[str], ...]
    furniture: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    date_line: re.Pattern[str]
    byline: re.Pattern[str] | None
    year_clues: tuple[re.Pattern[str], ...]


def _freeze(lexicon: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(lexicon.items()))


@lru_cache(maxsize=4)
def _compiled(frozen: tuple[Any, ...]) -> _Rules:
    lexicon = dict(frozen)
    return _Rules(
        footer=tuple(re.compile(p, re.IGNORECASE) for p in lexicon.get("footer_markers", ())),
        furniture=tuple(re.compile(p, re.IGNORECASE) for p in lexicon.get("furniture_lines", ())),
        datelines=tuple(re.compile(p) for p in lexicon.get("datelines", ())),
        date_line=re.compile(lexicon.get("date_line", r"(?!x)x")),
        byline=re.compile(lexicon["byline"]) if lexicon.get("byline") else None,
        year_clues=tuple(re.compile(p) for p in lexicon.get("year_clues", ())),
    )


def build_article(
    parsed: ParsedText,
    *,
    path: str | None = None,
    url: str | None = None,
    sha256: str | None = None,
    notes: Sequence[str] = (),
    author: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
) -> Article:
    """An Article whose text is the title, a blank line and the paragraphs, with their offsets.

    The id is a hash of that text, so the same article read from another file (or another
    format that yields the same text) gets the same id and the same claim ids.
    """
    pieces = ([parsed.title] if parsed.title else []) + parsed.paragraphs
    text = ""
    paragraphs: list[Paragraph] = []
    for index, piece in enumerate(pieces):
        if text:
            text += "\n\n"
        paragraphs.append(
            Paragraph(index=index if parsed.title else index + 1, start=len(text), end=len(text) + len(piece))
        )
        text += piece
    return Article(
        id="a" + short_hash(" ".join(text.split()), length=15),
        text=text,
        title=parsed.title,
        outlet=outlet or parsed.outlet,
        author=author or parsed.author,
        published=published or parsed.published,
        published_inferred=parsed.published_inferred and not published,
        place=parsed.place,
        url=url,
        path=path,
        sha256=sha256,
        paragraphs=paragraphs,
        notes=[*notes, *parsed.notes, *([parsed.year_note] if parsed.year_note and not published else [])],
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Lone surrogates (JSON's ``"\\ud800"``), which no file can hold, replaced by U+FFFD: one character for one."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def paragraphs_of(text: str) -> list[Paragraph]:
    """Paragraph offsets of a text given as is: blank-line blocks, else single lines."""
    separator = re.compile(r"\n\s*\n") if re.search(r"\n\s*\n", text) else re.compile(r"\n")
    paragraphs: list[Paragraph] = []
    position = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            paragraphs.append(
                Paragraph(index=len(paragraphs), start=position + lead, end=position + len(chunk.rstrip()))
            )
        position = match.end() if match else len(text)
    return paragraphs
