"""Object Storage quotas with their usage, and the Object Storage endpoints: a read-only view.

``GET /object-storage/quotas`` lists the limits per endpoint (buckets, objects, bytes) and
``GET /object-storage/global-quotas`` those per account (access keys, total capacity); each quota
that ``has_usage`` is read with ``…/{id}/usage`` (concurrently) and shown as used / limit with a
percentage, the ones near their limit highlighted. ``GET /object-storage/endpoints`` lists where
buckets can live (region, endpoint type, S3 hostname)."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from linode_tui.ui.dialogs import DIALOG_CSS, Dialog
from linode_tui.ui.guard import guarded

BYTE_METRICS = frozenset({"byte", "bytes"})


def amount(value: Any, metric: str) -> str:
    """A count, or bytes in binary units."""
    if not isinstance(value, int | float):
        return "—"
    if metric not in BYTE_METRICS:
        return f"{int(value):,}"
    size = float(value)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} PiB"


def usage_cell(usage: Any, limit: Any) -> Text:
    """``used (pct%)``, styled warning from 80 %, error from 95 %."""
    if not isinstance(usage, int | float) or not isinstance(limit, int | float) or limit <= 0:
        return Text("—", "muted")
    pct = 100.0 * usage / limit
    style = "error" if pct >= 95 else "warning" if pct >= 80 else ""
    return Text(f"{pct:.0f}%", style)


def quotas_table(quotas: list[dict[str, Any]], usage: dict[str, Any]) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Quota", ratio=3, overflow="fold")
    table.add_column("Endpoint", ratio=2, overflow="fold")
    table.add_column("Used", justify="right", no_wrap=True)
    table.add_column("Limit", justify="right", no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    for q in quotas:
        qid = str(q.get("quota_id"))
        metric = str(q.get("resource_metric") or "")
        u = usage.get(qid)
        used = u.get("usage") if isinstance(u, dict) else None
        limit = (u.get("quota_limit") if isinstance(u, dict) else None) or q.get("quota_limit")
        table.add_row(
            Text(str(q.get("quota_name") or qid)),
            Text(str(q.get("s3_endpoint") or "account"), "muted" if not q.get("s3_endpoint") else ""),
            Text(
                amount(used, metric) if q.get("has_usage") else "not reported",
                "" if q.get("has_usage") else "muted",
            ),
            Text(amount(limit, metric)),
            usage_cell(used, limit),
        )
    return table


def endpoints_table(endpoints: list[dict[str, Any]]) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Region", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("S3 endpoint", overflow="fold")
    for e in endpoints:
        table.add_row(
            Text(str(e.get("region"))), Text(str(e.get("endpoint_type"))), Text(str(e.get("s3_endpoint")))
        )
    return table


class QuotasDialog(Dialog[None]):
    """See the module docstring. Opened by the buckets area's ``quotas`` action."""

    DEFAULT_CSS = (
        "QuotasDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    QuotasDialog .dialog { width: 110; max-width: 95%; height: 90%; }
    QuotasDialog VerticalScroll { height: 1fr; }
    QuotasDialog .section-title { margin-top: 1; text-style: bold; }
    """
    )

    def __init__(self, area: Any = None, item: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.area = area
        self.quotas: list[dict[str, Any]] = []
        self.usage: dict[str, Any] = {}
        self.endpoints: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from self.heading("Object Storage quotas and endpoints")
            with VerticalScroll():
                yield Static(Text("Quotas", "bold"), classes="section-title")
                yield Static(Text("Loading…", "muted"), id="quotas")
                yield Static(Text("Endpoints", "bold"), classes="section-title")
                yield Static(Text("Loading…", "muted"), id="endpoints")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="cancel", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()
        self._load()

    @work(group="objquotas", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self) -> None:
        from linode_tui.api.errors import LinodeError

        client = self.app.services.client  # type: ignore[attr-defined]
        try:
            self.quotas = [q for q in await client.list_all("/object-storage/quotas") if isinstance(q, dict)]
        except LinodeError as exc:
            self.query_one("#quotas", Static).update(Text(f"⚠ {exc}", "error"))
        else:
            try:  # the account-wide ones (access keys, total capacity), where the API has them
                account = await client.list_all("/object-storage/global-quotas")
            except LinodeError:
                account = []
            self.quotas += [{**q, "_base": "global-quotas"} for q in account if isinstance(q, dict)]
            with_usage = [q for q in self.quotas if q.get("has_usage")]
            answers = await asyncio.gather(
                *(
                    client.get(f"/object-storage/{q.get('_base', 'quotas')}/{q['quota_id']}/usage")
                    for q in with_usage
                ),
                return_exceptions=True,
            )
            self.usage = {
                str(q["quota_id"]): a for q, a in zip(with_usage, answers, strict=True) if isinstance(a, dict)
            }
            self.query_one("#quotas", Static).update(quotas_table(self.quotas, self.usage))
        try:
            self.endpoints = [
                e for e in await client.list_all("/object-storage/endpoints") if isinstance(e, dict)
            ]
        except LinodeError as exc:
            self.query_one("#endpoints", Static).update(Text(f"⚠ {exc}", "error"))
            return
        self.query_one("#endpoints", Static).update(endpoints_table(self.endpoints))


__all__ = ["QuotasDialog", "amount", "endpoints_table", "quotas_table"]
