"""The action runner: the one path every action takes — which actions are available and why not,
the confirmation, the form, the request, and the refresh of what is on screen.

The palette, the `a` menu, the action keys and the runner all ask one rule
(:meth:`Services.verdict`); what makes an action special is a hook on its descriptor.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from rich.text import Text

from linode_tui.core.descriptors import Action, Area, fill
from linode_tui.ui.dialogs import KEEP_OPEN, ConfirmDialog, FormDialog, MenuDialog, TypeToConfirmDialog

if TYPE_CHECKING:
    from linode_tui.ui.app import LinodeTUI
    from linode_tui.ui.views.base import AreaView


def describe(area: Area, items: list[dict[str, Any]]) -> str:
    """How messages name the target: its label, "3 linodes", or the area."""
    if not items:
        return area.title
    if len(items) == 1:
        return area.label_of(items[0])
    return f"{len(items)} {area.title.lower()}"


def _each(items: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """The targets of a request: each item, or one request without an item (create)."""
    return list(items) if items else [None]


async def _no_choices() -> list[tuple[str, str]]:
    return []


class ActionRunner:
    def __init__(self, app: LinodeTUI) -> None:
        self.app = app

    # -- what is available ---------------------------------------------------------------------
    def menu_rows(self, area: Area, items: list[dict[str, Any]]) -> list[tuple[Action, str | None]]:
        """The actions the `a` menu and the palette offer for this selection, with the reason when
        one is disabled."""
        services = self.app.services
        if services is None:
            return []
        rows: list[tuple[Action, str | None]] = []
        for a in area.actions:
            verdict = services.verdict(area, a, items)
            if not verdict.hide:
                rows.append((a, verdict.reason))
        return rows

    def open_menu(self, area: Area, items: list[dict[str, Any]], origin: AreaView | None = None) -> None:
        rows = self.menu_rows(area, items)
        if not rows:
            self.app.notify(f"No actions for {area.title} here.")
            return
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
        who = describe(area, items)

        def picked(key: str | None) -> None:
            act = area.action(key) if key else None
            if act is not None:
                self.start(area, act, [] if act.on_collection else items, origin)

        footer = f"All disabled: {common}." if common else ""
        self.app.push_screen(MenuDialog(f"Actions — {who}" if who else "Actions", options, footer), picked)

    # -- running -------------------------------------------------------------------------------
    def start(
        self, area: Area, action: Action, items: list[dict[str, Any]], origin: AreaView | None = None
    ) -> None:
        """Run an action if the rule allows it; otherwise say why (a toast and the status panel)."""
        services = self.app.services
        if services is None:
            return
        items = [] if action.on_collection else items
        verdict = services.verdict(area, action, items)
        if verdict.reason:
            self.app.notify(f"{action.label} is not available: {verdict.reason}.", severity="warning")
            self.app.report_problem(f"{action.label}: {verdict.reason}", "warning")
            return
        if action.opens is not None:  # a hand-written view; it sends through submit()
            self._open(area, action, items[0] if items else None)
            return
        self.app.run_worker(self._run(area, action, items), group="action", exit_on_error=False)

    def _open(self, area: Area, action: Action, item: dict[str, Any] | None) -> None:
        from textual.screen import Screen

        from linode_tui.ui.views.base import AreaView

        assert action.opens is not None
        target = action.opens(area, item)
        if isinstance(target, Screen):
            self.app.push_screen(target)
        elif isinstance(target, AreaView):
            self.app.push_view(target)

    async def submit(
        self, area: Area, action: Action, item: dict[str, Any] | None, values: dict[str, Any]
    ) -> tuple[bool, Any]:
        """For hand-written views: the same rule, confirmation and request as every action.
        Returns (sent, response); API errors are raised to the caller (to show next to fields)."""
        services = self.app.services
        assert services is not None
        items = [item] if item is not None and not action.on_collection else []
        verdict = services.verdict(area, action, items)
        if verdict.reason:
            self.app.notify(f"{action.label} is not available: {verdict.reason}.", severity="warning")
            return False, None
        body = action.to_body(values) if action.to_body is not None else values
        if not await self._confirm(area, action, items, body):
            return False, None
        result = await self.send(area, action, item, body)
        await self._reveal(action, [result])
        return True, result

    async def _reveal(self, action: Action, results: list[Any]) -> None:
        """Secrets in the responses are shown once, each in its own dialog."""
        if action.reveal is None:
            return
        from linode_tui.ui.dialogs import SecretDialog

        for result in results:
            shown = action.reveal(result)
            if shown is not None:
                await self._ask(SecretDialog(shown))

    async def _run(self, area: Area, action: Action, items: list[dict[str, Any]]) -> None:
        try:
            await self._run_inner(area, action, items)
        except Exception as exc:  # an unexpected error is reported, never fatal
            self.app.report_problem(f"{action.label}: {type(exc).__name__}: {exc}")

    async def _run_inner(self, area: Area, action: Action, items: list[dict[str, Any]]) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.app.services
        assert services is not None
        single = items[0] if len(items) == 1 else None
        form = action.form
        if action.prepare_form is not None and (single is not None or action.on_collection):
            form = await action.prepare_form(services.client, action, single or {})
        results: list[Any] = []
        if form:
            fa = dataclasses.replace(action, form=form)

            async def submit(values: dict[str, Any]) -> Any:
                body = action.to_body(values) if action.to_body is not None else values
                if not await self._confirm(area, action, items, body):
                    return KEEP_OPEN
                for item in _each(items):
                    results.append(await self.send(area, action, item, body))
                return values

            await self._ask(
                FormDialog(
                    fa,
                    single,
                    target=describe(area, items),
                    load_choices=lambda f: (
                        services.choices(f.choices, single) if f.choices else _no_choices()
                    ),
                    submit=submit,
                )
            )
            await self._reveal(action, results)
            return
        if not await self._confirm(area, action, items):
            return
        for item in _each(items):
            try:
                body = action.to_body({}) if action.to_body is not None else {}
                results.append(await self.send(area, action, item, body))
            except LinodeError as exc:
                label = area.label_of(item) if item else ""
                self.app.report_problem(f"{action.label} {label}: {exc}")
                self.app.notify(f"{action.label} failed: {exc}", severity="error", timeout=8)
        await self._reveal(action, results)

    async def _ask(self, screen: Any) -> Any:
        """Push a dialog and wait for its answer (from a worker)."""
        return await self.app.push_screen_wait(screen)

    async def _confirm(
        self, area: Area, action: Action, items: list[dict[str, Any]], request: dict[str, Any] | None = None
    ) -> bool:
        """The one confirmation path: nothing for harmless actions, a plain confirmation with
        Cancel focused, or the label (the count, for several) typed in full for destructive ones."""
        if action.danger == "none":
            return True
        who = describe(area, items)
        body = action.consequence_for(who)
        if action.describe_body is not None and request:
            body += "\n\n" + action.describe_body(request)
        if len(items) > 1:
            body += "\n\n" + "\n".join(f"  • {area.label_of(i)}" for i in items)
        if action.danger == "type":
            expected = area.label_of(items[0]) if len(items) == 1 else str(len(items))
            return bool(
                await self._ask(
                    TypeToConfirmDialog(
                        f"{action.label}: {who}", body, expected, confirm_label=action.label, note=action.note
                    )
                )
            )
        return bool(
            await self._ask(
                ConfirmDialog(f"{action.label} {who}?", body, confirm_label=action.label, note=action.note)
            )
        )

    async def send(
        self, area: Area, action: Action, item: dict[str, Any] | None, values: dict[str, Any]
    ) -> Any:
        """Send one action's request, then tell the user and refresh what shows the resource."""
        services = self.app.services
        assert services is not None
        body = dict(values)
        path = action.path
        if item is not None or "{" in path:  # path parameters from the item, or the form (create)
            params = {k: v for k, v in body.items() if isinstance(v, str | int)}
            path = fill(path, {**(item or {}), **params}, area)
        # Path parameters taken from the form are not part of the body.
        for k in list(body):
            if "{" + k + "}" in action.path:
                body.pop(k)
        client = services.client
        if action.method == "POST":
            result = await client.post(path, json=body)
        elif action.method == "PUT":
            result = await client.put(path, json=body)
        elif action.method == "GET":
            result = await client.get(path, cache=False)
        else:
            result = await client.delete(path)
        if action.after_send is not None:
            action.after_send(self.app)
        label = (area.label_of(item) if item else "") or (values.get("label") if values else "") or ""
        self.app.notify(f"{action.label}: {label} — {action.verb or 'done'}", timeout=4)
        if self.app.poller is not None:
            self.app.poller.kick()
        self.app.refresh_area(area, item, deleted=action.method == "DELETE")
        return result


__all__ = ["ActionRunner", "describe"]
