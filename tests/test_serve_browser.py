"""A real headless Chromium renders `linode-tui serve --demo` and a `:volumes` hop works in it
(bench/serve_browser.py drives it over the DevTools protocol). Skipped where Chromium is not
installed (Debian: apt-get install -y chromium)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytest.importorskip("textual_serve")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_headless_chromium_shows_the_dashboard_and_hops_to_volumes(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINODE_", "NO_COLOR"))}
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "serve_browser.py"), "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    results = json.loads(out.stdout.strip().splitlines()[-1])
    for name in ("serve-dashboard.png", "serve-volumes.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 20_000  # a rendered screen, not a blank page
    assert results["volumes_hop_s"] < 30
