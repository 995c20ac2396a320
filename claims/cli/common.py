"""What every command shares: turning library errors into one line on stderr and an exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from claims.errors import ClaimsError, printable


def say(message: object, err: bool = False) -> None:
    """Print one line, with control characters (from file names, cells, articles) escaped."""
    typer.echo(printable(message), err=err)


def fail(message: str, code: int = 1) -> typer.Exit:
    say(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Report a ClaimsError as ``error: <message>`` and exit 1, without a traceback."""
    try:
        yield
    except ClaimsError as exc:
        raise fail(str(exc)) from exc
