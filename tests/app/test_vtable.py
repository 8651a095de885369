"""Pilot tests for the virtualised ResourceTable widget."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.message import Message

from linode_tui.ui.widgets.vtable import Column, ResourceTable

STATUSES = ["running", "offline", "booting", "provisioning"]
REGIONS = ["us-east", "us-west", "eu-central", "ap-south"]


def make_rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "id": 1000 + i,
                "label": f"{rnd.choice(['web', 'db', 'cache', 'worker'])}-{i}",
                "status": rnd.choice(STATUSES),
                "region": rnd.choice(REGIONS),
                "specs": {"memory": rnd.choice([1024, 2048, 4096, 8192]), "vcpus": rnd.choice([1, 2, 4])},
                "tags": rnd.sample(["prod", "staging", "blue", "green"], k=rnd.randint(0, 2)),
                "ipv4": [f"10.0.{i // 250}.{i % 250}"],
            }
        )
    return rows


def status_cell(row: dict[str, Any]) -> Text:
    status = row.get("status") or ""
    return Text(status, style="success" if status == "running" else "warning")


def columns() -> list[Column]:
    return [
        Column("id", "ID", align="right"),
        Column("label", "Label"),
        Column("status", "Status", formatter=status_cell),
        Column("region", "Region"),
        Column("specs.memory", "Memory", align="right"),
        Column("tags", "Tags"),
    ]


class TableApp(App[None]):
    def __init__(self, table: ResourceTable) -> None:
        super().__init__()
        self.table = table
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        self.table.focus()

    def on_resource_table_row_highlighted(self, message: ResourceTable.RowHighlighted) -> None:
        self.messages.append(message)

    def on_resource_table_row_selected(self, message: ResourceTable.RowSelected) -> None:
        self.messages.append(message)

    def on_resource_table_mark_changed(self, message: ResourceTable.MarkChanged) -> None:
        self.messages.append(message)

    def on_resource_table_sort_changed(self, message: ResourceTable.SortChanged) -> None:
        self.messages.append(message)


def screen_lines(table: ResourceTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


def brute_filter(rows: list[dict[str, Any]], table: ResourceTable, text: str) -> list[Any]:
    """Reference implementation: every term in some column's formatted text (case-insensitive)."""
    terms = text.lower().split()
    keys = []
    for row in rows:
        cells = []
        for column in table.columns:
            cell = column.format(row)
            cells.append((cell if isinstance(cell, str) else cell.plain).lower())
        if all(any(term in cell for cell in cells) for term in terms):
            keys.append(row["id"])
    return keys


async def test_renders_header_and_rows() -> None:
    rows = make_rows(50)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.pause()
        lines = screen_lines(table)
        assert len(lines) == 24
        header = lines[0]
        for label in ("ID", "Label", "Status", "Region", "Memory"):
            assert label in header
        assert rows[0]["label"] in lines[1]
        assert rows[0]["status"] in lines[1]
        assert "1000" in lines[1]
        assert rows[22]["label"] in lines[23]
        assert table.row_count == table.total_count == 50
        # memory column is right-aligned nested value
        assert str(rows[0]["specs"]["memory"]) in lines[1]


async def test_filter_narrows_and_matches_reference() -> None:
    rows = make_rows(400)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        # type "web" one char at a time, then extend with a second term, then delete back
        for text in ["w", "we", "web", "web ", "web r", "web ru", "web run", "web ru", "web r", "web", ""]:
            table.set_filter(text)
            expected = brute_filter(rows, table, text)
            assert table.visible_keys() == expected, text
            assert table.row_count == len(expected)
        assert table.row_count == 400
        table.set_filter("WEB EU-CENTRAL")
        expected = brute_filter(rows, table, "web eu-central")
        assert 0 < len(expected) < 400
        assert [r["id"] for r in table.visible_rows()] == expected
        assert all(r["label"].startswith("web") and r["region"] == "eu-central" for r in table.visible_rows())
        await pilot.pause()
        lines = screen_lines(table)
        assert table.visible_rows()[0]["label"] in lines[1]
        # terms must not match across column boundaries
        table.set_filter("running\nus")
        assert table.visible_keys() == brute_filter(rows, table, "running\nus")


