"""Object Storage quotas with their usage, and the Object Storage endpoints: a read-only view.

``GET /object-storage/quotas`` lists the limits per endpoint (buckets, objects, bytes) and
``GET /object-storage/global-quotas`` those per account (access keys, total capacity); each quota
that ``has_usage`` is read with ``…/{id}/usage`` (concurrently) and shown as used / limit with a
percentage, the ones near their limit highlighted. ``GET /object-storage/endpoints`` lists where
buckets can live (region, endpoint type, S3 hostname)."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from linode_tui.ui.dialogs import DIALOG_CSS, Dialog
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.widgets.vtable import Column, ResourceTable

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


def percent(usage: Any, limit: Any) -> Text:
    """The share of the limit used: warning from 80 %, error from 95 %."""
    if not isinstance(usage, int | float) or not isinstance(limit, int | float) or limit <= 0:
        return Text("—", "muted")
    pct = 100.0 * usage / limit
    style = "error" if pct >= 95 else "warning" if pct >= 80 else ""
    return Text(f"{pct:.0f}%", style)


def quota_rows(quotas: list[dict[str, Any]], usage: dict[str, Any]) -> list[dict[str, Any]]:
    """One row a quota: its name (without the "Object Storage" prefix), where, used, limit, %."""
    rows = []
    for q in quotas:
        qid = str(q.get("quota_id"))
        metric = str(q.get("resource_metric") or "")
        u = usage.get(qid)
        used = u.get("usage") if isinstance(u, dict) else None
        limit = (u.get("quota_limit") if isinstance(u, dict) else None) or q.get("quota_limit")
        name = str(q.get("quota_name") or qid).removeprefix("Object Storage ")
        rows.append(
            {
                "_key": qid,
                "name": name,
                # the cluster (us-east-1); the endpoints table has the full hostnames
                "where": str(q.get("s3_endpoint") or "account").removesuffix(".linodeobjects.com"),
                "used": amount(used, metric) if q.get("has_usage") else "not reported",
                "limit": amount(limit, metric),
                "pct": percent(used, limit),
            }
        )
    return rows


QUOTA_COLUMNS = (
    Column("name", "Quota", max_width=30),
    Column("where", "Endpoint", max_width=34),
    Column("used", "Used", align="right"),
    Column("limit", "Limit", align="right"),
    Column("pct", "%", align="right", formatter=lambda r: r["pct"], sort_key=lambda r: r["pct"].plain),
)
ENDPOINT_COLUMNS = (
    Column("region", "Region"),
    Column("endpoint_type", "Type"),
    Column("s3_endpoint", "S3 endpoint", max_width=50),
)


class QuotasDialog(Dialog[None]):
    """See the module docstring. Opened by the buckets area's ``quotas`` action."""

    DEFAULT_CSS = (
        "QuotasDialog { align: center middle; }"
        + DIALOG_CSS
        + """
    QuotasDialog .dialog { width: 110; max-width: 95%; height: 90%; }
    QuotasDialog #quotas { height: 2fr; }
    QuotasDialog #endpoints { height: 1fr; }
    QuotasDialog .section-title { height: 1; text-style: bold; }
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
            yield Static(Text("Quotas"), classes="section-title")
            yield ResourceTable(id="quotas", empty_message="Loading…")
            yield Static(Text("Endpoints"), classes="section-title")
            yield ResourceTable(id="endpoints", empty_message="Loading…")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="cancel", variant="primary")

    @while_present
    def on_mount(self) -> None:
        self.query_one("#quotas", ResourceTable).set_columns(QUOTA_COLUMNS)
        self.query_one("#endpoints", ResourceTable).set_columns(ENDPOINT_COLUMNS)
        self.query_one("#quotas", ResourceTable).focus()
        self._load()

    def _failed(self, which: str, exc: Exception) -> None:
        table = self.query_one(f"#{which}", ResourceTable)
        table.empty_message = f"⚠ {exc}"
        table.set_rows([], key="_key")

    @work(group="objquotas", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self) -> None:
        from linode_tui.api.errors import LinodeError

        client = self.app.services.client  # type: ignore[attr-defined]
        try:
            self.quotas = [q for q in await client.list_all("/object-storage/quotas") if isinstance(q, dict)]
        except LinodeError as exc:
            self._failed("quotas", exc)
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
            self.query_one("#quotas", ResourceTable).set_rows(quota_rows(self.quotas, self.usage), key="_key")
        try:
            self.endpoints = [
                e for e in await client.list_all("/object-storage/endpoints") if isinstance(e, dict)
            ]
        except LinodeError as exc:
            self._failed("endpoints", exc)
            return
        rows = [
            {**e, "_key": f"{e.get('region')}/{e.get('endpoint_type')}/{i}"}
            for i, e in enumerate(self.endpoints)
        ]
        self.query_one("#endpoints", ResourceTable).set_rows(rows, key="_key")


__all__ = ["QuotasDialog", "amount", "percent", "quota_rows"]
