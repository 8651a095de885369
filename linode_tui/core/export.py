"""Exports of a list view for scripts and people: JSON, CSV, YAML and Markdown (Textual-free).

What is written is the API's data, never the screen's text: every IP of ``ipv4`` (not ``1.2.3.4 +1``),
``status`` as the API word (``running``, not ``● running``), numbers as numbers (``2048``, not
``2 GiB``), lists joined with ``;`` in CSV and Markdown, and no secret (:mod:`linode_tui.core.secrets`
masks every secret-bearing field, at any depth, before any format sees the rows).

* JSON and YAML hold the whole objects (scrubbed), in the order shown;
* CSV holds one column per column of the view, headed by the API field name (``specs.memory``), so a
  script can ``csv.DictReader`` it; Markdown holds the same columns headed by their labels.

YAML is written by PyYAML (``yaml.safe_dump``), a maintained library.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from linode_tui.core.descriptors import Col, get_path
from linode_tui.core.secrets import scrub

__all__ = ["FORMATS", "export_text", "format_for", "raw_value", "suggest_name"]

#: File name endings and the format each one writes.
FORMATS: Final = {".json": "json", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml", ".md": "markdown"}
LIST_SEPARATOR: Final = ";"


def format_for(path: str) -> str | None:
    """The format a file name asks for (by its ending), or None."""
    lowered = path.lower()
    return next((fmt for end, fmt in FORMATS.items() if lowered.endswith(end)), None)


def raw_value(row: dict[str, Any], col: Col) -> Any:
    """A column's value for scripts: the API's value (a count column: the number of items)."""
    value = get_path(row, col.key)
    if col.fmt == "count" and isinstance(value, list | dict):
        return len(value)
    return value


def _cell(value: Any) -> str | int | float:
    """One CSV/Markdown cell: numbers stay numbers, lists are joined, objects are compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(
            json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else str(_cell(v)) for v in value
        )
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    return str(value)


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")


def export_text(rows: Sequence[dict[str, Any]], columns: Sequence[Col], fmt: str) -> str:
    """The text of an export of ``rows`` (API objects; keys starting with ``_`` are the UI's own)."""
    clean = [scrub({k: v for k, v in row.items() if not str(k).startswith("_")}) for row in rows]
    if fmt == "json":
        return json.dumps(clean, indent=2, default=str) + "\n"
    if fmt == "yaml":
        import yaml  # PyYAML: only when YAML is asked for

        return str(yaml.safe_dump(clean, sort_keys=False, allow_unicode=True, default_flow_style=False))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.key for c in columns])
        for row in clean:
            writer.writerow([_cell(raw_value(row, c)) for c in columns])
        return out.getvalue()
    if fmt == "markdown":
        lines = [
            "| " + " | ".join(_md_escape(c.label) for c in columns) + " |",
            "|"
            + "|".join(
                " ---: " if c.fmt in ("int", "mb", "gb", "money", "count") else " --- " for c in columns
            )
            + "|",
        ]
        for row in clean:
            lines.append("| " + " | ".join(_md_escape(str(_cell(raw_value(row, c)))) for c in columns) + " |")
        return "\n".join(lines) + "\n"
    raise ValueError(f"Unknown export format: {fmt}")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:48].rstrip("-")


def suggest_name(area_key: str, query: str, filter_text: str, now: float, ext: str = ".csv") -> str:
    """A file name that says what is in it: ``linodes-region-us-east-2026-12-02.csv``."""
    parts = [area_key, _slug(query), _slug(filter_text), datetime.fromtimestamp(now).strftime("%Y-%m-%d")]
    return "-".join(p for p in parts if p) + ext
