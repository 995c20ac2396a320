"""Quotations in a parsed doc: where one opens and closes, across sentences and paragraphs."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claims.families.spans import OPEN_QUOTES, QUOTES, sentence_of


def quote_role(doc: Doc, i: int) -> str | None:
    """Whether the quote mark at ``i`` opens or closes a quotation.

    Curly marks say so themselves. A straight mark opens when it stands before a word with a space
    (or a line start, a bracket or a dash) before it ('said: "We'), and closes when it follows a word
    or punctuation with no space ('do."', 'year," he said'); one with spaces on both sides closes
    when the paragraph has a quotation open before it ('months, " she said'), else it opens.
    """
    text = doc[i].text
    if text in ("“", "«"):
        return "open"
    if text in ("”", "»"):
        return "close"
    if text != '"':
        return None
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    spaced_before = before is None or bool(before.whitespace_) or before.is_space or before.text in ("(", "[", "—", "–")
    spaced_after = (
        after is None or bool(doc[i].whitespace_) or after.is_space or (after.is_punct and after.text not in QUOTES)
    )
    if spaced_before and not spaced_after:
        return "open"
    if spaced_after and not spaced_before:
        return "close"
    if spaced_before and spaced_after:  # ('months, " she said'): it closes a quotation open before it
        marks = sum(1 for t in doc[paragraph_start(doc, i) : i] if t.text == '"')
        return "close" if marks % 2 == 1 else "open"
    return "close"


def paragraph_start(doc: Doc, i: int) -> int:
    """The index of the first token of the paragraph that holds token ``i``."""
    for j in range(i - 1, -1, -1):
        if doc[j].is_space and "\n" in doc[j].text:
            return j + 1
    return 0


def opening_quote(doc: Doc, close: int) -> int | None:
    """Index of the quote mark that opens the quotation closed at ``close`` (same paragraph).

    A straight-quoted quotation that goes on over several sentences, each opening with a mark of
    its own and none closed before the last ('"Q1. "Q2," he said'), opens at its first mark.
    """
    straight = doc[close].text == '"'
    if straight:
        begin: int | None = None
        start = paragraph_start(doc, close)
        for _ in range(4):  # (a quotation runs on over paragraphs that each open with a mark)
            closed = False
            for i in range(close - 1, start - 1, -1):
                role = quote_role(doc, i)
                if role == "close":
                    closed = True
                    break
                if role == "open":
                    begin = i
            if closed or begin != start or start == 0:
                return begin
            close, start = start, paragraph_start(doc, start - 1)  # (scanned from the break back)
        return begin
    for i in range(close - 1, -1, -1):
        token = doc[i]
        if "\n" in token.text and token.is_space:
            return None
        if token.text in OPEN_QUOTES and token.text not in ('"', "'"):
            return i
        if token.text == "”" and i != close:
            return None
    return None


def closing_quote(doc: Doc, open_: int, max_paragraphs: int = 4) -> int | None:
    """Index of the quote mark that closes the quotation opened at ``open_``, or None.

    A quotation runs on into the next paragraph when that paragraph opens with a quote mark
    (the newspaper convention for long quotations), up to ``max_paragraphs``; a straight-quoted one
    runs on over sentences that open with a mark of their own ('"Q1. "Q2."').
    """
    straight = doc[open_].text == '"'
    paragraphs = 1
    i = open_ + 1
    while i < len(doc):
        token = doc[i]
        if "\n" in token.text and token.is_space:
            nxt = i + 1
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if paragraphs >= max_paragraphs or nxt >= len(doc) or doc[nxt].text != doc[open_].text:
                return None
            paragraphs += 1
            i = nxt + 1
            continue
        if straight and token.text == '"' and quote_role(doc, i) == "close":
            return i
        if not straight and token.text == "”":
            return i
        if not straight and token.text == "“":
            return None
        i += 1
    return None


def paragraph_end(doc: Doc, start: int) -> int:
    for i in range(start, len(doc)):
        if doc[i].is_space and "\n" in doc[i].text:
            return i
    return len(doc)


def extend_quote(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen content that ends a quotation begun in an earlier sentence to the opening mark."""
    inside = doc[start:end]
    opens = sum(1 for t in inside if t.text == "“")
    closes = sum(1 for t in inside if t.text == "”")
    tail = end
    while tail < len(doc) and doc[tail].text in (",", ".", "!", "?"):
        tail += 1
    closing = (
        tail < len(doc)
        and (doc[tail].text == "”" or (doc[tail].text == '"' and not any(t.text == '"' for t in inside)))
        and quote_role(doc, tail) != "open"
    )
    if closes > opens or (closing and opens == 0):
        close_index = tail if closing else end - 1
        begin = opening_quote(doc, close_index)
        if begin is not None and begin < start:
            return begin, max(end, close_index + 1)
        if begin is not None:
            return start, max(end, close_index + 1)
    if opens > closes and tail < len(doc) and doc[tail].text == "”":
        return start, tail + 1  # 'the plan “will work.”': the closing mark after the full stop
    return start, end


