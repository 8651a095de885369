"""linode_tui.api must never import textual or rich (it is the UI-free data layer).

Note: ``import httpx`` itself pulls in rich (httpx/__init__ tries ``from ._main import main``, its
optional command-line client, which imports rich and click when they are installed — and textual
depends on rich).  That is not our import, so the runtime check disables ``httpx._main`` (httpx then
falls back to a stub) before importing our modules; a static check covers our own import statements.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import linode_tui.api

FORBIDDEN = ("textual", "rich")


def api_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(linode_tui.api.__path__, prefix="linode_tui.api.")
    )


def test_core_modules_are_found() -> None:
    mods = api_modules()
    for name in ("client", "errors", "ratelimit", "cache", "scopes"):
        assert f"linode_tui.api.{name}" in mods


def test_api_layer_never_imports_textual_or_rich_at_runtime() -> None:
    mods = ["linode_tui.api", *api_modules()]
    code = (
        "import importlib, sys\n"
        "sys.modules['httpx._main'] = None  # httpx's optional CLI imports rich; not ours\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m in ('textual', 'rich') "
        "or m.startswith(('textual.', 'rich.')))\n"
        "assert not bad, bad\n"
        f"print('ok', {len(mods)})\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")


def test_api_sources_have_no_textual_or_rich_imports() -> None:
    root = Path(linode_tui.api.__file__).parent
    offenders: list[str] = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in FORBIDDEN:
                    offenders.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    assert not offenders, offenders
