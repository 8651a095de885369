"""The key hints line at the bottom of every screen: what Textual's Footer shows (the keys and
descriptions of the focused widget's and the screen's bindings, grouped bindings, the command
palette key on the right, disabled keys dimmed, a click presses the key, a tooltip on hover), drawn
as ONE widget rendering one line of text.

Footer composes one widget per key and recomposes them whenever the bindings change (each focus
change, each area hop): about 200 nodes styled on a hop, and its CSS (Footer, FooterKey, KeyGroup,
FooterLabel, ScrollableContainer) parsed before the first frame. This line re-renders instead
(issue 14)."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from linode_tui.ui.guard import while_present

if TYPE_CHECKING:
    from textual.screen import Screen


class Hint(Struct):
    """One clickable key on the line, at columns [start, end)."""

    key: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0


class KeyHints(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "key-hints--key",
        "key-hints--description",
        "key-hints--label",
        "key-hints--hover",
        "key-hints--separator",
    }
    DEFAULT_CSS = """
    KeyHints {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-hints--key {
            color: $footer-key-foreground; background: $footer-key-background; text-style: bold;
        }
        .key-hints--description, .key-hints--label {
            color: $footer-description-foreground; background: $footer-description-background;
        }
        .key-hints--hover { color: $footer-key-foreground; background: $block-hover-background; }
        .key-hints--separator { color: $foreground 20%; }
        &:hover { pointer: pointer; }
    }
    """

    def __init__(self, *, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_command_palette = show_command_palette
        self.hints: list[Hint] = []
        self._hover: int | None = None  # the column under the mouse
        self._shown: tuple[Any, ...] | None = None  # what the line shows (see _signature)

    # -- the bindings ---------------------------------------------------------------------------
    @while_present
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        # Widgets ask for it whenever their state might enable other keys (the table: each cursor
        # move): repainted only when the line would change.
        if self.is_attached and screen is self.screen and self._signature(self._parts()) != self._shown:
            self.refresh()  # one line re-rendered: no widgets composed

    @staticmethod
    def _signature(parts: tuple[Any, Any, Any]) -> tuple[Any, ...]:
        keys, labels, palette = parts
        return (tuple(keys), tuple((text, tuple(at)) for text, at in labels), palette)

    def _parts(self) -> tuple[list[tuple[Binding, bool, str, bool]], list[tuple[str, list[Any]]],
                              tuple[Binding, bool, str] | None]:
        """What Footer would show: (binding, enabled, tooltip, grouped) in order, the groups'
        labels (after their last key), and the command palette key."""
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        keys: list[tuple[Binding, bool, str, bool]] = []
        labels: list[tuple[str, list[Any]]] = []
        for group, members_iter in groupby(by_action.values(), lambda m: m[0][0].group):
            members = list(members_iter)
            if group is not None and len(members) > 1:
                for m in members:
                    binding, enabled, tooltip = m[0]
                    keys.append((binding, enabled, tooltip or binding.description, True))
                labels.append((group.description, [len(keys), group.compact]))
            else:
                for m in members:
                    binding, enabled, tooltip = m[0]
                    keys.append((binding, enabled, tooltip, False))
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            entry = active.get(self.app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _node, binding, enabled, _tooltip = entry
                palette = (binding, enabled, binding.tooltip or binding.description)
        return keys, labels, palette

    # -- drawing --------------------------------------------------------------------------------
    def _key_text(
        self, binding: Binding, enabled: bool, with_description: bool, hover: bool, compact: bool = False
    ) -> Text:
        key_style = self.get_component_rich_style("key-hints--key")
        desc_style = self.get_component_rich_style("key-hints--description")
        if hover:
            over = self.get_component_rich_style("key-hints--hover")
            key_style, desc_style = key_style + over + Style(bold=True), desc_style + over
        display = self.app.get_key_display(binding)
        if with_description and binding.description and compact:  # the palette key (as Footer)
            text = Text.assemble((display, key_style), (f" {binding.description}", desc_style))
        elif with_description and binding.description:
            text = Text.assemble((f" {display} ", key_style), (f"{binding.description} ", desc_style))
        else:
            text = Text.assemble((display, key_style))
        if not enabled:
            text.stylize(Style(dim=True))
        return text

    def render(self) -> Text:
        parts = self._parts()
        self._shown = self._signature(parts)
        keys, labels, palette = parts
        width = self.size.width
        hints: list[Hint] = []
        line = Text(no_wrap=True, overflow="crop", end="")
        label_at = {at: (text, compact) for text, (at, compact) in labels}
        hover = self._hover
        prev_grouped = False
        # The line's width so far, counted part by part: the line's own cell_len measures it all
        # again, character by character once it holds a non-ASCII key (⏎), at each key.
        pos = 0
        for i, (binding, enabled, tooltip, grouped) in enumerate(keys):
            if grouped and not prev_grouped:
                line.append(" ")  # the group's left margin (a compact group: its padding)
                pos += 1
            start = pos
            probe = Hint(binding.key, enabled, tooltip, start, 0)
            text = self._key_text(binding, enabled, not grouped, False)
            probe.end = pos = start + text.cell_len
            if hover is not None and probe.start <= hover < probe.end:
                text = self._key_text(binding, enabled, not grouped, True)
            line.append_text(text)
            hints.append(probe)
            if grouped:
                compact = label_at.get(i + 1, ("", False))[1]
                if not compact:
                    line.append(" ")  # a grouped key's right margin
                    pos += 1
            if i + 1 in label_at:
                label, compact = label_at[i + 1]
                if compact:
                    line.append(" ")
                    pos += 1
                line.append(f"{label} ", self.get_component_rich_style("key-hints--label"))
                pos += cell_len(label) + 1
            prev_grouped = grouped
        if palette is not None:
            binding, enabled, tooltip = palette
            text = self._key_text(binding, enabled, True, False, compact=True)
            right = Text("▏", self.get_component_rich_style("key-hints--separator"))
            start = width - 1 - text.cell_len - 1
            if hover is not None and start + 1 <= hover < width - 1:
                text = self._key_text(binding, enabled, True, True, compact=True)
            right.append_text(text)
            right.append(" ")
            room = max(0, width - right.cell_len)
            line.truncate(room, overflow="crop", pad=True)
            line.append_text(right)
            hints = [h for h in hints if h.end <= room]
            hints.append(Hint(binding.key, enabled, tooltip, room + 1, room + 1 + text.cell_len))
        self.hints = hints
        return line

    # -- the mouse ------------------------------------------------------------------------------
    def hint_at(self, x: int) -> Hint | None:
        return next((h for h in self.hints if h.start <= x < h.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            self._set_hover(None)
            self.tooltip = None
            return
        self._set_hover(hint.start)
        self.tooltip = hint.tooltip or None

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, x: int | None) -> None:
        if x != self._hover:
            self._hover = x
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        hint = self.hint_at(event.x)
        if hint is None:
            return
        if hint.enabled:
            self.app.simulate_key(hint.key)
        else:
            self.app.bell()


__all__ = ["KeyHints"]
