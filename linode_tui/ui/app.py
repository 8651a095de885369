"""The Textual App: header, navigation, the view stack, the command line, the status panel and
the one confirmation path for every action."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Container, Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from linode_tui import __version__
from linode_tui.core.descriptors import Action, Area, fill
from linode_tui.core.registry import AREAS, area_for, area_names
from linode_tui.core.services import Services, Settings
from linode_tui.ui.dialogs import (
    KEEP_OPEN,
    ConfirmDialog,
    FormDialog,
    MenuDialog,
    TextDialog,
    TypeToConfirmDialog,
)
from linode_tui.ui.guard import guarded
from linode_tui.ui.views.resources import AreaView, DetailView, ResourceListView
from linode_tui.ui.widgets.status_panel import StatusPanel

_FROZEN = False


def styles_dir() -> Path:
    """The TCSS files: inside the installed package, or the repo's top-level styles/."""
    pkg = Path(__file__).resolve().parents[1]
    for cand in (pkg / "styles", pkg.parent / "styles"):
        if (cand / "app.tcss").exists():
            return cand
    return pkg / "styles"


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
        words = [*area_names(), "quit", "help", "stats", "dashboard"]
        super().__init__(
            placeholder=":area [query]   e.g. linodes region = us-east and tags = prod",
            suggester=SuggestFromList(words, case_sensitive=False),
            id="command",
        )
        self.history: list[str] = []
        self.pos = 0

    def open(self, text: str = "") -> None:
        self.add_class("-open")
        self.remove_class("-error")
        self.value = text
        self.pos = len(self.history)
        self.focus()

    def action_close(self) -> None:
        self.remove_class("-open")
        self.value = ""
        self.app.set_focus(None)
        view = self.app.query(AreaView).last() if self.app.query(AreaView) else None
        if isinstance(view, AreaView):
            self.app.call_later(self.app.action_focus_view)  # type: ignore[attr-defined]

    def action_history(self, delta: int) -> None:
        if not self.history:
            return
        self.pos = max(0, min(len(self.history), self.pos + delta))
        self.value = self.history[self.pos] if self.pos < len(self.history) else ""
        self.cursor_position = len(self.value)


class TUICommands(Provider):
    """Ctrl+P: areas, resources by label, actions on the selected resource."""

    @property
    def tui(self) -> LinodeTUI:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, Any, str]]:
        out: list[tuple[str, Any, str]] = []
        for a in AREAS:
            out.append((f"Go to {a.title}", partial(self.tui.open_area, a), f":{a.key}"))
        view = self.tui.current_view()
        if view is not None:
            items = view.selected_items()
            for act in view.area.actions:
                if act.on_collection or items:
                    what = (
                        ""
                        if act.on_collection
                        else f" — {view.area.label_key and items[0].get(view.area.label_key)}"
                    )
                    out.append(
                        (
                            f"{act.label}{what}",
                            partial(
                                self.tui.start_action,
                                view.area,
                                act,
                                [] if act.on_collection else items,
                                view,
                            ),
                            view.area.title,
                        )
                    )
            if isinstance(view, ResourceListView):
                for item in list(view.rows.values())[:5000]:
                    label = str(item.get(view.area.label_key) or item.get(view.area.id_key))
                    out.append(
                        (f"Open {label}", partial(self.tui.open_detail, view.area, item), view.area.title)
                    )
        return out

    async def discover(self) -> Hits:
        for name, cb, help_text in self._entries()[:40]:
            yield DiscoveryHit(Text(name), cb, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, cb, help_text in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), cb, help=help_text)


