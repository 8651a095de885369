"""Runtime state the UI shares (Textual-free): settings, the shared client, events in flight,
grants, look-ups for select fields and the one rule for which actions may run."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from linode_tui.api.client import LinodeClient
from linode_tui.core.descriptors import Action, Area, Choices, fill


class Settings(Struct):
    demo: bool = False
    demo_size: int = 30
    api_url: str | None = None
    read_only: bool = False
    profile: str | None = None
    command: str | None = None
    poll: bool = True  # tests turn the background poller off and drive it by hand
    seed: int = 1
    speed: float = 4.0  # demo lifecycles run faster than the real API
    now: Callable[[], float] = time.time
    token_source: str = ""
    config: Any = None  # config.toml as loaded (linode_tui.config.Settings); None: load when needed
    read_only_requested: bool = False  # --read-only itself (each profile may add its own)

    def configured(self) -> bool:
        """Is there a configuration to read (config.toml loaded, a config file, or LINODE_TUI_*
        variables)? Without one, keymaps, aliases, row commands and accents are the defaults, and
        nothing reads config.toml (no pydantic, no ui.ops before the first frame)."""
        from linode_tui.paths import user_config_present

        return self.config is not None or user_config_present()


class Verdict(Struct, frozen=True):
    """Whether an action can run: ``reason`` is None when it can."""

    reason: str | None
    hide: bool = False

    @property
    def ok(self) -> bool:
        return self.reason is None


class Services(Struct):
    client: LinodeClient
    settings: Settings
    sim: Any = None  # the in-process simulator in demo mode
    target: str = ""  # what the header says we talk to
    username: str = ""
    inflight: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    grants: Any = None  # linode_tui.api.scopes.Grants once loaded (None: not known yet)
    # The UI's cached look-ups (types, regions) for ``Action.blocked_by``; None: none loaded.
    lookup: Callable[[str, Any], dict[str, Any] | None] | None = None

    @property
    def read_only(self) -> bool:
        return bool(self.client.read_only)

    def why_not(
        self, action: Action, area: Area | None = None, items: list[dict[str, Any]] | None = None
    ) -> str | None:
        """None when the action may run; otherwise the reason it is disabled."""
        if self.read_only and action.method != "GET":
            return "read-only mode: nothing can be changed"
        grants = self.grants
        if grants is not None and not grants.unrestricted and area is not None and area.entity_type:
            if action.on_collection:
                name = area.add_grant
                if name and not grants.can_global(name):
                    return f"your user lacks the {name} grant"
            else:
                level = "read_only" if action.method == "GET" else action.item_grant
                for item in (items or []) if level else []:
                    if not grants.can(area.entity_type, item.get(area.id_key), level):
                        label = item.get(area.label_key)
                        return f"your user has no {level} grant on {label}"
            if action.add_grant and not grants.can_global(action.add_grant):
                return f"your user lacks the {action.add_grant} grant"
        scopes = getattr(self.client, "scopes", None)
        if scopes is not None and action.scope:
            try:
                if not scopes.can(action.scope):
                    return f"your token lacks the {action.scope} scope"
            except Exception:
                return None
        return None

    def verdict(self, area: Area, action: Action, items: list[dict[str, Any]]) -> Verdict:
        """The one rule for whether an action can run on these items, used by the `a` menu, the
        palette, the action keys and the runner itself. ``hide`` marks actions that make no sense
        for the selection at all (an item action with nothing selected, a single-item action on
        several marked rows); otherwise ``reason`` says why a shown action is disabled."""
        if not action.on_collection and not items:
            return Verdict("select a resource first", hide=True)
        if len(items) > 1 and not action.bulk and not action.on_collection:
            return Verdict(f"{action.label} works on one resource at a time", hide=True)
        targets = [] if action.on_collection else items
        reason = self.why_not(action, area, targets)
        if reason:
            return Verdict(reason)
        sub = area.sub_of
        while sub is not None:  # a sub-resource: changing it changes the parent (and its parent)
            as_parent = replace(
                action, on_collection=False, blocked=None, only_if=None, when=None
            )
            reason = self.why_not(as_parent, sub.area, [sub.item])
            if reason is None and sub.tab.parent_blocked is not None:
                reason = sub.tab.parent_blocked(action, sub.item)
            if reason:
                return Verdict(reason)
            sub = sub.area.sub_of
        if action.blocked is not None:
            for i in targets:
                why = action.blocked(i)
                if why:
                    return Verdict(why if len(targets) == 1 else f"{area.label_of(i)}: {why}")
        if action.blocked_by is not None:
            lookup = self.lookup or (lambda kind, key: None)
            for i in targets:
                why = action.blocked_by(i, lookup)
                if why:
                    return Verdict(why if len(targets) == 1 else f"{area.label_of(i)}: {why}")
        misfits = [i for i in targets if not self.applies(action, i, area)]
        if misfits:
            state = misfits[0].get(area.status_key or "status")
            what = area.label_of(misfits[0]) if len(misfits) == 1 else f"{len(misfits)} of them"
            return Verdict(f"not in this state ({what}: {state})" if state else f"does not apply to {what}")
        return Verdict(None)

    def applies(self, action: Action, item: dict[str, Any] | None, area: Area) -> bool:
        """Does the action make sense for this resource in its current state?"""
        if item is None:
            return True
        if action.only_if is not None and not action.only_if(item):
            return False
        if action.when is None or not area.status_key:
            return True
        return str(item.get(area.status_key)) in action.when

    async def choices(self, choices: Choices, item: dict[str, Any] | None) -> list[tuple[str, str]]:
        path = fill(choices.path, item or {}) if item else choices.path
        xf: dict[str, Any] | None = dict(choices.filter) if choices.filter else None
        if choices.filter_from is not None and item:
            xf = {**(xf or {}), **choices.filter_from(item)}
        data = await self.client.get(path, filter=xf) if xf else await self.client.get(path)
        rows: list[dict[str, Any]]
        if isinstance(data, dict) and "data" in data and isinstance(data["data"], list):
            if data.get("pages", 1) and int(data.get("pages") or 1) > 1:
                rows = await self.client.list_all(path, filter=xf)
            else:
                rows = data["data"]
        elif isinstance(data, dict) and "automatic" in data:  # /backups
            rows = list(data.get("automatic") or [])
            snap = data.get("snapshot") or {}
            rows += [b for b in (snap.get("current"), snap.get("in_progress")) if b]
        elif isinstance(data, list):
            rows = data
        else:
            rows = []
        out: list[tuple[str, str]] = []
        for r in rows:
            if not isinstance(r, dict):
                continue
            if choices.keep is not None and not choices.keep(r, item or {}):
                continue
            value = r.get(choices.value)
            label = choices.describe(r) if choices.describe else str(r.get(choices.label) or value)
            out.append((str(value) if not isinstance(value, int) else value, label))  # type: ignore[arg-type]
        return out
