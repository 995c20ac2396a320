"""Claim units: the sentences and clauses a fact-checker would check, one worklist row each.

A claim is a sentence, or a clause where a sentence joins statements about different things
(``../shared/eval/worklist/GUIDELINES.md``). The figures, dates and rankings inside it are its
values, not rows of their own. What is not a claim gets no unit: the headline (it repeats the
lede), captions and credits, fragments, a line that only introduces a quotation ("X said:"), a
question, an exclamation or a feeling (nonclaims.py); and sentences the parser split inside a
quotation are put back together first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.nonclaims import no_claim
from claims.families.spans import QUOTES, Sentences, trim
from claims.model import Article


@dataclass
class Unit:
    """One claim's token bounds, the sentence (or sentences) it lies in, and whether it is a clause."""

    start: int
    end: int
    sentence_start: int  # token bounds of the whole sentence(s)
    sentence_end: int
    clause: bool = False
    verbless: bool = False  # a claim only if it holds a figure ("Dow +0.2%, Nasdaq +0.8%")

    def holds(self, i: int) -> bool:
        return self.start <= i < self.end

    def overlap(self, start: int, end: int) -> int:
        return max(0, min(self.end, end) - max(self.start, start))

    @property
    def length(self) -> int:
        return self.end - self.start


def claim_units(doc: Doc, index: Sentences, article: Article | None, lexicon: dict[str, Any]) -> list[Unit]:
    """The claim units of a doc in reading order (see the module docstring)."""
    pieces = _sentence_pieces(doc, index)
    pieces = [p for p in pieces if not _is_headline(doc, p, pieces, article)]
    captions = {w.lower() for w in lexicon.get("caption_starts", [])}
    units: list[Unit] = []
    for start, end in pieces:
        if _is_caption(doc, start, end, captions) or _alpha_words(doc, start, end) < 3 or _introduces(doc, start, end):
            continue
        if not any(t.pos_ in ("VERB", "AUX") for t in doc[start:end]):
            s, e = trim(doc, start, end, keep_final=True)
            if e > s:
                units.append(Unit(s, e, start, end, verbless=True))
            continue
        units.extend(u for u in _clauses(doc, start, end, lexicon) if not no_claim(doc, u.start, u.end, lexicon))
    return units


def _sentence_pieces(doc: Doc, index: Sentences) -> list[tuple[int, int]]:
    """Sentences as token bounds, with the parser's splits inside a sentence undone.

    A "sentence" that is only a quote mark, or that goes on in lower case in the same paragraph
    ("… from him / but I haven't seen the papers yet."), belongs to the one before it; so does one a
    fragment of two words without a full stop comes before ("Lib / Dem leader Charles Kennedy said").
    """
    pieces: list[tuple[int, int]] = []
    for sent in index.spans:
        start, end = sent.start, sent.end
        words = [t for t in doc[start:end] if not t.is_space]
        if not words:
            continue
        if pieces and _continues(doc, pieces[-1], start, words):
            pieces[-1] = (pieces[-1][0], end)
        else:
            pieces.append((start, end))
    return pieces


def _continues(doc: Doc, previous: tuple[int, int], start: int, words: list[Token]) -> bool:
    if any("\n" in t.text for t in doc[previous[1] - 1 : start + 1] if t.is_space):
        return False  # a new paragraph
    if all(t.is_punct for t in words):
        return True
    first = words[0]
    if first.text in QUOTES and len(words) > 1:
        quote, first = first, words[1]
        # a quote mark with a space before it and none after it opens a quotation's next paragraph
        # ('... making. "Mr Blair and I ...': each quoted paragraph opens again, only the last closes)
        opens = quote.i > 0 and bool(doc[quote.i - 1].whitespace_) and not quote.whitespace_
        if not opens and doc[previous[1] - 1].text not in QUOTES and _open_quotes(doc, *previous):
            return True  # the parser cut inside an open quotation
    last = next((t for t in reversed(doc[previous[0] : previous[1]]) if not t.is_space), None)
    ends_sentence = last is not None and (last.text in (".", "!", "?", "…") or last.text in QUOTES)
    if ends_sentence:
        return False
    # a fragment the parser cut off a sentence's first words ("Lib | Dem leader Charles Kennedy said")
    return (first.is_lower and first.is_alpha) or _alpha_words(doc, *previous) < 3


