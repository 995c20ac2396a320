"""Units that are no claim by their kind of language (``GUIDELINES.md``: "Not claims"): a question
with no figure in it, an exclamation ("How right he is."), a feeling someone has ("I am delighted",
"he said he was 'thrilled'"), which no public record can check. The words are the claim lexicon's."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.spans import QUOTES


def no_claim(doc: Doc, start: int, end: int, lexicon: dict[str, Any]) -> bool:
    """Whether the unit ``doc[start:end]`` is a question, an exclamation or a feeling."""
    words = [t for t in doc[start:end] if not t.is_space and t.text not in QUOTES]
    if not words:
        return False
    return (
        _question(words)
        or _exclamation(words, set(lexicon.get("exclamation_starts", [])))
        or _feeling(Span(doc, start, end), set(lexicon.get("feelings", [])), set(lexicon.get("speech_verbs", [])))
    )


def _question(words: list[Token]) -> bool:
    """A question with no figure in it ("Can it last?"); one that holds a figure may carry a claim
    ("Did the deficit not double to $2bn?")."""
    return words[-1].text == "?" and not any(t.like_num for t in words)


def _exclamation(words: list[Token], starts: set[str]) -> bool:
    """ "How right he is.", "What a match that was!": a wh-word, then a word of degree or "a", and no question."""
    if len(words) < 3 or words[0].lower_ not in starts:
        return False
    second = words[1]
    if words[0].lower_ == "what" and second.lower_ in ("a", "an"):
        # "What a week it has been."; not "What a firm earns is secret" (a clause that is the subject)
        return not any(t.dep_ in ("csubj", "csubjpass") for t in words)
    # the word of degree belongs to the main clause ("How right he is"; not "How much it lost is unclear")
    return second.pos_ in ("ADJ", "ADV") and second.head.dep_ == "ROOT" and second.dep_ in ("acomp", "advmod", "attr")


def _feeling(span: Span, feelings: set[str], speech: set[str]) -> bool:
    """The unit says only how someone feels: its predicate (or what its speaker says) is "be" or "feel"
    with an adjective of feeling, and no clause says what about ("delighted that sales rose 5%" is a
    claim about sales), no figure and no date."""
    if any(t.like_num or t.ent_type_ in ("DATE", "MONEY", "PERCENT", "QUANTITY") for t in span):
        return False
    predicate = span.root
    if predicate.lemma_.lower() in speech:
        said = [c for c in predicate.children if c.dep_ == "ccomp" and span.start <= c.i < span.end]
        if len(said) != 1:
            return False
        predicate = said[0]
    adjective: Token | None = predicate
    passive = any(c.dep_ == "auxpass" for c in predicate.children)
    if predicate.pos_ != "ADJ" and not passive:  # ("delighted"; "I am thrilled" parsed as a passive)
        if predicate.lemma_.lower() not in ("be", "feel"):
            return False
        adjective = next((c for c in predicate.children if c.dep_ == "acomp"), None)
    if adjective is None or (adjective.lemma_.lower() not in feelings and adjective.lower_ not in feelings):
        return False
    return not any(c.dep_ in ("ccomp", "advcl", "agent") for c in (*adjective.children, *predicate.children))
