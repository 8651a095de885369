"""`ResourceTable`: a virtualised table on Textual's Line API.

Textual's ``DataTable`` needs seconds for tens of thousands of rows; this widget only ever renders the
lines on screen (``render_line``) and keeps every per-row computation that a keystroke would otherwise
repeat precomputed:

* a lowercase *haystack* per row (the formatted text of every searchable column) for the instant
  client-side filter; filtering a longer query only scans the previous (shorter) query's result and
  recent results are kept, so deleting characters is a cache hit;
* sort keys for the active sort column (computed once per column, refreshed per upserted row);
* the formatted, padded cells of a row as a :class:`~textual.strip.Strip` (only for rows that were
  painted; invalidated when the row is upserted).

API strings are never parsed as markup: cells are plain ``str`` or ``rich.text.Text`` objects and
labels like ``[prod] web-1`` render as typed.  Colours come from component classes whose rules use
theme variables only; every state also has a non-colour cue (mark glyph, reverse cursor under
``NO_COLOR``, sort arrows in the header).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import pairwise
from numbers import Number
from typing import Any, ClassVar, Literal

from msgspec import Struct
from rich.cells import cell_len, set_cell_size
from rich.errors import StyleSyntaxError
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from linode_tui.ui import bulk

__all__ = ["SEMANTIC_STYLES", "Column", "ResourceTable", "Row", "RowKey"]

RowKey = Hashable
Row = dict[str, Any]
Cell = str | Text
Align = Literal["left", "center", "right"]

#: Style names a formatter (in ``Text`` styles/spans) or ``row_style`` may use to get theme-aware colours.
#: Each maps to the component class ``resource-table--<name>``.
SEMANTIC_STYLES: frozenset[str] = frozenset({"success", "warning", "error", "muted", "accent", "primary"})

GUTTER = 2  # mark glyph + one space; fixed (does not scroll horizontally)
MARK_GLYPH = "●"
ELLIPSIS = "…"
SYNC_INDEX_LIMIT = 1000  # rows indexed synchronously per call; the rest is indexed in the background
INDEX_CHUNK = 50  # rows per step of the background indexer ...
INDEX_SLICE = 0.004  # ... which yields to the event loop after this many seconds
INDEX_WAIT = 0.05  # while a bulk load runs and no filter is typed, the indexer checks back this often
WIDTH_SAMPLE = 250  # rows sampled for automatic column widths
GROW_SAMPLE = 64  # rows of an upsert sampled to grow the widths
STRIP_CACHE_MAX = 4000
FILTER_CACHE_MAX = 64
SORT_KEY_COLUMNS = 3  # columns whose sort keys are kept (switching back and forth is instant)
_CONTROL_TRANSLATION = {code: " " for code in (*range(32), 127)}


def _default_format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_default_format(item) for item in value)
    return str(value)


def _normalise_sort_value(value: Any) -> Any:
    """Default sort key: numbers numerically, strings case-insensitively, other things as text."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, Number):
        return value
    if isinstance(value, list | tuple):
        return _default_format(value).casefold()
    return str(value).casefold()


class Column(Struct, eq=False):
    """A table column.

    ``key`` names the row field (dotted paths such as ``specs.memory`` reach into nested dicts).
    ``width=None`` sizes the column from the label and a sample of the rows (capped at ``max_width``).
    ``formatter(row)`` returns the cell as ``str`` or ``rich.text.Text`` (never markup); a ``Text`` may
    use the names in :data:`SEMANTIC_STYLES` as styles for theme-aware colours.  ``sort_key(row)``
    returns the value to sort by (``None`` sorts last); the default sorts the raw value.
    """

    key: str
    label: str
    width: int | None = None
    align: Align = "left"
    formatter: Callable[[Row], Cell] | None = None
    sort_key: Callable[[Row], Any] | None = None
    max_width: int = 40
    searchable: bool = True
    _path: tuple[str, ...] = ()  # from ``key``, once

    def __post_init__(self) -> None:
        self._path = tuple(self.key.split("."))

    def value(self, row: Row) -> Any:
        """The raw value of this column's field in ``row`` (``None`` when missing)."""
        current: Any = row
        for part in self._path:
            if not isinstance(current, dict):
                return None
            current = current.get(part)
        return current

    def format(self, row: Row) -> Cell:
        """The cell for ``row`` (``str`` or ``Text``); formatter errors render as ``?``."""
        try:
            if self.formatter is None:
                return _default_format(self.value(row))
            result = self.formatter(row)
        except Exception:
            return "?"
        if isinstance(result, str | Text):
            return result
        return _default_format(result)

    def plain(self, row: Row) -> str:
        """The cell's text without styles (what the filter searches)."""
        if self.formatter is None:
            value = row.get(self._path[0]) if len(self._path) == 1 else self.value(row)
            return value if type(value) is str else _default_format(value)
        cell = self.format(row)
        return cell if isinstance(cell, str) else cell.plain

    def sort_values(self, rows: Iterable[Row]) -> list[Any]:
        """Sort keys for many rows at once (the common plain-field case avoids per-row calls)."""
        rows = rows if isinstance(rows, list) else list(rows)
        if self.sort_key is not None:
            return [self.sort_value(row) for row in rows]
        if len(self._path) == 1:
            name = self._path[0]
            values = [row.get(name) for row in rows]
        else:
            values = [self.value(row) for row in rows]
        if self.formatter is not None and None in values:
            # A computed column (no such field): sort by the text shown.
            values = [
                self._text_sort_value(row) if v is None else v for v, row in zip(values, rows, strict=True)
            ]
        kinds = set(map(type, values))
        kinds.discard(type(None))
        if kinds <= {str}:
            return [None if value is None else value.casefold() for value in values]
        if kinds <= {int, float}:
            return values
        return [None if value is None else _normalise_sort_value(value) for value in values]

    def _text_sort_value(self, row: Row) -> str | None:
        return self.plain(row) or None

    def sort_value(self, row: Row) -> Any:
        """The sort key for one row: ``sort_key(row)``, else the field's value (else the text shown)."""
        try:
            if self.sort_key is not None:
                return self.sort_key(row)
            value = self.value(row)
            if value is None and self.formatter is not None:
                value = self._text_sort_value(row)
        except Exception:
            return None
        return None if value is None else _normalise_sort_value(value)


