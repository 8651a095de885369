"""What every view in the main area shares: the area, the selection, action keys, the stats budget."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on
from textual.binding import Binding, BindingType
from textual.widget import Widget

from linode_tui.core.descriptors import Action, Area, Col, get_path
from linode_tui.core.secrets import scrub  # re-exported: the views scrub JSON with it
from linode_tui.core.stats_budget import StatsBudget, budget_for
from linode_tui.ui.fmt import cell
from linode_tui.ui.widgets.vtable import Column

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI

CURSOR_PAGE = 100  # rows per request for areas paged by an id cursor (events)


def row_key(area: Area, item: dict[str, Any]) -> Any:
    return area.key_of(item)


def action_bindings(area: Area) -> list[BindingType]:
    out: list[BindingType] = []
    for a in area.actions:
        if a.binding:
            out.append(
                Binding(a.binding, f"act('{a.key}')", a.label, show=a.footer, id=f"{area.key}.{a.key}")
            )
    if area.shell is not None:  # ssh / LISH (ui/ops.py); priority: the table's keys come after
        out.append(Binding("s", "shell", "SSH", show=False, priority=True, id=f"{area.key}.ssh"))
        if area.shell.lish is not None:
            out.append(Binding("L", "lish", "LISH console", show=False, id=f"{area.key}.lish"))
    return out


class AreaView(Widget):
    """Base of the views that live in the main area (lists, details)."""

    can_focus = False
    area: Area
    #: Does this view say itself when its first rows are on screen (``app.first_rows_shown()``)?
    #: The others count as shown once mounted.
    REPORTS_FIRST_ROWS = False

    @on(events.Mount)
    def _first_rows_when_mounted(self) -> None:
        if not self.REPORTS_FIRST_ROWS:
            self.tui.first_rows_shown()

    @property
    def tui(self) -> LinodeTUI:
        return self.app  # type: ignore[return-value]

    def view_title(self) -> str:
        return self.area.title

    def on_entity_event(self, event: dict[str, Any], kind: str) -> None:
        """An event about some entity arrived (the poller)."""

    def now(self) -> float:
        """Wall time as the app sees it (the simulator's clock in demo mode and tests)."""
        return float(self.tui.settings.now())

    @property
    def budget(self) -> StatsBudget:
        """The app-wide /stats request budget."""
        services = self.tui.services
        assert services is not None
        return budget_for(services.client, self.tui.settings.now)

    def selected_item(self) -> dict[str, Any] | None:
        return None

    def selected_items(self) -> list[dict[str, Any]]:
        item = self.selected_item()
        return [item] if item else []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "act" and parameters:
            a = self.area.action(str(parameters[0]))
            if a is None:
                return False
            services = self.tui.services_for(self._targets(a))
            if services is not None and services.verdict(self.area, a, self._targets(a)).reason:
                return None  # shown disabled; pressing it says why (LinodeTUI.run_action)
        if action in ("shell", "lish", "row_command"):
            return not self.tui.typing_text() and self.selected_item() is not None
        return True

    def action_shell(self) -> None:
        from linode_tui.ui import ops

        self.run_worker(ops.ssh_to(self.tui, self), group="ops", exit_on_error=False)

    def action_lish(self) -> None:
        from linode_tui.ui import ops

        self.run_worker(ops.lish_to(self.tui, self), group="ops", exit_on_error=False)

    def action_yank(self) -> None:
        from linode_tui.ui import ops

        self.run_worker(ops.yank(self.tui, self), group="ops", exit_on_error=False)

    def action_row_command(self, key: str) -> None:
        from linode_tui.ui import ops

        self.run_worker(ops.run_row_command(self.tui, self, key), group="ops", exit_on_error=False)

    def _targets(self, a: Action) -> list[dict[str, Any]]:
        return [] if a.on_collection else self.selected_items()

    def why_disabled(self, action: str) -> str | None:
        """Why an action string bound to a key (``act('boot')``) cannot run here, or None."""
        if not action.startswith("act("):
            return None
        key = action[4:].strip("()'\" ")
        a = self.area.action(key)
        services = self.tui.services_for(self._targets(a)) if a is not None else None
        if a is None or services is None:
            return None
        reason = services.verdict(self.area, a, self._targets(a)).reason
        return f"{a.label}: {reason}." if reason else None

    def action_act(self, key: str) -> None:
        a = self.area.action(key)
        if a is None:
            return
        self.tui.start_action(self.area, a, self._targets(a), origin=self)

    def clear_marks(self) -> None:
        """Forget the marked rows (the runner calls it once a bulk action is confirmed and sent)."""

    def menu_extras(self) -> list[tuple[str, str, str]]:
        """Entries this view adds to the `a` menu: (id, label, key shown)."""
        return []

    def run_menu_extra(self, key: str) -> None:
        """Run an entry of :meth:`menu_extras`."""

    def action_menu(self) -> None:
        self.tui.open_action_menu(self.area, self.selected_items(), origin=self)


def make_column(c: Col, status: Callable[[dict[str, Any], Col], Text] | None = None) -> Column:
    """A table column for a catalog column; ``status`` renders status cells (with progress)."""

    def fmt(row: dict[str, Any]) -> str | Text:
        return status(row, c) if status is not None else cell(row, c)

    def key(row: dict[str, Any]) -> Any:
        return _sortable(c.compute(row) if c.compute is not None else get_path(row, c.key))

    right = c.fmt in ("int", "money", "gb", "mb", "age")
    return Column(
        c.key, c.label, width=c.width, formatter=fmt, align="right" if right else "left", sort_key=key
    )


def _sortable(v: Any) -> Any:
    if v is None:
        return (0, "")
    if isinstance(v, bool):
        return (1, int(v))
    if isinstance(v, int | float):
        return (1, v)
    if isinstance(v, list):
        return (2, ",".join(map(str, v)))
    return (2, str(v).lower())



class FilterLine(AreaView):
    """A view with a `/` filter line (an ``Input`` with id ``filter``)."""

    def action_filter(self) -> None:
        from textual.widgets import Input

        self.add_class("-filtering")
        # At once, not after a refresh: the keys typed right behind '/' must reach the filter.
        self.screen.set_focus(self.query_one("#filter", Input))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            return not self.tui.typing_text()
        return super().check_action(action, parameters)


__all__ = ["AreaView", "FilterLine", "action_bindings", "make_column", "row_key", "scrub"]