async def test_sort_order_stable_and_bindings() -> None:
    rows = [
        {"id": 1, "label": "b", "mem": 2048},
        {"id": 2, "label": "A", "mem": None},
        {"id": 3, "label": "c", "mem": 1024},
        {"id": 4, "label": "a", "mem": 2048},
        {"id": 5, "label": "B", "mem": 512},
    ]
    table = ResourceTable([Column("id", "ID"), Column("label", "Label"), Column("mem", "Mem")])
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        table.sort_by("label")
        # case-insensitive, stable: A(2) before a(4), b(1) before B(5)
        assert table.visible_keys() == [2, 4, 1, 5, 3]
        table.sort_by("label", reverse=True)
        assert table.visible_keys() == [3, 1, 5, 2, 4]
        table.sort_by("mem")
        assert table.visible_keys() == [5, 3, 1, 4, 2]  # numeric, ties stable, None last
        table.sort_by("mem", reverse=True)
        assert table.visible_keys() == [1, 4, 3, 5, 2]  # None still last
        await pilot.pause()
        assert "Mem ▼" in screen_lines(table)[0]
        table.sort_by(None)
        assert table.visible_keys() == [1, 2, 3, 4, 5]
        await pilot.press("greater_than_sign")  # first column
        assert table.sort_column == "id" and not table.sort_reverse
        await pilot.press("greater_than_sign")
        assert table.sort_column == "label"
        await pilot.press("S")
        assert table.sort_column == "label" and table.sort_reverse
        assert table.visible_keys() == [3, 1, 5, 2, 4]
        await pilot.pause()
        assert "Label ▼" in screen_lines(table)[0]
        sort_messages = [m for m in app.messages if isinstance(m, ResourceTable.SortChanged)]
        assert (sort_messages[-1].column_key, sort_messages[-1].reverse) == ("label", True)
        # sorting respects the filter
        table.set_filter("b")
        assert table.visible_keys() == [1, 5]
        # a computed column (formatter, no such field) sorts by the text shown
        table.set_filter("")
        computed = Column("size", "Size", formatter=lambda r: f"{r['id'] % 3}-x")
        table.set_columns([Column("id", "ID"), computed])
        table.sort_by("size")
        assert table.visible_keys() == [3, 1, 4, 2, 5]


async def test_cursor_keeps_key_after_upsert_and_refresh() -> None:
    rows = make_rows(200)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.pause()
        for _ in range(30):
            await pilot.press("down")
        await pilot.pause()
        key = table.cursor_row_key
        assert key == rows[30]["id"]
        scroll_y = table.scroll_y
        assert scroll_y > 0
        # upsert changes the highlighted row and another one; cursor and scroll stay
        changed = dict(rows[30], label="renamed-row", status="offline")
        other = dict(rows[5], label="other")
        table.upsert_rows([changed, other])
        await pilot.pause()
        assert table.cursor_row_key == key
        assert table.cursor_row is not None and table.cursor_row["label"] == "renamed-row"
        assert table.scroll_y == scroll_y
        assert table.total_count == 200
        cursor_line = table.cursor_index - round(table.scroll_y) + 1
        assert "renamed-row" in screen_lines(table)[cursor_line]
        highlighted = [m for m in app.messages if isinstance(m, ResourceTable.RowHighlighted)]
        assert highlighted[-1].key == key and highlighted[-1].row["label"] == "renamed-row"
        # a full refresh (set_rows with new dict objects, reversed order) keeps the key too
        table.set_rows([dict(r) for r in reversed(rows)])
        assert table.cursor_row_key == key
        # sorted upsert that moves the row keeps the cursor on it
        table.sort_by("label")
        table.upsert_rows([dict(rows[30], label="zzz-last")])
        assert table.cursor_row_key == key
        assert table.cursor_index == table.row_count - 1
        # removing the highlighted row moves the cursor to a neighbour, not to nowhere
        table.remove_rows([key])
        assert table.total_count == 199
        assert table.cursor_row_key is not None and table.cursor_row_key != key


