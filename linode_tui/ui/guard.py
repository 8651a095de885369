"""A last line of defence for background work: an unexpected exception in a worker is reported in
the status panel instead of ending the app with a traceback."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger("linode_tui")

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])


def gone(node: Any) -> bool:
    """Is this widget or screen closed, or on its way out (removed, dismissed, app closing)? A late
    result or a repeated event for it is then ignored, not fatal."""
    try:
        app = node.app
    except Exception:
        return True
    if getattr(app, "_closing", False) or getattr(app, "_exit", False) or not app.is_running:
        return True  # the app is shutting down: its widgets are being taken apart
    if any(getattr(node, flag, False) for flag in ("_closing", "_closed", "_pruning")):
        return True
    from textual.screen import Screen

    if isinstance(node, Screen):
        return node not in app.screen_stack
    try:
        return not node.is_attached
    except Exception:
        return True


def guarded(fn: F) -> F:
    """Wrap an async worker method (put it under ``@work``). An exception is reported in the status
    panel; one raised because its widget was closed meanwhile (a view left while it loaded) is
    ignored: nobody is looking at the answer any more."""

    @functools.wraps(fn)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await fn(self, *args, **kwargs)
        except Exception as exc:
            if gone(self):
                log.debug("ignored %s from %s: its widget is gone", type(exc).__name__, fn.__qualname__)
                return None
            log.exception("unexpected error in %s", fn.__qualname__)
            report = getattr(getattr(self, "app", None), "report_problem", None)
            if callable(report):
                report(f"Unexpected error ({fn.__name__}): {type(exc).__name__}: {exc}")
            return None

    return wrapper  # type: ignore[return-value]


S = TypeVar("S", bound=Callable[..., Any])


def while_present(fn: S) -> S:
    """Wrap a (sync) event handler or callback of a widget: when the widget is already on its way
    out (removed before it finished mounting, a dialog being dismissed) the handler does nothing,
    and a ``NoMatches`` it hits because its children are gone is ignored. Anything else is raised."""
    from textual.css.query import NoMatches

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if gone(self):
            return None
        try:
            return fn(self, *args, **kwargs)
        except NoMatches:
            if gone(self):
                return None
            raise

    return wrapper  # type: ignore[return-value]


# -- Textual workarounds -------------------------------------------------------------------------

def _patch_option_list_page() -> None:
    """PageUp/PageDown in an ``OptionList`` whose lines are not laid out (its options just changed,
    or it has no height yet: the palette while its commands arrive, a menu as it opens) raises
    ``KeyError`` in ``OptionList._move_page`` (Textual 8.2.8, the newest release; not fixed upstream
    as of it). Then move by a page of options instead of a page of lines."""
    from textual._widget_navigation import find_next_enabled_no_wrap
    from textual.widgets import OptionList

    original = OptionList._move_page
    if getattr(original, "_linode_tui_safe", False):
        return

    def _move_page(self: OptionList, direction: Any) -> None:
        try:
            original(self, direction)
            return
        except (KeyError, IndexError):
            pass
        count = self.option_count
        if not count:
            return
        step = max(1, self.scrollable_content_region.height or 10)
        anchor = min(max((self.highlighted or 0) + direction * step, 0), count - 1)
        self.highlighted = find_next_enabled_no_wrap(
            candidates=self._options, anchor=anchor, direction=direction, with_anchor=True
        )

    _move_page._linode_tui_safe = True  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]


_patch_option_list_page()
