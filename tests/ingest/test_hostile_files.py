"""Files a hostile or careless user gives: pipes, devices, links out of the folder, bad charsets, lone
surrogates, odd file names, repeated ids. Each is one exact line, never a traceback or a hang."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from claims.errors import InputError, printable
from claims.ingest import ReadOptions, read_paths
from claims.model import Article

HOSTILE = Path(__file__).resolve().parents[1] / "data" / "ingest" / "hostile"
GOOD = "Council approves budget\n\nThe council approved a budget of $12 million on Monday, the mayor said.\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="named pipes, devices and byte file names are POSIX")


def shown(items) -> list[str]:
    return [str(i) if isinstance(i, InputError) else f"article {i.id}: {i.title}" for i in items]


def names(items) -> list[str]:
    return [str(i) if isinstance(i, InputError) else f"article from {Path(i.path).name}" for i in items]


FIXTURES = [
    ("charset-rot13.html", "declares charset 'rot13', which is not a text encoding a page can use; save it as UTF-8"),
    ("charset-zlib.html", "declares charset 'zlib', which is not a text encoding a page can use; save it as UTF-8"),
    ("charset-base64.html", "declares charset 'base64', which is not a text encoding a page can use; save it as UTF-8"),
    ("charset-x-mac-nonsense.html", "declares an unknown charset 'x-mac-nonsense'; save it as UTF-8"),
    # the byte order mark is 3 bytes, then '{"id": "a", "text": "caf' (24): the é of café is byte 27 of the file
    ("bom-then-latin1.jsonl", "not UTF-8 (byte 0xe9 at offset 27); JSON Lines must be UTF-8"),
    # 3 + 'Council approves budget' (23) + two newlines + 'The caf' (7) = 35
    ("bom-then-latin1.txt", "the file starts with a UTF-8 byte order mark but is not UTF-8 (byte 0xe9 at offset 35)"),
    # 'Council approves budget\n\nThe council approved ' is 46 bytes; 0x81 is undefined in cp1252
    ("neither-utf8-nor-cp1252.txt", "neither UTF-8 nor cp1252 text (byte 0x81 at offset 46)"),
]


@pytest.mark.parametrize(("name", "reason"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_bad_charsets_and_bytes_are_one_line_with_the_right_offset(name, reason):
    path = HOSTILE / name
    assert shown(read_paths([path])) == [f"{path}: {reason}"]


def test_json_lines_too_deep_or_with_huge_numbers_are_bad_records_and_the_rest_is_read():
    path = HOSTILE / "nested-and-huge-number.jsonl"
    assert shown(read_paths([path])) == [
        "article deep: None",
        f"{path}:2: not valid JSON (nested too deeply)",
        f"{path}:3: not valid JSON (a number too long to read)",
    ]


def test_a_lone_surrogate_in_json_becomes_a_replacement_character_at_the_same_offset():
    (article,) = read_paths([HOSTILE / "surrogate.jsonl"])
    assert article.title == "Port traffic \ufffd grows"
    assert article.text == "The port handled 1.2 million containers in 2022, \ufffd the harbour master said."
    assert article.text.index("\ufffd") == 49  # where the surrogate was: offsets into the text are kept
    article.text.encode("utf-8")  # storable and printable


def test_duplicate_ids_the_first_record_is_kept_and_a_different_text_is_reported_with_both_lines():
    path = HOSTILE / "duplicate-ids.jsonl"
    items = list(read_paths([path]))
    assert shown(items) == [
        "article port-1: None",
        "article rail-1: None",
        "article port-1: None",  # line 3 repeats line 1 word for word: the same article (read once by extract)
        f"{path}:4: id 'port-1' is also on line 1 with another text; skipped (the first record with an id is kept)",
    ]
    assert items[0].text.startswith("The port handled 1.2 million")


def test_duplicate_ids_in_a_csv_too(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,text\nx,"First text, 40 jobs."\nx,"Second text, 50 jobs."\n', encoding="utf-8")
    assert shown(read_paths([path]))[1] == (
        f"{path}:3: id 'x' is also on line 2 with another text; skipped (the first record with an id is kept)"
    )


@posix_only
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # nobody writes to it: reading it would block for ever
    assert names(read_paths([tmp_path])) == [
        "article from a.txt",
        f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe)",
    ]
    assert shown(read_paths([tmp_path / "pipe.txt"])) == [f"{tmp_path / 'pipe.txt'}: not a regular file (a named pipe)"]


@posix_only
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_dev_zero_is_skipped_in_a_folder_and_refused_when_followed(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    link = tmp_path / "zero.txt"
    assert shown(read_paths([tmp_path])) == [
        f"{link}: symbolic link to a file outside the folder (/dev/zero); skipped (--follow-symlinks reads it)"
    ]
    device = f"{link}: not a regular file (a character device)"
    assert shown(read_paths([tmp_path], ReadOptions(follow_symlinks=True))) == [device]
    assert shown(read_paths([link])) == [device]  # a path given by name is followed, and still refused


def test_links_inside_the_folder_are_read_and_links_out_of_it_only_when_asked(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (outside / "far.txt").write_text(GOOD.replace("$12", "$13"), encoding="utf-8")
    (inside / "a.txt").write_text(GOOD, encoding="utf-8")
    (inside / "b.txt").symlink_to(inside / "a.txt")  # stays in the folder: read (the same article again)
    (inside / "c.txt").symlink_to(outside / "far.txt")
    (inside / "sub").symlink_to(outside, target_is_directory=True)
    (outside / "loop").symlink_to(outside, target_is_directory=True)  # a loop: walked once when followed
    default = names(read_paths([inside]))
    assert default == [
        f"{inside / 'sub'}: symbolic link to a folder outside the folder ({outside}); skipped (--follow-symlinks reads it)",
        "article from a.txt",
        "article from b.txt",
        f"{inside / 'c.txt'}: symbolic link to a file outside the folder ({outside / 'far.txt'}); "
        "skipped (--follow-symlinks reads it)",
    ]
    followed = [i for i in read_paths([inside], ReadOptions(follow_symlinks=True)) if isinstance(i, Article)]
    assert [Path(a.path).relative_to(inside).as_posix() for a in followed] == [
        "a.txt",
        "b.txt",
        "c.txt",
        "sub/far.txt",
    ]


@posix_only
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse names that are not UTF-8")
def test_file_names_with_escape_codes_newlines_and_bytes_that_are_not_utf8_are_shown_escaped(tmp_path):
    folder = os.fsencode(tmp_path)
    evil = folder + b"/evil\x1b[31m\nname\xff.txt"
    with open(evil, "wb"):
        pass  # empty: an error that names the file
    (article_name,) = [n for n in os.listdir(tmp_path)]
    assert "\udcff" in article_name  # Python keeps the byte 0xff as a lone surrogate
    (error,) = read_paths([tmp_path])
    assert str(error) == f"{tmp_path}/evil\\x1b[31m\\nname\\xff.txt: empty file"
    assert printable(str(error)) == str(error)
    with open(evil, "wb") as handle:
        handle.write(GOOD.encode())
    (article,) = read_paths([tmp_path])
    assert article.path == f"{tmp_path}/evil\\x1b[31m\\nname\\xff.txt"  # stored and shown escaped
    article.path.encode("utf-8")


def test_reads_are_bounded_even_when_the_size_on_disk_lies(tmp_path, monkeypatch):
    """A file that grows while it is read, or reports no size (as /proc files do), still stops at the limit."""
    path = tmp_path / "a.txt"
    path.write_text(GOOD * 100, encoding="utf-8")
    real_fstat = os.fstat

    class Zero:
        def __init__(self, result):
            self.st_mode, self.st_size = result.st_mode, 0

    monkeypatch.setattr(os, "fstat", lambda fd: Zero(real_fstat(fd)))
    assert shown(read_paths([path], ReadOptions(max_bytes=1000))) == [
        f"{path}: file too large (more than 1,000 bytes, the limit, see --max-bytes)"
    ]
