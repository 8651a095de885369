"""The dashboard: the account at a glance, where every figure is a link.

Linodes by status, region and plan; counts of volumes, NodeBalancers, LKE clusters and databases;
balance; notifications and scheduled maintenance as banners; events in flight; and the busiest
Linodes by CPU and network as sparklines.

Every figure is a link (``Enter`` or a click): it opens the matching list, filtered. Fields the API
can filter on (``region`` on /linode/instances) go into the X-Filter; the others (``status``,
``type``) are applied as the list's instant client-side filter — the status *glyph* (● running,
○ offline, ◐ busy) that the list's status column shows, or the plan id.

Sparklines need one ``/stats`` request per Linode, so they are fetched within the app-wide
:class:`~linode_tui.core.stats_budget.StatsBudget` (leaving ``RESERVE`` slots for the stats views) for
the first running Linodes only — the dashboard says "showing N of M (stats budget)" — and
refreshed once per 5-minute point, like the stats views.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from msgspec import Struct
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from linode_tui.areas.linodes import LINODES
from linode_tui.core.descriptors import Area
from linode_tui.core.registry import BY_ENTITY_TYPE, BY_KEY
from linode_tui.ui.fmt import BAD, GLYPH_BAD, GLYPH_BUSY, GLYPH_GOOD, GOOD, fmt_date, human_duration
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import AreaView
from linode_tui.ui.widgets.graph import humanize, sparkline

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI

__all__ = ["DashboardView", "Link", "LinkGrid", "bucket", "open_link"]

RESERVE = 4  # stats slots the dashboard leaves free for the stats views
MAX_CANDIDATES = 6  # Linodes whose stats the dashboard fetches at most per refresh
TOP = 5
SPARK_W = 24
STEP = 300.0
GRACE = 20.0
TICK = 5.0

Bucket = Literal["running", "offline", "busy"]
BUCKET_GLYPH: dict[str, str] = {"running": GLYPH_GOOD, "offline": GLYPH_BAD, "busy": GLYPH_BUSY}
BUCKET_STYLE: dict[str, str] = {"running": "success", "offline": "strong-error", "busy": "warning"}


def bucket(status: Any) -> Bucket:
    s = str(status or "")
    return "running" if s in GOOD else "offline" if s in BAD else "busy"


# -- links -----------------------------------------------------------------------------------------


class Link(Struct, frozen=True):
    """Where a figure leads: a (filtered) list, a resource's detail, or its stats."""

    kind: Literal["list", "detail", "stats"]
    area_key: str
    xfilter: dict[str, Any] | None = None
    query_text: str = ""
    client_filter: str = ""  # text for the list's instant filter (fields the API cannot filter on)
    item: dict[str, Any] | None = None
    hint: str = ""

    def __hash__(self) -> int:
        return hash((self.kind, self.area_key, self.query_text, self.client_filter, self.hint))


def open_link(app: LinodeTUI, link: Link) -> None:
    area = BY_KEY.get(link.area_key)
    if area is None:
        return
    if link.kind == "detail" and link.item is not None:
        app.open_detail(area, link.item)
        return
    if link.kind == "stats" and link.item is not None:
        from linode_tui.ui.views.stats import open_stats

        open_stats(app, link.item, area.stats)
        return
    open_list(app, area, xfilter=link.xfilter, query_text=link.query_text, client_filter=link.client_filter)


def open_list(
    app: LinodeTUI,
    area: Area,
    *,
    xfilter: dict[str, Any] | None = None,
    query_text: str = "",
    client_filter: str = "",
) -> None:
    """``app.open_area`` plus the list's instant filter (for fields the API cannot filter on)."""
    app.open_area(area, xfilter=xfilter, query_text=query_text, client_filter=client_filter)


class Cell(Struct):
    text: Text
    width: int
    link: Link | None = None
    align: Literal["left", "right"] = "left"


