"""The docked status panel: in-flight events with progress, a short history, and API problems."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from linode_tui.ui.fmt import human_duration, parse_ts

IN_FLIGHT = frozenset({"scheduled", "started", "in_progress"})
HISTORY = 12


@dataclass
class Tracked:
    event: dict[str, Any]
    finished_at: float | None = None  # wall time we saw it end (for fading)


@dataclass
class Problem:
    message: str
    at: float
    kind: str = "error"  # error | warning | info


def _time_remaining(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f"~{human_duration(value)} left" if value else ""
    parts = str(value).split(":")
    try:
        h, m, s = (int(p) for p in parts) if len(parts) == 3 else (0, 0, int(parts[0]))
    except ValueError:
        return str(value)
    total = h * 3600 + m * 60 + s
    return f"~{human_duration(total)} left" if total else ""


def progress_bar(percent: float, width: int = 10) -> str:
    percent = max(0.0, min(100.0, percent))
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


@dataclass
class PanelState:
    events: dict[int, Tracked] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unseen: set[int] = field(default_factory=set)


class StatusPanel(Widget):
    """Shows what the API is doing for you. Fed by the app-level event poller."""

    DEFAULT_CSS = """
    StatusPanel {
        height: 3;
        border-top: solid $primary-darken-2;
        background: $surface;
        padding: 0 1;
    }

    """

    version: reactive[int] = reactive(0, layout=False)

    def __init__(self, *, now: Callable[[], float] = time.time, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = PanelState()
        self.now = now
        self.border_title = "Events"

    # -- feeding -----------------------------------------------------------------------------
    def update_event(self, event: dict[str, Any], *, unseen: bool = True) -> None:
        eid = event.get("id")
        if not isinstance(eid, int):
            return
        tracked = self.state.events.get(eid)
        status = event.get("status")
        if tracked is None:
            tracked = Tracked(event)
            self.state.events[eid] = tracked
        else:
            tracked.event = event
        if status not in IN_FLIGHT and tracked.finished_at is None:
            tracked.finished_at = self.now()
        if unseen and not event.get("seen"):
            self.state.unseen.add(eid)
        self._trim()
        self._changed()

    def report_problem(self, message: str, kind: str = "error") -> None:
        # Collapse repeats: the same message only refreshes its time.
        for p in self.state.problems:
            if p.message == message:
                p.at = self.now()
                self._changed()
                return
        self.state.problems.append(Problem(message, self.now(), kind))
        self.state.problems = self.state.problems[-3:]
        self._changed()

    def clear_problems(self, kind: str | None = None) -> None:
        before = len(self.state.problems)
        self.state.problems = [p for p in self.state.problems if kind is not None and p.kind != kind]
        if len(self.state.problems) != before:
            self._changed()

    def mark_all_seen(self) -> None:
        self.state.unseen.clear()
        self._changed()

    @property
    def in_flight(self) -> list[dict[str, Any]]:
        return [t.event for t in self.state.events.values() if t.event.get("status") in IN_FLIGHT]

    def _trim(self) -> None:
        done = sorted(
            (eid for eid, t in self.state.events.items() if t.event.get("status") not in IN_FLIGHT),
            reverse=True,
        )
        for eid in done[HISTORY:]:
            del self.state.events[eid]

    def _changed(self) -> None:
        n = len(self.state.unseen)
        flying = len(self.in_flight)
        title = "Events"
        if flying:
            title += f" · {flying} in progress"
        if n:
            title += f" · {n} unseen"
        self.border_title = title
        self.version += 1
        self.fit()
        self.refresh()

    def fit(self) -> None:
        """As many lines as there is news (problems, in-flight and recent events), 2 to 7."""
        problems = min(2, len(self._fresh_problems()))
        events = len(self.state.events)
        cap = 6 if (self.app.size.height if self.is_attached else 40) >= 30 else 3
        lines = max(1, min(cap, problems + events))
        if self.has_class("-collapsed"):
            lines = 1
        self.styles.height = lines + 1  # + the top border

    def _fresh_problems(self) -> list[Problem]:
        """Errors stay two minutes, warnings and notes twenty seconds: old news is not news."""
        now = self.now()
        return [p for p in self.state.problems if now - p.at < (120 if p.kind == "error" else 20)]

    def on_mount(self) -> None:
        self.fit()
        self.set_interval(5, self._tick)

    def _tick(self) -> None:
        if self.state.problems or self.in_flight:
            self.fit()
            self.refresh()

    # -- rendering ---------------------------------------------------------------------------
    def _line(self, ev: dict[str, Any], width: int) -> Text:
        status = str(ev.get("status") or "")
        action = str(ev.get("action") or "?")
        entity = ev.get("entity") or {}
        label = str(entity.get("label") or entity.get("id") or "")
        user = str(ev.get("username") or "system")
        created = parse_ts(ev.get("created"))
        elapsed = human_duration(self.now() - created.timestamp()) if created else ""
        line = Text(no_wrap=True, overflow="ellipsis")
        if status in IN_FLIGHT:
            pct = ev.get("percent_complete")
            pct_f = float(pct) if isinstance(pct, int | float) else 0.0
            line.append("◐ ", "yellow")
            line.append(f"{action:<22.22} ", "bold")
            line.append(f"{label:<18.18} ")
            if status == "scheduled":
                line.append(f"{'scheduled':<16}", "yellow")
            else:
                line.append(progress_bar(pct_f), "yellow")
                line.append(f" {pct_f:>3.0f}% ")
            rem = _time_remaining(ev.get("time_remaining"))
            if rem:
                line.append(f" {rem}")
            line.append(f"  {user}  {elapsed}", "dim")
        elif status == "failed":
            line.append("✖ ", "bold red")
            line.append(f"{action:<22.22} ", "bold red")
            line.append(f"{label:<18.18} ")
            reason = ev.get("message") or "the job failed"
            line.append(f"FAILED: {reason}", "bold red")
            line.append(f"  {user}  {elapsed} ago", "dim")
        elif status == "notification":
            line.append("• ", "cyan")
            line.append(f"{action:<22.22} ", "dim")
            line.append(f"{label:<18.18} ")
            msg = ev.get("message") or ""
            if msg:
                line.append(str(msg), "dim")
            line.append(f"  {user}  {elapsed} ago", "dim")
        else:
            line.append("✔ ", "green")
            line.append(f"{action:<22.22} ", "dim")
            line.append(f"{label:<18.18} ")
            line.append(f"{status:<16}", "green")
            line.append(f"  {user}  {elapsed} ago", "dim")
        line.truncate(max(10, width), overflow="ellipsis")
        return line

    def render(self) -> Text:
        width = self.size.width - 2 if self.size.width else 80
        lines: list[Text] = []
        for p in self._fresh_problems()[-2:]:
            style = "bold red" if p.kind == "error" else "yellow" if p.kind == "warning" else "cyan"
            glyph = "⚠ " if p.kind != "info" else "ℹ "
            t = Text(glyph + p.message, style=style, no_wrap=True, overflow="ellipsis")
            t.truncate(width, overflow="ellipsis")
            lines.append(t)
        evs = list(self.state.events.values())
        flying = sorted(
            (t.event for t in evs if t.event.get("status") in IN_FLIGHT),
            key=lambda e: e.get("id", 0),
            reverse=True,
        )
        failed = sorted(
            (t.event for t in evs if t.event.get("status") == "failed"),
            key=lambda e: e.get("id", 0),
            reverse=True,
        )
        rest = sorted(
            (
                t.event
                for t in evs
                if t.event.get("status") not in IN_FLIGHT and t.event.get("status") != "failed"
            ),
            key=lambda e: e.get("id", 0),
            reverse=True,
        )
        for ev in [*flying, *failed[:2], *rest]:
            lines.append(self._line(ev, width))
        if not lines:
            lines.append(Text("No recent activity. Actions you take show their progress here.", style="dim"))
        return Text("\n").join(lines)
