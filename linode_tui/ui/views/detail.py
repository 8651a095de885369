"""The generic detail of one resource: a summary and tabs for its sub-resources; actions by key."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane, Tabs

from linode_tui.core.descriptors import Area, Col, Tab, fill, get_path, tab_area
from linode_tui.core.registry import BY_KEY
from linode_tui.core.secrets import is_secret_name, is_secret_value, secret_paths
from linode_tui.ui.dialogs import json_text
from linode_tui.ui.fmt import format_value, status_text
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import AreaView, action_bindings, make_column, scrub
from linode_tui.ui.views.waiting import clock_time, waiting_note
from linode_tui.ui.widgets.vtable import ResourceTable


def tab_view_class(dotted: str) -> Any:
    """The hand-written view class a tab names (``module:Class``)."""
    import importlib

    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


class DetailView(AreaView):
    """One resource: a summary and tabs for its sub-resources; actions by key."""

    DEFAULT_CSS = """
    DetailView { height: 1fr; }
    DetailView > .view-title { height: 1; background: $boost; padding: 0 1; }
    DetailView > .view-error { color: $error; height: auto; padding: 0 1; }
    DetailView TabbedContent { height: 1fr; }
    DetailView TabPane { padding: 0 1; height: 1fr; }
    DetailView .summary { height: auto; }
    DetailView ResourceTable { height: 1fr; }
    DetailView .sections { height: 1fr; }
    DetailView .sections ResourceTable { height: auto; margin-bottom: 1; }
    DetailView .section-title { color: $accent; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "menu", "Actions", id="detail.actions"),
        Binding("r", "refresh", "Refresh", id="detail.refresh"),
        Binding("v", "json", "JSON", show=False, id="detail.json"),
        Binding("y", "yank", "Copy", show=False, id="detail.yank"),
        Binding("g", "stats", "Stats", id="detail.stats"),
        Binding("ctrl+r", "reveal", "Reveal secrets", show=False, id="detail.reveal"),
        Binding("left,h", "tab(-1)", "Prev tab", show=False, id="detail.prev_tab"),
        Binding("right,l", "tab(1)", "Next tab", show=False, id="detail.next_tab"),
    ]

    def __init__(self, area: Area, item: dict[str, Any]) -> None:
        super().__init__(classes="area-view")
        self.area = area
        self.item = item
        self.loaded_tabs: set[str] = set()
        self.tab_rows: dict[str, dict[Any, dict[str, Any]]] = {}
        self.tab_objects: dict[str, Any] = {}
        self.revealed = False  # secrets in the summary and object tabs are masked until ctrl+r
        self.stale_since: float | None = None  # shown from before a failed re-read
        self.fresh_at: float | None = None

    @classmethod
    def for_area(cls, area: Area, item: dict[str, Any]) -> DetailView:
        sub = type(f"{area.key.title()}DetailView", (cls,), {"BINDINGS": action_bindings(area)})
        return sub(area, item)  # type: ignore[no-any-return]

    def view_title(self) -> str:
        return f"{self.area.title} › {self.label}"

    @property
    def label(self) -> str:
        return self.area.label_of(self.item)

    @property
    def tabs(self) -> tuple[Tab, ...]:
        """The area's tabs this item has (``Tab.only_if``: e.g. connection pools of PostgreSQL)."""
        return tuple(t for t in self.area.tabs if t.only_if is None or t.only_if(self.item))

    def compose(self) -> ComposeResult:
        yield Static("", classes="view-title", id="title")
        yield Static("", classes="view-error", id="error")
        with TabbedContent(id="tabs"):
            with TabPane("Summary", id="tab-summary"), VerticalScroll():
                yield Static("", classes="summary", id="summary")
            if self.area.stats:
                yield TabPane("Stats", id="tab-stats")
            for tab in self.tabs:
                with TabPane(tab.label, id=f"tab-{tab.key}"):
                    if tab.view:
                        yield tab_view_class(tab.view)(self.area, self.item, tab)
                    elif tab.kind == "list":
                        yield ResourceTable(id=f"table-{tab.key}")
                    elif tab.sections:
                        with VerticalScroll(classes="sections"):
                            yield Static("", id=f"obj-{tab.key}", classes="tab-text")
                            for i, sec in enumerate(tab.sections):
                                yield Static(Text(sec.title, "bold"), classes="section-title")
                                yield ResourceTable(id=f"table-{tab.key}--{i}", classes="section")
                    else:
                        with VerticalScroll():
                            yield Static("Loading…", id=f"obj-{tab.key}")

    @while_present
    def on_mount(self) -> None:
        for tab in self.tabs:
            if tab.view:
                continue
            if tab.kind == "list":
                t = self.query_one(f"#table-{tab.key}", ResourceTable)
                cols = tab.columns or (Col("id", "ID"), Col("label", "Label"))
                t.set_columns([make_column(c) for c in cols])
                t.empty_message = "Loading…"
            for i, sec in enumerate(tab.sections):
                t = self.query_one(f"#table-{tab.key}--{i}", ResourceTable)
                t.set_columns([make_column(c) for c in sec.columns])
                t.empty_message = "Loading…"
        self.render_summary()
        self.reload()
        # Keys of this view work at once: focus the tab strip (left/right switch tabs).
        self.call_after_refresh(self._focus_tabs)

    @while_present
    def _focus_tabs(self) -> None:
        self.query_one(TabbedContent).query_one(Tabs).focus()

    @while_present
    def _title(self) -> None:
        t = Text(self.area.title + " › ", style="bold")
        t.append(self.label, "bold")
        if self.area.status_key and self.item.get(self.area.status_key) is not None:
            t.append("  ")
            t.append_text(self._status())
        try:
            t.append_text(waiting_note(self, [self.area.detail_url(self.item)]))
        except Exception:  # an item without the keys of its URL: nothing to wait for
            pass
        if self.stale_since is not None:
            t.append(f"  stale: as of {clock_time(self.stale_since)}, the API did not answer", "warning")
        self.query_one("#title", Static).update(t)

    def wait_changed(self) -> None:
        """A request became slow or got its answer (the client's ``slow``/``answered``)."""
        self._title()

    def _status(self) -> Text:
        progress = None
        services = self.tui.services
        if services is not None and self.area.entity_type:
            ev = services.inflight.get((self.area.entity_type, self.item.get("id")))  # type: ignore[arg-type]
            if ev is not None and isinstance(ev.get("percent_complete"), int | float):
                progress = f"{ev['percent_complete']:.0f}%"
        return status_text(self.item.get(self.area.status_key or "status"), progress)

    def render_summary(self) -> None:
        self._title()
        fields = self.area.summary or tuple(
            Col(k, k.replace("_", " ").capitalize())
            for k, v in self.item.items()
            if k != "_key" and not isinstance(v, dict | list)
        )
        width = max((len(f.label) for f in fields), default=10) + 2
        out = Text()
        for f in fields:
            raw = get_path(self.item, f.key)
            value = format_value(raw, f.fmt)
            if is_secret_name(f.key) and is_secret_value(raw) and not self.revealed:
                value = Text("••••••••  ctrl+r reveals", "muted")
            out.append(f"{f.label:<{width}}", "bold")
            out.append_text(value if isinstance(value, Text) else Text(value))
            out.append("\n")
        if self.area.summary_extras is not None:
            for label, value in self.area.summary_extras(self.item, self.tui.lookup):
                out.append(f"\n{label:<{width}}", "bold")
                out.append(value)
        self.query_one("#summary", Static).update(out)

    def reload(self, force: bool = False) -> None:
        self._reload(force)

    @work(group="detail-load", exclusive=True, exit_on_error=False)
    @guarded
    async def _reload(self, force: bool) -> None:
        from linode_tui.api.errors import LinodeError, NotFoundError

        services = self.tui.services
        if services is None:
            return
        try:
            fresh = await services.client.get(self.area.detail_url(self.item), force=force)
            # A detail path that answers with a list envelope (e.g. /tags/{label}: the tagged
            # objects) is not the object itself: the item stays what the list gave.
            if isinstance(fresh, dict) and not ("data" in fresh and "pages" in fresh):
                self.item = fresh
            self.stale_since = None
            self.fresh_at = self.now()
            self.query_one("#error", Static).update("")
        except NotFoundError:
            self.query_one("#error", Static).update(Text("This resource no longer exists."))
        except LinodeError as exc:
            if self.stale_since is None:
                self.stale_since = self.fresh_at if self.fresh_at is not None else self.now()
            self.query_one("#error", Static).update(Text(f"⚠ {exc}"))
            self.tui.report_problem(f"{self.view_title()}: {exc}")
        self.render_summary()
        active = self.query_one(TabbedContent).active
        if force:
            self.loaded_tabs.clear()
        if active and active != "tab-summary":
            self.load_tab(active.removeprefix("tab-"), force)

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        pane_id = event.pane.id or ""
        key = pane_id.removeprefix("tab-")
        self._toggle_stats(key == "stats")
        if key != "summary" and key not in self.loaded_tabs:
            self.load_tab(key)

    def _toggle_stats(self, show: bool) -> None:
        """The Stats tab holds a live stats view only while it is shown (hidden views cost no requests)."""
        if not self.area.stats:
            return
        pane = self.query_one("#tab-stats", TabPane)
        if show and not pane.children:
            from linode_tui.ui.views.stats import stats_view_for

            pane.mount(stats_view_for(self.area.stats, self.item))
        elif not show and pane.children:
            focused = self.app.focused
            had_focus = focused is not None and pane in focused.ancestors
            pane.remove_children()
            if had_focus:  # the focused stats view goes away: the keys stay with this view
                self._focus_tabs()

    def tab_def(self, key: str) -> Tab | None:
        return next((t for t in self.tabs if t.key == key), None)

    @work(group="tab-load", exit_on_error=False)
    @guarded
    async def load_tab(self, key: str, force: bool = False) -> None:
        from linode_tui.api.errors import LinodeError

        tab = self.tab_def(key)
        services = self.tui.services
        if tab is None or services is None:
            return
        self.loaded_tabs.add(key)
        if tab.view:
            for w in self.query_one(f"#tab-{key}", TabPane).children:
                loader = getattr(w, "load", None)
                if callable(loader):
                    loader(force)
            return
        path = fill(tab.path, self.item, self.area)
        try:
            if tab.kind == "object":
                obj = await services.client.get(path, force=force)
                self.tab_objects[key] = obj
                self._show_object(tab, obj)
            else:
                xf = tab.filter(self.item) if tab.filter else None
                page = await services.client.get_page(path, filter=xf, force=force)
                rows = []
                for i, r in enumerate(tab.rows(page.data) if tab.rows is not None else page.data):
                    if isinstance(r, dict):
                        r.setdefault("_key", r.get(tab.id_key, r.get("id", i)))
                        rows.append(r)
                self.tab_rows[key] = {r["_key"]: r for r in rows}
                table = self.query_one(f"#table-{key}", ResourceTable)
                table.empty_message = "None."
                table.set_rows(rows, key="_key")
        except LinodeError as exc:
            self.loaded_tabs.discard(key)
            if tab.kind == "object":
                self.query_one(f"#obj-{key}", Static).update(Text(f"⚠ {exc}"))
            else:
                t = self.query_one(f"#table-{key}", ResourceTable)
                t.empty_message = f"⚠ {exc}"
                t.refresh()

    def _show_object(self, tab: Tab, obj: Any) -> None:
        """An object tab: its text (or JSON when it has neither text nor tables), then its tables."""
        key = tab.key
        obj = obj if self.revealed else scrub(obj)  # secrets masked until ctrl+r
        text = tab.text(obj, self.item, self.tui.lookup) if tab.text is not None else None
        if text is None and not tab.sections:
            self.query_one(f"#obj-{key}", Static).update(json_text(obj))
        else:
            self.query_one(f"#obj-{key}", Static).update(Text(text or ""))
        for i, sec in enumerate(tab.sections):
            rows = []
            for n, r in enumerate(sec.rows(obj) if isinstance(obj, dict) else []):
                if isinstance(r, dict):
                    r.setdefault("_key", r.get(tab.id_key, n))
                    rows.append(r)
            self.tab_rows[f"{key}--{i}"] = {r["_key"]: r for r in rows}
            table = self.query_one(f"#table-{key}--{i}", ResourceTable)
            table.empty_message = "None."
            table.styles.height = max(2, len(rows) + 1)
            table.set_rows(rows, key="_key")
            self.call_after_refresh(self._fit_section, table, len(rows))

    @while_present
    def _fit_section(self, table: ResourceTable, n: int) -> None:
        """A section wider than the screen scrolls sideways: its scrollbar gets a line of its own
        instead of hiding the last row (80 columns)."""
        table.styles.height = max(2, n + 1) + (1 if table.show_horizontal_scrollbar else 0)

    # -- actions on a tab's rows (sub-resources: a disk, a config, a record, a node) -------------
    def active_tab(self) -> Tab | None:
        active = self.query_one(TabbedContent).active or ""
        return self.tab_def(active.removeprefix("tab-"))

    def tab_selection(self, tab: Tab) -> list[dict[str, Any]]:
        """The row under the cursor in the tab (its focused table, else its first)."""
        tables = list(self.query_one(f"#tab-{tab.key}", TabPane).query(ResourceTable))
        focused = next((t for t in tables if t is self.app.focused), tables[0] if tables else None)
        if focused is None or focused.cursor_row_key is None:
            return []
        row = self.tab_rows.get((focused.id or "").removeprefix("table-"), {}).get(focused.cursor_row_key)
        return [row] if row is not None else []

    def action_menu(self) -> None:
        tab = self.active_tab()
        if tab is not None and tab.actions and not tab.view:
            sub = tab_area(self.area, tab, self.item)
            self.tui.open_action_menu(sub, self.tab_selection(tab), origin=self)
            return
        super().action_menu()

    @on(ResourceTable.RowSelected)
    def _open_related(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        table_id = event.control.id or "" if hasattr(event, "control") else ""
        key = table_id.removeprefix("table-")
        tab = self.tab_def(key.split("--")[0])
        if tab is not None and tab.actions and not tab.link_area:
            self.action_menu()  # enter on a sub-resource: what can be done with it
            return
        if tab is None or not tab.link_area:
            return
        item = self.tab_rows.get(key, {}).get(event.key)
        area = BY_KEY.get(tab.link_area)
        if item is not None and area is not None:
            self.tui.open_detail(area, item)

    def selected_item(self) -> dict[str, Any] | None:
        return self.item

    def on_entity_event(self, event: dict[str, Any], kind: str) -> None:
        entity = event.get("entity") or {}
        if entity.get("type") == self.area.entity_type and entity.get("id") == self.item.get("id"):
            if kind == "progress":
                self._title()
            else:
                self.reload(force=True)

    def action_refresh(self) -> None:
        self.reload(force=True)

    def action_stats(self) -> None:
        if self.area.stats:
            self.query_one(TabbedContent).active = "tab-stats"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stats":
            return bool(self.area.stats)
        return super().check_action(action, parameters)

    def action_tab(self, delta: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = ["tab-summary"] + (["tab-stats"] if self.area.stats else [])
        ids += [f"tab-{t.key}" for t in self.tabs]
        cur = ids.index(tabs.active) if tabs.active in ids else 0
        tabs.active = ids[(cur + delta) % len(ids)]

    def action_reveal(self) -> None:
        """Show (again: hide) the secrets of the summary and the object tabs; `v` and exports never."""
        objects = (self.item, *self.tab_objects.values())
        if not self.revealed and not any(next(secret_paths(obj), None) for obj in objects):
            self.app.notify("Nothing secret to reveal here.", timeout=3)
            return
        self.revealed = not self.revealed
        self.render_summary()
        for key, obj in self.tab_objects.items():
            tab = self.tab_def(key)
            if tab is not None:
                self._show_object(tab, obj)
        shown = "Secrets shown: ctrl+r hides them." if self.revealed else "Secrets hidden."
        self.app.notify(shown, timeout=4)

    def action_json(self) -> None:
        from linode_tui.ui.dialogs import TextDialog

        self.app.push_screen(
            TextDialog(
                self.view_title(), json_text(scrub({k: v for k, v in self.item.items() if k != "_key"}))
            )
        )


def row_detail(area: Area, item: dict[str, Any]) -> DetailView:
    """A tab row shown as a detail of its tab's ``row_area`` (``Action.opens=ROW_DETAIL``): the row
    area belongs to the tab's parent, so the parent's grants gate what is done there."""
    from msgspec.structs import replace

    sub = area.sub_of
    if sub is None or sub.tab.row_area is None:
        raise ValueError(f"{area.key}: its tab has no row area")
    row_area = sub.tab.row_area
    title = f"{sub.area.label_of(sub.item)} › {row_area.title}"  # e.g. "nb-app-1 › Port"
    return DetailView.for_area(replace(row_area, sub_of=sub, title=title), item)


__all__ = ["DetailView", "row_detail"]
