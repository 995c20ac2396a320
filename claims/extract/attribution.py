"""Attribution: who says so, through whom, and what exactly they say.

The rules in ``rules/attribution.yml`` find a cue with its source and content tokens; this module
widens them to phrases, extends quotations across sentences, resolves pronouns and generic
references ("he" → "Vladimir Putin", "the ministry" → "North Korea's foreign ministry"),
classifies the source, and links relayed statements to the report that carried them (``via``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from claims.extract.spans import CLOSE_QUOTES, OPEN_QUOTES, QUOTES, name_phrase, sentence_of, subtree_bounds, trim
from claims.model import Source
from claims.nlp.matchers import RuleMatch

_FUNCTION_POS = {"PUNCT", "CCONJ", "SCONJ", "DET", "ADP", "PART", "SPACE", "AUX"}


@dataclass
class Attribution:
    """A reported statement: rule, cue, source mention and content, as token bounds."""

    rule_id: str
    cue: tuple[int, int]
    source_tokens: tuple[int, int] | None
    content: tuple[int, int]
    source: Source | None = None
    via: list[Source] = field(default_factory=list)
    relays: bool = False  # only carries an inner statement (its content is that statement)

    def contains(self, start: int, end: int) -> bool:
        return self.content[0] <= start and end <= self.content[1]

    @property
    def length(self) -> int:
        return self.content[1] - self.content[0]


def find_attributions(doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any], outlet: str | None = None) -> list[Attribution]:
    """All attributions in a doc, with resolved sources and relay chains, in document order."""
    found: dict[int, Attribution] = {}
    for match in matches:
        if match.rule.family != "attribution":
            continue
        if match.rule.label == "CONTINUED_QUOTE":
            continue
        if match.rule.matcher == "dependency":
            attribution = _from_dependency(doc, match, lexicon)
        else:
            attribution = _from_quote(doc, match)
        if attribution is None or attribution.content[1] <= attribution.content[0]:
            continue
        key = attribution.cue[0]
        current = found.get(key)
        if current is None or attribution.length > current.length:
            found[key] = attribution
    attributions = sorted(found.values(), key=lambda a: (a.content[0], a.cue[0]))
    resolver = _Resolver(doc, lexicon)
    for attribution in attributions:
        attribution.source = resolver.source(attribution)
    continued = [m for m in matches if m.rule.label == "CONTINUED_QUOTE"]
    attributions.extend(_continued_quotes(doc, continued, attributions, set(lexicon.get("cue_verbs", []))))
    attributions.sort(key=lambda a: (a.content[0], a.cue[0]))
    _link_relays(doc, attributions, resolver)
    return attributions


def _continued_quotes(doc: Doc, matches: list[RuleMatch], attributions: list[Attribution], cue_verbs: set[str]) -> list[Attribution]:
    """Quoted sentences with no speaker, right after an attributed statement, continue its speaker."""
    found: list[Attribution] = []
    for match in matches:
        quote = match.span[0]
        sentence = sentence_of(quote)
        if any(a.content[0] <= t.i < a.content[1] or a.cue[0] <= t.i < a.cue[1] for a in attributions + found for t in sentence):
            continue
        if any(t.lemma_.lower() in cue_verbs and any(c.dep_ == "nsubj" for c in t.children) for t in sentence):
            continue  # the sentence has a speaker of its own
        earlier = [a for a in attributions + found if a.content[1] <= sentence.start and a.source is not None]
        if not earlier:
            continue
        previous = max(earlier, key=lambda a: a.content[1])
        breaks = sum(1 for t in doc[previous.content[1] : sentence.start] if t.is_space and "\n" in t.text)
        if breaks > 1:
            continue
        start, end = trim(doc, sentence.start, sentence.end)
        if end - start < 3:
            continue
        source = Source.from_dict(previous.source.to_dict())  # type: ignore[union-attr]
        assert source is not None
        source.cue = source.cue_start = source.cue_end = None
        found.append(Attribution(match.rule.id, (quote.i, quote.i), None, (start, end), source=source))
    return found


def _from_dependency(doc: Doc, match: RuleMatch, lexicon: dict[str, Any]) -> Attribution | None:
    named = match.tokens or {}
    cue = doc[named["cue"]]
    if match.rule.id.endswith("according_to"):
        to, source_token = doc[named["to"]], doc[named["source"]]
        pp_start = min(cue.left_edge.i, cue.i)
        pp_end = max(cue.right_edge.i, source_token.right_edge.i) + 1
        sentence = sentence_of(cue)
        before = trim(doc, sentence.start, pp_start)
        after = trim(doc, pp_end, sentence.end)
        if before[1] - before[0] >= 2 and after[1] - after[0] >= 2:
            start, end = trim(doc, sentence.start, sentence.end)  # "X, according to Y, did Z"
        else:
            start, end = before if before[1] - before[0] >= after[1] - after[0] else after
        if end - start < 2:
            return None
        return Attribution(match.rule.id, (cue.i, to.i + 1), name_phrase(source_token), (start, end))
    content_token = doc[named["content"]]
    if "source" in named:
        source_token = doc[named["source"]]
    else:
        source_token = next((c for c in cue.children if c.dep_ == "agent"), None)
        if source_token is not None:
            source_token = next((c for c in source_token.children if c.dep_ == "pobj"), source_token)
    if content_token.dep_ == "xcomp" and cue.lemma_ in lexicon.get("clause_only_cues", []):
        return None
    if content_token.dep_ == "parataxis" and content_token.i > cue.i and not _quoted_before(doc, cue):
        return None
    if content_token.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in content_token.children):
        return None  # "a declaration signed two decades ago": a participle, not a reported clause
    exclude = {cue.i}
    if source_token is not None:
        exclude |= set(range(source_token.left_edge.i, source_token.right_edge.i + 1))
    start, end = subtree_bounds(content_token, exclude)
    if source_token is not None and start < source_token.i < end:
        return None  # the "content" wraps the speaker: not a report
    start, end = _extend_quote(doc, *trim(doc, start, end))
    if end - start < 2:
        return None
    source_bounds = name_phrase(source_token) if source_token is not None else None
    if source_token is not None and source_token.lower_ == "it" and match.rule.id.endswith("passive"):
        source_bounds = None  # "it was reported that": nobody named
    cue_end = cue.i + 1
    if cue.i + 1 < len(doc) and doc[cue.i + 1].dep_ == "prt":
        cue_end += 1
    return Attribution(match.rule.id, (cue.i, cue_end), source_bounds, (start, end))


def _from_quote(doc: Doc, match: RuleMatch) -> Attribution | None:
    span = match.span
    close = next((t for t in span if t.text in CLOSE_QUOTES), None)
    verb = span[-1]
    if close is None:
        return None
    open_index = _opening_quote(doc, close.i)
    if open_index is None:
        return None
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i < close.i:
        candidates = [t for t in doc[close.i + 1 : verb.i] if t.pos_ in ("PROPN", "PRON", "NOUN")]
        if not candidates and verb.i + 1 < len(doc) and doc[verb.i + 1].pos_ in ("PROPN", "PRON", "NOUN"):
            nxt = doc[verb.i + 1]
            candidates = [nxt.head if nxt.dep_ == "compound" else nxt]
        subject = candidates[-1] if candidates else None
    if subject is None:
        return None
    start, end = open_index, close.i + 1
    return Attribution(match.rule.id, (verb.i, verb.i + 1), name_phrase(subject), (start, end))


def _opening_quote(doc: Doc, close: int) -> int | None:
    """Index of the quote mark that opens the quotation closed at ``close`` (same paragraph)."""
    straight = doc[close].text == '"'
    for i in range(close - 1, -1, -1):
        token = doc[i]
        if "\n" in token.text and token.is_space:
            return None
        if token.text in OPEN_QUOTES and (token.text != '"' or straight) and token.text not in ("'",):
            if token.text == "“" or straight or token.text in OPEN_QUOTES:
                return i
        if token.text == "”" and i != close:
            return None
    return None


def _extend_quote(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Widen content that ends a quotation begun in an earlier sentence to the opening mark."""
    inside = doc[start:end]
    opens = sum(1 for t in inside if t.text in ("“",))
    closes = sum(1 for t in inside if t.text in ("”",))
    tail = end
    while tail < len(doc) and doc[tail].text in (",", ".", "!", "?"):
        tail += 1
    if closes > opens or (tail < len(doc) and doc[tail].text == "”" and opens == 0):
        close_index = tail if tail < len(doc) and doc[tail].text == "”" else end - 1
        begin = _opening_quote(doc, close_index)
        if begin is not None and begin < start:
            return begin, max(end, close_index + 1)
        if begin is not None:
            return start, max(end, close_index + 1)
    if opens > closes and start > 0 and doc[start].text == "“":
        return start, end
    return start, end


