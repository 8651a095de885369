"""Start-up stays at the limit of the stack: the modules the first frame does not need are not
imported before it (issue 14). Each case starts the real command line in a subprocess, headless,
records ``sys.modules`` when Textual reports the first frame (``Ready``) and exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
XDG = ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")  # no settings file

# Runs `linode-tui ARGS` (linode_tui.cli.main) headless; at the first frame writes what was imported.
DRIVER = r"""
import gc, json, sys
from textual.app import App
import linode_tui.ui.app as ui_app

out = sys.argv[1]
_run = App.run
def run(self, *args, **kw):
    kw["headless"] = True
    return _run(self, *args, **kw)
App.run = run
_ready = ui_app.LinodeTUI.on_ready
def on_ready(self):
    import dataclasses
    modules = sorted(sys.modules)  # before the after-first-frame hooks (the demo's simulator) run
    dataclasses_made = sorted(  # our classes that are dataclasses, in what the first frame imported
        f"{name}.{attr}"
        for name, module in list(sys.modules.items())
        if name.startswith("linode_tui")
        for attr, value in list(vars(module).items())
        if isinstance(value, type) and value.__module__ == name and dataclasses.is_dataclass(value)
    )
    collecting = gc.isenabled()  # the command line turns the collector off until the app mounts
    view = self.current_view()
    css_cached = len(getattr(self, "_css_cache_loaded", ()))  # rule sets taken from the last start
    _ready(self)

    def done():  # and once the hooks after the first frame ran and the first rows came
        with open(out, "w") as fh:
            json.dump({"modules": modules, "after": sorted(sys.modules), "gc": collecting,
                       "dataclasses": dataclasses_made,
                       "css_cached": css_cached,
                       "view": type(view).__name__ if view else None}, fh)
        self.exit()
    self.set_timer(0.5, done)
ui_app.LinodeTUI.on_ready = on_ready
from linode_tui.cli import main
sys.exit(main(sys.argv[2:]))
"""

# Heavy, and never needed for the first frame of a list or the dashboard.
NOT_BEFORE_FIRST_FRAME = [
    "pydantic",
    "pydantic_settings",
    "linode_tui.config",
    "linode_tui.ui.dialogs",
    "linode_tui.ui.actions",
    "linode_tui.ui.palette",
    # keymaps, aliases, row commands and accents of config.toml: none without one
    "linode_tui.ui.ops",
    "linode_tui.ui.views.detail",
    "linode_tui.ui.views.stats",
    "linode_tui.ui.screens.welcome",
    "linode_tui.specdata",
    "textual.widgets._text_area",
    "textual.widgets._tabbed_content",
    # httpx's own command line (linode_tui/__init__.py keeps httpx from importing it)
    "click",
    "pygments",
    "rich.syntax",
    # the httpx client's transport: built on the first request, after the first frame
    "httpcore",
]


def first_frame_modules(tmp_path: Path, *args: str, env: dict[str, str]) -> dict[str, Any]:
    out = tmp_path / "modules.json"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINODE_", "NO_COLOR"))}
    proc = subprocess.run(
        [sys.executable, "-c", DRIVER, str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**base, **{k: str(tmp_path / k) for k in XDG}, "HOME": str(tmp_path), **env},
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.exists(), "the app never reported its first frame"
    return json.loads(out.read_text())


def list_start(tmp_path: Path, sim: Any) -> dict[str, Any]:
    """`linode-tui --api-url URL -c linodes` against ``sim`` served on loopback."""
    from linode_tui.sim.serve import ServerThread

    server = ServerThread(sim).start()
    try:
        return first_frame_modules(
            tmp_path, "--api-url", server.url, "-c", "linodes", env={"LINODE_TOKEN": "demo"}
        )
    finally:
        server.stop()


def test_list_start_imports_only_what_the_first_frame_needs(tmp_path: Path) -> None:
    from linode_tui.sim import create_sim

    sim = create_sim(linodes=5)
    seen = list_start(tmp_path, sim)
    modules = set(seen["modules"])
    assert seen["view"] == "LinodesListView" and seen["gc"] is True
    assert "linode_tui.ui.views.listing" in modules  # the driver saw the real start-up
    imported = [
        m
        for m in [
            *NOT_BEFORE_FIRST_FRAME,
            "linode_tui.sim",
            "linode_tui.ui.views.dashboard",
            "linode_tui.ui.widgets.graph",
            # the first page came from linode_tui.startup: httpx comes with the first request the
            # app's client sends, after the first rows (its import is ~50 ms with httpcore and anyio)
            "httpx",
            "anyio",
            "linode_tui.api.events",
            # the audit log's file handler and digests come with its first entry
            "logging.handlers",
            "hashlib",
            # the fast path's GET is a plain socket: no http.client (it imports the email package),
            # and the host goes to the resolver as bytes (as text it imports the IDNA codec)
            "http.client",
            "email.parser",
            "encodings.idna",
        ]
        if m in modules
    ]
    assert imported == []
    # its records are msgspec Structs: a dataclass compiles ~6 methods when its class is created
    # (~1 ms each class on a slow machine; ~25 ms for the first frame's records)
    assert seen["dataclasses"] == []
    # with no settings file nothing reads one, not even after the first frame (pydantic's import
    # right after it delayed the first rows by ~100 ms)
    assert [m for m in ("pydantic", "linode_tui.config") if m in seen["after"]] == []
    # the start-up check and the first page were fetched once each, on the fast path
    pages = [r for r in sim.request_log if r.path.endswith("/linode/instances")]
    profiles = [r for r in sim.request_log if r.path.endswith("/profile")]
    assert len(pages) == 1 and len(profiles) == 1, [(r.method, r.path) for r in sim.request_log]
    # the CSS it parsed is kept for the next start (linode_tui.ui.csscache), which tokenizes none
    cache = tmp_path / "XDG_CACHE_HOME" / "linode-tui" / "css.pickle"
    assert seen["css_cached"] == 0 and cache.stat().st_mode & 0o777 == 0o600
    again = list_start(tmp_path, sim)
    assert again["css_cached"] >= 15 and again["view"] == "LinodesListView"


@pytest.mark.parametrize("size", ["30"])
def test_demo_first_frame_comes_before_the_simulator(tmp_path: Path, size: str) -> None:
    seen = first_frame_modules(tmp_path, "--demo", "--demo-size", size, env={})
    modules = set(seen["modules"])
    assert seen["view"] == "DashboardView" and seen["gc"] is True
    # nor httpx (the demo's transport is made with the first request) nor the fast path's http.client
    late = ["linode_tui.sim", "httpx", "http.client", "email.parser", "logging.handlers", "hashlib"]
    imported = [m for m in [*NOT_BEFORE_FIRST_FRAME, *late] if m in modules]
    assert imported == []
    assert seen["dataclasses"] == []
