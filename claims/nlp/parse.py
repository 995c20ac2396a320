"""The flow in one place: articles → spaCy docs → claims, streamed in batches.

Articles longer than ``PIECE_LENGTH`` characters are parsed in pieces cut at paragraph ends (or
sentence ends, for a paragraph too long on its own), whose claims are shifted back to offsets into
the whole text: spaCy's memory grows faster than the text of one doc (a 1 MB article parsed whole
took 3.2 GB), while pieces of a few tens of thousands of characters take a few hundred MB each.
"""

from __future__ import annotations

import bisect
import multiprocessing
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claims.families.consistency import ConsistencyWords, check_consistency
from claims.model import Article, Claim, DateValue, Quantity, Source, make_claim_id
from claims.nlp.component import ARTICLE_KEY, claims_of
from claims.normalize.dates import parse_iso

PIECE_LENGTH = 50_000  # characters: longer articles are parsed in pieces at most this long
BATCH_CHARACTERS = 100_000  # characters parsed at once (beyond the batch's first doc): spaCy's memory follows them


def extract_claims(
    nlp: Language, articles: Iterable[Article], batch_size: int = 16, jobs: int = 1
) -> Iterator[tuple[Article, list[Claim]]]:
    """Yield each article with its claims, in input order, streaming (memory does not grow with the input).

    Args:
        nlp: a pipeline with the ``claims`` component (see ``claims.nlp.pipeline.load_pipeline``).
        articles: the articles to read.
        batch_size: docs per batch sent through the pipeline.
        jobs: worker processes. Each worker runs the whole pipeline, claims included, on batches of
            articles and sends back only the claims (spaCy's ``n_process`` would send every parsed
            doc back to this process instead).
    """
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _parallel(nlp, articles, batch_size, jobs)
    else:
        yield from _serial(nlp, articles, batch_size)


_WORKER_NLP: list[Language] = []


def _work(batch: list[Article]) -> list[list[Claim]]:
    nlp = _WORKER_NLP[0]
    return [claims for _, claims in _serial(nlp, batch, len(batch))]


def _parallel(
    nlp: Language, articles: Iterable[Article], batch_size: int, jobs: int
) -> Iterator[tuple[Article, list[Claim]]]:
    """Batches of articles through a pool of forked workers, at most ``2 × jobs`` batches in flight."""
    in_flight = threading.BoundedSemaphore(2 * jobs)

    def batches() -> Iterator[list[Article]]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) == batch_size:
                in_flight.acquire()
                yield batch
                batch = []
        if batch:
            in_flight.acquire()
            yield batch

    sent: deque[list[Article]] = deque()

    def tracked() -> Iterator[list[Article]]:
        for batch in batches():
            sent.append(batch)
            yield batch

    _WORKER_NLP[:] = [nlp]  # inherited by the forked workers, not pickled
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(jobs) as pool:
            for results in pool.imap(_work, tracked()):
                batch = sent.popleft()
                in_flight.release()
                yield from zip(batch, results, strict=True)
    finally:
        _WORKER_NLP.clear()


def _serial(nlp: Language, articles: Iterable[Article], batch_size: int) -> Iterator[tuple[Article, list[Claim]]]:
    pending: dict[int, tuple[Article, int, list[Claim]]] = {}
    limit = min(nlp.max_length, PIECE_LENGTH)

    def docs() -> Iterator[Doc]:
        for number, article in enumerate(articles):
            chunks = list(_chunks(article, limit))
            pending[number] = (article, len(chunks), [])
            starts: list[int] | None = [p.start for p in article.paragraphs]
            if starts != sorted(p.start for p in article.paragraphs):
                starts = None
            for offset, text in chunks:
                doc = nlp.make_doc(text)
                doc.user_data[ARTICLE_KEY] = _meta(article, offset, len(text), starts)
                doc.user_data["claims_chunk"] = (number, offset)
                yield doc

    for batch in _batches(docs(), batch_size, BATCH_CHARACTERS):
        for doc in nlp.pipe(batch, batch_size=len(batch)):
            number, offset = doc.user_data["claims_chunk"]
            article, remaining, collected = pending[number]
            collected.extend(_shift(claim, offset, article) for claim in claims_of(doc))
            if remaining > 1:
                pending[number] = (article, remaining - 1, collected)
                continue
            del pending[number]
            paragraph_at = _paragraph_finder(article)
            for claim in collected:
                claim.paragraph = paragraph_at(claim.start)
            if len(article.text) >= limit:  # parsed in pieces: compare claims across all of them
                _recheck_consistency(nlp, article, collected)
            yield article, collected


def _batches(docs: Iterable[Doc], size: int, characters: int) -> Iterator[list[Doc]]:
    """Docs in batches of at most ``size`` docs and, beyond the first doc, ``characters`` characters.

    spaCy parses a batch at once, in memory that grows with the batch's text (about 3.5 KB per
    character with the small English pipeline): sixteen news articles are a batch, sixteen pieces
    of a long one would take gigabytes.
    """
    batch: list[Doc] = []
    length = 0
    for doc in docs:
        doc_length = _text_length(doc)
        if batch and (len(batch) >= size or length + doc_length > characters):
            yield batch
            batch, length = [], 0
        batch.append(doc)
        length += doc_length
    if batch:
        yield batch


