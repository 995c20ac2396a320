"""Saved web pages: the article's main text and its metadata, found by trafilatura.

trafilatura leaves out scripts, styles, navigation, comment sections, share widgets and other
boilerplate, and reads the title, date, site name, canonical URL and author from the page's
metadata (Open Graph, JSON-LD, ``<meta>``, ``<link rel=canonical>``). The paragraphs then go
through the same furniture, dateline and year rules as plain text, so a page and a text copy of
the same article give the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.errors import InputError
from claims.ingest.provenance import outlet_from_url, sidecar
from claims.ingest.text import build_article, decode, parse_paragraphs
from claims.model import Article

if TYPE_CHECKING:
    from claims.ingest.files import ReadOptions

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
_MARKUP = re.compile(r"<\s*(html|head|body|article|main|div|p|h[1-6]|title|meta)\b", re.IGNORECASE)
_DOCUMENT = re.compile(r"<\s*(html|body)\b", re.IGNORECASE)
_BLOCKS = {"p", "head", "list", "item", "quote", "code", "div", "section"}  # trafilatura's XML body elements
_SKIPPED = {"table", "graphic", "figure"}
MIN_WORDS = 6  # an article has at least one paragraph this long; menus and link lists do not


def read_html(
    raw: bytes, shown: str, sha: str, options: ReadOptions, file_year: int | None = None, source: Path | None = None
) -> Article:
    """An HTML page as an Article: main text as paragraphs, with the page's metadata.

    Args:
        raw: the file's bytes.
        shown: the file as shown in messages.
        sha: the sha256 of the bytes.
        options: reading options (the rules).
        file_year: the year of the file's date, for a dateline without a year when the page has no date.
        source: the file, for its ``SOURCES.json`` entry (default: ``shown``).

    Raises:
        InputError: empty or binary file, malformed HTML, or a page without article text.
    """
    import trafilatura

    declared = _CHARSET.search(raw[:4096])
    text, notes = decode(raw, shown, declared.group(1).decode("ascii") if declared else None)
    tree = _page_tree(text, shown)
    try:
        page = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_formatting=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:
        raise InputError(shown, f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    body = getattr(page, "body", None)  # bare_extraction gives a Document (a dict only with as_dict=True)
    paragraphs = list(_paragraphs(body)) if body is not None else []
    if not any(len(p.split()) >= MIN_WORDS for p in paragraphs):
        raise InputError(
            shown, "no article text in the page (an index page, or one that needs JavaScript to show its text?)"
        )
    meta = sidecar(source or Path(shown))
    parsed = parse_paragraphs(paragraphs, options.ingest_lexicon(), title=_value(page, "title"), file_year=file_year)
    if not parsed.paragraphs:
        raise InputError(shown, "no article text in the page (only site furniture)")
    url = meta.get("url") or _value(page, "url")
    article = build_article(
        parsed,
        path=shown,
        sha256=sha,
        notes=notes,
        url=url,
        author=meta.get("author") or _value(page, "author"),
        outlet=meta.get("outlet") or _value(page, "sitename"),
        published=meta.get("published") or _value(page, "date"),
    )
    article.outlet = article.outlet or outlet_from_url(url, options.ingest_lexicon().get("generic_host_labels", ()))
    return article


def _page_tree(text: str, shown: str) -> Any:
    """The page parsed by lxml (through trafilatura), from text: never decompressed, never fetched."""
    import trafilatura

    if not _MARKUP.search(text):
        raise InputError(shown, "malformed HTML: no HTML elements found (plain text saved as .html?)")
    if not _DOCUMENT.search(text):  # a fragment, as CMS exports of an article body are
        text = f"<html><body>{text}</body></html>"
    try:
        tree = trafilatura.load_html(text)  # a str, so that trafilatura never decompresses anything
    except Exception as exc:  # lxml's own limits (nesting depth, huge text nodes)
        raise InputError(shown, f"malformed HTML: {type(exc).__name__}: {exc}") from exc
    if tree is None:
        raise InputError(shown, "malformed HTML: lxml could not parse it into a page")
    return tree


def _value(page: Any, name: str) -> str | None:
    value = getattr(page, name, None)
    return " ".join(str(value).split()) or None if value else None


def _paragraphs(body: Any) -> Iterator[str]:
    """The text of each block of trafilatura's XML body, in order.

    A ``<br>`` inside a paragraph reads as a space. trafilatura collapses the whitespace of the
    page's text, so a newline left in a block separates paragraphs (its fallback extractor, used
    on short pages, returns them that way).
    """
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    for block in _block_texts(body):
        yield from block.split("\n")


def _block_texts(element: Any) -> Iterator[str]:
    buffer = [element.text or ""]
    for child in element:
        if child.tag in _SKIPPED:
            buffer.append(child.tail or "")
        elif child.tag in _BLOCKS:
            yield "".join(buffer)
            buffer = []
            yield from _block_texts(child)
            buffer.append(child.tail or "")
        else:
            buffer.append("".join(child.itertext()) + (child.tail or ""))
    yield "".join(buffer)
