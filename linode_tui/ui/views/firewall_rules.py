"""The firewall rules editor and the history of rule versions.

The editor shows the inbound and outbound rules as two tables (first match wins: the order is
kept, never sorted) with the default policies. Every change is kept here until ``ctrl+s``: the
confirmation lists the DIFF of the pending changes (added, removed, changed, reordered rules and the
policies), then ONE ``PUT /networking/firewalls/{id}/rules`` goes through the action runner's
``submit`` (read-only, scopes and grants decide; the event reaches the status panel). An API field
error such as ``inbound[2].ports`` marks that rule (⚠ and the cell) and the edits stay; ``esc``
asks before it throws pending changes away.
"""

from __future__ import annotations

import itertools
import re
from typing import Any, ClassVar

from msgspec.structs import replace
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from linode_tui.areas.firewalls import (
    PROTOCOLS,
    RULES_ACTION,
    RW,
    addresses_summary,
    norm_rule,
    rule_errors,
    rule_form,
    rule_from_values,
    rules_body,
    rules_diff,
    rules_text,
    ruleset_label,
)
from linode_tui.core.descriptors import Action, Area, Tab, fill
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.views.base import AreaView
from linode_tui.ui.widgets.vtable import Column, ResourceTable

DIRECTIONS = ("inbound", "outbound")
_FIELD_ERROR = re.compile(r"(inbound|outbound)\[(\d+)\](?:\.([\w.]+))?")
_UIDS = itertools.count(1)


def _uid() -> str:
    return f"r{next(_UIDS)}"


def with_uids(rules: dict[str, Any]) -> dict[str, Any]:
    """The API's rules with an identity per rule (what the diff matches rules by)."""
    out = {k: v for k, v in rules.items() if k not in DIRECTIONS}
    for d in DIRECTIONS:
        out[d] = [{**r, "_uid": _uid()} for r in rules.get(d) or [] if isinstance(r, dict)]
    return out


def _copy(rules: dict[str, Any]) -> dict[str, Any]:
    out = dict(rules)
    for d in DIRECTIONS:
        out[d] = [dict(r) for r in rules.get(d) or []]
    return out


