"""The package as a user installs it: a wheel that works outside the repository, its version, its licence."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claims
from claims.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "articles" / "upi-north-korea-russia-anniversary.txt"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
VERSION = PROJECT["project"]["version"]


def test_version_comes_from_the_package_metadata():
    assert claims.__version__ == version("claims") == VERSION
    result = CliRunner().invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"claims {VERSION}\n")


def test_python_m_claims_is_the_command_line():
    done = subprocess.run([sys.executable, "-m", "claims", "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, f"claims {VERSION}\n")
    usage = subprocess.run([sys.executable, "-m", "claims", "--help"], capture_output=True, text=True, check=False)
    assert "Usage: claims " in usage.stdout  # not "python -m claims" or "__main__.py"


def test_the_licence_is_an_spdx_expression():
    assert PROJECT["project"]["license"] == "MIT"
    assert any(r.startswith("setuptools>=77") for r in PROJECT["build-system"]["requires"])


def test_plain_export_uses_its_default_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["export"])
    assert result.exit_code == 1  # not 2 with the help: --format has a default
    assert result.output == (
        "error: exports/ledger.sqlite: no ledger yet; run 'make claims' and import a reviewed worklist first\n"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """``python -m build`` on a copy of the project (the repository gets no build/ folder)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "claims", source / "claims", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SetuptoolsDeprecationWarning" not in done.stdout + done.stderr
    (built,) = out.glob("claims-*.whl")
    return built


def test_the_wheel_holds_the_rules_and_declares_its_licence(wheel):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(f"claims-{VERSION}.dist-info/METADATA").decode()
    assert {f"claims/rules/{f.name}" for f in (ROOT / "claims" / "rules").glob("*.yml")} <= names
    assert "claims/__main__.py" in names
    assert "License-Expression: MIT" in metadata.splitlines()
    assert "License-File: LICENSE" in metadata.splitlines()  # the licence's text goes with the wheel
    assert f"claims-{VERSION}.dist-info/licenses/LICENSE" in names
    assert any(line.startswith("Requires-Dist: spacy") for line in metadata.splitlines())


def test_the_installed_wheel_extracts_outside_the_repository(wheel, tmp_path):
    """A fresh virtualenv outside the repository, no environment variable: the packaged rules are found.

    The wheel is installed without its dependencies, which the fresh environment borrows from this one's
    site-packages (a path in a .pth file: this project's own editable install there is not picked up).
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    done = subprocess.run(install, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMS_") and k != "PYTHONPATH"}
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, check=False, timeout=600)

    where = run(str(python), "-c", "import claims; print(claims.__file__)")
    assert where.stdout.strip() == str(Path(site) / "claims" / "__init__.py")
    assert (run(str(python), "-m", "claims", "--version").stdout) == f"claims {VERSION}\n"
    extracted = run(str(venv / "bin" / "claims"), "extract", str(SEED), "--output", "out/worklist.xlsx")
    assert extracted.returncode == 0, extracted.stderr
    assert extracted.stderr.strip().endswith("claims from 1 articles (1 parsed, 0 unchanged) → out/worklist.xlsx")
    assert (work / "out" / "worklist.xlsx").stat().st_size > 5000
