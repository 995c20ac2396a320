"""Names a speaker goes by in an article, for resolving "Mr Baume", "the chancellor", "the firm".

- a surname with a title ("Mr Baume", "Dr Smith") → the full name used elsewhere in the article
  ("Jonathan Baume");
- a role ("the chancellor", "the spokesman") → the person the article gives that role
  ("Chancellor Gordon Brown", "Gordon Brown, the chancellor");
- a generic organisation ("the firm", "the group", "the airline") → the organisation the article
  is about: the one it names most often;
- an organisation written with its acronym ("the UK Internet Forum (UKIF)") keeps the acronym, as
  later mentions use it.
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from claims.families.quotations import paragraph_start, quoted_tokens
from claims.families.spans import sentence_of
from claims.families.spans import sentences as sentence_index


class ArticleNames:
    """The people and organisations an article names, indexed once per doc."""

    def __init__(self, doc: Doc, honorifics: set[str]):
        self.doc = doc
        self.honorifics = honorifics
        self.people = [e for e in doc.ents if e.label_ == "PERSON"]
        self.organisations = [e for e in doc.ents if e.label_ == "ORG"]
        self._inside: list[bool] | None = None
        self._known: dict[str, bool] = {}  # one-word names already looked up by known_person

    def quoted(self, i: int) -> bool:
        """Whether token ``i`` stands inside quotation marks opened earlier in its paragraph."""
        if self._inside is None:
            self._inside = quoted_tokens(self.doc)
        return self._inside[i]

    def subject_person(
        self,
        before: int,
        within: Span | None = None,
        sentences: int = 2,
        untitled: tuple[str, set[str]] | None = None,
    ) -> str | None:
        """The person a passage is about: a person who is the subject of a clause in ``within`` (before
        its end), else in the ``sentences`` sentences before ``before``, nearest first. ``untitled``
        (a title, the titles): only a person the article gives none of those titles but that one."""
        if within is not None:
            found = [e for e in self.people if within.start <= e.start < within.end and _is_subject(e)]
            if found:
                return _clean(found[0])
        start = before
        for _ in range(sentences):
            if start <= 0:
                break
            sentence = self.doc[start - 1].sent
            candidates = [
                (_of_main_verb(e.root), e.start, _clean(e))
                for e in self.people
                if sentence.start <= e.start < sentence.end
                and _is_subject(e)
                and e.root.tag_ != "NNPS"  # ("Lib Dems": no one person)
                and not self.quoted(e.start)  # (a name in someone's words is not what the story is about)
                and (len(e) > 1 or self.known_person(e.text))  # ("Labour has offered": a party)
                and (untitled is None or not self._titled_otherwise(e, *untitled))
            ]
            candidates += self._surname_subjects(sentence)
            if candidates:  # the subject of the main verb before one of a reported clause ("X said Y was ...")
                return max(candidates)[2]
            start = sentence.start
        return None

    def sole_person(self, before: int) -> str | None:
        """The one person a "he" or "she" at token ``before`` can stand for: the only person named in its
        sentence before it, else, when none is, the only one named in the sentence before (persons
        named inside quotation marks and plural names do not count). None when two are."""
        sentence = sentence_of(self.doc[before])
        spans = [(sentence.start, before)]
        if sentence.start > 0:
            previous = sentence_of(self.doc[sentence.start - 1])
            spans.append((previous.start, previous.end))
        for start, end in spans:
            named = {
                _surname(e).text: e
                for e in self.people
                if start <= e.start < end and e.root.tag_ != "NNPS" and not self.quoted(e.start)
            }
            if len(named) > 1:
                return None
            if named:
                ((surname, ent),) = named.items()
                return self.full_name(surname) or self.doc[ent.start : _surname(ent).i + 1].text
        return None

    def _surname_subjects(self, sentence: Span) -> list[tuple[bool, int, str]]:
        """Subjects the tagger did not take for a person that are the surname of one the article names
        ("Melzer has now beaten Agassi", "Melzer" tagged an organisation there)."""
        found = []
        for token in sentence:
            if token.dep_ != "nsubj" or token.pos_ != "PROPN" or token.ent_type_ == "PERSON":
                continue
            if any(c.dep_ == "compound" for c in token.children):
                continue  # a name of several words is its own
            name = self.full_name(token.text)
            if name is not None:
                found.append((_of_main_verb(token), token.i, name))
        return found

    def salient_person(self, before: int) -> str | None:
        """The person named most often before ``before`` (by surname), when one stands out."""
        counts = Counter(e[-1].text for e in self.people if e.end <= before)
        if not counts:
            return None
        ranked = [*counts.most_common(2), ("", 0)]
        (top, n), (_, second) = ranked[0], ranked[1]
        if n < 2 or n == second:
            return None
        return self.full_name(top, before) or top

    def _titled_otherwise(self, person: Span, title: str, titles: set[str]) -> bool:
        """Whether the article gives the person (by surname) another of ``titles`` than ``title``."""
        surname = person[-1].text
        return any((_titled_as(e) & titles) - {title} for e in self.people if e[-1].text == surname)

    def protagonist(self, before: int, title: str, titles: set[str], sentences: int = 3) -> str | None:
        """The person the article opens on, for "the <title>" that names nobody the article gives the
        title: the first person who is the subject of a clause in its first ``sentences`` sentences (a
        headline counts as one, a fragment the parser cut off one as none), named before ``before`` and
        given no other title ("union leader X")."""
        counted = 0
        for sentence in sentence_index(self.doc).spans:
            if counted == sentences:
                break
            counted += sum(1 for t in sentence if not t.is_space and not t.is_punct) >= 3  # (no fragment counts)
            found = [
                e
                for e in self.people
                if sentence.start <= e.start < sentence.end
                and _is_subject(e)
                and (len(e) > 1 or self.known_person(e.text))  # (not "Chelsea" the tagger took for a person)
            ]
            if found and found[0].start < before:
                if self._titled_otherwise(found[0], title, titles):
                    return None
                surname = found[0][-1].text
                return self.full_name(surname) or _clean(found[0])
        return None

    def known_person(self, word: str) -> bool:
        """Whether a one-word name is a person's: the article gives it a first name or "Mr", "Ms" ...
        somewhere (a party or a firm the tagger took for a person has neither: "Labour has offered")."""
        if word not in self._known:  # (asked for every candidate of every pronoun: looked up once)
            self._known[word] = (
                self.full_name(word) is not None
                or any(_titled_as(e) for e in self.people if e.text == word)  # "captain Desailly"
                or any(
                    t.text == word and t.i > 0 and self.doc[t.i - 1].lower_.rstrip(".") in self.honorifics
                    for t in self.doc
                )
            )
        return self._known[word]

    def full_name(self, surname: str, before: int | None = None) -> str | None:
        """The longest name of a person ending in ``surname`` (earlier mentions first, then any)."""
        found = [
            e
            for e in self.people
            if len(e) > 1
            and e[-1].text == surname
            and e[0].lower_.rstrip(".") not in self.honorifics
            and not (len(e) == 3 and e[1].text in ("-", "–"))  # ("Tory-Labour" is no name ending in "Labour")
        ]
        if not found:
            return None
        earlier = [e for e in found if before is None or e.start < before]
        return max(earlier or found, key=len).text

    def by_surname(self, word: str) -> str | None:
        """The person whose surname ``word`` is, or is a slip of ("said Daveport" of Lindsay Davenport):
        one edit for a name of five letters or more, two from eight, same first letter; only when one
        person of the article fits."""
        if len(word) < 5 or not word[:1].isupper():
            return None
        allowed = 2 if len(word) >= 8 else 1
        found = {
            e[-1].text: e
            for e in self.people
            if len(e) > 1
            and e[-1].text[:1] == word[:1]
            and e[0].lower_.rstrip(".") not in self.honorifics
            and Levenshtein.distance(e[-1].text, word, score_cutoff=allowed) <= allowed
        }
        if len(found) != 1:
            return None
        (surname,) = found
        return self.full_name(surname)

    def titled(self, title: str, before: int) -> str | None:
        """The person the article calls by this title: "Chancellor Gordon Brown", "Gordon Brown, the
        chancellor", "the chancellor, Gordon Brown" (not "shadow chancellor Oliver Letwin": another title)."""
        best: Span | None = None
        for person in self.people:
            if self._has_title(person, title) and (best is None or _nearer(person, best, before)):
                best = person
        if best is None:
            return None
        return self.full_name(best[-1].text) or best.text

    def _has_title(self, person: Span, title: str) -> bool:
        doc = self.doc
        if person.start > 0:
            word = doc[person.start - 1]
            modified = (
                person.start > 1
                and doc[person.start - 2].dep_ in ("amod", "compound")
                and doc[person.start - 2].head == word
            )
            if word.lemma_.lower() == title and not modified:
                return True  # "Chancellor Gordon Brown"
        root = person.root
        for token in (*root.children, root.head):
            if token.lemma_.lower() == title and (token.dep_ == "appos" or root.dep_ == "appos"):
                return not any(c.dep_ in ("amod", "compound") for c in token.children)
        return False

    def named_next(self, after: int, sentences: int = 2) -> str | None:
        """For "a trade body" (an organisation brought in, not yet named): the organisation that is the
        subject of a clause in the next ``sentences`` sentences, with the acronym it is written with."""
        limit = sentence_of(self.doc[after - 1]).end if after > 0 else after
        for _ in range(sentences):
            if limit >= len(self.doc):
                break
            limit = sentence_of(self.doc[limit]).end
        for ent in self.organisations:
            if after <= ent.start < limit and _is_subject(ent):
                return self.with_acronym(ent)
        return None

    def subject_organisation(self, before: int) -> str | None:
        """For "the organisation said" right after one was the subject ("CENTR agrees. '...,' the
        organisation said"): the last organisation that is the subject of a clause in the sentence of
        ``before`` (before it) or the sentence before that."""
        if before <= 0:
            return None
        sentence = sentence_of(self.doc[before - 1])
        start = sentence_of(self.doc[sentence.start - 1]).start if sentence.start > 0 else sentence.start
        found = [e for e in self.organisations if start <= e.start < before and _is_subject(e)]
        if not found:
            return None
        ent = found[-1]
        head = ent.root.head
        if ent.root.dep_ == "appos" and head.pos_ == "PROPN" and head.ent_type_ != "ORG":
            # "CENTR, the Council of European Registries, agrees": the subject as written, which the
            # tagger did not take for an organisation, with the name it stands for
            written = "".join(t.text_with_ws for t in head.lefts if t.dep_ == "compound") + head.text
            return f"{_plain(ent.text)} ({written})" if written.isupper() else written
        return self.with_acronym(ent)

    def witness(self, after: int, bodies: set[str], sentences: int = 5) -> str | None:
        """For "..., a court has heard": the person who told that court or trial, named in the next
        ``sentences`` sentences ("Mr Dowell told a Los Angeles court ...", "Ms Hale testified at the trial")."""
        limit = after
        for _ in range(sentences):
            if limit >= len(self.doc):
                break
            limit = sentence_of(self.doc[limit]).end
        for token in self.doc[after:limit]:
            if token.lemma_.lower() not in ("tell", "testify"):
                continue
            if not any(t.lemma_.lower() in bodies for t in token.subtree if t.i > token.i):
                continue
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            person = next((e for e in self.people if subject is not None and e.start <= subject.i < e.end), None)
            if person is not None:
                if len(person) > 1 and person[0].lower_.rstrip(".") in self.honorifics:
                    person = person[1:]  # "Ms Hale" tagged whole: the title is not the name
                return self.full_name(person[-1].text) or _clean(person)
        return None

    def paragraph_organisation(self, before: int) -> str | None:
        """For "the party says" in a paragraph that opens on one ("Labour says ... The party says"):
        the organisation, or party written in the plural ("The Liberal Democrats"), that is the subject
        of the first sentence of the paragraph of ``before``."""
        start = paragraph_start(self.doc, before)
        if start >= before:
            return None
        first = sentence_of(self.doc[start])
        for ent in self.doc.ents:
            if not first.start <= ent.start < min(first.end, before) or not _is_subject(ent):
                continue
            if ent.label_ == "ORG":
                return self.with_acronym(ent)
            if ent.label_ == "NORP" and ent.root.tag_ == "NNPS":  # with the name's words the tagger left out
                left = min([ent.start] + [t.i for t in ent.root.lefts if t.pos_ != "DET" and t.is_title])
                return _plain(self.doc[left : ent.end].text)
        return None

    def salient_organisation(self) -> str | None:
        """The organisation the article names most often (a shorter name counts for the longer ones it starts)."""
        if not self.organisations:
            return None
        names = [_plain(e.text) for e in self.organisations]
        counts = Counter(names)
        for short in list(counts):
            counts[short] += sum(n for name, n in counts.items() if name != short and name.startswith(short + " "))
        return max(counts, key=lambda name: (counts[name], -names.index(name)))

    def with_acronym(self, ent: Span) -> str:
        """ "UK Internet Forum (UKIF)" when the article writes the acronym after the name, else the name."""
        doc = self.doc
        if ent.start >= 2 and doc[ent.start - 1].text == "(" and ent.end < len(doc) and doc[ent.end].text == ")":
            longer = _name_before(doc, ent.start - 1)
            if longer and longer[0][0] == ent.text[0]:
                return f"{longer} ({ent.text})"  # the acronym itself: the name it stands for
        for mention in (ent, *(o for o in self.organisations if o is not ent and _plain(o.text) == _plain(ent.text))):
            short = self._acronym_after(mention)
            if short is not None:
                return f"{_plain(ent.text)} ({short})"
        return _plain(ent.text)

    def _acronym_after(self, ent: Span) -> str | None:
        """ "(UKIF)", "(Alva)": one short word in brackets right after the name, starting with its initial."""
        doc, end = self.doc, ent.end
        if end + 2 >= len(doc) or doc[end].text != "(" or doc[end + 2].text != ")":
            return None
        word = doc[end + 1].text
        initials = "".join(t.text[0] for t in ent if t.text[:1].isupper())
        if word.isalpha() and len(word) <= 8 and word[0].isupper() and initials and word[0] == initials[0]:
            return word
        return None


