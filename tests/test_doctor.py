"""`linode-tui doctor`: each check against the simulator (over HTTP on a free loopback port, and in
process for clock skew), and the command line's exit code."""

from __future__ import annotations

import email.utils
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from linode_tui.doctor import Check, format_checks, run_checks
from linode_tui.sim import create_sim
from linode_tui.sim.serve import ServerThread

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sim_url() -> Iterator[str]:
    with ServerThread(create_sim(linodes=3, start=time.time())) as server:  # the real clock: no skew
        yield server.url


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("LINODE_", "NO_COLOR", "TEXTUAL", "COLORTERM"))}
    return {**base, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / ".config"),
            "LINODE_TUI_DATA_DIR": str(tmp / "data"), "TERM": "xterm-256color", **extra}


def by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def doctor(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "linode_tui", "doctor", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_a_good_set_up_exits_0(sim_url: str, tmp_path: Path) -> None:
    out = doctor("--api-url", sim_url, env=clean_env(tmp_path, LINODE_TOKEN="demo"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "FAIL" not in out.stdout
    assert "demo-user" in out.stdout and "full access" in out.stdout and "in step" in out.stdout
    assert "Traceback" not in out.stderr


def test_a_bogus_token_fails_with_its_fix_and_is_never_shown(sim_url: str, tmp_path: Path) -> None:
    token = "bogus-0123456789abcdef"
    out = doctor("--api-url", sim_url, "--json", env=clean_env(tmp_path, LINODE_TOKEN=token))
    assert out.returncode == 1
    checks = {c["name"]: c for c in json.loads(out.stdout)}
    assert checks["token"]["status"] == "fail" and "401" in checks["token"]["detail"]
    assert "token" in checks["token"]["fix"].lower()
    assert checks["api"]["status"] == "ok"  # reachable; it is the token that is wrong
    assert token not in out.stdout + out.stderr


def test_a_read_only_token_is_a_warning(sim_url: str, tmp_path: Path) -> None:
    checks = by_name(run_checks(api_url=sim_url, env=clean_env(tmp_path, LINODE_TOKEN="readonly")))
    assert checks["scopes"].status == "warn" and "only read" in checks["scopes"].detail
    assert checks["scopes"].fix
    assert all(c.status != "fail" for c in checks.values())


def test_a_restricted_user_is_named(sim_url: str, tmp_path: Path) -> None:
    checks = by_name(run_checks(api_url=sim_url, env=clean_env(tmp_path, LINODE_TOKEN="restricted")))
    assert checks["api"].status == "ok" and "intern" in checks["api"].detail
    assert "restricted" in checks["api"].detail


def test_an_unreachable_api_fails(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    checks = by_name(run_checks(api_url=f"http://127.0.0.1:{port}/v4", timeout=3,
                                env=clean_env(tmp_path, LINODE_TOKEN="demo")))
    assert checks["api"].status == "fail" and "cannot reach" in checks["api"].detail
    assert checks["api"].fix


def _skewed(offset: float) -> httpx.AsyncBaseTransport:
    """The in-process simulator, with the Date header of a clock ``offset`` seconds off."""
    sim = create_sim(linodes=2, start=time.time())
    inner = sim.transport()

    class Skewed(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await inner.handle_async_request(request)
            import time

            response.headers["Date"] = email.utils.formatdate(time.time() + offset, usegmt=True)
            return response

    return Skewed()


@pytest.mark.parametrize(("offset", "status", "words"), [
    (0, "ok", "in step"), (-90, "warn", "ahead of"), (3600, "fail", "behind"),
])
def test_clock_skew_against_the_date_header(tmp_path: Path, offset: float, status: str, words: str) -> None:
    checks = by_name(run_checks(api_url="http://sim/v4", transport=_skewed(offset),
                                env=clean_env(tmp_path, LINODE_TOKEN="demo")))
    assert checks["clock"].status == status, checks["clock"]
    assert words in checks["clock"].detail
    if status != "ok":
        assert "timedatectl" in checks["clock"].fix


def test_a_broken_config_file_fails_with_its_path(tmp_path: Path) -> None:
    cfg = tmp_path / ".config" / "linode-tui"
    cfg.mkdir(parents=True)
    (cfg / "config.toml").write_text("profile = [unclosed\n")
    checks = by_name(run_checks(env=clean_env(tmp_path), api_url="http://sim/v4",
                                transport=_skewed(0)))
    assert checks["config"].status == "fail" and "config.toml" in checks["config"].detail
    assert checks["profile"].status == "fail"


def test_a_token_file_others_can_read_fails_with_chmod(tmp_path: Path) -> None:
    tokens = tmp_path / ".config" / "linode-tui" / "tokens"
    tokens.mkdir(parents=True)
    (tokens / "default.token").write_text("demo\n")
    os.chmod(tokens / "default.token", 0o644)
    checks = by_name(run_checks(env=clean_env(tmp_path), transport=_skewed(0)))
    assert checks["token"].status == "fail"
    assert checks["token"].fix == f"chmod 600 {tokens / 'default.token'}"


def test_a_private_token_file_is_named_with_its_mode(tmp_path: Path) -> None:
    cfg = tmp_path / ".config" / "linode-tui"
    (cfg / "tokens").mkdir(parents=True)
    (cfg / "config.toml").write_text('[profiles.default]\napi_url = "http://sim/v4"\n')
    (cfg / "tokens" / "default.token").write_text("demo\n")
    os.chmod(cfg / "tokens" / "default.token", 0o600)
    checks = by_name(run_checks(env=clean_env(tmp_path), transport=_skewed(0)))
    assert checks["token"].status == "ok" and "mode 0600" in checks["token"].detail
    assert checks["api"].status == "ok" and checks["scopes"].status == "ok"


def test_an_unknown_profile_fails(tmp_path: Path) -> None:
    checks = by_name(run_checks(profile="nosuch", env=clean_env(tmp_path), transport=_skewed(0)))
    assert checks["profile"].status == "fail" and "nosuch" in checks["profile"].detail


@pytest.mark.parametrize(("env", "size", "name", "status", "words"), [
    ({"NO_COLOR": "1"}, (120, 40), "colours", "ok", "NO_COLOR"),
    ({"TERM": "dumb"}, (120, 40), "colours", "warn", "TERM=dumb"),
    ({"COLORTERM": "truecolor"}, (120, 40), "colours", "ok", "truecolor"),
    ({"TERM": "xterm"}, (120, 40), "colours", "ok", "16 colours"),
    ({}, (70, 20), "terminal", "warn", "70×20"),
    ({}, (80, 24), "terminal", "ok", "80×24"),
])
def test_terminal_and_colours(tmp_path: Path, env: dict[str, str], size: tuple[int, int], name: str,
                              status: str, words: str) -> None:
    checks = by_name(run_checks(env=clean_env(tmp_path, **env), transport=_skewed(0),
                                terminal=(size, True)))
    assert checks[name].status == status and words in checks[name].detail


def test_the_report_lists_fixes_for_problems_only() -> None:
    text = format_checks([Check("a", "ok", "fine", "unused"), Check("token", "fail", "none", "set it")])
    assert "fix: set it" in text and "unused" not in text
    assert text.rstrip().endswith("1 problem, 0 warnings")


def test_checks_are_plain_data_for_the_ui(tmp_path: Path) -> None:
    checks = run_checks(env=clean_env(tmp_path, LINODE_TOKEN="demo"), api_url="http://sim/v4",
                        transport=_skewed(0), terminal=((100, 30), True))
    names = [c.name for c in checks]
    assert names == ["version", "config", "profile", "token", "keyring", "api", "scopes", "clock",
                     "terminal", "colours", "audit"]
    row: dict[str, Any] = checks[0].to_dict()
    assert set(row) == {"name", "status", "detail", "fix"}
