"""``claims rules``: check the rule files."""

from __future__ import annotations

from typing import Annotated

import typer

from claims.cli.common import user_errors

app = typer.Typer(help="Work with the rule files.\n\nExample: claims rules check", no_args_is_help=True)


@app.command("check")
def check_command(
    rules: Annotated[
        str | None, typer.Option("--rules", help="Rules folder (default: $CLAIMS_RULES or the packaged claims/rules/).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to run the examples with.")] = None,
) -> None:
    """Validate every rule file and run every rule's examples.

    Example: claims rules check --rules claims/rules/
    """
    from claims.nlp.check import check_examples
    from claims.nlp.pipeline import load_pipeline
    from claims.nlp.rules import load_rules

    with user_errors():
        ruleset = load_rules(rules)
        nlp = load_pipeline(model, with_claims=False)
        count, failures = check_examples(nlp, ruleset)
    for failure in failures:
        typer.echo(f"error: {failure}", err=True)
    families = sorted({r.family for r in ruleset.rules})
    typer.echo(
        f"{len(ruleset.rules)} rules in {len(families)} families ({', '.join(families)}), {count} examples, "
        f"{len(failures)} failing; rules version {ruleset.version}"
    )
    if failures:
        raise typer.Exit(1)