def _titled_as(person: Span) -> set[str]:
    """The words a mention of a person is given as a title or role: the noun just before it ("union
    leader Ann Jones") and nouns in apposition ("Ann Jones, the union leader")."""
    doc = person.doc
    before = doc[person.start - 1] if person.start > 0 else None
    titled = before is not None and (before.pos_ == "NOUN" or (before.is_upper and before.is_alpha))  # ("MP")
    words = {before.lemma_.lower()} if before is not None and titled else set()
    root = person.root
    words |= {t.lemma_.lower() for t in root.children if t.dep_ == "appos"}
    if root.dep_ == "appos":
        words.add(root.head.lemma_.lower())
    return words


def _surname(ent: Span) -> Token:
    """The last word of a person's name, without the possessive the tagger took in ("Denis Hickie's")."""
    return next((t for t in reversed(ent) if t.tag_ != "POS" and not t.is_punct), ent[-1])


def _of_main_verb(subject: Token) -> bool:
    """Whether a subject's verb is its sentence's main verb (through an apposition: "Mr X, the chief, said")."""
    verb = subject.head.head if subject.dep_ == "appos" else subject.head
    return verb.dep_ == "ROOT"


def _is_subject(ent: Span) -> bool:
    return ent.root.dep_ in ("nsubj", "nsubjpass") or (ent.root.dep_ == "appos" and ent.root.head.dep_ == "nsubj")