async def test_marks_and_selection_messages() -> None:
    rows = make_rows(20)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.press("space")  # marks row 0, moves to row 1
        await pilot.press("down")
        await pilot.press("space")  # marks row 2
        await pilot.pause()
        assert table.marked_keys() == {rows[0]["id"], rows[2]["id"]}
        assert [r["id"] for r in table.marked_rows()] == [rows[0]["id"], rows[2]["id"]]
        lines = screen_lines(table)
        assert lines[1].startswith("● ") and lines[3].startswith("● ")
        assert not lines[2].startswith("●")
        mark_messages = [m for m in app.messages if isinstance(m, ResourceTable.MarkChanged)]
        assert mark_messages[-1].marked == {rows[0]["id"], rows[2]["id"]}
        await pilot.press("up", "up", "up", "space")  # unmark row 0
        assert table.marked_keys() == {rows[2]["id"]}
        # marks survive a filter that hides them, and disappear when the row is removed
        table.set_filter("no-such-thing")
        assert table.marked_keys() == {rows[2]["id"]}
        table.set_filter("")
        table.remove_rows([rows[2]["id"]])
        assert table.marked_rows() == []
        # Enter posts RowSelected with the row dict and key
        table.move_cursor_to_key(rows[7]["id"])
        await pilot.press("enter")
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, ResourceTable.RowSelected)]
        assert selected[-1].key == rows[7]["id"] and selected[-1].row is rows[7]


async def test_api_strings_are_not_markup() -> None:
    rows = [
        {"id": 1, "label": "[prod] web-1", "status": "running"},
        {"id": 2, "label": "[bold]x[/bold] [link=http://e]y", "status": "[red]bad"},
        {"id": 3, "label": "multi\nline\ttab", "status": "offline"},
    ]
    table = ResourceTable([Column("label", "Label [x]"), Column("status", "Status", formatter=status_cell)])
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.pause()
        lines = screen_lines(table)
        assert "Label [x]" in lines[0]
        assert "[prod] web-1" in lines[1]
        assert "[bold]x[/bold] [link=http://e]y" in lines[2]
        assert "[red]bad" in lines[2]
        assert "multi line tab" in lines[3]  # control characters never break the line
        table.set_filter("[prod]")
        assert table.visible_keys() == [1]


async def test_styles_semantic_and_row_style_hook() -> None:
    rows = make_rows(10)
    table = ResourceTable(columns(), row_style=lambda r: "muted" if r["status"] == "offline" else None)
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.pause()
        running = next(i for i, r in enumerate(rows) if r["status"] == "running" and i > 0)
        strip = table.render_line(running + 1)
        status_segments = [s for s in strip if s.text.strip() == "running"]
        expected = table.get_component_rich_style("resource-table--success").color
        assert status_segments and status_segments[0].style is not None
        assert status_segments[0].style.color == expected
        offline = next((i for i, r in enumerate(rows) if r["status"] == "offline" and i > 0), None)
        if offline is not None:
            muted = table.get_component_rich_style("resource-table--muted").color
            line = table.render_line(offline + 1)
            label_segment = next(s for s in line if rows[offline]["label"] in s.text)
            assert label_segment.style is not None and label_segment.style.color == muted


async def test_fifty_thousand_rows_filter_correctness() -> None:
    rows = make_rows(50_000, seed=3)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        assert table.total_count == 50_000 and table.row_count == 50_000
        # Typing right away: the filter answers from the part of the index built so far and the
        # background indexer completes the answer by itself.
        table.set_filter("worker")
        expected = brute_filter(rows, table, "worker")
        assert set(table.visible_keys()) <= set(expected)
        for _ in range(1000):
            if table.visible_keys() == expected:
                break
            await pilot.pause(0.01)
        assert table.visible_keys() == expected
        table.set_filter("")
        for text in ["w", "wo", "wor", "work", "worker", "worker-4999", "worker-499", "worker"]:
            table.set_filter(text)
        expected = brute_filter(rows, table, "worker")
        assert table.visible_keys() == expected
        table.set_filter("worker prod 8192")
        assert table.visible_keys() == brute_filter(rows, table, "worker prod 8192")
        table.set_filter("-49999")
        assert [r["id"] for r in table.visible_rows()] == [50_999]
        # A fresh set_rows + ensure_indexed() gives the complete answer synchronously.
        table.set_rows(list(reversed(rows)))
        table.set_filter("db eu")
        table.ensure_indexed()
        assert table.visible_keys() == brute_filter(list(reversed(rows)), table, "db eu")
        table.set_filter("")
        table.sort_by("specs.memory", reverse=True)
        mems = [r["specs"]["memory"] for r in table.visible_rows()]
        assert mems == sorted(mems, reverse=True)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_index == 49_999
        assert table.visible_rows()[-1]["label"] in screen_lines(table)[-1]


