"""The small set of records everything shares: Article, Claim, Source, Quantity, DateValue, Review.

Records are plain dataclasses with ``to_dict``/``from_dict`` so they cross process boundaries
(``--jobs``), go into the ledger as JSON and come back unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class ClaimType(StrEnum):
    """The built-in categories of a claim (the worklist guidelines'); a registered family may add its own type."""

    QUANTITY = "quantity"  # a value, change, comparison or ranking
    EVENT = "event"  # something that happened on record, with a date or a named actor
    CAUSAL = "causal"  # a cause or effect
    RULE = "rule"  # a law, rule or procedure of a public body and its changes
    PREDICTION = "prediction"  # a forecast or hypothetical about the future
    OTHER = "other"  # any other checkable fact


class FlagKind(StrEnum):
    """What a flag on a claim says; its value is how the worklist's Flags column begins it."""

    NOTE = "note"  # arithmetic worth a look ("21st anniversary of 2000 implies 2021")
    CONSISTENT = "consistent"  # the arithmetic agrees with the article
    INCONSISTENT = "inconsistent"  # the article contradicts itself
    PREVIOUSLY_CHECKED = "previously checked"  # the ledger holds a verdict for a claim stating the same thing
    SAME_CLAIM = "same claim as"  # another row states the same thing
    CONFLICTING_FIGURE = "conflicting figure"  # another article gives a value that cannot also be true
    CONFLICT = "conflict"  # two reviewers' sheets disagree
    HELD = "held"  # a review was for an earlier version of the claim
    OTHER = ""  # a flag of no known kind (written by another version): its words alone


@dataclass(frozen=True)
class Flag:
    """A note on a claim: its kind and what it says, written ``kind: detail`` (``same claim as X``)."""

    kind: FlagKind
    detail: str

    def __str__(self) -> str:
        return self.kind.value + _JOINTS.get(self.kind, ": ") + self.detail

    @classmethod
    def parse(cls, text: str) -> Flag:
        """The flag ``str()`` wrote; one of no known kind keeps its words (``FlagKind.OTHER``)."""
        for kind in FlagKind:
            lead = kind.value + _JOINTS.get(kind, ": ")
            if kind is not FlagKind.OTHER and text.startswith(lead):
                return cls(kind, text[len(lead) :])
        return cls(FlagKind.OTHER, text)


_JOINTS = {FlagKind.SAME_CLAIM: " ", FlagKind.OTHER: ""}  # "same claim as X"; a flag of no kind is its words


def short_hash(*parts: object, length: int = 16) -> str:
    """Stable hex digest of the parts joined with a separator that cannot occur in them."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass
class Paragraph:
    """A paragraph of an article's text: its index and character offsets into ``Article.text``."""

    index: int
    start: int
    end: int


@dataclass
class Article:
    """One article as the extractors see it.

    ``text`` is what offsets refer to. For files read by the ingest layer it is the title line,
    a blank line and the body paragraphs; for contract JSON Lines input it is the given ``text``
    exactly as given.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date
    published_inferred: bool = False
    place: str | None = None
    url: str | None = None
    path: str | None = None
    sha256: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def paragraph_at(self, offset: int) -> int | None:
        """Index of the paragraph holding ``offset`` (None when there are no paragraphs)."""
        for para in self.paragraphs:
            if para.start <= offset < para.end:
                return para.index
        return self.paragraphs[-1].index if self.paragraphs else None

    @property
    def location(self) -> str:
        return self.url or self.path or ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        data = dict(data)
        data["paragraphs"] = [Paragraph(**p) for p in data.get("paragraphs") or []]
        return cls(**{k: v for k, v in data.items() if k in _field_names(cls)})


@dataclass
class Quantity:
    """A figure: value (number or [low, high]), normalised unit, bound or change, and rate."""

    value: float | list[float] | None
    unit: str | None
    text: str
    start: int
    end: int
    qualifier: str = "="  # one of = > >= < <= ~ up down: the bound, else up/down for the size of a change
    rate: str | None = None  # "year", "day", ... for "annually", "per day" (never part of ``unit``)
    vague: bool = False  # "majority", "several": kept as words, value None
    of: str | None = None  # what is counted, as written ("North Korean workers")
    kind: str = "quantity"  # money, percent or quantity: what the figure is, whatever the claim's category
    restates: bool = False  # the previous figure again in another currency or unit ("14bn euros ($19bn)")
    change: str | None = None  # "up"/"down" when the figure belongs to a change (its size or a level it reached)
    from_value: float | None = None  # the level a change started from ("from 157,000")
    to_value: float | None = None  # the level a change reached ("to 133,000", "rose to 4.6%")
    by: float | None = None  # the size of the change that reached this level ("by 0.27 percentage points")
    by_unit: str | None = None
    ratio: list[float] | None = None  # as written: [1, 5] for "one in five", [4, 9] for odds of 4/9

    _EXTRAS = ("change", "from_value", "to_value", "by", "by_unit", "ratio")

    def to_dict(self) -> dict[str, Any]:
        data = {
            "value": list(self.value) if isinstance(self.value, (list, tuple)) else self.value,
            "unit": self.unit,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "qualifier": self.qualifier,
            "rate": self.rate,
            "vague": self.vague,
            "of": self.of,
            "kind": self.kind,
            "restates": self.restates,
        }
        for name in self._EXTRAS:  # only when set: most figures have none, and the ledger keeps them all
            value = getattr(self, name)
            if value is not None:
                data[name] = list(value) if isinstance(value, (list, tuple)) else value
        return data

    @property
    def is_change(self) -> bool:
        """Whether the value is the size of a change ("rose 5%", "down more than 25%"), not a level."""
        return self.qualifier in ("up", "down") or (
            self.change is not None and self.to_value is None and self.from_value is None
        )

    def describe(self) -> str:
        """Human form for the worklist: ``> 500,000,000 USD per year``, ``5.8 percent (up by 0.27 percentage_point)``."""
        if self.vague:
            text = f"{self.text} (vague)"
            return f"{text} of {self.of}" if self.of else text
        if self.unit == "odds" and self.ratio:
            return f"odds {_format_value(self.ratio[0])}/{_format_value(self.ratio[1])}"
        parts = []
        if self.is_change and self.change and self.qualifier != self.change:
            parts.append(self.change)  # "down > 25 percent"
        if self.qualifier and self.qualifier != "=":
            parts.append(self.qualifier)
        if self.from_value is not None and self.to_value is not None and isinstance(self.value, (list, tuple)):
            parts.append(f"{_format_value(self.from_value)} → {_format_value(self.to_value)}")
        elif self.ratio and self.unit is None:
            parts.append(f"{_format_value(self.ratio[0])} in {_format_value(self.ratio[1])}")
        else:
            parts.append(_format_value(self.value))
        if self.unit:
            parts.append(self.unit)
        if self.rate:
            parts.append(f"per {self.rate}")
        if self.ratio and self.unit is None and self.of:
            parts.append(f"of {self.of}")
        if not self.is_change and self.change:
            moved = (
                f"{self.change} by {_format_value(self.by)} {self.by_unit or ''}".rstrip() if self.by else self.change
            )
            parts.append(f"({moved})")
        return " ".join(parts)


@dataclass
class DateValue:
    """A calendar date with its precision, whether it was resolved from context, and its event."""

    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    text: str
    start: int
    end: int
    event: str | None = None
    relative: bool = False
    until: str | None = None  # the last day of a range of days ("19-20 March": value the 19th, until the 20th)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "value": self.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "event": self.event,
            "relative": self.relative,
        }
        if self.until is not None:
            data["until"] = self.until
        return data

    def describe(self) -> str:
        value = self.value or f"{self.text} (unresolved)"
        if self.until:
            value = f"{value} to {self.until}"
        return f"{value} ({self.event})" if self.event else value


@dataclass
class Source:
    """Who a claim is attributed to, as written and as resolved, and through whom it came."""

    text: str | None
    start: int | None
    end: int | None
    name: str
    kind: str  # person organization government publication document unnamed outlet
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    via: list[Source] = field(default_factory=list)

    def describe(self) -> str:
        return f"{self.name} ({self.kind})"

    def to_dict(self) -> dict[str, Any]:
        data = self._fields()
        data["via"] = [v._fields() for v in self.via]
        return data

    def _fields(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "kind": self.kind,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Source | None:
        if data is None:
            return None
        if not data.keys() <= _field_names(cls):  # written by another version: keep the fields this one knows
            data = {k: v for k, v in data.items() if k in _field_names(cls)}
        via = data.get("via")
        return cls(**{**data, "via": [cls.from_dict(v) for v in via] if via else []})


@dataclass
class Report:
    """A statement reported inside a claim by someone other than the claim's own speaker ("the
    union leader who said X" in the article's "Brown criticised a union leader who said X")."""

    source: Source
    content_start: int
    content_end: int
    rule_id: str
    # a statement in a sentence that is no claim (a view, a headline) is kept with the claim before it:
    # the sentence it stands in, instead of the claim's
    sentence: tuple[int, int] | None = None
    text: str | None = None  # the reported words of such a statement (a claim's own are in its sentence)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source.to_dict(),
            "content_start": self.content_start,
            "content_end": self.content_end,
            "rule_id": self.rule_id,
        }
        if self.sentence is not None:
            data["sentence"] = list(self.sentence)
            data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        source = Source.from_dict(data["source"])
        assert source is not None
        sentence = data.get("sentence")
        return cls(
            source,
            int(data["content_start"]),
            int(data["content_end"]),
            str(data["rule_id"]),
            (int(sentence[0]), int(sentence[1])) if sentence else None,
            data.get("text"),
        )


