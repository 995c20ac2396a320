"""The seed article saved as .txt, .html and .docx gives the same text and the same claims (same ids)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.ingest import read_paths
from claims.model import Article, Claim
from claims.nlp.parse import extract_claims

ROOT = Path(__file__).resolve().parents[2]
SAVED_AS = {
    "txt": ROOT / "articles" / "upi-north-korea-russia-anniversary.txt",
    "html": ROOT / "tests" / "data" / "ingest" / "upi-north-korea-russia-anniversary.html",
    "docx": ROOT / "tests" / "data" / "ingest" / "upi-north-korea-russia-anniversary.docx",
}
TITLE = "North Korea highlights ‘deepening friendship’ with Russia on anniversary"


@pytest.fixture(scope="module")
def saved(nlp) -> dict[str, tuple[Article, list[Claim]]]:
    out = {}
    for kind, path in SAVED_AS.items():
        (article,) = read_paths([path])
        assert isinstance(article, Article), str(article)
        out[kind] = next(extract_claims(nlp, [article]))
    return out


def _claim_view(claim: Claim) -> tuple:
    return (
        claim.claim_id,
        claim.type,
        claim.text,
        claim.start,
        claim.end,
        claim.rule_id,
        claim.paragraph,
        claim.score,
        claim.source.name if claim.source else None,
        tuple(claim.flags),
        claim.value_text(),
    )


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_same_text_and_metadata_as_the_text_file(saved, kind):
    text, _ = saved["txt"]
    other, _ = saved[kind]
    assert other.id == text.id
    assert other.text == text.text
    assert other.paragraphs == text.paragraphs
    assert (other.title, other.outlet, other.published) == (TITLE, "UPI", "2021-07-20")


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_same_claims_as_the_text_file(saved, kind):
    _, from_text = saved["txt"]
    _, from_other = saved[kind]
    assert [_claim_view(c) for c in from_other] == [_claim_view(c) for c in from_text]
    # the figure the .docx has as a tracked insertion is there, with its source
    money = [c for c in from_other if "more than $500 million annually" in c.text]
    assert len(money) == 1 and money[0].source is not None and money[0].source.name == "United States"


def test_provenance_differs():
    articles = {kind: next(iter(read_paths([path]))) for kind, path in SAVED_AS.items()}
    assert {kind: (a.path, a.url, a.author, a.published_inferred) for kind, a in articles.items()} == {
        "txt": (str(SAVED_AS["txt"]), None, None, True),
        "html": (
            str(SAVED_AS["html"]),
            "https://www.upi.com/Top_News/World-News/2021/07/20/north-korea-russia-anniversary/",
            "Alex Reporter",
            False,
        ),
        "docx": (str(SAVED_AS["docx"]), None, "Alex Reporter", True),
    }
    assert len({a.sha256 for a in articles.values()}) == 3
    assert articles["docx"].notes[0] == "tracked changes: 1 insertion(s) kept, 1 deletion(s) left out"
