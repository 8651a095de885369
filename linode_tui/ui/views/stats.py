"""Live stats of one Linode or NodeBalancer: graphs over the last 24 h (or a month), transfer used.

Refresh policy (the stats endpoints have the smallest rate limits of the API):

* The API serves 5-minute averages. After a fetch, the next one is due just after the 5-minute
  boundary that follows the newest point (``last point + step + GRACE``), and never sooner than
  ``MIN_INTERVAL`` after the previous fetch; a fetch that brings no new point backs off.
  A past month never changes, so it is fetched once.
* Every request first takes a slot from the app-wide :class:`~linode_tui.core.stats_budget.StatsBudget`,
  shared by all stats views and the dashboard; when it is empty the view waits for the next slot.
* ``p`` pauses (no request at all while paused); a view hidden under another one does not poll.
* A Linode younger than a few minutes has no stats: the API's "not available yet" message is shown
  as information, not as an error, and retried after ``RETRY_UNAVAILABLE``.

Times ("updated N s ago", due times) come from ``settings.now`` — the simulator's clock in demo mode
and tests, so tests drive :meth:`StatsViewBase.poll_once` after ``sim.clock.advance`` instead of sleeping.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.worker import Worker

from linode_tui.areas.linodes import LINODES
from linode_tui.areas.nodebalancers import NODEBALANCERS
from linode_tui.core.descriptors import Area
from linode_tui.ui.fmt import human_duration
from linode_tui.ui.guard import while_present
from linode_tui.ui.views.base import AreaView
from linode_tui.ui.widgets.graph import Graph, Series

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI

__all__ = [
    "GRACE",
    "MIN_INTERVAL",
    "NodeBalancerStatsView",
    "StatsView",
    "StatsViewBase",
    "find_stats_target",
    "open_stats",
    "parse_linode_stats",
    "transfer_bar",
]

GRACE = 20.0  # seconds after a 5-minute boundary before the new point is asked for
MIN_INTERVAL = 60.0  # never two fetches of one view closer than this
RETRY_UNAVAILABLE = 300.0
RETRY_ERROR = 120.0
TICK = 5.0  # real seconds between checks of the due time (no request unless due)
DAY_MS = 86_400_000


def _stats_body(data: Any) -> dict[str, Any]:
    """The stats object, whether the API wraps it in ``data`` (what real clients read) or not (spec)."""
    if isinstance(data, dict):
        inner = data.get("data")
        if isinstance(inner, dict):
            return inner
        return data
    return {}


def parse_linode_stats(data: Any) -> dict[str, list[Series]]:
    """Graph key → series from a Linode stats response."""
    body = _stats_body(data)
    io = body.get("io") if isinstance(body.get("io"), dict) else {}
    v4 = body.get("netv4") if isinstance(body.get("netv4"), dict) else {}
    v6 = body.get("netv6") if isinstance(body.get("netv6"), dict) else {}
    assert isinstance(io, dict) and isinstance(v4, dict) and isinstance(v6, dict)
    return {
        "cpu": [Series.parse("cpu", body.get("cpu"))],
        "io": [Series.parse("io", io.get("io")), Series.parse("swap", io.get("swap"))],
        "v4": [Series.parse("in", v4.get("in")), Series.parse("out", v4.get("out"))],
        "v4p": [
            Series.parse("private in", v4.get("private_in")),
            Series.parse("private out", v4.get("private_out")),
        ],
        "v6": [Series.parse("in", v6.get("in")), Series.parse("out", v6.get("out"))],
        "v6p": [
            Series.parse("private in", v6.get("private_in")),
            Series.parse("private out", v6.get("private_out")),
        ],
    }


def parse_nodebalancer_stats(data: Any) -> dict[str, list[Series]]:
    body = _stats_body(data)
    traffic = body.get("traffic") if isinstance(body.get("traffic"), dict) else {}
    assert isinstance(traffic, dict)
    return {
        "conn": [Series.parse("connections", body.get("connections"))],
        "traffic": [Series.parse("in", traffic.get("in")), Series.parse("out", traffic.get("out"))],
    }


def _step_of(series: list[Series]) -> float:
    """The sampling step in seconds (the median gap of the longest series; 300 by default)."""
    pts = max((s.points for s in series), key=len, default=[])
    gaps = sorted(b[0] - a[0] for a, b in itertools.pairwise(pts) if b[0] > a[0])
    return gaps[len(gaps) // 2] / 1000.0 if gaps else 300.0


def transfer_bar(
    used_bytes: float,
    quota_gb: float,
    billable_gb: float = 0,
    width: int = 24,
    title: str = "Transfer this month",
) -> Text:
    """``Transfer this month ▕████░░░░▏ 12.3 GB of 1000 GB (1%)`` — readable without colour."""
    used_gb = used_bytes / 1e9
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f"{title} ", "bold")
    if quota_gb and quota_gb > 0:
        frac = max(0.0, min(1.0, used_gb / quota_gb))
        filled = round(frac * width)
        style = "strong-error" if used_gb > quota_gb else "warning" if frac >= 0.8 else "success"
        t.append("▕")
        t.append("█" * filled, style)
        t.append("░" * (width - filled), "muted")
        t.append("▏ ")
        t.append(f"{used_gb:,.1f} GB of {quota_gb:,.0f} GB ({used_gb / quota_gb:.0%})")
    else:
        t.append(f"{used_gb:,.1f} GB used")
    if billable_gb:
        t.append(f"  billable {billable_gb:,.0f} GB", "strong-error")
    return t


def _mb(value: Any) -> str:
    """NodeBalancer transfer figures are MB."""
    try:
        mb = float(value or 0)
    except (TypeError, ValueError):
        return "—"
    return f"{mb / 1000:,.1f} GB" if mb >= 1000 else f"{mb:,.1f} MB"


def _is_unavailable(exc: Exception) -> bool:
    status = getattr(exc, "status", None)
    text = str(exc).lower()
    return status == 400 and ("unavailable" in text or "not available" in text or "no stats" in text)


class StatsViewBase(AreaView):
    """What Linode and NodeBalancer stats views share: the live loop, pause, budget, status line."""

    DEFAULT_CSS = """
    StatsViewBase { height: 1fr; }
    StatsViewBase > .view-title { height: 1; background: $boost; padding: 0 1; }
    StatsViewBase > #status { height: 1; padding: 0 1; color: $text-muted; }
    StatsViewBase > #transfer { height: 1; padding: 0 1; }
    StatsViewBase > #notice { height: auto; padding: 0 1; display: none; }
    StatsViewBase.-notice > #notice { display: block; }
    StatsViewBase > #graphs { height: 1fr; layout: grid; grid-size: 1; grid-rows: 12; grid-gutter: 0 2;
                              padding: 0 1; }
    StatsViewBase.-wide > #graphs { grid-size: 2; }
    StatsViewBase.-notice > #graphs { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause/resume", id="stats.pause"),
        Binding("r", "refresh", "Refresh", id="stats.refresh"),
    ]
    GRAPHS: ClassVar[tuple[tuple[str, str, str], ...]] = ()  # (key, title, unit)
    STATS_PATH = ""
    requests_per_fetch = 1  # stats-class requests per fetch (what the budget is asked for)

    def __init__(self, area: Area, item: dict[str, Any]) -> None:
        super().__init__(classes="area-view")
        self.area = area
        self.item = item
        self.paused = False
        self.next_due: float = -math.inf
        self.fetched_at: float | None = None
        self.last_ts: float | None = None  # newest point, seconds
        self.fetching = False
        self.generation = 0
        self.notice = ""  # "not available yet", errors
        self.waiting_budget = False
        self.fetches = 0

    # -- plumbing ------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return str(self.item.get(self.area.label_key) or self.item.get("id") or "")

    def view_title(self) -> str:
        return f"{self.area.title} › {self.label} › Stats"

    def stats_path(self) -> str:
        return self.STATS_PATH.format(id=self.item.get("id"))

    def compose(self) -> ComposeResult:
        yield Static("", classes="view-title", id="title")
        yield Static("", id="status")
        yield Static("", id="transfer")
        yield Static("", id="notice")
        with VerticalScroll(id="graphs"):
            for key, title, unit in self.GRAPHS:
                yield Graph(title, unit, id=f"g-{key}")

    @while_present
    def on_mount(self) -> None:
        self._resize_class()
        self.update_status()
        self.call_after_refresh(self.focus)
        self.tick()
        self.set_interval(TICK, self.tick)

    def focus(self, scroll_visible: bool = True) -> StatsViewBase:
        try:
            self.query_one("#graphs", VerticalScroll).focus(scroll_visible)
        except Exception:
            pass
        return self

    @while_present
    def on_resize(self) -> None:
        self._resize_class()
        self.update_status()

    def _resize_class(self) -> None:
        self.set_class(self.size.width >= 110, "-wide")

    # -- the live loop ---------------------------------------------------------------------------
    def is_due(self) -> bool:
        return not self.paused and not self.fetching and self.display and self.now() >= self.next_due

    def tick(self) -> None:
        """Cheap periodic check: update the status line; fetch only when due."""
        self.update_status()
        if self.is_due():
            self.run_worker(self.poll_once(), group="stats-poll")

    async def poll_once(self, *, force: bool = False) -> bool:
        """Fetch if due (or ``force``) and the budget allows; True when a fetch ran."""
        if self.fetching or (self.paused and not force):
            return False
        if not force and self.now() < self.next_due:
            return False
        budget = self.budget
        if not budget.try_acquire(self.requests_per_fetch):
            self.waiting_budget = True
            self.next_due = max(self.next_due, budget.next_slot(self.requests_per_fetch))
            self.update_status()
            return False
        self.waiting_budget = False
        self.fetching = True
        self.update_status()
        generation = self.generation
        try:
            await self.fetch(generation)
        finally:
            self.fetching = False
            self.fetches += 1
            self.update_status()
        return True

    def _schedule_after(self, series: list[Series], *, final: bool = False) -> None:
        now = self.now()
        newest = max((s.points[-1][0] for s in series if s.points), default=None)
        step = _step_of(series)
        previous = self.last_ts
        if newest is not None:
            self.last_ts = newest / 1000.0
        if final:
            self.next_due = math.inf
            return
        if self.last_ts is None:
            self.next_due = now + step
        elif previous is not None and self.last_ts <= previous:
            # no new point yet (the API lags): look again in a minute, not sooner
            self.next_due = now + MIN_INTERVAL
        else:
            self.next_due = max(self.last_ts + step + GRACE, now + MIN_INTERVAL)

    async def fetch(self, generation: int) -> None:
        """One refresh: the stats request (budgeted) and whatever else the view shows."""
        from linode_tui.api.errors import LinodeError, RateLimitedError

        services = self.tui.services
        if services is None:
            return
        try:
            data = await services.client.get(self.stats_path(), cache=False)
        except RateLimitedError as exc:
            if generation == self.generation:
                self.next_due = self.now() + (exc.retry_after or MIN_INTERVAL)
                self.set_notice("")
            return
        except LinodeError as exc:
            if generation != self.generation:
                return
            if _is_unavailable(exc):
                self.set_notice(
                    f"Stats are not available yet for {self.label}. The API says: {exc}\n"
                    "New Linodes and NodeBalancers start reporting after a few minutes; "
                    "this view checks again every 5 minutes.",
                    error=False,
                )
                self.next_due = self.now() + RETRY_UNAVAILABLE
            else:
                self.set_notice(f"⚠ Could not load stats: {exc}", error=True)
                self.next_due = self.now() + RETRY_ERROR
            self.fetched_at = self.now()
            return
        if generation != self.generation:
            return
        self.set_notice("")
        self.fetched_at = self.now()
        series = self.show(data)
        self._schedule_after(series, final=self.is_final())
        await self.fetch_extra(generation)

    def is_final(self) -> bool:
        return False

    def show(self, data: Any) -> list[Series]:
        raise NotImplementedError

    async def fetch_extra(self, generation: int) -> None:
        """Non-stats requests that go with a refresh (transfer)."""

    def set_notice(self, text: str, *, error: bool = False) -> None:
        self.notice = text
        notice = self.query_one("#notice", Static)
        t = Text(text)
        if error:
            t.stylize("bold")
        notice.update(t)
        self.set_class(bool(text), "-notice")

    # -- status line ---------------------------------------------------------------------------
    def mode_text(self) -> str:
        return "last 24 h, 5-minute averages"

    def update_status(self) -> None:
        if not self.is_mounted:
            return
        title = Text(self.area.title + " › ", style="bold")
        title.append(self.label, "bold")
        title.append(" › Stats  ", "bold")
        title.append(self.mode_text(), "muted")
        self.query_one("#title", Static).update(title)
        now = self.now()
        # (text, style, priority): the lowest priorities go first when the line is too long
        parts: list[tuple[str, str, int]] = []
        if self.paused:
            parts.append(("⏸ paused (p resumes)", "strong-warning", 9))
        elif self.fetching:
            parts.append(("⟳ loading", "warning", 9))
        elif math.isinf(self.next_due) and self.next_due > 0:
            parts.append(("■ complete (a past month does not change)", "bold", 9))
        else:
            parts.append(("● live", "strong-success", 9))
        if self.fetched_at is not None:
            parts.append((f"updated {human_duration(now - self.fetched_at)} ago", "", 8))
        if self.waiting_budget:
            parts.append(("waiting for the stats budget", "warning", 7))
        if not self.paused and not self.fetching and math.isfinite(self.next_due) and self.next_due > now:
            parts.append((f"next in {human_duration(self.next_due - now)}", "", 5))
        if self.tui.services is not None:
            budget = self.budget
            parts.append((f"stats budget {budget.used()}/{budget.capacity} per min", "muted", 3))
        if self.last_ts is not None:
            parts.append((f"newest point {datetime.fromtimestamp(self.last_ts).strftime('%H:%M')}", "", 2))
        width = max(20, (self.content_region.width or 80) - 2)
        while len(parts) > 1 and sum(len(p[0]) + 3 for p in parts) - 3 > width:
            parts.remove(min(parts, key=lambda p: p[2]))
        t = Text(no_wrap=True, overflow="ellipsis")
        for i, (text, style, _) in enumerate(parts):
            if i:
                t.append(" · ", "muted")
            t.append(text, style)
        self.query_one("#status", Static).update(t)

    # -- keys ----------------------------------------------------------------------------------
    def action_pause(self) -> None:
        self.paused = not self.paused
        if not self.paused:
            self.tick()
        self.update_status()

    def action_refresh(self) -> None:
        """Refresh now — still within the budget and never faster than MIN_INTERVAL."""
        if self.fetched_at is not None and self.now() - self.fetched_at < MIN_INTERVAL:
            self.app.notify(
                "Stats were updated less than a minute ago; the API has no newer point yet.", timeout=3
            )
            return
        self.run_worker(self.poll_once(force=True), group="stats-poll")

    def _graph(self, key: str) -> Graph:
        return self.query_one(f"#g-{key}", Graph)


