"""Explanations of claims for people: plain lines for the terminal, and an HTML page (displaCy spans)."""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator

from claims.model import Article, Claim
from claims.score import Scorer
from claims.worklist.rows import said_by, via


def explain_lines(article: Article, claims: list[Claim], scorer: Scorer) -> Iterator[str]:
    """For each claim: type, text, value, source, rule, score and the signals that made it."""
    if not claims:
        yield "no claims found"
        return
    for number, claim in enumerate(sorted(claims, key=lambda c: c.start), start=1):
        yield f"[{number}] {claim.type}: “{claim.text}”"
        if claim.checked and claim.checked != claim.text:
            yield f"    as checked: {claim.checked}"
        value = claim.value_text()
        if value:
            yield f"    value:  {value}"
        yield f"    said by: {said_by(claim.source, article)}" + (
            f"; via {via(claim.source)}" if via(claim.source) else ""
        )
        if claim.source and claim.source.cue:
            yield f"    cue:    “{claim.source.cue}”"
        yield f"    rule:   {claim.rule_id}"
        yield f"    score:  {claim.score:.2f} = {_formula(claim, scorer)}"
        why = scorer.says(claim.reasons)
        if why:
            yield f"    why:    {why}"
        for flag in claim.flags:
            yield f"    flag:   {flag}"


def _formula(claim: Claim, scorer: Scorer) -> str:
    """How the priority was worked out, in the terms of claims/rules/scoring.yml."""
    worth = [(n, w) for n, w in claim.reasons if n not in scorer.priority_ids]
    place = [(n, w) for n, w in claim.reasons if n in scorer.priority_ids]
    signals = ", ".join(f"{name} {weight:+.2f}" for name, weight in worth) or "no signals"
    text = f"check-worthiness ({scorer.bias:+.2f} bias, {signals})"
    if scorer.scale != 1.0 or place or scorer.offset:
        extra = "".join(f" {w:+.2f} {n}" for n, w in place)
        text = f"{scorer.scale:.2f} × {text}{extra} {scorer.offset:+.2f}"
    if scorer.temperature != 1.0:
        text = f"({text}) / {scorer.temperature:.2f}"
    return f"logistic({text})"


def render_html(article: Article, claims: list[Claim], scorer: Scorer) -> str:
    """The article with every claim highlighted, in the style of displaCy's entity view, and a table of claims.

    displaCy's renderers need spaCy tokens and cannot show a score and source per span, so the
    markup is written here in the same look.
    """
    body = _span_markup(article, claims)
    rows = "\n".join(
        f"<tr><td>{html_lib.escape(c.type)}</td><td>{html_lib.escape(c.text)}</td><td>{c.score:.2f}</td><td>{html_lib.escape(c.value_text())}</td><td>{html_lib.escape(said_by(c.source, article))}</td><td>{html_lib.escape(scorer.says(c.reasons))}</td><td><code>{html_lib.escape(c.rule_id)}</code></td></tr>"
        for c in sorted(claims, key=lambda c: -c.score)
    )
    title = html_lib.escape(article.title or article.id)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — claims</title>
<style>
body {{ font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 2.2; }}
mark {{ padding: 0.15em 0.3em; border-radius: 0.3em; }}
mark .label {{ font-size: 0.6em; font-weight: bold; text-transform: uppercase; margin-left: 0.4em; vertical-align: middle; }}
table {{ border-collapse: collapse; line-height: 1.4; font-size: 0.9em; }} td, th {{ border: 1px solid #ccc; padding: 0.3em; vertical-align: top; }}
.quantity {{ background: #ffe0b2; }} .event {{ background: #c8e6c9; }} .causal {{ background: #bbdefb; }}
.rule {{ background: #e1bee7; }} .prediction {{ background: #fff9c4; }} .other {{ background: #eeeeee; }}
</style></head><body>
<h1>{title}</h1>
<div class="article">{body}</div>
<h2>Claims</h2>
<table><tr><th>Type</th><th>Claim</th><th>Score</th><th>Value</th><th>Said by</th><th>Why</th><th>Rule</th></tr>
{rows}
</table></body></html>
"""


def _span_markup(article: Article, claims: list[Claim]) -> str:
    """Article text with non-overlapping claims wrapped in <mark>; paragraphs as <p>."""
    chosen: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.start, -(c.end - c.start))):
        if chosen and claim.start < chosen[-1].end:
            continue
        chosen.append(claim)
    text = article.text
    out: list[str] = []
    position = 0
    for claim in chosen:
        out.append(html_lib.escape(text[position : claim.start]))
        label = f"{claim.type} {claim.score:.2f}"
        tip = html_lib.escape(
            " — ".join(p for p in (said_by(claim.source, article), claim.value_text(), claim.rule_id) if p)
        )
        out.append(
            f'<mark class="{claim.type}" title="{tip}">{html_lib.escape(text[claim.start : claim.end])}'
            f'<span class="label">{html_lib.escape(label)}</span></mark>'
        )
        position = claim.end
    out.append(html_lib.escape(text[position:]))
    return "".join(f"<p>{p}</p>" for p in "".join(out).split("\n\n"))
