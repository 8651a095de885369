"""The Textual App: layout, the view stack, the `:` command dispatch and the bridge from the event
poller and the client's notices to the status panel. Actions run through :mod:`linode_tui.ui.actions`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList

from linode_tui import __version__
from linode_tui.core.commands import COMMANDS, Command, CommandError, parse
from linode_tui.core.descriptors import Action, Area
from linode_tui.core.registry import AREAS, area_for
from linode_tui.core.services import Services, Settings
from linode_tui.paths import user_config_present
from linode_tui.ui.guard import gone, guarded
from linode_tui.ui.views.base import AreaView
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.chrome import AppHeader, CommandBar, NavPanel
from linode_tui.ui.widgets.keyhints import KeyHints
from linode_tui.ui.widgets.status_panel import StatusPanel

_FROZEN = False
KEEP_LISTS = 6  # root list views kept alive (hidden) for a quick return, newest first
FIRST_ROWS_WAIT = 1.0  # seconds start-up work waits at most for the first view's first rows
FIRST_VIEW_HOLD = 0.5  # seconds the first frame waits at most for the first view to mount

# Only what the first frame needs is imported above: dialogs, the action runner, the palette, the
# detail, stats and dashboard views load when first used (tests/test_import_budget.py keeps it so).


def _palette_provider() -> type[Any]:
    from linode_tui.ui.palette import TUICommands

    return TUICommands


def _is_detail(view: Any) -> bool:
    """Is this a DetailView? (Without importing it: no detail view exists before it is imported.)"""
    import sys

    mod = sys.modules.get("linode_tui.ui.views.detail")
    return mod is not None and isinstance(view, mod.DetailView)


def styles_dir() -> Path:
    """The TCSS files: inside the installed package, or the repo's top-level styles/."""
    pkg = Path(__file__).resolve().parents[1]
    for cand in (pkg / "styles", pkg.parent / "styles"):
        if (cand / "app.tcss").exists():
            return cand
    return pkg / "styles"


class Body(Horizontal):
    """The area list (when shown) and the view: both cover it (BLANK, as MainScreen)."""

    BLANK = True


class Main(Container):
    """Where the view of the area on screen is mounted: it covers it (BLANK, as MainScreen)."""

    BLANK = True


class MainScreen(Screen[None]):
    """The app's own screen. While the `:` line is open it keeps the focus: a view that mounts
    (or a deferred focus call) cannot take the keys typed into it. Closing the line releases it."""

    #: No border and no content of its own: its lines are its background (Textual's BLANK skips
    #: rendering them line by line, ~1.3 ms of each full frame; the widgets on it draw themselves).
    BLANK = True

    _resumed = False
    #: Screen.focused without its repaint of the whole screen: a focus change restyles the widgets
    #: it concerns (Textual's focus styles), and they repaint themselves (one frame less per hop).
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Its first showing waits (at most FIRST_VIEW_HOLD) until the view opened at start (the -c
        list, the dashboard) is mounted: Textual draws the screen when it resumes (Screen's own
        handler, which runs after this one), and a view still mounting is left out of that frame,
        drawn a refresh later. So the first frame is the whole screen, with the rows the view found
        in the cache, instead of an empty shell and then a second full frame (issue 14).

        The first resume also skips the restyle of every node a resume does (for a screen shown
        again after a theme change while it was covered): each node was styled as it was mounted,
        moments ago, and nothing has changed the styles since (~8 ms before the first frame)."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        app = self.app
        mounting = getattr(app, "first_view_mounting", None)
        if mounting is None:
            return
        app.first_view_mounting = None  # type: ignore[attr-defined]
        import asyncio

        try:
            await asyncio.wait_for(asyncio.ensure_future(mounting), FIRST_VIEW_HOLD)
        except Exception:  # a timeout or a failed mount: the frame comes anyway
            pass

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        focused = self.focused
        if isinstance(focused, CommandBar) and focused.has_class("-open") and widget is not focused:
            return
        super().set_focus(widget, scroll_visible=scroll_visible, from_app_focus=from_app_focus)