def _mixed_sort_key(value: Any) -> tuple[int, Any]:
    if isinstance(value, int | float):
        return (0, value)
    return (1, value.casefold() if isinstance(value, str) else str(value))


def _key_getter(key: str | Callable[[Row], RowKey]) -> Callable[[Row], RowKey]:
    if callable(key):
        return key
    return lambda row: row[key]


class ResourceTable(ScrollView, can_focus=True):
    """A virtualised, filterable, sortable table of API rows (dicts)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Open",
            tooltip="Open the highlighted row",
            id="table.select_cursor",
        ),
        Binding(
            "space",
            "toggle_mark",
            "Mark",
            tooltip="Mark/unmark the highlighted row",
            id="table.toggle_mark",
        ),
        Binding(
            "ctrl+a",
            "mark_all",
            "Mark all",
            show=False,
            tooltip="Mark every row shown",
            id="table.mark_all",
        ),
        Binding(
            "asterisk",
            "invert_marks",
            "Invert marks",
            key_display="*",
            show=False,
            id="table.invert_marks",
        ),
        Binding("ctrl+backslash", "clear_marks", "Clear marks", show=False, id="table.clear_marks"),
        Binding("greater_than_sign", "cycle_sort", "Sort", key_display=">", id="table.cycle_sort"),
        Binding(
            "less_than_sign",
            "cycle_sort(-1)",
            "Sort: previous column",
            key_display="<",
            show=False,
            id="table.cycle_sort_m1",
        ),
        Binding(
            "S",
            "reverse_sort",
            "Reverse sort",
            show=False,
            tooltip="Reverse the sort direction",
            id="table.reverse_sort",
        ),
        Binding("up,k", "cursor_up", "Up", show=False, id="table.cursor_up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="table.cursor_down"),
        Binding("pageup", "cursor_page_up", "Page up", show=False, id="table.cursor_page_up"),
        Binding("pagedown", "cursor_page_down", "Page down", show=False, id="table.cursor_page_down"),
        Binding("home", "cursor_home", "First row", show=False, id="table.cursor_home"),
        Binding("end", "cursor_end", "Last row", show=False, id="table.cursor_end"),
        Binding("left", "column_left", "Scroll left", show=False, id="table.column_left"),
        Binding("right", "column_right", "Scroll right", show=False, id="table.column_right"),
    ]
    """
    | Key(s) | Description |
    | :- | :- |
    | enter | Post `RowSelected` for the highlighted row. |
    | space | Toggle the mark on the highlighted row and move down. |
    | ctrl+a | Mark every row shown (the filter's matches). |
    | * | Invert the marks of the rows shown. |
    | ctrl+\\ | Clear all marks. |
    | > / < | Sort by the next / previous column (unsorted → first column → … → unsorted). |
    | S | Reverse the sort direction. |
    | up/k, down/j, pageup, pagedown, home, end | Move the cursor. |
    | left, right | Scroll horizontally by one column. |
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "resource-table--header",
        "resource-table--header-sorted",
        "resource-table--cursor",
        "resource-table--marked",
        "resource-table--mark-glyph",
        "resource-table--even-row",
        "resource-table--empty",
        *(f"resource-table--{name}" for name in SEMANTIC_STYLES),
    }

    DEFAULT_CSS = """
    ResourceTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .resource-table--header { background: $panel; color: $foreground; text-style: bold; }
        & > .resource-table--header-sorted { color: $text-accent; text-style: bold; }
        & > .resource-table--even-row { background: $surface-lighten-1 50%; }
        & > .resource-table--marked { background: $accent 25%; text-style: bold; }
        & > .resource-table--mark-glyph { color: $text-accent; text-style: bold; }
        & > .resource-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .resource-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .resource-table--empty { color: $text-muted; text-style: italic; }
        & > .resource-table--success { color: $text-success; }
        & > .resource-table--warning { color: $text-warning; }
        & > .resource-table--error { color: $text-error; }
        & > .resource-table--muted { color: $text-muted; }
        & > .resource-table--accent { color: $text-accent; }
        & > .resource-table--primary { color: $text-primary; }
        &:nocolor > .resource-table--cursor { text-style: reverse; }
        &:nocolor > .resource-table--marked { text-style: bold underline; }
        &:nocolor > .resource-table--muted { text-style: dim; }
    }
    """

    zebra_stripes: reactive[bool] = reactive(False)
    """Shade every other row."""

    class TableMessage(Message):
        """Base of the table's messages: ``control`` is the table that sent it."""

        def __init__(self, table: ResourceTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> ResourceTable:
            return self.table

    class RowMessage(TableMessage):
        def __init__(self, table: ResourceTable, key: RowKey, row: Row) -> None:
            super().__init__(table)
            self.key = key
            self.row = row

    class RowHighlighted(RowMessage):
        """The cursor moved to another row (or the highlighted row's data changed)."""

    class RowSelected(RowMessage):
        """Enter was pressed on (or the highlighted row was clicked) a row."""

    class MarkChanged(TableMessage):
        """The set of marked row keys changed."""

        def __init__(self, table: ResourceTable, marked: frozenset[RowKey]) -> None:
            super().__init__(table)
            self.marked = marked

    class SortChanged(TableMessage):
        """The sort column or direction changed (``column_key`` is ``None`` when unsorted)."""

        def __init__(self, table: ResourceTable, column_key: str | None, reverse: bool) -> None:
            super().__init__(table)
            self.column_key = column_key
            self.reverse = reverse

    class RowsChanged(TableMessage):
        """The visible rows changed (data, filter or sort); carries the counts for a status line."""

        def __init__(self, table: ResourceTable, row_count: int, total_count: int) -> None:
            super().__init__(table)
            self.row_count = row_count
            self.total_count = total_count

    def __init__(
        self,
        columns: Sequence[Column] = (),
        *,
        key: str | Callable[[Row], RowKey] = "id",
        row_style: Callable[[Row], str | None] | None = None,
        empty_message: str = "No results",
        zebra_stripes: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.row_style = row_style
        """Per-row style hook: returns a name from `SEMANTIC_STYLES`, a Rich style string, or None."""
        self.empty_message = empty_message
        self.set_reactive(ResourceTable.zebra_stripes, zebra_stripes)
        self._columns: list[Column] = list(columns)
        self._plain_getters = [column.plain for column in self._columns if column.searchable]
        self._widths: list[int] = []
        self._offsets: list[int] = []  # x offset of each column inside the (scrolling) body
        self._body_width = 0
        self._key_fn: Callable[[Row], RowKey] = _key_getter(key)
        self._rows: dict[RowKey, Row] = {}
        self._hay: dict[RowKey, str] = {}
        self._pending: list[RowKey] = []
        self._pending_pos = 0
        self._index_task: asyncio.Task[None] | None = None
        self._order: list[RowKey] = []
        self._filter_partial = False
        self._visible: list[RowKey] = []
        self._filter_text = ""
        self._filter_cache: dict[str, list[RowKey]] = {}
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._sort_key_cache: dict[str, dict[RowKey, Any]] = {}  # column key -> row key -> sort key
        self._marked: set[RowKey] = set()
        self._cursor = 0
        self._hinted_row: Row | None = None  # the cursor row the key hints were last refreshed for
        self._cursor_key: RowKey | None = None
        self._strip_cache: dict[RowKey, tuple[Strip, str | None]] = {}
        self._header_cache: Strip | None = None
        self._style_cache: dict[str, Style] = {}
        self._frame_styles: dict[str, Style] | None = None
        self._semantic_seen: tuple[Style, ...] = ()  # the semantic styles the cached strips were made with
        self._compute_widths()

    # ------------------------------------------------------------------ public properties

    @property
    def columns(self) -> list[Column]:
        return list(self._columns)

    @property
    def row_count(self) -> int:
        """Number of rows after filtering."""
        return len(self._visible)

    @property
    def total_count(self) -> int:
        """Number of rows held (before filtering)."""
        return len(self._rows)

    @property
    def filter_text(self) -> str:
        return self._filter_text

    @property
    def sort_column(self) -> str | None:
        return self._sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._sort_reverse

    @property
    def cursor_row_key(self) -> RowKey | None:
        """Key of the highlighted row, or None when no row is visible."""
        return self._cursor_key

    @property
    def cursor_row(self) -> Row | None:
        return None if self._cursor_key is None else self._rows.get(self._cursor_key)

    @property
    def cursor_index(self) -> int:
        """Index of the highlighted row in `visible_rows()` (0 when empty)."""
        return self._cursor

    def get_row(self, key: RowKey) -> Row | None:
        return self._rows.get(key)

    def visible_keys(self) -> list[RowKey]:
        """Keys of the filtered and sorted rows, in display order."""
        return list(self._visible)

    def visible_rows(self) -> list[Row]:
        """The filtered and sorted rows, in display order (for export)."""
        rows = self._rows
        return [rows[key] for key in self._visible]

    def marked_keys(self) -> frozenset[RowKey]:
        return frozenset(self._marked)

    def marked_rows(self) -> list[Row]:
        """All marked rows (including rows hidden by the filter), in the current sort order."""
        if not self._marked:
            return []
        marked, rows = self._marked, self._rows
        return [rows[key] for key in self._order if key in marked]

    # ------------------------------------------------------------------ columns and rows

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (formatted text, widths and the filter index are recomputed)."""
        self._columns = list(columns)
        self._plain_getters = [column.plain for column in self._columns if column.searchable]
        self._widths = []
        if self._sort_column is not None and self._column(self._sort_column) is None:
            self._sort_column, self._sort_reverse = None, False
        self._sort_key_cache.clear()
        self._hay.clear()
        self._pending, self._pending_pos = list(self._rows), 0
        if self._filter_text.split():  # else the background builds it (_compute_filter catches up)
            self._index_some(SYNC_INDEX_LIMIT)
        self._schedule_indexing()
        self._compute_widths()
        self._rebuild_order()
        self._reapply_filter(None)
        self._after_visible_change(cursor_fallback="clamp", scroll_to_cursor=False)

    def set_rows(self, rows: Iterable[Row], key: str | Callable[[Row], RowKey] | None = None) -> None:
        """Replace all rows.  The cursor stays on the same key when it is still present; scroll is kept."""
        if key is not None:
            self._key_fn = _key_getter(key)
        key_fn = self._key_fn
        self._rows = {key_fn(row): row for row in rows}
        self._hay = {}
        self._sort_key_cache = {}
        self._strip_cache.clear()
        self._marked &= self._rows.keys()
        self._pending, self._pending_pos = list(self._rows), 0
        if self._filter_text.split():  # else the background builds it (_compute_filter catches up)
            self._index_some(SYNC_INDEX_LIMIT)
        self._schedule_indexing()
        self._compute_widths()
        self._rebuild_order()
        self._reapply_filter(None)
        self._after_visible_change(cursor_fallback="clamp", scroll_to_cursor=False)

    def append_rows(self, rows: Iterable[Row]) -> None:
        """Add rows (e.g. the next page of a listing); rows whose key exists are updated in place."""
        self._merge(rows)

    def upsert_rows(self, rows: Iterable[Row]) -> None:
        """Update rows in place by key (new keys are added).  Cursor key and scroll position are kept."""
        self._merge(rows)

    def remove_rows(self, keys: Iterable[RowKey]) -> None:
        """Remove rows by key (unknown keys are ignored)."""
        removed = {key for key in keys if key in self._rows}
        if not removed:
            return
        for key in removed:
            del self._rows[key]
            self._hay.pop(key, None)
            self._strip_cache.pop(key, None)
            for cache in self._sort_key_cache.values():
                cache.pop(key, None)
        marks_changed = bool(self._marked & removed)
        self._marked -= removed
        self._order = [key for key in self._order if key not in removed]
        self._reapply_filter(removed)
        self._after_visible_change(cursor_fallback="clamp", scroll_to_cursor=False)
        if marks_changed:
            self._post_marks()

    def clear(self) -> None:
        """Remove all rows (columns, sort and filter are kept)."""
        self.set_rows([])

    def _merge(self, rows: Iterable[Row]) -> None:
        key_fn = self._key_fn
        new_keys: list[RowKey] = []
        updated: list[RowKey] = []
        for row in rows:
            key = key_fn(row)
            if key in self._rows:
                updated.append(key)
            else:
                new_keys.append(key)
            self._rows[key] = row
        if not new_keys and not updated:
            return
        sort_col = self._column(self._sort_column) if self._sort_column else None
        sort_keys = self._sort_key_cache.get(sort_col.key) if sort_col is not None else None
        # Cached sort keys of other columns go stale; the active column's keys are updated below.
        self._sort_key_cache = {} if sort_keys is None or sort_col is None else {sort_col.key: sort_keys}
        order_changed = bool(new_keys) or (sort_col is not None and sort_keys is None)
        for key in updated:
            self._strip_cache.pop(key, None)
            self._hay.pop(key, None)
            if sort_col is not None and sort_keys is not None:
                new_value = sort_col.sort_value(self._rows[key])
                if sort_keys.get(key) != new_value:
                    sort_keys[key] = new_value
                    order_changed = True
        changed = updated + new_keys
        window = self._window_keys()
        widths = self._widths
        self._index_keys(changed)
        rows_ = self._rows
        self._compute_widths([rows_[key] for key in changed], grow_only=True)
        if sort_col is not None:
            if order_changed:
                self._rebuild_order()
        else:
            self._order.extend(new_keys)  # in place: a copy per page made loading 50,000 rows quadratic
        highlighted_changed = self._cursor_key is not None and self._cursor_key in updated
        self._reapply_filter(changed)
        # Rows added outside a full window (a large list loading page by page) change only the
        # scrollbar: the window is not repainted (~half of each frame while 10,000 rows load).
        same_window = (
            widths is self._widths
            and len(window) >= self.scrollable_content_region.height - 1 > 0
            and window == self._window_keys()
            and not (updated and not set(window).isdisjoint(updated))
        )
        self._after_visible_change(cursor_fallback="clamp", scroll_to_cursor=False, repaint=not same_window)
        if highlighted_changed and self._cursor_key in self._rows:
            self._post_highlighted()

    # ------------------------------------------------------------------ indexing (filter haystacks)

    def _haystack(self, row: Row) -> str:
        return "\n".join([plain(row) for plain in self._plain_getters]).lower()

    def _index_keys(self, keys: list[RowKey]) -> None:
        # While a large list loads and no filter is typed, nothing needs the index yet: it is built
        # in the background slices (each chunk of rows did it inline: ~40% of a chunk's time).
        deferred = bulk.active() and not self._filter_text.split() and self.is_mounted
        if len(keys) <= SYNC_INDEX_LIMIT and not deferred:
            rows, hay, haystack = self._rows, self._hay, self._haystack
            for key in keys:
                hay[key] = haystack(rows[key])
            return
        if self._pending_pos:
            self._pending = self._pending[self._pending_pos :] + keys
            self._pending_pos = 0
        else:  # in place: while a bulk load runs the queue only grows (a copy per page was quadratic)
            self._pending.extend(keys)
        if not deferred:
            self._index_some(SYNC_INDEX_LIMIT)
        self._schedule_indexing()

    def _index_some(self, count: int) -> None:
        pending, pos = self._pending, self._pending_pos
        end = min(len(pending), pos + count)
        rows, hay, haystack = self._rows, self._hay, self._haystack
        for key in pending[pos:end]:
            if key not in hay:
                row = rows.get(key)
                if row is not None:
                    hay[key] = haystack(row)
        if end >= len(pending):
            self._pending, self._pending_pos = [], 0
        else:
            self._pending_pos = end

    def _schedule_indexing(self) -> None:
        if not self._pending or (self._index_task is not None and not self._index_task.done()):
            return
        if not self.is_mounted:
            return  # on_mount schedules it
        self._index_task = asyncio.create_task(self._index_in_background())

    async def _index_in_background(self) -> None:
        clock = time.perf_counter
        while self._pending:
            if bulk.active() and not self._filter_text.split():
                # A large list is still loading and nothing needs the index yet: its rows arrive
                # sooner without this work between them (a filter typed meanwhile resumes it).
                await asyncio.sleep(INDEX_WAIT)
                continue
            await asyncio.sleep(0)
            deadline = clock() + INDEX_SLICE
            while self._pending and clock() < deadline:
                self._index_some(INDEX_CHUNK)
        if self._filter_partial:  # the filter answered from a partial index: complete the answer
            self._reapply_filter(None)
            self._after_visible_change(cursor_fallback="clamp", scroll_to_cursor=False)

    @property
    def indexed(self) -> bool:
        """Is the filter index complete (no rows waiting for the background indexer)?"""
        return not self._pending

    def ensure_indexed(self) -> None:
        """Finish the filter index now (normally built in the background after a large `set_rows`).

        While the index is incomplete an active filter shows matches among the indexed rows and is
        completed automatically; call this when the complete answer is needed immediately (export, tests).
        """
        if self._pending:
            self._index_some(len(self._pending))
        if self._filter_partial:
            self._reapply_filter(None)
            self._after_visible_change(cursor_fallback="clamp", scroll_to_cursor=False)

    def _on_mount(self, event: events.Mount) -> None:
        # The filter index is built after the frame this table first appears in (a filter typed
        # before it is complete catches up in _compute_filter).
        self.call_after_refresh(self._schedule_indexing)
        self._update_virtual_size()

    def _on_unmount(self) -> None:
        if self._index_task is not None:
            self._index_task.cancel()

    # ------------------------------------------------------------------ sorting

    def _column(self, key: str | None) -> Column | None:
        for column in self._columns:
            if column.key == key:
                return column
        return None

    def sort_by(self, column_key: str | None, reverse: bool = False) -> None:
        """Sort by a column (stable; ``None`` restores arrival order).  Empty values sort last."""
        if column_key is not None and self._column(column_key) is None:
            raise KeyError(column_key)
        self._sort_column = column_key
        self._sort_reverse = reverse if column_key is not None else False
        self._header_cache = None
        self._rebuild_order()
        self._reapply_filter(())
        self._after_visible_change(cursor_fallback="first", scroll_to_cursor=True)
        self.post_message(self.SortChanged(self, self._sort_column, self._sort_reverse))

    def _rebuild_order(self) -> None:
        column = self._column(self._sort_column) if self._sort_column else None
        if column is None:
            self._order = list(self._rows)
            return
        keys = self._sort_key_cache.get(column.key)
        rows = self._rows
        if keys is None or len(keys) != len(rows):
            if keys is None or len(rows) - len(keys) > len(rows) // 4:
                keys = dict(zip(rows, column.sort_values(rows.values()), strict=True))
            else:
                sort_value = column.sort_value
                for key, row in rows.items():
                    if key not in keys:
                        keys[key] = sort_value(row)
            if len(self._sort_key_cache) >= SORT_KEY_COLUMNS:
                self._sort_key_cache.pop(next(iter(self._sort_key_cache)))
            self._sort_key_cache[column.key] = keys
        present = list(rows)
        missing: list[RowKey] = []
        if none_keys := {key for key, value in keys.items() if value is None}:
            missing = [key for key in present if key in none_keys]
            present = [key for key in present if key not in none_keys]
        try:
            present.sort(key=keys.__getitem__, reverse=self._sort_reverse)
        except TypeError:  # mixed, incomparable values: numbers first (numerically), then as text
            present.sort(key=lambda k: _mixed_sort_key(keys[k]), reverse=self._sort_reverse)
        self._order = present + missing

    # ------------------------------------------------------------------ filtering

    def set_filter(self, text: str) -> None:
        """Show only rows whose searchable columns contain every space-separated term (case-insensitive)."""
        if text == self._filter_text:
            return
        self._filter_text = text
        self._refilter(cursor_fallback="first", scroll_to_cursor=True)

    def _compute_filter(self) -> list[RowKey]:
        """The keys (in display order) whose haystack contains every term of the filter."""
        text = self._filter_text.lower()
        terms = text.split()
        self._filter_partial = False
        if not terms:
            return self._order
        hay = self._hay
        if self._pending and len(self._pending) - self._pending_pos <= SYNC_INDEX_LIMIT:
            self._index_some(SYNC_INDEX_LIMIT)  # few rows left to index: the whole answer now
        if self._pending:
            # Index still being built in the background: answer from the indexed rows now; the
            # indexer re-applies the filter when it completes.
            self._filter_partial = True
            keys = self._order
            for term in dict.fromkeys(terms):
                keys = [key for key in keys if term in hay.get(key, "")]
            return keys
        cached = self._filter_cache.get(text)
        if cached is not None:
            return cached
        # Narrow the best cached result whose text is a prefix of this one (a superset of the answer).
        base_text = ""
        for candidate in self._filter_cache:
            if len(candidate) > len(base_text) and text.startswith(candidate):
                base_text = candidate
        if base_text:
            keys = self._filter_cache[base_text]
            base_terms = set(base_text.split())
            terms = [term for term in terms if term not in base_terms]
        else:
            keys = self._order
        for term in dict.fromkeys(terms):
            keys = [key for key in keys if term in hay[key]]
        if len(self._filter_cache) >= FILTER_CACHE_MAX:
            self._filter_cache.clear()
        self._filter_cache[text] = keys
        return keys

    def _reapply_filter(self, changed: Iterable[RowKey] | None) -> None:
        """Recompute the visible rows after a data or order change.

        ``changed`` names the only rows whose match may have changed (``()`` after a sort); the
        visible set is then patched and re-ordered instead of scanning every haystack again.
        ``None`` forces a full scan.
        """
        self._filter_cache.clear()
        text = self._filter_text.lower()
        terms = text.split()
        if not terms or changed is None or self._filter_partial or self._pending:
            self._visible = self._compute_filter()
            return
        hay = self._hay
        match = set(self._visible)
        for key in changed:
            haystack = hay.get(key)
            if haystack is not None and all(term in haystack for term in terms):
                match.add(key)
            else:
                match.discard(key)
        self._visible = [key for key in self._order if key in match]
        self._filter_cache[text] = self._visible

    def _refilter(self, *, cursor_fallback: Literal["first", "clamp"], scroll_to_cursor: bool) -> None:
        self._visible = self._compute_filter()
        self._after_visible_change(cursor_fallback=cursor_fallback, scroll_to_cursor=scroll_to_cursor)

    # ------------------------------------------------------------------ cursor, marks, scrolling

    def _window_keys(self) -> list[RowKey]:
        """The keys of the rows in view (below the header), top to bottom."""
        top = max(0, round(self.scroll_y))
        return self._visible[top : top + max(0, self.scrollable_content_region.height - 1)]

    def _after_visible_change(
        self, *, cursor_fallback: Literal["first", "clamp"], scroll_to_cursor: bool, repaint: bool = True
    ) -> None:
        old_key, old_index = self._cursor_key, max(0, self._cursor)
        visible = self._visible
        if not visible:
            self._cursor, self._cursor_key = 0, None
        elif old_key is not None and self._cursor < len(visible) and visible[self._cursor] == old_key:
            pass
        else:
            try:
                self._cursor = visible.index(old_key) if old_key is not None else -1
            except ValueError:
                self._cursor = -1
            if self._cursor < 0:
                self._cursor = 0 if cursor_fallback == "first" else min(old_index, len(visible) - 1)
            self._cursor_key = visible[self._cursor]
        self._update_virtual_size()
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        if scroll_to_cursor:
            self._scroll_cursor_visible()
        if repaint or self._cursor_key != old_key or self._cursor != old_index:
            self.refresh()
        self.post_message(self.RowsChanged(self, len(visible), len(self._rows)))
        cursor_row = self._rows.get(self._cursor_key) if self._cursor_key is not None else None
        if cursor_row is not self._hinted_row:  # the cursor row's state decides which keys are enabled
            self._hinted_row = cursor_row
            self.refresh_bindings()  # (the key hints line shows them)
        if self._cursor_key != old_key and self._cursor_key is not None:
            self._post_highlighted()

    def _update_virtual_size(self) -> None:
        new = Size(GUTTER + self._body_width, len(self._visible) + 1)
        old = self.virtual_size
        if new == old:
            return
        # Setting ``virtual_size`` lays out the whole screen (Textual's reactive has layout=True):
        # ~50 ms at 120x40, once per step while 50,000 rows load, and on every filter keystroke.
        # When only the length of a list that already scrolls changes (and it still scrolls), no
        # geometry changes: the scrollbar is updated in place (issue 14).
        limit = self.container_size.height + 2  # + a horizontal scrollbar's rows
        if (
            self.is_mounted
            and new.width == old.width
            and self.show_vertical_scrollbar
            and old.height > limit
            and new.height > limit
        ):
            self.set_reactive(ScrollView.virtual_size, new)
            # Only the vertical bar changes (Textual's _scroll_update would repaint the horizontal
            # one as well: 40% of a frame while a large list loads).
            bar = self.vertical_scrollbar
            bar.window_virtual_size = new.height
            bar.window_size = self.container_size.height - self.scrollbar_size_horizontal
            bar.refresh()
            self.scroll_y = self.validate_scroll_y(self.scroll_y)  # (a change repaints)
            return  # the caller repaints the rows if they changed (_after_visible_change)
        self.virtual_size = new

    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_visible(self) -> None:
        top = round(self.scroll_y)
        height = self._body_height
        target = top
        if self._cursor < top:
            target = self._cursor
        elif self._cursor >= top + height:
            target = self._cursor - height + 1
        if target != top:
            self.scroll_to(y=target, animate=False, force=True)

    def move_cursor(self, index: int, *, scroll: bool = True) -> None:
        """Move the cursor to a visible row index (clamped)."""
        if not self._visible:
            return
        index = max(0, min(index, len(self._visible) - 1))
        old_index, old_key = self._cursor, self._cursor_key
        self._cursor, self._cursor_key = index, self._visible[index]
        if scroll:
            self._scroll_cursor_visible()
        self._refresh_row(old_index)
        self._refresh_row(index)
        if self._cursor_key != old_key:
            self._post_highlighted()

    def move_cursor_to_key(self, key: RowKey, *, scroll: bool = True) -> bool:
        """Highlight the row with ``key``; False when it is not visible."""
        try:
            index = self._visible.index(key)
        except ValueError:
            return False
        self.move_cursor(index, scroll=scroll)
        return True

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)

    def refresh_line(self, y: int) -> None:
        """Refresh the line that shows virtual line ``y`` (0 is the header)."""
        if y == 0:
            self.refresh()
            return
        super().refresh_line(y)

    def toggle_mark(self, key: RowKey | None = None) -> None:
        key = self._cursor_key if key is None else key
        if key is None or key not in self._rows:
            return
        if key in self._marked:
            self._marked.discard(key)
        else:
            self._marked.add(key)
        self.refresh()
        self._post_marks()

    def set_marks(self, keys: Iterable[RowKey]) -> None:
        self._marked = {key for key in keys if key in self._rows}
        self.refresh()
        self._post_marks()

    def mark_all_visible(self) -> None:
        self.set_marks([*self._marked, *self._visible])

    def invert_marks(self) -> None:
        """Flip the mark of every row shown (marked rows hidden by the filter stay marked)."""
        visible = set(self._visible)
        self.set_marks((self._marked - visible) | (visible - self._marked))

    def clear_marks(self) -> None:
        if self._marked:
            self.set_marks(())

    def _post_marks(self) -> None:
        self.post_message(self.MarkChanged(self, frozenset(self._marked)))
        self.refresh_bindings()

    def _post_highlighted(self) -> None:
        key = self._cursor_key
        if key is not None:
            self.post_message(self.RowHighlighted(self, key, self._rows[key]))
            self.refresh_bindings()

    # ------------------------------------------------------------------ actions

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_cursor_page_up(self) -> None:
        height = self._body_height
        self.scroll_to(y=max(0, round(self.scroll_y) - height), animate=False, force=True)
        self.move_cursor(self._cursor - height)

    def action_cursor_page_down(self) -> None:
        height = self._body_height
        self.scroll_to(y=round(self.scroll_y) + height, animate=False, force=True)
        self.move_cursor(self._cursor + height)

    def action_cursor_home(self) -> None:
        self.move_cursor(0)

    def action_cursor_end(self) -> None:
        self.move_cursor(len(self._visible) - 1)

    def action_select_cursor(self) -> None:
        key = self._cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, key, self._rows[key]))

    def action_toggle_mark(self) -> None:
        self.toggle_mark()
        self.move_cursor(self._cursor + 1)

    def action_mark_all(self) -> None:
        self.mark_all_visible()

    def action_invert_marks(self) -> None:
        self.invert_marks()

    def action_clear_marks(self) -> None:
        self.clear_marks()

    def action_cycle_sort(self, step: int = 1) -> None:
        """Sort by the next (``step=1``) or previous (``-1``) column; past either end: unsorted."""
        keys = [column.key for column in self._columns]
        if not keys:
            return
        if self._sort_column is None:
            self.sort_by(keys[0] if step > 0 else keys[-1])
        else:
            index = keys.index(self._sort_column) + step
            self.sort_by(keys[index] if 0 <= index < len(keys) else None)

    def action_reverse_sort(self) -> None:
        if self._sort_column is None:
            if self._columns:
                self.sort_by(self._columns[0].key, reverse=True)
            return
        self.sort_by(self._sort_column, not self._sort_reverse)

    def action_column_left(self) -> None:
        x = round(self.scroll_x)
        target = max((offset for offset in self._offsets if offset < x), default=0)
        self.scroll_to(x=target, animate=False, force=True)

    def action_column_right(self) -> None:
        x = round(self.scroll_x)
        target = min((offset for offset in self._offsets if offset > x), default=x)
        self.scroll_to(x=target, animate=False, force=True)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                reverse = not self._sort_reverse if column.key == self._sort_column else False
                self.sort_by(column.key, reverse)
            return
        index = round(self.scroll_y) + offset.y - 1
        if not 0 <= index < len(self._visible):
            return
        if offset.x < GUTTER:
            self.toggle_mark(self._visible[index])
            return
        if index == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(index, scroll=False)

    def _column_at(self, x: int) -> Column | None:
        if x < GUTTER:
            return None
        body_x = x - GUTTER + round(self.scroll_x)
        for column, offset, width in zip(self._columns, self._offsets, self._widths, strict=True):
            if offset <= body_x < offset + width + 1:
                return column
        return None

    def clear_render_cache(self) -> None:
        """Forget formatted cells (call after changing a column's formatter or ``row_style``)."""
        self._strip_cache.clear()
        self._header_cache = None
        self.refresh()

    def watch_zebra_stripes(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------ widths

    def _compute_widths(self, rows: Sequence[Row] | None = None, *, grow_only: bool = False) -> None:
        """Size auto-width columns from a sample of ``rows`` (default: all rows).

        The sample is the first and last rows plus an even spread, so widths do not depend on
        whether the longest labels or largest ids arrived first. With ``grow_only`` the current
        widths are kept as a minimum (used when rows are added or updated).
        """
        if rows is None:
            rows = list(self._rows.values())
        sample: list[Row] = []
        limit = GROW_SAMPLE if grow_only else WIDTH_SAMPLE
        if rows and any(column.width is None for column in self._columns):
            if len(rows) <= limit:
                sample = list(rows)
            else:
                edge = limit // 4
                step = max(1, len(rows) // (limit - 2 * edge))
                sample = [*rows[:edge], *rows[edge:-edge:step], *rows[-edge:]]
        widths: list[int] = []
        for index, column in enumerate(self._columns):
            if column.width is not None:
                widths.append(max(1, column.width))
                continue
            label_width = cell_len(column.label)
            width = label_width + 2  # room for the sort arrow
            if grow_only and index < len(self._widths):
                width = max(width, self._widths[index])
            for row in sample:
                cell = column.format(row)
                width = max(width, cell_len(cell if isinstance(cell, str) else cell.plain))
            widths.append(max(1, min(width, max(column.max_width, label_width))))
        if widths != self._widths:
            self._widths = widths
            offsets, x = [], 0
            for width in widths:
                offsets.append(x)
                x += width + 1
            self._offsets = offsets
            self._body_width = max(0, x - 1)
            self._strip_cache.clear()
            self._header_cache = None
            self._update_virtual_size()

    # ------------------------------------------------------------------ rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # The rows' strips depend only on the semantic styles (checked once per frame in _styles):
        # a focus change restyles the table but leaves them as they are (a hop re-rendered every
        # row in view for nothing).
        self._header_cache = None
        self._frame_styles = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_styles = None  # component styles depend on focus/pseudo classes: resolve once per frame
        return super().render_lines(crop)

    def _styles(self) -> dict[str, Style]:
        styles = self._frame_styles
        if styles is None:
            get = self.get_component_rich_style
            styles = {
                "base": self.rich_style,
                "header": get("resource-table--header"),
                "header-sorted": self._semantic("resource-table--header-sorted"),
                "cursor": get("resource-table--cursor"),
                "marked": get("resource-table--marked"),
                "mark-glyph": self._semantic("resource-table--mark-glyph"),
                "even-row": get("resource-table--even-row"),
                "empty": get("resource-table--empty"),
            }
            self._frame_styles = styles
            semantic = tuple(self._semantic(f"resource-table--{name}") for name in sorted(SEMANTIC_STYLES))
            if semantic != self._semantic_seen:  # a theme change: cells are styled again
                self._semantic_seen = semantic
                self._style_cache.clear()
                self._strip_cache.clear()
        return styles

    def _semantic(self, component: str) -> Style:
        """Foreground colour and text style of a component, to layer over any row background."""
        full = self.get_component_rich_style(component)
        partial = self.get_component_rich_style(component, partial=True)
        return Style(color=full.color) + partial.without_color

    def _resolve_style(self, style: str | Style | None) -> Style:
        if style is None:
            return Style.null()
        if isinstance(style, Style):
            return style
        cached = self._style_cache.get(style)
        if cached is None:
            if style in SEMANTIC_STYLES:
                cached = self._semantic(f"resource-table--{style}")
            else:
                try:
                    cached = Style.parse(style)
                except StyleSyntaxError:
                    cached = Style.null()
            self._style_cache[style] = cached
        return cached

    def _cell_segments(self, cell: Cell, width: int, align: Align) -> list[Segment]:
        if isinstance(cell, str):
            text = cell.translate(_CONTROL_TRANSLATION)
            length = len(text) if text.isascii() else cell_len(text)
            if length > width:
                text = set_cell_size(text, width - 1) + ELLIPSIS if width > 1 else set_cell_size(text, width)
                length = width
            segments = [Segment(text)]
        else:
            plain = cell.plain
            clean = plain.translate(_CONTROL_TRANSLATION)
            rich_text = cell if clean == plain else Text(clean, style=cell.style, spans=list(cell.spans))
            if rich_text.cell_len > width:
                rich_text = rich_text.copy()
                rich_text.truncate(width, overflow="ellipsis")
            length = rich_text.cell_len
            segments = self._text_segments(rich_text)
        pad = width - length
        if pad <= 0:
            return segments
        if align == "right":
            return [Segment(" " * pad), *segments]
        if align == "center":
            left = pad // 2
            return [Segment(" " * left), *segments, Segment(" " * (pad - left))]
        return [*segments, Segment(" " * pad)]

    def _text_segments(self, text: Text) -> list[Segment]:
        plain = text.plain
        base = self._resolve_style(text.style or None)
        spans = [span for span in text.spans if span.start < span.end and span.start < len(plain)]
        if not spans:
            return [Segment(plain, base or None)]
        size = len(plain)
        cuts = sorted({0, size, *(min(s.start, size) for s in spans), *(min(s.end, size) for s in spans)})
        segments: list[Segment] = []
        for start, end in pairwise(cuts):
            style = base
            for span in spans:
                if span.start <= start and span.end >= end:
                    style = style + self._resolve_style(span.style)
            segments.append(Segment(plain[start:end], style or None))
        return segments

    def _row_strip(self, key: RowKey) -> tuple[Strip, str | None]:
        cached = self._strip_cache.get(key)
        if cached is not None:
            return cached
        row = self._rows[key]
        # Unstyled neighbours (a plain cell, its padding, the separator, the next plain cell) are
        # one segment: a line of plain columns is a few segments, not three per column, and each
        # segment is styled again whenever the line is drawn (cursor, zebra, marks).
        segments: list[Segment] = []
        plain = ""  # the unstyled text not yet made a segment
        for index, (column, width) in enumerate(zip(self._columns, self._widths, strict=True)):
            if index:
                plain += " "
            for segment in self._cell_segments(column.format(row), width, column.align):
                if segment.style is None and not segment.control:
                    plain += segment.text
                    continue
                if plain:
                    segments.append(Segment(plain))
                    plain = ""
                segments.append(segment)
        if plain:
            segments.append(Segment(plain))
        row_style: str | None = None
        if self.row_style is not None:
            try:
                row_style = self.row_style(row)
            except Exception:
                row_style = None
        if len(self._strip_cache) >= STRIP_CACHE_MAX:
            self._strip_cache.clear()
        result = (Strip(segments, self._body_width), row_style)
        self._strip_cache[key] = result
        return result

    def _header_strip(self) -> Strip:
        if self._header_cache is not None:
            return self._header_cache
        styles = self._styles()
        segments: list[Segment] = []
        for index, (column, width) in enumerate(zip(self._columns, self._widths, strict=True)):
            if index:
                segments.append(Segment(" "))
            label = column.label
            if column.key == self._sort_column:
                arrow = "▼" if self._sort_reverse else "▲"
                label = set_cell_size(label, max(0, width - 2)).rstrip() + " " + arrow
                cell = Text(label, style=styles["header-sorted"])
            else:
                cell = Text(label)
            segments.extend(self._cell_segments(cell, width, column.align))
        self._header_cache = Strip(segments, self._body_width)
        return self._header_cache

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        styles = self._styles()
        scroll_x = round(self.scroll_x)
        body_width = max(0, width - GUTTER)
        if y == 0:
            header = styles["header"]
            body = self._header_strip().crop(scroll_x, scroll_x + body_width)
            gutter = Strip([Segment(" " * GUTTER)], GUTTER)
            return Strip.join([gutter, body]).apply_style(header).adjust_cell_length(width, header)
        base = styles["base"]
        index = round(self.scroll_y) + y - 1
        visible = self._visible
        if index >= len(visible) or index < 0:
            if not visible and y == 1:
                return self._empty_line(width)
            return Strip.blank(width, base)
        key = visible[index]
        body, row_style_name = self._row_strip(key)
        marked = key in self._marked
        if index == self._cursor:
            style = styles["cursor"]
        elif marked:
            style = styles["marked"]
        elif self.zebra_stripes and index % 2:
            style = styles["even-row"]
        else:
            style = base
        if row_style_name:
            style = style + self._resolve_style(row_style_name)
        glyph = Segment(MARK_GLYPH + " ", styles["mark-glyph"]) if marked else Segment(" " * GUTTER)
        if scroll_x or body.cell_length > body_width:
            body = body.crop(scroll_x, scroll_x + body_width)
        # One Strip for the line (joining, styling and padding Strips made four: each with its own
        # caches, twice the time of formatting the row's cells).
        segments = list(Segment.apply_style([glyph, *body], style))
        pad = width - GUTTER - body.cell_length
        if pad > 0:
            segments.append(Segment(" " * pad, style))
        elif pad < 0:
            return Strip(segments).crop(0, width)
        return Strip(segments, width)

    def _empty_line(self, width: int) -> Strip:
        style = self._styles()["empty"]
        if self._rows and self._filter_text.strip():
            message = f"No results for filter: {self._filter_text.strip()}"
        else:
            message = self.empty_message
        text = set_cell_size(message.translate(_CONTROL_TRANSLATION), max(0, width - GUTTER))
        line = Strip([Segment(" " * GUTTER), Segment(text)])
        return line.apply_style(style).adjust_cell_length(width, style)
