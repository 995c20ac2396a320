"""What every command shares: turning library errors into one line on stderr and an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from claims.errors import ClaimsError, RuleProblem, RuleProblems, printable


def say(message: object, err: bool = False) -> None:
    """Print one line, with control characters (from file names, cells, articles) escaped."""
    typer.echo(printable(message), err=err)


def fail(message: str, code: int = 1) -> typer.Exit:
    say(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Report a ClaimsError as ``error: <message>`` and exit 1, without a traceback; several problems in
    the rules or the settings as one table of all of them (``problem_table``)."""
    try:
        yield
    except RuleProblems as exc:
        if len(exc.problems) == 1:  # one clear line: FILE:LINE: what is wrong
            raise fail(str(exc.problems[0])) from exc
        say(f"error: the rules or settings cannot be used ({len(exc.problems)} problems):", err=True)
        for line in problem_table(exc.problems):
            say(line, err=True)
        raise typer.Exit(1) from exc
    except ClaimsError as exc:
        raise fail(str(exc)) from exc


def problem_table(problems: list[RuleProblem]) -> list[str]:
    """Problems as a table with the columns file, line, rule, problem; one row each, in file order."""
    rows = [("file", "line", "rule", "problem")]
    rows += [(p.path, str(p.line or ""), p.rule_id, p.message.removeprefix(f"rule '{p.rule_id}': ")) for p in problems]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return [
        "  " + "  ".join([row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]), row[3]]).rstrip()
        for row in rows
    ]
