"""Area hops from the cache (issue 14): the root list of an area is kept, hidden, and shown again
as it was (same widgets, rows, cursor), then brought up to date from the cache without a request."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from linode_tui.ui import bulk
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import select_row, until, wait_idle, wait_rows


async def test_hop_back_shows_the_kept_list_at_once(app_factory: Any, sim: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        linodes = await wait_rows(pilot, app, 25)
        table = linodes.query_one(ResourceTable)
        key = table.visible_keys()[7]
        await select_row(pilot, linodes, key)
        assert app.run_command("volumes") is None
        volumes = await wait_rows(pilot, app, 1)
        assert volumes.area.key == "volumes" and not linodes.display
        await wait_idle(pilot, app)
        before = len(sim.request_log)
        assert app.run_command("linodes") is None
        # at once, before any request or repaint: the same view, all its rows, the cursor where it was
        assert app.current_view() is linodes and linodes.display
        assert table.total_count == 25 and table.cursor_row_key == key
        assert app.views() == [linodes]
        await pilot.pause()
        assert app.focused is table
        await wait_idle(pilot, app)
        assert sim.request_log[before:] == []  # brought up to date from the cache
        await pilot.press("escape")  # a kept view is not "back"
        await pilot.pause()
        assert app.current_view() is linodes and app.views() == [linodes]
        await pilot.press("r")  # keys reach the shown list, not the hidden volumes
        await until(pilot, lambda: len(sim.request_log) > before, "a forced refresh")
        assert all(r.path.endswith("/linode/instances") for r in sim.request_log[before:])


async def test_another_query_replaces_the_kept_list(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        plain = await wait_rows(pilot, app, 25)
        assert app.run_command("linodes region = us-east") is None
        filtered = await wait_rows(pilot, app, 1)
        assert filtered is not plain and filtered.query_text == "region = us-east"
        assert app.run_command("volumes") is None
        await wait_rows(pilot, app, 1)
        kept = app._kept_lists()
        assert [v.area.key for v in kept].count("linodes") == 1  # one kept list per area
        assert app.run_command("linodes") is None
        again = await wait_rows(pilot, app, 25)
        assert again is not plain and again is not filtered and again.query_text == ""
        assert plain not in app.query(ResourceListView) and filtered not in app.query(ResourceListView)


def test_bulk_load_holds_off_full_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    saved = gc.get_threshold()
    with bulk.bulk_load() as outer:
        assert gc.get_threshold()[2] > 1_000_000 and gc.get_threshold()[:2] == saved[:2]
        with bulk.bulk_load() as inner:  # two lists loading at once
            inner.append(bulk.FREEZE_AFTER // 2)
        assert gc.get_threshold()[2] > 1_000_000  # still one load running
        outer.append(bulk.FREEZE_AFTER // 2)
    assert gc.get_threshold() == saved and frozen == [True]
    with bulk.bulk_load() as small:
        small.append(10)
    assert gc.get_threshold() == saved and frozen == [True]  # a small load freezes nothing


async def test_return_from_another_query_of_the_same_area(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        plain = await wait_rows(pilot, app, 25)
        assert app.run_command("linodes region = us-east") is None
        filtered = await wait_rows(pilot, app, 1)
        assert app.run_command("linodes") is None  # back to the plain list, kept meanwhile
        assert app.current_view() is plain and plain.display and not filtered.display
        assert app.views() == [plain]


async def test_hops_faster_than_lists_mount(app_factory: Any) -> None:
    """A list retired before it finished mounting is replaced on the way back, not re-shown
    without its table (found by the long monkey run: a dashboard link, then a hop)."""
    from linode_tui.core.registry import BY_KEY
    from tests.helpers import wait_idle, wait_rows

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        linodes, volumes = BY_KEY["linodes"], BY_KEY["volumes"]
        for area in (volumes, linodes, volumes, linodes, volumes):  # all before any mounts
            app.open_area(area)
        await wait_idle(pilot, app)
        assert app._exception is None and app.is_running
        view = app.current_view()
        assert view is not None and view.area is volumes
        assert view.query_one("#table") is not None


async def test_a_new_list_shows_cached_rows_in_its_first_frame(app_factory: Any, monkeypatch: Any) -> None:
    """Rows already in the cache (the page fetched while the app started, or one another view
    left) are in a new list's first frame: they do not wait for its load worker."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        page = await app.services.client.get_page("/volumes")  # in the cache now
        assert page.data
        loads: list[str] = []
        # no load may run: what shows comes from the cache alone
        monkeypatch.setattr(ResourceListView, "load", lambda self, force=False: loads.append(self.area.key))
        assert app.run_command("volumes") is None  # never opened before: a new list
        await pilot.pause()
        view = app.current_view()
        assert isinstance(view, ResourceListView) and view.area.key == "volumes" and loads == ["volumes"]
        assert view.query_one(ResourceTable).total_count == len(page.data)
        assert f"Volumes  {len(page.data)}" in str(view.query_one("#title").render())


async def test_a_hop_from_the_cache_repaints_only_what_changed(app_factory: Any) -> None:
    """Back to a kept list within the TTL: the title does not flash its ⟳ (the load is over before a
    frame), the screen is not repainted as a whole for the focus change (the widgets concerned
    restyle themselves: the cursor row takes the focused style), and the key hints line repaints
    only when its keys change."""
    from textual.widgets import Static

    from linode_tui.ui.widgets.keyhints import KeyHints

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        linodes = await wait_rows(pilot, app, 25)
        table = linodes.query_one(ResourceTable)
        app.run_command("volumes")
        await wait_rows(pilot, app, 1)
        await wait_idle(pilot, app)
        title = linodes.query_one("#title", Static)
        titles: list[str] = []
        update = title.update

        def recording_update(content: Any = "", **kw: Any) -> None:
            titles.append(str(content))
            update(content, **kw)

        title.update = recording_update
        repaints: list[str] = []
        screen = app.screen
        refresh = type(screen).refresh

        def screen_refresh(self: Any, *args: Any, **kwargs: Any) -> Any:
            if self is screen and not args and not kwargs.get("layout"):
                repaints.append("screen")
            return refresh(self, *args, **kwargs)

        type(screen).refresh = screen_refresh
        try:
            app.run_command("linodes")
            await pilot.pause()
            await wait_idle(pilot, app)
        finally:
            type(screen).refresh = refresh
        assert app.focused is table and not linodes.loading
        assert not any("⟳" in t for t in titles)
        assert repaints == []
        cursor = table.get_component_rich_style("resource-table--cursor")
        line = table.render_line(1 + table.cursor_index - round(table.scroll_y))
        assert any(seg.style is not None and seg.style.bgcolor == cursor.bgcolor for seg in line)
        # the table asks for the bindings again on each cursor move: the line repaints only when
        # they change
        hints = app.query_one(KeyHints)
        painted: list[int] = []
        hints_refresh = hints.refresh

        def counting_refresh(*a: Any, **k: Any) -> Any:
            painted.append(1)
            return hints_refresh(*a, **k)

        hints.refresh = counting_refresh
        app.screen.refresh_bindings()
        await pilot.pause()
        assert painted == []
        hints._shown = None  # as if it showed another line
        app.screen.refresh_bindings()
        await pilot.pause()
        assert painted[:1] == [1]
