"""``claims rules``: check the rule files (and the settings file they are used with)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claims.cli.common import problem_table, say, user_errors

app = typer.Typer(help="Work with the rule files.\n\nExample: claims rules check", no_args_is_help=True)


@app.command("check")
def check_command(
    rules: Annotated[
        str | None, typer.Option("--rules", help="Rules folder (default: $CLAIMS_RULES or the packaged claims/rules/).")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to run the examples with.")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings file (default: ./claims.toml if present).")
    ] = None,
) -> None:
    """Validate every rule file and the settings file, then run every rule's examples through the extractor.

    Every problem is listed at once, as a table (file, line, rule, problem): unknown keys, families,
    labels, token names and lexicon keys, bad patterns and regular expressions, duplicate ids, and
    examples that no longer match or no longer give the claim they state.

    Example: claims rules check --rules claims/rules/
    """
    from claims.nlp.check import check_examples
    from claims.nlp.pipeline import load_pipeline
    from claims.resolve import resolve_setup

    with user_errors():
        ruleset, _ = resolve_setup(rules, config)
        nlp = load_pipeline(model, with_claims=False)
        count, failures = check_examples(nlp, ruleset)
    if failures:
        say(f"error: {len(failures)} example(s) do not hold:", err=True)
        for line in problem_table([f.as_problem() for f in failures]):
            say(line, err=True)
    families = ruleset.families()
    typer.echo(
        f"{len(ruleset.rules)} rules in {len(families)} families ({', '.join(families)}), {count} examples, "
        f"{len(failures)} failing; rules version {ruleset.version}"
    )
    if failures:
        raise typer.Exit(1)