def _quoted_before(doc: Doc, cue: Token) -> bool:
    return any(t.text in QUOTES for t in doc[max(0, cue.i - 3) : cue.i])


class _Resolver:
    """Resolves source mentions to names and kinds using the article's earlier mentions."""

    def __init__(self, doc: Doc, lexicon: dict[str, Any]):
        self.doc = doc
        self.lexicon = lexicon
        self.pronouns: dict[str, str] = lexicon.get("pronouns", {})
        self.generic = set(lexicon.get("generic_heads", []))
        self.documents = set(lexicon.get("document_nouns", []))
        self.publications = set(lexicon.get("publication_words", []))
        self.government = set(lexicon.get("government_words", []))
        self.unnamed = set(lexicon.get("unnamed_words", []))
        self.ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        self.cue_sources: list[tuple[int, str, Source]] = []  # (cue token, cue lemma, source)

    def source(self, attribution: Attribution) -> Source | None:
        doc = self.doc
        cue_start, cue_end = attribution.cue
        cue_span = doc[cue_start:cue_end]
        if attribution.source_tokens is None:
            source = Source(text=None, start=None, end=None, name="unnamed source", kind="unnamed",
                            cue=cue_span.text, cue_start=cue_span.start_char, cue_end=cue_span.end_char)
        else:
            s, e = attribution.source_tokens
            mention = doc[s:e]
            name, kind = self.resolve(mention.root, s, e)
            source = Source(text=mention.text, start=mention.start_char, end=mention.end_char, name=name, kind=kind,
                            cue=cue_span.text, cue_start=cue_span.start_char, cue_end=cue_span.end_char)
        self.cue_sources.append((cue_start, doc[cue_start].lemma_.lower(), source))
        return source

    def resolve(self, head: Token, start: int, end: int) -> tuple[str, str]:
        """Name and kind of the mention ``doc[start:end]`` whose head is ``head``."""
        doc = self.doc
        lower = head.lower_
        if head.pos_ == "PRON" or lower in self.pronouns:
            return self._pronoun(head)
        text = _name_text(doc, start, end)
        head_lemma = head.lemma_.lower()
        if head_lemma in self.documents and not _has_proper(doc, start, end):
            relay = self._document(head_lemma, start)
            if relay is not None:
                return relay, "document"
            return text, "document"
        if head_lemma in self.generic and not _has_proper(doc, start, end):
            earlier = self._generic(head_lemma, start)
            if earlier is not None:
                return earlier
        if head.ent_type_ == "PERSON" and lower not in self.unnamed:
            return self._full_name(text, start), "person"
        return text, self.kind(doc[start:end])

    def kind(self, mention: Any) -> str:
        words = {t.lower_ for t in mention}
        lowered = mention.text.lower()
        root = mention.root
        if any(p in lowered for p in self.publications if " " in p) or (words & self.publications and root.pos_ == "PROPN"):
            return "publication"
        if root.lemma_.lower() in self.documents:
            return "document"
        if root.ent_type_ in ("GPE", "NORP") or (words & self.government):
            return "government"
        if root.ent_type_ == "PERSON":
            return "person"
        if root.ent_type_ == "ORG" or root.pos_ == "PROPN":
            return "organization"
        if root.lower_ in self.unnamed or root.lemma_.lower() in self.unnamed:
            return "unnamed"
        if root.pos_ == "NOUN":
            return "person" if root.lemma_.lower() in {"president", "minister", "senator", "governor", "chairman", "director", "secretary", "leader", "spokesman", "spokeswoman", "mayor"} else "unnamed"
        return "organization"

    def _pronoun(self, head: Token) -> tuple[str, str]:
        want = self.pronouns.get(head.lower_, "thing")
        if want == "speaker":
            return head.text, "unnamed"
        labels = {"person": ("PERSON",), "group": ("ORG", "GPE", "NORP", "PERSON"), "thing": ("ORG", "GPE", "NORP")}[want]
        for ent in reversed(self.ents):
            if ent.end <= head.i and ent.label_ in labels:
                name = self._full_name(ent.text, ent.start) if ent.label_ == "PERSON" else _strip_article(ent.text)
                return name, "person" if ent.label_ == "PERSON" else self.kind(ent)
        for cue, _, source in reversed(self.cue_sources):
            if cue < head.i and source.kind != "unnamed":
                return source.name, source.kind
        return head.text, "unnamed" if want != "person" else "person"

    def _full_name(self, text: str, before: int) -> str:
        """A surname ("Putin") resolved to the full name used earlier ("Vladimir Putin")."""
        words = text.split()
        if len(words) != 1:
            return _strip_article(text)
        for ent in self.ents:
            if ent.start >= before:
                break
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == words[0]:
                return ent.text
        return text

    def _generic(self, head_lemma: str, before: int) -> tuple[str, str] | None:
        """"The ministry" → the nearest earlier, more specific mention with the same head."""
        for token in reversed(self.doc[:before]):
            if token.lemma_.lower() == head_lemma and token.pos_ in ("NOUN", "PROPN"):
                s, e = name_phrase(token)
                if e - s > 1 and (_has_proper(self.doc, s, e) or any(t.dep_ == "poss" for t in self.doc[s:e])):
                    return _name_text(self.doc, s, e), self.kind(self.doc[s:e])
        return None

    def _document(self, head_lemma: str, before: int) -> str | None:
        """"The report" → "The Washington Post report, Sunday" from an earlier "X reported Sunday"."""
        for cue, lemma, source in reversed(self.cue_sources):
            if cue < before and lemma == head_lemma and source.kind in ("publication", "organization", "government", "person"):
                when = [c.text for c in self.doc[cue].children if c.ent_type_ == "DATE" and c.dep_ in ("npadvmod", "advmod", "tmod")]
                return f"{source.name} {head_lemma}" + (f", {when[0]}" if when else "")
        return None


