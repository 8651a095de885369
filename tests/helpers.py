"""What pilot tests share: wait on outcomes (never on a number of frames), type like a user or a
paste would, advance the simulator's clock."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import Any

from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key

MUTATING = ("POST", "PUT", "DELETE")


def mutations(sim: Any) -> list[tuple[str, str]]:
    """(method, path) of every mutating request the simulator received, in order."""
    return [(r.method, r.path) for r in sim.request_log if r.method in MUTATING]


async def wait_until(pilot: Any, predicate: Callable[[], Any], timeout: float = 30.0) -> bool:
    """Let the app run until ``predicate()`` holds (or the timeout passes). Exceptions in the
    predicate count as "not yet" (a widget that is not mounted yet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except Exception:
            pass
        await pilot.pause(0.01)
    try:
        return bool(predicate())
    except Exception:
        return False


async def until(pilot: Any, predicate: Callable[[], Any], what: str, timeout: float = 30.0) -> None:
    """Like :func:`wait_until`, but fails the test naming what never happened."""
    if not await wait_until(pilot, predicate, timeout):
        raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


async def wait_idle(pilot: Any, app: Any, timeout: float = 30.0) -> None:
    """Until no worker of the app is running (loads, actions, look-ups)."""
    from textual.worker import WorkerState

    def idle() -> bool:
        if getattr(app, "startup_pending", False):
            return False  # start-up work (profile, grants, events) not begun yet
        return not [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]

    await until(pilot, idle, "workers finishing", timeout)
    await pilot.pause()


async def wait_rows(pilot: Any, app: Any, minimum: int = 1, timeout: float = 30.0) -> Any:
    """Until the current view is a list that finished loading at least ``minimum`` rows."""
    from linode_tui.ui.views.listing import ResourceListView
    from linode_tui.ui.widgets.vtable import ResourceTable

    def ready() -> bool:
        view = app.current_view()
        return (
            isinstance(view, ResourceListView)
            and not getattr(app, "startup_pending", False)  # the poller and the profile started too
            and not view.loading
            and view.query_one(ResourceTable).total_count >= minimum
        )

    await until(pilot, ready, f"{minimum} rows arriving", timeout)
    return app.current_view()


async def select_row(pilot: Any, view: Any, key: Any) -> None:
    from linode_tui.ui.widgets.vtable import ResourceTable

    table = view.query_one(ResourceTable)
    assert table.move_cursor_to_key(key)
    table.focus()
    await pilot.pause()


async def settle(pilot: Any, app: Any, seconds: float, sim: Any) -> None:
    """Advance simulated time, let one poll run and its updates reach the screen."""
    sim.clock.advance(seconds)
    await app.poller.poll_once()
    await wait_idle(pilot, app)


def _key_event(ch: str) -> events.Key:
    key = _character_to_key(ch) if len(ch) == 1 and not ch.isalnum() else ch
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = ch if len(ch) == 1 else None
    return events.Key(key, char)


def type_at_once(app: Any, text: str, *, enter: bool = False) -> None:
    """Queue every key of ``text`` with no pause between them, the way fast typing or a terminal
    without bracketed paste delivers them (``pilot.press`` waits for idle after each key)."""
    driver = app._driver
    assert driver is not None
    for ch in text:
        ev = _key_event(ch)
        ev.set_sender(app)
        driver.send_message(ev)
    if enter:
        ev = events.Key("enter", "\r")
        ev.set_sender(app)
        driver.send_message(ev)


def paste(app: Any, text: str) -> None:
    """A bracketed paste, as a terminal (or tmux's paste-buffer) sends it."""
    driver = app._driver
    assert driver is not None
    ev = events.Paste(text)
    ev.set_sender(app)
    driver.send_message(ev)


async def pick_menu(pilot: Any, app: Any, key: str) -> None:
    """Choose the entry ``key`` of the menu dialog on screen (the `a` menu, a picker)."""
    from textual.widgets import OptionList

    from linode_tui.ui.dialogs import MenuDialog

    await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the actions menu")
    menu = app.screen.query_one(OptionList)
    ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
    menu.highlighted = ids.index(key)
    await pilot.press("enter")


async def open_tab(pilot: Any, app: Any, key: Any, tab: str) -> Any:
    """Open the detail of the list row ``key`` and its tab ``tab``, loaded; returns the detail."""
    from textual.widgets import TabbedContent

    from linode_tui.ui.views.detail import DetailView

    view = await wait_rows(pilot, app)
    await select_row(pilot, view, key)
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.current_view(), DetailView), "the detail opening")
    detail = app.current_view()
    detail.query_one(TabbedContent).active = f"tab-{tab}"
    await until(pilot, lambda: tab in detail.loaded_tabs, f"the {tab} tab loading")
    await wait_idle(pilot, app)
    return detail


async def action_menu(pilot: Any, app: Any) -> dict[str, tuple[bool, str]]:
    """Press `a`: the action menu's entries as id → (disabled, text)."""
    from textual.widgets import OptionList

    from linode_tui.ui.dialogs import MenuDialog

    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, MenuDialog), "the action menu")
    return {str(o.id): (o.disabled, str(o.prompt)) for o in app.screen.query_one(OptionList)._options}


async def pick_option(pilot: Any, app: Any, option: str) -> None:
    """Choose the entry ``option`` of the menu on screen (it is already open)."""
    from textual.widgets import OptionList

    ol = app.screen.query_one(OptionList)
    ol.highlighted = next(i for i, o in enumerate(ol._options) if o.id == option)
    await pilot.press("enter")
    await pilot.pause()


async def form_shown(pilot: Any, app: Any) -> Any:
    """The form dialog on screen, once it is there."""
    from linode_tui.ui.dialogs import FormDialog

    await until(pilot, lambda: isinstance(app.screen, FormDialog), "the form")
    return app.screen


async def press_confirm(pilot: Any, app: Any) -> None:
    """Press Confirm on the confirmation on screen, once its buttons are there."""
    from linode_tui.ui.dialogs import ConfirmDialog

    await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and bool(app.screen.query("#confirm")),
                "the confirmation")
    app.screen.query_one("#confirm").press()
