"""linode-tui: a terminal UI for the whole Linode API v4."""

__version__ = "0.1.0"


def _without_httpx_cli() -> None:
    """httpx imports its own command line (click, pygments, rich.syntax, rich.progress: ~40 ms,
    a tenth of our start-up) whenever click is installed, which it is (uvicorn needs it). We never
    run it: a stand-in answers httpx's ``from ._main import main``; calling that stand-in imports
    and runs the real one (issue 14; tests/test_import_budget.py)."""
    import sys
    import types

    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stub = types.ModuleType("httpx._main", "Stand-in for httpx's command line (see linode_tui/__init__.py).")

    def main(*args: object, **kwargs: object) -> object:
        if sys.modules.get("httpx._main") is stub:
            del sys.modules["httpx._main"]
        from httpx._main import main as real

        return real(*args, **kwargs)

    stub.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stub


_without_httpx_cli()
