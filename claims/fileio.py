"""Safe file writes: temporary file, fsync, rename; and never over a workbook that is open."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any


def atomic_write(
    path: Path, write: Callable[[IO[Any]], None] | Callable[[Path], None], text: bool = False, by_path: bool = False
) -> None:
    """Write ``path`` so that it is either the old file or the complete new one, never half of one.

    Args:
        path: the file to (re)place.
        write: called with an open handle, or with a temporary path when ``by_path`` is true.
        text: open the handle in text mode (UTF-8, newline='').
        by_path: the writer wants a path (openpyxl's ``save``) rather than a handle.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
    except BaseException:
        temp.unlink(missing_ok=True)
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
