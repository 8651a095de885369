"""Turning API values into cell text. API strings are never markup: everything is plain ``Text``.

Colours are the theme-aware style names of :mod:`linode_tui.ui.theme` (``success``, ``warning``,
``error``, ``muted``, …), one name per span; every status also carries a glyph and a text style
(bad states bold) so it stays readable in 16 colours and under ``NO_COLOR``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.text import Text

from linode_tui.core.descriptors import Col, get_path

GOOD = frozenset(
    {"running", "active", "enabled", "finished", "ok", "available", "new", "closed", "completed", "UP"}
)
BAD = frozenset(
    {
        "offline",
        "stopped",
        "failed",
        "disabled",
        "deleted",
        "outage",
        "billing_suspension",
        "suspended",
        "error",
        "degraded",
        "DOWN",  # a NodeBalancer node failing its health checks
    }
)
NEUTRAL = frozenset({"notification"})

# Glyphs keep status readable without colour (NO_COLOR, 16 colours, screen readers of screenshots).
GLYPH_GOOD, GLYPH_BAD, GLYPH_BUSY = "●", "○", "◐"


def status_style(status: str) -> str:
    """The theme style name of a status: ``success``, ``error``, ``warning`` or "" (neutral)."""
    if status in GOOD:
        return "success"
    if status in BAD:
        return "error"
    if status in NEUTRAL:
        return ""
    return "warning"


def styled(text: str, *names: str) -> Text:
    """``text`` (never markup) with each style name applied as its own span (theme names and
    plain attributes such as ``bold`` mix freely, as the table resolves one name at a time)."""
    t = Text(text)
    for name in names:
        if name:
            t.stylize(name)
    return t


def status_text(status: Any, progress: str | None = None) -> Text:
    s = "" if status is None else str(status)
    glyph = GLYPH_GOOD if s in GOOD else GLYPH_BAD if s in BAD else "" if s in NEUTRAL else GLYPH_BUSY
    label = s.replace("_", " ")
    if progress:
        label = f"{label} {progress}"
    # Bad states are bold as well as red: without colour they still stand out.
    return styled(f"{glyph} {label}" if glyph else label, status_style(s), "bold" if s in BAD else "")


def money(value: Any, per: str | None = None) -> str:
    """``$24.00`` or, with ``per="mo"``, ``$24.00/mo``; "" for a missing amount."""
    if value is None or value == "":
        return ""
    try:
        text = f"${float(value):,.2f}"
    except (TypeError, ValueError):
        return str(value)
    return f"{text}/{per}" if per else text


def parse_ts(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt


def fmt_date(value: Any) -> str:
    dt = parse_ts(value)
    if dt is None:
        return "" if value in (None, "") else str(value)
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


def human_bytes(n: float, unit: str = "B") -> str:
    steps = ["", "K", "M", "G", "T", "P"]
    i = 0
    while abs(n) >= 1024 and i < len(steps) - 1:
        n /= 1024
        i += 1
    return f"{n:.0f} {steps[i]}{unit}" if i == 0 or n >= 100 else f"{n:.1f} {steps[i]}{unit}"


def human_duration(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    if seconds < 86400:
        return f"{seconds // 3600}h{(seconds % 3600) // 60:02d}m"
    return f"{seconds // 86400}d{(seconds % 86400) // 3600:02d}h"


def age_text(value: Any, now: float) -> str:
    """How long ago a timestamp was: ``45m``, ``7h``, ``3d``, ``5mo``, ``2y`` ("" when unknown)."""
    dt = parse_ts(value)
    if dt is None:
        return ""
    s = max(0.0, now - dt.timestamp())
    for unit, size in (("y", 365 * 86400), ("mo", 30 * 86400), ("d", 86400), ("h", 3600), ("m", 60)):
        if s >= size:
            return f"{int(s // size)}{unit}"
    return f"{int(s)}s"


def format_value(value: Any, fmt: str) -> str | Text:
    if fmt == "status":
        return status_text(value)
    if value is None:
        return ""
    if fmt == "mb":
        return human_bytes(float(value) * 1024 * 1024) if isinstance(value, int | float) else str(value)
    if fmt == "gb":
        return f"{value} GB"
    if fmt in ("tags", "list", "ipv4"):
        if isinstance(value, list):
            if fmt == "ipv4" and value:
                return str(value[0]) + (f" +{len(value) - 1}" if len(value) > 1 else "")
            return ", ".join(str(v) for v in value)
        return str(value)
    if fmt == "count":
        return str(len(value)) if isinstance(value, list | dict) else str(value)
    if fmt == "date":
        return fmt_date(value)
    if fmt == "money":
        return money(value)
    if fmt == "bool":
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, separators=(",", ":"))[:200]
    return str(value)


def cell(item: dict[str, Any], col: Col) -> str | Text:
    if col.compute is not None:
        return col.compute(item)
    return format_value(get_path(item, col.key), col.fmt)


def plain(value: str | Text) -> str:
    return value.plain if isinstance(value, Text) else value
