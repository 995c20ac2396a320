"""The claim as checked: a statement that stands on its own, built by rules from the claim's words.

What ClaimReview's ``claimReviewed`` carries and what claim matching compares:

- the speaker first: ``Continental said: “Without the reduction … uncertain.”`` for a quotation,
  and a quotation's later sentences with their speaker ("“Q2.”" → ``Ana Ruiz said: “Q2.”``);
- a pronoun or a generic noun ("he", "the firm") as subject replaced by the name the article gives;
- a relative date made absolute against the article's date ("this year" → "in 2005", "on Tuesday"
  → "on 20 July 2021", "by the end of February" → "by the end of February 2005").
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from spacy.tokens import Doc, Token

from claims.families.attribution import Attribution
from claims.families.names import ArticleNames
from claims.families.spans import QUOTES, name_phrase, sentences
from claims.families.units import Unit
from claims.model import Claim, DateValue

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_MONTHS = frozenset(m.lower() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:]))


def checked_statement(
    doc: Doc,
    unit: Unit,
    claim: Claim,
    speaker: Attribution | None,
    published: dt.date | None,
    lexicon: dict[str, Any],
    names: ArticleNames | None = None,
) -> str:
    """The claim as a standalone sentence (see the module docstring). ``names``: the doc's people and
    organisations, when the caller has them indexed already."""
    edits = _date_edits(doc, claim.dates, claim.start, claim.end)
    subject = _subject_edit(doc, unit, claim, speaker, lexicon, names or ArticleNames(doc, set()))
    if subject is not None:
        edits.append(subject)
    text = _apply(claim.text, claim.start, edits)
    if speaker is not None and claim.source is not None and not _speaker_in_unit(unit, speaker):
        mark = doc[speaker.content[0]].text
        quoted = _quoted(text, mark) if mark in QUOTES else text
        text = f"{_who(claim)} said: {quoted}"
    elif speaker is not None and claim.source is not None and speaker.cue[0] > speaker.content[0] >= unit.start:
        text = _speaker_first(doc, claim, speaker, edits)
    return _sentence_case(" ".join(text.split()))


def _speaker_in_unit(unit: Unit, speaker: Attribution) -> bool:
    return unit.start <= speaker.cue[0] < unit.end


def _speaker_first(doc: Doc, claim: Claim, speaker: Attribution, edits: list[tuple[int, int, str]]) -> str:
    """ "“A,” Continental said in a filing." → "Continental said in a filing: “A.”" (the quotation as far
    as this claim goes: its later sentences are claims of their own)"""
    end = min(speaker.content[1], _unit_end(doc, claim))
    aside = _aside(doc, speaker, end)
    for start, _ in (speaker.cue, speaker.source_tokens or (end, end)):
        if speaker.content[0] < start and aside is None:
            end = min(end, start)  # '"A," Mayor Ruiz said. "B."': A, before the speaker
    content = doc[speaker.content[0] : end]
    if aside is not None:  # "The deal, she says, is dead": the statement without the aside
        edits = [*edits, (doc[aside[0]].idx, doc[aside[1] - 1].idx + len(doc[aside[1] - 1].text), "")]
    said = doc[speaker.cue[0] : speaker.cue[1]].text
    after = doc[speaker.cue[1] : speaker.cue[1] + 8]
    tail = [t for t in after if t.dep_ == "prep" and t.head.i == speaker.cue[0]]
    told = [
        t
        for t in after
        if t.dep_ in ("dobj", "dative") and t.head.i == speaker.cue[0] and not speaker.content[0] <= t.i < end
    ]
    where = ""
    if told:  # "told Reuters", "told BBC News": whom it was said to
        where = " " + doc[told[0].left_edge.i : told[0].right_edge.i + 1].text
    if tail:  # "said in its filing to the SEC": where it was said
        prep = tail[0]
        where += " " + doc[prep.i : prep.right_edge.i + 1].text
    inner = [e for e in edits if content.start_char <= e[0] and e[1] <= content.end_char]
    words = _apply(content.text, content.start_char, inner).strip()
    words = words.rstrip(",").rstrip()
    if words.endswith(("”", '"')) and words[-2:-1] == ",":
        words = words[:-2] + "." + words[-1]
    name = _who(claim)
    lowered = f"{words[:1].lower() if _common(content[0]) else words[:1]}{words[1:]}"
    if doc[speaker.cue[0]].lower_ == "according" or doc[speaker.cue[0]].pos_ not in ("VERB", "AUX"):
        return _sentence_end(f"According to {name}, {lowered}")
    if words[:1] not in QUOTES:
        return _sentence_end(f"{name} {said}{where} {lowered}")
    return f"{name} {said}{where}: {_quoted(words, words[:1])}"


def _aside(doc: Doc, speaker: Attribution, end: int) -> tuple[int, int] | None:
    """The token bounds of ", she says," set inside the statement it reports ("The deal, she says, is
    dead"), commas included; None when the statement ends where its speaker begins."""
    begin = min(speaker.cue[0], (speaker.source_tokens or speaker.cue)[0])
    stop = max(speaker.cue[1], (speaker.source_tokens or speaker.cue)[1])
    while stop < end and doc[stop].dep_ == "advmod" and doc[stop].head.i == speaker.cue[0]:
        stop += 1  # ("once said", "said today")
    if not (speaker.content[0] < begin and stop < end):
        return None
    if begin == 0 or doc[begin - 1].text not in (",", "—", "–") or doc[stop].text not in (",", "—", "–"):
        return None
    return begin - 1, stop + 1


def _who(claim: Claim) -> str:
    """The speaker as the article names them: "the ministry" rather than "ministry", a name for "he"."""
    source = claim.source
    if source is None:
        return ""
    written = (source.text or "").strip()
    if written and source.name.lower() in written.lower() and len(written) <= len(source.name) + 4:
        return written
    return source.name


def _sentence_end(text: str) -> str:
    text = text.rstrip(" ,;:—–-")  # ("... no insurance:" cut before what follows the colon)
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."


def _unit_end(doc: Doc, claim: Claim) -> int:
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    return span.end if span is not None else len(doc)


def _quoted(text: str, mark: str = "“") -> str:
    """The words in quote marks (the article's kind: straight or curly), each added only where missing."""
    text = text.strip()
    opening, closing = ('"', '"') if mark == '"' else ("“", "”")
    opened = text if text[:1] in QUOTES else opening + text
    return opened if opened[-1:] in QUOTES else opened + closing


def _common(token: Token) -> bool:
    """Whether a content's first word is an ordinary word (lower-cased after "X said"), not a name or "I"."""
    return token.pos_ not in ("PROPN",) and token.text != "I" and not token.ent_type_


def _subject_edit(
    doc: Doc, unit: Unit, claim: Claim, speaker: Attribution | None, lexicon: dict[str, Any], names: ArticleNames
) -> tuple[int, int, str] | None:
    """The unit's subject, when a pronoun or a generic noun, replaced by the name it stands for."""
    root = doc[unit.start : unit.end].root
    subject = next((c for c in root.children if c.dep_ in _SUBJECT_DEPS and unit.holds(c.i)), None)
    if subject is None:
        return None
    start, end = name_phrase(subject)
    if any(t.pos_ == "PROPN" or t.ent_type_ for t in doc[start:end]) or any(
        c.dep_ == "appos" for c in subject.children
    ):
        return None  # already a name, or named beside ("The country's new president, Mikhail Saakashvili,")
    name: str | None
    if speaker is not None and claim.source is not None and speaker.source_tokens == (start, end):
        name = claim.source.name if claim.source.kind != "unnamed" else None
    else:
        name = _name_for(doc, subject, start, lexicon, names)
    if name is None or name.lower() in doc[start:end].text.lower():
        return None  # ("the inquiry" is no better as "inquiry")
    if subject.lower_ in ("i", "we", "you"):
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), name