class LinkGrid(Widget, can_focus=True):
    """Rows of cells, some of them links; arrows move between links, Enter or a click opens one."""

    DEFAULT_CSS = """
    LinkGrid { height: auto; width: 1fr; }
    LinkGrid > .linkgrid--cursor { background: $block-cursor-blurred-background; }
    LinkGrid > .linkgrid--link { text-style: underline; }
    LinkGrid:focus > .linkgrid--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"linkgrid--cursor", "linkgrid--link"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", show=True, id="dashboard.open"),
        Binding("up", "move(0,-1)", "Up", show=False, id="dashboard.move_0_m1"),
        Binding("down", "move(0,1)", "Down", show=False, id="dashboard.move_0_1"),
        Binding("left", "move(-1,0)", "Left", show=False, id="dashboard.move_m1_0"),
        Binding("right", "move(1,0)", "Right", show=False, id="dashboard.move_1_0"),
    ]

    class Activated(Message):
        def __init__(self, grid: LinkGrid, link: Link) -> None:
            super().__init__()
            self.grid = grid
            self.link = link

        @property
        def control(self) -> LinkGrid:
            return self.grid

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[list[Cell]] = []
        self.cursor: tuple[int, int] | None = None

    # -- content -------------------------------------------------------------------------------
    def set_rows(self, rows: list[list[Cell]]) -> None:
        old = self.current_link()
        self.rows = rows
        self.cursor = None
        links = self.link_positions()
        if old is not None:
            self.cursor = next((p for p in links if self.rows[p[0]][p[1]].link == old), None)
        if self.cursor is None and links:
            self.cursor = links[0]
        self.can_focus = bool(links)
        self.refresh(layout=True)

    def link_positions(self) -> list[tuple[int, int]]:
        return [(r, c) for r, row in enumerate(self.rows) for c, cell in enumerate(row) if cell.link]

    def current_link(self) -> Link | None:
        if self.cursor is None:
            return None
        r, c = self.cursor
        if r < len(self.rows) and c < len(self.rows[r]):
            return self.rows[r][c].link
        return None

    def links(self) -> list[Link]:
        return [self.rows[r][c].link for r, c in self.link_positions()]  # type: ignore[misc]

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        return max(1, len(self.rows))

    def _x_of(self, r: int, c: int) -> int:
        return sum(cell.width + 1 for cell in self.rows[r][:c])

    def render(self) -> Text:
        cursor_style: Style = self.get_component_rich_style("linkgrid--cursor")
        link_style: Style = self.get_component_rich_style("linkgrid--link", partial=True)
        show_cursor = self.has_focus
        out = Text(no_wrap=True, overflow="crop")
        width = self.content_region.width or self.size.width or 80
        for r, row in enumerate(self.rows):
            if r:
                out.append("\n")
            line = Text(no_wrap=True)
            for c, cell in enumerate(row):
                if c:
                    line.append(" ")
                t = cell.text.copy()
                t.truncate(cell.width, overflow="ellipsis")
                if cell.link is not None:
                    t.stylize(link_style)  # the text only, not the padding
                pad = cell.width - t.cell_len
                if cell.align == "right":
                    t = Text(" " * pad) + t
                else:
                    t.append(" " * pad)
                if show_cursor and (r, c) == self.cursor:
                    t.stylize(cursor_style)
                line.append_text(t)
            line.truncate(width, overflow="ellipsis")
            out.append_text(line)
        return out

    # -- keys and mouse --------------------------------------------------------------------------
    def action_open(self) -> None:
        link = self.current_link()
        if link is not None:
            self.post_message(self.Activated(self, link))

    def action_move(self, dx: int, dy: int) -> None:
        links = self.link_positions()
        if not links:
            return
        if self.cursor is None:
            self.cursor = links[0]
            self.refresh()
            return
        r, c = self.cursor
        if dx:
            same = [p for p in links if p[0] == r]
            i = same.index((r, c)) + dx
            if 0 <= i < len(same):
                self.cursor = same[i]
            self.refresh()
            return
        rows = sorted({p[0] for p in links})
        i = rows.index(r) + dy
        if not 0 <= i < len(rows):
            # past the edge: on to the previous/next focusable widget
            if dy > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        x = self._x_of(r, c)
        target = rows[i]
        cands = [p for p in links if p[0] == target]
        self.cursor = min(cands, key=lambda p: abs(self._x_of(*p) - x))
        self.refresh()
        self.scroll_to_region_of_cursor()

    def scroll_to_region_of_cursor(self) -> None:
        if self.cursor is None:
            return
        from textual.geometry import Region

        r, c = self.cursor
        self.scroll_to_region(Region(self._x_of(r, c), r, self.rows[r][c].width, 1), animate=False)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        y, x = event.y, event.x
        if not 0 <= y < len(self.rows):
            return
        pos = 0
        for c, cell in enumerate(self.rows[y]):
            if pos <= x < pos + cell.width and cell.link is not None:
                self.cursor = (y, c)
                self.refresh()
                self.post_message(self.Activated(self, cell.link))
                return
            pos += cell.width + 1


# -- the view --------------------------------------------------------------------------------------


def _t(text: str, style: str = "") -> Text:
    return Text(text, style=style)


def _money(v: Any) -> str:
    try:
        return f"${float(v):,.2f}"
    except (TypeError, ValueError):
        return "—"


class Busy(Struct):
    item: dict[str, Any]
    cpu: list[float]
    net: list[float]

    @property
    def cpu_recent(self) -> float:
        tail = self.cpu[-12:]
        return sum(tail) / len(tail) if tail else 0.0

    @property
    def net_recent(self) -> float:
        tail = self.net[-12:]
        return sum(tail) / len(tail) if tail else 0.0


class DashboardView(AreaView):
    """The landing view: figures about the whole account, each one a link."""

    REPORTS_FIRST_ROWS = True

    DEFAULT_CSS = """
    DashboardView { height: 1fr; }
    DashboardView > .view-title { height: 1; background: $boost; padding: 0 1; }
    DashboardView > #dash { height: 1fr; padding: 0 1; }
    DashboardView #cols { height: auto; }
    DashboardView .col { width: 1fr; height: auto; }
    DashboardView .col-right { margin-left: 2; }
    DashboardView.-narrow #cols { layout: vertical; }
    DashboardView.-narrow .col-right { margin-left: 0; }
    DashboardView .section { height: 1; margin-top: 1; text-style: bold; color: $text-primary; }
    DashboardView #banners { height: auto; }
    DashboardView .note { height: auto; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh", id="dashboard.refresh"),
        Binding("p", "pause", "Pause sparklines", show=False, id="dashboard.pause"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="area-view")
        self.area = LINODES
        self.linodes: list[dict[str, Any]] = []
        self.counts: dict[str, int | str] = {}
        self.account: dict[str, Any] | None = None
        self.account_error = ""
        self.notifications: list[dict[str, Any]] = []
        self.maintenance: list[dict[str, Any]] = []
        self.busy: list[Busy] = []
        self.candidates_total = 0
        self.budget_limited = False
        self.loaded = False
        self.stats_next_due = -math.inf
        self.stats_fetched_at: float | None = None
        self.stats_fetching = False
        self.paused = False
        self._reload_timer: Any = None

    def view_title(self) -> str:
        return "Dashboard"

    def compose(self) -> ComposeResult:
        yield Static(Text("Dashboard", style="bold"), classes="view-title", id="title")
        with VerticalScroll(id="dash"):
            yield LinkGrid(id="banners")
            with Horizontal(id="cols"):
                with Vertical(classes="col"):
                    yield Static("Linodes", classes="section")
                    yield LinkGrid(id="status")
                    yield Static("By region", classes="section")
                    yield LinkGrid(id="regions")
                    yield Static("By plan", classes="section")
                    yield LinkGrid(id="types")
                with Vertical(classes="col col-right"):
                    yield Static("Resources", classes="section")
                    yield LinkGrid(id="resources")
                    yield Static("Account", classes="section")
                    yield LinkGrid(id="account")
                    yield Static("In flight", classes="section")
                    yield LinkGrid(id="inflight")
                    yield Static("Busiest by CPU (last 24 h)", classes="section")
                    yield LinkGrid(id="top-cpu")
                    yield Static("Busiest by network (last 24 h)", classes="section")
                    yield LinkGrid(id="top-net")
                    yield Static("", classes="note", id="budget-note")

    @while_present
    def on_mount(self) -> None:
        self._resize_class()
        for grid in self.query(LinkGrid):
            grid.set_rows([[Cell(_t("Loading…", "muted"), 20)]])
        self.load()
        self.set_interval(TICK, self.tick)

    @while_present
    def on_resize(self) -> None:
        self._resize_class()

    def _resize_class(self) -> None:
        if not self.size.width:
            return
        narrow = self.size.width < 116
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self.loaded:  # how many region/plan rows fit depends on the layout
                self.render_regions()
                self.render_types()

    def _nothing_focused(self) -> bool:
        focused = self.app.focused
        return focused is None or not focused.is_attached

    def _focus_if_nothing_is(self) -> None:
        # checked again when it runs: the user (or a link) may have focused something meanwhile
        if self._nothing_focused() and self.is_attached:
            self.focus(False)  # no scrolling: the banners stay in view

    def focus(self, scroll_visible: bool = True) -> DashboardView:
        """Focus the Linodes figures (the banners above are one shift+tab away)."""
        grids = [g for g in self.query(LinkGrid) if g.can_focus]
        main = [g for g in grids if g.id == "status"]
        if main or grids:
            (main or grids)[0].focus(scroll_visible)
        return self

    # -- loading ---------------------------------------------------------------------------------
    def load(self, force: bool = False) -> None:
        self._load(force)

    @work(group="dashboard-load", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self, force: bool) -> None:
        if not self.loaded:
            # Painted first, then loaded: the first request imports the HTTP client (~30 ms),
            # which must not hold back the first frame (issue 14).
            painted = asyncio.Event()
            self.call_after_refresh(painted.set)
            await painted.wait()
        await self.load_now(force)

    async def load_now(self, force: bool = False) -> None:
        """Fetch the counts, account, banners; then the sparklines (within the stats budget)."""
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None:
            return
        client = services.client
        try:
            self.linodes = [
                i for i in await client.list_all("/linode/instances", force=force) if isinstance(i, dict)
            ]
        except LinodeError as exc:
            self.linodes = []
            self.counts["linodes_error"] = str(exc)
        for key in ("volumes", "nodebalancers", "lke", "databases"):
            area = BY_KEY[key]
            try:
                page = await client.get_page(area.path, page_size=25, force=force)
                self.counts[key] = page.results
            except LinodeError as exc:
                self.counts[key] = f"— ({exc.status or 'error'})"
        try:
            acct = await client.get("/account", force=force)
            self.account = acct if isinstance(acct, dict) else None
            self.account_error = ""
        except LinodeError as exc:
            self.account, self.account_error = None, str(exc)
        for name in ("notifications", "maintenance"):
            path = f"/account/{name}"
            try:
                rows = [r for r in await client.list_all(path, force=force) if isinstance(r, dict)]
            except LinodeError:
                rows = []
            setattr(self, name, rows)
        first = not self.loaded
        self.loaded = True
        self.render_figures()
        self.tui.first_rows_shown()
        if first and self._nothing_focused():
            self.call_after_refresh(self._focus_if_nothing_is)
        await self.poll_stats(force=True)

    # -- sparklines ------------------------------------------------------------------------------
    def candidates(self) -> list[dict[str, Any]]:
        return [li for li in self.linodes if li.get("status") == "running"]

    def tick(self) -> None:
        self.render_inflight()
        if (
            not self.paused
            and self.display
            and self.loaded
            and not self.stats_fetching
            and self.now() >= self.stats_next_due
        ):
            self.run_worker(self.poll_stats(), group="dashboard-stats")

    async def poll_stats(self, *, force: bool = False) -> bool:
        """Fetch stats of the first running Linodes, as many as the budget allows (≤ MAX_CANDIDATES)."""
        from linode_tui.api.errors import LinodeError, RateLimitedError

        services = self.tui.services
        if services is None or self.stats_fetching or (self.paused and not force):
            return False
        if not force and self.now() < self.stats_next_due:
            return False
        cands = self.candidates()
        self.candidates_total = len(cands)
        budget = self.budget
        self.stats_fetching = True
        fresh: list[Busy] = []
        newest = None
        self.budget_limited = False
        try:
            for item in cands[:MAX_CANDIDATES]:
                if not budget.try_acquire(1, reserve=RESERVE):
                    self.budget_limited = True
                    break
                try:
                    data = await services.client.get(f"/linode/instances/{item.get('id')}/stats", cache=False)
                except RateLimitedError:
                    self.budget_limited = True
                    break
                except LinodeError:
                    continue
                from linode_tui.ui.views.stats import parse_linode_stats

                parsed = parse_linode_stats(data)
                cpu = [v for _, v in parsed["cpu"][0].points]
                net_series = parsed["v4"] + parsed["v6"]
                n = max((len(s.points) for s in net_series), default=0)
                net = [sum(s.points[i][1] for s in net_series if i < len(s.points)) for i in range(n)]
                last = parsed["cpu"][0].points[-1][0] / 1000.0 if parsed["cpu"][0].points else None
                if last is not None:
                    newest = max(newest or last, last)
                fresh.append(Busy(item, cpu, net))
        finally:
            self.stats_fetching = False
        if len(cands) > MAX_CANDIDATES:
            self.budget_limited = True
        if fresh or not cands:
            self.busy = fresh
            self.stats_fetched_at = self.now()
        now = self.now()
        if newest is not None:
            self.stats_next_due = max(newest + STEP + GRACE, now + 60.0)
        else:
            self.stats_next_due = max(budget.next_slot(1, reserve=RESERVE), now + 60.0)
        self.render_top()
        return True

    # -- rendering -------------------------------------------------------------------------------
    def _grid(self, gid: str) -> LinkGrid:
        return self.query_one(f"#{gid}", LinkGrid)

    def render_figures(self) -> None:
        self.render_banners()
        self.render_status()
        self.render_regions()
        self.render_types()
        self.render_resources()
        self.render_account()
        self.render_inflight()
        self.render_top()
        title = Text("Dashboard", style="bold")
        title.append("  Enter on a figure opens the list behind it · r refresh", "muted")
        self.query_one("#title", Static).update(title)

    def _status_link(self, b: str | None, region: str | None = None, type_: str | None = None) -> Link:
        xfilter = {"region": region} if region else None
        query = f"region = {region}" if region else ""
        terms = [BUCKET_GLYPH[b]] if b else []
        if type_:
            terms.append(type_)
        hint = " ".join(x for x in (b or "all", "in " + region if region else "", type_ or "") if x)
        return Link(
            "list", "linodes", xfilter=xfilter, query_text=query, client_filter=" ".join(terms), hint=hint
        )

    def _bucket_cells(
        self, rows: list[dict[str, Any]], region: str | None = None, type_: str | None = None
    ) -> list[Cell]:
        c = Counter(bucket(li.get("status")) for li in rows)
        cells = [Cell(_t(f"{len(rows)}"), 5, self._status_link(None, region, type_), "right")]
        for b in ("running", "offline", "busy"):
            n = c.get(b, 0)
            text = Text(str(n), style=BUCKET_STYLE[b]) if n else Text("·", style="muted")
            cells.append(Cell(text, 9, self._status_link(b, region, type_) if n else None, "right"))
        return cells

    def render_status(self) -> None:
        err = self.counts.get("linodes_error")
        if err:
            self._grid("status").set_rows([[Cell(_t(f"⚠ {err}"), 60)]])
            return
        c = Counter(bucket(li.get("status")) for li in self.linodes)
        total = f"{len(self.linodes)} Linodes"
        row = [Cell(_t(total, "bold"), len(total), self._status_link(None), "left")]
        for b in ("running", "offline", "busy"):
            text = f"{BUCKET_GLYPH[b]} {c.get(b, 0)} {b}"
            row.append(
                Cell(
                    Text(text, style=BUCKET_STYLE[b]),
                    len(text) + 1,
                    self._status_link(b) if c.get(b) else None,
                )
            )
        self._grid("status").set_rows([row])

    def _header(self, first: str, width: int) -> list[Cell]:
        cells = [Cell(_t(first, "muted"), width), Cell(_t("All", "muted"), 5, None, "right")]
        cells += [
            Cell(_t(f"{BUCKET_GLYPH[b]} {b}", "muted"), 9, None, "right")
            for b in ("running", "offline", "busy")
        ]
        return cells

    @property
    def max_rows(self) -> int:
        return 5 if self.has_class("-narrow") else 10

    def render_regions(self) -> None:
        self._render_breakdown("region", "Region", "region", "regions")

    def render_types(self) -> None:
        self._render_breakdown("type", "Plan", "plan", "types")

    def _render_breakdown(self, field: str, header: str, noun: str, grid: str) -> None:
        """Linodes grouped by ``field`` (biggest groups first), each count a link to its list."""
        by: dict[str, list[dict[str, Any]]] = {}
        for li in self.linodes:
            by.setdefault(str(li.get(field)), []).append(li)
        rows = [self._header(header, 14)]
        ordered = sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for value, items in ordered[: self.max_rows]:
            which = {"region": value} if field == "region" else {"type_": value}
            rows.append([Cell(_t(value), 14), *self._bucket_cells(items, **which)])
        if len(ordered) > self.max_rows:
            rest = len(ordered) - self.max_rows
            more = _t(f"… {rest} more {noun}{'s' if rest > 1 else ''}", "muted")
            rows.append([Cell(more, 20, Link("list", "linodes", hint=f"all {noun}s"))])
        if len(rows) == 1:
            rows.append([Cell(_t("No Linodes.", "muted"), 20)])
        self._grid(grid).set_rows(rows)

    def render_resources(self) -> None:
        row1: list[Cell] = []
        row2: list[Cell] = []
        for i, (key, title) in enumerate(
            (
                ("volumes", "Volumes"),
                ("nodebalancers", "NodeBalancers"),
                ("lke", "LKE clusters"),
                ("databases", "Databases"),
            )
        ):
            n = self.counts.get(key, "…")
            link = Link("list", key, hint=title) if isinstance(n, int) else None
            cell = Cell(Text(f"{title} {n}"), 18, link)
            (row1 if i < 2 else row2).append(cell)
        self._grid("resources").set_rows([row1, row2])

    def render_account(self) -> None:
        if self.account is None:
            msg = f"⚠ {self.account_error}" if self.account_error else "Loading…"
            self._grid("account").set_rows([[Cell(_t(msg, "muted"), 60)]])
            return
        a = self.account
        link = Link("list", "account", hint="account")
        balance = a.get("balance")
        style = "strong-error" if isinstance(balance, int | float) and balance > 0 else ""
        self._grid("account").set_rows(
            [
                [
                    Cell(Text(f"Balance {_money(balance)}", style=style), 18, link),
                    Cell(
                        Text(f"Uninvoiced {_money(a.get('balance_uninvoiced'))}"),
                        22,
                        Link("list", "invoices", hint="invoices"),
                    ),
                ]
            ]
        )

    def _entity_link(self, entity: Any) -> Link | None:
        if not isinstance(entity, dict):
            return None
        area = BY_ENTITY_TYPE.get(str(entity.get("type")))
        if area is None or entity.get("id") is None:
            return None
        item = {"id": entity.get("id"), area.label_key: entity.get("label")}
        return Link("detail", area.key, item=item, hint=str(entity.get("label")))

    def render_banners(self) -> None:
        rows: list[list[Cell]] = []
        seen_maint = set()
        for m in self.maintenance:
            ent = m.get("entity") or {}
            seen_maint.add((ent.get("type"), ent.get("id")))
            t = Text("⚠ Maintenance ", style="strong-warning")
            t.append(f"{m.get('type') or ''} {m.get('status') or ''} for ")
            t.append(str(ent.get("label") or ent.get("id") or "?"), "bold")
            when = m.get("when") or m.get("not_before")
            if when:
                t.append(f" from {fmt_date(when)}")
            if m.get("reason"):
                t.append(f" — {m.get('reason')}", "muted")
            link = self._entity_link(ent) or Link("list", "account", hint="maintenance")
            rows.append([Cell(t, t.cell_len, link)])
        for n in self.notifications:
            ent = n.get("entity") or {}
            if n.get("type") == "maintenance_scheduled" and (ent.get("type"), ent.get("id")) in seen_maint:
                continue  # already shown as a maintenance banner
            severity = str(n.get("severity") or "minor")
            style = {"critical": "strong-error", "major": "strong-warning"}.get(severity, "bold")
            t = Text("⚑ " + str(n.get("label") or "Notice") + ": ", style=style)
            t.append(str(n.get("message") or ""))
            if ent.get("label"):
                t.append(f" ({ent.get('label')})", "muted")
            link = self._entity_link(ent) or Link("list", "account", hint="notification")
            rows.append([Cell(t, t.cell_len, link)])
        grid = self._grid("banners")
        grid.set_rows(rows)
        grid.display = bool(rows)

    def render_inflight(self) -> None:
        if not self.is_mounted:
            return
        services = self.tui.services
        inflight = list(services.inflight.values()) if services is not None else []
        rows: list[list[Cell]] = []
        for ev in inflight[:8]:
            ent = ev.get("entity") or {}
            pct = ev.get("percent_complete")
            t = Text(f"◐ {str(ev.get('action') or '').replace('_', ' ')} ", style="warning")
            t.append(str(ent.get("label") or ent.get("id") or ""), "bold")
            if isinstance(pct, int | float):
                t.append(f" {pct:.0f}%")
            elif ev.get("status") == "scheduled":
                t.append(" (queued)", "muted")
            rows.append([Cell(t, 50, self._entity_link(ent))])
        if len(inflight) > 8:
            rows.append([Cell(_t(f"… and {len(inflight) - 8} more", "muted"), 30, Link("list", "events"))])
        if not rows:
            rows = [[Cell(_t("Nothing in flight.", "muted"), 30, Link("list", "events", hint="events"))]]
        self._grid("inflight").set_rows(rows)

    def render_top(self) -> None:
        if not self.is_mounted:
            return
        for gid, key, unit in (("top-cpu", "cpu", "%"), ("top-net", "net", "bits/s")):
            measure: Callable[[Busy], float] = (
                (lambda b: b.cpu_recent) if key == "cpu" else (lambda b: b.net_recent)
            )
            ranked = sorted(self.busy, key=measure, reverse=True)
            rows: list[list[Cell]] = []
            for b in ranked[:TOP]:
                values = b.cpu if key == "cpu" else b.net
                recent = b.cpu_recent if key == "cpu" else b.net_recent
                label = str(b.item.get("label") or b.item.get("id"))
                link = Link("stats", "linodes", item=b.item, hint=label)
                spark_style = "accent" if key == "cpu" else "primary"
                rows.append(
                    [
                        Cell(Text(label), 16, link),
                        Cell(Text(sparkline(values, SPARK_W), style=spark_style), SPARK_W),
                        Cell(Text(humanize(recent, unit)), 11, None, "right"),
                    ]
                )
            if not rows:
                msg = (
                    "Loading…"
                    if not self.loaded
                    else (
                        "No running Linodes."
                        if not self.candidates_total
                        else "Waiting for the stats budget…"
                    )
                )
                rows = [[Cell(_t(msg, "muted"), 40)]]
            self._grid(gid).set_rows(rows)
        note = Text()
        if self.loaded and self.candidates_total:
            shown = len(self.busy)
            if self.budget_limited or shown < self.candidates_total:
                note.append(f"showing {shown} of {self.candidates_total} running (stats budget)", "warning")
            else:
                note.append(f"all {shown} running Linodes")
            note.append(" · value: last hour's average")
            if self.stats_fetched_at is not None:
                note.append(f" · updated {human_duration(self.now() - self.stats_fetched_at)} ago")
            if self.paused:
                note.append(" · paused (p)", "bold")
        self.query_one("#budget-note", Static).update(note)

    # -- events and keys -------------------------------------------------------------------------
    def on_link_grid_activated(self, event: LinkGrid.Activated) -> None:
        event.stop()
        open_link(self.tui, event.link)

    def on_entity_event(self, event: dict[str, Any], kind: str) -> None:
        self.render_inflight()
        if kind in ("finished", "failed") and self.loaded:
            if self._reload_timer is not None:
                self._reload_timer.stop()
            self._reload_timer = self.set_timer(2.0, self._reload_counts)

    def _reload_counts(self) -> None:
        self._reload_counts_worker()

    @work(group="dashboard-counts", exclusive=True, exit_on_error=False)
    @guarded
    async def _reload_counts_worker(self) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.tui.services
        if services is None:
            return
        try:
            self.linodes = [
                i
                for i in await services.client.list_all("/linode/instances", force=True)
                if isinstance(i, dict)
            ]
        except LinodeError:
            return
        self.render_status()
        self.render_regions()
        self.render_types()

    def action_refresh(self) -> None:
        self.load(force=True)

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.render_top()


def all_links(view: DashboardView) -> list[Link]:
    """Every link on the dashboard (tests, help)."""
    return [link for grid in view.query(LinkGrid) for link in grid.links()]
