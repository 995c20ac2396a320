"""Typed errors raised by the library. Only the CLI turns them into one line on stderr."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

# What a terminal would act on rather than show: C0 and C1 controls, DEL, line and paragraph separators,
# bidirectional overrides, and the lone surrogates that stand for bytes of a file name that are not UTF-8.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object) -> str:
    """``text`` safe to print on one line: control characters and the like escaped (``\\x1b``, ``\\n``).

    A byte of a file name that is not UTF-8 (which Python keeps as a lone surrogate, U+DC80 to
    U+DCFF) is shown as that byte, ``\\xff``; other lone surrogates as ``\\ud800``.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        code = ord(char)
        if char in _NAMED:
            return _NAMED[char]
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, str(text))


class ClaimsError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""


class ModelNotInstalled(ClaimsError):
    """The chosen spaCy pipeline is not installed."""


@dataclass(frozen=True, order=True)
class RuleProblem:
    """One thing wrong in the rules or the settings: the file, the line, the rule (if any) and what is wrong."""

    path: str
    line: int | None
    rule_id: str
    message: str

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


class RuleProblems(ClaimsError):
    """The rules folder (or the settings it is used with) cannot be used: every problem found, at once.

    The CLI prints them as a table (file, line, rule, problem); ``str()`` is one line per problem.
    """

    def __init__(self, problems: list[RuleProblem]):
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.rule_id, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[object, ...]:  # pickles across worker processes
        return (RuleProblems, (self.problems,))


class RuleError(RuleProblems):
    """One problem in a rule file. The message names the file, the line and what is allowed."""

    def __init__(self, path: str, line: int | None, message: str, rule_id: str = ""):
        self.path, self.line, self.message = path, line, message
        super().__init__([RuleProblem(path, line, rule_id, message)])

    def __reduce__(self) -> tuple[object, ...]:
        return (RuleError, (self.path, self.line, self.message, self.problems[0].rule_id))


class InputError(ClaimsError):
    """An input file cannot be read. The message names the file and the reason (both printable)."""

    def __init__(self, path: str, reason: str):
        self.path, self.reason = printable(path), printable(reason)
        super().__init__(f"{self.path}: {self.reason}")


class ClusterError(ClaimsError):
    """A Dask cluster cannot be used: dask is not installed, the scheduler cannot be reached, or a
    worker cannot load the pipeline."""


class WorklistError(ClaimsError):
    """A worklist cannot be written or read back safely."""


class LedgerError(ClaimsError):
    """The ledger cannot be opened or updated."""


class OutputError(ClaimsError):
    """A file cannot be written: a read-only folder, a full disk, or another system error. Says which.

    ``in_folder``: the error came while creating a file in the file's folder (so a permission error
    means the folder is read-only).
    """

    def __init__(self, path: object, exc: OSError, in_folder: bool = False):
        self.path, self.errno = printable(path), exc.errno
        if in_folder and exc.errno in (errno.EACCES, errno.EPERM):
            reason = "its folder is read-only (permission denied)"
        else:
            reason = os_reason(exc)
        super().__init__(f"{self.path}: cannot write it: {reason}")


def os_reason(exc: OSError) -> str:
    """What an operating-system error means for the user, in a few words."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.EROFS:
        return "the file system is read-only"
    if code == errno.ENOSPC:
        return "the disk is full"
    if code == errno.EDQUOT:
        return "your disk quota is used up"
    if code == errno.EFBIG:
        return "the file is larger than the file system or your file size limit allows"
    if code == errno.ENOENT:
        return "no such file or folder"
    return printable(exc.strerror or exc)


def os_error_in(exc: BaseException) -> OSError | None:
    """The operating-system error behind ``exc``: itself, its first argument (XlsxWriter's FileCreateError) or its cause."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError):
            return exc
        first = exc.args[0] if exc.args else None
        if isinstance(first, OSError):
            return first
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    return None
