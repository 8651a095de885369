"""The grants editor of one user: global grants and per-entity access as one table.

Global grants are yes/no (``add_linodes`` …) or a level (``account_access``); each entity row is
no access / read only / read-write. Space (or Enter) cycles a row, ``0``/``1``/``2`` set it, changed
rows are marked ``*``; ``ctrl+s`` saves through the one action path (a plain confirmation listing the
changes), sending only what changed. An unrestricted user has no grants: the view says so.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from linode_tui.areas.users import KIND_TEXT, LEVEL_TEXT, describe_changes
from linode_tui.core.descriptors import Area
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import AreaView
from linode_tui.ui.widgets.vtable import Column, ResourceTable

LEVELS: tuple[str | None, ...] = (None, "read_only", "read_write")
LEVEL_GLOBALS = ("account_access",)


def grant_rows(grants: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the editor: global grants first, then each entity by kind and label."""
    rows: list[dict[str, Any]] = []
    for name, value in sorted((grants.get("global") or {}).items()):
        rows.append(
            {
                "_key": f"global:{name}",
                "kind": "global",
                "name": name,
                "label": name.replace("_", " "),
                "value": value,
                "levels": name in LEVEL_GLOBALS or not isinstance(value, bool | None),
            }
        )
    for kind in sorted(k for k in grants if k != "global"):
        entries = grants.get(kind)
        if not isinstance(entries, list):
            continue
        for e in sorted((e for e in entries if isinstance(e, dict)), key=lambda e: str(e.get("label"))):
            rows.append(
                {
                    "_key": f"{kind}:{e.get('id')}",
                    "kind": kind,
                    "id": e.get("id"),
                    "label": e.get("label") or str(e.get("id")),
                    "value": e.get("permissions"),
                    "levels": True,
                }
            )
    return rows


def next_value(row: dict[str, Any]) -> Any:
    if not row["levels"]:
        return not bool(row["value"])
    i = LEVELS.index(row["value"]) if row["value"] in LEVELS else 0
    return LEVELS[(i + 1) % len(LEVELS)]


def grants_body(rows: list[dict[str, Any]], original: dict[str, Any]) -> dict[str, Any]:
    """Only what changed: ``{"global": {...}, "linode": [{"id", "permissions"}], …}``."""
    body: dict[str, Any] = {}
    for r in rows:
        if r["value"] == original.get(r["_key"]):
            continue
        if r["kind"] == "global":
            body.setdefault("global", {})[r["name"]] = r["value"]
        else:
            body.setdefault(r["kind"], []).append({"id": r["id"], "permissions": r["value"]})
    return body


def value_text(row: dict[str, Any]) -> Text:
    v = row["value"]
    if not row["levels"]:
        return Text("yes", "success") if v else Text("no", "muted")
    style = {"read_write": "warning", "read_only": "success"}.get(v or "", "muted")
    return Text(LEVEL_TEXT.get(v, str(v)), style)


class GrantsTable(ResourceTable):
    """The table of grants: space changes the row's access (it marks rows in other tables)."""

    def action_toggle_mark(self) -> None:
        view = next((a for a in self.ancestors if isinstance(a, GrantsView)), None)
        if view is not None:
            view.action_cycle()


