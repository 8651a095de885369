"""The records editor of a domain (its detail's Records tab): a table of its DNS records with
the fields each type has, `/` to filter, `o` to sort by type or name; `n` adds a record with the
form of its type, `e`/Enter edits one, `d` deletes one after a confirmation naming it. Every change
goes through the action runner's ``submit`` (read-only, scopes and grants; the confirmation; the
request; the refresh), with the API's field errors next to the field and the typed values kept."""

from __future__ import annotations

from typing import Any, ClassVar

from msgspec.structs import replace
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input, Static

from linode_tui.areas.domains import RECORD_TYPES, record_body, record_fields, record_label, ttl_text
from linode_tui.core.descriptors import Action, Area, Tab, tab_area
from linode_tui.ui.dialogs import KEEP_OPEN, FormDialog, MenuDialog
from linode_tui.ui.guard import guarded, while_present
from linode_tui.ui.widgets.vtable import Column, ResourceTable

#: What each record type has besides name and target (shown only there).
HAS = {"MX": ("priority",), "SRV": ("priority", "weight", "port")}
SORTS = ("type", "name")


def _numbers(row: dict[str, Any]) -> str:
    """Priority (MX), or priority, weight and port (SRV): one column (80 columns hold them all)."""
    keys = HAS.get(str(row.get("type")), ())
    return " ".join(str(row.get(k) if row.get(k) is not None else "-") for k in keys)


def _numbers_order(row: dict[str, Any]) -> Any:
    return tuple(int(row.get(k) or 0) for k in ("priority", "weight", "port"))


def _ttl(row: dict[str, Any]) -> Text:
    ttl = row.get("ttl_sec")
    return Text("default", "muted") if not ttl else Text(ttl_text(ttl))


def _extra(row: dict[str, Any]) -> str:
    """CAA: its tag; SRV: its service and protocol."""
    if row.get("type") == "CAA":
        return str(row.get("tag") or "")
    if row.get("type") == "SRV":
        return f"{row.get('service') or ''} {row.get('protocol') or ''}".strip()
    return ""


def _target(row: dict[str, Any]) -> str:
    target = str(row.get("target") or "")
    return f'"{target}"' if row.get("type") == "TXT" else target


def _type_order(row: dict[str, Any]) -> Any:
    rtype = str(row.get("type"))
    rank = RECORD_TYPES.index(rtype) if rtype in RECORD_TYPES else len(RECORD_TYPES)
    return (rank, str(row.get("name") or "").lower(), str(row.get("target") or "").lower())


def _name_order(row: dict[str, Any]) -> Any:
    return (str(row.get("name") or "").lower(), _type_order(row))


