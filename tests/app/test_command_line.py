"""The `:` line: it shows what is typed, and keys typed right after ':' (fast typing, a paste)
are never lost or sent to the list behind it. Every command word works on it."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest

from linode_tui.core.commands import COMMANDS
from linode_tui.core.registry import AREAS
from linode_tui.ui.views.dashboard import DashboardView
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.chrome import CommandBar
from tests.helpers import paste, type_at_once, until, wait_rows


def _area_key(app: Any) -> str | None:
    view = app.current_view()
    return view.area.key if isinstance(view, ResourceListView) else None


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_keys_right_after_colon_reach_the_command_line(app_factory: Any, size: tuple[int, int]) -> None:
    app = app_factory()
    async with app.run_test(size=size) as pilot:
        await wait_rows(pilot, app, 25)
        typed: list[str] = []
        for attempt in range(10):  # the race showed in about a quarter of tries: try it often
            target = "volumes" if attempt % 2 == 0 else "linodes"
            type_at_once(app, ":" + target, enter=True)
            opened = partial(lambda t: _area_key(app) == t, target)
            await until(pilot, opened, f"try {attempt}: :{target} opening")
            typed.append(target)
            bar = app.query_one(CommandBar)
            assert not bar.has_class("-open")
            # Every command arrived whole: no key went to the list behind (Enter there would have
            # opened a detail, 's' sorted it) and none was lost.
            assert bar.history == [t for i, t in enumerate(typed) if i == 0 or typed[i - 1] != t]
            assert isinstance(app.current_view(), ResourceListView)


async def test_keys_50ms_apart(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 25)
        await pilot.press("colon", *[k for ch in "volumes" for k in ("wait:50", ch)], "enter")
        await until(pilot, lambda: _area_key(app) == "volumes", ":volumes opening")


async def test_the_line_shows_what_is_typed(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 25)
        await pilot.press("colon", *"vol")
        bar = app.query_one(CommandBar)
        assert app.focused is bar
        assert bar.size.height == 1  # one text row, no border rows
        assert bar.region.height == 1
        row = "".join(seg.text for seg in bar.render_line(0))
        assert "vol" in row
        await pilot.press("escape")
        assert not bar.has_class("-open")


async def test_a_pasted_command_opens_the_line_and_runs_with_a_newline(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 25)
        paste(app, ":volumes\n")
        await until(pilot, lambda: _area_key(app) == "volumes", "pasted :volumes running")
        paste(app, ":linodes")
        bar = app.query_one(CommandBar)
        await until(pilot, lambda: app.focused is bar and bar.value == "linodes", "pasted text in the line")
        await pilot.press("enter")
        await until(pilot, lambda: _area_key(app) == "linodes", ":linodes running")


WORDS = [a.key for a in AREAS] + [w for c in COMMANDS for w in c.words if c.name not in ("quit",)]


@pytest.mark.parametrize("word", WORDS)
async def test_every_command_word_works_on_the_line(app_factory: Any, word: str) -> None:
    app = app_factory(command=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.current_view(), DashboardView), "the dashboard")
        spec = next((c for c in COMMANDS if word in c.words), None)
        text = word + (
            " " + next(iter(app.services.sim.world.linodes.values()))["label"] if spec and spec.arg else ""
        )
        error = app.run_command(text)
        assert error is None
        await pilot.pause()
        if spec is None:
            assert _area_key(app) == word
        elif spec.name == "help":
            assert app.screen is not app.screen_stack[0]
        elif spec.name == "stats":
            from linode_tui.ui.views.stats import StatsViewBase

            await until(pilot, lambda: isinstance(app.current_view(), StatsViewBase), "the stats view")
        elif spec.name == "dashboard":
            assert isinstance(app.current_view(), DashboardView)


async def test_quit_on_the_line_ends_the_app(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app, 1)
        type_at_once(app, ":quit", enter=True)
        await until(pilot, lambda: not app.is_running, "the app ending")


async def test_a_paste_right_after_start_on_the_dashboard(app_factory: Any) -> None:
    """Tried in tmux: the first thing done in the demo was a paste of `:volumes` (tmux sends the
    line break as CR). The dashboard had nothing focusable yet, so the screen's auto-focus had
    chosen the closed command line: the paste went into the hidden line, and so did every key
    after it. Closed, the line takes no focus."""
    app = app_factory(command="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        bar = app.query_one(CommandBar)
        assert app.focused is not bar
        paste(app, ":volumes\r")
        await until(pilot, lambda: _area_key(app) == "volumes", "pasted :volumes running")
        assert app.focused is not bar and bar.value == ""
