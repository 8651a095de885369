"""The skip guard of tests/conftest.py: an unexpected skip fails the run and is named; allowed ones pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ALLOWED_SKIP_REASONS, skip_allowed

REPO = Path(__file__).resolve().parents[1]


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess[str]:
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "conftest.py", project / "tests" / "conftest.py")
    (project / "tests" / "__init__.py").write_text("")
    (project / "tests" / "test_sample.py").write_text(body)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["PYTHONPATH"] = str(project)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "tests"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_unexpected_skip_fails_the_run_and_is_named(tmp_path: Path) -> None:
    r = _run(tmp_path, (
        "import pytest\n"
        "def test_ok():\n    assert True\n"
        "@pytest.mark.skip(reason='data file missing')\n"
        "def test_hidden():\n    pass\n"
        "def test_runtime_skip():\n    pytest.skip('no spec here')\n"
    ))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "2 unexpected skip(s)" in r.stdout
    assert "SKIPPED tests/test_sample.py::test_hidden: data file missing" in r.stdout
    assert "tests/test_sample.py::test_runtime_skip: no spec here" in r.stdout


def test_allowed_skip_and_xfail_pass(tmp_path: Path) -> None:
    reason = next(iter(ALLOWED_SKIP_REASONS))
    r = _run(tmp_path, (
        "import pytest\n"
        f"@pytest.mark.skip(reason={reason!r})\n"
        "def test_allowed():\n    pass\n"
        "@pytest.mark.xfail(reason='known')\n"
        "def test_xfail():\n    assert False\n"
    ))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "unexpected skip" not in r.stdout


def test_allow_list_is_short_and_explained() -> None:
    assert 0 < len(ALLOWED_SKIP_REASONS) <= 5
    assert all(len(why) > 20 for why in ALLOWED_SKIP_REASONS.values())
    assert skip_allowed("Skipped: linode-cli is not installed in the venv")
    assert not skip_allowed("../shared/linode-openapi is missing")
