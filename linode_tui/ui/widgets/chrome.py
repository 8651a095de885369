"""The app's chrome: the header line, the area list and the `:` command line."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from linode_tui.core.commands import command_words
from linode_tui.core.descriptors import Area
from linode_tui.core.registry import AREAS


class AppHeader(Static):
    DEFAULT_CSS = """
    AppHeader { dock: top; height: 1; background: $primary-background; color: $text; padding: 0 1; }
    """


class NavPanel(OptionList):
    DEFAULT_CSS = """
    NavPanel { width: 24; height: 1fr; border: none; border-right: solid $primary-darken-2; padding: 0; }
    NavPanel.-hidden { display: none; }
    """

    def __init__(self) -> None:
        options: list[Option] = []
        groups: dict[str, list[Area]] = {}
        for a in AREAS:
            groups.setdefault(a.group, []).append(a)
        for group, areas in groups.items():
            options.append(Option(Text(group.upper(), style="bold dim"), id=f"group-{group}", disabled=True))
            options.extend(Option(Text("  " + a.title), id=a.key) for a in areas)
        super().__init__(*options, id="nav")


class CommandBar(Input):
    """The k9s-style `:` line: area aliases with an optional query, history on up/down."""

    DEFAULT_CSS = """
    CommandBar { height: 1; border: none; padding: 0 1; display: none; background: $boost; }
    CommandBar.-open { display: block; }
    CommandBar.-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False),
        Binding("up", "history(-1)", "Previous", show=False),
        Binding("down", "history(1)", "Next", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(
            placeholder=":area [query]   e.g. linodes region = us-east and tags = prod",
            suggester=SuggestFromList(command_words(), case_sensitive=False),
            id="command",
            compact=True,  # one text row; a focused full Input would draw two border rows in height 1
        )
        self.history: list[str] = []
        self.pos = 0

    def open(self, text: str = "") -> None:
        self.add_class("-open")
        self.remove_class("-error")
        self.value = text
        self.cursor_position = len(text)
        self.pos = len(self.history)
        # Focus now, not after the next refresh: keys typed (or pasted) right after ':' are
        # already queued and must reach this line, not the list behind it.
        self.screen.set_focus(self)

    def action_close(self) -> None:
        self.remove_class("-open")  # first: releases the focus (MainScreen.set_focus)
        self.value = ""
        self.app.set_focus(None)
        self.app.call_later(self.app.action_focus_view)  # type: ignore[attr-defined]

    def action_history(self, delta: int) -> None:
        if not self.history:
            return
        self.pos = max(0, min(len(self.history), self.pos + delta))
        self.value = self.history[self.pos] if self.pos < len(self.history) else ""
        self.cursor_position = len(self.value)


__all__ = ["AppHeader", "CommandBar", "NavPanel"]
