"""App benchmarks (issue 14: start-up at the limit of the stack). Prints numbers; asserts nothing.

  .venv/bin/python bench/bench_app.py [--runs 5] [--sizes 1000,10000,50000] [--skip-scale]

1. First paint, as a user starts it: each program runs on its own pseudo-terminal (120×40) and is
   timed from spawn until its first meaningful frame is on the terminal; ≥ 5 runs of each,
   interleaved in one process, medians and the spread (min–max) printed. linode-tui runs as the
   `linode-tui` command the install made (next to this interpreter), as linode-cli runs as its own:
   - `linode-tui --api-url URL -c linodes` against `linode-tui sim --linodes 100` on loopback, until
     the first Linode's label is painted;
   - (a) bench/bare_app.py, a bare Textual app painting one word (same interpreter and venv);
   - (b) `linode-cli linodes list` on the same simulator, to its exit;
   - `linode-tui --demo`, until the dashboard's first frame ("By region", a heading it paints before
     its figures arrive: goal 2 is the dashboard's first paint).
   Goals: list ≤ 1.25× (a) and ≤ 1.0× (b); demo ≤ 1.5× (a).
2. Linear cost, headless in one process per size (the start-up path of the command line): launch →
   all rows listed, then until the filter index is complete (built after the load, in the
   background), peak RSS, the longest event-loop block from the first row until the index is
   complete, the area hop `:volumes` → `:linodes` (from the cache: the first frame that shows the
   list, the last frame of the hop, its CPU, and the pilot's idle wait) and a filter keystroke at
   that size; per-1k slope.
   Goals: 10k all rows ≤ 1.0 s after first paint; loop never blocked > 50 ms at 50k; RSS per 10k
   ≤ 60 MB; hop ≤ 100 ms.

Byte-code caching is on, as on a user's machine (this workplace sets PYTHONDONTWRITEBYTECODE; the
bench removes it and makes one warm-up start of each program; linode-tui's warm-up starts run a
second past their first paint, so they write the parsed-CSS cache a user's earlier start leaves).
"""

from __future__ import annotations

