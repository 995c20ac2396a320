"""``claims explain``: which rules fired on a sentence or article, and why each claim scored as it did."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, cast

import typer

from claims.cli.common import fail, say, user_errors


def explain_command(
    text: Annotated[str | None, typer.Argument(help="A sentence or paragraph to explain.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Explain a whole article file instead.")] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the article with its claims highlighted to this HTML file."),
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date (YYYY-MM-DD) for relative dates.")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to use.")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Rules folder.")] = None,
) -> None:
    """Show the claims found, the rules that fired, and the score with its parts.

    Example: claims explain "The government earned more than $500 million annually, the ministry said."
    """
    from claims.explain import explain_lines, render_html
    from claims.ingest import ReadOptions, read_paths
    from claims.ingest.text import paragraphs_of
    from claims.model import Article, short_hash
    from claims.nlp.parse import extract_claims
    from claims.nlp.pipeline import load_pipeline
    from claims.resolve import resolve_rules

    if (text is None) == (file is None):
        raise fail("give a sentence or --file ARTICLE (one of them)", 2)
    with user_errors():
        ruleset = resolve_rules(rules)
        if file is not None:
            items = list(read_paths([file], ReadOptions(ruleset=ruleset)))
            if not items or not isinstance(items[0], Article):
                raise fail(str(items[0]) if items else f"{file}: no article")
            article = items[0]
        else:
            assert text is not None
            article = Article(id="x" + short_hash(text, length=12), text=text, paragraphs=paragraphs_of(text))
        if published:
            article.published = published
        nlp = load_pipeline(model, rules=ruleset)
        _, claims = next(extract_claims(nlp, [article]))
        scorer = cast(Any, nlp.get_pipe("claims")).extractor.scorer
        for line in explain_lines(article, claims, scorer):
            say(line)
        if html is not None:
            from claims.fileio import atomic_write

            page = render_html(article, claims, scorer)
            atomic_write(html, lambda handle: handle.write(page), text=True)
            say(f"→ {html}")
