"""Safe file reads and writes.

Reads: regular files only (never a named pipe or a device, which could block or never end), and
never more than a limit. Writes: temporary file, fsync, rename; never over a workbook that is open;
a read-only folder or a full disk is an ``OutputError`` that says which.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from claims.errors import ClaimsError, InputError, OutputError, os_error_in, os_reason

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is instead ("a named pipe", "a character device"...)."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_limited(path: Path, limit: int, shown: str | None = None, hint: str = "") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked on the open handle, so a named pipe or a
    device (``/dev/zero``) is refused rather than read for ever, and no more than ``limit`` bytes
    are read even from a file that grows or that reports a wrong size.

    Args:
        path: the file.
        limit: the most bytes to read.
        shown: the file as messages show it (default: the path).
        hint: added to the "too large" message, e.g. ", see --max-bytes".

    Raises:
        InputError: not a regular file, too large, or not readable (the reason says which).
    """
    shown = str(path) if shown is None else shown
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(shown, read_reason(exc)) from exc
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            kind = file_kind(info.st_mode)
            if kind:
                raise InputError(shown, f"not a regular file ({kind})")
            if info.st_size > limit:
                raise InputError(shown, f"file too large ({info.st_size:,} bytes; the limit is {limit:,}{hint})")
            data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(shown, read_reason(exc)) from exc
    if len(data) > limit:
        raise InputError(shown, f"file too large (more than {limit:,} bytes, the limit{hint})")
    return data


def file_sha256(path: Path) -> str:
    """The sha256 of a regular file, read in blocks (never a pipe or a device; never the whole file at once).

    Raises:
        InputError: not a regular file, or not readable.
    """
    shown = str(path)
    digest = hashlib.sha256()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(shown, read_reason(exc)) from exc
    with os.fdopen(fd, "rb") as handle:
        try:
            kind = file_kind(os.fstat(fd).st_mode)
            if kind:
                raise InputError(shown, f"not a regular file ({kind})")
            while block := handle.read(1024 * 1024):
                digest.update(block)
        except OSError as exc:
            raise InputError(shown, read_reason(exc)) from exc
    return digest.hexdigest()


def read_reason(exc: OSError) -> str:
    """Why a file could not be read."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {os_reason(exc)}"


def atomic_write(path: Path, write: Callable[[Any], object], text: bool = False, by_path: bool = False) -> None:
    """Write ``path`` so that it is either the old file or the complete new one, never half of one.

    Args:
        path: the file to (re)place.
        write: called with an open handle, or with a temporary path when ``by_path`` is true.
        text: open the handle in text mode (UTF-8, newline='').
        by_path: the writer wants a path (openpyxl's ``save``) rather than a handle.

    Raises:
        OutputError: the folder is read-only, the disk is full, or another system error (the message says which).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(path, exc, in_folder=True) from exc
    temp = Path(temp_name)
    try:
        if by_path:
            os.close(fd)
            write(temp)  # type: ignore[arg-type]
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        else:
            mode = "w" if text else "wb"
            kwargs: dict[str, Any] = {"encoding": "utf-8", "newline": ""} if text else {}
            with os.fdopen(fd, mode, **kwargs) as handle:
                write(handle)  # type: ignore[arg-type]
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
        _fsync_dir(path.parent)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        cause = None if isinstance(exc, ClaimsError) else os_error_in(exc)
        if cause is not None:
            raise OutputError(path, cause) from exc
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def lock_files(path: Path) -> list[Path]:
    """Office (``~$name``) and LibreOffice (``.~lock.name#``) lock files that say a workbook is open."""
    candidates = [path.with_name("~$" + path.name), path.with_name(".~lock." + path.name + "#")]
    if len(path.name) > 2:
        candidates.append(path.with_name("~$" + path.name[2:]))
    return [c for c in candidates if c.exists()]


def free_path(path: Path) -> Path:
    """``path`` itself, or when that workbook is open, the first free ``name-2.xlsx``, ``name-3.xlsx``…"""
    if not lock_files(path):
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists() and not lock_files(candidate):
            return candidate
        number += 1
