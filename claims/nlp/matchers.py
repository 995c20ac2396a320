"""spaCy matchers built from the rule records, and the matches they yield with their rule ids."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.language import Language

from claims.errors import RuleError
from claims.nlp.rules import Rule, RuleSet


@dataclass
class RuleMatch:
    """A rule firing on a doc: the span it covers and, for dependency rules, the named tokens."""

    rule: Rule
    span: Span
    tokens: dict[str, int] | None = None


class RuleMatchers:
    """Token, dependency and phrase matchers for a rule set, keyed by rule id."""

    def __init__(self, nlp: Language, ruleset: RuleSet, families: set[str] | None = None):
        vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.ruleset = ruleset
        self.rules = {r.id: r for r in ruleset.rules if families is None or r.family in families}
        self.token = Matcher(vocab, validate=True)
        self.dependency = DependencyMatcher(vocab, validate=True)
        self.phrase: dict[str, PhraseMatcher] = {}
        for rule in self.rules.values():
            self._add(vocab, rule)

    def _add(self, vocab: object, rule: Rule) -> None:
        try:
            if rule.matcher == "token":
                patterns = rule.pattern if _is_list_of_lists(rule.pattern) else [rule.pattern]
                self.token.add(rule.id, patterns)
            elif rule.matcher == "dependency":
                patterns = rule.pattern if _is_list_of_lists(rule.pattern) else [rule.pattern]
                self.dependency.add(rule.id, patterns)
            else:
                if not isinstance(rule.pattern, list) or not all(isinstance(p, str) for p in rule.pattern):
                    raise ValueError("a phrase pattern is a list of phrases (strings)")
                matcher = self.phrase.setdefault(rule.attr, PhraseMatcher(vocab, attr=rule.attr))
                matcher.add(rule.id, [self._phrase_doc(p, rule.attr) for p in rule.pattern])
        except (ValueError, KeyError, TypeError) as exc:
            message = " ".join(str(exc).split())
            raise RuleError(rule.path, rule.line, f"rule '{rule.id}': invalid {rule.matcher} pattern: {message}") from exc

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
                found.append(RuleMatch(rule, span, dict(zip(names, ids))))
        found.sort(key=lambda m: (m.span.start, -m.span.end, m.rule.id))
        return found


def _dependency_pattern(rule: Rule, token_ids: list[int]) -> list[dict]:
    patterns = rule.pattern if _is_list_of_lists(rule.pattern) else [rule.pattern]
    for pattern in patterns:
        if len(pattern) == len(token_ids):
            return pattern
    return patterns[0]


def _is_list_of_lists(pattern: object) -> bool:
    return isinstance(pattern, list) and bool(pattern) and all(isinstance(p, list) for p in pattern)


def _doc(doc: Doc | Span) -> Doc:
    return doc if isinstance(doc, Doc) else doc.doc


def _offset(doc: Doc | Span) -> int:
    return 0 if isinstance(doc, Doc) else doc.start
