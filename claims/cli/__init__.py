"""The ``claims`` command: one module per subcommand, this file only wires them together."""

from __future__ import annotations

import typer

from claims.cli import explain, export, extract, import_, rules, status

app = typer.Typer(
    name="claims",
    help="Turn news articles into a fact-check worklist.\n\nExample: claims extract articles/ --output exports/worklist.xlsx",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("extract", no_args_is_help=True)(extract.extract_command)
app.command("import", no_args_is_help=True)(import_.import_command)
app.command("export", no_args_is_help=True)(export.export_command)
app.command("status")(status.status_command)
app.command("explain", no_args_is_help=True)(explain.explain_command)
app.add_typer(rules.app, name="rules")


def main() -> None:
    app()
