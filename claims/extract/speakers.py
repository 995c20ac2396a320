"""Who asserts a claim: the attribution that reports it, or the article's own voice.

A claim unit is reported by someone when an attribution's content covers most of it ("“Q2. Q3.”"
after "“Q1,” he said."; "Sales rose, the firm said") or when the unit's main verb is the cue
itself ("The airline warned of …"). A report in a subordinate clause ("shares fell after the firm
warned …") leaves the unit in the article's voice. Of two reports that qualify, the innermost
speaks ("The Post reported that officials said X": the officials, via the Post).
"""

from __future__ import annotations

from spacy.tokens import Doc

from claims.extract.attribution import Attribution
from claims.extract.units import Unit

_MOST = 0.5  # share of a unit's words an attribution's content must cover to be its report


def unit_speaker(doc: Doc, unit: Unit, attributions: list[Attribution]) -> Attribution | None:
    """The attribution that reports the unit, or None for the article's own voice."""
    words = _words(doc, unit.start, unit.end)
    if not words:
        return None
    root = doc[unit.start : unit.end].root.i
    best: tuple[tuple[int, int], Attribution] | None = None
    for attribution in attributions:
        if attribution.source is None:
            continue
        covered = len(words & set(range(*attribution.content)))
        main_verb = attribution.cue[0] <= root < attribution.cue[1]
        if not main_verb and covered < _MOST * len(words):
            continue
        if main_verb and covered == 0 and attribution.content[0] >= unit.end:
            continue  # "… he said." before the quotation it introduces, in a sentence of its own
        key = (1 if covered >= _MOST * len(words) else 0, -attribution.length)
        if best is None or key > best[0]:
            best = (key, attribution)
    return best[1] if best else None


def _words(doc: Doc, start: int, end: int) -> set[int]:
    return {t.i for t in doc[start:end] if not t.is_punct and not t.is_space}
