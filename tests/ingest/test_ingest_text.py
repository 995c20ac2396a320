"""Plain-text news: datelines, furniture, bylines, the year of a dateline, encodings.

Each expected value was read off the input by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from claims.ingest import ReadOptions, read_paths
from claims.ingest.text import parse_paragraphs, parse_plain_text
from claims.model import Article
from claims.ruleset import cached_rules

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
LEXICON = cached_rules().lexicon("ingest")


def read_one(path: Path, options: ReadOptions | None = None) -> Article:
    (item,) = list(read_paths([path], options))
    assert isinstance(item, Article), str(item)
    return item


# (first paragraph, file year) → (outlet, place, published, inferred, the paragraph left)
DATELINES = [
    (
        "WASHINGTON (Reuters) - The Treasury imposed sanctions on Tuesday.",
        None,
        ("Reuters", "Washington", None, False, "The Treasury imposed sanctions on Tuesday."),
    ),
    (
        "LONDON, March 3 (AP) -- Rail workers called off a strike.",
        2022,
        ("AP", "London", "2022-03-03", True, "Rail workers called off a strike."),
    ),
    (
        "NEW YORK, March 3, 2021 (Reuters) - Shares fell 2%.",
        2024,
        ("Reuters", "New York", "2021-03-03", False, "Shares fell 2%."),
    ),
    ("SEOUL, July 20 (Yonhap) -- Exports rose.", 2019, ("Yonhap", "Seoul", "2019-07-20", True, "Exports rose.")),
    (
        "July 20 (UPI) — North Korea marked the 10th anniversary of the 2011 accord.",
        None,
        ("UPI", None, "2021-07-20", True, "North Korea marked the 10th anniversary of the 2011 accord."),
    ),
    (
        "July 20 (UPI) — North Korea said so.",
        None,  # no year anywhere: no date rather than a guess
        ("UPI", None, None, False, "North Korea said so."),
    ),
    (  # a wire dateline with the state as the agencies abbreviate it
        "SACRAMENTO, Calif. (AP) -- The governor signed the bill.",
        None,
        ("AP", "Sacramento, Calif.", None, False, "The governor signed the bill."),
    ),
    (
        "WASHINGTON, D.C., March 3 (Reuters) - Talks failed.",
        2023,
        ("Reuters", "Washington, D.C.", "2023-03-03", True, "Talks failed."),
    ),
    (
        "MOSCOW — Officials said 12 people were hurt.",
        None,
        (None, "Moscow", None, False, "Officials said 12 people were hurt."),
    ),
    (
        "Washington (Reuters) - Mixed-case places are not datelines.",
        None,
        (None, None, None, False, "Washington (Reuters) - Mixed-case places are not datelines."),
    ),
    (
        "US officials said — again — that talks failed.",
        None,
        (None, None, None, False, "US officials said — again — that talks failed."),
    ),
]


@pytest.mark.parametrize(("first", "file_year", "expected"), DATELINES, ids=[d[0][:24] for d in DATELINES])
def test_datelines(first, file_year, expected):
    parsed = parse_plain_text(f"A title\n\n{first}\n\nThe second paragraph.\n", LEXICON, file_year)
    assert parsed.title == "A title"
    assert (parsed.outlet, parsed.place, parsed.published, parsed.published_inferred, parsed.paragraphs[0]) == expected
    assert parsed.paragraphs[1] == "The second paragraph."


def test_year_inference_says_where_the_year_came_from():
    clue = parse_plain_text(
        "T\n\nJuly 20 (UPI) — It is the 21st anniversary of the July 19, 2000, agreement.\n", LEXICON, 2030
    )
    assert clue.year_note == "publication year 2021 inferred from '21st anniversary of the July 19, 2000'"
    from_file = parse_plain_text("T\n\nLONDON, March 3 (AP) -- Workers struck.\n", LEXICON, 2022)
    assert from_file.year_note == "publication year 2022 inferred from the file's modification date"


# a line of site furniture between the title and the body is dropped; article lines are kept
FURNITURE = [
    ("Share this article", True),
    ("Sign up for our newsletter", True),
    ("Sign up for the newsletter today", True),
    ("0", True),
    ("112", True),
    ("Advertisement", True),
    ("Share on Twitter", True),
    ("Tweet", True),
    ("Comments 12", True),
    ("Please enter your name here", True),
    ("Subscribe now", True),
    ("Read more:", True),
    ("Follow us on Twitter", True),
    ("Photo: Reuters", True),
    ("Email", True),
    ("112 people died in the fire.", False),
    ("Share prices fell 5% on Monday.", False),
    ("Sign-ups rose to 2 million.", False),
    ("Advertisement revenue fell 3%.", False),
    ("Photographers were kept away.", False),
    ("2021 was a hard year, she said.", False),
]


@pytest.mark.parametrize(("line", "dropped"), FURNITURE, ids=[f[0] for f in FURNITURE])
def test_furniture_lines(line, dropped):
    parsed = parse_plain_text(f"A title\n\n{line}\n\nThe council approved the budget on Monday.\n", LEXICON)
    expected = (
        ["The council approved the budget on Monday."]
        if dropped
        else [line, "The council approved the budget on Monday."]
    )
    assert parsed.paragraphs == expected


@pytest.mark.parametrize(
    "marker", ["LEAVE A REPLY", "Leave a comment", "Comments (3)", "Related articles", "You may also like"]
)
def test_a_comment_form_or_related_list_ends_the_article(marker):
    parsed = parse_plain_text(f"A title\n\nThe budget passed.\n\n{marker}\n\nReader: prices rose 900%!\n", LEXICON)
    assert parsed.paragraphs == ["The budget passed."]


BYLINES = [
    ("By Sam Writer", "Sam Writer"),
    ("By Sam Writer and Alex Reporter", "Sam Writer and Alex Reporter"),
    ("By SAM WRITER", "SAM WRITER"),
    ("By Tuesday, prices had doubled.", None),  # a sentence, not a byline
    ("by sam writer", None),
]


@pytest.mark.parametrize(("line", "author"), BYLINES, ids=[b[0] for b in BYLINES])
def test_bylines_under_the_title(line, author):
    parsed = parse_plain_text(f"A title\n\n{line}\n\nThe budget passed.\n", LEXICON)
    assert parsed.author == author
    assert parsed.paragraphs == (["The budget passed."] if author else [line, "The budget passed."])


@pytest.mark.parametrize(
    "line, published",
    [
        ("Wednesday 14 February 2024", "2024-02-14"),  # the weekday without a comma
        ("Wed 14 Feb 2024 10.32 GMT", "2024-02-14"),  # abbreviated, with the time of day: no figure "10.32" is left
        ("Published: Monday, March 6, 2023 at 9:15 a.m. ET", "2023-03-06"),
        ("Updated 2023-03-06", "2023-03-06"),
    ],
)
def test_date_lines_of_the_common_web_forms(line, published):
    parsed = parse_plain_text(f"A title\n\n{line}\n\nThe budget passed.\n", LEXICON)
    assert (parsed.published, parsed.paragraphs) == (published, ["The budget passed."])


def test_date_line_and_byline_in_either_order():
    parsed = parse_plain_text("A title\n\nBy Sam Writer\n\nMonday, March 6, 2023\n\nThe budget passed.\n", LEXICON)
    assert (parsed.author, parsed.published, parsed.paragraphs) == ("Sam Writer", "2023-03-06", ["The budget passed."])


def test_paragraphs_from_html_or_word_follow_the_same_rules():
    parsed = parse_paragraphs(
        [
            "Council approves budget",
            "  SPRINGFIELD —  The council\napproved it. ",
            "",
            "Share this article",
            "It costs $12\u00a0million.",
        ],
        LEXICON,
        title="Council approves budget",
    )
    assert parsed.title == "Council approves budget"
    assert parsed.place == "Springfield"
    assert parsed.paragraphs == ["The council approved it.", "It costs $12 million."]


ENCODED_TEXT = (
    "Mayor’s budget “adds 40 jobs”\n\n"
    "The city’s budget adds 40 jobs and costs $2.5 million, the mayor said on Monday.\n\n"
    "“We don’t have a deficit,” she said."
)
DATELINE_NOTE = "dateline removed: SPRINGFIELD (AP) —"
ENCODINGS = [
    ("utf8.txt", b"don\xe2\x80\x99t", []),
    ("utf8-bom.txt", b"\xef\xbb\xbfMayor", []),
    ("utf16-bom.txt", b"\xff\xfeM\x00", ["decoded as UTF-16"]),
    ("cp1252.txt", b"don\x92t", ["decoded as cp1252"]),
    ("mojibake.txt", "donâ€™t".encode(), ["repaired mojibake (ftfy)"]),
    ("cp1252.html", b"don\x92t", ["decoded as cp1252 (declared by the file)"]),
]


@pytest.mark.parametrize(("name", "raw_part", "notes"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_give_the_same_article(name, raw_part, notes):
    path = DATA / "encodings" / name
    raw = path.read_bytes()
    assert raw_part in raw  # the fixture holds what its name says
    article = read_one(path)
    assert article.text == ENCODED_TEXT
    assert article.notes == [*notes, DATELINE_NOTE]
    assert (article.outlet, article.place) == ("AP", "Springfield")
    assert article.sha256 == hashlib.sha256(raw).hexdigest()
    assert article.id == read_one(DATA / "encodings" / "utf8.txt").id


def test_wire_copy_with_a_dated_dateline_takes_the_year_from_the_file(tmp_path):
    source = tmp_path / "ap.txt"
    shutil.copy(DATA / "text" / "ap.txt", source)
    stamp = dt.datetime(2022, 3, 3, 18, 0).timestamp()
    os.utime(source, (stamp, stamp))
    article = read_one(source)
    assert article.title == "Rail strike called off"
    assert (article.outlet, article.place, article.published, article.published_inferred) == (
        "AP",
        "London",
        "2022-03-03",
        True,
    )
    assert article.text == (
        "Rail strike called off\n\n"
        "Rail workers called off a 48-hour strike on Friday after a 5% pay offer, their union said.\n\n"
        "About 40,000 workers had planned to walk out."
    )
    assert article.notes == [
        "dateline removed: LONDON, March 3 (AP) --",
        "publication year 2022 inferred from the file's modification date",
    ]


def test_wire_copy_without_a_date():
    article = read_one(DATA / "text" / "reuters.txt")
    assert (article.title, article.outlet, article.place, article.published) == (
        "US imposes new sanctions",
        "Reuters",
        "Washington",
        None,
    )
    assert [article.text[p.start : p.end] for p in article.paragraphs] == [
        "US imposes new sanctions",
        "The United States on Tuesday imposed sanctions on 12 companies, the Treasury said.",
        "The measures freeze assets worth about $40 million.",
    ]
    assert [p.index for p in article.paragraphs] == [0, 1, 2]


def test_site_furniture_never_reaches_the_text(tmp_path):
    source = tmp_path / "furniture.txt"
    shutil.copy(DATA / "text" / "furniture.txt", source)
    stamp = dt.datetime(2023, 3, 6, 12, 0).timestamp()
    os.utime(source, (stamp, stamp))
    article = read_one(source)
    assert article.text == (
        "Port traffic grows\n\n"
        "The port handled 1.2 million containers in 2022, officials said on Monday.\n\n"
        "Traffic rose 8% from the year before, they said."
    )
    assert (article.author, article.outlet, article.place, article.published) == (
        "Sam Writer",
        "Reuters",
        "Hamburg",
        "2023-03-06",
    )
    assert article.notes == [
        "byline removed: By Sam Writer",
        "dateline removed: HAMBURG, March 6 (Reuters) -",
        "publication year 2023 inferred from the file's modification date",
    ]


def test_sidecar_metadata_wins_over_the_guesses(tmp_path):
    shutil.copy(DATA / "text" / "ap.txt", tmp_path / "ap.txt")
    (tmp_path / "SOURCES.json").write_text(
        '[{"file": "ap.txt", "url": "https://www.example.org/rail", "created": "2022-03-04T10:00:00",'
        ' "author": "Sam Writer"}]',
        encoding="utf-8",
    )
    article = read_one(tmp_path / "ap.txt")
    assert (article.url, article.author, article.outlet, article.published, article.published_inferred) == (
        "https://www.example.org/rail",
        "Sam Writer",
        "Example",
        "2022-03-04",
        False,
    )
    assert article.notes == ["dateline removed: LONDON, March 3 (AP) --"]