class StatsView(StatsViewBase):
    """CPU, disk IO and network (IPv4/IPv6, public/private) of one Linode, plus transfer used."""

    GRAPHS = (
        ("cpu", "CPU", "%"),
        ("io", "Disk IO (blocks/s)", "blocks/s"),
        ("v4", "Network IPv4 public (bits/s)", "bits/s"),
        ("v4p", "Network IPv4 private (bits/s)", "bits/s"),
        ("v6", "Network IPv6 public (bits/s)", "bits/s"),
        ("v6p", "Network IPv6 private (bits/s)", "bits/s"),
    )
    STATS_PATH = "/linode/instances/{id}/stats"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "month", "Day/month", id="stats.month"),
        Binding("left_square_bracket", "month_step(-1)", "Prev month", show=False, id="stats.month_step_m1"),
        Binding("right_square_bracket", "month_step(1)", "Next month", show=False, id="stats.month_step_1"),
    ]

    def __init__(self, item: dict[str, Any], area: Area = LINODES) -> None:
        super().__init__(area, item)
        self.month: tuple[int, int] | None = None  # None: the last 24 h
        self._transfer: dict[str, Any] | None = None
        self._quiet: list[str] = []

    def stats_path(self) -> str:
        base = super().stats_path()
        return base if self.month is None else f"{base}/{self.month[0]}/{self.month[1]}"

    def _this_month(self) -> tuple[int, int]:
        d = datetime.fromtimestamp(self.now(), UTC)
        return d.year, d.month

    def is_final(self) -> bool:
        return self.month is not None and self.month < self._this_month()

    def mode_text(self) -> str:
        if self.month is None:
            return "last 24 h, 5-minute averages"
        y, m = self.month
        return f"{datetime(y, m, 1).strftime('%B %Y')}, hourly averages  ([ ] other months, m: last 24 h)"

    def show(self, data: Any) -> list[Series]:
        parsed = parse_linode_stats(data)
        specs = self.item.get("specs")
        vcpus = specs.get("vcpus") if isinstance(specs, dict) else None
        cores = f"; {vcpus} core{'s' if vcpus != 1 else ''}" if vcpus else ""
        cpu_title = f"CPU % (100% = 1 core{cores})"
        self._graph("cpu").title = cpu_title
        quiet: list[str] = []
        for key, series in parsed.items():
            graph = self._graph(key)
            if key in ("v4p", "v6p") and all(s.is_zero for s in series):
                graph.display = False
                quiet.append("IPv4 private" if key == "v4p" else "IPv6 private")
                continue
            graph.display = True
            if not any(s.points for s in series):
                graph.set_message("No data.")
            else:
                graph.set_data(series)
        self._quiet = quiet
        return [s for ser in parsed.values() for s in ser]

    async def fetch_extra(self, generation: int) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None:
            return
        lid = self.item.get("id")
        bar = self.query_one("#transfer", Static)
        try:
            if self.month is None:
                tr = await services.client.get(f"/linode/instances/{lid}/transfer", force=True)
                if generation != self.generation or not isinstance(tr, dict):
                    return
                self._transfer = tr
                self.render_transfer()
                return
            else:
                y, m = self.month
                tr = await services.client.get(f"/linode/instances/{lid}/transfer/{y}/{m}")
                if generation != self.generation or not isinstance(tr, dict):
                    return
                t = Text(f"Transfer in {datetime(y, m, 1).strftime('%B %Y')} ", style="bold")
                t.append(
                    f"{float(tr.get('bytes_in') or 0) / 1e9:,.1f} GB in · "
                    f"{float(tr.get('bytes_out') or 0) / 1e9:,.1f} GB out · "
                    f"{float(tr.get('bytes_total') or 0) / 1e9:,.1f} GB total"
                )
        except LinodeError as exc:
            t = Text(f"Transfer: {exc}")
        self._transfer = None
        bar.update(self._with_quiet(t))

    def _with_quiet(self, t: Text) -> Text:
        if self._quiet:
            t.append("  no traffic: " + ", ".join(self._quiet), "muted")
        return t

    def render_transfer(self) -> None:
        """The month's transfer as a bar sized to the view (again on resize)."""
        tr = self._transfer
        if tr is None or not self.is_mounted:
            return
        width = max(8, min(24, (self.content_region.width or 80) - 58))
        t = transfer_bar(
            float(tr.get("used") or 0),
            float(tr.get("quota") or 0),
            float(tr.get("billable") or 0),
            width=width,
        )
        self.query_one("#transfer", Static).update(self._with_quiet(t))

    @while_present
    def on_resize(self) -> None:  # (Textual also runs the base class's handler)
        self.render_transfer()

    def _switch(self, month: tuple[int, int] | None) -> None:
        self.month = month
        self.generation += 1
        self.last_ts = None
        self.fetched_at = None
        self.next_due = -math.inf
        for key, _, _ in self.GRAPHS:
            self._graph(key).set_message("Loading…")
        self.update_status()
        self.tick()

    def action_month(self) -> None:
        self._switch(self._this_month() if self.month is None else None)

    def action_month_step(self, delta: int) -> None:
        if self.month is None:
            return
        y, m = self.month
        m += delta
        if m < 1:
            y, m = y - 1, 12
        elif m > 12:
            y, m = y + 1, 1
        if (y, m) > self._this_month():
            self.app.notify("That month has not started yet.", timeout=3)
            return
        self._switch((y, m))


