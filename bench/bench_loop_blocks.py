"""Where the event loop goes while 50,000 Linodes load (issue 14). Prints numbers, asserts nothing.

Starts the simulator in its own process (so that its JSON encoding does not hold this process's GIL),
opens ``-c linodes`` headless at 120x40 and, while the rows load, times every event-loop callback
(wall and CPU of the thread, with the garbage collections that ran inside it) and every widget's
``render_lines``. Unlike bench_app.py's monitor (a 5 ms sleep that overruns), this tells one long
callback apart from several short ones back to back and from the process being preempted.

    .venv/bin/python bench/bench_loop_blocks.py [LINODES] [--top N]
"""

from __future__ import annotations

import argparse
import asyncio
import asyncio.events
import collections
import gc
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def start_sim(linodes: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "linode_tui", "sim", "--port", str(port), "--linodes", str(linodes)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}/v4"
    for _ in range(1200):
        try:
            urllib.request.urlopen(url + "/regions", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the simulator did not start")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("linodes", type=int, nargs="?", default=50000)
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    os.environ["LINODE_TOKEN"] = "demo"
    proc, url = start_sim(args.linodes)

    from textual.widget import Widget

    from linode_tui import cli
    from linode_tui.core.services import Settings

    active = [False]
    slow: list[tuple[float, float, str, list[int]]] = []
    handle_run = asyncio.events.Handle._run

    def run(self: asyncio.events.Handle) -> None:
        if not active[0]:
            return handle_run(self)
        t, c, g0 = time.perf_counter(), time.thread_time(), gc.get_stats()
        try:
            return handle_run(self)
        finally:
            dt = time.perf_counter() - t
            if dt > 0.01:
                gcs = [b["collections"] - a["collections"] for a, b in zip(g0, gc.get_stats(), strict=True)]
                slow.append((dt * 1000, (time.thread_time() - c) * 1000, repr(self)[:90], gcs))

    asyncio.events.Handle._run = run  # type: ignore[method-assign]
    spent: collections.Counter[str] = collections.Counter()
    calls: collections.Counter[str] = collections.Counter()
    render_lines = Widget.render_lines

    def timed_render_lines(self: Widget, crop):  # type: ignore[no-untyped-def]
        if not active[0]:
            return render_lines(self, crop)
        t = time.perf_counter()
        try:
            return render_lines(self, crop)
        finally:
            spent[type(self).__name__] += time.perf_counter() - t
            calls[type(self).__name__] += 1

    Widget.render_lines = timed_render_lines  # type: ignore[method-assign]

    async def go() -> None:
        settings = Settings(api_url=url, command="linodes", poll=False)
        services = await asyncio.to_thread(cli.prepare_services, settings)
        assert not isinstance(services, str), services
        app = cli._app_with(settings, services)
        from linode_tui.ui.views.listing import ResourceListView
        from linode_tui.ui.widgets.vtable import ResourceTable

        async with app.run_test(size=(120, 40)):
            while True:
                view = app.current_view()
                if (
                    isinstance(view, ResourceListView)
                    and view.query(ResourceTable)
                    and view.query_one(ResourceTable).total_count > 0
                ):
                    break
                await asyncio.sleep(0.001)
            active[0] = True
            t0, c0 = time.perf_counter(), time.process_time()
            table = view.query_one(ResourceTable)
            while view.total is None or table.total_count < view.total or view.loading:
                await asyncio.sleep(0.001)
            await asyncio.sleep(0.3)
            active[0] = False
            print(
                f"rows {table.total_count}: all rows after first {time.perf_counter() - t0:.2f} s wall, "
                f"{time.process_time() - c0:.2f} s CPU (all threads)"
            )
        frames = calls["ResourceTable"] or 1
        print(f"frames {frames}; render_lines per frame (calls/frame, ms/frame):")
        for name, total in spent.most_common():
            print(f"  {name:18} {calls[name] / frames:4.1f}  {total * 1000 / frames:6.2f}")
        slow.sort(reverse=True)
        over = [s for s in slow if s[0] > 50]
        print(
            f"callbacks > 10 ms: {len(slow)}; > 50 ms wall: {len(over)}; "
            f"> 50 ms CPU: {len([s for s in slow if s[1] > 50])}"
        )
        for wall, cpu, what, gcs in slow[: args.top]:
            print(f"  {wall:6.1f} ms wall {cpu:6.1f} ms CPU  gc{gcs}  {what}")

    try:
        asyncio.run(go())
    finally:
        proc.kill()


if __name__ == "__main__":
    main()
