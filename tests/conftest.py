"""Suite-wide rule: a skipped test fails the run, unless its skip reason is allowed here.

Skips used to hide missing test data (about 209 tests skipped silently without ``../shared``); the
data now lives in ``tests/data``, so a skip means something is wrong.  Each allowed reason is a
substring of the skip message, with why it may legitimately happen.  At the end of the session the
unexpected skips are listed by test id and the exit status becomes 1.
"""

from __future__ import annotations

from typing import Any

import pytest

# skip-message substring -> why it is acceptable
ALLOWED_SKIP_REASONS: dict[str, str] = {
    "linode-cli is not installed in the venv":
        "the official CLI is a test extra; a venv made with `pip install -e .` alone lacks it",
    "could not import 'linode_api4'":
        "the official SDK is a test extra (pytest.importorskip), same as linode-cli",
    "chromium is not installed":
        "a real browser is a system package, not a Python one (.ci/run installs Debian's chromium)",
}

_unexpected: list[tuple[str, str]] = []


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr: Any = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def skip_allowed(reason: str) -> bool:
    return any(allowed in reason for allowed in ALLOWED_SKIP_REASONS)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = _skip_reason(report)
        if not skip_allowed(reason):
            _unexpected.append((report.nodeid, reason))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _unexpected and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not _unexpected:
        return
    terminalreporter.section("unexpected skips (tests/conftest.py: ALLOWED_SKIP_REASONS)", red=True)
    for nodeid, reason in _unexpected:
        terminalreporter.line(f"SKIPPED {nodeid}: {reason}")
    terminalreporter.line(f"{len(_unexpected)} unexpected skip(s): the run fails")


@pytest.fixture(autouse=True)
def _own_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The command line keeps the parsed CSS in the user's cache directory (linode_tui.ui.csscache):
    tests that start it write to a directory of the test session, never to the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
