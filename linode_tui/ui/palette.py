"""Ctrl+P: areas, resources by label and the actions on the selection (the same rule as the `a`
menu: actions that cannot run are listed with the reason and say it when picked)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from linode_tui.core.registry import AREAS
from linode_tui.ui.actions import describe
from linode_tui.ui.views.listing import ResourceListView

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI


class TUICommands(Provider):
    """Ctrl+P: areas, resources by label, actions on the selected resource."""

    @property
    def tui(self) -> LinodeTUI:
        return self.app  # type: ignore[return-value]

    def _entries(self) -> list[tuple[str, Any, str]]:
        out: list[tuple[str, Any, str]] = []
        for a in AREAS:
            out.append((f"Go to {a.title}", partial(self.tui.open_area, a), f":{a.key}"))
        out.append(("API operations (every operation)", partial(self.tui.run_command, "api"), ":api"))
        # The app's own commands replace Textual's system ones: keep the theme switch (remembered).
        out.append(("Change theme", self.tui.action_change_theme, "pick a colour theme; it is remembered"))
        from linode_tui.ui import ops

        current = self.tui.settings.profile or "default"
        for name in ops.profile_names(self.tui):
            if name != current:
                switch = partial(self.tui.open_profile, name)
                out.append((f"Switch to profile {name}", switch, f":ctx {name}"))
        view = self.tui.current_view()
        if view is not None and view.area.path:
            items = view.selected_items()
            target = describe(view.area, items) if len(items) == 1 else view.area.title
            out.append((f"API operations for {target}", partial(self._explore, view.area, items), ":api"))
        if view is not None:
            items = view.selected_items()
            who = describe(view.area, items)
            for act, reason in self.tui.runner.menu_rows(view.area, items):
                what = "" if act.on_collection else f" — {who}"
                out.append(
                    (
                        f"{act.label}{what}",
                        partial(self.tui.start_action, view.area, act, items, view),
                        f"{view.area.title}: unavailable, {reason}" if reason else view.area.title,
                    )
                )
            if isinstance(view, ResourceListView):
                for item in list(view.rows.values())[:5000]:
                    label = str(item.get(view.area.label_key) or item.get(view.area.id_key))
                    out.append(
                        (f"Open {label}", partial(self.tui.open_detail, view.area, item), view.area.title)
                    )
        return out

    def _explore(self, area: Any, items: list[dict[str, Any]]) -> None:
        from linode_tui.ui.views.explorer import open_explorer

        open_explorer(self.tui, area=area, item=items[0] if len(items) == 1 else None)

    async def discover(self) -> Hits:
        for name, cb, help_text in self._entries()[:40]:
            yield DiscoveryHit(Text(name), cb, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, cb, help_text in self._entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), cb, help=help_text)


__all__ = ["TUICommands"]