def _name_for(doc: Doc, subject: Token, start: int, lexicon: dict[str, Any], names: ArticleNames) -> str | None:
    """The organisation or person a "he", "it", "the firm" subject stands for, when the article names one."""
    generic = set(lexicon.get("generic_subjects", []))
    if subject.lower_ in ("he", "she"):  # only where one person can be meant
        return names.sole_person(subject.i)
    definite = doc[start].lower_ == "the" and subject.tag_ == "NN"  # "the firm"; not "Business groups"
    if not (subject.lemma_.lower() in generic and subject.i > start and definite):
        return None  # ("it", "they" that speak of no speaker are left as written: too often a thing)
    orgs = [e for e in sentences(doc).all_entities if e.label_ == "ORG" and e.end <= start]
    if not orgs:
        return None
    counts: dict[str, int] = {}
    for ent in orgs:
        counts[ent.text] = counts.get(ent.text, 0) + 1
    best = max(counts, key=lambda n: (counts[n], -orgs[::-1].index(next(e for e in orgs[::-1] if e.text == n))))
    return best if counts[best] > 1 else None  # (named once, it is no surer than any other)


def _date_edits(doc: Doc, dates: list[DateValue], start: int, end: int) -> list[tuple[int, int, str]]:
    """A date written without its year gets it ("11 September" → "11 September 2001"); a relative one
    keeps its words and gains the date in brackets ("this year (2005)", "on Tuesday (20 July 2021)")."""
    edits = []
    for date in dates:
        if not date.value or not (start <= date.start < end) or _has_year(date.text):
            continue
        if {w.strip(".,").lower() for w in date.text.split()} & _MONTHS:
            edits.append((date.start, date.end, f"{date.text} {date.value[:4]}"))
            continue
        words = _absolute(date)
        if words is not None:
            edits.append((date.start, date.end, f"{date.text} ({words})"))
    return edits


def _has_year(text: str) -> bool:
    return any(len(w.strip("'’.,s")) == 4 and w.strip("'’.,s").isdigit() for w in text.split())


def _absolute(date: DateValue) -> str | None:
    value = date.value or ""
    try:
        if len(value) == 4:
            return value
        if len(value) == 7:
            return f"{calendar.month_name[int(value[5:7])]} {value[:4]}"
        if len(value) == 10:
            day = dt.date.fromisoformat(value)
            return f"{day.day} {calendar.month_name[day.month]} {day.year}"
    except ValueError:
        return None
    return None


def _apply(text: str, offset: int, edits: list[tuple[int, int, str]]) -> str:
    """``text`` (which starts at ``offset``) with each (start, end, replacement) made, last first."""
    for start, end, words in sorted(edits, reverse=True):
        if offset <= start and end <= offset + len(text):
            text = text[: start - offset] + words + text[end - offset :]
    return text


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
