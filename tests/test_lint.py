"""ruff and mypy (strict on linode_tui/api) are part of the suite, so CI keeps them clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_clean() -> None:
    out = _run(str(BIN / "ruff"), "check", "linode_tui", "tests", "bench")
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_clean() -> None:
    out = _run(str(BIN / "mypy"), "linode_tui", "tests")
    assert out.returncode == 0, out.stdout + out.stderr
