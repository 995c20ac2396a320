"""Articles longer than the pipeline's max_length are parsed in pieces, with offsets into the whole text."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.ingest import read_paths
from claims.ingest.text import ParsedText, build_article
from claims.model import Article, Claim
from claims.nlp.parse import BATCH_CHARACTERS, PIECE_LENGTH, _batches, _chunks, _text_length, extract_claims

SEED = Path(__file__).resolve().parents[2] / "articles" / "upi-north-korea-russia-anniversary.txt"
SPENDING = [
    f"In {2000 + i}, the city spent ${i} million on roads, the mayor said." for i in range(1, 9)
]  # 60 characters each
PORT = " ".join(
    f"The port handled {n},000 containers in {month}."
    for n, month in zip(range(11, 17), ["January", "February", "March", "April", "May", "June"])
)  # six sentences, 271 characters


def long_article() -> Article:
    return build_article(ParsedText(title="City budget", paragraphs=[*SPENDING, PORT]))


def view(claim: Claim) -> tuple:
    return (
        claim.claim_id,
        claim.type,
        claim.text,
        claim.start,
        claim.end,
        claim.paragraph,
        claim.score,
        claim.source.name if claim.source else None,
        tuple(claim.flags),
        claim.value_text(),
    )


def test_pieces_end_at_paragraph_breaks_then_sentence_ends():
    article = long_article()
    # the title (11) and a blank line, eight paragraphs of 60 and a blank line each, the port paragraph
    assert len(article.text) == 13 + 8 * 62 + 271
    pieces = list(_chunks(article, 200))
    # paragraphs start at 13, 75, 137, 199, 261, 323, 385, 447 and 509; a piece holds at most 199 characters;
    # the port paragraph (509-780) is cut after "April. " (509 + 46 + 1 + 47 + 1 + 44 + 1 + 44 + 1 = 694)
    assert [offset for offset, _ in pieces] == [0, 199, 385, 509, 694]
    assert "".join(text for _, text in pieces) == article.text
    assert [text[-7:] for _, text in pieces] == ["said.\n\n", "said.\n\n", "said.\n\n", "April. ", "n June."]


@pytest.mark.parametrize("max_length", [150, 200, 400])
def test_claims_of_a_long_article_are_those_of_the_whole(nlp, monkeypatch, max_length):
    article = long_article()
    _, whole = next(extract_claims(nlp, [article]))
    monkeypatch.setattr(nlp, "max_length", max_length)
    _, pieces = next(extract_claims(nlp, [article]))
    assert [view(c) for c in pieces] == [view(c) for c in whole]
    money = [(q.text, c.paragraph) for c in pieces for q in c.quantities if q.kind == "money"]
    assert money == [(f"${i} million", i) for i in range(1, 9)]
    for claim in pieces:
        assert article.text[claim.start : claim.end] == claim.text


def test_seed_in_pieces_keeps_offsets_ids_and_cross_piece_consistency(nlp, monkeypatch):
    (article,) = read_paths([SEED])
    _, whole = next(extract_claims(nlp, [article]))
    monkeypatch.setattr(nlp, "max_length", 400)
    assert len(list(_chunks(article, 400))) == 7
    _, pieces = next(extract_claims(nlp, [article]))

    def placed(claim: Claim) -> tuple:  # a source named by an earlier mention in another piece is not resolved
        return (claim.claim_id, claim.type, claim.text, claim.start, claim.end, claim.paragraph, tuple(claim.flags))

    assert [placed(c) for c in pieces] == [placed(c) for c in whole]
    (decades,) = [c for c in pieces if "more than two decades ago" in c.text]
    # "two decades ago" (paragraph 1) is checked against the July 19, 2000 signing (paragraph 2, another piece)
    assert [str(f) for f in decades.flags] == [
        "consistent: 'more than two decades ago' for the signing, dated 2000-07-19: 21.0 years before the article"
    ]


def test_a_long_article_is_parsed_in_pieces_of_tens_of_thousands_of_characters_in_small_batches(nlp):
    """Issue 14: pieces of at most PIECE_LENGTH characters, cut at paragraph ends, offsets kept; spaCy's
    batches hold at most BATCH_CHARACTERS characters beyond their first doc (memory follows the batch's text)."""
    paragraphs = [f"{sentence} It was paragraph {n}." for n in range(1400) for sentence in SPENDING[n % 8 : n % 8 + 1]]
    article = build_article(ParsedText(title="City budget", paragraphs=paragraphs))
    assert len(article.text) > 2 * PIECE_LENGTH
    pieces = list(_chunks(article, min(nlp.max_length, PIECE_LENGTH)))
    assert len(pieces) == 3
    assert all(len(text) < PIECE_LENGTH for _, text in pieces)
    assert all(text.endswith(".\n\n") for _, text in pieces[:-1])  # cut after a paragraph
    assert "".join(text for _, text in pieces) == article.text
    docs = [nlp.make_doc(text) for _, text in pieces] + [nlp.make_doc("Short one.")] * 3
    sizes = [[len(d.text) for d in batch] for batch in _batches(docs, 16, BATCH_CHARACTERS)]
    # three pieces of about 39,000 characters: two fill a batch (a third would pass 100,000), the third
    # goes with the short docs
    assert [len(b) for b in sizes] == [2, 4]
    assert all(sum(b) <= BATCH_CHARACTERS for b in sizes)
    _, claims = next(extract_claims(nlp, [article]))
    money = {c.paragraph for c in claims if "$3 million" in c.text}
    assert money == {n + 1 for n in range(2, 1400, 8)}  # paragraph 0 is the title; every piece has some
    by_index = {p.index: p for p in article.paragraphs}
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.text
        assert by_index[claim.paragraph].start <= claim.start < by_index[claim.paragraph].end


def test_a_docs_length_is_read_without_joining_its_text(nlp):
    texts = ["", "One.", "  Leading spaces and a trailing one. ", "Two\n\nparagraphs\n\n", "“Quoted,” he said.\t\n"]
    for text in texts:
        doc = nlp.make_doc(text)
        assert _text_length(doc) == len(doc.text) == len(text)