@dataclass
class Claim:
    """A checkable statement found in an article, with everything the worklist shows about it."""

    article_id: str
    claim_id: str
    type: str  # a ClaimType, or the type a registered family gives the claims holding its findings
    text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    rule_id: str
    score: float = 0.0
    source: Source | None = None
    content_start: int | None = None
    content_end: int | None = None
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    comparisons: list[dict[str, Any]] = field(default_factory=list)  # rankings and comparisons, each with "describe"
    records: list[dict[str, Any]] = field(default_factory=list)  # values of added families: kind, describe, text...
    reasons: list[tuple[str, float]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    paragraph: int | None = None
    sentence: str = ""
    checked: str = ""  # the claim as checked: a standalone statement, speaker first, names and dates made explicit
    context: str = ""  # the claim's sentence with its neighbours in the paragraph (empty: the sentence alone)
    reports: list[Report] = field(default_factory=list)  # statements others are reported to make inside it

    @property
    def outlet_voice(self) -> bool:
        return self.source is None

    def value_text(self) -> str:
        """The normalised values in words, for the worklist's Value column, in reading order.

        A figure restated in another currency or unit goes with the one it restates:
        ``~ 14,000,000,000 EUR (= 19,000,000,000 USD = 10,000,000,000 GBP)``.
        """
        parts: list[tuple[int, str]] = []
        for q in self.quantities:
            if q.restates and parts:
                start, text = parts[-1]
                said = (
                    q.describe().removeprefix(f"{q.qualifier} ") if text.startswith(f"{q.qualifier} ") else q.describe()
                )
                text = text[:-1] + f" = {said})" if text.endswith(")") else f"{text} (= {said})"
                parts[-1] = (start, text)
            else:
                parts.append((q.start, q.describe()))
        parts += [(d.start, d.describe()) for d in self.dates]
        parts += [(int(c.get("start", self.start)), str(c.get("describe", ""))) for c in self.comparisons]
        parts += [(int(r.get("start", self.start)), str(r.get("describe", ""))) for r in self.records]
        return "; ".join(text for _, text in sorted(parts, key=lambda p: p[0]) if text)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON- and msgpack-safe dict (written by hand: ``dataclasses.asdict`` deep-copies and is slow)."""
        return {
            "article_id": self.article_id,
            "claim_id": self.claim_id,
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "rule_id": self.rule_id,
            "score": self.score,
            "source": self.source.to_dict() if self.source else None,
            "content_start": self.content_start,
            "content_end": self.content_end,
            "quantities": [q.to_dict() for q in self.quantities],
            "dates": [d.to_dict() for d in self.dates],
            "comparisons": self.comparisons,
            "reasons": [list(r) for r in self.reasons],
            "flags": [str(f) for f in self.flags],
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "checked": self.checked,
            "context": self.context,
            "reports": [r.to_dict() for r in self.reports],
            **({"records": self.records} if self.records else {}),  # written only when there are any
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """The claim ``to_dict`` gave (a ledger holds hundreds of thousands: this is kept quick)."""
        if not data.keys() <= _field_names(cls):  # written by another version: keep the fields this one knows
            if data.get("comparison"):
                data = {**data, "comparisons": [data["comparison"]]}
            data = {k: v for k, v in data.items() if k in _field_names(cls)}
        source, quantities, dates, reasons, reports, flags = (
            data.get("source"),
            data.get("quantities"),
            data.get("dates"),
            data.get("reasons"),
            data.get("reports"),
            data.get("flags"),
        )
        return cls(
            **{
                **data,
                "source": Source.from_dict(source) if source is not None else None,
                "quantities": [Quantity(**q) for q in quantities] if quantities else [],
                "dates": [DateValue(**d) for d in dates] if dates else [],
                "reasons": [tuple(r) for r in reasons] if reasons else [],
                "reports": [Report.from_dict(r) for r in reports] if reports else [],
                "flags": [f if isinstance(f, Flag) else Flag.parse(f) for f in flags] if flags else [],
            }
        )


@dataclass
class Review:
    """A fact-checker's marks on one claim, as read from a worklist or stored in the ledger."""

    claim_id: str
    status: str | None = None
    verdict: str | None = None
    assigned_to: str | None = None
    evidence: str | None = None
    notes: str | None = None
    checked_on: str | None = None

    REVIEW_FIELDS = ("status", "verdict", "assigned_to", "evidence", "notes", "checked_on")

    def is_empty(self) -> bool:
        return all(getattr(self, f) in (None, "") for f in self.REVIEW_FIELDS)

    def values(self) -> dict[str, str | None]:
        return {f: getattr(self, f) for f in self.REVIEW_FIELDS}


def make_claim_id(article_id: str, start: int, end: int, text: str) -> str:
    """Stable claim id: the same article text and the same claim give the same id on every run.

    The category is left out, so that a claim keeps its id (and its review) when the rules come to
    read it as another kind of claim.
    """
    return "c" + short_hash(article_id, "claim", start, end, text, length=15)


def _format_value(value: float | list[float] | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, (list, tuple)):
        return "–".join(_format_value(v) for v in value)
    if float(value).is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _field_names(cls: type) -> frozenset[str]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))
    return names
