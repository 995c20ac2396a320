"""The ``claims`` command: one module per subcommand, this file only wires them together."""

from __future__ import annotations

from typing import Annotated

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
app.command("export")(export.export_command)
app.command("status")(status.status_command)
app.command("explain", no_args_is_help=True)(explain.explain_command)
app.add_typer(rules.app, name="rules")


def _show_version(value: bool) -> None:
    if value:
        from claims import __version__

        typer.echo(f"claims {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    pass  # options of the claims command itself (the help text is the app's)


def main() -> None:
    app(prog_name="claims")
