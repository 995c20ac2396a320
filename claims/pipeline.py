"""The flow in one place: articles → spaCy docs → claims, streamed in batches.

Articles longer than the pipeline's ``max_length`` are processed in paragraph chunks whose claims
are shifted back to offsets into the whole text.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from claims.extract.consistency import check_consistency
from claims.model import Article, Claim, make_claim_id
from claims.nlp.component import ARTICLE_KEY, CLAIMS_KEY
from claims.normalize.dates import parse_iso


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
                yield from zip(batch, results)
    finally:
        _WORKER_NLP.clear()


def _serial(nlp: Language, articles: Iterable[Article], batch_size: int) -> Iterator[tuple[Article, list[Claim]]]:
    pending: dict[int, tuple[Article, int, list[Claim]]] = {}

    def docs() -> Iterator[Doc]:
        for number, article in enumerate(articles):
            chunks = list(_chunks(article, nlp.max_length))
            pending[number] = (article, len(chunks), [])
            for offset, text in chunks:
                doc = nlp.make_doc(text)
                doc.user_data[ARTICLE_KEY] = _meta(article, offset, len(text))
                doc.user_data["claims_chunk"] = (number, offset)
                yield doc

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        number, offset = doc.user_data["claims_chunk"]
        article, remaining, collected = pending[number]
        collected.extend(_shift(Claim.from_dict(d), offset, article) for d in doc.user_data.get(CLAIMS_KEY, []))
        if remaining > 1:
            pending[number] = (article, remaining - 1, collected)
            continue
        del pending[number]
        for claim in collected:
            claim.paragraph = article.paragraph_at(claim.start)
        if len(article.text) >= nlp.max_length:  # parsed in pieces: compare claims across all of them
            _recheck_consistency(nlp, article, collected)
        yield article, collected


def _meta(article: Article, offset: int, length: int) -> dict[str, object]:
    """What the component needs to know of the article a doc (or a piece of it) comes from."""
    return {
        "id": article.id,
        "text": "",
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published,
        "published_inferred": article.published_inferred,
        "paragraphs": [
            {"index": p.index, "start": p.start - offset, "end": p.end - offset}
            for p in article.paragraphs
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
    synonyms = ruleset.lexicon("dates").get("event_synonyms") if ruleset is not None else None
    for claim in claims:
        claim.flags.clear()
    claims.sort(key=lambda c: (c.start, c.end, c.type))
    check_consistency(claims, parse_iso(article.published) if article.published else None, synonyms)


def _shift(claim: Claim, offset: int, article: Article) -> Claim:
    if offset == 0:
        return claim
    for record in [claim, *claim.quantities, *claim.dates]:
        record.start += offset
        record.end += offset
    claim.sentence_start += offset
    claim.sentence_end += offset
    if claim.content_start is not None and claim.content_end is not None:
        claim.content_start += offset
        claim.content_end += offset
    if claim.source is not None:
        for source in [claim.source, *claim.source.via]:
            if source.start is not None and source.end is not None:
                source.start += offset
                source.end += offset
            if source.cue_start is not None and source.cue_end is not None:
                source.cue_start += offset
                source.cue_end += offset
    claim.claim_id = make_claim_id(article.id, claim.start, claim.end, claim.text)
    return claim
