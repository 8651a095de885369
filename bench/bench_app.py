"""App benchmarks (issue: the app shell). Prints numbers; asserts nothing.

  .venv/bin/python bench/bench_app.py [--runs 5]

(a) launch → first painted Linodes list with 100 Linodes, against the simulator served over HTTP,
    compared in the same run with the official `linode-cli linodes list` (goal ≤ 0.5× its wall time);
(b) 10,000 Linodes: launch → all rows listed (goal ≤ 2 s);
(d) peak RSS of the app process at 10,000 Linodes (goal ≤ 250 MB).
The filter keystroke latency at 50,000 rows (c) is measured by bench/bench_vtable.py.

Both the app and linode-cli run as fresh subprocesses (imports included), against one simulator
process on 127.0.0.1, so neither pays for the other's server.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

# A tiny driver: runs the real app headless and exits once the list is painted (or fully loaded).
DRIVER = r"""
import asyncio, resource, sys, time
t0 = float(sys.argv[1]); mode = sys.argv[2]; url = sys.argv[3]
import os
os.environ["LINODE_TOKEN"] = "demo"
from linode_tui.cli import _app_with, _real_services
from linode_tui.core.services import Settings
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import ResourceTable

async def main():
    # The same path as `linode-tui --api-url URL -c linodes`: token resolution, the reachability
    # check, then the app (headless here, so the driver can see the first painted row).
    settings = Settings(api_url=url, command="linodes", poll=False)
    services = await asyncio.to_thread(_real_services, settings)
    app = _app_with(settings, services)
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            await asyncio.sleep(0.002)
            view = app.current_view()
            if not isinstance(view, ResourceListView):
                continue
            table = view.query_one(ResourceTable)
            if mode == "first" and table.total_count > 0:
                table.render_line(1)  # a painted line, not just data
                break
            done = view.total is not None and table.total_count >= view.total and not view.loading
            if mode == "all" and done:
                table.render_line(1)
                break
        elapsed = time.time() - t0
        rows = table.total_count
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.4f} {rows} {rss:.1f}")

asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_sim(linodes: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [PY, "-m", "linode_tui", "sim", "--port", str(port), "--linodes", str(linodes)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/v4"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            httpx.get(url + "/regions", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the simulator did not start")


# As on a user's machine: byte-code is cached after the first start (this workplace sets
# PYTHONDONTWRITEBYTECODE, which would make every run compile the package from source; linode-cli's
# site-packages install has its byte-code compiled by pip).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_app(url: str, mode: str) -> tuple[float, int, float]:
    t0 = time.time()
    out = subprocess.run(
        [PY, "-c", DRIVER, str(t0), mode, url], capture_output=True, text=True, cwd=ROOT, timeout=120, env=ENV
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    elapsed, rows, rss = out.stdout.split()[-3:]
    return float(elapsed), int(rows), float(rss)


def run_linode_cli(port_url: str) -> float | None:
    exe = shutil.which("linode-cli") or str(Path(PY).with_name("linode-cli"))
    if not Path(exe).exists():
        return None
    host = port_url.split("//", 1)[1].split("/", 1)[0]
    env = {
        **os.environ,
        "LINODE_CLI_API_HOST": host,
        "LINODE_CLI_API_SCHEME": "http",
        "LINODE_CLI_TOKEN": "demo",
        "LINODE_CLI_API_VERSION": "v4",
    }
    with tempfile.TemporaryDirectory() as home:
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = home
        t0 = time.time()
        out = subprocess.run(
            [exe, "linodes", "list", "--text", "--suppress-warnings"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        elapsed = time.time() - t0
    if out.returncode != 0:
        print("linode-cli failed:", out.stderr[-500:])
        return None
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    proc, url = start_sim(100)
    try:
        run_app(url, "first")  # warm-up: writes the byte-code cache, as any first start does
        ours = [run_app(url, "first") for _ in range(args.runs)]
        cli = [t for t in (run_linode_cli(url) for _ in range(args.runs)) if t is not None]
    finally:
        proc.terminate()
    ours_med = statistics.median(t for t, _, _ in ours)
    print(
        f"(a) launch -> first painted list, 100 Linodes: linode-tui median {ours_med * 1000:.0f} ms "
        f"(runs: {', '.join(f'{t * 1000:.0f}' for t, _, _ in ours)})"
    )
    if cli:
        cli_med = statistics.median(cli)
        print(
            f"    linode-cli linodes list: median {cli_med * 1000:.0f} ms; ratio {ours_med / cli_med:.2f}x "
            f"(goal <= 0.50x)"
        )
    else:
        print("    linode-cli not available: install the test extras")

    proc, url = start_sim(10_000)
    try:
        big = [run_app(url, "all") for _ in range(max(1, args.runs // 2))]
    finally:
        proc.terminate()
    med = statistics.median(t for t, _, _ in big)
    print(
        f"(b) launch -> all 10,000 rows listed: median {med * 1000:.0f} ms (goal <= 2000 ms); "
        f"rows {big[0][1]}"
    )
    print(f"(d) peak RSS of the app at 10,000 Linodes: {max(r for _, _, r in big):.0f} MB (goal <= 250 MB)")


if __name__ == "__main__":
    main()
