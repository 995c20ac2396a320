"""``claims explain --html``: the article with its claims highlighted, each with type, source and score."""

from __future__ import annotations

import html

from typer.testing import CliRunner

from claims.cli import app
from claims.explain import render_html
from claims.ingest import read_paths
from claims.nlp.parse import extract_claims
from claims.worklist.rows import said_by

ARTICLE = """City opens new bridge

The mayor's office said the new bridge cost $45 million, twice the estimate.

Traffic on the old crossing fell 30 percent in March, according to the transport department.

Residents hope the bridge will last.
"""


def test_explain_html_shows_every_claim_with_its_type_source_and_score(nlp, tmp_path):
    source, page = tmp_path / "bridge.txt", tmp_path / "bridge.html"
    source.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["explain", "--file", str(source), "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(f"→ {page}")

    (article,) = list(read_paths([source]))
    _, claims = next(extract_claims(nlp, [article]))
    written = page.read_text(encoding="utf-8")
    bridge = "The mayor's office said the new bridge cost $45 million, twice the estimate."
    # "Residents hope the bridge will last." is a wish with nothing to look up: no row
    assert [c.text for c in claims] == [
        bridge,
        "Traffic on the old crossing fell 30 percent in March, according to the transport department.",
    ]
    for claim in claims:
        row = (
            f"<tr><td>{html.escape(claim.type)}</td><td>{html.escape(claim.text)}</td><td>{claim.score:.2f}</td>"
            f"<td>{html.escape(claim.value_text())}</td><td>{html.escape(said_by(claim.source, article))}</td>"
        )
        assert row in written, claim.text
    money = claims[0]
    assert money.source is not None and "mayor" in money.source.name.lower()
    # in the article text: the claim highlighted, labelled with its category and score, its source in the tooltip
    assert f'<mark class="quantity" title="{html.escape(said_by(money.source, article))} — ' in written
    assert f'{html.escape(bridge)}<span class="label">quantity {money.score:.2f}</span></mark>' in written


def test_article_text_is_escaped_not_rendered(nlp):
    from claims.ingest.text import paragraphs_of
    from claims.model import Article

    text = "Officials said <b>tolls</b> rose 5 percent & more in 2020."
    article = Article(id="a1", text=text, paragraphs=paragraphs_of(text))
    _, claims = next(extract_claims(nlp, [article]))
    page = render_html(article, claims, nlp.get_pipe("claims").extractor.scorer)
    assert "<b>tolls</b>" not in page
    assert "&lt;b&gt;tolls&lt;/b&gt;" in page and "&amp; more" in page