class NodeBalancerStatsView(StatsViewBase):
    """Connections and traffic (in/out) of one NodeBalancer over the last 24 h."""

    GRAPHS = (
        ("conn", "Connections (per second, 5-minute averages)", "conn/s"),
        ("traffic", "Traffic (bits/s)", "bits/s"),
    )
    STATS_PATH = "/nodebalancers/{id}/stats"

    def __init__(self, item: dict[str, Any], area: Area = NODEBALANCERS) -> None:
        super().__init__(area, item)

    def show(self, data: Any) -> list[Series]:
        parsed = parse_nodebalancer_stats(data)
        for key, series in parsed.items():
            if any(s.points for s in series):
                self._graph(key).set_data(series)
            else:
                self._graph(key).set_message("No data.")
        return [s for ser in parsed.values() for s in ser]

    async def fetch_extra(self, generation: int) -> None:
        tr = self.item.get("transfer")
        if isinstance(tr, dict):
            t = Text("Transfer this month ", style="bold")
            t.append(f"{_mb(tr.get('in'))} in · {_mb(tr.get('out'))} out · {_mb(tr.get('total'))} total")
            self.query_one("#transfer", Static).update(t)


# -- opening a stats view by label -----------------------------------------------------------------


async def find_stats_target(client: Any, label: str) -> tuple[str, dict[str, Any]] | None:
    """("linode" | "nodebalancer", item) for a label (exact, server-side X-Filter), or None."""
    from linode_tui.core.registry import AREAS

    for area in AREAS:
        if not area.stats:
            continue
        page = await client.get_page(area.path, filter={"label": label}, page_size=25)
        rows = [r for r in page.data if isinstance(r, dict)]
        if rows:
            return area.stats, rows[0]
    if label.isdigit():
        from linode_tui.api.errors import NotFoundError

        try:
            item = await client.get(f"/linode/instances/{label}")
            if isinstance(item, dict):
                return "linode", item
        except NotFoundError:
            pass
    return None


