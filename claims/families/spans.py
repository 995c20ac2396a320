"""Small helpers on spaCy tokens and spans shared by the extractors."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

QUOTES = {'"', "“", "”", "‘", "’", "''", "``", "«", "»", "'"}
OPEN_QUOTES = {'"', "“", "‘", "``", "«", "'"}
CLOSE_QUOTES = {'"', "”", "’", "''", "»", "'"}
_EDGE_PUNCT = {",", ";", ":", "—", "–", "-", "(", ")", "[", "]", "...", "…"}

# dependents that end a noun phrase used as a name: relative clauses, appositions, parentheses
_PHRASE_BREAKS = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "parataxis", "prep"}


def trim(doc: Doc, start: int, end: int, keep_quotes: bool = True, keep_final: bool = False) -> tuple[int, int]:
    """Token bounds with edge punctuation removed (quotes kept when they pair up)."""
    while start < end and (
        doc[start].text in _EDGE_PUNCT or doc[start].is_space or (not keep_quotes and doc[start].text in QUOTES)
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].text in _EDGE_PUNCT
        or (not keep_final and doc[end - 1].text in {".", "!", "?"} and end - start > 1)
        or (not keep_quotes and doc[end - 1].text in QUOTES)
    ):
        end -= 1
    if keep_quotes and end > start:
        start, end = _balance_quotes(doc, start, end)
    return start, end


def _balance_quotes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a lone quote mark at either edge; keep a pair."""
    first, last = doc[start].text, doc[end - 1].text
    if first not in OPEN_QUOTES and last not in CLOSE_QUOTES:
        return start, end  # (no edge to drop: the quotes inside need no counting)
    inner_quotes = sum(1 for t in doc[start:end] if t.text in QUOTES)
    if first in OPEN_QUOTES and inner_quotes == 1:
        start += 1
    elif last in CLOSE_QUOTES and inner_quotes == 1 and end - start > 1:
        end -= 1
    return start, end


def name_phrase(token: Token) -> tuple[int, int]:
    """Token bounds of the name a token heads: its modifiers up to the token, without clauses."""
    start = token.i
    for child in token.lefts:
        if child.dep_ not in _PHRASE_BREAKS:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nmod", "nummod", "amod") or (
            child.dep_ == "prep" and child.lower_ == "of" and any(g.pos_ == "PROPN" for g in child.subtree)
        ):
            end = max(end, child.right_edge.i + 1)
        else:
            break
    doc = token.doc
    while start < token.i and doc[start].is_punct:
        start += 1
    while end > token.i + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end


def subtree_bounds(token: Token, exclude: set[int] | None = None) -> tuple[int, int]:
    """Token bounds of a token's subtree, leaving out the given token indices at the edges."""
    ids = [t.i for t in token.subtree if not exclude or t.i not in exclude]
    if not ids:
        return token.i, token.i + 1
    return min(ids), max(ids) + 1


def char_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of a token range."""
    span = doc[start:end]
    return span.start_char, span.end_char


class Sentences:
    """The sentences of a doc with a token → sentence table, built once.

    spaCy's ``token.sent`` and ``span.ents`` scan the doc on every call, which is quadratic on
    long articles; the extractors ask through this index instead.
    """

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        self.spans: list[Span] = list(doc.sents)
        self.index = [0] * len(doc)
        for number, sent in enumerate(self.spans):
            self.index[sent.start : sent.end] = [number] * (sent.end - sent.start)
        self.entity_labels: list[set[str]] = [set() for _ in self.spans]
        self.entities: list[list[Span]] = [[] for _ in self.spans]
        self.all_entities: list[Span] = list(doc.ents)
        for ent in self.all_entities:
            self.entity_labels[self.index[ent.start]].add(ent.label_)
            self.entities[self.index[ent.start]].append(ent)

    def of(self, i: int) -> Span:
        return self.spans[self.index[i]]


SENTENCES_EXTENSION = "claims_sentences"
if not Doc.has_extension(SENTENCES_EXTENSION):
    Doc.set_extension(SENTENCES_EXTENSION, default=None)


def sentences(doc: Doc) -> Sentences:
    """The sentence index of a doc, built once and kept on it (``doc._.claims_sentences``) until ``forget_sentences``."""
    built = doc._.get(SENTENCES_EXTENSION)
    if built is None:
        built = Sentences(doc)
        doc._.set(SENTENCES_EXTENSION, built)
    return built


def forget_sentences(doc: Doc) -> None:
    """Drop the doc's sentence index (it refers back to the doc: dropped, the doc is freed at once)."""
    doc._.set(SENTENCES_EXTENSION, None)


def sentence_of(token: Token) -> Span:
    """The sentence holding a token, without scanning the doc."""
    return sentences(token.doc).of(token.i)
