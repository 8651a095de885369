"""The command line: bad flags and unreachable APIs end with a clear message and a non-zero exit,
never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINODE_", "NO_COLOR"))}
    return subprocess.run(
        [sys.executable, "-m", "linode_tui", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and "linode-tui" in out.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--bogus",), "unrecognized arguments"),
        (("--demo-size", "lots"), "not a whole number"),
        (("--demo", "--api-url", "http://x/v4"), "exclude each other"),
        (("sim", "--faults", "chaos"), "invalid choice"),
        (("sim", "--speed", "0"), "greater than 0"),
        (("sim", "--start", "tomorrow"), "not an ISO date"),
    ],
)
def test_bad_flags_exit_2_with_a_message(args: tuple[str, ...], needle: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr


def test_unknown_start_command() -> None:
    out = run("--demo", "-c", "frobnicate")
    assert out.returncode == 2
    assert "nknown command 'frobnicate'" in out.stderr
    assert "Traceback" not in out.stderr


def test_unreachable_api_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    out = run(
        "--api-url",
        f"http://127.0.0.1:{port}/v4",
        env={"LINODE_TOKEN": "secret-token-123", "HOME": str(tmp_path)},
        timeout=120,
    )
    assert out.returncode == 1
    assert "cannot reach the API" in out.stderr
    assert "secret-token-123" not in out.stderr + out.stdout
    assert "Traceback" not in out.stderr


def test_api_url_needs_a_token(tmp_path: Path) -> None:
    out = run("--api-url", "http://127.0.0.1:9/v4", env={"HOME": str(tmp_path)})
    assert out.returncode == 1
    assert "LINODE_TOKEN" in out.stderr


def test_refused_token_is_a_clear_error(tmp_path: Path) -> None:
    from linode_tui.sim import create_sim
    from linode_tui.sim.serve import ServerThread

    server = ServerThread(create_sim(linodes=5)).start()
    try:
        out = run("--api-url", server.url, env={"LINODE_TOKEN": "wrong-token", "HOME": str(tmp_path)})
    finally:
        server.stop()
    assert out.returncode == 1
    assert "refused the token" in out.stderr
    assert "wrong-token" not in out.stderr


def test_unknown_profile_is_a_clear_error(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "LINODE_TUI_CONFIG_DIR": str(tmp_path),
    }
    out = run("--profile", "nosuch", env=env, timeout=30)
    assert out.returncode == 1
    assert "nosuch" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_collector_is_back_on_after_a_start_that_ends_early(tmp_path: Path, monkeypatch: Any) -> None:
    """The command line turns garbage collection off while the UI starts; a start that ends before
    the app mounts (here: no token for --api-url) turns it back on."""
    import gc

    from linode_tui.cli import main

    monkeypatch.delenv("LINODE_TOKEN", raising=False)
    monkeypatch.delenv("LINODE_CLI_TOKEN", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var))  # no settings file
    assert gc.isenabled()
    assert main(["--api-url", "http://127.0.0.1:9/v4"]) == 1
    assert gc.isenabled()
