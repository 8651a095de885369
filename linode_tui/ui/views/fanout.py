"""`:linodes @all` (or `@prod,lab`): one area listed across several account profiles at once, with a
Profile column. Each profile is asked in parallel with its own client; one that fails shows its
error and the others still show. An action on a row goes to that row's profile (``_profile``)."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import work
from textual.widgets import Static

from linode_tui.core.descriptors import Area
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import action_bindings
from linode_tui.ui.views.listing import ResourceListView
from linode_tui.ui.widgets.vtable import Column, ResourceTable


class FanOutListView(ResourceListView):
    def __init__(self, area: Area, *, profiles: tuple[str, ...] = ("*",), **kw: Any) -> None:
        super().__init__(area, **kw)
        self.profiles = profiles
        self.failures: dict[str, str] = {}

    @classmethod
    def for_area(cls, area: Area, **kw: Any) -> FanOutListView:
        sub = type(f"{area.key.title()}FanOutView", (cls,), {"BINDINGS": action_bindings(area)})
        return sub(area, **kw)  # type: ignore[no-any-return]

    def view_title(self) -> str:
        return f"{self.area.title} @ {', '.join(self.names())}"

    @while_present
    def on_mount(self) -> None:
        # Textual also runs ResourceListView.on_mount (after this one): add the column after it.
        self.call_later(self._profile_column)

    def _profile_column(self) -> None:
        table = self.query_one(ResourceTable)
        profile = Column("_profile", "Profile", width=12)
        table.set_columns([profile, *[self._column(c) for c in self.area.columns]])

    def names(self) -> list[str]:
        from linode_tui.ui import ops

        if self.profiles == ("*",):
            return ops.profile_names(self.tui)
        return list(self.profiles)

    async def _services(self, name: str) -> Any:
        from linode_tui.ui import ops

        app = self.tui
        current = app.settings.profile or "default"
        if name == current and app.services is not None:
            app.profile_services.setdefault(current, app.services)
            return app.services
        known = app.profile_services.get(name)
        if known is not None:
            return known
        factory = app.services_factory or (lambda n: ops.build_profile_services(app, n))
        services = await factory(name)
        app.profile_services[name] = services
        return services

    async def _list(self, name: str, force: bool) -> list[dict[str, Any]]:
        services = await self._services(name)
        rows = await services.client.list_all(self.area.path, filter=self.xfilter or None, force=force)
        return [r for r in rows if isinstance(r, dict)]

    @work(group="list-load", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self, generation: int, force: bool) -> None:
        from linode_tui.api.errors import LinodeError
        from linode_tui.config import ConfigError

        names = self.names()
        self.loading = True
        self._update_title()
        results = await asyncio.gather(*(self._list(n, force) for n in names), return_exceptions=True)
        if generation != self.generation:
            return
        rows: list[dict[str, Any]] = []
        self.failures = {}
        for name, result in zip(names, results, strict=True):
            if isinstance(result, ConfigError | LinodeError):
                self.failures[name] = str(result)
                continue
            if isinstance(result, BaseException):
                self.failures[name] = f"{type(result).__name__}: {result}"
                continue
            for item in result:
                item["_profile"] = name
                item["_key"] = (name, self.area.key_of(item))
                rows.append(item)
        self.rows = {r["_key"]: r for r in rows}
        table = self.query_one(ResourceTable)
        table.set_rows(rows, key="_key")
        table.empty_message = "Nothing here."
        error = self.query_one("#error", Static)
        if self.failures:
            t = Text()
            for name, why in self.failures.items():
                t.append(f"⚠ {name}: ", "bold")
                t.append(f"{why}\n")
            error.update(t)
            self.add_class("-error")
            for name, why in self.failures.items():
                self.tui.report_problem(f"{self.area.title} @{name}: {why}")
        else:
            self.remove_class("-error")
        self.loading = False
        self.total = len(rows)
        self._update_title()

    def refresh_entity(self, entity_id: Any) -> None:  # type: ignore[override]
        self.load(force=True)

    def on_entity_event(self, event: dict[str, Any], kind: str) -> None:
        """The poller follows the current profile only; `r` reloads every profile."""
