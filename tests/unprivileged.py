"""Run a command in a child process for which file permissions hold, even when the tests run as root.

chmod does not stop root: root has CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH. The child gives them
up before it starts (``prctl(PR_CAPBSET_DROP)``), so a read-only folder is read-only to it and an
unreadable file unreadable, as for any user. Run as an ordinary user, the child runs as it is.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_permission_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -c CODE ARGS`` in a child process for which file permissions hold."""
    if os.name != "posix":
        pytest.skip("file permissions as tested here are POSIX")
    if os.geteuid() == 0 and sys.platform != "linux":
        pytest.skip("running as root off Linux: cannot give up CAP_DAC_OVERRIDE; run the tests as a user")
    drop = _drop_permission_override if os.geteuid() == 0 else None
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, preexec_fn=drop, timeout=600
    )


def run_claims(*args: object) -> subprocess.CompletedProcess[str]:
    """``claims ARGS`` in a child process for which file permissions hold."""
    return run_python("from claims.cli import main; main()", *[str(a) for a in args])
