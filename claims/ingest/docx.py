"""Word drafts (.docx), read with python-docx, tracked changes as Word shows them with markup.

python-docx's ``Paragraph.text`` reads only the runs that are direct children of a paragraph
(``w:r`` and ``w:hyperlink``), so text inserted with tracked changes on (runs inside ``w:ins``)
would be lost. Here every run of a paragraph is read except deleted ones (``w:del``,
``w:moveFrom``), which is the text as it reads once all changes are accepted.

The package is checked before it is parsed: a .docx is a zip file, and one whose parts would
unpack to far more than they pack to is refused (Python's zipfile never unpacks past the sizes
the package declares, so checking those is enough).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claims.errors import InputError
from claims.ingest.provenance import outlet_from_url, sidecar
from claims.ingest.text import build_article, parse_paragraphs
from claims.model import Article

if TYPE_CHECKING:
    from claims.ingest.files import ReadOptions

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_KEPT_RUNS = ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
_RATIO_FROM = 1024 * 1024  # parts smaller than this are not judged by their packing ratio
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(
    raw: bytes, shown: str, sha: str, options: ReadOptions, file_year: int | None = None, source: Path | None = None
) -> Article:
    """A Word document as an Article: its body paragraphs, tracked insertions kept, deletions left out.

    The title is the first paragraph in the Title style, else (as in plain text) a short first
    paragraph without final punctuation. The author comes from the document's properties.

    Raises:
        InputError: not a .docx package, a zip-bomb-like package, or no article text.
    """
    check_package(raw, shown, options)
    document = _open(raw, shown)
    title = None
    paragraphs: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph_text(paragraph._p)
        if (
            title is None
            and not any(p.strip() for p in paragraphs)
            and text.strip()
            and _style_name(paragraph) == "Title"
        ):
            title = text
            continue
        paragraphs.append(text)
    notes = _change_notes(document.element.body)
    tables = len(document.tables)
    if tables:
        notes.append(f"{tables} table(s) left out")
    properties = document.core_properties
    dated = properties.modified or properties.created
    parsed = parse_paragraphs(
        paragraphs,
        options.ingest_lexicon(),
        title=title,
        file_year=dated.year if dated else file_year,
    )
    if not parsed.paragraphs:
        raise InputError(shown, "no article text in the document")
    meta = sidecar(source or Path(shown))
    return build_article(
        parsed,
        path=shown,
        sha256=sha,
        notes=notes,
        url=meta.get("url"),
        author=meta.get("author") or (properties.author or "").strip() or None,
        outlet=meta.get("outlet")
        or outlet_from_url(meta.get("url"), options.ingest_lexicon().get("generic_host_labels", ())),
        published=meta.get("published"),
    )


def _open(raw: bytes, shown: str) -> Any:
    """The python-docx Document of a package that passed ``check_package``."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(io.BytesIO(raw))
    except PackageNotFoundError as exc:
        raise InputError(shown, "not a Word document (the package has no main document part)") from exc
    except XMLSyntaxError as exc:
        raise InputError(shown, f"not a readable Word document (broken XML: {exc.msg})") from exc
    except KeyError as exc:  # zipfile: a part the package needs is missing
        raise InputError(shown, f"not a readable Word document ({exc.args[0] if exc.args else exc})") from exc
    except Exception as exc:
        raise InputError(shown, f"not a readable Word document ({type(exc).__name__}: {exc})") from exc


def check_package(raw: bytes, shown: str, options: ReadOptions) -> None:
    """Refuse what is not a .docx package, or would unpack to far more than it packs to."""
    if raw.startswith(_OLE2):
        raise InputError(shown, "an old Word .doc file renamed .docx; save it as .docx in Word or LibreOffice")
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise InputError(shown, "not a Word .docx file (not a zip package)") from exc
    with package:
        parts = package.infolist()
        total = sum(part.file_size for part in parts)
        if total > options.max_unpacked_bytes:
            raise InputError(
                shown,
                f"zip-bomb-like .docx: its parts unpack to {total:,} bytes "
                f"(the limit is {options.max_unpacked_bytes:,})",
            )
        for part in parts:
            if part.file_size >= _RATIO_FROM and part.file_size > options.max_ratio * max(part.compress_size, 1):
                raise InputError(
                    shown,
                    f"zip-bomb-like .docx: {part.filename} unpacks to {part.file_size:,} bytes "
                    f"from {part.compress_size:,} (more than {options.max_ratio} times)",
                )
        if "word/document.xml" not in package.namelist():
            raise InputError(shown, "not a Word .docx file (no word/document.xml in the zip package)")


def paragraph_text(p: Any) -> str:
    """A paragraph's text with tracked insertions, without tracked deletions.

    Runs inside hyperlinks, fields and content controls count too; text boxes anchored in the
    paragraph do not.
    """
    return "".join(run.text for run in p.xpath(_KEPT_RUNS))


def _style_name(paragraph: Any) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return ""


def _change_notes(body: Any) -> list[str]:
    inserted = sum(1 for node in body.iter(f"{_W}ins") if "".join(node.itertext()).strip())
    deleted = len(list(body.iter(f"{_W}del")))
    if not inserted and not deleted:
        return []
    return [f"tracked changes: {inserted} insertion(s) kept, {deleted} deletion(s) left out"]
