"""Saved web pages: main text without boilerplate, and the page's metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.errors import InputError
from claims.ingest import read_paths
from claims.model import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
SEED_HTML = DATA / "upi-north-korea-russia-anniversary.html"


def read_one(path: Path) -> Article | InputError:
    (item,) = list(read_paths([path]))
    return item


def test_seed_page_metadata():
    article = read_one(SEED_HTML)
    assert isinstance(article, Article)
    assert article.title == "North Korea highlights ‘deepening friendship’ with Russia on anniversary"
    assert article.outlet == "UPI"  # og:site_name
    assert article.author == "Alex Reporter"
    assert (article.published, article.published_inferred) == ("2021-07-20", False)  # article:published_time
    assert (
        article.url == "https://www.upi.com/Top_News/World-News/2021/07/20/north-korea-russia-anniversary/"
    )  # rel=canonical
    assert article.path == str(SEED_HTML)
    assert article.notes == ["dateline removed: July 20 (UPI) —"]


def test_seed_page_main_text_only():
    article = read_one(SEED_HTML)
    assert isinstance(article, Article)
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    assert len(paragraphs) == 12  # the title and the 11 paragraphs of the story
    assert paragraphs[1] == (
        "North Korea said Pyongyang’s friendship with Moscow “ensured regional peace and security” in a "
        "statement commemorating a joint Russia-North Korea declaration signed more than two decades ago."
    )
    assert paragraphs[-1] == (
        "The United States has said that the North Korean government earned more than $500 million "
        "annually from its overseas labor force before sanctions, according to the report."
    )
    # navigation, newsletter box, byline, share widget and counters, ad slot, comments, related links, footer, scripts
    for boilerplate in (
        "Top News",
        "Odd News",
        "newsletter",
        "By Alex",
        "Facebook",
        "Share this",
        "112",
        "Advertisement",
        "LEAVE A REPLY",
        "Please enter",
        "Reader123",
        "999",
        "Related",
        "boost economy",
        "Copyright",
        "Follow us",
        "dataLayer",
        "shareCount",
        "font-family",
        "schema.org",
    ):
        assert boilerplate not in article.text, boilerplate


def test_furniture_byline_dateline_line_breaks_quotes_and_lists():
    article = read_one(DATA / "html" / "furniture-in-body.html")
    assert isinstance(article, Article)
    assert article.text == (
        "Port traffic grows\n\n"
        "The port handled 1.2 million containers in 2022, officials said on Monday.\n\n"
        "Traffic rose 8% from the year before, they said.\n\n"
        "“We have never been busier,” the port’s director said.\n\n"
        "“Next year will be harder.”\n\n"
        "Containers: up 8% to 1.2 million in the year.\n\n"
        "Cruise calls: down 3% to 190 in the year."
    )
    assert (article.author, article.outlet, article.place, article.published) == (
        "Sam Writer",
        "Harbour Times",
        "Hamburg",
        None,
    )
    assert article.notes == ["byline removed: By Sam Writer", "dateline removed: HAMBURG (Reuters) -"]


def test_broken_tags_are_recovered():
    article = read_one(DATA / "html" / "broken-tags.html")
    assert isinstance(article, Article)
    assert article.text == (
        "Council approves budget\n\n"
        "The council approved a budget of $12 million on Monday, the mayor said.\n\n"
        "The vote was 7 to 2, the minutes show.\n\n"
        "The budget adds 40 jobs in the roads department"
    )
    assert article.published == "2023-03-06"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("html/not-html.html", "malformed HTML: no HTML elements found (plain text saved as .html?)"),
        (
            "html/nav-only.html",
            "no article text in the page (an index page, or one that needs JavaScript to show its text?)",
        ),
        ("bad/empty.html", "empty file"),
    ],
)
def test_pages_without_an_article(name, reason):
    error = read_one(DATA / name)
    assert isinstance(error, InputError)
    assert str(error) == f"{DATA / name}: {reason}"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<<<>>> </ / <!-- ", "malformed HTML: no HTML elements found (plain text saved as .html?)"),
        (
            b"<div><span>Home</span></div>",
            "no article text in the page (an index page, or one that needs JavaScript to show its text?)",
        ),
        (
            b"<html><head><title>Only a head</title></head></html>",
            "no article text in the page (an index page, or one that needs JavaScript to show its text?)",
        ),
        (b"<html><body>\x00\x01\x02</body></html>", "binary file (NUL byte at offset 12), not text"),
    ],
)
def test_malformed_pages(tmp_path, content, reason):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    error = read_one(page)
    assert isinstance(error, InputError)
    assert str(error) == f"{page}: {reason}"


def test_a_body_fragment_is_read_as_a_page(tmp_path):
    page = tmp_path / "export.html"
    page.write_text(
        "<h1>Council approves budget</h1>\n<p>The council approved a budget of $12 million on Monday.</p>\n"
        "<p>The vote was 7 to 2.</p>\n",
        encoding="utf-8",
    )
    article = read_one(page)
    assert isinstance(article, Article)
    assert (
        article.text
        == "Council approves budget\n\nThe council approved a budget of $12 million on Monday.\n\nThe vote was 7 to 2."
    )
