"""`:audit`: the audit log of the mutations sent from this app (newest first)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from linode_tui.core.descriptors import Area
from linode_tui.ui.views.records import RecordsView
from linode_tui.ui.widgets.vtable import Column

AUDIT = Area(key="audit", title="Audit log", path="", columns=(), paginated=False, status_key=None,
             id_key="id", label_key="path")


def _result(row: dict[str, Any]) -> str | Text:
    status, error = row.get("status"), row.get("error")
    if error:
        return Text(str(error)[:60], style="red")
    if isinstance(status, int):
        return Text(str(status), style="green" if 200 <= status < 300 else "red")
    return Text("no answer", style="yellow")


def _time(row: dict[str, Any]) -> str:
    return str(row.get("time") or "").replace("T", " ")[:19]


class AuditView(RecordsView):
    area = AUDIT
    columns = (
        Column("time", "Time", width=19, formatter=_time),
        Column("profile", "Profile", width=10),
        Column("user", "User", width=12),
        Column("method", "Method", width=6),
        Column("path", "Path", width=34),
        Column("status", "Result", width=10, formatter=_result),
        Column("event_id", "Event", width=10),
        Column("action", "Action", width=16),
        Column("confirmation", "Typed", width=16),
    )

    def action_refresh(self) -> None:
        services = self.tui.services
        audit = getattr(services.client, "audit", None) if services is not None else None
        if audit is None:
            why = "off in demo mode" if self.tui.settings.demo else "off for this client"
            self.show([], note=f"The audit log is {why}: nothing sent from here is recorded.",
                      empty=f"Audit log {why}.")
            return
        try:
            rows = audit.read(1000)
        except OSError as exc:
            self.show([], note=f"Cannot read the audit log: {exc}", empty="Could not read.")
            return
        where = ", ".join(str(p) for p in audit.files()[:1]) or "not written yet"
        self.show(rows, note=f"{where} — enter shows an entry (its body with secrets hidden)",
                  empty="Nothing sent from here yet.")
