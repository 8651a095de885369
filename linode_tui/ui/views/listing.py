"""The generic list of one area's resources: server query, instant filter, marks, export."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import Reactive
from textual.widgets import Input, Static

from linode_tui.core.descriptors import Area, Col, get_path
from linode_tui.ui.fmt import status_text
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import FilterLine, _sortable, action_bindings, make_column, row_key, scrub
from linode_tui.ui.views.waiting import clock_time, waiting_note
from linode_tui.ui.widgets.vtable import Column, ResourceTable

CURSOR_PAGE = 100  # rows per request for areas paged by an id cursor (events)
APPLY_CHUNK = 100  # rows handed to the table per step while a page is applied (the loop stays free)


class ResourceListView(FilterLine):
    """A list of one area's resources: server query, instant filter, marks, export."""

    REPORTS_FIRST_ROWS = True
    #: No border, no padding, no content of its own: its lines are its background (see MainScreen).
    BLANK = True
    #: Widget.loading without its repaint: the title's ⟳ and the table show the state (set_loading),
    #: so a load that changes nothing (a revisit from the cache) paints nothing.
    loading: Reactive[bool] = Reactive(False, repaint=False)

    DEFAULT_CSS = """
    ResourceListView { height: 1fr; }
    ResourceListView > .view-title { height: 1; background: $boost; padding: 0 1; }
    ResourceListView > #filter { display: none; height: 1; border: none; padding: 0 1; }
    ResourceListView.-filtering > #filter { display: block; }
    ResourceListView > .view-error { color: $error; height: auto; padding: 0 1; display: none; }
    ResourceListView.-error > .view-error { display: block; }
    ResourceListView > ResourceTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter", priority=True, id="list.filter"),  # see app.command
        Binding("a", "menu", "Actions", id="list.actions"),
        Binding("r", "refresh", "Refresh", id="list.refresh"),
        Binding("x", "export", "Export", show=False, id="list.export"),
        Binding("O", "sort_menu", "Sort by column…", show=False, id="list.sort_menu"),
        Binding("v", "json", "JSON", show=False, id="list.json"),
        Binding("y", "yank", "Copy", show=False, id="list.yank"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear_filter"),
    ]

    def __init__(
        self,
        area: Area,
        *,
        xfilter: dict[str, Any] | None = None,
        query_text: str = "",
        client_filter: str = "",
    ) -> None:
        super().__init__(classes="area-view")
        self.area = area
        self.xfilter = xfilter or dict(area.default_filter)
        self.query_text = query_text
        self.client_filter = client_filter
        self._applied = 0  # rows shown or changed so far (counted by _apply)
        self._title_shown: Text | None = None  # what the title shows (set by _update_title)
        self.rows: dict[Any, dict[str, Any]] = {}
        self.generation = 0
        self.loading = False
        self.total: int | None = None
        self.has_more = False  # cursor areas: older rows exist beyond what is loaded
        self.error: str = ""
        self._filter_timer: Any = None
        self.stale_since: float | None = None  # rows on screen are from before a failed load
        self.fresh_at: float | None = None

    @classmethod
    def for_area(cls, area: Area, **kw: Any) -> ResourceListView:
        sub = type(f"{area.key.title()}ListView", (cls,), {"BINDINGS": action_bindings(area)})
        return sub(area, **kw)  # type: ignore[no-any-return]

    def compose(self) -> ComposeResult:
        # The table gets its columns and the cached rows before it is mounted: the screen's first
        # frame with this view already shows them (issue 14: at start-up with -c, the frame that
        # follows this compose is the app's first).
        table = ResourceTable(id="table")
        table.set_columns([self._column(c) for c in self.area.columns])
        table.empty_message = "Loading…"
        self._apply_cached(table)
        self._title_shown = self._title_text(table, self.client_filter)
        yield Static(self._title_shown, classes="view-title", id="title")
        yield Input(placeholder="filter the rows below (any column)…", id="filter", compact=True)
        yield Static("", classes="view-error", id="error")
        yield table

    @while_present
    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.focus()
        if self.client_filter:
            self.query_one("#filter", Input).value = self.client_filter
            self.add_class("-filtering")
            self._apply_filter(self.client_filter)
        self._update_title()
        self.load()

    def _apply_cached(self, table: ResourceTable) -> None:
        """Rows already in the cache (the first page fetched while the app started, or one a recent
        visit left) are shown in this view's first frame; the load that follows brings the rest and
        changes nothing it finds unchanged."""
        services = self.tui.services
        if services is None or not self.area.paginated or self.area.cursor:
            return
        cached = getattr(services.client, "cached_page", None)
        page = cached(self.area.path, filter=self.xfilter or None) if cached is not None else None
        if page is None:
            return
        self.total = page.results
        self._apply([i for i in page.data if isinstance(i, dict)], first=True, replace=True, table=table)

    def _column(self, c: Col) -> Column:
        if c.fmt == "age" or c.derive is not None:
            col = make_column(c, self._derived_cell)
            if c.derive is not None:
                derive = c.derive
                col.sort_key = lambda row: _sortable(derive(row, self.tui.lookup))
            return col
        return make_column(c, self._status_cell if c.fmt == "status" else None)

    def _derived_cell(self, row: dict[str, Any], c: Col) -> Text:
        """A computed value (from the row and the cached look-ups); an age from the app's clock."""
        from linode_tui.ui.fmt import age_text, format_value

        value = c.derive(row, self.tui.lookup) if c.derive is not None else get_path(row, c.key)
        if c.fmt == "age":
            return Text(age_text(value, self.now()))
        shown = format_value(value, c.fmt)
        return shown if isinstance(shown, Text) else Text(shown)

    def _status_cell(self, row: dict[str, Any], c: Col) -> Text:
        status = get_path(row, c.key)
        progress = None
        services = self.tui.services
        if services is not None and self.area.entity_type:
            ev = services.inflight.get((self.area.entity_type, row.get("id")))  # type: ignore[arg-type]
            if ev is not None:
                pct = ev.get("percent_complete")
                if ev.get("status") == "scheduled":
                    progress = "(queued)"
                elif isinstance(pct, int | float):
                    progress = f"{pct:.0f}%"
        return status_text(status, progress)

    @while_present
    def _update_title(self) -> None:
        text = self._title_text(self.query_one(ResourceTable), self.query_one("#filter", Input).value)
        if text == self._title_shown:
            return  # unchanged: no repaint (a revisit served from the cache)
        self._title_shown = text
        # height 1, full width: the text never changes its size (no relayout of the screen)
        self.query_one("#title", Static).update(text, layout=False)

    def _title_text(self, table: ResourceTable, ftext: str) -> Text:
        t = Text(self.area.title, style="bold")
        shown, total = table.row_count, table.total_count
        t.append(f"  {shown}" if shown == total else f"  {shown} of {total}")
        if self.area.cursor:
            if self.has_more:
                t.append("  older ones load as you scroll", "muted")
        elif self.total is not None and self.total > total:
            t.append(f" (loading {total}/{self.total})", "warning")
        if self.query_text:
            t.append("  query: ", "muted")
            t.append(self.query_text)
        marked = len(table.marked_keys())
        if marked:
            t.append(f"  {marked} marked", "accent")
        if ftext:
            t.append("  filter: ", "muted")
            t.append(ftext)
        if self.loading:
            t.append("  ⟳", "warning")
        t.append_text(waiting_note(self, [self.area.path]))
        if self.stale_since is not None and self.rows:
            t.append(f"  stale: rows as of {clock_time(self.stale_since)}, the API did not answer", "warning")
        return t

    def wait_changed(self) -> None:
        """A request became slow or got its answer (the client's ``slow``/``answered``)."""
        self._update_title()

    # -- loading -----------------------------------------------------------------------------
    def set_loading(self, loading: bool) -> None:
        """Keep the rows and the title on screen while loading. ``self.loading`` is Textual's own
        ``Widget.loading``, whose cover would hide what is on screen during every refresh (and the
        title that says it is loading, how long the API has not answered, and that rows are stale);
        the title's ⟳ and the table's "Loading…" say it instead."""

    def load(self, force: bool = False) -> None:
        self.generation += 1
        self._load(self.generation, force)

    @work(group="list-load", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self, generation: int, force: bool) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None:
            return
        client = services.client
        table = self.query_one(ResourceTable)
        applied_before = self._applied
        self.loading = True
        # Served from the cache (a revisit within the TTL): over before a frame is drawn, so the
        # title does not flash its ⟳ (one frame less per area hop).
        cached = (
            not force
            and self.area.paginated
            and not self.area.cursor
            and client.cached_page(self.area.path, filter=self.xfilter or None) is not None
        )
        if not cached:
            self._update_title()
        seen: set[Any] = set()
        first = True
        try:
            if not self.area.paginated:
                obj = await client.get(self.area.path, force=force)
                items = [obj] if isinstance(obj, dict) else []
                self._apply(items, first=True, replace=True)
                seen = {row_key(self.area, i) for i in items}
            elif self.area.cursor:
                # Newest first, one page at a time; older pages come as the cursor reaches the end.
                page = await client.get_page(
                    self.area.path, page_size=CURSOR_PAGE, filter=self._cursor_filter(None), force=force
                )
                if generation != self.generation:
                    return
                items = [i for i in page.data if isinstance(i, dict)]
                self.total = page.results
                self.has_more = page.pages > 1
                seen.update(row_key(self.area, i) for i in items)
                # Rows older than the first page that were loaded before stay (they are still valid).
                oldest = min((i.get("id", 0) for i in items), default=0)
                seen.update(k for k in self.rows if isinstance(k, int) and k < oldest)
                self._apply(items, first=True, replace=not self.rows)
            else:
                from linode_tui.ui.bulk import bulk_load

                with bulk_load() as loaded:
                    async for page in client.iter_pages(
                        self.area.path, filter=self.xfilter or None, force=force
                    ):
                        if generation != self.generation:
                            return  # a newer load superseded this one: drop stale results
                        self.total = page.results
                        items = [i for i in page.data if isinstance(i, dict)]
                        area = self.area  # a row applied before carries its key (a revisit: no recompute)
                        seen.update(i["_key"] if "_key" in i else row_key(area, i) for i in items)
                        replace = first and not self.rows
                        # In steps, so that a large page never blocks the event loop for long.
                        changed = 0
                        for start in range(0, len(items) or 1, APPLY_CHUNK):
                            if changed:
                                await asyncio.sleep(0)
                                if generation != self.generation:
                                    return
                            chunk = items[start : start + APPLY_CHUNK]
                            changed = self._apply(
                                chunk,
                                first=first and not start,
                                replace=replace and not start,
                                title=start + APPLY_CHUNK >= len(items),  # once per page: a relayout
                            )
                        loaded.append(len(items))
                        first = False
                if generation != self.generation:
                    return
                if first:  # no page at all
                    self._apply([], first=True, replace=True)
            gone = [k for k in self.rows if k not in seen]
            if gone:
                for k in gone:
                    self.rows.pop(k, None)
                table.remove_rows(gone)
                self._applied += len(gone)
            if self.error:
                self.tui.api_recovered()
            self.error = ""
            self.stale_since = None
            self.fresh_at = self.now()
            self.remove_class("-error")
            table.empty_message = "Nothing here." if not self.query_text else "No resource matches the query."
        except LinodeError as exc:
            if self.rows and self.stale_since is None:
                self.stale_since = self.fresh_at if self.fresh_at is not None else self.now()
            self.error = str(exc)
            self.query_one("#error", Static).update(Text(f"⚠ {exc}  (r to retry)"))
            self.add_class("-error")
            table.empty_message = "Could not load."
            self.tui.report_problem(f"{self.area.title}: {exc}")
            self.tui.first_rows_shown()  # its error is
        finally:
            self.loading = False
            if generation == self.generation:
                self._update_title()
                if not table.row_count or self._applied != applied_before:
                    table.refresh()  # a revisit served unchanged from the cache: nothing to repaint

    def _apply(
        self,
        items: list[dict[str, Any]],
        *,
        first: bool,
        replace: bool,
        title: bool = True,
        table: ResourceTable | None = None,
    ) -> int:
        """Show these rows (all of them with ``replace``); returns how many were new or changed.
        ``title=False``: the caller updates the title once after several steps; ``table``: the
        table being composed (its title is composed with it)."""
        if table is None:
            table = self.query_one(ResourceTable)
        else:
            title = False
        keyed = []
        rows = self.rows
        area = self.area
        for i in items:
            k = i["_key"] if "_key" in i else row_key(area, i)
            if k is None:
                continue
            i.setdefault("_key", k)
            old = rows.get(k)
            if not replace and old is not None and (old is i or old == i):
                continue  # unchanged (e.g. a revisit served from the cache): nothing to redo
            rows[k] = i
            keyed.append(i)
        if replace:
            table.set_rows(keyed, key="_key")
        elif keyed:
            table.upsert_rows(keyed)
        else:
            return 0
        self._applied += len(keyed) or 1  # rows shown or changed (a load that changed none repaints nothing)
        if title:
            self._update_title()
        if first:
            self.tui.first_rows_shown()
        return len(keyed) or 1

    def _cursor_filter(self, before: int | None) -> dict[str, Any]:
        """The current query (plus ``id < before`` for older pages), always newest id first: the
        API's cursor on ids."""
        conds = {k: v for k, v in self.xfilter.items() if not k.startswith("+order")}
        if before is not None:
            older = {"id": {"+lt": before}}
            conds = {"+and": [conds, older]} if conds else older
        return {**conds, "+order_by": "id", "+order": "desc"}

    @on(ResourceTable.RowHighlighted)
    def _near_end(self, event: ResourceTable.RowHighlighted) -> None:
        table = self.query_one(ResourceTable)
        if (
            self.area.cursor
            and self.has_more
            and not self.loading
            and table.cursor_index >= table.row_count - 3
        ):
            self.load_older()

    @work(group="list-older", exclusive=True, exit_on_error=False)
    @guarded
    async def load_older(self) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        ids = [k for k in self.rows if isinstance(k, int)]
        if services is None or not ids:
            return
        self.loading = True
        self._update_title()
        try:
            page = await services.client.get_page(
                self.area.path, page_size=CURSOR_PAGE, filter=self._cursor_filter(min(ids))
            )
            items = [i for i in page.data if isinstance(i, dict)]
            self.has_more = page.pages > 1
            self._apply(items, first=False, replace=False)
        except LinodeError as exc:
            self.tui.report_problem(f"{self.area.title}: {exc}")
            self.tui.first_rows_shown()  # its error is
        finally:
            self.loading = False
            self._update_title()

    @work(group="entity-refresh", exit_on_error=False)
    @guarded
    async def refresh_entity(self, entity_id: Any) -> None:
        from linode_tui.api.errors import LinodeError, NotFoundError

        services = self.tui.services
        if services is None or entity_id not in self.rows:
            return
        item = self.rows[entity_id]
        try:
            fresh = await services.client.get(self.area.detail_url(item), force=True)
        except NotFoundError:
            self.rows.pop(entity_id, None)
            self.query_one(ResourceTable).remove_rows([entity_id])
            self._update_title()
            return
        except LinodeError as exc:
            self.tui.report_problem(f"{self.area.title}: {exc}")
            return
        if isinstance(fresh, dict):
            fresh["_key"] = entity_id
            self.rows[entity_id] = fresh
            self.query_one(ResourceTable).upsert_rows([fresh])

    def on_entity_event(self, event: dict[str, Any], kind: str) -> None:
        entity = event.get("entity") or {}
        if not self.area.entity_type or entity.get("type") != self.area.entity_type:
            return
        eid = entity.get("id")
        if eid in self.rows:
            if kind in ("progress",):
                self.query_one(ResourceTable).upsert_rows([self.rows[eid]])
            else:
                self.refresh_entity(eid)
        elif kind in ("finished", "new") and str(event.get("action", "")).endswith("_create"):
            self.load(force=True)

    # -- interaction ---------------------------------------------------------------------------
    def selected_item(self) -> dict[str, Any] | None:
        table = self.query_one(ResourceTable)
        key = table.cursor_row_key
        return self.rows.get(key) if key is not None else None

    def selected_items(self) -> list[dict[str, Any]]:
        table = self.query_one(ResourceTable)
        marked = [self.rows[r["_key"]] for r in table.marked_rows() if r.get("_key") in self.rows]  # as shown
        if marked:
            return marked
        item = self.selected_item()
        return [item] if item else []

    @on(ResourceTable.RowSelected)
    def _open(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        item = self.rows.get(event.key)
        if item is not None:
            self.tui.open_detail(self.area, item)

    @on(ResourceTable.MarkChanged)
    def _marks(self) -> None:
        self._update_title()


    def action_clear_filter(self) -> None:
        inp = self.query_one("#filter", Input)
        if inp.value or self.has_class("-filtering"):
            inp.value = ""
            self.remove_class("-filtering")
            self.query_one(ResourceTable).set_filter("")
            self.query_one(ResourceTable).focus()
            self._update_title()
        else:
            self.tui.action_go_back()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._filter_timer is not None:
            self._filter_timer.stop()
        value = event.value
        # A very short debounce coalesces key repeat; the filter itself is incremental and fast.
        self._filter_timer = self.set_timer(0.01, lambda: self._apply_filter(value))

    def _apply_filter(self, value: str) -> None:
        self.query_one(ResourceTable).set_filter(value)
        self._update_title()

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.remove_class("-filtering")
        self.query_one(ResourceTable).focus()

    def action_refresh(self) -> None:
        self.load(force=True)

    def action_json(self) -> None:
        from linode_tui.ui.dialogs import TextDialog, json_text

        item = self.selected_item()
        if item:
            shown = {k: v for k, v in item.items() if k != "_key"}
            self.app.push_screen(
                TextDialog(f"{self.area.title}: {item.get(self.area.label_key)}", json_text(scrub(shown)))
            )

    # -- marks, sort, export (the table does the work; these are the view's keys and menus) ---
    def clear_marks(self) -> None:
        self.query_one(ResourceTable).clear_marks()

    def menu_extras(self) -> list[tuple[str, str, str]]:
        table = self.query_one(ResourceTable)
        extras = [("mark_all", "Mark all rows shown", "ctrl+a"), ("invert_marks", "Invert marks", "*")]
        if table.marked_keys():
            extras.append(("clear_marks", f"Clear marks ({len(table.marked_keys())})", "ctrl+\\"))
        return [*extras, ("sort_menu", "Sort by column…", "O"), ("export", "Export the rows shown…", "x")]

    def run_menu_extra(self, key: str) -> None:
        table = self.query_one(ResourceTable)
        if key == "mark_all":
            table.mark_all_visible()
        elif key == "invert_marks":
            table.invert_marks()
        elif key == "clear_marks":
            table.clear_marks()
        elif key == "sort_menu":
            self.action_sort_menu()
        elif key == "export":
            self.action_export()

    def action_sort_menu(self) -> None:
        """Pick the sort column; picking the column already sorted by reverses it."""
        from linode_tui.ui.dialogs import MenuDialog

        table = self.query_one(ResourceTable)
        current, reverse = table.sort_column, table.sort_reverse
        options: list[tuple[str, str | Text, bool]] = []
        for c in self.area.columns:
            label = Text(c.label)
            if c.key == current:
                label.append("  ▼ descending" if reverse else "  ▲ ascending", "bold")
                label.append("  (again: reverse)", "muted")
            options.append((c.key, label, True))
        options.append(("", Text("Unsorted (as the API sent them)"), current is not None))

        def picked(key: str | None) -> None:
            if key is None:
                return
            if not key:
                table.sort_by(None)
            else:
                table.sort_by(key, not reverse if key == current else False)
            table.focus()

        self.app.push_screen(
            MenuDialog(f"Sort {self.area.title} by", options, "> / < step the column, S reverses"), picked
        )

    def suggested_export_name(self, ext: str = ".csv") -> str:
        from linode_tui.core.export import suggest_name

        ftext = self.query_one("#filter", Input).value
        return suggest_name(self.area.key, self.query_text, ftext, self.now(), ext)

    def action_export(self) -> None:
        from linode_tui.core.export import FORMATS, format_for
        from linode_tui.ui.dialogs import PromptDialog

        endings = ", ".join(FORMATS)
        overwrite: list[str] = []  # the path the user was warned about (enter again overwrites)

        def done(path: str | None) -> None:
            if path:
                target = Path(path).expanduser()
                try:
                    n = self.export(target)
                except OSError as exc:
                    self.tui.report_problem(f"Export failed: {exc}")
                    self.app.notify(f"Export failed: {exc}", severity="error")
                    return
                self.app.notify(f"Exported {n} rows to {target}", timeout=6, markup=False)

        def check(value: str) -> str | None:
            value = value.strip()
            if not value:
                return f"Give a file name ending in {endings}"
            if format_for(value) is None:
                return f"The file name must end in {endings}"
            target = Path(value).expanduser()
            if target.is_dir():
                return "That is a directory: give a file name"
            if not target.parent.is_dir():
                return f"No such directory: {target.parent}"
            if target.exists() and overwrite[-1:] != [value]:
                overwrite.append(value)
                return "The file exists: enter again to overwrite it"
            return None

        shown = self.query_one(ResourceTable).row_count
        self.app.push_screen(
            PromptDialog(
                f"Export the {shown} rows shown (secrets are never exported)",
                f"File ({endings}):",
                self.suggested_export_name(),
                validate=check,
            ),
            lambda path: done(path.strip() if path else path),
        )

    def export(self, path: Path) -> int:
        """Write the rows shown (filtered, in the order shown) to ``path``; the format is its ending."""
        from linode_tui.core.export import export_text, format_for

        fmt = format_for(path.name)
        if fmt is None:
            raise OSError(f"Unknown export format: {path.name}")
        table = self.query_one(ResourceTable)
        table.ensure_indexed()  # the complete answer of the filter, not the part indexed so far
        rows = table.visible_rows()
        derived = [c for c in self.area.columns if c.derive is not None]
        if derived:  # computed columns (a price from the plan) export their value, not nothing
            rows = [{**r, **{c.key: c.derive(r, self.tui.lookup) for c in derived if c.derive}} for r in rows]
        path.write_text(export_text(rows, self.area.columns, fmt), encoding="utf-8")
        return len(rows)


__all__ = ["ResourceListView"]
