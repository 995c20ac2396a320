"""What a figure measures or counts: written units ("miles per hour", "sq m", "year-old"),
currencies ("Danish crowns", "HK $"), the unit a price is per ("$62 per share") and the noun a
figure counts ("four different bosses" → "different boss")."""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.spans import sentence_of

_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_UNIT_WIDTH = 5  # longest written unit, in tokens ("miles per hour", "barrel-a-day")


def unit_at(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """The unit written from token ``start`` on, longest form first, and the token after it."""
    if start + 1 < len(doc) and doc[start].lower_ in lexicon["dimension_joiners"] and doc[start + 1].like_num:
        return None  # "60 x 90 cm": the figures of a size, not "60 times"
    for width in range(_UNIT_WIDTH, 0, -1):
        if start + width > len(doc):
            continue
        tokens = doc[start : start + width]
        if any(t.is_sent_start for t in tokens[1:]) or tokens[-1].text in ("-", "/"):
            continue
        if tokens[0].is_quote and (start == 0 or doc[start - 1].whitespace_ or not doc[start - 1].text[-1].isdigit()):
            return None  # a quote mark is inches only right after digits: '6"', not '"Draft One"'
        written = tokens.text
        unit = unit_named(written, lexicon) or unit_named(written.strip("-"), lexicon)
        if (
            unit is None
            and len(tokens[-1].text) > 1
            and tokens[-1].text.endswith(".")
            and _ends_a_sentence(tokens[-1])
            and written[:-1] not in ("in",)
        ):
            unit = unit_named(written[:-1], lexicon)  # "sq m." at the end of a sentence
        if unit is not None:
            return unit, start + width
    return _final_symbol(doc, start, lexicon)


def _final_symbol(doc: Doc, start: int, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """A symbol that is a word or a letter elsewhere ("a", "h", "s") is the unit where it ends the sentence
    right after a figure: "worked there for 10 a.", "the journey took 3 h"."""
    if start == 0 or start >= len(doc) or not doc[start - 1].like_num:
        return None
    token = doc[start]
    symbol = token.text[:-1] if token.text.endswith(".") and len(token.text) > 1 else token.text
    unit = lexicon.get("final_symbols", {}).get(symbol)
    if unit is None:
        return None
    after = start + 1
    ends = _ends_a_sentence(token) or (after < len(doc) and doc[after].text == "." and _ends_a_sentence(doc[after]))
    return (unit, after) if ends else None


def _ends_a_sentence(token: Token) -> bool:
    """The token ends its sentence, or the paragraph ("silver in the 100m.\n\nThey ...")."""
    doc, after = token.doc, token.i + 1
    return bool(token.is_sent_end or after >= len(doc) or doc[after].is_space or doc[after].is_sent_start)


def unit_named(written: str, lexicon: dict[str, Any]) -> str | None:
    """The normalised unit of a written unit, case-sensitive forms first ("Nm" is not "nm")."""
    written = written.strip()
    if not written:
        return None
    cased: dict[str, str] = lexicon.get("cased_units", {})
    if written in cased:
        return cased[written]
    if _PLURAL_ACRONYM.match(written):
        return None  # "five MPs", "two GPs": a plural acronym, not "mps" written in capitals
    lower = written.lower()
    if lower in lexicon["percent_words"]:
        return "percent"
    return lexicon["units"].get(lower)


def currency_named(doc: Doc, token: Token, lexicon: dict[str, Any]) -> str:
    """The currency a word names, with the word before it: "Australian dollars" → AUD, "Danish crowns" → DKK."""
    code: str = lexicon["currencies"][token.lower_]
    qualifiers: dict[str, str] = lexicon["currency_qualifiers"]
    for width in (2, 1):
        if token.i - width < 0:
            continue
        words = " ".join(t.lower_ for t in doc[token.i - width : token.i])
        if words in qualifiers:
            return qualifiers[words]
    return code


def qualified_currency(doc: Doc, span: Span, code: str, lexicon: dict[str, Any]) -> str:
    """ "HK $5.4m", "US $7.2 billion", "Australian dollars": the word before a dollar sign names the dollar."""
    qualifiers: dict[str, str] = lexicon["currency_qualifiers"]
    if code != "USD":
        return code
    symbol = next(
        (t for t in span if t.lower_ in lexicon["currencies"] or t.lower_ in lexicon["glued_currencies"]), span[0]
    )
    if symbol.i == 0:
        return code
    before = doc[symbol.i - 1]
    if before.lower_ in qualifiers:
        return qualifiers[before.lower_]
    prefixes: dict[str, str] = lexicon.get("currency_prefixes", {})
    if before.lower_ in prefixes and not before.is_stop and before.whitespace_ in ("", " ") and before.is_alpha:
        return prefixes[before.lower_]  # "C $16.4 million", "NZ $ 26 million" (not "a $5 fee")
    return code


def currency_after(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str | None, int]:
    """A currency written after the figure: "40 euros", "7.5 million Danish crowns", "108.79 JPY="."""
    currencies: dict[str, str] = lexicon["currencies"]
    qualifiers: dict[str, str] = lexicon["currency_qualifiers"]
    if end >= len(doc):
        return None, end
    first = doc[end]
    for width in (3, 2):
        words = doc[end : end + width].text.lower()
        if end + width <= len(doc) and words in currencies:
            return currencies[words], end + width  # "Kenyan shillings", "Hong Kong dollars": a currency's whole name
    for width in (3, 2, 1):
        words = doc[end : end + width].text.lower()  # as written: "u.s." may be two tokens in lower case
        if words in qualifiers and end + width < len(doc) and doc[end + width].lower_ in currencies:
            return qualifiers[words], end + width + 1
    word = first.lower_.rstrip("=")
    if first.text.rstrip("=") in lexicon.get("currency_codes", ()) and first.text.isupper():
        return first.text.rstrip("="), end + 1  # "500 TRY", "108.79 JPY="
    if word in currencies and not first.is_currency and (first.pos_ != "VERB" or word == "won"):
        if word == "won" and first.pos_ in ("VERB", "AUX"):
            return None, end
        if word in lexicon.get("measure_currency_words", {}) or unit_at(doc, end, lexicon) is not None:
            return None, end  # "208 pounds" is a weight; read as a unit
        return currencies[word], end + 1
    return None, end


def unit_after(doc: Doc, span: Span, lexicon: dict[str, Any], taken: set[int]) -> tuple[str | None, int]:
    """The unit or counted noun of a figure, and the token end of the widened phrase.

    A measure word from the lexicon wins, longest written form first ("miles per hour",
    "sq m", "year-old"). Otherwise the noun the figure counts is the unit, with the words that
    say which kind it is: "four different bosses" → "different boss".
    """
    end = span.end
    found = unit_at(doc, end, lexicon) or _temperature_letter(doc, end, lexicon) or _inches_after_feet(span, lexicon)
    if found is not None:
        return found
    if end + 1 < len(doc) and doc[end].lower_ in lexicon["dimension_joiners"] and doc[end + 1].like_num:
        return None, end  # "60 x 90 cm": one side of a size takes the unit written after the last
    if (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and doc[end + 1].pos_ == "NOUN"
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        return noun_unit(doc[end + 1 : end + 2], lexicon), end + 2  # "six-cylinder", "five-year"
    head = _counted_head(doc, span)
    if head is None:
        scale = _scale_named(doc, end, lexicon)
        if scale is not None:
            return scale, end  # "between 50 and 70 on the GPa scale"
    if head is None and (_is_an_age(span, lexicon) or _is_a_stated_age(span) or _follows_age_word(span, lexicon)):
        return "year of age", end  # "Maddon, 66, has ...", "he will be 35 by then"
    if head is None or head.like_num or head.lower_.startswith("to-"):
        return None, end
    if head.i in taken:
        return None, end  # "2.1 last year": the noun is part of a date
    while (
        head.dep_ in ("compound", "nmod")
        and head.head.pos_ == "NOUN"
        and 0 < head.head.i - head.i <= 2
        and head.head.i not in taken
    ):
        head = head.head  # "11 member trade agreement"
    if _belongs_to_a_range(doc, end, head, lexicon):
        return None, end  # "three or four years", "5-10W": the unit belongs to the range, read when it is joined
    before = [
        t
        for t in head.lefts
        if t.i < span.start
        and t.dep_ in ("amod", "compound", "nmod")
        and t.lower_ not in lexicon["not_kind_words"]
        and t.i == span.start - 1
    ]
    unit = noun_unit(doc[end : head.i + 1], lexicon)
    if before and " " not in unit and unit not in lexicon["units"].values():
        unit = f"{before[0].lemma_.lower()} {unit}"  # "the top three seeds" → "top seed"
    return unit, head.i + 1


def _inches_after_feet(span: Span, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """ "4 ft 6 in long": "in" after a figure that follows a figure in feet is inches, not the preposition."""
    doc, end = span.doc, span.end
    if end >= len(doc) or doc[end].lower_ not in ("in", "in.") or span.start < 2:
        return None
    if not doc[span.start - 2].like_num or unit_named(doc[span.start - 1].text, lexicon) != "foot":
        return None
    return unit_named("inch", lexicon) or "inch", end + 1


def _temperature_letter(doc: Doc, end: int, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """ "104 f", "minus 5 c" in lower-cased copy: a scale's letter after a figure in a sentence about
    temperature ("temperatures", "degrees", "high", "fever"...), where it can be nothing else."""
    if end >= len(doc):
        return None
    letter = doc[end].lower_
    if letter.endswith(".") and _ends_a_sentence(doc[end]):
        letter = letter[:-1]  # "a fever of 103 f."
    if letter not in lexicon["temperature_letters"]:
        return None
    if not any(t.lemma_.lower() in lexicon["temperature_words"] for t in sentence_of(doc[end])):
        return None
    return lexicon["temperature_letters"][letter], end + 1


def superlative_member(doc: Doc, span: Span, lexicon: dict[str, Any]) -> tuple[str, int] | None:
    """ "one of the best wireless speakers" → ("good wireless speaker", end): one member of a group a
    superlative ranks, counted as one of that group (the superlative's base form names the kind, as a
    counted noun's adjectives do; "most" and "least" say how, not what)."""
    at = span.end
    if len(span) != 1 or span[0].lower_ not in ("one", "1") or at + 3 > len(doc):
        return None
    if doc[at].lower_ != "of" or doc[at + 1].lower_ != "the":
        return None
    first = at + 2
    if doc[first].tag_ == "RBS":
        first += 1
    elif doc[first].tag_ != "JJS":
        return None
    end = first
    while end < len(doc) and doc[end].pos_ in ("ADJ", "NOUN", "PROPN") and not doc[end].like_num:
        end += 1
    nouns = [t.i for t in doc[first:end] if t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return None
    return noun_unit(doc[first : nouns[-1] + 1], lexicon), nouns[-1] + 1


def _counted_head(doc: Doc, span: Span) -> Token | None:
    """The noun a figure counts: the one it modifies ("four different bosses"), else the noun after it."""
    root, end = span.root, span.end
    if (
        root.dep_ in ("nummod", "quantmod", "compound", "amod")
        and root.head.pos_ in ("NOUN", "PROPN")
        and root.head.i >= span.end
        and root.head.i - span.end <= 4
    ):
        return root.head
    if end < len(doc) and doc[end].pos_ == "NOUN" and doc[end].dep_ != "compound":
        return doc[end]
    return None


def _scale_named(doc: Doc, end: int, lexicon: dict[str, Any]) -> str | None:
    """ "on the GPa scale" after a figure: the scale is its unit."""
    if (
        end + 3 < len(doc)
        and doc[end].lower_ == "on"
        and doc[end + 1].lower_ == "the"
        and doc[end + 3].lower_ == "scale"
    ):
        return unit_named(doc[end + 2].text, lexicon)
    return None


def _belongs_to_a_range(doc: Doc, end: int, head: Token, lexicon: dict[str, Any]) -> bool:
    """Whether the words up to the counted noun hold another figure of a range ("three or four years", "5-10W")."""
    words = doc[end : head.i + 1]
    return any(
        (t.is_punct and t.text != "-")
        or (t.lower_ in lexicon["range_connectors"] and t.i + 1 < len(doc) and doc[t.i + 1].like_num)
        for t in words[:-1]
    ) or any(
        any(c.isdigit() for c in t.text)
        and (t.i == end or t.lower_.startswith("to-") or doc[t.i - 1].lower_ in lexicon["range_connectors"])
        for t in words
    )


def _is_a_stated_age(span: Span) -> bool:
    """ "He will be 35 by then", "she turned 90", "Smith, who is 45", "the average age is 58": a bare whole number
    said of a person (or of an age) is an age."""
    if len(span) != 1 or not span[0].text.isdigit() or not 0 < int(span[0].text) < 120:
        return False
    token = span[0]
    verb = token.head
    if not ((token.dep_ == "attr" and verb.lemma_ == "be") or (token.dep_ == "dobj" and verb.lemma_ == "turn")):
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if subject.lower_ == "who":
        subject = verb.head if verb.dep_ == "relcl" else subject
    return subject.lower_ in ("he", "she") or subject.ent_type_ == "PERSON" or subject.lemma_.lower() == "age"


def _follows_age_word(span: Span, lexicon: dict[str, Any]) -> bool:
    """ "aged 72", "at age 8", "under the age of 12", "aged 34 and 36": a whole number after a word for age
    (or joined to one that is) is an age in years."""
    word = span[0]
    years = int(word.text) if word.text.isdigit() else lexicon["number_words"].get(word.lower_)  # "the ages of six"
    if len(span) != 1 or not isinstance(years, (int, float)) or not 0 < years < 130:
        return False
    doc, first = span.doc, span[0].i
    if span[0].dep_ == "conj" and span[0].head.i < first and span[0].head.like_num:
        first = span[0].head.i  # "aged 34 and 36"
    elif first >= 2 and doc[first - 1].lower_ in lexicon["range_connectors"] and doc[first - 2].like_num:
        first -= 2  # "aged 16 to 18"
    if first >= 1 and doc[first - 1].lower_ in lexicon["bounds"]:
        first -= 1  # "aged over 19"
    before = [t.lower_ for t in doc[max(0, first - 3) : first]]
    words = lexicon["age_words"]
    return bool(before) and (before[-1] in words or (before[-1] == "of" and len(before) >= 2 and before[-2] in words))


def _is_an_age(span: Span, lexicon: dict[str, Any]) -> bool:
    """A bare number set off by commas after a person's name is their age ("Senard, 65, said"), and after a
    word for a person ("the man, 45, and a woman, 38, were arrested")."""
    doc = span.doc
    if len(span) != 1 or not span[0].text.isdigit() or not 0 < int(span[0].text) < 120:
        return False
    if span.start < 2 or span.end >= len(doc):
        return False
    name = doc[span.start - 2]
    if doc[span.start - 1].text != "," or doc[span.end].text != ",":
        return False
    if name.pos_ == "NOUN" and name.lemma_.lower() in lexicon["person_nouns"]:
        return True
    if name.pos_ != "PROPN":
        return False
    return name.ent_type_ == "PERSON" or (span[0].dep_ == "appos" and span[0].head.i == name.i)


def noun_unit(tokens: Span, lexicon: dict[str, Any]) -> str:
    """ "different bosses" → "different boss", "FA Cup finals" → "fa cup final", "people" → "person"."""
    units: dict[str, str] = lexicon["units"]
    head = tokens[-1]
    if len(tokens) == 1 or head.lower_ in units:
        return units.get(head.lower_, units.get(head.lemma_.lower(), _singular(head)))
    parts: list[str] = []
    for token in tokens[:-1]:
        if (token.pos_ in ("DET", "CCONJ", "PUNCT") and token.text != "-") or (
            token.like_num and token.text.startswith("-")
        ):
            continue
        if not parts and token.lower_ in lexicon["not_kind_words"] and token.whitespace_:
            continue  # "five other players", "two more years": which or how many, not what kind ("first-team" stays)
        if not parts and token.tag_ in ("VBN", "VBD", "VBG") and token.whitespace_:
            continue  # "300 recorded songs", "12 injured players": what happened to them, not what they are
        word = token.lemma_.lower() if token.pos_ in ("ADJ", "NOUN") else token.lower_
        parts.append(word + token.whitespace_)
    parts.append(_singular(head))
    return " ".join("".join(parts).strip("-").split())


def _singular(token: Token) -> str:
    lemma = token.lemma_.lower().strip("-")
    if (
        lemma == token.lower_
        and token.tag_ in ("NNS", "NNPS")
        and lemma.endswith("s")
        and len(lemma) > 3
        and lemma.isalpha()
    ):
        return lemma[:-1]  # "Americans", "Cups": proper-noun plurals the lemmatizer leaves alone
    return lemma


def counted_phrase(doc: Doc, span: Span) -> str | None:
    """What a vague or counted figure is of: "the majority of North Korean workers" → "North Korean workers"."""
    last = span[-1]
    of = None
    if last.lower_ == "of":
        of = last
    elif span.end < len(doc) and doc[span.end].lower_ == "of":
        of = doc[span.end]
    else:
        of = next((c for c in span.root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    left = min(t.i for t in obj.subtree if t.dep_ not in ("relcl",))
    left = max(left, of.i + 1)
    while left < obj.i and doc[left].pos_ == "DET":
        left += 1
    return doc[left : obj.i + 1].text


def counts_a_noun(span: Span) -> bool:
    """ "12 Labour MPs": the figure is the number of a noun."""
    root = span.root
    return root.dep_ == "nummod" and root.head.pos_ == "NOUN"


def unit_denominator(doc: Doc, end: int, lexicon: dict[str, Any], money: bool = False) -> tuple[str | None, int]:
    """ "$62 per share", "$1,271.2 an ounce": the unit a price is per (not a rate in time); "7p on 20
    cigarettes", "£5 per 100 grams": the unit is a number of things, read as one price."""
    counted = _per_count(doc, end, money)
    if counted is not None:
        return counted
    table: dict[str, str] = lexicon["unit_denominators"]
    skip = 0
    while end + skip < len(doc) and doc[end + skip].lower_ in ("us", "u.s.") and skip < 1:
        skip += 1  # "$75 U.S. per barrel"
    for width in (4, 3, 2):
        s = end + skip
        if s + width > len(doc):
            continue
        words = " ".join(t.lower_ for t in doc[s : s + width])
        if words in table or words.rstrip(".") in table:
            return table.get(words) or table[words.rstrip(".")], s + width
    per = end + skip
    if per + 1 < len(doc) and doc[per].lower_ == "per" and not doc[per + 1].is_sent_start:
        noun = doc[per + 1]
        if f"per {noun.lower_}" in lexicon["rates"] or noun.lower_ in ("cent", "capita", "annum"):
            return None, end  # a rate in time is read as the rate
        found = unit_at(doc, noun.i, lexicon)
        if found is not None:
            return found[0], found[1]  # "5 mg per kg"
        if noun.pos_ == "NOUN" and noun.is_alpha and noun.tag_ in ("NN", "NNS"):
            return _singular(noun), noun.i + 1  # "€1,200 per dose", "2.1 children per woman"
    return None, end


def _per_count(doc: Doc, end: int, money: bool) -> tuple[str, int] | None:
    """ "7p on 20 cigarettes", "$5 per 100 grams": a price for a number of things, as one unit ("20 cigarette")."""
    if end + 2 >= len(doc) or not (doc[end].lower_ == "per" or (money and doc[end].lower_ == "on")):
        return None
    count, noun = doc[end + 1], doc[end + 2]
    if not (count.like_num and count.text.replace(",", "").isdigit()) or noun.pos_ != "NOUN" or not noun.is_alpha:
        return None
    return f"{count.text} {_singular(noun)}", end + 3
