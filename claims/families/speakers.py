"""Who asserts a claim: the attribution that reports it, or the article's own voice.

A claim unit is reported by someone when an attribution's content covers most of it ("“Q2. Q3.”"
after "“Q1,” he said."; "Sales rose, the firm said") or when the unit's main verb is the cue
itself ("The airline warned of …"). A report in a subordinate clause ("shares fell after the firm
warned …") leaves the unit in the article's voice, and so does a report of a stance on a thing
("X has criticised Wimbledon over prize money", "he denied murder"): that X did so is the article's
statement. Of two reports that qualify, the innermost
speaks ("The Post reported that officials said X": the officials, via the Post).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claims.families.attribution import Attribution
from claims.families.units import Unit

_MOST = 0.5  # share of a unit's words an attribution's content must cover to be its report
_MAIN_CLAUSE_DEPS = ("ccomp", "conj", "parataxis", "xcomp")


def unit_speaker(
    doc: Doc, unit: Unit, attributions: list[Attribution], hedges: frozenset[str] = frozenset()
) -> Attribution | None:
    """The attribution that reports the unit, or None for the article's own voice. ``hedges``: adverbs
    that make a report the article's own hedged statement ("The document reportedly said ...")."""
    words = _words(doc, unit.start, unit.end)
    if not words:
        return None
    root = _main_root(doc, unit)
    if any(a.cue[0] <= root.i < a.cue[1] and a.source is not None and a.source.text is None for a in attributions):
        return None  # "it is understood that…", "X is alleged to have said…": the article's own hedged statement
    if any(c.dep_ == "advmod" and c.lower_ in hedges for c in root.children):
        return None  # "The document reportedly said: …": what the article has only from others
    best: tuple[tuple[int, int], Attribution] | None = None
    for attribution in attributions:
        if attribution.source is None or attribution.source.text is None or not attribution.states:
            continue
        covered = len(words & set(range(*attribution.content)))
        main_verb = attribution.cue[0] <= root.i < attribution.cue[1]
        cue_inside = unit.start <= attribution.cue[0] < unit.end
        most = covered >= _MOST * len(words)
        reports_root = attribution.content[0] <= root.i < attribution.content[1]  # ("Q," X told Y: the parser's
        # root is the quotation's own verb, which the cue reports)
        if cue_inside and not main_verb and not reports_root and not _governs(doc[attribution.cue[0]], root):
            most = _same_speaker_as_main(root, attribution, attributions)
        if not main_verb and not most:
            continue
        if main_verb and covered == 0 and attribution.content[0] >= unit.end:
            continue  # "… he said." before the quotation it introduces, in a sentence of its own
        key = (1 if most else 0, -attribution.length)
        if best is None or key > best[0]:
            best = (key, attribution)
    return best[1] if best else None


def _main_root(doc: Doc, unit: Unit) -> Token:
    """The unit's main verb: of its roots (a unit can span two of the parser's sentences, "Lib / Dem
    leader X said ..."), the one that heads the most of its words."""
    roots = [t for t in doc[unit.start : unit.end] if t.head == t or not unit.holds(t.head.i)]
    return max(roots, key=lambda t: sum(1 for w in t.subtree if unit.holds(w.i)))


def _governs(cue: Token, root: Token) -> bool:
    """Whether the cue's clause is the unit's main clause or reported by it (ccomp, conj, parataxis),
    not a clause that qualifies a word of it ("a union leader [who said] …", "after the firm [warned] …")."""
    if cue.dep_ in ("prep", "advmod", "npadvmod") and cue.head == root:
        return True  # "according to the ministry", said of the main clause
    token = cue
    for _ in range(8):
        if token == root:
            return True
        if token.dep_ not in _MAIN_CLAUSE_DEPS or token.head == token:
            return False
        token = token.head
    return False


def _same_speaker_as_main(root: Token, attribution: Attribution, attributions: list[Attribution]) -> bool:
    """ "Lord Browne rejected calls for a tax, [saying] it paid more tax": the participle reports for the
    subject whose stance is the main verb."""
    main = [a for a in attributions if a.cue[0] <= root.i < a.cue[1] and a.source is not None]
    first = main[0].source if main else None
    return first is not None and attribution.source is not None and first.name == attribution.source.name


def _words(doc: Doc, start: int, end: int) -> set[int]:
    return {t.i for t in doc[start:end] if not t.is_punct and not t.is_space}