def _link_relays(doc: Doc, attributions: list[Attribution], resolver: _Resolver) -> None:
    """Nested attributions: an inner statement is relayed by the outer one (``via``)."""
    for outer in attributions:
        for inner in attributions:
            if inner is outer or not outer.contains(*inner.cue):
                continue
            if outer.source is not None:
                inner.via.append(outer.source)
            covered = set(range(*inner.content)) | set(range(*inner.cue))
            if inner.source_tokens:
                covered |= set(range(*inner.source_tokens))
            rest = [t for t in doc[outer.content[0] : outer.content[1]] if t.i not in covered and t.pos_ not in _FUNCTION_POS]
            if len(rest) <= 1:
                outer.relays = True


def _name_text(doc: Doc, start: int, end: int) -> str:
    return _strip_article(doc[start:end].text)


def _strip_article(text: str) -> str:
    for article in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(article) and len(text) > len(article):
            rest = text[len(article) :]
            if article.strip().lower() == "the" and _looks_like_publication(rest):
                return text
            return rest
    return text


def _looks_like_publication(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered.split() for word in ("post", "times", "journal", "guardian", "telegraph", "economist", "atlantic", "independent", "observer", "hill", "herald", "globe"))


def _has_proper(doc: Doc, start: int, end: int) -> bool:
    """Whether a mention names something: a capitalised proper noun or a named entity."""
    return any((t.pos_ == "PROPN" and t.text[:1].isupper() and t.i > start) or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
               for t in doc[start:end])
