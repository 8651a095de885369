"""The app's chrome: the header line, the area list and the `:` command line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from linode_tui.core.commands import command_words
from linode_tui.core.descriptors import Area
from linode_tui.core.registry import AREAS
from linode_tui.ui.fmt import styled


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
            options.append(Option(styled(group.upper(), "bold", "muted"), id=f"group-{group}", disabled=True))
            options.extend(Option(Text("  " + a.title), id=a.key) for a in areas)
        super().__init__(*options, id="nav")


def common_prefix(words: Iterable[str]) -> str:
    """The longest prefix every word shares (case-insensitively; the first word's spelling)."""
    words = list(words)
    if not words:
        return ""
    first = words[0]
    folded = [w.casefold() for w in words]
    n = 0
    while all(len(w) > n for w in folded) and len({w[n] for w in folded}) == 1:
        n += 1
    return first[:n]


class CommandBar(Input):
    """The k9s-style `:` line: area aliases with an optional query, history on up/down, Tab
    completion of command words, area names and the labels of the list on screen."""

    DEFAULT_CSS = """
    CommandBar { height: 1; border: none; padding: 0 1; display: none; background: $boost; }
    CommandBar.-open { display: block; }
    CommandBar.-error { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", show=False, id="command.close"),
        Binding("up", "history(-1)", "Previous", show=False, id="command.history_m1"),
        Binding("down", "history(1)", "Next", show=False, id="command.history_1"),
        Binding("tab", "complete", "Complete", show=False, id="command.complete"),
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
        # repeated Tab on an ambiguous word walks its candidates: (text before, candidates, index)
        self._cycle: tuple[str, list[str], int] | None = None
        self._completed: str | None = None

    def allow_focus(self) -> bool:
        # Closed, it is no place for keys: at start (a dashboard with nothing focusable yet) the
        # screen's auto-focus chose it, and a paste or typing went into the hidden line.
        return self.has_class("-open")

    def open(self, text: str = "") -> None:
        self.add_class("-open")
        self.remove_class("-error")
        self.value = text
        self.cursor_position = len(text)
        self.pos = len(self.history)
        # Focus now, not after the next refresh: keys typed (or pasted) right after ':' are
        # already queued and must reach this line, not the list behind it.
        self.screen.set_focus(self)

    def candidates(self, before: str) -> list[str]:
        """What the word being typed may become. ``before`` is the line up to that word: empty
        for the first word (commands and areas), else the labels of the list on screen and the
        area names (``:stats web-1``, ``:linodes label = web-1``)."""
        if not before.strip():
            return command_words()
        words: list[str] = []
        view: Any = getattr(self.app, "current_view", lambda: None)()
        rows = getattr(view, "rows", None)
        area = getattr(view, "area", None)
        if isinstance(rows, dict) and area is not None:
            label_key = getattr(area, "label_key", "label")
            for item in list(rows.values())[:20000]:
                label = item.get(label_key) if isinstance(item, dict) else None
                if isinstance(label, str) and label and not any(c.isspace() for c in label):
                    words.append(label)
        words.extend(a.key for a in AREAS)
        return list(dict.fromkeys(words))

    def action_complete(self) -> None:
        """Tab: complete the word before the cursor. One match: the whole word and a space;
        several: their common part, then each in turn on further Tabs (the choices in a toast)."""
        value, cursor = self.value, self.cursor_position
        head, tail = value[:cursor], value[cursor:]
        if self._cycle is not None and self._completed == head:
            before, options, index = self._cycle
            index = (index + 1) % len(options)
            self._cycle = (before, options, index)
            self._set_line(before + options[index], tail)
            return
        self._cycle = None
        cut = max(head.rfind(" "), head.rfind("("), head.rfind(")")) + 1
        before, word = head[:cut], head[cut:]
        folded = word.casefold()
        options = [c for c in self.candidates(before) if c.casefold().startswith(folded)]
        if not options:
            self.app.bell()
            return
        if len(options) == 1:
            self._set_line(before + options[0] + ("" if tail.startswith(" ") else " "), tail)
            return
        prefix = common_prefix(options)
        if len(prefix) > len(word):
            self._set_line(before + prefix, tail)
            return
        shown = ", ".join(options[:12]) + (f" … +{len(options) - 12}" if len(options) > 12 else "")
        self.app.notify(shown, title="Tab again for each", timeout=4, markup=False)
        # start with a word that is longer than what was typed ("vol" -> "volumes")
        start = next((i for i, o in enumerate(options) if o.casefold() != folded), 0)
        self._cycle = (before, options, start)
        self._set_line(before + options[start], tail)

    def _set_line(self, head: str, tail: str) -> None:
        self.value = head + tail
        self.cursor_position = len(head)
        self._completed = head

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