class RecordsEditor(Widget):
    """A domain's records, editable (the Records tab's body)."""

    DEFAULT_CSS = """
    RecordsEditor { height: 1fr; }
    RecordsEditor > #records-hint { height: 1; color: $text-muted; }
    RecordsEditor > #records-filter { display: none; height: 1; border: none; padding: 0 1; }
    RecordsEditor.-filtering > #records-filter { display: block; }
    RecordsEditor > ResourceTable { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New record", id="domain_records.new"),
        Binding("e", "edit", "Edit record", id="domain_records.edit"),
        Binding("d,delete", "delete", "Delete record", id="domain_records.delete"),
        Binding("slash", "filter", "Filter", id="domain_records.filter"),
        Binding("o", "sort", "Sort type/name", id="domain_records.sort"),
    ]

    def __init__(self, area: Area, item: dict[str, Any], tab: Tab) -> None:
        super().__init__(id="records-editor")
        self.area = area
        self.item = item
        self.tab = tab
        self.sub = tab_area(area, tab, item)  # the records as an area: the runner's rule applies
        self.rows: dict[Any, dict[str, Any]] = {}
        self.sort = "type"
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("", id="records-hint")
        yield Input(placeholder="filter the records…", id="records-filter", compact=True)
        yield ResourceTable(id="records-table")

    @while_present
    def on_mount(self) -> None:
        table = self.query_one(ResourceTable)
        table.set_columns(
            [
                Column("type", "Type", width=6, sort_key=_type_order),
                Column("name", "Name", formatter=lambda r: str(r.get("name") or "@"), sort_key=_name_order,
                       max_width=20),
                Column("target", "Target", formatter=_target, max_width=32),
                Column("priority", "Prio wt port", width=12, formatter=_numbers, sort_key=_numbers_order),
                Column("ttl_sec", "TTL", width=8, formatter=_ttl),
                Column("tag", "Tag/svc", formatter=_extra, max_width=10),
            ]
        )
        table.empty_message = "Loading…"
        self._hint()

    # -- what the keys may do --------------------------------------------------------------------
    def _action(self, key: str) -> Action:
        action = self.sub.action(key)
        assert action is not None, key
        return action

    def why_not(self, key: str, record: dict[str, Any] | None = None) -> str | None:
        services = self.app.services_for([record] if record else [])  # type: ignore[attr-defined]
        if services is None:
            return "not connected"
        reason: str | None = services.verdict(self.sub, self._action(key), [record] if record else []).reason
        return reason

    @while_present
    def _hint(self) -> None:
        t = Text()
        shown = len(self.query_one(ResourceTable).visible_keys()) if self.loaded else 0
        if self.loaded:
            t.append(f"{shown} of {len(self.rows)} records  ", "strong")
        t.append(f"n new · e edit · d delete · / filter · o sort ({self.sort})")
        reason = self.why_not("create_a") if self.loaded else None
        if reason:
            t.append(f"  — changes: {reason}", "warning")
        self.query_one("#records-hint", Static).update(t)

    # -- loading ---------------------------------------------------------------------------------
    def load(self, force: bool = False) -> None:
        """Called by the detail view when the tab is shown (and after a change: ``force``)."""
        self._load(force)

    @work(group="records-load", exclusive=True, exit_on_error=False)
    @guarded
    async def _load(self, force: bool) -> None:
        from linode_tui.api.errors import LinodeError

        services = self.app.services  # type: ignore[attr-defined]
        if services is None:
            return
        table = self.query_one(ResourceTable)
        try:
            data = await services.client.list_all(self.sub.path, force=force)
        except LinodeError as exc:
            table.empty_message = f"⚠ {exc}"
            table.refresh()
            return
        rows = self.tab.rows(data) if self.tab.rows is not None else data
        first = not self.loaded
        self._show([r for r in rows if isinstance(r, dict)])
        if first:
            table.focus()

    def _show(self, rows: list[dict[str, Any]]) -> None:
        table = self.query_one(ResourceTable)
        keep = table.cursor_row_key
        self.rows = {r["id"]: r for r in rows}
        table.empty_message = "No records yet: n adds one."
        table.set_rows(list(self.rows.values()), key="id")
        if table.sort_column != self.sort:
            table.sort_by(self.sort)
        if keep is not None:
            table.move_cursor_to_key(keep)
        self.loaded = True
        self._hint()

    def _upsert(self, record: Any) -> None:
        """The API's answer shows at once, in place (the tab is re-read behind it)."""
        if not isinstance(record, dict) or "id" not in record:
            return
        row = {**record, "_label": record_label(record)}
        self.rows[row["id"]] = row
        table = self.query_one(ResourceTable)
        table.upsert_rows([row])
        table.move_cursor_to_key(row["id"])
        self._hint()

    def selected(self) -> dict[str, Any] | None:
        key = self.query_one(ResourceTable).cursor_row_key
        return self.rows.get(key) if key is not None else None

    # -- keys ------------------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.screen.set_focus(self.query_one("#records-filter", Input))

    @on(Input.Changed, "#records-filter")
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one(ResourceTable).set_filter(event.value)
        self._hint()

    @on(Input.Submitted, "#records-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.remove_class("-filtering")
        self.query_one(ResourceTable).focus()

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.query_one(ResourceTable).sort_by(self.sort)
        self._hint()

    @on(ResourceTable.RowSelected, "#records-table")
    def _enter(self, event: ResourceTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _refuse(self, label: str, reason: str) -> None:
        self.app.notify(f"{label} is not available: {reason}.", severity="warning")

    def action_new(self) -> None:
        options: list[tuple[str, str | Text, bool]] = []
        for rtype in RECORD_TYPES:
            reason = self.why_not(f"create_{rtype.lower()}")
            label = Text(f"{rtype:<6}", "strong").append(_WHAT[rtype], "muted")
            if reason:
                label.append(f"  — {reason}", "muted")
            options.append((rtype, label, reason is None))
        domain = self.area.label_of(self.item)

        def picked(rtype: str | None) -> None:
            if rtype:
                self._create(rtype)

        self.app.push_screen(MenuDialog(f"New record in {domain}", options), picked)

    @work(group="records-form", exit_on_error=False)
    @guarded
    async def _create(self, rtype: str) -> None:
        base = self._action(f"create_{rtype.lower()}")
        action = replace(base, form=record_fields(rtype))

        async def submit(values: dict[str, Any]) -> Any:
            sent, result = await self.app.runner.submit(  # type: ignore[attr-defined]
                self.sub, action, None, {"type": rtype, **values}
            )
            if not sent:
                return KEEP_OPEN
            self._upsert(result)
            return values

        await self._form(action, None, submit)

    def action_edit(self) -> None:
        record = self.selected()
        if record is None:
            return
        reason = self.why_not("edit", record)
        if reason:
            self._refuse("Edit record", reason)
            return
        self._edit(record)

    @work(group="records-form", exit_on_error=False)
    @guarded
    async def _edit(self, record: dict[str, Any]) -> None:
        rtype = str(record.get("type"))
        base = self._action("edit")
        if rtype not in RECORD_TYPES:  # e.g. PTR: what every record has
            action = base
        else:
            action = replace(base, form=record_fields(rtype, record), to_body=record_body(rtype))

        async def submit(values: dict[str, Any]) -> Any:
            sent, result = await self.app.runner.submit(self.sub, action, record, values)  # type: ignore[attr-defined]
            if not sent:
                return KEEP_OPEN
            self._upsert(result)
            return values

        await self._form(action, record, submit)

    async def _form(self, action: Action, record: dict[str, Any] | None, submit: Any) -> None:
        async def no_choices(_: Any) -> list[tuple[str, str]]:
            return []

        target = record_label(record) if record else self.area.label_of(self.item)
        dialog = FormDialog(action, record, target=target, load_choices=no_choices, submit=submit)
        await self.app.push_screen_wait(dialog)

    def action_delete(self) -> None:
        record = self.selected()
        if record is None:
            return
        reason = self.why_not("delete", record)
        if reason:
            self._refuse("Delete record", reason)
            return
        self._delete(record)

    @work(group="records-delete", exit_on_error=False)
    @guarded
    async def _delete(self, record: dict[str, Any]) -> None:
        from linode_tui.api.errors import LinodeError

        try:
            sent, _ = await self.app.runner.submit(self.sub, self._action("delete"), record, {})  # type: ignore[attr-defined]
        except LinodeError as exc:
            self.app.notify(f"Delete record failed: {exc}", severity="error", timeout=8)
            return
        if sent:
            self.rows.pop(record["id"], None)
            self.query_one(ResourceTable).remove_rows([record["id"]])
            self._hint()


_WHAT = {
    "A": "a name → an IPv4 address",
    "AAAA": "a name → an IPv6 address",
    "CNAME": "an alias of another host name",
    "MX": "a mail server, with its priority",
    "TXT": "text (SPF, DKIM, verification)",
    "SRV": "a service: priority, weight, port, target",
    "CAA": "which CAs may issue certificates",
    "NS": "a name server for a subdomain",
}

__all__ = ["RecordsEditor"]
