"""Attribution: who says so, through whom, and what exactly they say.

The rules in ``claims/rules/attribution.yml`` find a cue with its source and content tokens; this module
widens them to phrases. The names a dependency rule gives its tokens say how:

- ``content``: a reported clause, its whole subtree ("said [that the talks will resume]");
- ``object``: the object of a verb of judging and the rest of its complement ("accused [Republicans
  of ignoring it]");
- ``pobj``: what follows the preposition, which joins the cue ("called for [a ban]");
- ``host``: the clause a parenthetical "he says" sits in;
- ``source``: the speaker; without one, the subject of the verb the cue hangs on ("…, saying …").

Quotations are followed across sentences and paragraphs (``claims.families.quotations``), reports
inside a quotation are left to the quoted speaker, sources are resolved (``claims.families.sources``),
and relayed statements are linked to the report that carried them (``via``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.quotations import (
    closing_quote,
    extend_quote,
    follow_quotation,
    inside_quotation,
    opening_quote,
    paragraph_end,
    quoted_before,
    trimmed_end,
)
from claims.families.sources import SourceResolver
from claims.families.spans import CLOSE_QUOTES, QUOTES, name_phrase, sentence_of, subtree_bounds, trim
from claims.model import Source
from claims.ruleset.matchers import RuleMatch

# how far up the tree a cue with no subject of its own looks for its speaker
_CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "dep", "prep", "ccomp"}
# complements of a verb of judging that belong to what is judged ("accused X [of Y]", "urged X [to Y]")
_OBJECT_DEPS = {"dobj", "oprd", "xcomp", "ccomp", "dative"}


@dataclass
class Attribution:
    """A reported statement: rule, cue, source mention and content, as token bounds."""

    rule_id: str
    cue: tuple[int, int]
    source_tokens: tuple[int, int] | None
    content: tuple[int, int]
    source: Source | None = None
    via: list[Source] = field(default_factory=list)
    priority: int = 0  # which of two readings of the same cue wins (higher first, then longer content)
    states: bool = True  # the content is a statement (a clause, a quotation), not a thing ("criticised [the plan]")

    def contains(self, start: int, end: int) -> bool:
        return self.content[0] <= start and end <= self.content[1]

    @property
    def length(self) -> int:
        return self.content[1] - self.content[0]


def find_attributions(doc: Doc, matches: list[RuleMatch], lexicon: dict[str, Any]) -> list[Attribution]:
    """All attributions in a doc, with resolved sources and relay chains, in document order."""
    found: dict[int, Attribution] = {}
    for match in matches:
        if match.rule.family != "attribution" or match.rule.label == "CONTINUED_QUOTE":
            continue
        if match.rule.matcher == "dependency":
            attribution = _from_dependency(doc, match, lexicon)
        elif match.rule.label == "QUOTE_DASH":
            attribution = _from_quote_dash(doc, match)
        elif match.rule.label == "COLON_QUOTE":
            attribution = _from_verb_colon(doc, match, lexicon)
        elif match.rule.label == "COLON":
            attribution = _from_colon(doc, match, set(lexicon.get("colon_not_speakers", [])))
        else:
            attribution = _from_quote(doc, match)
        if (
            attribution is None
            or attribution.content[1] <= attribution.content[0]
            or _in_a_title(doc[attribution.cue[0]])
        ):
            continue
        key = attribution.cue[0]
        current = found.get(key)
        if current is None or _preference(attribution) > _preference(current):
            found[key] = attribution
    attributions = list(found.values())
    for attribution in attributions:
        attribution.content = follow_quotation(doc, attribution.content, attribution.cue[0])
    asides = set(lexicon["aside_pronouns"])
    attributions = [a for a in attributions if not _speaker_aside(doc, a, attributions, asides)]
    attributions.sort(key=lambda a: (a.content[0], a.cue[0]))
    resolver = SourceResolver(doc, lexicon)
    for attribution in attributions:
        attribution.source = resolver.source(attribution.cue, attribution.source_tokens)
    continued = [m for m in matches if m.rule.label == "CONTINUED_QUOTE"]
    attributions.extend(
        _continued_quotes(
            doc, continued, attributions, set(lexicon.get("cue_verbs", [])), set(lexicon.get("aside_pronouns", []))
        )
    )
    attributions = _own_views(
        doc, attributions, set(lexicon.get("own_view_cues", [])), set(lexicon["personal_pronouns"])
    )
    attributions.sort(key=lambda a: (a.content[0], a.cue[0]))
    _link_relays(attributions)
    return attributions


def _preference(attribution: Attribution) -> tuple[int, int, int, int]:
    """Of two readings of one cue: the rule's priority, then the content nearest the cue, then the longer,
    then the speaker nearest the cue (a parser that gives "said" two subjects in "Tory co-chairman Liam
    Fox said" means the one next to it)."""
    (cue_start, cue_end), (start, end) = attribution.cue, attribution.content
    distance = max(0, start - cue_end) if start >= cue_start else max(0, cue_start - end)
    source = attribution.source_tokens
    apart = 0 if source is None else (cue_start - source[1] if source[1] <= cue_start else source[0] - cue_end)
    return attribution.priority, -distance, attribution.length, -apart


# --- building attributions from matches ------------------------------------------------------


def _from_dependency(doc: Doc, match: RuleMatch, lexicon: dict[str, Any]) -> Attribution | None:
    named = match.tokens or {}
    cue = doc[named["cue"]]
    if "to" in named:
        return _according_to(doc, match, cue)
    source_token: Token | None
    if "source" in named and doc[named["source"]].dep_ == "nsubjpass":
        source_token = _agent(cue)  # "he was told that …": the subject heard it; the speaker is the agent, if any
    elif "source" in named:
        source_token = doc[named["source"]]
    elif match.rule.label == "PASSIVE":
        source_token = _agent(cue)
    else:
        if "content" in named and any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
            return None  # a speaker of its own: the clause rule reads it
        source_token = _implicit_source(cue, lexicon["share_nouns"])
        if source_token is None:
            return None
    cue_end = cue.i + 1
    if cue_end < len(doc) and doc[cue_end].dep_ == "prt" and doc[cue_end].head == cue:
        cue_end += 1
    bounds, priority, cue_end = _content_bounds(doc, cue, cue_end, named, source_token, lexicon)
    if bounds is None:
        return None
    start, end = extend_quote(doc, *trim(doc, *_without_trailing_aside(doc, *bounds)))
    if end - start < 2 and not any(t.pos_ in ("PROPN", "NOUN") for t in doc[start:end]):
        return None
    if (
        source_token is not None and start <= source_token.i < cue.i < doc[named["content"]].i
        if "content" in named
        else False
    ):
        # "the wall, which he said Mexico should pay for": the relative pronoun fronted before the
        # speaker belongs to the clause; what is said is the clause after the cue
        start, end = extend_quote(doc, *trim(doc, cue_end, end))
    if source_token is not None and start <= source_token.i < end and "host" not in named:
        return None  # the "content" wraps the speaker: not a report
    if source_token is not None and source_token.dep_ == "nsubjpass" and source_token.head == cue:
        source_token = _agent(cue)  # "he was asked about …": the asker, if named
    if source_token is None and ("object" in named or "pobj" in named):
        return None  # "he was offered a scholarship": nobody stated anything
    if source_token is not None:
        source_token = _person_further_on(cue, _past_dateline(doc, source_token))
        if cue.lemma_.lower() in lexicon.get("person_only_cues", []) and not (
            source_token.ent_type_ == "PERSON"
            or (source_token.pos_ == "PRON" and "Neut" not in source_token.morph.get("Gender", []))
        ):
            return None  # "The win means they will play ...": a thing that means is nobody's statement
    source_bounds = _speaker_bounds(source_token, lexicon) if source_token is not None else None
    if source_token is not None and source_token.lower_ == "it" and match.rule.label == "PASSIVE":
        source_bounds = None  # "it was reported that": nobody named
    states = "object" not in named or cue.lemma_.lower() in lexicon.get("statement_object_cues", [])
    return Attribution(match.rule.id, (cue.i, cue_end), source_bounds, (start, end), priority=priority, states=states)


def _in_a_title(cue: Token) -> bool:
    """Whether a cue is a word of a capitalised title ("Do They Know It's Christmas?"): written with a
    capital inside its sentence, not after a quote mark or a colon."""
    if not cue.text[:1].isupper() or cue.is_sent_start or cue.i == 0:
        return False
    before = cue.doc[cue.i - 1]
    if before.text in QUOTES or before.text in (":", "-", "—", "–") or before.is_space:
        return False
    words = [t for t in cue.sent if t.is_alpha]
    return 2 * sum(t.text[0].isupper() for t in words) < len(words)  # (a headline in title case is no title)


def _content_bounds(
    doc: Doc, cue: Token, cue_end: int, named: dict[str, int], source: Token | None, lexicon: dict[str, Any]
) -> tuple[tuple[int, int] | None, int, int]:
    """What a dependency match reports (a clause, an object, a preposition's object or the clause the
    cue sits in), the priority of that reading and where the cue ends ("called for" takes its "for")."""
    if "content" in named:
        cue_lemmas = set(lexicon.get("cue_verbs", [])) | set(lexicon.get("object_cues", []))
        return _clause_content(doc, cue, doc[named["content"]], source, cue_lemmas, lexicon), 2, cue_end
    if "object" in named:
        return _object_content(cue, doc[named["object"]], lexicon["object_prepositions"]), 1, cue_end
    if "pobj" in named:
        if cue.lemma_.lower() in lexicon.get("prep_cues_intransitive", []) and any(
            c.dep_ == "dobj" for c in cue.children
        ):
            return None, 1, cue_end  # "pushed spending to $349bn", "focus attention on it": no "push for"
        prep = doc[named["prep"]]
        if prep.i == cue_end or (prep.i == cue_end + 1 and doc[cue_end].pos_ in ("ADV", "ADP")):
            cue_end = prep.i + 1
        return subtree_bounds(doc[named["pobj"]]), 1, cue_end
    return _host_content(doc, cue, doc[named["host"]]), 2, cue_end


def _according_to(doc: Doc, match: RuleMatch, cue: Token) -> Attribution | None:
    named = match.tokens or {}
    to, source_token = doc[named["to"]], doc[named["source"]]
    pp_start = min(cue.left_edge.i, cue.i)
    pp_end = max(cue.right_edge.i, source_token.right_edge.i) + 1
    sentence = sentence_of(cue)
    before = trim(doc, sentence.start, pp_start)
    after = trim(doc, pp_end, sentence.end)
    if before[1] - before[0] >= 1 and after[1] - after[0] >= 2:
        start, end = trim(doc, sentence.start, sentence.end)  # "X, according to Y, did Z" ("IBM, ..., has 30%")
    else:
        start, end = before if before[1] - before[0] >= after[1] - after[0] else after
    if end - start < 2:
        return None
    return Attribution(match.rule.id, (cue.i, to.i + 1), name_phrase(source_token), (start, end), priority=2)


def _clause_content(
    doc: Doc, cue: Token, content: Token, source: Token | None, cue_lemmas: set[str], lexicon: dict[str, Any]
) -> tuple[int, int] | None:
    if content.dep_ == "xcomp" and cue.lemma_ in lexicon.get("clause_only_cues", []):
        return None
    if content.dep_ == "parataxis" and content.i > cue.i and not quoted_before(doc, cue):
        return None
    if content.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in content.children):
        return None  # "a declaration signed two decades ago": a participle, not a reported clause
    exclude = {cue.i}
    if source is not None:
        exclude |= set(range(source.left_edge.i, source.right_edge.i + 1))
    # a second report coordinated inside the clause ("says X and says Y") is a statement of its own,
    # and "according to Y" at its end names who relayed it, not what was said
    for token in content.subtree:
        if token.lower_ == "according" and token.i > content.i:
            exclude |= {t.i for t in token.subtree}
        # (a coordinated clause with a subject of its own — "reported that A and that B confirmed C" — is
        # still part of the report)
        second = (
            token.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)
        ) or (token.dep_ == "advcl" and token.tag_ == "VBG" and doc[token.left_edge.i - 1].text == ",")
        if second and token.i > cue.i and token is not content and _reports(token, cue_lemmas):
            exclude |= {t.i for t in token.subtree}
            exclude |= {
                c.i for c in token.head.children if c.dep_ in ("cc", "punct") and token.left_edge.i - 2 <= c.i < token.i
            }
    ids = [t.i for t in content.subtree if t.i not in exclude]
    if not ids:
        return None
    start, end = min(ids), max(ids) + 1
    if content.i > cue.i:  # cut the clause where an excluded part begins after it
        cut = next((i for i in range(content.i, end) if i in exclude), None)
        if cut is not None:
            end = cut
    return start, end


