"""spaCy matchers built from the rule records, and the matches they yield with their rule ids."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from claims.errors import RuleError
from claims.ruleset.dependency import DependencyMatcher
from claims.ruleset.flags import FlagCompiler
from claims.ruleset.load import Rule, RuleSet
from claims.ruleset.patterns import pattern_list
from claims.ruleset.phrases import word_sequences
from claims.ruleset.predicates import speed_up_predicates


@dataclass
class RuleMatch:
    """A rule firing on a doc: the span it covers and, for dependency rules, the named tokens."""

    rule: Rule
    span: Span
    tokens: dict[str, int] | None = None


class RuleMatchers:
    """Token, dependency and phrase matchers for a rule set, keyed by rule id.

    The patterns were validated when the rules were loaded (``claims.ruleset.patterns``); they are
    handed to the matchers with their word lists compiled to lexeme flags (``claims.ruleset.flags``):
    first the specs tried at every token, then the rest.
    """

    def __init__(self, nlp: Language, ruleset: RuleSet, families: set[str] | None = None):
        vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.ruleset = ruleset
        self.rules = {r.id: r for r in ruleset.rules if families is None or r.family in families}
        self.token = Matcher(vocab, validate=False)
        self.dependency = DependencyMatcher(vocab, validate=False)
        self.phrase: dict[str, PhraseMatcher] = {}
        written = {rule.id: self._words_to_phrases(vocab, rule) for rule in self.rules.values()}
        flags = FlagCompiler(vocab)
        compiled = {
            rule.id: self._compile(flags, rule, written[rule.id], everywhere=False) for rule in self.rules.values()
        }
        compiled = {
            rule_id: self._compile(flags, self.rules[rule_id], patterns, everywhere=True)
            for rule_id, patterns in compiled.items()
        }
        for rule in self.rules.values():
            if written[rule.id] != []:  # (every pattern of the rule went to the phrase matcher)
                self._add(vocab, rule, compiled[rule.id])
        speed_up_predicates(self.token)
        speed_up_predicates(getattr(self.dependency, "_matcher", None))

    def _words_to_phrases(self, vocab: Vocab, rule: Rule) -> list | None:
        """A token rule's patterns that match fixed words only go to a PhraseMatcher on LOWER
        (``claims.ruleset.phrases``); the others are returned for the Matcher (None: the rule's as written)."""
        if rule.matcher != "token":
            return None
        patterns = pattern_list(rule.pattern)
        sequences = [word_sequences(p) for p in patterns]
        if not any(sequences):
            return None
        phrases = [Doc(vocab, words=list(words)) for found in sequences for words in found or []]
        self.phrase.setdefault("LOWER", PhraseMatcher(vocab, attr="LOWER")).add(rule.id, phrases)
        return [p for p, found in zip(patterns, sequences, strict=True) if not found]

    @staticmethod
    def _compile(
        flags: FlagCompiler, rule: Rule, patterns: list | None = None, everywhere: bool = False
    ) -> list | None:
        if rule.matcher not in ("token", "dependency"):
            return None
        if patterns is None:
            patterns = pattern_list(rule.pattern)
        if not all(isinstance(p, list) and all(isinstance(s, dict) for s in p) for p in patterns):
            return patterns  # malformed: left for the matcher to reject
        if rule.matcher == "token":
            return flags.compile(patterns, everywhere)
        # every node of a dependency pattern is looked for at every token
        return [
            [
                {**node, "RIGHT_ATTRS": flags.spec(node["RIGHT_ATTRS"])}
                if isinstance(node.get("RIGHT_ATTRS"), dict)
                else node
                for node in pattern
            ]
            for pattern in patterns
        ]

    def _add(self, vocab: Vocab, rule: Rule, patterns: list | None) -> None:
        try:
            if rule.matcher == "token":
                self.token.add(rule.id, patterns or [])
            elif rule.matcher == "dependency":
                self.dependency.add(rule.id, patterns or [])
            else:
                if not isinstance(rule.pattern, list) or not all(isinstance(p, str) for p in rule.pattern):
                    raise ValueError("a phrase pattern is a list of phrases (strings)")
                matcher = self.phrase.setdefault(rule.attr, PhraseMatcher(vocab, attr=rule.attr))
                matcher.add(rule.id, [self._phrase_doc(p, rule.attr) for p in rule.pattern])
        except (ValueError, KeyError, TypeError) as exc:
            message = " ".join(str(exc).split())
            raise RuleError(
                rule.path, rule.line, f"rule '{rule.id}': invalid {rule.matcher} pattern: {message}"
            ) from exc

    def _phrase_doc(self, phrase: str, attr: str) -> Doc:
        if attr not in ("LOWER", "ORTH", "TEXT", "NORM", "SHAPE"):
            raise ValueError(f"phrase rules match on LOWER, ORTH, TEXT, NORM or SHAPE, not {attr}")
        return self.make_doc(phrase)

    def matches(self, doc: Doc | Span, families: set[str] | None = None) -> list[RuleMatch]:
        """All matches in document order; token matches are reduced to the longest per rule."""
        found: list[RuleMatch] = []
        by_rule: dict[str, list[Span]] = {}
        for match_id, start, end in self.token(doc):
            rule = self.rules[doc.vocab.strings[match_id]]
            if families is None or rule.family in families:
                by_rule.setdefault(rule.id, []).append(Span(_doc(doc), _offset(doc) + start, _offset(doc) + end))
        for matcher in self.phrase.values():
            for match_id, start, end in matcher(doc):
                rule = self.rules[doc.vocab.strings[match_id]]
                if families is None or rule.family in families:
                    by_rule.setdefault(rule.id, []).append(Span(_doc(doc), _offset(doc) + start, _offset(doc) + end))
        for rule_id, spans in by_rule.items():
            found.extend(RuleMatch(self.rules[rule_id], span) for span in filter_spans(spans))
        if len(self.dependency):
            target = doc if isinstance(doc, Doc) else doc.as_doc()
            for match_id, token_ids in self.dependency(target):
                rule = self.rules[doc.vocab.strings[match_id]]
                if families is not None and rule.family not in families:
                    continue
                names = [p["RIGHT_ID"] for p in _dependency_pattern(rule, token_ids)]
                ids = [i + _offset(doc) for i in token_ids]
                span = Span(_doc(doc), min(ids), max(ids) + 1)
                found.append(RuleMatch(rule, span, dict(zip(names, ids, strict=False))))
        found.sort(key=lambda m: (m.span.start, -m.span.end, m.rule.id))
        return found


def _dependency_pattern(rule: Rule, token_ids: list[int]) -> list[dict]:
    patterns = pattern_list(rule.pattern)
    for pattern in patterns:
        if len(pattern) == len(token_ids):
            return pattern
    return patterns[0]


def _doc(doc: Doc | Span) -> Doc:
    return doc if isinstance(doc, Doc) else doc.doc


def _offset(doc: Doc | Span) -> int:
    return 0 if isinstance(doc, Doc) else doc.start