class LinodeTUI(App[None]):
    TITLE = "linode-tui"
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS: ClassVar[set[Any]] = {TUICommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("colon", "command", "Command", key_display=":"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("escape", "go_back", "Back", show=False),
        Binding("ctrl+b", "toggle_nav", "Areas", show=False),
        Binding("ctrl+e", "toggle_events", "Events panel", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, settings: Settings, services: Services | None, *, client_factory: Any = None) -> None:
        super().__init__()
        self.settings = settings
        self.services: Services | None = services
        # How the welcome screen builds a client for a pasted token (tests bind it to the simulator).
        self.client_factory = client_factory
        self.poller: Any = None
        self._lookups: dict[str, dict[Any, dict[str, Any]]] = {}
        if not settings.poll:
            self.animation_level = "none"

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        with Horizontal(id="body"):
            yield NavPanel()
            yield Container(id="main")
        yield CommandBar()
        yield StatusPanel(now=self.settings.now, id="status")
        yield Footer()

    def on_mount(self) -> None:
        import gc

        # Everything imported so far lives for the whole session: keep it out of the collector's
        # scans, so full collections while large lists load stay short. Once per process (a test
        # run builds many apps: freezing again would keep their leftovers forever).
        global _FROZEN
        if not _FROZEN:
            gc.freeze()
            _FROZEN = True
        if self.size.width < 140:
            self.query_one(NavPanel).add_class("-hidden")
        self.update_header()
        if self.services is None:
            from linode_tui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
            return
        self.start()

    def start(self) -> None:
        services = self.services
        assert services is not None
        services.client.add_listener(self._client_notice)
        self.update_header()
        self._bootstrap()
        self._start_poller()
        command = self.settings.command
        if command:
            error = self.run_command(command)
            if error:
                self.notify(error, severity="error", timeout=8)
                self.open_dashboard()
        else:
            self.open_dashboard()

    def attach(self, services: Services) -> None:
        """Called by the welcome screen once a token works."""
        self.services = services
        self.query_one(StatusPanel).now = self.settings.now  # the demo's clock, once chosen
        self.start()

    def update_header(self) -> None:
        t = Text()
        t.append("linode-tui", "bold")
        t.append(f" {__version__}  ", "dim")
        s = self.services
        if s is None:
            t.append("not signed in", "yellow")
        else:
            if s.username:
                t.append(s.username)
                if self.settings.profile:
                    t.append(f"@{self.settings.profile}", "dim")
                t.append("  ")
            t.append(" DEMO " if self.settings.demo else s.target, "reverse" if self.settings.demo else "dim")
            if s.read_only:
                t.append("  ")
                t.append(" READ-ONLY ", "bold reverse")
            rate = getattr(s.client, "rate", None)
            if rate is not None and getattr(rate, "throttled", False):
                t.append("  ")
                t.append(" THROTTLED ", "black on yellow")
        view = self.current_view()
        if view is not None:
            t.append("   ")
            t.append(view.view_title(), "bold")
        self.query_one(AppHeader).update(t)

    # -- data bootstrap ------------------------------------------------------------------------
    @work(group="bootstrap", exit_on_error=False)
    @guarded
    async def _bootstrap(self) -> None:
        from linode_tui.api.errors import LinodeError

        s = self.services
        if s is None:
            return
        try:
            profile = await s.client.get("/profile")
            if isinstance(profile, dict):
                s.username = str(profile.get("username") or "")
        except LinodeError as exc:
            self.report_problem(f"Could not read your profile: {exc}")
        self.update_header()
        try:
            from linode_tui.api.scopes import load_grants

            s.grants = await load_grants(s.client)
        except LinodeError:
            s.grants = None
        except Exception:
            s.grants = None
        for key, path in (("types", "/linode/types"), ("regions", "/regions")):
            try:
                rows = await s.client.list_all(path)
                self._lookups[key] = {r.get("id"): r for r in rows if isinstance(r, dict)}
            except LinodeError:
                continue
        view = self.current_view()
        if isinstance(view, DetailView):
            view.render_summary()

    def lookup(self, kind: str, key: Any) -> dict[str, Any] | None:
        return self._lookups.get(kind, {}).get(key)

    # -- events ------------------------------------------------------------------------------
    def _start_poller(self) -> None:
        from linode_tui.api.events import EventPoller

        s = self.services
        if s is None:
            return
        self.poller = EventPoller(s.client, on_update=self._on_event_update)
        if self.settings.poll:
            self.poller.start()

    async def on_unmount(self) -> None:
        if self.poller is not None:
            self.poller.stop()

    def _on_event_update(self, update: Any) -> None:
        # Called from the poller task (same event loop): hop onto the message queue.
        self.call_later(self.handle_event_update, update)

    def handle_event_update(self, update: Any) -> None:
        try:
            self._apply_event_update(update)
        except Exception as exc:  # an odd event must not end the app
            self.report_problem(f"Could not show an event update: {type(exc).__name__}: {exc}")

    def _apply_event_update(self, update: Any) -> None:
        s = self.services
        if s is None:
            return
        kind = getattr(update, "kind", "")
        panel = self.query_one(StatusPanel)
        if kind == "error":
            err = getattr(update, "error", None)
            panel.report_problem(f"Event updates: {err}")
            return
        panel.clear_problems("error") if kind in ("new", "progress", "finished") else None
        event = getattr(update, "event", None) or {}
        panel.update_event(event)
        entity = event.get("entity") or {}
        key = (str(entity.get("type")), entity.get("id"))
        if event.get("status") in ("scheduled", "started", "in_progress"):
            s.inflight[key] = event  # type: ignore[index]
        else:
            s.inflight.pop(key, None)  # type: ignore[arg-type]
        try:
            s.client.invalidate_for_event(str(event.get("action") or ""), entity)
        except Exception:
            pass
        for view in self.query(AreaView):
            view.on_entity_event(event, kind)

    def _client_notice(self, notice: Any) -> None:
        kind = getattr(notice, "kind", "")
        message = getattr(notice, "message", str(notice))
        panel = self.query_one(StatusPanel)
        if kind in ("throttled", "throttled_on"):
            panel.report_problem(message, "warning")
        elif kind in ("unthrottled", "recovered"):
            panel.clear_problems("warning")
        elif kind in ("retrying", "rate_limited"):
            panel.report_problem(message, "warning")
        else:
            panel.report_problem(message, "error")
        self.update_header()

    def api_recovered(self) -> None:
        panel = self.query_one(StatusPanel)
        if panel.state.problems:
            panel.clear_problems()
            panel.report_problem("The API answers again.", "info")

    def report_problem(self, message: str) -> None:
        self.query_one(StatusPanel).report_problem(message, "error")

    # -- the view stack ----------------------------------------------------------------------
    def views(self) -> list[AreaView]:
        return list(self.query_one("#main").query_children(AreaView))

    def current_view(self) -> AreaView | None:
        try:
            views = self.views()
        except Exception:
            return None
        return views[-1] if views else None

    def push_view(self, view: AreaView, *, root: bool = False) -> None:
        main = self.query_one("#main")
        if root:
            for v in self.views():
                v.remove()
        else:
            for v in self.views():
                v.display = False
        main.mount(view)
        self.call_after_refresh(self.update_header)

    def action_go_back(self) -> None:
        bar = self.query_one(CommandBar)
        if bar.has_class("-open"):
            bar.action_close()
            return
        views = self.views()
        if len(views) > 1:
            views[-1].remove()
            views[-2].display = True
            self.call_after_refresh(self.action_focus_view)
            self.call_after_refresh(self.update_header)

    def action_focus_view(self) -> None:
        view = self.current_view()
        if view is None:
            return
        from linode_tui.ui.widgets.vtable import ResourceTable

        tables = [t for t in view.query(ResourceTable) if t.display and t.is_on_screen]
        if tables:
            tables[0].focus()
        else:
            view.focus()

    def open_area(
        self,
        area: Area,
        *,
        xfilter: dict[str, Any] | None = None,
        query_text: str = "",
        client_filter: str = "",
    ) -> None:
        view = ResourceListView.for_area(
            area, xfilter=xfilter, query_text=query_text, client_filter=client_filter
        )
        self.push_view(view, root=True)
        nav = self.query_one(NavPanel)
        for i in range(nav.option_count):
            if nav.get_option_at_index(i).id == area.key:
                nav.highlighted = i

    def open_dashboard(self) -> None:
        from linode_tui.ui.views.dashboard import DashboardView

        self.push_view(DashboardView(), root=True)

    def open_detail(self, area: Area, item: dict[str, Any]) -> None:
        self.push_view(DetailView.for_area(area, item))

    @on(OptionList.OptionSelected, "#nav")
    def _nav(self, event: OptionList.OptionSelected) -> None:
        area = area_for(event.option.id or "")
        if area is not None:
            self.open_area(area)

    def action_toggle_nav(self) -> None:
        nav = self.query_one(NavPanel)
        nav.toggle_class("-hidden")
        if not nav.has_class("-hidden"):
            nav.focus()

    def action_toggle_events(self) -> None:
        panel = self.query_one(StatusPanel)
        panel.toggle_class("-collapsed")
        panel.fit()

    # -- the command line --------------------------------------------------------------------
    def action_command(self) -> None:
        self.query_one(CommandBar).open()

    @on(Input.Submitted, "#command")
    def _command(self, event: Input.Submitted) -> None:
        event.stop()
        bar = self.query_one(CommandBar)
        text = event.value.strip()
        if not text:
            bar.action_close()
            return
        error = self.run_command(text)
        if error:
            bar.add_class("-error")
            self.notify(error, severity="error", timeout=6)
            return
        if not bar.history or bar.history[-1] != text:
            bar.history.append(text)
        bar.action_close()

    def run_command(self, text: str) -> str | None:
        """Run a `:` command. Returns an error message, or None."""
        from linode_tui.api.errors import LinodeError

        text = text.strip().lstrip(":")
        word, _, rest = text.partition(" ")
        word = word.lower()
        if word in ("q", "quit", "exit"):
            self.exit()
            return None
        if word in ("help", "h"):
            self.action_help()
            return None
        if word == "stats":
            if not rest.strip():
                return "Usage: :stats LABEL   (a Linode or a NodeBalancer)"
            from linode_tui.ui.views.stats import open_stats

            open_stats(self, rest.strip())
            return None
        if word in ("dash", "dashboard", "home"):
            self.open_dashboard()
            return None
        area = area_for(word)
        if area is None:
            return f"Unknown command {word!r}. Areas: " + ", ".join(a.key for a in AREAS)
        xfilter: dict[str, Any] | None = None
        if rest.strip():
            if not area.paginated:
                return f"{area.title} is a single object: it takes no query."
            from linode_tui.api.query import compile_query

            try:
                xfilter = compile_query(rest)
            except LinodeError as exc:
                return str(exc)
            except ValueError as exc:
                return str(exc)
        self.open_area(area, xfilter=xfilter, query_text=rest.strip())
        return None

    # -- help --------------------------------------------------------------------------------
    def action_help(self) -> None:
        t = Text()
        t.append("Keys on this screen\n", "bold")
        seen: set[tuple[str, str]] = set()

        def rank(item: tuple[str, Any]) -> int:
            node = item[1].node
            # What this view does first, then the table's movement keys, then the app's.
            return 0 if isinstance(node, AreaView) else 2 if node is self or node is self.screen else 1

        for key, ab in sorted(self.screen.active_bindings.items(), key=rank):
            b = ab.binding
            if not b.description or (key, b.description) in seen:
                continue
            seen.add((key, b.description))
            shown = b.key_display or self.get_key_display(b)
            t.append(f"  {shown:<12}", "bold")
            t.append(b.description)
            if not ab.enabled:
                t.append("  (disabled here)", "dim")
            t.append("\n")
        t.append("\nCommand line (:)\n", "bold")
        t.append("  :AREA [QUERY]   open an area, optionally with a server-side query\n")
        t.append(
            "  areas: "
            + ", ".join(f"{a.key}" + (f"/{a.aliases[0]}" if a.aliases else "") for a in AREAS)
            + "\n"
        )
        t.append("  :quit  :help\n")
        t.append("\nQueries\n", "bold")
        t.append("  label ~ web and region = us-east      ~ contains, = != > >= < <=\n")
        t.append("  status != running or tags = prod       and binds tighter than or; ( ) group\n")
        t.append("  specs.memory >= 4096  sort:-created    dotted fields; sort:FIELD or sort:-FIELD\n")
        t.append("\nEverywhere\n", "bold")
        t.append("  ctrl+p  command palette   ctrl+b  areas   ctrl+e  events panel   ctrl+q  quit\n")
        self.push_screen(TextDialog("Help", t))

    # -- actions: the one confirmation path ---------------------------------------------------
    def open_action_menu(
        self, area: Area, items: list[dict[str, Any]], origin: AreaView | None = None
    ) -> None:
        s = self.services
        if s is None:
            return
        rows: list[tuple[Action, str | None]] = []
        for a in area.actions:
            if not a.on_collection and not items:
                continue
            if len(items) > 1 and not a.bulk and not a.on_collection:
                continue
            reason = s.why_not(a, area, [] if a.on_collection else items)
            if (
                reason is None
                and items
                and not a.on_collection
                and not all(s.applies(a, i, area) for i in items)
            ):
                reason = "not in this state"
            rows.append((a, reason))
        reasons = {r for _, r in rows}
        common = next(iter(reasons)) if len(reasons) == 1 else None  # e.g. read-only: say it once
        options: list[tuple[str, str | Text, bool]] = []
        for a, reason in rows:
            label = Text(a.label)
            if a.binding:
                label.append(f"  [{a.binding}]", "dim")
            if reason and not common:
                label.append(f"  — {reason}", "dim")
            options.append((a.key, label, reason is None))
        if not options:
            self.notify(f"No actions for {area.title} yet.")
            return
        who = self._describe(area, items)

        def picked(key: str | None) -> None:
            if key:
                act = area.action(key)
                if act is not None:
                    self.start_action(area, act, [] if act.on_collection else items, origin)

        footer = f"All disabled: {common}." if common else ""
        self.push_screen(MenuDialog(f"Actions — {who}" if who else "Actions", options, footer), picked)

    def _describe(self, area: Area, items: list[dict[str, Any]]) -> str:
        if not items:
            return area.title
        if len(items) == 1:
            return str(items[0].get(area.label_key) or items[0].get(area.id_key))
        return f"{len(items)} {area.title.lower()}"

    def start_action(
        self, area: Area, action: Action, items: list[dict[str, Any]], origin: AreaView | None = None
    ) -> None:
        s = self.services
        if s is None:
            return
        reason = s.why_not(action, area, items)
        if reason:
            self.notify(f"{action.label} is not available: {reason}.", severity="warning")
            self.query_one(StatusPanel).report_problem(f"{action.label}: {reason}", "warning")
            return
        if not action.on_collection and not items:
            self.notify("Select a resource first.", severity="warning")
            return
        if len(items) > 1 and not action.bulk:
            self.notify(f"{action.label} works on one resource at a time.", severity="warning")
            return
        misfits = [i for i in items if not s.applies(action, i, area)]
        if misfits and not action.on_collection:
            state = misfits[0].get(area.status_key or "status")
            what = self._describe(area, misfits)
            self.notify(f"{action.label} does not apply to {what} ({state}).", severity="warning")
            return
        self._run_action(area, action, items)

    @work(group="action", exit_on_error=False)
    @guarded
    async def _run_action(self, area: Area, action: Action, items: list[dict[str, Any]]) -> None:
        who = self._describe(area, items)
        single = items[0] if len(items) == 1 else None
        form = action.form
        # Boot: the config picker only matters when there is more than one config.
        if action.key == "boot" and single is not None:
            form = await self._boot_form(action, single)

        async def confirm(values: dict[str, Any]) -> bool:
            if action.danger == "none":
                return True
            if action.danger == "type" and single is not None:
                label = str(single.get(area.label_key) or single.get(area.id_key))
                return bool(
                    await self._ask(
                        TypeToConfirmDialog(
                            f"{action.label}: {label}",
                            _consequence(action, area, label),
                            label,
                            confirm_label=action.label,
                            note=action.note,
                        )
                    )
                )
            if action.danger == "type":  # bulk destructive: type the count
                return bool(
                    await self._ask(
                        TypeToConfirmDialog(
                            f"{action.label}: {who}",
                            _consequence(action, area, who),
                            str(len(items)),
                            confirm_label=action.label,
                            note=action.note,
                        )
                    )
                )
            return bool(
                await self._ask(
                    ConfirmDialog(
                        f"{action.label} {who}?",
                        _consequence(action, area, who),
                        confirm_label=action.label,
                        note=action.note,
                    )
                )
            )

        if form:

            async def submit(values: dict[str, Any]) -> Any:
                if not await confirm(values):
                    return KEEP_OPEN
                for item in items or [None]:  # type: ignore[list-item]
                    await self._send(area, action, item, values)
                return values

            fa = Action(**{**action.__dict__, "form": form})
            await self._ask(
                FormDialog(
                    fa, single, target=who, load_choices=lambda f: self._choices(f, single), submit=submit
                )
            )
            return
        if not await confirm({}):
            return
        from linode_tui.api.errors import LinodeError

        for item in items or [None]:  # type: ignore[list-item]
            try:
                await self._send(area, action, item, {})
            except LinodeError as exc:
                label = (item or {}).get(area.label_key, "") if item else ""
                self.report_problem(f"{action.label} {label}: {exc}")
                self.notify(f"{action.label} failed: {exc}", severity="error", timeout=8)

    async def _ask(self, screen: Any) -> Any:
        """Push a dialog and wait for its answer (call from a worker)."""
        return await self.push_screen_wait(screen)

    async def _boot_form(self, action: Action, item: dict[str, Any]) -> tuple[Any, ...]:
        from linode_tui.api.errors import LinodeError

        s = self.services
        assert s is not None
        try:
            page = await s.client.get_page(fill("/linode/instances/{id}/configs", item))
        except LinodeError:
            return ()
        return action.form if page.results > 1 else ()

    async def _choices(self, f: Any, item: dict[str, Any] | None) -> list[tuple[str, str]]:
        s = self.services
        assert s is not None and f.choices is not None
        return await s.choices(f.choices, item)

    async def _send(
        self, area: Area, action: Action, item: dict[str, Any] | None, values: dict[str, Any]
    ) -> Any:
        s = self.services
        assert s is not None
        body = dict(values)
        path = action.path
        if item is not None:
            path = fill(path, {**item, **{k: v for k, v in body.items() if isinstance(v, str | int)}}, area)
        # Path parameters taken from the form are not part of the body.
        for k in list(body):
            if "{" + k + "}" in action.path:
                body.pop(k)
        client = s.client
        if action.method == "POST":
            result = await client.post(path, json=body)
        elif action.method == "PUT":
            result = await client.put(path, json=body)
        else:
            result = await client.delete(path)
        if action.key == "seen":
            self.query_one(StatusPanel).mark_all_seen()
        label = (item or {}).get(area.label_key) or (values.get("label") if values else "") or ""
        verb = action.verb or "done"
        self.notify(Text(f"{action.label}: {label} — {verb}").plain, timeout=4)
        if self.poller is not None:
            self.poller.kick()
        # The list/detail reflect the change right away (the cache was invalidated by the client).
        for view in self.query(AreaView):
            if view.area.key == area.key:
                if isinstance(view, ResourceListView):
                    if item is not None and action.method != "DELETE":
                        view.refresh_entity(item.get(area.id_key))
                    else:
                        view.load(force=True)
                elif isinstance(view, DetailView):
                    view.reload(force=True)
        return result


def _consequence(action: Action, area: Area, who: str) -> str:
    texts = {
        "delete": f"This permanently deletes {who} and everything on it. It cannot be undone.",
        "reboot": f"{who} will reboot: running processes are stopped.",
        "shutdown": f"{who} will be powered off.",
        "boot": f"{who} will be powered on.",
        "resize": f"{who} will be resized to the new plan.",
        "rebuild": f"{who} will be rebuilt from the chosen image. All its data is lost.",
        "restore": f"The backup will be restored onto {who}.",
        "detach": f"{who} will be detached from its Linode.",
    }
    return texts.get(action.key, f"{action.label}: {who}.")


def make_app(
    settings: Settings, api: Any = None, *, sim: Any = None, client_factory: Any = None
) -> LinodeTUI:
    """Build the app around a shared client (tests pass a simulator-backed one)."""
    services = None
    if api is not None:
        target = "DEMO" if settings.demo else str(getattr(api, "base_url", ""))
        services = Services(client=api, settings=settings, sim=sim, target=target)
    return LinodeTUI(settings, services, client_factory=client_factory)


__all__ = ["LinodeTUI", "make_app"]
