"""The action runner: the one path every action takes — which actions are available and why not,
the confirmation, the form, the request, and the refresh of what is on screen.

The palette, the `a` menu, the action keys and the runner all ask one rule
(:meth:`Services.verdict`); what makes an action special is a hook on its descriptor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from msgspec.structs import replace
from rich.text import Text

from linode_tui.core.descriptors import Action, Area, fill, nest
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


API_OPTION = "__api__"  # the `a` menu's entry that opens the operation explorer for the area


async def _no_choices() -> list[tuple[str, str]]:
    return []


class ActionRunner:
    def __init__(self, app: LinodeTUI) -> None:
        self.app = app

    # -- what is available ---------------------------------------------------------------------
    def menu_rows(self, area: Area, items: list[dict[str, Any]]) -> list[tuple[Action, str | None]]:
        """The actions the `a` menu and the palette offer for this selection, with the reason when
        one is disabled."""
        services = self.app.services_for(items)
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
        reasons = {r for _, r in rows}
        common = next(iter(reasons)) if len(reasons) == 1 else None  # e.g. read-only: say it once
        options: list[tuple[str, str | Text, bool]] = []
        for a, reason in rows:
            label = Text(a.label)
            if a.binding:
                label.append(f"  [{a.binding}]", "muted")
            if reason and not common:
                label.append(f"  — {reason}", "muted")
            options.append((a.key, label, reason is None))
        for key, text, shown in origin.menu_extras() if origin is not None else []:
            options.append((f"view:{key}", Text(text).append(f"  [{shown}]", "muted"), True))
        who = describe(area, items)
        api_label = Text(f"All API operations for {who if len(items) == 1 else area.title}…", "italic")
        options.append((API_OPTION, api_label, True))

        def picked(key: str | None) -> None:
            if key == API_OPTION:
                from linode_tui.ui.views.explorer import open_explorer

                open_explorer(self.app, area=area, item=items[0] if len(items) == 1 else None)
                return
            if key and key.startswith("view:") and origin is not None:
                origin.run_menu_extra(key.removeprefix("view:"))
                return
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
        services = self.app.services_for(items)
        if services is None:
            if items:
                self.app.notify("The marked rows belong to several profiles: act on one at a time.",
                                severity="warning")
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
        self.app.run_worker(self._run(area, action, items, origin), group="action", exit_on_error=False)

    def _open(self, area: Area, action: Action, item: dict[str, Any] | None) -> None:
        import importlib

        from textual.screen import Screen

        from linode_tui.ui.views.base import AreaView

        assert action.opens is not None
        module, _, name = action.opens.rpartition(".")
        target = getattr(importlib.import_module(module), name)(area, item or {})
        if isinstance(target, Screen):
            self.app.push_screen(target)
        elif isinstance(target, AreaView):
            self.app.push_view(target)

    async def submit(
        self, area: Area, action: Action, item: dict[str, Any] | None, values: dict[str, Any]
    ) -> tuple[bool, Any]:
        """For hand-written views: the same rule, confirmation and request as every action.
        Returns (sent, response); API errors are raised to the caller (to show next to fields)."""
        items = [item] if item is not None and not action.on_collection else []
        services = self.app.services_for(items)
        assert services is not None
        verdict = services.verdict(area, action, items)
        if verdict.reason:
            self.app.notify(f"{action.label} is not available: {verdict.reason}.", severity="warning")
            return False, None
        body = action.to_body(values) if action.to_body is not None else values
        if not await self._confirm(area, action, items, request=body):
            return False, None
        typed = area.label_of(item) if action.danger == "type" and item else None
        result = await self.send(area, action, item, body, confirmation=typed)
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

    async def _run(
        self, area: Area, action: Action, items: list[dict[str, Any]], origin: AreaView | None = None
    ) -> None:
        try:
            if await self._run_inner(area, action, items) and origin is not None:
                origin.clear_marks()  # confirmed and sent: the marks have done their job
        except Exception as exc:  # an unexpected error is reported, never fatal
            import logging

            logging.getLogger("linode_tui").exception("unexpected error in %s", action.label)
            self.app.report_problem(f"Unexpected error ({action.label}): {type(exc).__name__}: {exc}")

    async def _run_inner(self, area: Area, action: Action, items: list[dict[str, Any]]) -> bool:
        """Run the action; True once it was confirmed and sent."""
        from linode_tui.api.errors import LinodeError, OutcomeUnknownError

        services = self.app.services_for(items)
        assert services is not None
        single = items[0] if len(items) == 1 else None
        # What the user typed to confirm (the label, or the count for several), for the audit log.
        typed = None
        if action.danger == "type":
            typed = area.label_of(items[0]) if len(items) == 1 else str(len(items))
        form = action.form
        if action.prepare_form is not None and (single is not None or action.on_collection):
            # A collection action of a detail's tab (add an IP) is prepared for the detail's item.
            parent = area.sub_of.item if area.sub_of is not None else {}
            form = await action.prepare_form(services.client, action, single or parent)
        results: list[Any] = []
        if form:
            fa = replace(action, form=form)

            async def submit(values: dict[str, Any]) -> Any:
                more = await action.follow_up(services.client, values) if action.follow_up else ()
                if more:  # a second form (a StackScript's fields); Cancel goes back to the first
                    second = FormDialog(
                        replace(action, form=more),
                        single,
                        target=describe(area, items),
                        load_choices=lambda f: (
                            services.choices(f.choices, single) if f.choices else _no_choices()
                        ),
                        submit=lambda extra: send_all({**values, **extra}),
                    )
                    return values if await self._ask(second) is not None else KEEP_OPEN
                return await send_all(values)

            async def send_all(values: dict[str, Any]) -> Any:
                body = action.to_body(values) if action.to_body is not None else values
                extra = action.summary(values, self.app.lookup) if action.summary is not None else ""
                if not await self._confirm(area, action, items, dialog.shown_values(values), extra, body):
                    return KEEP_OPEN
                for item in _each(items):
                    results.append(await self.send(area, action, item, body, confirmation=typed))
                return values

            dialog = FormDialog(
                fa,
                single,
                target=describe(area, items),
                load_choices=lambda f: (services.choices(f.choices, single) if f.choices else _no_choices()),
                submit=submit,
            )
            result = await self._ask(dialog)
            await self._reveal(action, results)
            return result is not None
        if not await self._confirm(area, action, items):
            return False
        for item in _each(items):
            try:
                body = action.to_body({}) if action.to_body is not None else {}
                results.append(await self.send(area, action, item, body, confirmation=typed))
            except OutcomeUnknownError:
                continue  # already told as "may have been applied", and re-read (see send)
            except LinodeError as exc:
                label = area.label_of(item) if item else ""
                self.app.report_problem(f"{action.label} {label}: {exc}")
                self.app.notify(f"{action.label} failed: {exc}", severity="error", timeout=8)
        await self._reveal(action, results)
        return True

    async def _ask(self, screen: Any) -> Any:
        """Push a dialog and wait for its answer (from a worker)."""
        return await self.app.push_screen_wait(screen)

    async def _confirm(
        self,
        area: Area,
        action: Action,
        items: list[dict[str, Any]],
        shown: dict[str, str] | None = None,
        summary: str = "",
        request: dict[str, Any] | None = None,
    ) -> bool:
        """The one confirmation path: nothing for harmless actions, a plain confirmation with
        Cancel focused, or the label (the count, for several) typed in full for destructive ones."""
        if action.danger == "none":
            return True
        who = describe(area, items)
        one = items[0] if len(items) == 1 else {}
        known = {k: str(v) for k, v in one.items() if isinstance(v, str | int)}
        body = action.consequence_for(who, {**known, **(shown or {})})
        if summary:
            body += "\n\n" + summary
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
        self, area: Area, action: Action, item: dict[str, Any] | None, values: dict[str, Any],
        *, confirmation: str | None = None,
    ) -> Any:
        """Send one action's request, then tell the user and refresh what shows the resource."""
        from linode_tui.api.client import Upload
        from linode_tui.api.errors import OutcomeUnknownError

        services = self.app.services_for([item] if item else [])
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
        body = nest(body)
        client = services.client
        try:
            with client.audit_context(confirmation=confirmation, action=action.label):
                uploads = {k: v for k, v in body.items() if isinstance(v, Upload)}
                if uploads:  # a file read by the action's to_body: sent as multipart/form-data
                    result = await client.upload(path, uploads, method=action.method)
                elif action.method == "POST":
                    result = await client.post(path, json=body)
                elif action.method == "PUT":
                    result = await client.put(path, json=body)
                elif action.method == "GET":
                    result = await client.get(path, cache=False)
                else:
                    result = await client.delete(path)
        except OutcomeUnknownError as exc:
            self.outcome_unknown(area, action, item, exc)
            raise
        if action.after_send is not None:
            action.after_send(self.app)
        label = (area.label_of(item) if item else "") or (values.get("label") if values else "") or ""
        self.app.notify(f"{action.label}: {label} — {action.verb or 'done'}", timeout=4)
        if self.app.poller is not None:
            self.app.poller.kick()
        self.app.refresh_area(area, None if action.refresh_all else item, deleted=action.method == "DELETE")
        return result

    # -- any operation of the API (the explorer) -------------------------------------------------
    async def run_operation(self, call: Any) -> Any:
        """Send one mutation the operation explorer built (``call``: a
        :class:`linode_tui.ui.views.explorer.OperationCall`) through the same rule, confirmation
        and refresh as a curated action: it is checked by :meth:`Services.why_not` as an action of
        the curated area that owns its path (read-only, scopes, grants), confirmed (the id or label
        typed for deletes and destructive ones; otherwise a plain confirmation naming method, path
        and body), sent, and followed by a poller kick. Returns the API's answer, or
        :data:`KEEP_OPEN` when the user backed out."""
        services = self.app.services
        assert services is not None
        action, area, items = call.as_action()
        reason = services.why_not(action, area, items) if area is not None else services.why_not(action)
        if reason:
            self.app.notify(f"{call.op.method} {call.path} is not available: {reason}.", severity="warning")
            self.app.report_problem(f"{call.op.method} {call.path}: {reason}", "warning")
            return KEEP_OPEN
        body_text = call.body_text()
        if action.danger == "type":
            confirmed = await self._ask(
                TypeToConfirmDialog(
                    f"{call.op.summary}: {call.target_label}", f"{call.op.method} {call.path}{body_text}",
                    call.target_label, confirm_label=call.op.method.title(), note=call.note,
                )
            )
        else:
            confirmed = await self._ask(
                ConfirmDialog(
                    f"{call.op.summary}?", f"{call.op.method} {call.path}{body_text}",
                    confirm_label=call.op.method.title(), note=call.note,
                )
            )
        if not confirmed:
            return KEEP_OPEN
        result = await services.client.request(call.op.method, call.sent_path, json=call.body)
        self.app.notify(f"{call.op.method} {call.path} — done", timeout=4)
        if self.app.poller is not None:
            self.app.poller.kick()
        if area is not None:
            self.app.refresh_area(area, items[0] if items else None, deleted=call.op.method == "DELETE")
        return result

    # -- after a fault -------------------------------------------------------------------------
    def outcome_unknown(
        self, area: Area, action: Action, item: dict[str, Any] | None, exc: Exception
    ) -> None:
        """The request was sent and no answer says whether it was applied: say so (a warning,
        never "failed"), never send it again, and re-read the resource at once to show what the
        API says now."""
        who = area.label_of(item) if item else area.title
        self.app.notify(
            f"{action.label} {who} may have been applied: the answer was lost. Checking…",
            severity="warning", timeout=8,
        )
        self.app.report_problem(f"{action.label} {who}: {exc}", "warning")
        if self.app.poller is not None:
            self.app.poller.kick()
        self.app.run_worker(self._recheck(area, action, item), group="recheck", exit_on_error=False)

    async def _recheck(self, area: Area, action: Action, item: dict[str, Any] | None) -> None:
        from linode_tui.api.errors import LinodeError, NotFoundError

        services = self.app.services
        if services is None:
            return
        who = area.label_of(item) if item else area.title
        try:
            if item is None:  # a create: the list shows whether it exists now
                self.app.refresh_area(area, None)
                self.app.report_problem(
                    f"{action.label}: the outcome is unknown; {area.title} re-read — look for it before "
                    "trying again.", "warning",
                )
                return
            try:
                fresh = await services.client.get(area.detail_url(item), force=True)
            except NotFoundError:
                self.app.report_problem(f"{action.label} {who}: the API says it no longer exists.", "warning")
                self.app.refresh_area(area, item, deleted=True)
                return
            status = fresh.get(area.status_key or "status") if isinstance(fresh, dict) else None
            said = f" status {status}" if status is not None else " as it is now"
            self.app.report_problem(f"{action.label} {who}: re-read, the API shows{said}.", "info")
            self.app.refresh_area(area, item)
        except LinodeError as exc:
            self.app.report_problem(f"{action.label} {who}: could not re-read it: {exc}", "warning")
        except Exception as exc:  # never fatal
            self.app.report_problem(f"Unexpected error (re-check): {type(exc).__name__}: {exc}")


__all__ = ["ActionRunner", "describe"]
