"""Typed errors raised by the library. Only the CLI turns them into one line on stderr."""

from __future__ import annotations


class ClaimsError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""


class ModelNotInstalled(ClaimsError):
    """The chosen spaCy pipeline is not installed."""


class RuleError(ClaimsError):
    """A rule file is invalid. The message names the file, the line and what is allowed."""

    def __init__(self, path: str, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class InputError(ClaimsError):
    """An input file cannot be read. The message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


class ClusterError(ClaimsError):
    """A Dask cluster cannot be used: dask is not installed, the scheduler cannot be reached, or a
    worker cannot load the pipeline."""


class WorklistError(ClaimsError):
    """A worklist cannot be written or read back safely."""


class LedgerError(ClaimsError):
    """The ledger cannot be opened or updated."""
