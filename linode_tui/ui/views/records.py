"""A read-only table of records the app itself produces (the audit log, the doctor's checks): not an
API area, but a view like the others (esc goes back, `/` filters, enter shows a record, `y` copies)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from linode_tui.core.descriptors import Area
from linode_tui.ui.dialogs import json_text
from linode_tui.ui.guard import while_present
from linode_tui.ui.views.base import FilterLine
from linode_tui.ui.widgets.vtable import Column, ResourceTable


class RecordsView(FilterLine):
    DEFAULT_CSS = """
    RecordsView { height: 1fr; }
    RecordsView > .view-title { height: 1; background: $boost; padding: 0 1; }
    RecordsView > #filter { display: none; height: 1; border: none; padding: 0 1; }
    RecordsView.-filtering > #filter { display: block; }
    RecordsView > .view-note { height: auto; padding: 0 1; color: $text-muted; }
    RecordsView > ResourceTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", priority=True, id="records.filter"),
        Binding("r", "refresh", "Refresh", id="records.refresh"),
        Binding("v", "json", "JSON", show=False, id="records.json"),
        Binding("y", "yank", "Copy", show=False, id="records.yank"),
    ]
    area: Area
    columns: tuple[Column, ...] = ()

    def __init__(self) -> None:
        super().__init__(classes="area-view")
        self.rows: dict[Any, dict[str, Any]] = {}
        self.note = ""

    def compose(self) -> ComposeResult:
        yield Static("", classes="view-title", id="title")
        yield Input(placeholder="filter the rows below…", id="filter", compact=True)
        yield Static("", classes="view-note", id="note")
        yield ResourceTable(id="table")

    @while_present
    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.set_columns(list(self.columns))
        table.empty_message = "Loading…"
        table.focus()
        self.action_refresh()

    def show(self, rows: list[dict[str, Any]], note: str = "", empty: str = "Nothing here.") -> None:
        self.rows = {}
        for i, r in enumerate(rows):
            r.setdefault("_key", i)
            self.rows[r["_key"]] = r
        table = self.query_one(ResourceTable)
        table.set_rows(list(self.rows.values()), key="_key")
        table.empty_message = empty
        self.note = note
        self.query_one("#note", Static).update(Text(note))
        t = Text(self.area.title, style="bold")
        t.append(f"  {len(rows)}")
        self.query_one("#title", Static).update(t)

    def action_refresh(self) -> None:
        """Subclasses load their records and call :meth:`show`."""

    def selected_item(self) -> dict[str, Any] | None:
        key = self.query_one(ResourceTable).cursor_row_key
        return self.rows.get(key) if key is not None else None

    def action_json(self) -> None:
        from linode_tui.ui.dialogs import TextDialog

        item = self.selected_item()
        if item:
            shown = {k: v for k, v in item.items() if not k.startswith("_")}
            self.app.push_screen(TextDialog(self.area.title, json_text(shown)))

    @on(ResourceTable.RowSelected)
    def _open(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        self.action_json()


    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one(ResourceTable).set_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.remove_class("-filtering")
        self.query_one(ResourceTable).focus()