def _kind_of(item: dict[str, Any]) -> str:
    if "client_conn_throttle" in item or "nodebalancer" in str(item.get("hostname") or ""):
        return "nodebalancer"
    return "linode"


def stats_view_for(kind: str, item: dict[str, Any]) -> StatsViewBase:
    return NodeBalancerStatsView(item) if kind == "nodebalancer" else StatsView(item)


def open_stats(app: LinodeTUI, target: str | dict[str, Any], kind: str | None = None) -> Worker[Any] | None:
    """Push the stats view of a Linode or NodeBalancer given as an item or a label.

    With a label, the look-up runs in a worker (returned, so callers and tests can wait for it);
    an unknown label is reported with a notification.
    """
    if isinstance(target, dict):
        app.push_view(stats_view_for(kind or _kind_of(target), target))
        return None

    async def look_up() -> None:
        from linode_tui.api.errors import LinodeError

        services = app.services
        if services is None:
            return
        try:
            found = await find_stats_target(services.client, target)
        except LinodeError as exc:
            app.notify(f"Stats: {exc}", severity="error")
            return
        if found is None:
            app.notify(f"No Linode or NodeBalancer is labelled {target!r}.", severity="warning")
            return
        app.push_view(stats_view_for(*found))

    return app.run_worker(look_up(), group="open-stats")