def follow_quotation(doc: Doc, content: tuple[int, int], cue: int) -> tuple[int, int]:
    """Content that is a quotation goes on to the end of the quotation, across sentences.

    "“Q1,” he said. “Q2. Q3.”" → Q1 … Q3 (the cue in between is left inside the span);
    "He said: “Q1. Q2.”" → the whole quotation. A quotation left open at the end of its
    paragraph (it goes on in the next one) ends with the paragraph.
    """
    start, end = content
    if start > 0 and doc[start - 1].text in ("“", '"') and doc[start].text not in QUOTES:
        start -= 1  # trimmed off as a lone mark: the quotation goes on in the next sentence
    first = doc[start]
    if first.text in ("“", '"') and not any(t.text in ("”", '"') for t in doc[start + 1 : end]):
        if (comma := unclosed_end(doc, start)) is not None:
            return start, min(end, comma)  # the writer left the closing mark out before the speaker
        close = closing_quote(doc, start)
        if close is None:
            return start, trimmed_end(doc, start, paragraph_end(doc, end))
        end = max(end, close + 1)  # and on below, when the speaker's sentence is followed by more of it
    last = doc[end - 1]
    opens = [t.i for t in doc[start:end] if t.text == "“"]
    if len(opens) > sum(1 for t in doc[start:end] if t.text == "”"):  # 'argues that “A. B.”': the quotation's end
        close = closing_quote(doc, opens[-1])
        if close is not None and close >= end and cue not in range(end, close + 1):
            return start, close + 1
    if last.text not in ("”", '"') or first.text not in ("“", '"'):
        return start, end
    # "“Q1,” he said[ in a statement]. “Q2.”": the speaker's sentence ends, the next one opens a quotation
    sentence = sentence_of(doc[cue])
    if cue < end or sentence.end >= len(doc) or sentence.end > paragraph_end(doc, end):
        return start, end
    nxt = doc[sentence.end]
    if nxt.text not in ("“", '"'):
        return start, end
    close = closing_quote(doc, nxt.i)
    if close is not None:
        return start, close + 1
    return start, trimmed_end(doc, start, paragraph_end(doc, nxt.i))


def trimmed_end(doc: Doc, start: int, end: int) -> int:
    while end > start and doc[end - 1].is_space:
        end -= 1
    return end


def inside_quotation(doc: Doc, i: int) -> bool:
    """Whether token ``i`` sits between an opening and a closing quote mark of its paragraph."""
    return quoted_tokens(doc, paragraph_start(doc, i), i + 1)[-1]


def quoted_tokens(doc: Doc, start: int = 0, end: int | None = None) -> list[bool]:
    """For each token of ``doc[start:end]`` (``start`` a paragraph's first token), whether it stands
    inside a quotation opened before it in its paragraph. A quotation the writer left unclosed
    before its speaker ('"Q ... 'wait and see', the organisation said.') ends at that comma."""
    end = len(doc) if end is None else end
    inside: list[bool] = []
    depth, straight_open, until = 0, False, len(doc)
    for j in range(start, end):
        token = doc[j]
        if (token.is_space and "\n" in token.text) or j >= until:
            depth, straight_open, until = 0, False, len(doc)  # a new paragraph, or past the speaker's comma
        inside.append(depth > 0 or straight_open)
        if token.text == "“":
            depth += 1
        elif token.text == "”":
            depth = max(0, depth - 1)
        elif token.text == '"':
            straight_open = quote_role(doc, j) == "open"
        if token.text == "“" or (token.text == '"' and straight_open):
            until = unclosed_end(doc, j) or len(doc)
    return inside


def unclosed_end(doc: Doc, open_: int) -> int | None:
    """Where a quotation opened at ``open_`` ends when the writer left out its closing mark: its
    sentence has no mark after it, and ends in a main verb that reports the words before a comma,
    with a subject of its own after it ('"... to 'wait and see', the organisation said in its
    report.'): the index of that comma. None for a quotation that goes on (closed later, or over
    the next sentences)."""
    sentence = sentence_of(doc[open_])
    if sentence.end == open_ + 1 and open_ + 1 < len(doc):
        sentence = sentence_of(doc[open_ + 1])  # (the parser left the mark with the sentence before)
    if any(t.text in QUOTES and t.text != "'" for t in doc[open_ + 1 : sentence.end]):
        return None
    root = sentence.root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if root.i <= open_ or subject is None:
        return None
    commas = [t.i for t in doc[open_ + 1 : min(root.i, subject.i)] if t.text == ","]
    if not commas or (subject.pos_ == "PRON" and subject.morph.get("Person", []) != ["3"]):
        return None  # (a pronoun speaker is "he", "she", "it" or "they", not "I" or "that")
    if any(c.i > root.i and c.dep_ not in ("prep", "advmod", "npadvmod", "punct", "nsubj") for c in root.children):
        return None  # the verb says more than who spoke ("…, that's why I tell young women …")
    # the verb reports the words before the comma ("…, the organisation said"), as a clause of its own
    reported = any(c.dep_ in ("ccomp", "parataxis") and open_ < c.i < commas[-1] for c in root.children)
    return commas[-1] if reported else None


def quoted_before(doc: Doc, cue: Token) -> bool:
    return any(t.text in QUOTES for t in doc[max(0, cue.i - 3) : cue.i])