async def test_streaming_append_paints_first_page() -> None:
    rows = make_rows(1200)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_filter("db")
        table.append_rows(rows[:500])
        await pilot.pause()
        assert table.total_count == 500
        first_page = brute_filter(rows[:500], table, "db")
        assert table.visible_keys() == first_page
        assert rows[first_page[0] - 1000]["label"] in screen_lines(table)[1]
        table.append_rows(rows[500:])
        assert table.visible_keys() == brute_filter(rows, table, "db")
        assert table.total_count == 1200


async def test_empty_states() -> None:
    table = ResourceTable(columns(), empty_message="No Linodes yet")
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No Linodes yet" in screen_lines(table)[1]
        table.set_rows(make_rows(5))
        table.set_filter("zzz-nothing")
        await pilot.pause()
        assert table.row_count == 0 and table.cursor_row_key is None
        assert "No results" in screen_lines(table)[1]
        assert "zzz-nothing" in screen_lines(table)[1]
        await pilot.press("enter", "space", "down")  # nothing to act on: no crash, no messages
        assert not [m for m in app.messages if isinstance(m, ResourceTable.RowSelected)]
    default_table = ResourceTable(columns())
    async with TableApp(default_table).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No results" in screen_lines(default_table)[1]


async def test_horizontal_scroll_and_mouse() -> None:
    rows = make_rows(30)
    wide = [*columns(), Column("ipv4", "IPv4", width=30), Column("label", "Again", width=30)]
    table = ResourceTable(wide)
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.pause()
        assert table.max_scroll_x > 0
        assert "Again" not in screen_lines(table)[0]
        for _ in range(len(wide)):
            await pilot.press("right")
        await pilot.pause()
        lines = screen_lines(table)
        assert "Again" in lines[0]
        assert rows[0]["label"] in lines[1]  # the repeated label column is now on screen
        await pilot.press("home")
        for _ in range(len(wide)):
            await pilot.press("left")
        await pilot.pause()
        assert table.scroll_x == 0
        # clicking a row moves the cursor; clicking it again selects it; clicking a header sorts
        await pilot.click(ResourceTable, offset=(10, 4))
        assert table.cursor_row_key == rows[3]["id"]
        await pilot.click(ResourceTable, offset=(10, 4))
        await pilot.pause()
        selected = [m for m in app.messages if isinstance(m, ResourceTable.RowSelected)]
        assert selected and selected[-1].key == rows[3]["id"]
        label_x = screen_lines(table)[0].index("Label")
        await pilot.click(ResourceTable, offset=(label_x, 0))
        assert table.sort_column == "label" and not table.sort_reverse
        await pilot.click(ResourceTable, offset=(label_x, 0))
        assert table.sort_reverse
        await pilot.click(ResourceTable, offset=(0, 2))  # gutter click toggles the mark
        assert table.marked_keys() == {table.visible_keys()[1]}


async def test_paging_keys_move_cursor_and_scroll() -> None:
    rows = make_rows(500)
    table = ResourceTable(columns(), zebra_stripes=True)
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_rows(rows)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert table.cursor_index > 30
        cursor_line = table.cursor_index - round(table.scroll_y) + 1
        assert 1 <= cursor_line < 24
        assert rows[table.cursor_index]["label"] in screen_lines(table)[cursor_line]
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_index == 499 and round(table.scroll_y) == table.max_scroll_y
        await pilot.press("pageup", "home")
        await pilot.pause()
        assert table.cursor_index == 0 and table.scroll_y == 0
        highlighted = [m for m in app.messages if isinstance(m, ResourceTable.RowHighlighted)]
        assert highlighted[-1].key == rows[0]["id"]


async def test_no_color_keeps_cursor_and_marks_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    rows = make_rows(5)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        table.set_rows(rows)
        await pilot.press("space")
        await pilot.pause()
        # the cursor does not rely on colour: reverse video; the mark is a glyph; status is text
        assert table.get_component_rich_style("resource-table--cursor").reverse
        lines = screen_lines(table)
        assert lines[1].startswith("● ") and rows[0]["status"] in lines[1]
        cursor_strip = table.render_line(2)
        assert all(seg.style is not None and seg.style.reverse for seg in cursor_strip if seg.text.strip())