class RulesTable(ResourceTable, inherit_bindings=False):
    """A table of rules: their order is what the firewall applies, so it is never sorted, and
    rows are not marked: only the keys that move the cursor (and Enter: edit)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Edit", show=False, id="fwrules.table.select"),
        Binding("up,k", "cursor_up", "Up", show=False, id="fwrules.table.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="fwrules.table.down"),
        Binding("pageup", "cursor_page_up", "Page up", show=False, id="fwrules.table.page_up"),
        Binding("pagedown", "cursor_page_down", "Page down", show=False, id="fwrules.table.page_down"),
        Binding("home", "cursor_home", "First row", show=False, id="fwrules.table.home"),
        Binding("end", "cursor_end", "Last row", show=False, id="fwrules.table.end"),
        Binding("left", "column_left", "Scroll left", show=False, id="fwrules.table.left"),
        Binding("right", "column_right", "Scroll right", show=False, id="fwrules.table.right"),
    ]

    def action_cycle_sort(self, step: int = 1) -> None:
        self.app.notify("Rules are applied in this order: move one with K / J.", timeout=3)

    def action_reverse_sort(self) -> None:
        self.action_cycle_sort()

    def action_toggle_mark(self) -> None:
        pass

    def action_mark_all(self) -> None:
        pass

    def action_invert_marks(self) -> None:
        pass


class RulesEditor(Vertical):
    """The rules of one firewall, editable (the Rules tab of its detail, and ``R``)."""

    DEFAULT_CSS = """
    RulesEditor { height: 1fr; }
    RulesEditor > #fw-head { height: auto; }
    RulesEditor > #fw-keys { height: auto; color: $text-muted; }
    RulesEditor > VerticalScroll { height: 1fr; }
    RulesEditor .fw-section { color: $accent; height: 1; margin-top: 1; }
    RulesEditor RulesTable { height: auto; }
    RulesEditor #fw-problems { height: auto; color: $error; }
    RulesEditor #fw-problems.-empty { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "add", "Add rule", id="fwrules.add"),
        Binding("e", "edit", "Edit", id="fwrules.edit"),
        Binding("x,delete", "delete", "Delete", id="fwrules.delete"),
        Binding("K,shift+up", "move(-1)", "Move up", id="fwrules.move_up"),
        Binding("J,shift+down", "move(1)", "Move down", show=False, id="fwrules.move_down"),
        Binding("p", "policy", "Policy", id="fwrules.policy"),
        Binding("d", "diff", "Diff", id="fwrules.diff"),
        Binding("ctrl+s", "save", "Save", id="fwrules.save"),
        Binding("escape", "discard", "Discard/back", show=False, id="fwrules.discard"),
    ]

    def __init__(self, area: Area, item: dict[str, Any], tab: Tab | None = None) -> None:
        super().__init__()
        self.area = area
        self.item = item
        self.tab = tab
        self.original: dict[str, Any] = {}
        self.rules: dict[str, Any] = {}
        self.rulesets: dict[int, dict[str, Any]] = {}
        self.prefix_lists: tuple[str, ...] = ()
        self.errors: dict[str, dict[str, str]] = {}  # rule uid -> {field: message}
        self.problems: list[str] = []
        self.loaded = False

    # -- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…"), id="fw-head")
        yield Static(self._keys(), id="fw-keys")
        with VerticalScroll():
            for d in DIRECTIONS:
                yield Static("", id=f"fw-title-{d}", classes="fw-section")
                yield RulesTable(id=f"fw-{d}")
            yield Static("", id="fw-problems", classes="-empty")

    @staticmethod
    def _keys() -> Text:
        t = Text()
        for key, what in (
            ("n", "add"),
            ("e/⏎", "edit"),
            ("x", "delete"),
            ("K/J", "move"),
            ("p", "policy"),
            ("d", "diff"),
            ("^s", "save"),
            ("esc", "discard"),
        ):
            t.append(key, "bold")
            t.append(f" {what}  ")
        return t

    def _columns(self, width: int) -> list[Column]:
        """The columns; the addresses take what the others leave of ``width``."""
        return [
            Column("n", "#", width=3, formatter=self._num_cell),
            Column("label", "Label", width=16, formatter=self._label_cell),
            Column("action", "Action", width=6, formatter=lambda r: self._cell(r, "action")),
            Column("protocol", "Proto", width=7, formatter=lambda r: self._cell(r, "protocol")),
            Column("ports", "Ports", width=11, formatter=lambda r: self._cell(r, "ports")),
            Column("addresses", "Addresses", width=None, max_width=max(12, width), formatter=self._addr_cell),
        ]

    def _fit_columns(self) -> None:
        room = max(12, self.size.width - 3 - 16 - 6 - 7 - 11 - 5 - 4)  # 4: the scrollbars
        if room != getattr(self, "_room", None):
            self._room = room
            for d in DIRECTIONS:
                self.query_one(f"#fw-{d}", RulesTable).set_columns(self._columns(room))

    @while_present
    def on_resize(self) -> None:
        self._fit_columns()

    @while_present
    def on_mount(self) -> None:
        for d in DIRECTIONS:
            table = self.query_one(f"#fw-{d}", RulesTable)
            table.set_columns(self._columns(24))
            table.empty_message = "Loading…"
        if self.tab is None:  # opened on its own (not inside a detail): load now
            self.load()

    # -- cells ------------------------------------------------------------------------------------
    def _state(self, row: dict[str, Any]) -> str:
        uid = row["_key"]
        if uid in self.errors:
            return "error"
        was = next((r for d in DIRECTIONS for r in self.original.get(d) or [] if r["_uid"] == uid), None)
        if was is None:
            return "added"
        now = self._rule(uid)
        return "changed" if now is not None and norm_rule(now) != norm_rule(was) else ""

    def _num_cell(self, row: dict[str, Any]) -> Text:
        state = self._state(row)
        mark = {"error": ("⚠", "error"), "added": ("+", "success"), "changed": ("~", "warning")}.get(state)
        t = Text(str(row["n"]))
        if mark:
            t.append(mark[0], mark[1])
        return t

    def _label_cell(self, row: dict[str, Any]) -> Text:
        rule = row["rule"]
        if "ruleset" in rule:
            return Text(ruleset_label(rule, self.rulesets), "accent")
        return self._styled(row, "label", str(rule.get("label") or ""))

    def _styled(self, row: dict[str, Any], field: str, text: str) -> Text:
        bad = self.errors.get(row["_key"], {})
        if field in bad or any(k.startswith(field + ".") for k in bad):
            return Text(text or "?", "error")
        if field == "action":
            return Text(text, "success" if text == "ACCEPT" else "warning")
        return Text(text)

    def _cell(self, row: dict[str, Any], field: str) -> Text:
        rule = row["rule"]
        if "ruleset" in rule:  # a reference: its own rules apply here, in its place
            return Text("")
        value = rule.get(field)
        if field == "ports" and not value:
            value = "" if rule.get("protocol") in ("ICMP", "IPENCAP") else "all"
        return self._styled(row, field, str(value or ""))

    def _addr_cell(self, row: dict[str, Any]) -> Text:
        rule = row["rule"]
        if "ruleset" in rule:
            rs = self.rulesets.get(rule["ruleset"]) or {}
            n = len(rs.get("rules") or [])
            about = f"{n} rule{'s' if n != 1 else ''}" + (
                f": {rs['description']}" if rs.get("description") else ""
            )
            t = Text("Rule Set", "accent")
            t.append(f" · {about}" if rs else "", "muted")
            return t
        return self._styled(row, "addresses", addresses_summary(rule))

    # -- loading ----------------------------------------------------------------------------------
    @property
    def rules_path(self) -> str:
        return fill("/networking/firewalls/{id}/rules", self.item, self.area)

    @work(group="fw-rules-load", exclusive=True, exit_on_error=False)
    @guarded
    async def load(self, force: bool = False) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.app.services  # type: ignore[attr-defined]
        if services is None:
            return
        client = services.client
        try:
            rules = await client.get(self.rules_path, force=force)
        except LinodeError as exc:
            self.query_one("#fw-head", Static).update(Text(f"⚠ {exc}", "error"))
            for d in DIRECTIONS:
                t = self.query_one(f"#fw-{d}", RulesTable)
                t.empty_message = f"⚠ {exc}"
                t.refresh()
            return
        try:  # labels of referenced Rule Sets, names of Prefix Lists (newer accounts only)
            sets = await client.list_all("/networking/firewalls/rulesets")
            self.rulesets = {int(r["id"]): r for r in sets if isinstance(r, dict) and "id" in r}
            pls = await client.list_all("/networking/prefixlists")
            self.prefix_lists = tuple(str(p["name"]) for p in pls if isinstance(p, dict) and p.get("name"))
        except LinodeError:
            pass
        if self.pending():
            self.app.notify("The rules were re-read; your pending changes are kept (esc discards them).")
        elif isinstance(rules, dict):
            self._reset(rules)
        self.loaded = True
        self.render_all()

    def _reset(self, rules: dict[str, Any]) -> None:
        self.original = with_uids(rules)
        self.rules = _copy(self.original)
        self.errors = {}
        self.problems = []

    # -- state ------------------------------------------------------------------------------------
    def pending(self) -> list[str]:
        """The pending changes, one line each (empty: nothing to save)."""
        if not self.loaded:
            return []
        return rules_diff(self.original, self.rules, self.rulesets)

    def _rule(self, uid: Any) -> dict[str, Any] | None:
        return next((r for d in DIRECTIONS for r in self.rules.get(d) or [] if r["_uid"] == uid), None)

    def direction(self) -> str:
        """The direction of the focused table (inbound when neither is focused)."""
        focused = self.app.focused
        if isinstance(focused, RulesTable) and focused.id == "fw-outbound":
            return "outbound"
        return "inbound"

    def _table(self, direction: str) -> RulesTable:
        return self.query_one(f"#fw-{direction}", RulesTable)

    def _cursor(self, direction: str) -> int | None:
        key = self._table(direction).cursor_row_key
        uids = [r["_uid"] for r in self.rules.get(direction) or []]
        return uids.index(key) if key in uids else None

    @while_present
    def render_all(self, focus: tuple[str, str] | None = None) -> None:
        self._head()
        for d in DIRECTIONS:
            title = Text(f"{d.capitalize()} rules", "bold")
            title.append(f"  ({len(self.rules.get(d) or [])})   default policy: ")
            policy = str(self.rules.get(f"{d}_policy"))
            title.append(policy, "success" if policy == "ACCEPT" else "warning")
            if self.original.get(f"{d}_policy") != self.rules.get(f"{d}_policy"):
                title.append(f"  ● was {self.original.get(f'{d}_policy')}", "warning")
            self.query_one(f"#fw-title-{d}", Static).update(title)
            table = self._table(d)
            rows = [
                {"_key": r["_uid"], "n": n, "rule": r, **{k: v for k, v in r.items() if k != "_uid"}}
                for n, r in enumerate(self.rules.get(d) or [], 1)
            ]
            table.empty_message = f"No {d} rules: the default policy applies to all {d} traffic."
            table.styles.height = max(2, len(rows) + 1)
            table.set_rows(rows, key="_key")
        if focus is not None:
            d, uid = focus
            table = self._table(d)
            table.move_cursor_to_key(uid)
            table.focus()
        problems = self.query_one("#fw-problems", Static)
        problems.update(Text("\n".join(self.problems)))
        problems.set_class(not self.problems, "-empty")

    def _head(self) -> None:
        head = Text()
        version = self.original.get("version")
        head.append(f"Rules version {version}" if version is not None else "Rules", "bold")
        pending = self.pending()
        if pending:
            n = len(pending)
            head.append(f"   ● {n} pending change{'s' if n > 1 else ''}", "warning")
            head.append("  (not saved yet)", "muted")
        else:
            head.append("   no pending changes", "muted")
        reason = self._why_not_save()
        if reason:
            head.append(f"\nSaving is not available: {reason}.", "warning")
        self.query_one("#fw-head", Static).update(head)

    def _why_not_save(self) -> str | None:
        services = self.app.services  # type: ignore[attr-defined]
        action = self.area.action("rules") or RULES_ACTION
        if services is None:
            return None
        reason: str | None = services.verdict(self.area, action, [self.item]).reason
        return reason

    # -- editing ----------------------------------------------------------------------------------
    def _form_action(self, direction: str, title: str) -> Action:
        return Action(
            "rule",
            title,
            "PUT",
            "/networking/firewalls/{id}/rules",
            RW,
            form=rule_form(direction, self.prefix_lists),
        )

    def _open_form(self, direction: str, rule: dict[str, Any] | None, at: int | None) -> None:
        from linode_tui.api.errors import ValidationError
        from linode_tui.ui.dialogs import FormDialog

        services = self.app.services  # type: ignore[attr-defined]
        if services is None or not self.loaded:
            return

        async def check(values: dict[str, Any]) -> Any:
            errors = rule_errors(values)
            if errors:
                raise ValidationError("Check the rule.", field_errors=errors)
            return values

        async def choices(f: Any) -> list[tuple[str, str]]:
            result: list[tuple[str, str]] = await services.choices(f.choices, None)
            return result

        title = "Edit rule" if rule is not None else f"Add {direction} rule"
        shown = dict(rule or {})
        if rule is not None and "ruleset" not in rule:
            shown.setdefault("protocol", PROTOCOLS[0])

        def done(values: Any) -> None:
            if not isinstance(values, dict):
                return
            new = rule_from_values(values)
            rules = self.rules[direction]
            if rule is not None:
                uid = rule["_uid"]
                idx = next(i for i, r in enumerate(rules) if r["_uid"] == uid)
                rules[idx] = {**new, "_uid": uid}
                self.errors.pop(uid, None)
            else:
                uid = _uid()
                rules.insert(len(rules) if at is None else at, {**new, "_uid": uid})
            self.render_all(focus=(direction, uid))

        dialog = FormDialog(
            self._form_action(direction, title),
            shown,
            target=f"{self.area.label_of(self.item)} · {direction}",
            load_choices=choices,
            submit=check,
        )
        self.app.push_screen(dialog, done)

    def action_add(self) -> None:
        d = self.direction()
        cur = self._cursor(d)
        self._open_form(d, None, None if cur is None else cur + 1)

    def action_edit(self) -> None:
        d = self.direction()
        cur = self._cursor(d)
        if cur is None:
            self.app.notify("No rule here: n adds one.", timeout=3)
            return
        self._open_form(d, self.rules[d][cur], None)

    @on(ResourceTable.RowSelected)
    def _enter(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_delete(self) -> None:
        d = self.direction()
        cur = self._cursor(d)
        if cur is None:
            return
        gone = self.rules[d].pop(cur)
        self.errors.pop(gone["_uid"], None)
        rest = self.rules[d]
        self.render_all(focus=(d, rest[min(cur, len(rest) - 1)]["_uid"]) if rest else None)

    def action_move(self, delta: int) -> None:
        d = self.direction()
        cur = self._cursor(d)
        rules = self.rules[d]
        if cur is None or not 0 <= cur + delta < len(rules):
            return
        rules[cur], rules[cur + delta] = rules[cur + delta], rules[cur]
        self.render_all(focus=(d, rules[cur + delta]["_uid"]))

    def action_policy(self) -> None:
        if not self.loaded:
            return
        d = self.direction()
        key = f"{d}_policy"
        self.rules[key] = "DROP" if self.rules.get(key) == "ACCEPT" else "ACCEPT"
        key_row = self._table(d).cursor_row_key
        self.render_all(focus=(d, str(key_row)) if key_row is not None else None)

    def action_diff(self) -> None:
        from linode_tui.ui.dialogs import TextDialog

        pending = self.pending()
        self.app.push_screen(
            TextDialog("Pending changes", "\n".join(pending) if pending else "No pending changes.")
        )

    def action_discard(self) -> None:
        pending = self.pending()
        if not pending:
            self.app.action_go_back()  # type: ignore[attr-defined]
            return
        from linode_tui.ui.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.rules = _copy(self.original)
                self.errors = {}
                self.problems = []
                self.render_all()
                self.app.notify("Pending changes discarded.", timeout=3)

        n = len(pending)
        self.app.push_screen(
            ConfirmDialog(
                f"Discard {n} pending change{'s' if n > 1 else ''}?",
                "\n".join(pending),
                confirm_label="Discard",
            ),
            answered,
        )

    # -- saving -----------------------------------------------------------------------------------
    def action_save(self) -> None:
        self._save()

    @work(group="fw-rules-save", exclusive=True, exit_on_error=False)
    @guarded
    async def _save(self) -> None:
        from linode_tui.api.errors import LinodeError

        pending = self.pending()
        if not pending:
            self.app.notify("No changes to save.", timeout=3)
            return
        action = replace(
            self.area.action("rules") or RULES_ACTION,
            label="Save rules",
            describe_body=lambda _body: "\n".join(pending),
        )
        body = rules_body(self.rules)
        sent_order = {d: [r["_uid"] for r in self.rules[d]] for d in DIRECTIONS}
        runner = self.app.runner  # type: ignore[attr-defined]
        try:
            sent, result = await runner.submit(self.area, action, self.item, body)
        except LinodeError as exc:
            self._show_api_errors(exc, sent_order)
            return
        if sent and isinstance(result, dict):
            self._reset(result)
            self.render_all()

    def _show_api_errors(self, exc: Any, sent_order: dict[str, list[str]]) -> None:
        """Field errors next to their rule (⚠ and the cell); the rest above. Edits stay."""
        self.errors = {}
        self.problems = []
        first: tuple[str, str] | None = None
        fields = dict(getattr(exc, "field_errors", {}) or {})
        for name, msg in fields.items():
            m = _FIELD_ERROR.search(name)
            uids = sent_order.get(m.group(1), []) if m else []
            if m and int(m.group(2)) < len(uids):
                d, idx, field = m.group(1), int(m.group(2)), m.group(3) or "rule"
                uid = uids[idx]
                self.errors.setdefault(uid, {})[field] = msg
                self.problems.append(f"⚠ {d.capitalize()} #{idx + 1} {field}: {msg}")
                first = first or (d, uid)
            else:
                self.problems.append(f"⚠ {name}: {msg}" if name else f"⚠ {msg}")
        if not fields:
            self.problems.append(f"⚠ Not saved: {exc}")
        else:
            self.problems.insert(0, "Not saved — fix the marked rules and save again (your edits are kept):")
        self.render_all(focus=first)


class FirewallRulesView(AreaView):
    """The rules editor on its own (``R`` on a firewall)."""

    DEFAULT_CSS = """
    FirewallRulesView { height: 1fr; }
    FirewallRulesView > .view-title { height: 1; background: $boost; padding: 0 1; }
    FirewallRulesView > RulesEditor { padding: 0 1; }
    """

    def __init__(self, area: Area, item: dict[str, Any]) -> None:
        super().__init__(classes="area-view")
        self.area = area
        self.item = item

    def view_title(self) -> str:
        return f"{self.area.title} › {self.area.label_of(self.item)} › Rules"

    def selected_item(self) -> dict[str, Any] | None:
        return self.item

    def compose(self) -> ComposeResult:
        yield Static(Text(self.view_title(), "bold"), classes="view-title")
        yield RulesEditor(self.area, self.item)

    @while_present
    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_inbound)

    @while_present
    def _focus_inbound(self) -> None:
        self.query_one("#fw-inbound", RulesTable).focus()