class LinodeTUI(App[None]):
    TITLE = "linode-tui"
    CSS_PATH = str(styles_dir() / "app.tcss")
    COMMANDS: ClassVar[set[Any]] = {_palette_provider}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: checked before the key is forwarded to the focused widget, so the keys queued
        # right behind ':' (fast typing) already reach the command line. Not while typing text.
        Binding("colon", "command", "Command", key_display=":", priority=True, id="app.command"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("escape", "go_back", "Back", show=False, id="app.back"),
        Binding("ctrl+b", "toggle_nav", "Areas", show=False, id="app.areas"),
        Binding("ctrl+e", "toggle_events", "Events panel", show=False, id="app.events"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
    ]

    def __init__(self, settings: Settings, services: Services | None, *, client_factory: Any = None) -> None:
        super().__init__()
        self.settings = settings
        self.services: Services | None = services
        # How the welcome screen builds a client for a pasted token (tests bind it to the simulator).
        self.client_factory = client_factory
        self.poller: Any = None
        self._runner: Any = None
        # Start-up: the first page fetched while the UI was imported (linode_tui.startup.Prefetch),
        # and what to do once the first frame is on the screen (the demo builds its simulator).
        self.prefetch: Any = None
        self.after_first_frame: list[Any] = []
        self._first_frame_shown = False
        self.first_view_mounting: Any = None  # the first view's mount, awaited by the first frame
        # The profile, grants, look-ups and event polling wait until the first view shows its first
        # rows (or FIRST_ROWS_WAIT): they compete with them for the one event loop.
        self._after_first_rows: list[Any] = []
        self._first_rows_shown = False
        self._kept: list[ResourceListView] = []
        self._nav_area: str | None = None  # the area the area list highlights
        self._lookups: dict[str, dict[Any, dict[str, Any]]] = {}
        self._theme_at_start = self.theme
        from linode_tui.ui import theme

        theme.apply(self)  # the named styles exist before anything renders
        # Account profiles (ui/ops.py): the services of each profile used so far (each client keeps
        # its own cache) and how to build one for another profile (tests bind it to simulators).
        self.profile_services: dict[str, Services] = {}
        self.services_factory: Any = None
        self.panel_states: dict[str, Any] = {}  # the events panel of each profile
        self._wait_timer: Any = None  # counts the seconds in the titles while a request is slow
        if not settings.poll:
            self.animation_level = "none"

    @property
    def runner(self) -> Any:
        """The one action path (ui/actions.py), imported with the dialogs on first use."""
        if self._runner is None:
            from linode_tui.ui.actions import ActionRunner

            self._runner = ActionRunner(self)
        return self._runner

    def on_ready(self) -> None:
        self._first_frame_shown = True
        hooks, self.after_first_frame = self.after_first_frame, []
        for hook in hooks:
            hook()

    def after_first_rows(self, *hooks: Any) -> None:
        """Run these once the first view has shown its first rows (:meth:`first_rows_shown`), at the
        latest FIRST_ROWS_WAIT seconds from now; at once if that already happened."""
        if self._first_rows_shown:
            for hook in hooks:
                hook()
            return
        self._after_first_rows += hooks
        self.set_timer(FIRST_ROWS_WAIT, self._run_after_first_rows)

    def first_rows_shown(self) -> None:
        """The first view has its first rows (or its error) on screen, or has nothing to load: the
        work that waited for it runs after this refresh."""
        if not self._first_rows_shown:
            self.call_after_refresh(self._run_after_first_rows)

    def _run_after_first_rows(self) -> None:
        self._first_rows_shown = True
        hooks, self._after_first_rows = self._after_first_rows, []
        for hook in hooks:
            hook()

    @property
    def startup_pending(self) -> bool:
        """Is start-up work still waiting for the first frame or the first rows, or is the profile,
        grants and look-ups bootstrap still running?"""
        if self.after_first_frame or self._after_first_rows:
            return True
        return any(w.group == "bootstrap" and not w.is_finished for w in self.workers)

    # -- layout ------------------------------------------------------------------------------
    def get_default_screen(self) -> Screen[None]:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        with Body(id="body"):
            if self.size.width >= 140:  # else hidden at start: mounted when first shown (ctrl+b)
                yield NavPanel()
            yield Main(id="main")
        yield CommandBar()
        yield StatusPanel(now=self.settings.now, id="status")
        yield KeyHints()  # what Footer shows, as one widget (issue 14: no recompose per hop)

    def on_mount(self) -> None:
        import gc

        # Everything imported so far lives for the whole session: keep it out of the collector's
        # scans, so full collections while large lists load stay short. Once per process (a test
        # run builds many apps: freezing again would keep their leftovers forever).
        global _FROZEN
        if not _FROZEN:
            gc.freeze()
            _FROZEN = True
        gc.enable()  # the command line turned it off while the UI started (linode_tui.cli.main)
        self._apply_theme_preference()
        if getattr(self.settings, "config", None) is not None:
            self._apply_user_config()  # config.toml was read at start: cheap now
        else:
            # Reading config.toml means pydantic (~100 ms): not before the first frame, and not at
            # all when there is nothing to read (right after the first frame it delayed the rows).
            if user_config_present():
                self.after_first_frame.append(self._apply_user_config)
        self.update_header()
        if self.services is None:
            from linode_tui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())
            return
        self.start()

    def _apply_user_config(self) -> None:
        """The user's keymap and aliases from config.toml (Tab completes the aliases too)."""
        from linode_tui.ui import ops

        ops.apply_keymap(self)
        aliases = ops.user_config(self).aliases
        if aliases:
            from textual.suggester import SuggestFromList

            from linode_tui.core.commands import command_words

            words = command_words(aliases)
            self.query_one(CommandBar).suggester = SuggestFromList(words, case_sensitive=False)

    # -- theme -------------------------------------------------------------------------------
    def _apply_theme_preference(self) -> None:
        """The theme from LINODE_TUI_THEME or config.toml; later changes (the palette's theme
        switch) are remembered in config.toml."""
        from linode_tui.ui import theme

        theme.install(self)
        if not user_config_present():
            return  # no LINODE_TUI_* variable and no config.toml: no preference (config.py not needed)
        from linode_tui.config import theme_preference

        name, source = theme_preference()
        if name:
            if name in self.available_themes:
                self.theme = name
            else:
                known = ", ".join(sorted(self.available_themes))
                self.notify(
                    f"Unknown theme {name!r} (from {source}); available: {known}",
                    severity="warning",
                    timeout=10,
                )
        self._theme_at_start = self.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, new_theme: Any) -> None:
        # The named styles were re-mapped (ui.theme): texts made before the switch are redone.
        from textual.widgets import Static

        for screen in self.screen_stack:
            for static in screen.query(Static):
                content = static.content
                if isinstance(content, Text):
                    static.update(content)
            screen.refresh(repaint=True)
        self.update_header()
        name = getattr(new_theme, "name", None)
        if not name or name == self._theme_at_start:
            return
        self._theme_at_start = name
        from linode_tui.config import ConfigError, remember_theme

        try:
            remember_theme(name)
        except (ConfigError, OSError) as exc:
            self.notify(f"Theme {name!r} is used now but not remembered: {exc}", severity="warning")

    def start(self) -> None:
        services = self.services
        assert services is not None
        services.client.add_listener(self._client_notice)
        self.query_one(StatusPanel).server_now = getattr(services.client, "server_now", None)
        if self.prefetch is not None:
            prefetch, self.prefetch = self.prefetch, None
            prefetch.adopt(services.client)
        services.client.add_listener(self._wait_notice, kinds={"slow", "answered"})
        self.update_header()
        # the profile, grants, look-ups and events can wait until the first rows are shown
        if self._first_frame_shown:
            self.after_first_rows(self._bootstrap, self._start_poller)
        else:
            self.after_first_frame.append(lambda: self.after_first_rows(self._bootstrap, self._start_poller))
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

    def header_badges(self) -> list[str]:
        """The state badges the header shows: READ-ONLY (the flag or profile), READ-ONLY TOKEN (the
        token's scopes allow no change anywhere), THROTTLED (the client waits for a rate-limit
        window, or a 429 episode lasts)."""
        s = self.services
        if s is None:
            return []
        badges: list[str] = []
        if s.read_only:
            badges.append("READ-ONLY")
        else:
            scopes = getattr(s.client, "scopes", None)
            if scopes is not None and getattr(scopes, "read_only_everywhere", False):
                badges.append("READ-ONLY TOKEN")
        throttled = bool(getattr(s.client, "throttled", False))
        until = getattr(s.client, "rate_limited_until", None)
        if not throttled and callable(until):
            throttled = until() is not None
        if throttled:
            badges.append("THROTTLED")
        return badges

    def update_header(self) -> None:
        from linode_tui.ui.fmt import styled

        t = Text()
        t.append("linode-tui", "bold")
        t.append(f" {__version__}  ", "muted")
        s = self.services
        if s is None:
            t.append("not signed in", "warning")
        else:
            demo = self.settings.demo and s.target == "DEMO"  # not after :ctx to a real profile
            if s.username:
                t.append(s.username)
                profile = self.settings.profile or ("" if demo else "default")
                if profile:
                    t.append(f"@{profile}", "muted")
                t.append("  ")
            t.append(" DEMO " if demo else s.target, "reverse" if demo else "muted")
            for badge in self.header_badges():
                t.append("  ")
                look = "badge-warning" if badge == "THROTTLED" else "badge-error"
                t.append_text(styled(f" {badge} ", look))
        view = self.current_view()
        if view is not None:
            t.append("   ")
            t.append(view.view_title(), "bold")
        header = self.query_one(AppHeader)
        header.update(t, layout=False)  # one docked line, full width: no relayout of the screen
        colour = None
        if s is not None and self.settings.configured():
            from linode_tui.ui import ops  # only a configured profile has an accent

            colour = ops.accent(self)
        if colour is None and not header.styles.inline.has_rule("background"):
            return  # no accent, none to take away
        try:
            header.styles.background = colour  # a per-profile accent (e.g. red for prod)
        except Exception:
            header.styles.background = None

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
                s.lookup = self.lookup
            except LinodeError:
                continue
        view = self.current_view()
        if _is_detail(view):
            view.render_summary()  # type: ignore[union-attr]

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

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and gone(self):
            return  # keys still queued while the app shuts down (its screens are gone)
        await super().on_event(event)

    async def on_unmount(self) -> None:
        if self.poller is not None:
            self.poller.stop()

    def _on_event_update(self, update: Any) -> None:
        # Called from the poller task (same event loop): hop onto the message queue.
        self.call_later(self.handle_event_update, update)

    def status_panel(self) -> StatusPanel | None:
        """The events panel; None once the app is closing (its widgets are gone, while an update
        the poller queued just before it stopped can still arrive)."""
        found = self.query(StatusPanel)
        return found.first() if found else None

    def handle_event_update(self, update: Any) -> None:
        try:
            self._apply_event_update(update)
        except Exception as exc:  # an odd event must not end the app
            self.report_problem(f"Could not show an event update: {type(exc).__name__}: {exc}")

    def _apply_event_update(self, update: Any) -> None:
        s = self.services
        panel = self.status_panel()
        if s is None or panel is None:
            return
        kind = getattr(update, "kind", "")
        if kind == "error":
            err = getattr(update, "error", None)
            panel.report_problem(f"Event updates: {err}")
            return
        panel.clear_problems("error") if kind in ("new", "progress", "finished") else None
        event = getattr(update, "event", None) or {}
        panel.update_event(
            event,
            eta_seconds=getattr(update, "eta_seconds", None),
            eta_estimated=bool(getattr(update, "eta_estimated", False)),
        )
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
        """The client's notices in the status panel. A rate limit is ONE message per limit class
        that counts down to ``retry_at`` (the client sends one ``rate_limited`` per 429 episode,
        ``throttled`` when it waits for a window itself) until ``unthrottled``. ``slow``/``answered``
        (mere waiting) are not problems and are not shown here."""
        kind = getattr(notice, "kind", "")
        message = getattr(notice, "message", str(notice))
        panel = self.status_panel()
        if panel is None:
            return
        class_ = getattr(notice, "limit_class", None) or "API"
        retry_at = getattr(notice, "retry_at", None)
        if kind in ("slow", "answered"):
            return
        if kind == "rate_limited":
            panel.report_countdown(
                f"rate:{class_}", f"The API says too many {class_} requests (429)", retry_at
            )
        elif kind == "throttled":
            panel.report_countdown(
                f"rate:{class_}", f"Rate limit reached for {class_} requests: waiting", retry_at
            )
        elif kind in ("unthrottled", "recovered"):
            panel.clear_countdown(f"rate:{class_}" if getattr(notice, "limit_class", None) else None)
        elif kind == "retrying":
            panel.report_problem(message, "warning")
        else:
            panel.report_problem(message, "error")
        self.update_header()

    def _wait_notice(self, notice: Any) -> None:
        """A request has had no answer for ~2 s, or got it: the views' titles say so, counting the
        seconds while any request waits."""
        self._show_waiting()
        s = self.services
        if s is not None and s.client.waiting():
            if self._wait_timer is None:
                self._wait_timer = self.set_interval(1.0, self._show_waiting)
        elif self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None

    def _show_waiting(self) -> None:
        if gone(self):
            return
        for view in self.query(AreaView):
            changed = getattr(view, "wait_changed", None)
            if callable(changed):
                changed()

    def api_recovered(self) -> None:
        panel = self.status_panel()
        if panel is not None and panel.state.problems:
            panel.clear_problems()
            panel.report_problem("The API answers again.", "info")

    def report_problem(self, message: str, severity: str = "error") -> None:
        panel = self.status_panel()
        if panel is not None:  # else the app is closing: nothing left to show it on
            panel.report_problem(message, severity)

    # -- the view stack ----------------------------------------------------------------------
    def views(self) -> list[AreaView]:
        """The view stack (bottom first); list views kept for a return are not part of it, nor views
        on their way out (a second Escape must not remove the view a first one removed)."""
        kept = self._kept
        return [
            v for v in self.query_one("#main").query_children(AreaView) if v not in kept and not v._pruning
        ]

    def _kept_lists(self) -> list[ResourceListView]:
        """Root lists kept, hidden, for a return (oldest first). Not a CSS class: a class change
        would restyle the whole view (tens of ms at 10,000 rows' worth of widgets)."""
        self._kept = [v for v in self._kept if v.is_attached]
        return list(self._kept)

    def current_view(self) -> AreaView | None:
        try:
            views = self.views()
        except Exception:
            return None
        return views[-1] if views else None

    def push_view(self, view: AreaView, *, root: bool = False) -> None:
        found = self.query("#main")
        if not found:  # the app is closing (a late area pick from the list): nothing to show it in
            return
        main = found.first()
        if root:
            self._retire_stack()
        else:
            for v in self.views():
                v.display = False
        if (isinstance(view, ResourceListView) or _is_detail(view)) and self.settings.configured():
            from linode_tui.ui import ops  # row commands come from config.toml

            ops.add_command_bindings(self, view)
        mounting = main.mount(view)
        if not self._first_frame_shown:
            self.first_view_mounting = mounting  # see MainScreen.on_screen_resume
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
        wanted = (xfilter or dict(area.default_filter), query_text, client_filter)
        from linode_tui.ui.widgets.vtable import ResourceTable

        for kept in self._kept_lists():
            if kept.area is area:
                # A list retired before it finished mounting (hops faster than views mount) has no
                # table to show yet: it is replaced, not re-shown.
                ready = kept.is_mounted and bool(kept.query(ResourceTable))
                if ready and (kept.xfilter, kept.query_text, kept.client_filter) == wanted:
                    self._reshow(kept)
                    break
                self._kept.remove(kept)
                kept.remove()  # another query of this area: the new one replaces it
        else:
            view = ResourceListView.for_area(
                area, xfilter=xfilter, query_text=query_text, client_filter=client_filter
            )
            self.push_view(view, root=True)
        self._nav_area = area.key
        nav = self._nav_panel()
        if nav is not None:
            self._highlight_nav(nav)

    def _nav_panel(self) -> NavPanel | None:
        """The area list, if it was mounted (at start only on a wide screen; else on ctrl+b)."""
        panels = self.query(NavPanel)
        return panels.first() if panels else None

    def _highlight_nav(self, nav: NavPanel) -> None:
        for i in range(nav.option_count):
            if nav.get_option_at_index(i).id == self._nav_area:
                nav.highlighted = i

    def _retire_stack(self, keep: AreaView | None = None) -> None:
        """Before a new root view: the root list is kept, hidden, for a quick return (:volumes,
        then :linodes again shows the same widgets and rows at once); every other view closes."""
        for i, v in enumerate([v for v in self.views() if v is not keep]):
            if i == 0 and isinstance(v, ResourceListView):
                for older in self._kept_lists():
                    if older.area is v.area:
                        self._kept.remove(older)
                        older.remove()  # one kept list per area: the newest
                v.display = False
                self._kept.append(v)
            else:
                v.remove()
        for old in self._kept_lists()[:-KEEP_LISTS]:
            self._kept.remove(old)
            old.remove()

    def _reshow(self, view: ResourceListView) -> None:
        """Bring back a kept list view: on top of the stack, its rows as they were, then brought
        up to date (from the cache within its TTL: no request)."""
        main = self.query_one("#main")
        self._kept.remove(view)  # first: retiring the stack may keep another list of this area
        self._retire_stack(keep=view)
        children = list(main.children)
        if children and children[-1] is not view:
            main.move_child(view, after=children[-1])
        view.display = True
        from linode_tui.ui.widgets.vtable import ResourceTable

        view.query_one(ResourceTable).focus()  # not a hidden view's widget: the keys come here
        self.call_after_refresh(view.load)  # first the rows it has, painted; then up to date
        self.update_header()  # in the same frame (the header line only repaints)

    def open_dashboard(self) -> None:
        from linode_tui.ui.views.dashboard import DashboardView

        self.push_view(DashboardView(), root=True)

    def open_detail(self, area: Area, item: dict[str, Any]) -> None:
        from linode_tui.ui.views.detail import DetailView

        self.push_view(DetailView.for_area(area, item))

    @on(OptionList.OptionSelected, "#nav")
    def _nav(self, event: OptionList.OptionSelected) -> None:
        area = area_for(event.option.id or "")
        if area is not None:
            self.open_area(area)

    def action_toggle_nav(self) -> None:
        nav = self._nav_panel()
        if nav is None:  # first shown: mounted now (issue 14: not styled before the first frame)
            nav = NavPanel()
            self.query_one("#body").mount(nav, before=0)
            self._highlight_nav(nav)
        else:
            nav.toggle_class("-hidden")
        if not nav.has_class("-hidden"):
            nav.focus()

    def action_toggle_events(self) -> None:
        panel = self.query_one(StatusPanel)
        panel.toggle_class("-collapsed")
        panel.fit()

    def action_command_palette(self) -> None:
        from linode_tui.ui.dialogs import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            # No fixed id (Textual's own palette has one): the palette an enter just closed may still be
            # on its way out when ctrl+p opens the next one, and two screens cannot share an id.
            self.push_screen(CommandPalette())  # ours answers once

    # -- the command line --------------------------------------------------------------------
    def action_command(self) -> None:
        self.query_one(CommandBar).open()

    def on_paste(self, event: events.Paste) -> None:
        """A pasted ``:command`` (bracketed paste, e.g. from tmux) goes to the command line; with a
        line break after it, it runs."""
        bar = self.query_one(CommandBar)
        text = event.text.lstrip()
        if self.focused is bar or not text.startswith(":"):
            return
        event.stop()
        line, newline, _ = text[1:].replace("\r", "\n").partition("\n")
        bar.open(line.strip())
        if newline and line.strip():
            self._submit_command(line.strip())

    @on(Input.Submitted, "#command")
    def _command(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_command(event.value.strip())

    def _submit_command(self, text: str) -> None:
        bar = self.query_one(CommandBar)
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
        """Run a `:` command (the command line and ``-c`` share the one parser). Returns an error
        message, or None."""
        aliases: dict[str, str] = {}
        if self.settings.configured():
            from linode_tui.ui import ops  # aliases come from config.toml

            aliases = ops.user_aliases(self)
        try:
            command = parse(text, aliases)
        except CommandError as exc:
            return str(exc)
        self.dispatch_command(command)
        return None

    def dispatch_command(self, command: Command) -> None:
        if command.name == "area" and command.area is not None and command.profiles:
            from linode_tui.ui.views.fanout import FanOutListView

            self.push_view(
                FanOutListView.for_area(
                    command.area, profiles=command.profiles, xfilter=command.xfilter, query_text=command.arg
                ),
                root=True,
            )
        elif command.name == "area" and command.area is not None:
            self.open_area(command.area, xfilter=command.xfilter, query_text=command.arg)
        elif command.name == "quit":
            self.exit()
        elif command.name == "help":
            self.action_help()
        elif command.name == "dashboard":
            self.open_dashboard()
        elif command.name == "ctx":
            self.open_profile(command.arg)
        elif command.name == "audit":
            from linode_tui.ui.views.audit import AuditView

            self.push_view(AuditView(), root=True)
        elif command.name == "doctor":
            from linode_tui.ui.views.doctor import DoctorView

            self.push_view(DoctorView(), root=True)
        elif command.name == "stats":
            from linode_tui.ui.views.stats import open_stats

            open_stats(self, command.arg)
        elif command.name == "api":
            from linode_tui.ui.views.explorer import open_explorer

            open_explorer(self, command.arg)

    # -- account profiles ------------------------------------------------------------------
    def open_profile(self, name: str) -> None:
        """`:ctx NAME` switches to profile NAME; `:ctx` alone offers the known profiles."""
        from linode_tui.ui import ops
        from linode_tui.ui.dialogs import MenuDialog

        if name:
            self.run_worker(ops.switch_profile(self, name), group="profile", exclusive=True,
                            exit_on_error=False)
            return
        current = self.settings.profile or "default"
        options = [
            (p, Text(p + ("  (current)" if p == current else "")), True) for p in ops.profile_names(self)
        ]
        if not options:
            self.notify("No profiles are configured (config.toml [profiles.NAME]).", severity="warning")
            return

        def picked(choice: str | None) -> None:
            if choice:
                self.open_profile(choice)

        self.push_screen(MenuDialog("Switch profile", options), picked)

    def services_for(self, items: list[dict[str, Any]]) -> Services | None:
        """Whom to ask about these rows: the profile they came from (a fan-out list mixes profiles;
        None when they come from several), else the current profile."""
        names = {i.get("_profile") for i in items if isinstance(i, dict) and i.get("_profile")}
        if not names:
            return self.services
        if len(names) > 1:
            return None
        name = str(names.pop())
        if name == (self.settings.profile or "default"):
            return self.services
        return self.profile_services.get(name)

    def reload_root_view(self) -> None:
        """After a profile switch: the same area again (with its query) from the new account."""
        views = self.views()
        root = views[0] if views else None
        from linode_tui.ui.views.records import RecordsView

        if isinstance(root, ResourceListView):
            self.open_area(root.area, xfilter=root.xfilter, query_text=root.query_text)
        elif isinstance(root, RecordsView):
            self.push_view(type(root)(), root=True)
        else:
            self.open_dashboard()

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
                t.append("  (disabled here)", "muted")
            t.append("\n")
        t.append("\nCommand line (:)\n", "bold")
        t.append("  :AREA [QUERY]   open an area, optionally with a server-side query\n")
        t.append(
            "  areas: "
            + ", ".join(f"{a.key}" + (f"/{a.aliases[0]}" if a.aliases else "") for a in AREAS)
            + "\n"
        )
        for c in COMMANDS:
            t.append(f"  {c.usage:<16}", "bold")
            t.append(c.help + "\n")
        from linode_tui.ui import ops

        for name, target in ops.user_config(self).aliases.items():
            t.append(f"  :{name:<15}", "bold")
            t.append(f"your alias: {target}\n")
        t.append("\nQueries\n", "bold")
        t.append("  label ~ web and region = us-east      ~ contains, = != > >= < <=\n")
        t.append("  status != running or tags = prod       and binds tighter than or; ( ) group\n")
        t.append("  specs.memory >= 4096  sort:-created    dotted fields; sort:FIELD or sort:-FIELD\n")
        t.append("\nEverywhere\n", "bold")
        t.append("  ctrl+p  command palette   ctrl+b  areas   ctrl+e  events panel   ctrl+q  quit\n")
        from linode_tui.ui.dialogs import TextDialog

        self.push_screen(TextDialog("Help", t))

    def typing_text(self) -> bool:
        """Is a text field (or a dialog) taking the keys? Then ':' and '/' are just characters."""
        import sys

        text_area = sys.modules.get("textual.widgets._text_area")  # none exists before it is imported
        kinds = (Input, text_area.TextArea) if text_area is not None else (Input,)
        return isinstance(self.focused, kinds) or len(self.screen_stack) > 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command":
            return self.services is not None and not self.typing_text()
        return True

    # -- actions: the one runner -------------------------------------------------------------
    async def run_action(
        self,
        action: Any,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        if gone(self):  # a key still queued while the app shuts down does nothing
            return True
        handled = await super().run_action(action, default_namespace, namespaces)
        if not handled and isinstance(default_namespace, AreaView) and isinstance(action, str):
            # A key whose action is disabled here says why instead of doing nothing.
            reason = default_namespace.why_disabled(action)
            if reason:
                self.notify(reason, severity="warning")
                return True
        return handled

    def open_action_menu(
        self, area: Area, items: list[dict[str, Any]], origin: AreaView | None = None
    ) -> None:
        self.runner.open_menu(area, items, origin)

    def start_action(
        self, area: Area, action: Action, items: list[dict[str, Any]], origin: AreaView | None = None
    ) -> None:
        self.runner.start(area, action, items, origin)

    def mark_events_seen(self) -> None:
        self.query_one(StatusPanel).mark_all_seen()

    def refresh_area(self, area: Area, item: dict[str, Any] | None, *, deleted: bool = False) -> None:
        """After an action: the lists and details of this area show the change at once (the
        client already invalidated its cache)."""
        parents = []  # a sub-resource's parent, and the parent's parent (a config of a node)
        sub = area.sub_of
        while sub is not None:
            parents.append(sub.area)
            sub = sub.area.sub_of
        for view in self.query(AreaView):
            if any(view.area is p for p in parents) and _is_detail(view):
                view.reload(force=True)  # type: ignore[attr-defined]  # a sub-resource (a disk, a record) changed: re-read its tab
                continue
            if view.area is not area:
                continue
            if isinstance(view, ResourceListView):
                if item is not None and not deleted:
                    view.refresh_entity(area.key_of(item))
                else:
                    view.load(force=True)
            elif _is_detail(view):
                view.reload(force=True)  # type: ignore[attr-defined]


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
