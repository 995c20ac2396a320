"""Who a source mention stands for: names and kinds of the speakers attribution finds.

A mention is kept as written (a pronoun stays a pronoun); its name is resolved from the
article's earlier mentions: "he" → "Vladimir Putin", "Putin" → "Vladimir Putin", "the ministry"
→ "North Korea's foreign ministry", "who" → the noun the clause hangs on, "the report" → the
report an earlier "X reported Sunday" announced. The word lists come from the ``lexicon`` of
``claims/rules/attribution.yml``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from claims.families.names import ArticleNames
from claims.families.spans import QUOTES, name_phrase, sentence_of
from claims.model import Source


class SourceResolver:
    """Resolves source mentions to names and kinds using the article's earlier mentions."""

    def __init__(self, doc: Doc, lexicon: dict[str, Any]):
        self.doc = doc
        self.pronouns: dict[str, str] = lexicon.get("pronouns", {})
        self.generic = set(lexicon.get("generic_heads", []))
        self.documents = set(lexicon.get("document_nouns", []))
        self.continued = set(lexicon.get("continued_documents", []))
        self.publications = set(lexicon.get("publication_words", []))
        self.government = set(lexicon.get("government_words", []))
        self.unnamed = set(lexicon.get("unnamed_words", []))
        self.positions = set(lexicon.get("player_positions", []))
        self.titles = set(lexicon.get("person_titles", [])) | self.positions
        self.org_heads = set(lexicon.get("organisation_heads", []))
        self.speaks_for = set(lexicon.get("speaking_roles", []))
        self.hearing_bodies = set(lexicon.get("hearing_bodies", []))
        self.gendered: dict[str, str] = lexicon.get("gendered_honorifics", {})
        self._genders: dict[str, str] | None = None
        self.relative = set(lexicon["relative_pronouns"])
        self.group_prepositions = set(lexicon["group_prepositions"])
        self.possessives: list[str] = lexicon["possessive_endings"]
        self.articles: list[str] = lexicon["articles"]
        self.newspaper_words = set(lexicon["newspaper_title_words"])
        self.names = ArticleNames(doc, {h.lower() for h in lexicon.get("honorifics", [])})
        self.ents = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        self.cue_sources: list[tuple[int, str, Source]] = []  # (cue token, cue lemma, source), in resolution order
        self.plural: set[int] = set()  # ids of the sources above whose mention is plural ("all those players")

    def source(self, cue: tuple[int, int], mention: tuple[int, int] | None) -> Source:
        """The source of a statement with the given cue and source mention (token bounds)."""
        doc = self.doc
        cue_span = doc[cue[0] : cue[1]]
        if mention is None:
            source = Source(
                text=None,
                start=None,
                end=None,
                name="unnamed source",
                kind="unnamed",
                cue=cue_span.text,
                cue_start=cue_span.start_char,
                cue_end=cue_span.end_char,
            )
        else:
            span = doc[mention[0] : mention[1]]
            name, kind = self.resolve(span.root, *mention)
            heard = any(t.lemma_.lower() == "hear" for t in cue_span)
            if heard and span.root.lemma_.lower() in self.hearing_bodies:
                witness = self.names.witness(cue[1], self.hearing_bodies)
                if witness is not None:  # "..., a court has heard": the court heard it from a witness
                    name, kind = witness, "person"
            source = Source(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                name=name,
                kind=kind,
                cue=cue_span.text,
                cue_start=cue_span.start_char,
                cue_end=cue_span.end_char,
            )
        self.cue_sources.append((cue[0], doc[cue[0]].lemma_.lower(), source))
        if mention is not None and doc[mention[0] : mention[1]].root.tag_ in ("NNS", "NNPS"):
            self.plural.add(id(source))
        return source

    def resolve(self, head: Token, start: int, end: int) -> tuple[str, str]:
        """Name and kind of the mention ``doc[start:end]`` whose head is ``head``."""
        doc = self.doc
        lower = head.lower_
        if lower in self.relative and head.head.dep_ == "relcl" and end - start == 1:
            antecedent = head.head.head
            s, e = name_phrase(antecedent)
            return self.resolve(antecedent, s, e)
        if head.pos_ == "PRON" or lower in self.pronouns:
            return self._pronoun(head)
        if end - start == 1 and head.pos_ == "PROPN":
            exact = self.names.full_name(head.text)
            person = self.names.by_surname(head.text) if exact is None else exact
            if person is not None and (
                exact is None or head.ent_type_ != "PERSON"
            ):  # "said Davenport" the tagger took for a place; "said Daveport", a slip
                return person, "person"
        if head.pos_ == "NOUN" and (beside := self._named_beside(head)) is not None:
            return beside
        text = self._name_text(doc, start, end)
        head_lemma = head.lemma_.lower()
        named = self._by_name(head, start, end)
        if named is not None:
            return named
        if "state" in {t.lower_ for t in doc[start:end]} and not _has_proper(doc, start, end):
            country = self._country_before(start)
            if country is not None:  # "State media" → "North Korean state media"
                return f"{country} {text[:1].lower()}{text[1:]}", self.kind(doc[start:end])
        if (head_lemma in self.documents or lower in self.documents) and not _has_proper(doc, start, end):
            relay = self._document(head_lemma, start)
            if relay is None and head_lemma in self.continued and doc[start].lower_ == "the":
                issuer = self._last_speaker(start)
                if issuer is not None:  # "... a club spokesperson insisted. The statement added: ..."
                    return issuer.name or text, issuer.kind or "document"
            return (relay or text), "document"
        if head_lemma in self.generic and not _has_proper(doc, start, end):
            earlier = self._generic(head_lemma, start, plural=head.tag_ in ("NNS", "NNPS"))
            if earlier is not None:
                return earlier
        if (described := self._described_one(head, start, end)) is not None:
            return described
        if not _has_proper(doc, start, end) and doc[start].lower_ in ("the", "a", "an") and head.tag_ != "NNS":
            role = self._role(head_lemma, start, end)  # ("the judges" are no one person, no one firm)
            if role is not None:
                return role
        if head.ent_type_ == "PERSON" and lower not in self.unnamed and not self._called_a_publication(start, end):
            ent = next((e for e in self.ents if e.start <= head.i < e.end), None)
            if ent is not None:  # "minister Ana Lopez" → "Ana Lopez"
                while len(ent) > 2 and ent[0].lemma_.lower() in self.titles:
                    ent = ent[1:]  # "Mayor Ana Ruiz" tagged whole: the title is not the name
                return self._full_name(ent.text, ent.start), "person"
            return self._full_name(text, start), "person"
        kind = self.kind(doc[start:end])
        words = text.split()
        if kind == "person" and len(words) > 2 and words[0].lower() in self.titles:
            text = " ".join(words[1:])  # "Mayor Ana Ruiz": the title is not the name
        while kind == "publication" and len(words) > 1 and words[0].islower() and words[-1][:1].isupper():
            words = words[1:]  # "magazine Der Spiegel": the name
            text = " ".join(words)
        return text, kind

    def _role(self, head_lemma: str, start: int, end: int) -> tuple[str, str] | None:
        """ "the firm", "a trade body", "the chancellor": the organisation or person the article means."""
        definite = self.doc[start].lower_ == "the"
        if head_lemma in self.org_heads and not definite:
            organisation = self.names.named_next(end)
            if organisation is not None:  # "a trade body has warned ..." and then "The UK Internet Forum said"
                return organisation, "organization"
        elif head_lemma in self.org_heads and (
            organisation := self._organisation_that_spoke(start)
            or self.names.subject_organisation(start)
            or self.names.paragraph_organisation(start)
            or self.names.salient_organisation()
        ):  # "the firm", "the party": the one that just spoke or was the subject, or the paragraph opens
            # on, else the one the article is about
            return organisation, "organization"
        if head_lemma in self.titles and (person := self.names.titled(head_lemma, start)):
            return person, "person"  # "the chancellor": the person the article gives that title
        described = end - start == 3 and self.doc[start + 1].pos_ == "ADJ"  # "the giant winger"
        if head_lemma in self.titles and definite and (end - start == 2 or described):
            person = (head_lemma in self.positions and self.names.subject_person(start)) or self.names.protagonist(
                start, head_lemma, self.titles
            )  # ("the lock": the player the last sentences are about, before the one the article opens on)
            if person is not None:  # nobody is given the title: the person the article opens on
                return person, "person"
        return None

    def _by_name(self, head: Token, start: int, end: int) -> tuple[str, str] | None:
        """ "Mr Baume" → "Jonathan Baume"; "the American" → the person last named; an organisation with its acronym."""
        doc = self.doc
        if end - start >= 2 and doc[start].lower_.rstrip(".") in self.names.honorifics:
            owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if owner is not None and head.lemma_.lower() in self.documents:  # "Mr Bell's speech called for"
                return (self.names.full_name(owner.text, start) or self._name_text(doc, start, owner.i + 1)), "person"
            surname = doc[end - 1].text
            return (self.names.full_name(surname, start) or self._name_text(doc, start, end)), "person"
        if end - start == 2 and doc[start].lower_ == "the" and head.ent_type_ == "NORP" and head.tag_ != "NNPS":
            person = self.names.subject_person(head.sent.start, within=head.sent)
            if person is not None:  # "the American said": the player the sentence or the last ones are about
                return self._full_name(person, start), "person"
        ent = next((e for e in self.ents if e.start <= head.i < e.end and e.label_ == "ORG"), None)
        if head.is_lower and head.lemma_.lower() in self.titles:
            ent = None  # ("the Black Sabbath singer" tagged as one organisation: a person, by title)
        if ent is not None and not any(t.lower_ in self.publications for t in ent):
            return self.names.with_acronym(ent), self.kind(doc[start:end])
        title = head.lemma_.lower()
        if doc[start].lower_ == "the" and title in self.titles and (person := self.names.titled(title, start)):
            return person, "person"  # "the Chester chairman": the person the article gives the title
        if (
            3 <= end - start <= 4
            and doc[start].lower_ == "the"
            and title in self.titles
            and (head.tag_ == "NN" or head.is_upper)  # ("the Ealing North MP")
            and all(t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ") for t in doc[start + 1 : end - 1])
            and title not in self.speaks_for  # ("the Lib Dem spokesman" speaks for someone: not the one named)
            and (
                person := self.names.subject_person(start, untitled=(title, self.titles))
                or self.names.protagonist(start, title, self.titles)
            )
        ):  # "the Conservative leader", "the Black Sabbath singer" whom the article never titles so: the
            # person the last sentences are about, else the one it opens on
            return person, "person"
        return self._for_whom(head)

    def _called_a_publication(self, start: int, end: int) -> bool:
        """ "German magazine Der Spiegel": a name the tagger took for a person's, called a publication."""
        first = next((t for t in self.doc[start:end] if t.ent_type_ == "PERSON"), None)
        return first is not None and first.i > 0 and self.doc[first.i - 1].lower_ in self.publications

    def _named_beside(self, head: Token) -> tuple[str, str] | None:
        """ "His mother Katherine Jackson told ...": the person named beside the noun; "The Internet
        security firm Secunia.com has said": the firm named beside it."""
        person = self._person_beside(head)
        if person is not None:
            return person, "person"
        firm = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if firm is not None and head.lemma_.lower() in self.org_heads:
            s, e = name_phrase(firm)
            return self._name_text(self.doc, s, e), "organization"
        return None

    def _person_beside(self, token: Token) -> str | None:
        """The full name of a person named in apposition to ``token`` ("The country's new president,
        Mikhail Saakashvili"), if any."""
        person = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        if person is None:
            return None
        s, e = name_phrase(person)
        return self._full_name(self._name_text(self.doc, s, e), s)

    def _described_one(self, head: Token, start: int, end: int) -> tuple[str, str] | None:
        """ "Europe's biggest drugmaker says": the firm the article is on; "The 64-year-old has denied":
        the person the story is about."""
        if head.lemma_.lower() in self.org_heads and _described(head):
            organisation = self._described_organisation(start)
            return (organisation, "organization") if organisation else None
        doc = self.doc
        if head.lower_ == "old" and doc[start].lower_ == "the" and any(t.lower_ == "year" for t in doc[start:end]):
            person = self.names.subject_person(start) or self.names.protagonist(start, "", self.titles)
            return (self._full_name(person, start), "person") if person else None
        return None

    def _described_organisation(self, before: int) -> str | None:
        """The organisation a description stands for: the subject of this sentence or the last, else
        the one that spoke last, else the one the article is about."""
        found = (
            self.names.subject_organisation(before)
            or self._organisation_that_spoke(before)
            or self._one_word_subject(before)
            or self.names.salient_organisation()
        )
        return None if found and found.lower() in self.publications else found  # (not "Reuters")

    def _one_word_subject(self, before: int) -> str | None:
        """The subject of the sentence before ``before`` when it is one proper noun that names no person
        the article names and no place ("GlaxoSmithKline saw its profits fall", the tagger saying PERSON)."""
        sentence = sentence_of(self.doc[before])
        if sentence.start == 0:
            return None
        for token in sentence_of(self.doc[sentence.start - 1]):
            if (
                token.dep_ == "nsubj"
                and token.pos_ == "PROPN"
                and token.ent_type_ not in ("GPE", "LOC", "NORP")
                and not any(c.dep_ in ("compound", "det") for c in token.children)
                and not self.names.known_person(token.text)
            ):
                return token.text
        return None

    def _for_whom(self, head: Token) -> tuple[str, str] | None:
        """Who a spokesman, an official or a report speaks for: "a spokesman for Sony", "a Sony
        spokesman", "officials at the Department of Health", "the report, by the National Audit
        Office" → the organisation; "its chief executive, Ana Ruiz" → the person named beside the role."""
        lemma = head.lemma_.lower()
        owner = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if owner is not None and head.tag_ == "NNS" and head.pos_ == "NOUN":
            name, kind = self._pronoun(owner)
            if kind in ("organization", "government", "publication") and name[:1].isupper():
                return name, kind  # "its developers say": the organisation, speaking through its people
        role = lemma in self.unnamed or lemma in self.titles or head.lower_ in self.unnamed
        document = lemma in self.documents or head.lower_ in self.documents
        if not role and not document:
            return None
        if role and owner is not None:  # "its chief executive": the organisation's
            name, kind = self._pronoun(owner)
            if kind in ("organization", "government", "publication"):
                return f"{name} {self._name_text(self.doc, owner.i + 1, head.i + 1)}", "person"
        for child in sorted(head.children, key=lambda c: c.dep_ != "appos"):  # (the person named beside first)
            if role and child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
                s, e = name_phrase(child)
                if self.kind(self.doc[s:e]) == "person":  # "its chief executive, Ana Ruiz"
                    return self._full_name(self._name_text(self.doc, s, e), s), "person"
            words = ("by", "from", "of") if document else self.group_prepositions
            if child.dep_ == "prep" and child.lower_ in words:
                named = next((g for g in child.children if g.dep_ == "pobj"), None)
                found = self._named_group(named) if named is not None else None
                if found is not None:  # "figures from the Office for National Statistics": the office's
                    return found
                if (
                    role
                    and named is not None
                    and named.pos_ == "NOUN"
                    and named.lemma_.lower() in self.org_heads
                    and any(c.lower_ == "the" for c in named.children)  # ("of a leading car maker": another)
                ):
                    earlier = self._generic(named.lemma_.lower(), head.i)
                    if earlier is not None:  # "a spokesman for the supporters club": the club named before
                        return f"{earlier[0]} {head.lower_}", "person"
            if role and child.dep_ == "compound":
                found = self._named_group(child)
                if found is not None:
                    return found
        bare = not any(c.dep_ in ("compound", "amod", "nmod", "poss") for c in head.children)  # (not "a venue
        # spokesman", "a Conservative spokeswoman": they say whom they speak for)
        if (
            lemma in self.speaks_for
            and bare
            and (organisation := self._organisation_that_spoke(head.i) or self.names.subject_organisation(head.i))
        ):  # "Downing St said ... However a spokesman pointed out": who the spokesman speaks for
            return f"{organisation} {head.lower_}", "person"
        return None

    def _named_group(self, token: Token) -> tuple[str, str] | None:
        ent = next((e for e in self.ents if e.start <= token.i < e.end and e.label_ in ("ORG", "GPE", "NORP")), None)
        if ent is None:
            if token.ent_type_ == "PERSON" and any(
                c.dep_ == "compound" and c.lemma_.lower() in self.org_heads for c in token.children
            ):  # "a report by UK think-tank Demos": a body the tagger took for a person
                s, e = name_phrase(token)
                first = next((t.i for t in self.doc[s:e] if t.ent_type_ == "PERSON"), token.i)
                return self._name_text(self.doc, first, e), "organization"
            if token.pos_ != "PROPN" or token.ent_type_ in ("PERSON", "DATE", "TIME"):
                return None
            s, e = name_phrase(token)  # a name the tagger did not know: "Barclays"
            return self._name_text(self.doc, s, e), self.kind(self.doc[s:e])
        name = self.names.with_acronym(ent) if ent.label_ == "ORG" else self._strip_article(ent.text)
        return name, self.kind(ent)

    def kind(self, mention: Span) -> str:
        words = {t.lower_ for t in mention}
        lowered = mention.text.lower()
        root = mention.root
        if any(p in lowered for p in self.publications if " " in p) or (
            words & self.publications and root.pos_ == "PROPN"
        ):
            return "publication"
        if root.lemma_.lower() in self.documents or root.lower_ in self.documents:  # "figures", "estimates"
            return "document"
        if root.lower_ in self.titles and (root.pos_ == "NOUN" or root.text.islower()):
            return "person"  # "the minister", "a White House spokesman"
        names = [t for t in mention if not t.is_punct]
        if (
            len(names) >= 2
            and all(t.pos_ == "PROPN" and t.is_title for t in names[-2:])
            and names[-2].ent_type_ == "PERSON"
            and names[-1].ent_type_ in ("DATE", "TIME")
        ):
            return "person"  # "Mike Friday": a first name, and a surname the tagger took for a day
        # "Ana Ruiz" the tagger did not know; "Valeska Paris", whose surname it took for a city
        if (
            2 <= len(names) <= 3
            and len(mention.text.split()) >= 2  # ("Winn-Dixie" is one word: a firm's name)
            and all(t.pos_ == "PROPN" and t.is_title for t in names)
            and (not root.ent_type_ or (root.ent_type_ in ("GPE", "NORP") and _entity_start(root) > names[0].i))
        ):
            return "person"
        if root.ent_type_ in ("GPE", "NORP") or (words & self.government):
            return "government"
        if root.ent_type_ == "PERSON":
            return "person"
        if root.ent_type_ == "ORG" or root.pos_ == "PROPN":
            return "organization"
        if root.lower_ in self.unnamed or root.lemma_.lower() in self.unnamed:
            return "unnamed"
        if root.pos_ == "NOUN":
            return "person" if root.lemma_.lower() in self.titles else "unnamed"
        return "organization"

    def _pronoun(self, head: Token) -> tuple[str, str]:
        if head.lower_ not in self.pronouns and head.pos_ == "PRON" and head.tag_ != "PRP$":
            return head.text, "unnamed"  # "Some", "Others", "Many": nobody named before
        want = self.pronouns.get(head.lower_, "thing")
        if want == "speaker":
            return head.text, "unnamed"
        if want == "person" and (spoke := self._person_who_spoke(head, 2)):  # the last person who spoke
            return spoke
        if want in ("thing", "group"):  # "It added": the organisation that spoke last, in the last two sentences
            for cue, _, source in reversed(self.cue_sources):
                if (
                    cue < head.i
                    and source.kind not in ("person", "unnamed", "outlet")  # a body or a document by name
                    and (source.kind != "document" or (source.name[:1].isupper() and id(source) not in self.plural))
                    and _sentences_between(self.doc, cue, head.i) <= 2
                    and source.name
                    and source.name.lower() not in self.pronouns  # ("It said ... it added": the name "It" stood for)
                ):
                    return source.name, source.kind
        if want == "person":
            for person in (self.names.subject_person(head.sent.start), self.names.salient_person(head.i)):
                if person is not None and self._fits(person, head.lower_):
                    # "he": the person the last sentences, else the article, are about
                    return self._full_name(person, head.i), "person"
        named = self._named_before(head, want)
        if named is not None:
            return named
        for cue, _, source in reversed(self.cue_sources):
            if want == "person" and (source.kind != "person" or id(source) in self.plural):
                continue  # "he" is no firm ("he added" is not Manchester United)
            if cue < head.i and source.kind != "unnamed":
                return source.name, source.kind
        return head.text, "unnamed" if want != "person" else "person"

    def _person_who_spoke(self, head: Token, reach: int) -> tuple[str, str] | None:
        """The person whose statement came last within ``reach`` sentences before the pronoun ``head``."""
        for cue, _, source in reversed(self.cue_sources):
            if (
                cue < head.i
                and source.kind == "person"
                and _sentences_between(self.doc, cue, head.i) <= reach
                and source.name
                and source.name.lower() not in self.pronouns  # "He said ... he said": the name "He" stood for
                and id(source) not in self.plural
                and self._fits(source.name, head.lower_)
                and (" " in source.name or self.names.known_person(source.name))  # (not "Labour")
            ):
                return source.name, source.kind
        return None

    def _named_before(self, head: Token, want: str) -> tuple[str, str] | None:
        """The last name before the pronoun ``head`` of the kind it can stand for."""
        labels = {"person": ("PERSON",), "group": ("ORG", "GPE", "NORP", "PERSON"), "thing": ("ORG", "GPE", "NORP")}[
            want
        ]
        verbs = [self.doc[cue] for cue, _, _ in self.cue_sources if cue < head.i]
        verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else head
        if head.i > 0 and (self.doc[head.i - 1].text == "," or self.doc[head.i - 1].text in QUOTES):
            verbs.append(verb)  # ("..., he said": what comes before is what he says)
        reported = {t.i for verb in verbs for c in verb.children if c.dep_ in ("ccomp", "parataxis") for t in c.subtree}
        for ent in reversed(self.ents):
            if ent.end > head.i or ent.label_ not in labels or ent.start in reported:
                continue  # ("This is the record Mr Blair must defend, he said": no one named in what is said)
            if ent.root.dep_ in ("compound", "amod", "npadvmod") and not ent.start <= ent.root.head.i < ent.end:
                continue  # a place that qualifies a noun ("US grocers", "Florida-based") stands for nothing
            if self.names.quoted(ent.start) or ent.text.islower():
                continue  # ("…the United States…," it noted): no name inside someone's words; no "3km/h"
            if want == "person" and (
                ent.root.tag_ == "NNPS"
                or not self._fits(ent.text, head.lower_)
                or (len(ent) == 1 and not self.names.known_person(ent.text))
            ):
                continue  # "he" is no plural name ("Lib Dems"), nor a party the tagger took for a person
            if ent.label_ == "PERSON":
                return self._full_name(ent.text, ent.start), "person"
            name = self.names.with_acronym(ent) if ent.label_ == "ORG" else self._strip_article(ent.text)
            return name, self.kind(ent)
        return None

    def _fits(self, name: str | None, pronoun: str) -> bool:
        """Whether a person the article calls "Mr", "Mrs", "Ms" ... anywhere can be the "he" or "she"."""
        if pronoun not in self.gendered.values() or not name or not name.split():
            return True
        if self._genders is None:  # surname -> "he"/"she", from "Mr Fox", "Mrs Howard" in the article
            self._genders = {}
            for token in self.doc[:-1]:
                gender = self.gendered.get(token.lower_.rstrip("."))
                following = self.doc[token.i + 1]
                if gender is not None and following.pos_ == "PROPN":
                    self._genders.setdefault(following.text, gender)
        return self._genders.get(name.split()[-1], pronoun) == pronoun

    def _country_before(self, before: int) -> str | None:
        """The country of the last government that spoke, as an adjective when the article has one."""
        for _, _, source in reversed(self.cue_sources):
            if source.kind != "government" or source.start is None or source.end is None:
                continue
            span = self.doc.char_span(source.start, source.end, alignment_mode="expand")
            gpe = next(
                (e for e in self.ents if e.label_ == "GPE" and span is not None and span.start <= e.start < span.end),
                None,
            )
            if gpe is None:
                continue
            country = gpe.text
            for ending in self.possessives:
                country = country.removesuffix(ending)
            stem = country[:-1] if len(country) > 3 else country
            adjective = next((e.text for e in self.doc.ents if e.label_ == "NORP" and e.text.startswith(stem)), None)
            return adjective or f"{country}’s"
        return None

    def _name_text(self, doc: Doc, start: int, end: int) -> str:
        return self._strip_article(doc[start:end].text)

    def _strip_article(self, text: str) -> str:
        """The name without a leading article ("the ministry"), except for a newspaper's ("The Times")."""
        for article in self.articles:
            for written in (article + " ", article.capitalize() + " "):
                if text.startswith(written) and len(text) > len(written):
                    rest = text[len(written) :]
                    if article == "the" and any(w in self.newspaper_words for w in rest.lower().split()):
                        return text
                    return rest
        return text

    def _full_name(self, text: str, before: int) -> str:
        """A surname ("Putin") resolved to the full name used earlier ("Vladimir Putin")."""
        words = text.split()
        if len(words) != 1:
            return self._strip_article(text)
        for ent in self.ents:
            if ent.start >= before:
                break
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == words[0]:
                return ent.text
        return text

    def _generic(self, head_lemma: str, before: int, plural: bool = False) -> tuple[str, str] | None:
        """ "The ministry" → the nearest earlier, more specific mention with the same head, in the same
        number ("Security firms estimate" is not the one "security firm F-Secure" named before)."""
        for token in reversed(self.doc[:before]):
            if token.lemma_.lower() != head_lemma or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if (token.tag_ in ("NNS", "NNPS")) == plural:
                if token.dep_ == "compound" and token.head.pos_ == "PROPN" and token.head.i > token.i:
                    name = self.doc[token.i + 1 : token.head.i + 1]  # "security firm F-Secure": its name
                    return name.text, self.kind(name)  # ("Justice Minister Cathy Jamieson": a person)
                person = self._person_beside(token)
                if person is not None:  # "The country's new president, Mikhail Saakashvili, ...": the person
                    return person, "person"
                s, e = name_phrase(token)
                if e - s > 1 and (_has_proper(self.doc, s, e) or any(t.dep_ == "poss" for t in self.doc[s:e])):
                    return self._name_text(self.doc, s, e), self.kind(self.doc[s:e])
        return None

    def _organisation_that_spoke(self, before: int) -> str | None:
        """ "Valve said ... The company said ...": the organisation that spoke in this sentence or the last."""
        source = self._last_speaker(before)
        if source is None or source.kind not in ("organization", "government") or not source.name:
            return None
        return None if source.name.lower() in self.pronouns else source.name

    def _last_speaker(self, before: int) -> Source | None:
        """The named source of the last statement before token ``before``, in its sentence or the one before."""
        for cue, _, source in reversed(self.cue_sources):
            if cue >= before:
                continue
            if _sentences_between(self.doc, cue, before) > 1:
                return None
            if source.kind in ("person", "organization", "government") and source.text is not None:
                return source
        return None

    def _document(self, head_lemma: str, before: int) -> str | None:
        """ "The report" → "The Washington Post report, Sunday" from an earlier "X reported Sunday"."""
        for cue, lemma, source in reversed(self.cue_sources):
            if (
                cue < before
                and lemma == head_lemma
                and source.kind in ("publication", "organization", "government", "person")
            ):
                when = [
                    c.text
                    for c in self.doc[cue].children
                    if c.ent_type_ == "DATE" and c.dep_ in ("npadvmod", "advmod", "tmod")
                ]
                return f"{source.name} {head_lemma}" + (f", {when[0]}" if when else "")
        return None


def _described(head: Token) -> bool:
    """Whether a noun describes one of a kind rather than names it: "Europe's biggest drugmaker",
    "the world's largest airline", "the country's second largest bank", "the Swedish firm"."""
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    modifiers = [c for c in head.children if c.dep_ in ("amod", "compound")]
    national = definite and len(modifiers) == 1 and modifiers[0].ent_type_ in ("GPE", "NORP")  # "the Swedish
    # firm", not "the Libyan central bank" (which names one)
    return national or any(
        c.tag_ == "JJS"
        or (c.dep_ == "amod" and any(g.tag_ == "JJS" for g in c.children))
        or (c.dep_ == "poss" and (c.ent_type_ in ("GPE", "LOC", "NORP") or c.lower_ in ("world", "country", "nation")))
        for c in head.children
    )


def _entity_start(token: Token) -> int:
    """Where the named entity holding ``token`` begins."""
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    return start


def _sentences_between(doc: Doc, start: int, end: int) -> int:
    return sum(1 for t in doc[start:end] if t.is_sent_start)


def _has_proper(doc: Doc, start: int, end: int) -> bool:
    """Whether a mention names something: a capitalised proper noun or a named entity."""
    return any(
        (t.pos_ == "PROPN" and t.text[:1].isupper() and t.i > start) or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        for t in doc[start:end]
    )