async def test_growing_a_scrolling_list_keeps_the_scrollbar_right_without_a_relayout() -> None:
    """Issue 14: rows arriving in a list that already scrolls change only its length; the screen
    is not laid out again for each step (a layout at 120x40 costs ~50 ms), yet the scrollbar, the
    end of the list and a filter that shrinks it stay right."""
    rows = make_rows(3000)
    table = ResourceTable(columns())
    app = TableApp(table)
    async with app.run_test(size=(120, 40)) as pilot:
        table.set_rows(rows[:500])
        await pilot.pause()
        assert table.show_vertical_scrollbar
        layouts = []
        original = app.screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> Any:
            layouts.append(1)
            return original(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        widths = {table.virtual_size.width}
        for start in range(500, 3000, 100):
            table.upsert_rows(rows[start : start + 100])
            await pilot.pause()
            widths.add(table.virtual_size.width)
        # 25 steps: a layout only when a wider row widened a column (the geometry changed)
        assert len(layouts) <= len(widths) < 5  # (and one restyle of the scrollbars by Textual)
        assert table.virtual_size.height == 3000 + 1  # the rows and the header
        assert table.vertical_scrollbar.window_virtual_size == 3001
        await pilot.press("end")
        await pilot.pause()
        assert rows[-1]["label"] in screen_lines(table)[-1]
        assert table.scroll_y == table.max_scroll_y > 0
        # a filter down to a few rows: the list no longer scrolls (a real layout this time)
        table.set_filter("web-29")
        await pilot.pause()
        assert not table.show_vertical_scrollbar
        assert table.virtual_size.height == len(table.visible_keys()) + 1
        assert any("web-29" in line for line in screen_lines(table))


async def test_rows_upserted_during_a_bulk_load_are_indexed_in_the_background() -> None:
    """While a large list loads (ui.bulk) and no filter is typed, the chunks of rows do not build
    the filter index inline (it was ~40% of each chunk); the background indexer does, and a filter
    typed meanwhile gets the complete answer once it is done."""
    from linode_tui.ui.bulk import bulk_load

    rows = make_rows(3000)
    table = ResourceTable()
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_columns(columns())
        table.set_rows(rows[:100], key="id")
        await pilot.pause()
        with bulk_load():
            for start in range(100, 3000, 100):
                table.upsert_rows(rows[start : start + 100])
            assert table._pending  # queued, not indexed inline
            assert len(table._hay) < 3000
            table.set_filter("web")  # typed while the index is incomplete
        for _ in range(200):
            if not table._pending:
                break
            await pilot.pause(0.01)
        assert not table._pending and len(table._hay) == 3000
        await pilot.pause()
        expected = [r["id"] for r in rows if "web" in r["label"]]
        assert set(table.visible_keys()) == set(expected) and len(table.visible_keys()) == len(expected)
        # outside a bulk load, a small upsert is indexed at once (filters stay exact)
        extra = {**rows[0], "id": 99999, "label": "web-new"}
        table.upsert_rows([extra])
        assert 99999 in table._hay and 99999 in table.visible_keys()


def shown_lines(table: ResourceTable) -> list[str]:
    """What the compositor would paint: Textual's line cache, re-rendering only lines marked dirty
    (a row that changed but was not refreshed would show here as it was)."""
    return [strip.text for strip in shown_lines_strips(table)]


async def test_rows_added_outside_a_full_window_repaint_only_the_scrollbar() -> None:
    """A large list loading page by page: rows appended below a full window leave the rows in view
    as painted (~half of each frame's cost); a row in view that changed, a column that grew, or a
    sort that brings a new row into view repaints them."""
    rows = make_rows(400)[100:]  # labels of one width
    table = ResourceTable()
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_columns(columns())
        table.set_rows(rows[:100], key="id")
        await pilot.pause()
        widths = table._widths
        shown_lines(table)  # the line cache is filled
        calls: list[int] = []
        original = table.render_line

        def counting(y: int) -> Any:
            calls.append(y)
            return original(y)

        table.render_line = counting  # type: ignore[method-assign]
        height = table.virtual_size.height
        table.upsert_rows(rows[100:200])
        await pilot.pause()
        assert table.virtual_size.height == height + 100  # the scrollbar knows
        assert table.vertical_scrollbar.window_virtual_size == height + 100
        assert table._widths == widths
        lines = shown_lines(table)
        assert calls == []  # nothing in view was painted again
        assert rows[0]["label"] in lines[1] and rows[1]["label"] in lines[2]

        # a row in view changed: its line is painted again
        changed = {**rows[1], "label": "web-renamed"}
        table.upsert_rows([changed, *rows[200:210]])
        await pilot.pause()
        assert "web-renamed" in shown_lines(table)[2]

        # a wider cell widens its column: every line is painted again with the new width
        wide = {**rows[250], "label": "x" * 30}
        calls.clear()
        table.upsert_rows([wide])
        await pilot.pause()
        lines = shown_lines(table)
        assert len(calls) >= table.scrollable_content_region.height - 1
        assert lines[0].index("Status") > lines[0].index("Label") + 30

        # sorted by label: an appended row that sorts first comes into view
        table.sort_by("label")
        table.scroll_to(y=0, animate=False)
        await pilot.pause()
        shown_lines(table)
        table.upsert_rows([{**rows[260], "id": 99999, "label": "aaa-first"}])
        await pilot.pause()
        assert "aaa-first" in shown_lines(table)[1]


async def test_the_filter_index_waits_for_a_bulk_load_to_end() -> None:
    """While a bulk load runs and no filter is typed, the background indexer does not compete with
    the rows arriving; it indexes once the load ends, and at once when a filter is typed."""
    from linode_tui.ui.bulk import bulk_load

    rows = make_rows(2000)
    table = ResourceTable()
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        table.set_columns(columns())
        table.set_rows(rows[:100], key="id")
        await pilot.pause()
        assert table.indexed
        with bulk_load():
            for start in range(100, 2000, 100):
                table.upsert_rows(rows[start : start + 100])
            for _ in range(10):
                await pilot.pause(0.01)
            assert not table.indexed and len(table._hay) == 100  # waited
        for _ in range(300):
            if table.indexed:
                break
            await pilot.pause(0.01)
        assert table.indexed and len(table._hay) == 2000  # built once the load ended

        more = make_rows(4000, seed=3)[2000:]
        with bulk_load():
            table.upsert_rows(more)
            table.set_filter("web")  # typed during the load: the indexer resumes
            for _ in range(300):
                if table.indexed:
                    break
                await pilot.pause(0.01)
            assert table.indexed
        await pilot.pause()
        everything = [*rows, *more]
        expected = {r["id"] for r in everything if "web" in r["label"]}
        assert set(table.visible_keys()) == expected


async def test_semantic_colours_follow_the_theme_but_a_focus_change_keeps_the_rows() -> None:
    """Cells styled "success"/"warning" take the theme's colours: a theme change paints them in the
    new theme's; a focus change (every area hop) restyles the table without rebuilding its rows."""
    rows = make_rows(50)
    table = ResourceTable()
    app = TableApp(table)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-dark"
        table.set_columns(columns())
        table.set_rows(rows, key="id")
        await pilot.pause()

        def status_colour() -> Any:
            keys = table.visible_keys()
            index = next(i for i, k in enumerate(keys) if (table.get_row(k) or {}).get("status") == "running")
            line = shown_lines_strips(table)[index + 1]
            return next(seg.style.color for seg in line if seg.text.strip() == "running")

        before = status_colour()
        built = dict(table._strip_cache)
        assert built
        table.blur()
        await pilot.pause()
        table.focus()
        await pilot.pause()
        shown_lines(table)
        assert all(table._strip_cache.get(k) is v for k, v in built.items())  # not rebuilt
        assert status_colour() == before

        app.theme = "textual-light"
        await pilot.pause()
        after = status_colour()
        expected = table._semantic("resource-table--success").color
        assert after == expected and after != before


def shown_lines_strips(table: ResourceTable) -> list[Any]:
    """The strips of :func:`shown_lines` (with their styles)."""
    from textual.geometry import Region

    return list(table.render_lines(Region(0, 0, table.size.width, table.size.height)))