class GrantsView(AreaView):
    """One user's grants, editable."""

    DEFAULT_CSS = """
    GrantsView { height: 1fr; }
    GrantsView > .view-title { height: 1; background: $boost; padding: 0 1; }
    GrantsView > #grants-note { height: auto; padding: 0 1; }
    GrantsView > #grants-error { height: auto; padding: 0 1; color: $error; }
    GrantsView > #grants-error.-empty { display: none; }
    GrantsView ResourceTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle", "Change", id="grants.cycle"),
        Binding("0", "set(0)", "None", show=False, id="grants.set_0"),
        Binding("1", "set(1)", "Read only", show=False, id="grants.set_1"),
        Binding("2", "set(2)", "Read-write", show=False, id="grants.set_2"),
        Binding("ctrl+s", "save", "Save", id="grants.save"),
        Binding("r", "refresh", "Reload", id="grants.refresh"),
    ]

    def __init__(self, area: Area, user: dict[str, Any]) -> None:
        super().__init__(classes="area-view")
        self.area = area
        self.user = user
        self.rows: dict[str, dict[str, Any]] = {}
        self.original: dict[str, Any] = {}
        self.unrestricted = False
        self.loaded = False

    @property
    def username(self) -> str:
        return str(self.user.get("username") or "")

    def view_title(self) -> str:
        return f"Users › {self.username} › Grants"

    def selected_item(self) -> dict[str, Any] | None:
        return self.user

    def compose(self) -> ComposeResult:
        yield Static(Text(self.view_title(), "bold"), classes="view-title")
        yield Static(Text("Loading…"), id="grants-note")
        yield Static("", id="grants-error", classes="-empty")
        yield GrantsTable(id="grants-table")

    @while_present
    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.set_columns(
            [
                Column(
                    "kind", "Type", width=15, formatter=lambda r: str(KIND_TEXT.get(r["kind"], r["kind"]))
                ),
                Column("label", "Grant / entity", width=34, formatter=lambda r: Text(str(r["label"]))),
                Column("value", "Access", width=22, formatter=self._value_cell),
            ]
        )
        table.empty_message = "Loading…"
        self.load()

    def _value_cell(self, row: dict[str, Any]) -> Text:
        t = value_text(row)
        if row["value"] != self.original.get(row["_key"]):
            t.append("  ● changed", "warning")
        return t

    @work(group="grants-load", exclusive=True, exit_on_error=False)
    @guarded
    async def load(self, force: bool = False) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None:
            return
        table = self.query_one(ResourceTable)
        try:
            grants = await services.client.get(f"/account/users/{self.username}/grants", force=force)
        except LinodeError as exc:
            table.empty_message = f"⚠ {exc}"
            table.refresh()
            self.query_one("#grants-note", Static).update(Text(""))
            return
        self.loaded = True
        self.unrestricted = not isinstance(grants, dict)
        if self.unrestricted:  # the API answers 204 No Content: there are no grants
            self.rows = {}
            self.original = {}
            self.query_one("#grants-note", Static).update(
                Text(
                    f"{self.username} is an unrestricted user: full access to everything on the account. "
                    "There are no grants to edit; make the user restricted (Users › Edit) to limit it."
                )
            )
            table.empty_message = "Unrestricted: full access."
            table.set_rows([], key="_key")
            return
        rows = grant_rows(grants)
        self.rows = {r["_key"]: r for r in rows}
        self.original = {r["_key"]: r["value"] for r in rows}
        self._note()
        table.empty_message = "No grants."
        table.set_rows(rows, key="_key")

    def _note(self) -> None:
        changed = sum(1 for k, r in self.rows.items() if r["value"] != self.original.get(k))
        t = Text(f"Restricted: {self.username} sees only what is granted.  ")
        t.append("space", "bold")
        t.append(" change  ")
        t.append("0/1/2", "bold")
        t.append(" none/ro/rw  ")
        t.append("^s", "bold")
        t.append(" save")
        if changed:
            t.append(f"   {changed} unsaved change{'s' if changed > 1 else ''}", "bold yellow")
        self.query_one("#grants-note", Static).update(t)

    def _current(self) -> dict[str, Any] | None:
        key = self.query_one(ResourceTable).cursor_row_key
        return self.rows.get(str(key)) if key is not None else None

    def _set(self, row: dict[str, Any], value: Any) -> None:
        row["value"] = value
        self.query_one(ResourceTable).upsert_rows([row])
        self._note()

    def action_cycle(self) -> None:
        row = self._current()
        if row is not None:
            self._set(row, next_value(row))

    def action_set(self, level: int) -> None:
        row = self._current()
        if row is None:
            return
        self._set(row, LEVELS[level] if row["levels"] else level > 0)

    @on(ResourceTable.RowSelected)
    def _enter(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        self.action_cycle()

    def changes(self) -> dict[str, Any]:
        return grants_body(list(self.rows.values()), self.original)

    def action_save(self) -> None:
        self._save()

    @work(group="grants-save", exclusive=True, exit_on_error=False)
    @guarded
    async def _save(self) -> None:
        from linode_tui.api.errors import LinodeError

        action = self.area.action("grants")
        body = self.changes()
        if action is None or self.unrestricted:
            return
        if not body:
            self.app.notify("No changes to save.")
            return
        err = self.query_one("#grants-error", Static)
        try:
            sent, _ = await self.tui.runner.submit(self.area, action, self.user, body)
        except LinodeError as exc:
            err.update(Text(f"⚠ Not saved: {exc}"))
            err.remove_class("-empty")
            return
        if sent:
            err.update("")
            err.add_class("-empty")
            self.load(force=True)

    def action_refresh(self) -> None:
        self.load(force=True)


__all__ = ["GrantsView", "describe_changes", "grant_rows", "grants_body", "next_value"]
