"""The monkey test: seeded random keys through every area (see tests/app/monkey.py).

In CI: a few seeds at each screen size and account size, about 60 s in all. Locally:
``pytest tests/app/test_monkey.py --monkey-minutes 30`` runs each case that long (new seeds as it
goes) and prints keys, seeds and crashes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .monkey import run_monkey

CASES = [
    pytest.param((80, 24), 10, [11, 12], id="80x24-10"),
    pytest.param((120, 40), 10, [21, 22], id="120x40-10"),
    pytest.param((80, 24), 10_000, [31], id="80x24-10000"),
    pytest.param((120, 40), 10_000, [41], id="120x40-10000"),
]
CI_SECONDS_PER_SEED = 8.0


@pytest.mark.parametrize(("screen", "size", "seeds"), CASES)
async def test_monkey(screen: tuple[int, int], size: int, seeds: list[int], monkey_minutes: float,
                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # `x` exports land here, not in the repository
    total_keys = 0
    lines = []
    if monkey_minutes:
        deadline_seeds = iter(range(seeds[0] * 1000, seeds[0] * 1000 + 10**6))
        budget = monkey_minutes * 60
        import time

        start = time.monotonic()
        while time.monotonic() - start < budget:
            seed = next(deadline_seeds)
            result = await run_monkey(seed, size=size, screen=screen,
                                      seconds=min(120.0, budget - (time.monotonic() - start)))
            total_keys += result.keys
            lines.append(result.summary())
            print(result.summary(), flush=True)
            assert not result.crashes, _report(result)
        print(f"monkey {screen[0]}x{screen[1]} {size} Linodes: {total_keys} keys, {len(lines)} seeds, "
              "0 crashes")
        return
    for seed in seeds:
        result = await run_monkey(seed, size=size, screen=screen, seconds=CI_SECONDS_PER_SEED)
        assert not result.crashes, _report(result)
        assert result.keys > 20, result.summary()  # it did drive the app


def _report(result) -> str:  # type: ignore[no-untyped-def]
    return (f"{result.summary()}\nlast keys: {' '.join(result.history[-40:])}\n\n"
            + "\n---\n".join(result.crashes[:3]))


# -- regressions: every crash the monkey (or issue 15's tester) found, by name ---------------------

import asyncio  # noqa: E402
import random  # noqa: E402
from typing import Any  # noqa: E402

from textual.widgets import Input, OptionList  # noqa: E402

from linode_tui.ui.dialogs import ConfirmDialog, Dialog, MenuDialog  # noqa: E402
from linode_tui.ui.views.detail import DetailView  # noqa: E402
from linode_tui.ui.views.listing import ResourceListView  # noqa: E402
from tests.helpers import until, wait_idle, wait_rows, wait_until  # noqa: E402

from .monkey import key_event  # noqa: E402


def burst(app: Any, *keys: str) -> None:
    """Keys queued with no pause between them (a key repeat, a fast user, a pasted sequence)."""
    for key in keys:
        ev = key_event(key)
        ev.set_sender(app)
        app._driver.send_message(ev)


async def settled(pilot: Any, app: Any) -> None:
    """No worker left running (every dialog a worker waits on answered or still open), no crash."""
    from textual.worker import WorkerState

    def busy() -> list[str]:
        return [f"{w.name} ({w.group})" for w in app.workers
                if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]

    waiting_on_dialog = lambda: len(app.screen_stack) > 1  # noqa: E731
    ok = await wait_until(pilot, lambda: not busy() or waiting_on_dialog(), 10)
    assert ok, f"workers still running: {busy()}; screens {app.screen_stack}"
    assert app._exception is None


def dialogs(app: Any) -> list[Any]:
    return [s for s in app.screen_stack if isinstance(s, Dialog)]


async def test_double_enter_on_the_action_menu_dismisses_it_once(app_factory: Any) -> None:
    """Issue 15: `a`, Enter, Enter -> ScreenStackError from MenuDialog._picked dismissing twice."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        burst(app, "a", "enter", "enter")
        await wait_idle(pilot, app)
        assert app._exception is None and app.is_running
        # the first Enter picked the first action: its dialog (or form) is the one screen open
        assert len(app.screen_stack) <= 2
        burst(app, "escape", "escape", "escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "every dialog closing")
        assert app._exception is None


async def test_escape_on_a_closing_dialog_is_ignored(app_factory: Any) -> None:
    """Issue 15: Escape on a dialog that is already closing dismissed it again."""
    app = app_factory()
    answers: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        dialog = ConfirmDialog("Reboot web-1?", "It reboots.")
        app.push_screen(dialog, answers.append)
        await until(pilot, lambda: app.screen is dialog, "the dialog opening")
        dialog.action_cancel()
        dialog.action_cancel()  # a second Escape already queued for it
        dialog.dismiss(True)  # and a late Confirm
        await pilot.pause()
        assert answers == [False]
        assert len(app.screen_stack) == 1 and app._exception is None
        assert isinstance(app.current_view(), ResourceListView)  # the view under it stayed


async def test_dismiss_while_another_dialog_is_on_top_waits_for_its_turn(app_factory: Any) -> None:
    app = app_factory()
    answers: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        under = MenuDialog("Actions", [("boot", "Boot", True)])
        app.push_screen(under, answers.append)
        top = ConfirmDialog("Sure?", "Really.")
        app.push_screen(top)
        await until(pilot, lambda: app.screen is top, "the second dialog opening")
        under.dismiss("boot")  # e.g. a worker answering for the lower dialog
        await pilot.pause()
        assert app.screen is top and answers == []  # the top one was not popped in its place
        top.action_cancel()
        await until(pilot, lambda: answers == ["boot"], "the lower dialog answering once on top")
        assert len(app.screen_stack) == 1


async def test_pagedown_in_an_option_list_whose_options_change(app_factory: Any) -> None:
    """Issue 15: KeyError in Textual's OptionList._move_page (its line cache was empty)."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        menu = MenuDialog("Actions", [(f"o{i}", f"Option {i}", True) for i in range(40)])
        app.push_screen(menu)
        await until(pilot, lambda: menu.query_one(OptionList).option_count == 40, "the menu opening")
        ol = menu.query_one(OptionList)
        ol.highlighted = 3
        ol.styles.height = 0  # no lines laid out: the palette's list while its commands arrive
        await pilot.pause()
        ol.clear_options()
        ol.add_options([f"New {i}" for i in range(30)])
        ol.highlighted = 5
        ol.action_page_down()
        ol.action_page_up()
        ol.action_page_down()
        assert ol.highlighted is not None and ol.highlighted > 5
        ol.clear_options()
        ol.action_page_down()  # and on no options at all
        await pilot.pause()
        assert app._exception is None


async def test_pagedown_in_the_palette_while_its_commands_arrive(app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        burst(app, "ctrl+p", "pagedown", "pagedown", "l", "i", "pagedown", "pageup", "pagedown")
        await wait_idle(pilot, app)
        assert app._exception is None and app.is_running
        burst(app, "escape")
        await until(pilot, lambda: len(app.screen_stack) == 1, "the palette closing")


async def test_escape_leaves_the_filter_input(app_factory: Any) -> None:
    """Issue 15: Escape did not leave the `/` filter: later keys were typed into it."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await wait_rows(pilot, app)
        await pilot.press("slash", "w", "e", "b")
        flt = view.query_one("#filter", Input)
        await until(pilot, lambda: flt.value == "web", "typing into the filter")
        await pilot.press("escape")
        assert not isinstance(app.focused, Input)
        await pilot.press("r", "x")  # keys of the list again, not characters of the filter
        assert flt.value == ""
        await until(pilot, lambda: len(app.screen_stack) == 2, "`x` opening the export prompt")
        await pilot.press("escape")
        await pilot.press("slash", "q")
        await until(pilot, lambda: flt.value == "q", "the filter taking keys again")
        await pilot.press("enter")  # Enter keeps the filter and goes back to the rows
        assert not isinstance(app.focused, Input) and flt.value == "q"


async def test_hopping_areas_faster_than_views_mount(app_factory: Any) -> None:
    """Monkey seed 22: a list removed by the next `:area` before it mounted (NoMatches)."""
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_rows(pilot, app)
        for _ in range(3):
            for cmd in ("volumes", "linodes", "firewalls", "dashboard", "linodes"):
                burst(app, "colon", *cmd, "enter")
        burst(app, "enter", "escape", "enter", "escape", "escape")
        await wait_idle(pilot, app)
        assert app._exception is None and app.is_running


async def test_a_firewalls_detail_under_random_keys(app_factory: Any) -> None:
    """Issue 15: a traceback on a Firewalls detail view under random keys."""
    from .monkey import BURSTS, NAV, VIEW_KEYS

    app = app_factory(command="firewalls")
    rng = random.Random(15)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await wait_rows(pilot, app)
        firewalls, rows = listing.area, dict(listing.rows)
        for _ in range(12):
            view = app.current_view()
            if not isinstance(view, DetailView) or view.area is not firewalls:
                for _ in range(6):
                    if len(app.screen_stack) == 1:
                        break
                    await pilot.press("escape")
                if len(app.screen_stack) > 1:
                    continue
                app.open_detail(firewalls, rng.choice(list(rows.values())))
                await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
            keys = [rng.choice(NAV + VIEW_KEYS) for _ in range(6)] + list(rng.choice(BURSTS))
            burst(app, *[k for k in keys if k != "ctrl+q"])
            await pilot.pause(0.02)
            assert app._exception is None and app.is_running, keys
        await settled(pilot, app)


async def test_escape_burst_through_stacked_details(app_factory: Any) -> None:
    """A second Escape removed the view the first one was already removing (and was lost)."""
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await wait_rows(pilot, app)
        items = list(view.rows.values())
        app.open_detail(view.area, items[0])
        app.open_detail(view.area, items[1])
        await until(pilot, lambda: len(app.views()) == 3, "two details stacked")
        burst(app, "escape", "escape")  # two Escapes: two views closed
        await wait_idle(pilot, app)
        assert len(app.views()) == 1
        assert app.current_view() is view and view.display
        assert app._exception is None


async def test_escape_on_a_schema_form_before_it_is_built(app_factory: Any) -> None:
    """Monkey seed 31002 (80×24, 10,000 Linodes): Escape reached an explorer form before its widgets
    were composed (NoMatches '#json-body'); what the form was given to start with is kept."""
    from linode_tui.specdata import FieldSpec
    from linode_tui.ui.dialogs.schema_form import SchemaFormDialog

    async def never(result: Any) -> Any:
        raise AssertionError("nothing is sent")

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        form = SchemaFormDialog("Test", [FieldSpec("label", "string", True)], submit=never,
                                initial={"label": "typed before"})
        app.push_screen(form)
        form.action_cancel()  # at once: its children are not mounted yet
        await wait_idle(pilot, app)
        assert app._exception is None and len(app.screen_stack) == 1
        assert form.kept.get("label") == "typed before"


async def test_an_area_picked_while_the_app_closes(app_factory: Any) -> None:
    """Found by the suite under load: an area picked from the area list reached the app after the
    main screen's view container had been removed (the app closing) → NoMatches '#main'."""
    from linode_tui.core.registry import AREAS

    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_rows(pilot, app)
        await app.query_one("#main").remove()
        app.open_area(AREAS[1])  # what the late OptionSelected of the area list does
        await pilot.pause()
        assert app._exception is None


async def test_a_rules_editor_removed_before_it_mounted(app_factory: Any) -> None:
    """CI saw it under random keys: a Firewalls detail closed while its Rules tab was mounting ran
    the editor's on_mount after its children were already taken away (NoMatches, app ended)."""
    from linode_tui.ui.views.firewall_rules import RulesEditor

    app = app_factory(command="firewalls")
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await wait_rows(pilot, app)
        item = next(iter(listing.rows.values()))
        for delay in (0, 0, 1, 2):  # removed at once, and after a tick or two
            editor = RulesEditor(listing.area, item)
            app.screen.mount(editor)
            for _ in range(delay):
                await asyncio.sleep(0)
            editor.remove()
        await pilot.pause(0.2)
        assert app._exception is None and app.is_running
