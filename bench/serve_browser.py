"""A real browser against `linode-tui serve --demo`: headless Chromium (Debian package `chromium`)
driven over the DevTools protocol, no Selenium/Playwright.

It opens the page, waits until the dashboard has rendered (the terminal text the page received is
recorded by a hook on the page's WebSocket; the pixels are in the screenshot), saves
`screenshots/serve-dashboard.png`, types `:volumes` + Enter into the terminal like a person, waits
for the Volumes list and saves `screenshots/serve-volumes.png`.  Prints what it measured; exits 1
when a step fails, 77 when Chromium is not installed.

    .venv/bin/python bench/serve_browser.py [--out DIR] [--chromium PATH]

`tests/test_serve_browser.py` runs it (skipped where Chromium is missing).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 860

# Runs before the page's scripts: keep the terminal output the page receives, as text.
HOOK = r"""
(() => {
  window.__screen = "";
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener("message", (ev) => {
      if (ev.data instanceof ArrayBuffer) { window.__screen += decoder.decode(ev.data, {stream: true}); }
      else if (ev.data instanceof Blob) {
        ev.data.arrayBuffer().then(b => { window.__screen += decoder.decode(b); });
      }
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
ANSI = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][A-Za-z0-9]")


class Step(Exception):
    pass


class DevTools:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        my_id = self.next_id
        await self.ws.send_json({"id": my_id, "method": method, "params": params})
        while True:
            msg = await self.ws.receive_json(timeout=60)
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise Step(f"{method}: {msg['error']}")
                return dict(msg.get("result") or {})

    async def screen(self) -> str:
        result = await self.call("Runtime.evaluate", expression="window.__screen || ''", returnByValue=True)
        text = str(result.get("result", {}).get("value") or "")
        return re.sub(r"\s+", " ", ANSI.sub("", text))

    async def wait_for(self, needles: tuple[str, ...], timeout: float, since: int = 0) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            text = (await self.screen())[since:]
            if all(n in text for n in needles):
                return time.monotonic() - started
            await asyncio.sleep(0.2)
        raise Step(f"the page did not show {needles!r} within {timeout:.0f} s")

    async def key(self, text: str) -> None:
        for ch in text:
            if ch == "\r":
                params: dict[str, Any] = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
                                          "text": "\r"}
            else:
                params = {"key": ch, "text": ch}
            await self.call("Input.dispatchKeyEvent", type="keyDown", **params)
            await self.call("Input.dispatchKeyEvent", type="keyUp", **{k: v for k, v in params.items()
                                                                          if k != "text"})
            await asyncio.sleep(0.05)

    async def screenshot(self, path: Path) -> int:
        shot = await self.call("Page.captureScreenshot", format="png")
        data = base64.b64decode(shot["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return len(data)


def _start_serve() -> tuple[subprocess.Popen[str], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINODE_", "NO_COLOR"))}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["LINODE_TUI_DATA_DIR"] = tempfile.mkdtemp(prefix="linode-tui-serve-")
    proc = subprocess.Popen([sys.executable, "-m", "linode_tui", "serve", "--demo", "--port", "0"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not match:
        proc.kill()
        raise Step(f"linode-tui serve did not start: {line!r}")
    return proc, match.group(0)


def _start_chromium(binary: str, profile: str) -> tuple[subprocess.Popen[bytes], int]:
    args = [binary, "--headless=new", "--no-sandbox", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--mute-audio",
            f"--window-size={WIDTH},{HEIGHT}", "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = Path(profile) / "DevToolsActivePort"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if port_file.exists() and port_file.read_text().strip():
            return proc, int(port_file.read_text().split()[0])
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    proc.kill()
    raise Step("chromium did not open its DevTools port")


async def run(out: Path, binary: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    serve_proc, url = _start_serve()
    profile = tempfile.mkdtemp(prefix="chromium-")
    chrome, port = _start_chromium(binary, profile)
    try:
        async with aiohttp.ClientSession() as http:
            targets = await (await http.get(f"http://127.0.0.1:{port}/json/list")).json()
            page = next(t for t in targets if t.get("type") == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                cdp = DevTools(ws)
                await cdp.call("Page.enable")
                await cdp.call("Runtime.enable")
                await cdp.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
                started = time.monotonic()
                await cdp.call("Page.navigate", url=url + "/?fontsize=14")
                await cdp.wait_for(("Busiest by CPU", "Uninvoiced $", "running"), 60)
                results["dashboard_s"] = round(time.monotonic() - started, 2)
                await asyncio.sleep(1.0)  # let the last frames paint
                state = await cdp.call("Runtime.evaluate", returnByValue=True, expression=(
                    "[document.body.classList.contains('-first-byte'),"
                    " document.querySelectorAll('.textual-terminal canvas').length]"))
                first_byte, canvases = state["result"]["value"]
                if not first_byte or not canvases:
                    raise Step(f"the terminal did not render (first byte: {first_byte}, "
                               f"canvases: {canvases})")
                results["dashboard_png_bytes"] = await cdp.screenshot(out / "serve-dashboard.png")
                # Type like a person: focus the terminal (what a click does), then ':' 'volumes' Enter.
                await cdp.call("Runtime.evaluate", expression=(
                    "document.querySelector('.xterm-helper-textarea').focus()"))
                before = len(await cdp.screen())
                await cdp.key(":")
                await asyncio.sleep(0.4)
                await cdp.key("volumes")
                await asyncio.sleep(0.2)
                hop = time.monotonic()
                await cdp.key("\r")
                await cdp.wait_for(("Volumes", "Create volume"), 30, since=before)
                results["volumes_hop_s"] = round(time.monotonic() - hop, 2)
                await asyncio.sleep(1.0)
                results["volumes_png_bytes"] = await cdp.screenshot(out / "serve-volumes.png")
    finally:
        chrome.terminate()
        serve_proc.terminate()
        for proc in (chrome, serve_proc):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    return results


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=ROOT / "screenshots", help="where the PNGs go")
    p.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = p.parse_args()
    if not args.chromium:
        print("chromium is not installed (Debian: apt-get install -y chromium)", file=sys.stderr)
        return 77
    try:
        results = asyncio.run(run(args.out, args.chromium))
    except Step as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
