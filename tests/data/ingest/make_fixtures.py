"""Write the binary and encoded ingest fixtures beside this file (the plain ones are written by hand).

Run from the repository root: ``.venv/bin/python tests/data/ingest/make_fixtures.py``. The output
is committed; the tests read the files, they do not run this script.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import ftfy.bad_codecs  # noqa: F401 -- registers sloppy-windows-1252
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"

# A short article with curly quotes, an apostrophe and a dateline, for every encoding.
ENCODED = (
    "Mayor’s budget “adds 40 jobs”\n"
    "\n"
    "SPRINGFIELD (AP) — The city’s budget adds 40 jobs and costs $2.5 million, the mayor said on Monday.\n"
    "\n"
    "“We don’t have a deficit,” she said.\n"
)
CLEAN = "Council approves budget\n\nThe council approved a budget of $12 million on Monday, the mayor said.\n"


def write(name: str, data: bytes) -> None:
    path = HERE / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def encodings() -> None:
    write("encodings/utf8.txt", ENCODED.encode("utf-8"))
    write("encodings/utf8-bom.txt", codecs.BOM_UTF8 + ENCODED.encode("utf-8"))
    write("encodings/utf16-bom.txt", codecs.BOM_UTF16_LE + ENCODED.replace("\n", "\r\n").encode("utf-16-le"))
    write("encodings/cp1252.txt", ENCODED.replace("\n", "\r\n").encode("cp1252"))  # ’ is 0x92, “ 0x93, ” 0x94
    # UTF-8 read as Windows-1252 and saved again as UTF-8: don’t → donâ€™t (ftfy's sloppy codec keeps 0x9d)
    write("encodings/mojibake.txt", ENCODED.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"))
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        "<title>Mayor’s budget “adds 40 jobs”</title></head><body><article><h1>Mayor’s budget “adds 40 jobs”</h1>"
        "<p>SPRINGFIELD (AP) — The city’s budget adds 40 jobs and costs $2.5 million, the mayor said on Monday.</p>"
        "<p>“We don’t have a deficit,” she said.</p></article></body></html>\n"
    )
    write("encodings/cp1252.html", page.encode("cp1252"))


def bad_inputs() -> None:
    write("bad/empty.txt", b"")
    write("bad/blank.md", b"  \n\n\t\n")
    write("bad/empty.html", b"")
    write("bad/empty.docx", b"")
    text = b"Council approves budget\n\nThe council approved a budget of $12 million.\n"
    write("bad/nul-bytes.txt", text[:30] + b"\x00" + text[30:])
    write("bad/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
    write("bad/report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    write("bad/not-a-zip.docx", b"This is a text file someone renamed to .docx.\n")
    write("bad/old-word.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("hello.txt", "A zip file, but not a Word document.\n")
    write("bad/zip-without-document.docx", buffer.getvalue())
    write("bad/zip-bomb.docx", _zip_bomb())


def _zip_bomb() -> bytes:
    """A valid small .docx with one extra part of 8 MiB of zeros, which deflates about 1000:1."""
    document = docx.Document()
    document.add_paragraph("Council approves budget", style="Title")
    document.add_paragraph("The council approved a budget of $12 million on Monday.")
    source = io.BytesIO()
    document.save(source)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source.getvalue())) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in original.infolist():
            bomb.writestr(item, original.read(item.filename))
        bomb.writestr("word/media/padding.bin", b"\x00" * (8 * 1024 * 1024))
    return out.getvalue()


def _properties(document: docx.document.Document, title: str, author: str, when: dt.datetime) -> None:
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.created = when
    properties.modified = when
    properties.last_modified_by = author


def _tracked(paragraph, kind: str, text: str, change_id: int) -> None:
    """Append a tracked insertion (``ins``) or deletion (``del``) run to a paragraph."""
    tag = "w:t" if kind == "ins" else "w:delText"
    paragraph._p.append(
        parse_xml(
            f'<w:{kind} {nsdecls("w")} w:id="{change_id}" w:author="Copy Desk" w:date="2021-07-20T10:00:00Z">'
            f'<w:r><{tag} xml:space="preserve">{text}</{tag}></w:r></w:{kind}>'
        )
    )


def _hyperlink(paragraph, text: str) -> None:
    """Append a hyperlink run (python-docx reads its text; the target does not matter here)."""
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w")} w:anchor="top"><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:hyperlink>'
        )
    )


def seed_docx() -> None:
    """The seed article as a Word draft: Title style, the same paragraphs, and tracked changes.

    Paragraph 3 has a tracked deletion ("late ") that must not reach the text; the last paragraph
    has its figure as a tracked insertion that must; one paragraph has a hyperlink and a soft
    line break, which reads as a space.
    """
    blocks = [b.strip() for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    title, body = blocks[0], [b for b in blocks[2:] if b != "LEAVE A REPLY" and not b.startswith("Please enter")]
    document = docx.Document()
    _properties(document, title, "Alex Reporter", dt.datetime(2021, 7, 20, 13, 0, 0))
    document.add_paragraph(title, style="Title")
    for number, text in enumerate(body, start=1):
        if text.startswith("State media previously"):
            before, after = text.split("former leader", 1)
            paragraph = document.add_paragraph(before)
            _tracked(paragraph, "del", "late ", number)
            paragraph.add_run("former leader" + after)
        elif text.startswith("The United States has said"):
            before, after = text.split("more than $500 million annually", 1)
            paragraph = document.add_paragraph(before)
            _tracked(paragraph, "ins", "more than $500 million annually", number)
            paragraph.add_run(after)
        elif text.startswith("The Washington Post reported"):
            head, rest = text.split(" reported", 1)
            first, second = rest.split(" in eastern Russia", 1)
            paragraph = document.add_paragraph()
            _hyperlink(paragraph, head)
            run = paragraph.add_run(" reported" + first)
            run.add_break()  # a soft line break (Shift+Enter) where the space was
            paragraph.add_run("in eastern Russia" + second)
        else:
            document.add_paragraph(text)
    document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    write("upi-north-korea-russia-anniversary.docx", out.getvalue())


def draft_docx() -> None:
    """A short draft with every kind of tracked change, a hyperlink, a table and an empty paragraph."""
    document = docx.Document()
    _properties(document, "Council approves budget", "Sam Writer", dt.datetime(2023, 3, 6, 9, 0, 0))
    document.add_paragraph("")
    document.add_paragraph("Council approves budget", style="Title")
    paragraph = document.add_paragraph("SPRINGFIELD — The council approved a budget of ")
    _tracked(paragraph, "ins", "$12 million", 1)
    _tracked(paragraph, "del", "$10 million", 2)
    paragraph.add_run(" on Monday, the mayor said.")
    paragraph = document.add_paragraph("The vote was 7 to 2, ")
    _hyperlink(paragraph, "the minutes")
    paragraph.add_run(" show.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Roads"
    table.cell(0, 1).text = "$4 million"
    paragraph = document.add_paragraph()
    _tracked(paragraph, "ins", "A second vote is due in April.", 3)
    out = io.BytesIO()
    document.save(out)
    write("docx/draft-tracked-changes.docx", out.getvalue())


def mixed_folder() -> None:
    """A folder of good and bad files; every good one has one figure in it."""
    write(
        "mixed/a-good.txt",
        b"Port traffic grows\n\nThe port handled 1.2 million containers in 2022, officials said.\n",
    )
    write("mixed/b-bad-nul.txt", b"Broken\x00 file\n")
    write("mixed/c-empty.md", b"")
    write(
        "mixed/d-good.html",
        (
            b"<html><head><title>Rail line opens</title></head><body><article><h1>Rail line opens</h1>"
            b"<p>The new rail line cost $3.4 billion and opened on Friday after six years of work.</p>"
            b"</article></body></html>\n"
        ),
    )
    document = docx.Document()
    _properties(document, "Clinic hires nurses", "Sam Writer", dt.datetime(2023, 5, 2, 9, 0, 0))
    document.add_paragraph("Clinic hires nurses", style="Title")
    document.add_paragraph("The clinic hired 45 nurses this spring, its director said on Tuesday.")
    out = io.BytesIO()
    document.save(out)
    write("mixed/e-good.docx", out.getvalue())
    write("mixed/f-bad.docx", b"not a zip\n")
    write("mixed/notes.pdf", b"%PDF-1.4\n")  # another type: skipped in a folder, not an error
    write("mixed/.hidden.txt", CLEAN.encode())  # hidden: skipped
    write("mixed/~$e-good.docx", b"\x0bSam Writer" + b"\x00" * 40)  # Word's lock file: skipped
    write("mixed/sub/g-good.md", b"School roll falls\n\nEnrolment fell by 8% to 2,300 pupils this year.\n")


if __name__ == "__main__":
    encodings()
    bad_inputs()
    seed_docx()
    draft_docx()
    mixed_folder()
