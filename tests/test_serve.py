"""`linode-tui serve`: the UI in a browser through textual-serve. A real server on a free loopback
port serves the page, and its websocket streams the dashboard as terminal output; typed keys work."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from linode_tui import serve

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Za-z0-9]")

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def _env(tmp: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINODE_", "NO_COLOR", "TEXTUAL"))}
    return {**base, "HOME": str(tmp), "LINODE_TUI_DATA_DIR": str(tmp / "data"),
            "PYTHONPATH": str(ROOT) + os.pathsep + base.get("PYTHONPATH", "")}


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    """``linode-tui serve --demo --port 0``: yields the URL it printed."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "linode_tui", "serve", "--demo", "--demo-size", "12", "--port", "0"],
        cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # "linode-tui in your browser: http://127.0.0.1:PORT"
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        assert match, (line, proc.stderr.read() if proc.poll() is not None and proc.stderr else "")
        yield match.group(0)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


async def _screen_text(ws: object, seconds: float, until: tuple[str, ...] = ()) -> str:
    """Terminal output the websocket sends within ``seconds`` (or until all of ``until`` showed)."""
    buf = ""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            msg = await ws.receive(timeout=left)  # type: ignore[attr-defined]
        except TimeoutError:
            break
        if msg.type == aiohttp.WSMsgType.BINARY:
            buf += msg.data.decode("utf-8", "replace")
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            break
        if until and all(u in re.sub(r"\s+", " ", ANSI.sub("", buf)) for u in until):
            break
    return re.sub(r"\s+", " ", ANSI.sub("", buf))


def test_the_page_is_served_and_the_websocket_streams_the_dashboard(demo_server: str) -> None:
    page = httpx.get(demo_server + "/", timeout=10)
    assert page.status_code == 200
    assert "textual.js" in page.text and f"ws://{demo_server.split('//')[1]}/ws" in page.text
    assert httpx.get(demo_server + "/static/js/textual.js", timeout=10).status_code == 200

    async def session() -> tuple[str, str]:
        async with aiohttp.ClientSession() as http, \
                http.ws_connect(demo_server.replace("http", "ws") + "/ws?width=120&height=40") as ws:
            dashboard = await _screen_text(ws, 60, until=("Busiest by CPU", "Uninvoiced $", "running"))
            after = ""
            for keys in (":", "volumes", "\r"):  # typed like a person: the command line opens first
                await ws.send_str(json.dumps(["stdin", keys]))
                after += await _screen_text(ws, 0.7)
            if "Create volume" not in after:
                after += await _screen_text(ws, 15, until=("Create volume",))
            return dashboard, after

    dashboard, after = asyncio.run(session())
    assert "DEMO" in dashboard and "Dashboard" in dashboard
    assert "Busiest by CPU" in dashboard and "running" in dashboard
    assert "Create volume" not in dashboard
    assert "Volumes" in after and "Create volume" in after  # the :volumes hop reached the list


def test_app_command_passes_the_app_flags() -> None:
    args = serve.build_parser().parse_args(
        ["--api-url", "http://127.0.0.1:9/v4", "--read-only", "--profile", "work", "-c", "linodes x"]
    )
    cmd = serve.app_command(args, python="/py")
    assert cmd == "/py -m linode_tui --api-url http://127.0.0.1:9/v4 --read-only --profile work " \
                  "--command 'linodes x'"
    assert serve.app_command(serve.build_parser().parse_args(["--demo"]), python="/py") == \
        "/py -m linode_tui --demo"


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("127.0.0.2", True), ("0.0.0.0", False),
                                                ("192.0.2.1", False), ("example.org", False)])
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


def test_a_non_loopback_host_is_warned_about(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails, after the warning; no traffic.
    out = subprocess.run(
        [sys.executable, "-m", "linode_tui", "serve", "--demo", "--host", "192.0.2.1", "--port", "0"],
        cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    assert "WARNING" in out.stderr and "anyone who can reach" in out.stderr
    assert out.returncode == 1 and "cannot listen on 192.0.2.1" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_missing_extra_is_a_clear_message(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert serve.main(["--demo"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'linode-tui[serve]'" in err


def test_serve_refuses_an_unreachable_api_before_serving(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "linode_tui", "serve", "--api-url", "http://127.0.0.1:9/v4", "--port", "0"],
        cwd=ROOT, env={**_env(tmp_path), "LINODE_TOKEN": "demo"}, capture_output=True, text=True,
        timeout=60, stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 1 and "cannot reach the API" in out.stderr
    assert "in your browser" not in out.stdout