def _without_trailing_aside(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Content without a comment set off at its end: ", which is spread by mosquitoes",
    ", who has a lead", " — the Founding Father who …" (not inside a quotation)."""
    for token in doc[start:end]:
        if token.dep_ not in ("relcl", "appos", "acl") or (
            token.right_edge.i != end - 1 and not (token.right_edge.i == end - 2 and doc[end - 1].is_punct)
        ):
            continue
        left = token.left_edge.i
        if (
            left - 1 > start + 2
            and doc[left - 1].text in (",", "—", "–", "-", "(")
            and token.head.i < left
            and not any(t.text in QUOTES for t in doc[left:end])
        ):
            return start, left - 1
    return start, end


def _reports(token: Token, cue_lemmas: set[str]) -> bool:
    """Whether a verb makes a statement of its own ("… and [added] that …", "…, [calling] them …")."""
    return (
        token.pos_ == "VERB"
        and token.lemma_ in cue_lemmas
        and any(c.dep_ in ("ccomp", "parataxis", "dobj", "oprd", "xcomp") for c in token.children)
    )


def _object_content(cue: Token, obj: Token, prepositions: list[str]) -> tuple[int, int] | None:
    """The object and the complement after it ("Republicans of ignoring it"), up to the first adverbial."""
    if obj.i < cue.i:
        return None
    end = obj.right_edge.i + 1
    for child in cue.rights:
        if child.i <= obj.i:
            continue
        if child.dep_ in _OBJECT_DEPS or (child.dep_ == "prep" and child.lower_ in prepositions):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ != "punct":
            break
    return obj.left_edge.i, end


def _host_content(doc: Doc, cue: Token, host: Token) -> tuple[int, int] | None:
    """The statement a parenthetical "he says" sits in, without the parenthetical."""
    aside = {t.i for t in cue.subtree}
    ids = [t.i for t in host.subtree if t.i not in aside]
    return (min(ids), max(ids) + 1) if ids else None


def _from_quote(doc: Doc, match: RuleMatch) -> Attribution | None:
    span = match.span
    close = next((t for t in span if t.text in CLOSE_QUOTES), None)
    verb = (
        span[-1]
        if span[-1].pos_ == "VERB"
        else next((t for t in span if t.pos_ == "VERB" and (close is None or t.i > close.i)), span[-1])
    )
    if close is None:
        return None
    open_index = opening_quote(doc, close.i)
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
    subject = _person_further_on(verb, subject)
    cue_end = verb.i + 1
    if cue_end < len(doc) and doc[cue_end].dep_ == "prt":
        cue_end += 1
    return Attribution(match.rule.id, (verb.i, cue_end), name_phrase(subject), (open_index, close.i + 1), priority=1)


def _from_colon(doc: Doc, match: RuleMatch, not_speakers: set[str]) -> Attribution | None:
    """ "NAME: content" at the start of a line: content runs to its closing quote or the paragraph end."""
    span = match.span
    colon = span[-1]
    start = span.start + 1 if span[0].text in ("-", "—", "–") else span.start
    words = [t for t in doc[start : colon.i] if not t.is_punct]
    if not words or any(t.lower_ in not_speakers for t in words) or len(words) > 6:
        return None
    if (
        not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or t.is_upper for t in words)
        and len(words) > 1
    ):
        return None
    begin = colon.i + 1
    while begin < len(doc) and doc[begin].is_space and "\n" not in doc[begin].text:
        begin += 1
    if begin >= len(doc) or (doc[begin].is_space and "\n" in doc[begin].text):
        return None  # the colon ends the line: what follows is another paragraph
    close = closing_quote(doc, begin) if doc[begin].text in ("“", '"') else None
    end = close + 1 if close is not None else trimmed_end(doc, begin, paragraph_end(doc, begin))
    if end - begin < 3:
        return None
    return Attribution(match.rule.id, (colon.i, colon.i + 1), (start, colon.i), (begin, end), priority=1)


def _from_quote_dash(doc: Doc, match: RuleMatch) -> Attribution | None:
    """ "“…” ― Ana Ruiz" at the end of a paragraph: the quotation, signed."""
    span = match.span
    close, dash = span[0], next(t for t in span if t.text in ("―", "—", "–", "-", "--"))
    name_start = next(t.i for t in span if t.i > dash.i and not t.is_space)
    after = span.end
    if (
        after < len(doc)
        and not (doc[after].is_space and "\n" in doc[after].text)
        and doc[after].text not in (".", ",")
        and not (doc[after].is_space and (after + 1 == len(doc) or "\n" in doc[after + 1].text))
    ):
        return None  # the name must close the paragraph
    begin = opening_quote(doc, close.i)
    if begin is None or close.i - begin < 3:
        return None
    return Attribution(match.rule.id, (dash.i, dash.i + 1), (name_start, span.end), (begin, close.i + 1), priority=2)


def _from_verb_colon(doc: Doc, match: RuleMatch, lexicon: dict[str, Any]) -> Attribution | None:
    """ "X continued: “…”": the quotation after the colon, said by the verb's subject."""
    verb, quote = match.span[0], match.span[-1]
    speaker = _implicit_source(verb, lexicon["share_nouns"])
    if speaker is None or speaker.i > verb.i + 3:
        return None
    close = closing_quote(doc, quote.i)
    end = close + 1 if close is not None else trimmed_end(doc, quote.i, paragraph_end(doc, quote.i))
    if end - quote.i < 3:
        return None
    colon = next((t.i for t in match.span if t.text == ":"), None)
    cue_end = colon + 1 if colon is not None else verb.i + 1
    return Attribution(match.rule.id, (verb.i, cue_end), _speaker_bounds(speaker, lexicon), (quote.i, end), priority=3)


def _speaker_bounds(token: Token, lexicon: dict[str, Any]) -> tuple[int, int]:
    """The speaker's name phrase, without another name the parse hung before it: it starts at a title
    inside it ("with Tanzania Mr Brown" → "Mr Brown") and after a name of another kind."""
    doc = token.doc
    start, end = name_phrase(token)
    honorifics = {h.lower() for h in lexicon.get("honorifics", [])}
    titled = [t.i for t in doc[start + 1 : token.i] if t.lower_.rstrip(".") in honorifics]
    if titled:
        start = titled[-1]
    if token.ent_type_:
        while start < token.i and doc[start].ent_type_ and doc[start].ent_type_ != token.ent_type_:
            start += 1
    return start, end


def _named_just_before(cue: Token) -> Token | None:
    """A misparsed speaker: the name right before a main-clause cue that has no subject ("... with
    Tanzania Mr Brown said the UK would ...", where the parser hung "Brown" on "with")."""
    if cue.dep_ != "ROOT" or cue.i == 0:
        return None
    before = cue.doc[cue.i - 1]
    if before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return before
    return None


def _implicit_source(cue: Token, share_nouns: list[str]) -> Token | None:
    """The speaker: the cue's subject, else that of the verb it hangs on ("X defended it, [saying] …");
    "the share of voters saying …" is said by the voters (``share_nouns``); else a name the parser
    left right before a main-clause cue."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) and (named := _named_just_before(cue)):
        return named
    token = cue
    for _ in range(5):
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            noun = token.head
            if noun.lemma_.lower() in share_nouns:
                noun = next(
                    (
                        g
                        for c in noun.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children
                        if g.dep_ == "pobj"
                    ),
                    noun,
                )
            return noun
        if token.dep_ not in _CLIMB_DEPS or token.head is token:
            return None
        if (
            token.dep_ == "conj"
            and token.head.dep_ == "ccomp"
            and token.head.head.pos_ == "VERB"
            and token.head.head.i < token.head.i
        ):
            token = token.head  # "X said A and added B", parsed with "added" inside what X said
        token = token.head
    return None


def _past_dateline(doc: Doc, token: Token) -> Token:
    """ "CLEVELAND (AP) — Michael Mukasey told …", parsed with the dateline as subject: the speaker after the dash."""
    if not (token.is_upper and len(token.text) > 2 and (token.i == 0 or "\n" in doc[token.i - 1].text)):
        return token
    dash = next((t.i for t in doc[token.i + 1 : token.i + 6] if t.text in ("—", "–", "-", "--")), None)
    if dash is None:
        return token
    after = [c for c in token.children if c.i > dash and c.dep_ in ("appos", "conj", "nsubj", "compound")]
    return after[-1] if after else token


def _person_further_on(cue: Token, token: Token) -> Token:
    """ "..., said Treasury Under Secretary John Taylor.", "said England sevens coach Mike Friday",
    "captain Desailly says" (the name hung on the verb beside the title that is its subject):
    after the cue, the parser hung the title on another word than the person it titles; the speaker
    is the person named at the end of the run of words (up to the punctuation) the subject opens:
    a name the tagger knows, or two capitalised words after a role word ("official Ulf Carlsson")."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if token.pos_ == "NOUN" and after is not None and after.ent_type_ == "PERSON" and after.head == token.head:
        return after  # "Former Chelsea captain Desailly says" with the name hung on the verb: Desailly
    if token.i < cue.i or token.ent_type_ == "PERSON":
        return token
    end = token.i + 1
    while end < len(doc) and doc[end].is_alpha and doc[end].pos_ in ("PROPN", "NOUN", "ADJ", "ADP", "NUM", "VERB"):
        end += 1
    if end - token.i < 4 or end >= len(doc) or not doc[end].is_punct:
        return token
    first, last, role = doc[end - 2], doc[end - 1], doc[end - 3]
    named = all(t.pos_ == "PROPN" and t.is_title for t in (first, last)) and role.is_lower  # "coach Mike Friday"
    return last if named or last.ent_type_ == "PERSON" else token


def _agent(cue: Token) -> Token | None:
    agent = next((c for c in cue.children if c.dep_ == "agent"), None)
    if agent is None:
        return None
    return next((c for c in agent.children if c.dep_ == "pobj"), agent)


def _speaker_aside(doc: Doc, attribution: Attribution, attributions: list[Attribution], asides: set[str]) -> bool:
    """A report inside a quotation ("“… I think …, they say …,” he said") is part of what the
    quoted speaker says, not a statement the article attributes; so is "I think", "you know"
    inside a reported statement."""
    if inside_quotation(doc, attribution.cue[0]):
        return True
    if attribution.source_tokens is None:
        return False
    s, e = attribution.source_tokens
    if e - s != 1 or doc[s].lower_ not in asides:
        return False
    return any(
        other is not attribution and other.cue != attribution.cue and other.contains(*attribution.cue)
        for other in attributions
    )


# --- quotations with no speaker of their own, and relays --------------------------------------


def _continued_quotes(
    doc: Doc, matches: list[RuleMatch], attributions: list[Attribution], cue_verbs: set[str], own: set[str]
) -> list[Attribution]:
    """A quotation with no speaker continues the statement just before it: a paragraph that opens
    with one right after a quoted statement, or a sentence that opens with one right after a
    reported statement in the same paragraph ("X said Y. “Z.”": Z is X's too)."""
    found: list[Attribution] = []
    for match in matches:
        quote = match.span[0]
        sentence = sentence_of(quote)
        opens_paragraph = quote.i == 0 or (doc[quote.i - 1].is_space and "\n" in doc[quote.i - 1].text)
        if not opens_paragraph and any(not t.is_space for t in doc[sentence.start : quote.i]):
            continue  # only a paragraph or a sentence that opens with the quotation
        if any(
            a.content[0] <= t.i < a.content[1] or a.cue[0] <= t.i < a.cue[1]
            for a in attributions + found
            for t in sentence
        ):
            continue
        if any(
            t.lemma_.lower() in cue_verbs
            and any(c.dep_ == "nsubj" and c.lower_ not in own for c in t.children)
            and any(c.dep_ in ("ccomp", "parataxis", "xcomp") or c.text == ":" for c in t.children)
            for t in sentence
        ):
            continue  # the sentence reports someone of its own ("nobody expected a fall" reports nobody;
            # the quoted speaker's own "we hear: ..." is still the quoted speaker's)
        earlier = [a for a in attributions + found if a.content[1] <= sentence.start and a.source is not None]
        if not earlier:
            continue
        previous = max(earlier, key=lambda a: a.content[1])
        breaks = sum(1 for t in doc[previous.content[1] : sentence.start] if t.is_space and "\n" in t.text)
        quoted = any(t.text in QUOTES for t in doc[previous.content[0] : previous.content[1]])
        if breaks > 1 or (breaks == 1 and not (quoted and opens_paragraph)):
            continue  # (across a paragraph break only a paragraph that opens with the quotation goes on)
        if breaks == 0 and sentence.start > 0 and not _reported_in(doc, previous, sentence_of(doc[sentence.start - 1])):
            continue  # in the same paragraph, only right after the sentence that reports
        close = closing_quote(doc, quote.i)
        start, end = (quote.i, close + 1) if close is not None else trim(doc, sentence.start, sentence.end)
        if end - start < 3:
            continue
        source = Source.from_dict(previous.source.to_dict())  # type: ignore[union-attr]
        assert source is not None
        found.append(Attribution(match.rule.id, previous.cue, previous.source_tokens, (start, end), source=source))
    return found


def _reported_in(doc: Doc, attribution: Attribution, sentence: Span) -> bool:
    return (
        sentence.start <= attribution.cue[0] < sentence.end or sentence.start < attribution.content[1] <= sentence.end
    )


def _link_relays(attributions: list[Attribution]) -> None:
    """Nested attributions: an inner statement is relayed by the outer one (``via``).

    Both stay statements of their own: "The Post reported that officials said X" is a claim by
    the Post (that officials said X) and one by the officials (X), via the Post.
    """
    for outer in attributions:
        for inner in attributions:
            if inner is outer or inner.cue == outer.cue or not outer.contains(*inner.cue):
                continue
            if outer.source is not None and not any(v is outer.source for v in inner.via):
                inner.via.append(outer.source)


def _own_views(
    doc: Doc, attributions: list[Attribution], own_view_cues: set[str], personal: set[str]
) -> list[Attribution]:
    """One statement, not two: "X said he thought …" (X's report of X's own view) and "X refused
    to speak to reporters" (a cue inside another one's content with the same speaker)."""
    kept = []
    for inner in attributions:
        outers = [
            o
            for o in attributions
            if o is not inner and o.cue != inner.cue and o.source_tokens is not None and o.contains(*inner.cue)
        ]
        s, e = inner.source_tokens or (0, 0)
        if outers and e - s == 1 and doc[s].lower_ in personal and doc[inner.cue[0]].lemma_.lower() in own_view_cues:
            continue
        if inner.source_tokens is not None and any(o.source_tokens == inner.source_tokens for o in outers):
            continue
        kept.append(inner)
    return kept
