"""The docked status panel: in-flight events with progress, a short history, and API problems.

Time on it tells the truth: ages are counted against the API's clock (``server_now``, corrected from
its ``Date`` headers) and keep ticking while nothing is in flight; the time remaining of a job is the
poller's figure (the API's ``time_remaining``, or an estimate from the progress rate, shown as
``~2 min``) counted down between polls; a rate limit is one message counting down to its retry."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from msgspec import Struct, field
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from linode_tui.ui.fmt import human_duration, parse_ts, styled
from linode_tui.ui.guard import while_present

IN_FLIGHT = frozenset({"scheduled", "started", "in_progress"})
HISTORY = 12


class Tracked(Struct):
    event: dict[str, Any]
    finished_at: float | None = None  # wall time we saw it end (for fading)


class Problem(Struct):
    message: str
    at: float
    kind: str = "error"  # error | warning | info
    #: a countdown: the wall-clock time something is retried (a 429, a throttle wait) and its key
    until: float | None = None
    key: str | None = None


class Eta(Struct, frozen=True):
    """Seconds left of a job when last told (at panel wall time ``at``); ``estimated``: the
    poller's estimate from the progress rate rather than the API's figure."""

    seconds: float
    at: float
    estimated: bool

    def left(self, now: float) -> float:
        return max(0.0, self.seconds - max(0.0, now - self.at))


def approx_duration(seconds: float) -> str:
    """An estimate, rounded as a person would say it: ``~40 s``, ``~2 min``, ``~1 h 10 min``."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"~{max(5, round(seconds / 5) * 5):.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"~{minutes} min"
    return f"~{minutes // 60} h {minutes % 60:02d} min"


def eta_text(eta: Eta, now: float) -> str:
    left = eta.left(now)
    if eta.estimated:
        return f"{approx_duration(left)} left"
    return f"{human_duration(left)} left" if left >= 1 else "finishing"


def _time_remaining(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int | float):
        return f"{human_duration(value)} left" if value else ""
    parts = str(value).split(":")
    try:
        h, m, s = (int(p) for p in parts) if len(parts) == 3 else (0, 0, int(parts[0]))
    except ValueError:
        return str(value)
    total = h * 3600 + m * 60 + s
    return f"{human_duration(total)} left" if total else ""


def progress_bar(percent: float, width: int = 10) -> str:
    percent = max(0.0, min(100.0, percent))
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


class PanelState(Struct):
    events: dict[int, Tracked] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unseen: set[int] = field(default_factory=set)
    eta: dict[int, Eta] = field(default_factory=dict)


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

    def __init__(
        self,
        *,
        now: Callable[[], float] = time.time,
        server_now: Callable[[], float] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.state = PanelState()
        #: the client's wall clock (countdowns, fading); ``server_now``: the API's clock (ages)
        self.now = now
        self.server_now: Callable[[], float] | None = server_now
        self.border_title = "Events"

    def api_now(self) -> float:
        return (self.server_now or self.now)()

    # -- feeding -----------------------------------------------------------------------------
    def update_event(
        self,
        event: dict[str, Any],
        *,
        unseen: bool = True,
        eta_seconds: float | None = None,
        eta_estimated: bool = False,
    ) -> None:
        eid = event.get("id")
        if not isinstance(eid, int):
            return
        tracked = self.state.events.get(eid)
        status = event.get("status")
        if status in IN_FLIGHT and eta_seconds is not None:
            self.state.eta[eid] = Eta(float(eta_seconds), self.now(), eta_estimated)
        elif status not in IN_FLIGHT:
            self.state.eta.pop(eid, None)
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
            if p.message == message and p.key is None:
                p.at = self.now()
                self._changed()
                return
        self.state.problems.append(Problem(message, self.now(), kind))
        self.state.problems = self.state.problems[-3:]
        self._changed()

    def report_countdown(self, key: str, message: str, until: float | None, kind: str = "warning") -> None:
        """One message per ``key`` (e.g. a rate-limit class) counting down to ``until`` (wall clock);
        reporting the same key again only moves its time."""
        for p in self.state.problems:
            if p.key == key:
                p.message, p.until, p.at = message, until, self.now()
                self._changed()
                return
        self.state.problems.append(Problem(message, self.now(), kind, until=until, key=key))
        self.state.problems = self.state.problems[-3:]
        self._changed()

    def clear_countdown(self, key: str | None = None) -> None:
        """Drop the countdown ``key`` (every countdown when None)."""
        before = len(self.state.problems)
        self.state.problems = [
            p for p in self.state.problems if p.key is None or (key is not None and p.key != key)
        ]
        if len(self.state.problems) != before:
            self._changed()

    def clear_problems(self, kind: str | None = None) -> None:
        before = len(self.state.problems)
        self.state.problems = [p for p in self.state.problems if kind is not None and p.kind != kind]
        if len(self.state.problems) != before:
            self._changed()

    @property
    def countdowns(self) -> list[Problem]:
        return [p for p in self.state.problems if p.key is not None]

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
            self.state.eta.pop(eid, None)

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
        """Errors stay two minutes, warnings and notes twenty seconds: old news is not news. A
        countdown stays until it is cleared (or a minute after its time)."""
        now = self.now()
        return [
            p
            for p in self.state.problems
            if (
                now - (p.until or p.at) < 60
                if p.key is not None
                else now - p.at < (120 if p.kind == "error" else 20)
            )
        ]

    @while_present
    def on_mount(self) -> None:
        self.fit()
        # Once a second: countdowns, times remaining and ages ("47s ago") move even when no
        # update arrives, e.g. while nothing is in flight.
        self.set_interval(1, self._tick)

    def _tick(self) -> None:
        if self.state.problems or self.state.events:
            self.fit()
            self.refresh()

    def _problem_text(self, p: Problem) -> str:
        if p.until is None:
            return p.message
        left = max(0, int(-(-(p.until - self.now()) // 1)))  # whole seconds, rounded up
        return f"{p.message} — retrying in {left} s" if left else f"{p.message} — retrying now"

    # -- rendering ---------------------------------------------------------------------------
    def _line(self, ev: dict[str, Any], width: int) -> Text:
        status = str(ev.get("status") or "")
        action = str(ev.get("action") or "?")
        entity = ev.get("entity") or {}
        label = str(entity.get("label") or entity.get("id") or "")
        user = str(ev.get("username") or "system")
        created = parse_ts(ev.get("created"))
        elapsed = human_duration(self.api_now() - created.timestamp()) if created else ""
        line = Text(no_wrap=True, overflow="ellipsis")
        if status in IN_FLIGHT:
            pct = ev.get("percent_complete")
            pct_f = float(pct) if isinstance(pct, int | float) else 0.0
            line.append_text(styled("◐ ", "warning"))
            line.append_text(styled(f"{action:<22.22} ", "bold"))
            line.append(f"{label:<18.18} ")
            if status == "scheduled":
                line.append_text(styled(f"{'scheduled':<16}", "warning", "italic"))
            else:
                line.append_text(styled(progress_bar(pct_f), "warning"))
                line.append(f" {pct_f:>3.0f}% ")
            eid = ev.get("id")
            eta = self.state.eta.get(eid) if isinstance(eid, int) else None
            rem = eta_text(eta, self.now()) if eta is not None else _time_remaining(ev.get("time_remaining"))
            if rem:
                line.append(f" {rem}")
            line.append_text(styled(f"  {user}  {elapsed}", "muted"))
        elif status == "failed":
            line.append_text(styled("✖ ", "error", "bold"))
            line.append_text(styled(f"{action:<22.22} ", "error", "bold"))
            line.append(f"{label:<18.18} ")
            reason = ev.get("message") or "the job failed"
            line.append_text(styled(f"FAILED: {reason}", "error", "bold"))
            line.append_text(styled(f"  {user}  {elapsed} ago", "muted"))
        elif status == "notification":
            line.append_text(styled("• ", "accent"))
            line.append_text(styled(f"{action:<22.22} ", "muted"))
            line.append(f"{label:<18.18} ")
            msg = ev.get("message") or ""
            if msg:
                line.append_text(styled(str(msg), "muted"))
            line.append_text(styled(f"  {user}  {elapsed} ago", "muted"))
        else:
            line.append_text(styled("✔ ", "success"))
            line.append_text(styled(f"{action:<22.22} ", "muted"))
            line.append(f"{label:<18.18} ")
            line.append_text(styled(f"{status:<16}", "success"))
            line.append_text(styled(f"  {user}  {elapsed} ago", "muted"))
        line.truncate(max(10, width), overflow="ellipsis")
        return line

    def render(self) -> Text:
        width = self.size.width - 2 if self.size.width else 80
        lines: list[Text] = []
        for p in self._fresh_problems()[-2:]:
            names = (
                ("error", "bold")
                if p.kind == "error"
                else ("warning",)
                if p.kind == "warning"
                else ("accent",)
            )
            glyph = "⚠ " if p.kind != "info" else "ℹ "
            t = styled(glyph + self._problem_text(p), *names)
            t.no_wrap, t.overflow = True, "ellipsis"
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
            lines.append(styled("No recent activity. Actions you take show their progress here.", "muted"))
        return Text("\n").join(lines)
