"""What a view's title says while the API is slow to answer, and how old stale rows are."""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text


def _bare(path: str) -> str:
    path = path.split("?", 1)[0]
    return path[3:] if path.startswith("/v4/") else path


def waiting_note(view: Any, paths: list[str]) -> Text:
    """``  waiting for the API: 7 s`` while a request for one of ``paths`` (or under it) has had no
    answer for longer than the client's ``slow_after`` (its ``slow`` notice), else nothing."""
    services = getattr(view.tui, "services", None)
    client = getattr(services, "client", None)
    waiting = getattr(client, "waiting", None)
    if not callable(waiting):
        return Text()
    mine = [_bare(p) for p in paths if p]
    slow = [w for w in waiting() if any(_bare(w.path).startswith(p) for p in mine)]
    if not slow:
        return Text()
    longest = max(w.elapsed() for w in slow)
    return Text(f"  waiting for the API: {longest:.0f} s", "warning")


def clock_time(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))