def _text_length(doc: Doc) -> int:
    """``len(doc.text)`` without joining the tokens' text (as ``doc.text`` does on every call)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def _paragraph_finder(article: Article) -> Callable[[int], int | None]:
    """``article.paragraph_at`` by binary search (an article of a hundred thousand paragraphs has as many claims)."""
    paragraphs = sorted(article.paragraphs, key=lambda p: p.start)
    starts = [p.start for p in paragraphs]
    last = article.paragraphs[-1].index if article.paragraphs else None

    def find(offset: int) -> int | None:
        at = bisect.bisect_right(starts, offset) - 1
        if at >= 0 and offset < paragraphs[at].end:
            return paragraphs[at].index
        return last

    return find


def _meta(article: Article, offset: int, length: int, starts: list[int] | None = None) -> dict[str, object]:
    """What the component needs to know of the article a doc (or a piece of it) comes from.

    ``starts`` (the paragraphs' start offsets, when they are in order) finds the piece's paragraphs by
    binary search.
    """
    paragraphs = article.paragraphs
    if starts is not None:
        paragraphs = paragraphs[bisect.bisect_left(starts, offset) : bisect.bisect_left(starts, offset + length)]
    return {
        "id": article.id,
        "piece_offset": offset,  # where the doc's text starts in the article's, and how long that is:
        "article_length": len(article.text),  # a claim's place in the article is read from them
        "text": "",
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "published_inferred": article.published_inferred,
        "paragraphs": [
            {"index": p.index, "start": p.start - offset, "end": p.end - offset}
            for p in paragraphs
            if offset <= p.start < offset + length
        ],
    }


def _chunks(article: Article, max_length: int) -> Iterator[tuple[int, str]]:
    """The article's text, whole or in pieces shorter than ``max_length``, with their offsets.

    A piece ends after the last paragraph break that fits; a paragraph too long on its own is cut
    after its last sentence end that fits ("." "?" "!" and a space), else at its last space, and
    only a text without any of those is cut anywhere. Each piece is parsed on its own, so the
    cuts are where the least is lost.
    """
    text = article.text
    if len(text) < max_length:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(len(text), start + max_length - 1)
        if end < len(text):
            end = _cut(text, start, end)
        yield start, text[start:end]
        start = end


_SENTENCE_END = re.compile(r"[.?!][\"”’)\]]*\s")


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece that starts at ``start`` and may not reach past ``end``."""
    paragraph = text.rfind("\n\n", start, end)
    if paragraph > start:
        return paragraph + 2
    line = text.rfind("\n", start, end)
    if line > start:
        return line + 1
    sentences = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
    if sentences:
        return sentences[-1]
    space = max(text.rfind(" ", start, end), text.rfind("\t", start, end))
    return space + 1 if space > start else end


def _recheck_consistency(nlp: Language, article: Article, claims: list[Claim]) -> None:
    """Consistency flags over the whole article, as if it had been parsed in one piece."""
    ruleset = next((pipe.ruleset for _, pipe in nlp.pipeline if hasattr(pipe, "ruleset")), None)
    words = ConsistencyWords.of(ruleset) if ruleset is not None else None
    for claim in claims:
        claim.flags.clear()
    claims.sort(key=lambda c: (c.start, c.end, c.type))
    check_consistency(claims, parse_iso(article.published) if article.published else None, words)


def _shift(claim: Claim, offset: int, article: Article) -> Claim:
    if offset == 0:
        return claim
    records: list[Claim | Quantity | DateValue] = [claim, *claim.quantities, *claim.dates]
    for record in records:
        record.start += offset
        record.end += offset
    claim.sentence_start += offset
    claim.sentence_end += offset
    if claim.content_start is not None and claim.content_end is not None:
        claim.content_start += offset
        claim.content_end += offset
    for comparison in claim.comparisons:
        if isinstance(comparison.get("start"), int):
            comparison["start"] += offset
    for report in claim.reports:
        report.content_start += offset
        report.content_end += offset
        if report.sentence is not None:
            report.sentence = (report.sentence[0] + offset, report.sentence[1] + offset)
        _shift_source(report.source, offset)
    if claim.source is not None:
        _shift_source(claim.source, offset)
    claim.claim_id = make_claim_id(article.id, claim.start, claim.end, claim.text)
    return claim


def _shift_source(source: Source, offset: int) -> None:
    for mention in [source, *source.via]:
        if mention.start is not None and mention.end is not None:
            mention.start += offset
            mention.end += offset
        if mention.cue_start is not None and mention.cue_end is not None:
            mention.cue_start += offset
            mention.cue_end += offset
