"""The key hints line (ui/widgets/keyhints.py) shows what Textual's Footer showed, as one widget
(issue 14), and the area list is mounted only when first shown on a narrow screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from linode_tui.ui.widgets.chrome import NavPanel
from linode_tui.ui.widgets.keyhints import KeyHints
from linode_tui.ui.widgets.vtable import ResourceTable
from tests.helpers import select_row, until, wait_idle, wait_rows


def line(app: Any) -> str:
    return app.query_one(KeyHints).render().plain


async def test_hints_follow_the_focus_and_the_cursor_row(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await wait_idle(pilot, app)
        bar = app.query_one(KeyHints)
        text = line(app)
        # the table's and the list's keys, in Footer's order, the palette key at the right edge
        assert text.startswith(" ⏎ Open  space Mark  > Sort  / Filter  a Actions  r Refresh ")
        assert text.endswith("▏^p palette ") and len(text) == 120
        # each hint's columns hold its key and description (what a click there presses)
        shown = [text[h.start:h.end] for h in bar.hints[:6]]
        assert shown == [" ⏎ Open ", " space Mark ", " > Sort ", " / Filter ", " a Actions ", " r Refresh "]
        assert all(text[h.start:h.end].strip() for h in bar.hints)
        # a key's state follows the highlighted row (Reboot is offered for a running Linode only)
        table = view.query_one(ResourceTable)
        keys = table.visible_keys()
        offline = next(k for k in keys if view.rows[k]["status"] == "offline")
        running = next(k for k in keys if view.rows[k]["status"] == "running")
        await select_row(pilot, view, offline)
        await until(pilot, lambda: not next(h for h in bar.hints if h.key == "R").enabled, "Reboot disabled")
        await select_row(pilot, view, running)
        await until(pilot, lambda: next(h for h in bar.hints if h.key == "R").enabled, "Reboot enabled")
        # another focused widget: its bindings (the filter line takes the table's keys)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.focused, Input), "the filter line")
        await until(pilot, lambda: "Mark" not in line(app) and "Quit" in line(app), "the filter's keys")
        await pilot.press("escape")
        await until(pilot, lambda: "Mark" in line(app), "the table's keys again")


async def test_a_click_presses_the_key(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await wait_rows(pilot, app, 25)
        await wait_idle(pilot, app)
        bar = app.query_one(KeyHints)
        sort = next(h for h in bar.hints if h.key == "greater_than_sign")
        table = view.query_one(ResourceTable)
        before = table.sort_column
        assert await pilot.click(KeyHints, offset=(sort.start + 1, 0))
        await pilot.pause()
        after = table.sort_column
        assert after != before  # '>' sorted by the next column
        # a disabled key does nothing (Footer rang the bell): Reboot on an offline Linode
        offline = next(k for k in table.visible_keys() if view.rows[k]["status"] == "offline")
        await select_row(pilot, view, offline)
        await until(pilot, lambda: not next(h for h in bar.hints if h.key == "R").enabled, "Reboot disabled")
        reboot = next(h for h in bar.hints if h.key == "R")
        assert await pilot.click(KeyHints, offset=(reboot.start + 1, 0))
        await pilot.pause()
        assert len(app.screen_stack) == 1  # no confirmation opened
        # the palette key at the right edge
        palette = bar.hints[-1]
        assert palette.key == "ctrl+p" and palette.end == 119
        assert await pilot.click(KeyHints, offset=(palette.start + 1, 0))
        await until(pilot, lambda: len(app.screen_stack) == 2, "the command palette")


async def test_hover_shows_the_tooltip(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        await wait_idle(pilot, app)
        bar = app.query_one(KeyHints)
        enter = bar.hints[0]
        await pilot.hover(KeyHints, offset=(enter.start + 2, 0))
        await pilot.pause()
        assert bar.tooltip == "Open the highlighted row"


async def test_the_area_list_is_mounted_when_first_shown(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        assert not app.query(NavPanel)  # hidden at this width: not mounted, not styled
        await pilot.press("ctrl+b")
        shown = lambda: bool(app.query(NavPanel)) and app.focused is app.query_one(NavPanel)  # noqa: E731
        await until(pilot, shown, "shown and focused")
        nav = app.query_one(NavPanel)
        assert nav.display and nav.get_option_at_index(nav.highlighted or 0).id == "linodes"
        # choosing an area opens it, and the list highlights it
        volumes = next(i for i in range(nav.option_count) if nav.get_option_at_index(i).id == "volumes")
        nav.highlighted = volumes
        await pilot.press("enter")
        await until(pilot, lambda: getattr(app.current_view(), "area", None) is not None
                    and app.current_view().area.key == "volumes", "volumes opened")
        await pilot.press("ctrl+b")
        await until(pilot, lambda: not nav.display, "hidden again")
        await pilot.press("ctrl+b")
        await until(pilot, lambda: nav.display, "shown again")
        assert len(app.query(NavPanel)) == 1


async def test_a_wide_screen_shows_the_area_list_at_start(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_rows(pilot, app, 25)
        nav = app.query_one(NavPanel)
        assert nav.display
        assert nav.get_option_at_index(nav.highlighted or 0).id == "linodes"