class RuleHistory(Vertical):
    """The versions of a firewall's rules, newest first; Enter shows one version's rules."""

    DEFAULT_CSS = """
    RuleHistory { height: 1fr; }
    RuleHistory > Static { height: auto; color: $text-muted; }
    RuleHistory > ResourceTable { height: 1fr; }
    """

    def __init__(self, area: Area, item: dict[str, Any], tab: Tab) -> None:
        super().__init__()
        self.area = area
        self.item = item
        self.tab = tab
        self.versions: dict[int, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("Every saved version of the rules. ⏎ shows that version's rules."))
        yield ResourceTable(id="fw-history")

    @while_present
    def on_mount(self) -> None:
        from linode_tui.ui.fmt import format_value

        table = self.query_one(ResourceTable)
        table.set_columns(
            [
                Column("version", "Version", width=8, align="right"),
                Column(
                    "updated", "Saved", width=20, formatter=lambda r: format_value(r.get("updated"), "date")
                ),
                Column("status", "Firewall status", width=16),
            ]
        )
        table.empty_message = "Loading…"

    @work(group="fw-history-load", exclusive=True, exit_on_error=False)
    @guarded
    async def load(self, force: bool = False) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.app.services  # type: ignore[attr-defined]
        if services is None:
            return
        table = self.query_one(ResourceTable)
        try:
            rows = await services.client.list_all(fill(self.tab.path, self.item, self.area))
        except LinodeError as exc:
            table.empty_message = f"⚠ {exc}"
            table.refresh()
            return
        out = []
        for r in rows:
            if isinstance(r, dict) and isinstance((r.get("rules") or {}).get("version"), int):
                out.append({**r, "version": r["rules"]["version"], "_key": r["rules"]["version"]})
        out.sort(key=lambda r: -int(r["version"]))
        self.versions = {r["_key"]: r for r in out}
        table.empty_message = "No versions."
        table.set_rows(out, key="_key")

    @on(ResourceTable.RowSelected)
    def _open(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        self.show_version(event.key)

    @work(group="fw-history-version", exit_on_error=False)
    @guarded
    async def show_version(self, version: Any) -> None:
        from linode_tui.api.errors import LinodeError
        from linode_tui.ui.dialogs import TextDialog

        services = self.app.services  # type: ignore[attr-defined]
        if services is None or version is None:
            return
        path = fill(self.tab.path, self.item, self.area) + f"/rules/{version}"
        try:
            rules = await services.client.get(path)
            sets = await services.client.list_all("/networking/firewalls/rulesets")
        except LinodeError as exc:
            self.app.notify(f"Could not read version {version}: {exc}", severity="error")
            return
        labels = {int(r["id"]): r for r in sets if isinstance(r, dict) and "id" in r}
        self.app.push_screen(TextDialog(f"Rules version {version}", rules_text(rules, labels)))


__all__ = ["FirewallRulesView", "RuleHistory", "RulesEditor", "RulesTable", "with_uids"]
