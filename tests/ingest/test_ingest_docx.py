"""Word drafts: paragraphs, tracked changes, document properties, and packages that are not safe to open."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from claims.errors import InputError
from claims.ingest import ReadOptions, read_paths
from claims.ingest.docx import paragraph_text
from claims.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
DRAFT = DATA / "docx" / "draft-tracked-changes.docx"


def read_one(path: Path, options: ReadOptions | None = None) -> Article | InputError:
    (item,) = list(read_paths([path], options))
    return item


def test_draft_with_tracked_changes():
    article = read_one(DRAFT)
    assert isinstance(article, Article)
    # the empty first paragraph is skipped, the Title-style paragraph is the title, the inserted
    # "$12 million" is kept and the deleted "$10 million" is not, the hyperlink's text is kept,
    # the table is left out and the last paragraph (all one insertion) is kept
    assert article.text == (
        "Council approves budget\n\n"
        "The council approved a budget of $12 million on Monday, the mayor said.\n\n"
        "The vote was 7 to 2, the minutes show.\n\n"
        "A second vote is due in April."
    )
    assert (article.title, article.author, article.place, article.published) == (
        "Council approves budget",
        "Sam Writer",
        "Springfield",
        None,
    )
    assert article.notes == [
        "tracked changes: 2 insertion(s) kept, 1 deletion(s) left out",
        "1 table(s) left out",
        "dateline removed: SPRINGFIELD —",
    ]


def test_python_docx_alone_would_lose_the_inserted_text():
    paragraph = docx.Document(str(DRAFT)).paragraphs[2]
    # python-docx reads only the runs directly under the paragraph, not those inside <w:ins>
    assert paragraph.text == "SPRINGFIELD — The council approved a budget of  on Monday, the mayor said."
    assert (
        paragraph_text(paragraph._p)
        == "SPRINGFIELD — The council approved a budget of $12 million on Monday, the mayor said."
    )


def test_a_dateline_without_a_year_takes_it_from_the_document_properties(tmp_path):
    document = docx.Document()
    document.core_properties.modified = __import__("datetime").datetime(2022, 3, 4, 9, 0)
    document.add_paragraph("Rail strike called off", style="Title")
    document.add_paragraph("LONDON, March 3 (AP) -- Rail workers called off a 48-hour strike on Friday.")
    path = tmp_path / "strike.docx"
    document.save(str(path))
    article = read_one(path)
    assert isinstance(article, Article)
    assert (article.published, article.published_inferred) == ("2022-03-03", True)
    assert article.notes[-1] == "publication year 2022 inferred from the file's modification date"


BAD = [
    ("bad/empty.docx", "empty file"),
    ("bad/not-a-zip.docx", "not a Word .docx file (not a zip package)"),
    ("bad/old-word.docx", "an old Word .doc file renamed .docx; save it as .docx in Word or LibreOffice"),
    ("bad/zip-without-document.docx", "not a Word .docx file (no word/document.xml in the zip package)"),
    (
        "bad/zip-bomb.docx",
        "zip-bomb-like .docx: word/media/padding.bin unpacks to 8,388,608 bytes from 8,157 (more than 100 times)",
    ),
]


@pytest.mark.parametrize(("name", "reason"), BAD, ids=[b[0] for b in BAD])
def test_packages_that_are_not_read(name, reason):
    error = read_one(DATA / name)
    assert isinstance(error, InputError)
    assert str(error) == f"{DATA / name}: {reason}"


def test_zip_bomb_fixture_is_what_it_claims():
    with zipfile.ZipFile(DATA / "bad" / "zip-bomb.docx") as package:
        padding = package.getinfo("word/media/padding.bin")
        assert (padding.file_size, padding.compress_size) == (8 * 1024 * 1024, 8157)
        assert "word/document.xml" in package.namelist()


def test_total_unpacked_size_limit():
    path = DATA / "mixed" / "e-good.docx"
    with zipfile.ZipFile(path) as package:
        total = sum(part.file_size for part in package.infolist())
    error = read_one(path, ReadOptions(max_unpacked_bytes=10_000))
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: zip-bomb-like .docx: its parts unpack to {total:,} bytes (the limit is 10,000)"
    assert isinstance(read_one(path, ReadOptions(max_unpacked_bytes=total)), Article)


def _replace_part(source: Path, name: str, content: bytes | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for item in original.infolist():
            if item.filename != name:
                package.writestr(item, original.read(item.filename))
        if content is not None:
            package.writestr(name, content)
    return buffer.getvalue()


BROKEN = [
    (
        "[Content_Types].xml",
        None,
        "not a readable Word document (There is no item named '[Content_Types].xml' in the archive)",
    ),
    (
        "word/document.xml",
        b"<w:document>not closed",
        "not a readable Word document (broken XML: Namespace prefix w on document is not defined, line 1, column 12)",
    ),
]


@pytest.mark.parametrize(("part", "content", "reason"), BROKEN, ids=["no content types", "broken document xml"])
def test_packages_python_docx_cannot_open(tmp_path, part, content, reason):
    path = tmp_path / "broken.docx"
    path.write_bytes(_replace_part(DATA / "mixed" / "e-good.docx", part, content))
    error = read_one(path)
    assert isinstance(error, InputError)
    assert str(error) == f"{path}: {reason}"
