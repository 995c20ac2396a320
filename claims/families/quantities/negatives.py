"""Numbers that are not quantities: phone numbers, times, identifiers, street numbers, match
scores, years, numbers in names ("iPhone 11", "S&P 500") and "one" standing for a noun."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.quantities.units import counts_a_noun, unit_at, unit_named
from claims.families.spans import sentence_of, sentences
from claims.normalize.numbers import parse_digits

_YEAR = re.compile(r"^(1[5-9]|20|21)\d\d$")
_PHONE = re.compile(r"^\(?\d{3}\)?[-.\s]?\d{3}[-.\s]\d{4}$|^\d{3}-\d{4}$")
_TIME = re.compile(r"^\d{1,2}:\d{2}$")
_SCORE = re.compile(r"^\d{1,2}$")
_SLASHED = re.compile(r"^\d{1,2}/\d{1,2}$")
_NAMED = frozenset(("DATE", "ORG", "EVENT", "FAC", "LAW", "WORK_OF_ART", "PRODUCT"))  # spaCy entity labels


def is_not_a_quantity(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    """Identifiers, phone numbers, times, street numbers, product names and match scores are not figures."""
    return (
        _a_time_or_phone(doc, span, lexicon)
        or _an_identifier_or_address(doc, span, lexicon)
        or _a_score(span, lexicon)
        or _one_word_no_figure(doc, span, lexicon)
    )


def _a_time_or_phone(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    text, first = span.text, span[0]
    if _PHONE.match(text) or _TIME.match(text) or _PHONE.match(_written_around(doc, span)):
        return True
    if _a_season(text):
        return True  # "the 2006/07 season", "in 1992/93": two years, not a fraction
    if re.match(r"^\d{1,2}\.\d{2}$", text) and first.ent_type_ == "TIME":
        return True  # "at 10.45"
    if (
        re.match(r"^\d{1,2}([.:]\d{2})?$", text)
        and span.end < len(doc)
        and doc[span.end].lower_.strip("()") in lexicon["time_zones"]
    ):
        return True  # "10.32 GMT", "9:00 ET": a time of day
    return (
        first.ent_type_ == "TIME"
        and first.like_num
        and span.end < len(doc)
        and doc[span.end].lower_ in lexicon["time_of_day_words"]
    )


_SEASON = re.compile(r"^((?:1[89]|20)\d\d)[/-](\d\d)$")


def _a_season(text: str) -> bool:
    """A season or a financial year written as a year and the next one's last two digits ("2006/07", "1999-00")."""
    match = _SEASON.match(text)
    return match is not None and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def _an_identifier_or_address(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    first = span[0]
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.lower_ in lexicon["identifier_nouns"] and parse_digits(first.text) is not None:
        return True
    if previous is not None and previous.text in ("#", "No.", "no."):
        return True
    if (
        span.end < len(doc)
        and doc[span.end].pos_ == "PROPN"
        and span.end + 1 < len(doc)
        and doc[span.end + 1].lower_ in lexicon["street_words"]
    ):
        return True
    for ahead in range(span.end, min(span.end + 4, len(doc))):
        word = doc[ahead]
        if word.lower_ in lexicon["street_words"] and word.text[:1].isupper():
            return True  # "9 E 71st St", "358 El Brillo Way", "22 Ave Foch"
        if not (word.text[:1].isupper() or re.match(r"^\d+(st|nd|rd|th)$", word.text)):
            break
    return False


def _a_score(span: Span, lexicon: dict[str, Any]) -> bool:
    """ "won 3-1": a match score in a sentence about a game."""
    if len(span) == 3 and span[1].text in ("-", "–") and _SCORE.match(span[0].text) and _SCORE.match(span[2].text):
        return bool({t.lower_ for t in sentence_of(span[0])} & set(lexicon["sport_words"]))
    return False


def _one_word_no_figure(doc: Doc, span: Span, lexicon: dict[str, Any]) -> bool:
    first = span[0]
    if (
        span.root.ent_type_ in ("DATE", "TIME")
        and _YEAR.match(first.text)
        and len(span) == 1
        and unit_at(doc, span.end, lexicon) is None
    ):
        return True
    if len(span) != 1:
        return False
    if _SLASHED.match(first.text) and first.ent_type_ in _NAMED:
        return True  # "after 9/11", "the 9/11 Commission": a date or a name, not the fraction 9/11
    if _is_a_name_number(doc, first, lexicon):
        return True
    if first.lower_ == "one" and _is_pronoun_one(first):
        return True
    if first.lower_ in lexicon.get("denominators", {}) and first.lower_ not in lexicon["number_words"]:
        return True
    # "the final third", "third-round": an ordinal, not a fraction (that needs "a third of")
    return first.lower_ == "third"


def is_a_year(span: Span, value: float | list[float], unit: str | None, unit_written: bool, claim_type: str) -> bool:
    """A year-like figure that is a year: nothing is counted ("in 2019"), or it dates a noun ("2018 sales").

    Args:
        span: the figure.
        value: its value.
        unit: the unit or counted noun found for it, None when there is none.
        unit_written: whether a unit was written (not just a noun the figure would count).
        claim_type: ``quantity``, ``money`` or ``percent``.
    """
    if (
        unit is None
        and claim_type == "quantity"
        and isinstance(value, float)
        and _YEAR.match(span.text)
        and not counts_a_noun(span)
    ):
        return True  # a bare year-like number with nothing counted is a year
    # "2018 sales", "the 2019 review": a year, not a count
    return bool(
        unit is not None
        and unit not in ("percent",)
        and _YEAR.match(span.text)
        and span.root.ent_type_ == "DATE"
        and not unit_written
    )


def _written_around(doc: Doc, span: Span) -> str:
    """The run of digits and phone punctuation the span is part of ("555-123-4567", "(020) 7946 0958")."""
    text = sentences(doc).text  # Doc.text is rebuilt from the tokens on every access
    start, end = span.start_char, span.end_char
    while start > 0 and (
        text[start - 1].isdigit()
        or text[start - 1] in "-.()"
        or (text[start - 1] == " " and start > 1 and text[start - 2] in "0123456789)")
    ):
        start -= 1
    while end < len(text) and (
        text[end].isdigit()
        or text[end] in "-.()"
        or (text[end] == " " and end + 1 < len(text) and text[end + 1].isdigit())
    ):
        end += 1
    return text[start:end].strip(" .")


def _is_a_name_number(doc: Doc, token: Token, lexicon: dict[str, Any]) -> bool:
    """ "iPhone 11", "S&P 500", "FTSE 100", "787 Dreamliner", "Galaxy Note 20 Ultra", "BBC Radio Five
    Live": part of a name."""
    if token.is_alpha and token.is_title and not token.is_sent_start and token.i > 0:
        name = doc[token.i - 1]  # a number word capitalised inside a sentence, after a name
        return name.pos_ == "PROPN" and name.is_title and name.ent_type_ not in ("GPE", "NORP", "DATE")
    if not token.text.isdigit():
        return False
    previous = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and unit_named(following.text, lexicon):
        return False
    if token.dep_ == "nummod" and token.head.pos_ == "NOUN" and token.head.i > token.i:
        return False  # "12 Labour MPs": it counts the MPs
    if previous is not None and previous.pos_ == "PROPN" and previous.ent_type_ not in ("GPE", "NORP", "DATE"):
        return not previous.is_sent_start or previous.text[:1].islower()
    return bool(
        following is not None
        and following.tag_ == "NNP"
        and following.text[:1].isupper()
        and following.ent_type_ not in ("NORP", "GPE", "DATE")
    )


def _is_pronoun_one(token: Token) -> bool:
    """ "the same one", "each one", "BBC One": "one" standing for a noun, not counting one."""
    if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN"):
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)