import argparse
import json
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ptyrun import first_paint

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
# The command a user runs: the console script the install made (`python -m linode_tui` costs ~11 ms
# more at start: runpy, and the package's __main__ found through the path).
TUI = shutil.which("linode-tui", path=str(Path(PY).parent)) or str(Path(PY).with_name("linode-tui"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT) + (os.pathsep + ENV["PYTHONPATH"] if ENV.get("PYTHONPATH") else "")

# Headless driver for the scaling numbers: the command line's own start-up path, then the app under
# Textual's pilot. Prints one JSON line.
DRIVER = r"""
import asyncio, json, os, resource, sys, time
t0 = float(sys.argv[1]); url = sys.argv[2]
os.environ["LINODE_TOKEN"] = "demo"
from linode_tui import cli
from linode_tui.core.services import Settings

async def main():
    settings = Settings(api_url=url, command="linodes", poll=False)
    services = await asyncio.to_thread(cli.prepare_services, settings)
    assert not isinstance(services, str), services
    app = cli._app_with(settings, services)
    from linode_tui.ui.views.listing import ResourceListView
    from linode_tui.ui.widgets.vtable import ResourceTable
    out = {}
    worst = [0.0]
    async def monitor():
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.005)
            worst[0] = max(worst[0], time.perf_counter() - t - 0.005)

    def linodes_table():
        view = app.current_view()
        if isinstance(view, ResourceListView) and view.area.key == "linodes" and view.display:
            tables = view.query(ResourceTable)
            if tables:
                return view, tables.first()
        return None, None

    async def until(cond, limit=120):
        end = time.perf_counter() + limit
        while not cond():
            if time.perf_counter() > end:
                raise SystemExit("timed out")
            await asyncio.sleep(0.001)

    async with app.run_test(size=(120, 40)) as pilot:
        def first():
            view, table = linodes_table()
            return table is not None and table.total_count > 0
        await until(first)
        view, table = linodes_table()
        table.render_line(1)
        out["first"] = time.time() - t0
        mon = asyncio.ensure_future(monitor())
        def everything():
            view, table = linodes_table()
            if table is None or view.total is None:
                return False
            return table.total_count >= view.total and not view.loading
        await until(everything)
        view, table = linodes_table()
        table.render_line(1)
        out["rows"] = table.total_count
        out["all"] = time.time() - t0
        # the filter index is built after the load, in the background: the loop stays watched
        await until(lambda: linodes_table()[1].indexed)
        out["indexed"] = time.time() - t0
        mon.cancel()
        out["block_ms"] = worst[0] * 1000
        # the hop: :volumes, then :linodes again (all from the cache). Timed by the frames the app
        # composes (headless, Textual computes each frame and drops it instead of writing it): the
        # first frame that shows the list, and the last one before the app is idle again (the
        # pilot's idle wait itself samples in 20 ms steps: its number is printed as "idle").
        hops, settled, idle, cpu = [], [], [], []
        frames: list[float] = []
        display = app._display
        def timed_display(screen, renderable):
            if renderable is not None:
                frames.append(time.perf_counter())
            display(screen, renderable)
        app._display = timed_display
        prof = None
        if os.environ.get("BENCH_PROFILE_HOP"):
            import cProfile
            prof = cProfile.Profile()
        for _ in range(3):
            app.run_command("volumes")
            await until(lambda: isinstance(app.current_view(), ResourceListView)
                        and app.current_view().area.key == "volumes" and app.current_view().display
                        and app.current_view().total is not None and not app.current_view().loading)
            await pilot.pause()
            t = time.perf_counter()
            c = time.process_time()
            if prof is not None:
                prof.enable()
            app.run_command("linodes")
            def shown():
                table = linodes_table()[1]
                return table is not None and table.total_count >= out["rows"]
            await until(shown)
            frames.clear()  # frames composed from now on show the list
            await until(lambda: bool(frames))
            hops.append((frames[0] - t) * 1000)
            await until(lambda: not linodes_table()[0].loading)
            await pilot.pause()  # the screen is refreshed and the app idle
            idle.append((time.perf_counter() - t) * 1000)
            settled.append((frames[-1] - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)  # all threads; steadier than wall time under load
            if prof is not None:
                prof.disable()
        app._display = display
        if prof is not None:
            prof.dump_stats(os.environ["BENCH_PROFILE_HOP"])
        out["hop_ms"] = sorted(hops)[1]
        out["hop_settled_ms"] = sorted(settled)[1]
        out["hop_idle_ms"] = sorted(idle)[1]
        out["hop_cpu_ms"] = sorted(cpu)[1]
        # one filter keystroke (the table filters its own rows)
        view, table = linodes_table()
        table.ensure_indexed()
        t = time.perf_counter()
        table.set_filter("web")
        table.render_line(1)
        out["filter_ms"] = (time.perf_counter() - t) * 1000
    out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))

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
        env=ENV,
    )
    url = f"http://127.0.0.1:{port}/v4"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            httpx.get(url + "/regions", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the simulator did not start")


def cli_env(url: str, home: str) -> dict[str, str]:
    host = url.split("//", 1)[1].split("/", 1)[0]
    return {
        **ENV,
        "LINODE_CLI_API_HOST": host,
        "LINODE_CLI_API_SCHEME": "http",
        "LINODE_CLI_TOKEN": "demo",
        "LINODE_CLI_API_VERSION": "v4",
        "HOME": home,
        "XDG_CONFIG_HOME": home,
    }


def run_linode_cli(exe: str, url: str, home: str) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(
        [exe, "linodes", "list", "--text", "--suppress-warnings"],
        capture_output=True,
        text=True,
        env=cli_env(url, home),
        timeout=120,
    )
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit("linode-cli failed: " + out.stderr[-500:])
    return elapsed


def spread(xs: list[float]) -> str:
    return (
        f"median {statistics.median(xs) * 1000:.0f} ms (min {min(xs) * 1000:.0f}, max {max(xs) * 1000:.0f})"
    )


def first_paints(runs: int) -> None:
    exe = shutil.which("linode-cli") or str(Path(PY).with_name("linode-cli"))
    proc, url = start_sim(100)
    try:
        label = httpx.get(url + "/linode/instances", headers={"Authorization": "Bearer demo"}).json()["data"][
            0
        ]["label"]
        tui_env = {**ENV, "LINODE_TOKEN": "demo"}
        with tempfile.TemporaryDirectory() as home:
            # a new user: no settings file (LINODE_TUI_* variables would count as settings)
            for k in ("HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
                tui_env[k] = home
            for k in [k for k in tui_env if k.startswith("LINODE_TUI_")]:
                del tui_env[k]
            programs = {
                "bare": lambda: first_paint(
                    [PY, str(ROOT / "bench" / "bare_app.py")], "bareword", env=ENV, cwd=str(ROOT)
                )[0],
                "list": lambda linger=0.0: first_paint(
                    [TUI, "--api-url", url, "-c", "linodes"],
                    label,
                    env=tui_env,
                    cwd=str(ROOT),
                    linger=linger,
                )[0],
                "cli": lambda: run_linode_cli(exe, url, home),
                "demo": lambda linger=0.0: first_paint(
                    [TUI, "--demo"], "By region", env=tui_env, cwd=str(ROOT), linger=linger
                )[0],
            }
            # warm-up: byte-code caches and linode-tui's parsed CSS (written once the first rows
            # are shown, so those starts run a second longer), as after any first start
            for name, run in programs.items():
                run(linger=1.0) if name in ("list", "demo") else run()
            times: dict[str, list[float]] = {k: [] for k in programs}
            ratios: dict[str, list[float]] = {"list/bare": [], "list/cli": [], "demo/bare": []}
            for _ in range(runs):
                this = {k: run() for k, run in programs.items()}
                for k, v in this.items():
                    times[k].append(v)
                ratios["list/bare"].append(this["list"] / this["bare"])
                ratios["list/cli"].append(this["list"] / this["cli"])
                ratios["demo/bare"].append(this["demo"] / this["bare"])
    finally:
        proc.terminate()
    print(f"First paint, {runs} interleaved runs each (120x40 pseudo-terminal):")
    print(f"  linode-tui --api-url URL -c linodes (100 Linodes): {spread(times['list'])}")
    print(f"  (a) bare Textual app:                              {spread(times['bare'])}")
    print(f"  (b) linode-cli linodes list:                       {spread(times['cli'])}")
    print(f"  linode-tui --demo (dashboard):                     {spread(times['demo'])}")
    med = statistics.median
    for name, goal in (("list/bare", 1.25), ("list/cli", 1.0), ("demo/bare", 1.5)):
        rs = ratios[name]
        of_medians = {
            "list/bare": med(times["list"]) / med(times["bare"]),
            "list/cli": med(times["list"]) / med(times["cli"]),
            "demo/bare": med(times["demo"]) / med(times["bare"]),
        }[name]
        print(
            f"  {name:<9} ratio of medians {of_medians:.2f}x; per-run median {med(rs):.2f}x "
            f"(spread {min(rs):.2f}-{max(rs):.2f}); goal <= {goal:.2f}x"
        )


def run_driver(url: str) -> dict[str, float]:
    t0 = time.time()
    out = subprocess.run(
        [PY, "-c", DRIVER, str(t0), url], capture_output=True, text=True, cwd=ROOT, timeout=600, env=ENV
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def scaling(sizes: list[int], runs: int) -> None:
    print("Linear cost (headless, 120x40; median of runs; launch = process start):")
    print(
        f"  {'Linodes':>8} {'first':>7} {'all rows':>9} {'all-first':>9} {'indexed':>8} {'RSS MB':>7} "
        f"{'block':>7} {'hop':>7} {'settled':>8} {'hop CPU':>8} {'idle':>7} {'filter':>7}"
    )
    results = []
    for n in sizes:
        proc, url = start_sim(n)
        try:
            rs = [run_driver(url) for _ in range(runs)]
        finally:
            proc.terminate()
        m = {k: statistics.median(r[k] for r in rs) for k in rs[0]}
        m["block_ms"] = max(r["block_ms"] for r in rs)
        m["rss"] = max(r["rss"] for r in rs)
        results.append((n, m))
        after = (m["all"] - m["first"]) * 1000
        print(
            f"  {n:>8} {m['first'] * 1000:>5.0f}ms {m['all'] * 1000:>7.0f}ms {after:>7.0f}ms "
            f"{(m['indexed'] - m['first']) * 1000:>6.0f}ms "
            f"{m['rss']:>7.0f} {m['block_ms']:>5.0f}ms {m['hop_ms']:>5.0f}ms {m['hop_settled_ms']:>6.0f}ms "
            f"{m['hop_cpu_ms']:>6.0f}ms {m['hop_idle_ms']:>5.0f}ms "
            f"{m['filter_ms']:>5.1f}ms"
        )
    if len(results) >= 2:
        (n0, a), (n1, b) = results[0], results[-1]
        k = (n1 - n0) / 1000
        print(
            f"  slope per 1k Linodes ({n0}->{n1}): all rows +{(b['all'] - a['all']) * 1000 / k:.0f} ms, "
            f"RSS +{(b['rss'] - a['rss']) / k:.1f} MB (= {(b['rss'] - a['rss']) / k * 10:.0f} MB per 10k)"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--scale-runs", type=int, default=3)
    ap.add_argument("--skip-paint", action="store_true")
    ap.add_argument("--skip-scale", action="store_true")
    args = ap.parse_args()
    if not args.skip_paint:
        first_paints(args.runs)
    if not args.skip_scale:
        scaling([int(s) for s in args.sizes.split(",")], args.scale_runs)


if __name__ == "__main__":
    main()