def _open_quotes(doc: Doc, start: int, end: int) -> bool:
    curly = sum(1 for t in doc[start:end] if t.text == "“") - sum(1 for t in doc[start:end] if t.text == "”")
    straight = sum(1 for t in doc[start:end] if t.text == '"')
    return curly > 0 or straight % 2 == 1


def _is_headline(doc: Doc, piece: tuple[int, int], pieces: list[tuple[int, int]], article: Article | None) -> bool:
    """The article's title line at the top: it repeats the lede, which is checked instead."""
    if piece is not pieces[0] or len(pieces) < 2:
        return False
    start, end = piece
    text = doc[start:end].text.strip()
    if "\n" in text:
        return False
    breaks = [t for t in doc[end - 1 : pieces[1][0] + 1] if t.is_space and t.text.count("\n") >= 1]
    if not breaks:
        return False
    if article is not None and article.title and _same_words(article.title, text):
        return True
    return not text.endswith((".", "!", "?", '."', ".”")) and len(text.split()) <= 20


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def _is_caption(doc: Doc, start: int, end: int, starts: set[str]) -> bool:
    """ "Image: NASA Bill Ingalls.", "Photo: Reuters": a credit or caption line, not a statement."""
    words = [t for t in doc[start:end] if not t.is_space]
    return len(words) >= 2 and words[0].lower_ in starts and words[1].text == ":"


def _introduces(doc: Doc, start: int, end: int) -> bool:
    """ "Mike Smith, head of the Retail Group, said:" at a paragraph's end: what follows is the claim."""
    last = next((t for t in reversed(doc[start:end]) if not t.is_space), None)
    return last is not None and last.text == ":"


def _alpha_words(doc: Doc, start: int, end: int) -> int:
    """Words of a piece: fewer than three is a fragment ("Twice.", a lone quote mark), not a claim."""
    return sum(1 for t in doc[start:end] if t.is_alpha)


def _clauses(doc: Doc, start: int, end: int, lexicon: dict[str, Any]) -> list[Unit]:
    """The sentence as one unit, or as two where it joins statements about different things.

    Two independent clauses joined by "and"/"but" or a semicolon, each with its own subject (a
    different one) and each long enough to be a statement, are two claims; everything else stays
    one ("Sales rose 5% to £2bn in 2004" is one claim with three values).
    """
    s, e = trim(doc, start, end, keep_final=True)
    if e <= s:
        return []
    cut = _clause_cut(doc, s, e, int(lexicon.get("clause_min_words", 6)), set(lexicon["same_thing_pronouns"]))
    if cut is None:
        return [Unit(s, e, start, end)]
    left = trim(doc, s, cut[0])
    right = trim(doc, cut[1], e, keep_final=True)
    return [Unit(*left, start, end, clause=True), Unit(*right, start, end, clause=True)]


def _clause_cut(doc: Doc, start: int, end: int, min_words: int, same_thing: set[str]) -> tuple[int, int] | None:
    """Token bounds of the joint ("; ", ", and", " but") between two independent clauses, if any."""
    sent = Span(doc, start, end)
    root = sent.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    subject = _subject(root)
    for conj in root.children:
        if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX") or conj.i <= root.i:
            continue
        other = _subject(conj)
        if subject is None or other is None or other.lemma_.lower() == subject.lemma_.lower():
            continue
        if other.pos_ == "PRON" and other.lower_ in same_thing:
            continue  # "the firm cut jobs and it ..." speaks of the same thing
        joint = [t for t in doc[root.i + 1 : conj.left_edge.i] if t.dep_ in ("cc", "punct") and t.head in (root, conj)]
        if not joint:
            continue
        cut = (
            joint[-1].i,
            conj.left_edge.i,
        )  # words between two joints stay with the first clause ("X fell 2%, Y by 3% and")
        left_words = sum(1 for t in doc[start : cut[0]] if t.is_alpha)
        right_words = sum(1 for t in doc[cut[1] : end] if t.is_alpha)
        if left_words >= min_words and right_words >= min_words:
            return cut
    return None


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