def _clean(ent: Span) -> str:
    """A name without what the tagger ran on into ("Roger Federer - nice" → "Roger Federer")."""
    words = []
    for token in ent:
        if token.is_punct and token.text not in (".", "'", "’"):
            break
        words.append(token)
    return "".join(t.text_with_ws for t in words).strip() or ent.text


def _name_before(doc: Doc, end: int) -> str:
    """The proper name that ends at token ``end`` ("UK Internet Forum" before "(UKIF)"), or ""."""
    start = end
    while start > 0 and (
        doc[start - 1].pos_ == "PROPN"
        or (doc[start - 1].lower_ in ("of", "for", "and") and start - 1 > 0 and doc[start - 2].pos_ == "PROPN")
    ):
        start -= 1
    return doc[start:end].text if end - start >= 2 else ""


def _nearer(person: Span, best: Span, before: int) -> bool:
    """Whether ``person`` is the better of two mentions for a reference at ``before``: the last one
    before it, else the first one after it."""
    if person.start < before:
        return best.start >= before or person.start > best.start
    return best.start >= before and person.start < best.start


def _plain(name: str) -> str:
    for article in ("the ", "The "):
        if name.startswith(article):
            name = name[len(article) :]
    for ending in ("’s", "'s"):
        name = name.removesuffix(ending)
    return name
