"""The UI-free layers never import textual or rich: the data layer (``api``), the descriptors and
runtime state (``core``), the area modules (``areas``), the simulator (``sim``) and the spec data.
They never import the UI package (``linode_tui.ui``) either.

Note: ``import httpx`` itself pulls in rich (httpx/__init__ tries ``from ._main import main``, its
optional command-line client, which imports rich and click when they are installed — and textual
depends on rich).  That is not our import, so the runtime check disables ``httpx._main`` (httpx then
falls back to a stub) before importing our modules; a static check covers our own import statements.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

FORBIDDEN = ("textual", "rich")
PACKAGES = ("linode_tui.api", "linode_tui.core", "linode_tui.areas", "linode_tui.sim", "linode_tui.specdata")


def modules(package: str) -> list[str]:
    pkg = importlib.import_module(package)
    return sorted(info.name for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."))


def test_modules_are_found() -> None:
    mods = modules("linode_tui.api")
    for name in ("client", "errors", "ratelimit", "cache", "scopes"):
        assert f"linode_tui.api.{name}" in mods
    assert "linode_tui.core.commands" in modules("linode_tui.core")
    assert "linode_tui.areas.linodes" in modules("linode_tui.areas")
    assert "linode_tui.sim.world" in modules("linode_tui.sim")


@pytest.mark.parametrize("package", PACKAGES)
def test_layer_never_imports_textual_or_rich_at_runtime(package: str) -> None:
    mods = [package, *modules(package)]
    code = (
        "import importlib, sys\n"
        "sys.modules['httpx._main'] = None  # httpx's optional CLI imports rich; not ours\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m in ('textual', 'rich') "
        "or m.startswith(('textual.', 'rich.', 'linode_tui.ui')))\n"
        "assert not bad, bad\n"
        f"print('ok', {len(mods)})\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ok")


@pytest.mark.parametrize("package", PACKAGES)
def test_sources_have_no_textual_rich_or_ui_imports(package: str) -> None:
    root = Path(importlib.import_module(package).__file__ or "").parent
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
                if name.split(".")[0] in FORBIDDEN or name.startswith("linode_tui.ui"):
                    offenders.append(f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)} imports {name}")
    assert not offenders, offenders
