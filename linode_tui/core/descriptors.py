"""Descriptors: a declarative description of a resource area (Textual-free).

A resource area is a descriptor, not a copied screen: the generic list and detail views read an
:class:`Area` and know how to list, filter, inspect and act on it. What makes an area special is a
typed hook on its descriptor (``summary_extras``, ``stats``, ``row_key``, an action's
``prepare_form`` / ``after_send`` / ``consequence`` …), never a check of the area's name in generic
code. Each area lives in its own module under :mod:`linode_tui.areas`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal, Protocol

# Records are msgspec Structs, not dataclasses: a dataclass compiles its methods when its class is
# created (~1 ms each on a slow machine, ~30 ms for the records of a list's first frame); a Struct
# is made in C. Same semantics here: frozen, compared and hashed by value, ``replace`` for copies.
from msgspec import Struct, field
from msgspec.structs import replace

Danger = Literal["none", "confirm", "type"]
FieldKind = Literal["text", "password", "int", "bool", "select", "multiselect", "tags", "textarea"]
StatsKind = Literal["linode", "nodebalancer"]
Fmt = Literal[
    "text", "status", "mb", "gb", "tags", "list", "date", "money", "bool", "int", "ipv4", "json", "count",
    "age",  # a timestamp as its age: "3d", "5mo" (lists: from the app's clock)
]


class Col(Struct, frozen=True):
    """A column of a resource list: ``key`` is a dotted path into the API object."""

    key: str
    label: str
    fmt: Fmt = "text"
    width: int | None = None
    # A value computed from the row and the cached look-ups instead of read at ``key`` (lists), e.g.
    # a Linode's monthly price from its plan; ``key`` then only names the column.
    derive: Callable[[dict[str, Any], Lookup], Any] | None = None
    # The cell's text from the whole row, when no single field says it (a payment method:
    # "Visa •••• 1234, exp 12/28"); ``key`` stays the API field for sorting and exports.
    compute: Callable[[dict[str, Any]], str] | None = None


class Choices(Struct, frozen=True):
    """Where a select field takes its choices from (a cached lookup list)."""

    path: str  # may contain {id}
    value: str = "id"
    label: str = "label"
    describe: Callable[[dict[str, Any]], str] | None = None
    filter: dict[str, Any] | None = None
    # An X-Filter from the selected item (e.g. only Linodes in the volume's region); merged with
    # ``filter``.
    filter_from: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # Drops rows that cannot be picked for this item (what an X-Filter cannot express).
    keep: Callable[[dict[str, Any], dict[str, Any]], bool] | None = None  # (row, item) -> keep?


class FormField(Struct, frozen=True):
    name: str  # dotted name in the request body
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: Choices | None = None
    options: tuple[tuple[str, str], ...] = ()  # static (value, label) choices
    default: Any = None
    default_from: str | None = None  # dotted key of the selected item used as the default
    help: str = ""
    secret: bool = False


class ActionHost(Protocol):
    """What an action's ``after_send`` hook may ask of the UI."""

    def mark_events_seen(self) -> None: ...


class Reveal(Struct, frozen=True):
    """A secret the API returned once (a new token, an access key's secret, a password): the UI
    shows it in a "shown once" dialog with ``warning``, offers copy (and saving to a file when
    ``filename`` is set) and never keeps it."""

    title: str
    secret: str
    warning: str = "This is the only time it is shown. Copy it now: it cannot be shown again."
    filename: str | None = None
    masked: bool = True  # False for what is not secret (a dashboard URL): shown at once


#: ``lookup(kind, key)``: a cached look-up row (``"types"``, ``"regions"``) or None.
Lookup = Callable[[str, Any], "dict[str, Any] | None"]


class Action(Struct, frozen=True):
    key: str
    label: str
    method: Literal["POST", "PUT", "DELETE", "GET"]  # GET: reads a secret or a file (allowed read-only)
    path: str  # template: {id} is the selected item's id, {parent} the parent id for sub-resources
    scope: str
    danger: Danger = "none"
    binding: str | None = None
    form: tuple[FormField, ...] = ()
    note: str = ""
    when: frozenset[str] | None = None  # statuses the action applies to (None: always)
    only_if: Callable[[dict[str, Any]], bool] | None = None  # any other precondition on the item
    # The grant a restricted user needs on the item (GET actions: read_only; None: seeing the item
    # is enough, e.g. deploying a StackScript), and a global grant the action needs besides
    # (deploying creates a Linode: add_linodes).
    item_grant: Literal["read_only", "read_write"] | None = "read_write"
    add_grant: str | None = None
    # Why the action cannot run on this item (None: it can) — a precondition that says why, e.g.
    # "backups are already enabled"; the verdict shows it as the reason.
    blocked: Callable[[dict[str, Any]], str | None] | None = None
    # The same from the item and the cached look-ups (``"types"``, ``"regions"``), e.g. a plan
    # upgrade only when the Linode's plan has a successor.
    blocked_by: Callable[[dict[str, Any], Lookup], str | None] | None = None
    on_collection: bool = False  # create-style actions need no selected item
    bulk: bool = True
    verb: str = ""  # past tense for messages, e.g. "rebooted"
    footer: bool = False  # the key is shown in the footer
    # What happens, for the confirmation; ``{who}`` is the resource's label (or "3 linodes").
    consequence: str = ""
    # Adjusts the form for the selected item before it is shown (e.g. boot: a config picker only
    # when the Linode has several configs). Called with the client, the action and the item.
    prepare_form: Callable[[Any, Action, dict[str, Any]], Awaitable[tuple[FormField, ...]]] | None = None
    # What the request will cost or do, shown in the confirmation from the form's values and the
    # cached look-ups (e.g. create Linode: plan, region, backups and the monthly price).
    summary: Callable[[dict[str, Any], Lookup], str] | None = None
    # Runs after the request succeeded (e.g. mark events seen in the status panel).
    after_send: Callable[[ActionHost], None] | None = None
    # Turns the form's values into the request body (nested objects, computed fields, a file read
    # from disk). May raise ``linode_tui.api.errors.ValidationError(field_errors=...)``: the
    # problem shows next to the field and the form stays open.
    to_body: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # Picks a secret out of the response to show once (``Reveal``), e.g. a new token.
    reveal: Callable[[Any], Reveal | None] | None = None
    # Instead of a form and a request, opens a hand-written view or dialog for the item (a grants
    # editor, a kubeconfig dialog): the dotted path of a Textual Screen or AreaView class taking
    # ``(area, item)`` (core and areas stay Textual-free). What it changes it sends through
    # ``ActionRunner.submit`` (the same confirmation and request path).
    opens: str | None = None
    # Lines the confirmation adds from the request body (e.g. the grants that change).
    describe_body: Callable[[dict[str, Any]], str] | None = None
    # The change touches other rows too (a new default payment method): the whole list is re-read
    # afterwards, not only the item's row.
    refresh_all: bool = False
    # More fields from what the form chose, asked in a second form before the confirmation (a
    # StackScript's user-defined fields once one is picked); called with the client and the
    # values. May raise ``ValidationError(field_errors=...)``: shown in the first form.
    follow_up: Callable[[Any, dict[str, Any]], Awaitable[tuple[FormField, ...]]] | None = None

    def consequence_for(self, who: str, values: dict[str, Any] | None = None) -> str:
        """The confirmation text: ``{who}`` is the target, ``{field}`` what the form chose for that
        field (the label shown in its picker, e.g. the Linode a volume is attached to)."""
        if not self.consequence:
            return f"{self.label}: {who}."
        known = _Missing({k.replace(".", "__"): v for k, v in {**(values or {}), "who": who}.items()})
        # a dotted field name ({entities.linodes}) names the field, not an attribute of one
        text = re.sub(r"\{(\w+(?:\.\w+)+)\}", lambda m: "{" + m.group(1).replace(".", "__") + "}",
                      self.consequence)
        return text.format_map(known)


class _Missing(dict[str, Any]):
    """``str.format_map`` data that leaves unknown ``{names}`` as they are."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Section(Struct, frozen=True):
    """A table inside an object tab: rows extracted from the tab's response (e.g. the IPv4 and
    IPv6 addresses of ``/ips``, the inbound rules of a firewall)."""

    title: str
    rows: Callable[[Any], list[dict[str, Any]]]
    columns: tuple[Col, ...]


class Shell(Struct, frozen=True):
    """How an area's items are reached from a terminal (``s`` ssh, ``L`` LISH; see ui/ops.py).

    ``addresses(client, item)`` lists ``(kind, address)`` pairs best first (kind: ``public IPv4``,
    ``IPv6``, ``private IPv4``, ``VPC``…); ``lish(item)`` is the ``(region, label)`` of its LISH
    console, or None when it has none."""

    addresses: Callable[[Any, dict[str, Any]], Awaitable[list[tuple[str, str]]]]
    lish: Callable[[dict[str, Any]], tuple[str, str] | None] | None = None


class Tab(Struct, frozen=True):
    key: str
    label: str
    path: str  # template with {id}
    kind: Literal["list", "object"] = "list"
    columns: tuple[Col, ...] = ()
    link_area: str | None = None  # Enter on a row opens this area's detail
    filter: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # X-Filter from the parent item
    # How an object tab shows its response instead of raw JSON: ``text`` (plain text from the
    # response, the parent item and look-ups, e.g. a zone file or transfer with units) above
    # ``sections`` (tables of rows extracted from the response).
    text: Callable[[Any, dict[str, Any], Lookup], str] | None = None
    sections: tuple[Section, ...] = ()
    # Actions on this tab's rows (or, with ``on_collection``, on the tab's collection): their path
    # may hold ``{parent}`` (the detail's item id) and ``{id}``/``{field}`` of the selected row.
    actions: tuple[Action, ...] = ()
    # The detail's item (the parent) may gate a tab action: ``(action, parent) -> reason | None``.
    parent_blocked: Callable[[Action, dict[str, Any]], str | None] | None = None
    # A hand-written view replaces the generic tab body; the dotted path of a Textual widget class
    # taking ``(area, item, tab)`` (core stays Textual-free), e.g. the firewall rules editor.
    view: str | None = None
    id_key: str = "id"  # the key of this tab's rows (an IP's is its address)
    label_key: str = "label"  # how confirmations name a row (a record: its name)
    # The rows of a list tab from the page's data (e.g. the nodes of every pool); default: the data.
    rows: Callable[[list[Any]], list[Any]] | None = None
    # Only items for which this is true have the tab (e.g. connection pools: PostgreSQL only).
    only_if: Callable[[dict[str, Any]], bool] | None = None
    # The rows are resources with sub-resources of their own (a NodeBalancer config and its nodes):
    # a tab action with ``opens=ROW_DETAIL`` shows the row as a detail of this area, belonging to
    # the tab's parent (its grants and read-only mode gate the row area's actions too).
    row_area: Area | None = None

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)


#: ``Action.opens`` for a tab row's own detail view (see ``Tab.row_area``).
ROW_DETAIL = "linode_tui.ui.views.detail.row_detail"


class SubOf(Struct, frozen=True):
    """What a sub-resource area (a tab's rows as an area of their own) belongs to."""

    area: Area
    item: dict[str, Any]
    tab: Tab


class Area(Struct, frozen=True):
    key: str
    title: str
    path: str
    columns: tuple[Col, ...]
    aliases: tuple[str, ...] = ()
    group: str = "Compute"
    id_key: str = "id"
    label_key: str = "label"
    detail_path: str | None = None  # template; default path + "/{id}"
    tabs: tuple[Tab, ...] = ()
    actions: tuple[Action, ...] = ()
    scope: str = ""  # read scope
    entity_type: str | None = None  # the event entity.type of this area's items
    summary: tuple[Col, ...] = ()  # fields shown on the detail summary
    paginated: bool = True
    status_key: str | None = "status"
    description: str = ""
    default_filter: dict[str, Any] = field(default_factory=dict)  # e.g. newest events first
    cursor: bool = False  # page by an id cursor (newest first, older as the user scrolls), not by number
    stats: StatsKind | None = None  # the live stats view its items have (Stats tab, `g`)
    add_grant: str | None = None  # the global grant a restricted user needs to create one
    # The table's row key when ``id_key`` alone is not unique (e.g. buckets: region/label).
    row_key: Callable[[dict[str, Any]], Any] | None = None
    # Extra summary lines of the detail view: (label, value) pairs from the item and look-ups.
    summary_extras: Callable[[dict[str, Any], Lookup], list[tuple[str, str]]] | None = None
    # Set on the area a tab's rows make (see :func:`tab_area`): the parent's grants, read-only
    # mode and ``Tab.parent_blocked`` gate its actions, and the parent's views refresh after them.
    sub_of: SubOf | None = None
    # A shell on the item (ssh to its addresses, its LISH console): the ``s``/``L`` keys.
    shell: Shell | None = None
    # How confirmations name an item that has no label field (a payment method: "Visa 1234"); a
    # typed confirmation asks for this text.
    label_from: Callable[[dict[str, Any]], str] | None = None

    def detail_template(self) -> str:
        return self.detail_path if self.detail_path is not None else self.path + "/{id}"

    def detail_url(self, item: dict[str, Any]) -> str:
        return fill(self.detail_template(), item, self)

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)

    def key_of(self, item: dict[str, Any]) -> Any:
        """The row key of an item in this area's lists."""
        if self.row_key is not None:
            return self.row_key(item)
        return item.get(self.id_key)

    def label_of(self, item: dict[str, Any]) -> str:
        if self.label_from is not None and item:
            text = self.label_from(item)
        else:
            text = str(item.get(self.label_key) or item.get(self.id_key) or "")
        return " ".join(text.split()) if "\n" in text or "\r" in text else text  # one line


def tab_area(area: Area, tab: Tab, item: dict[str, Any]) -> Area:
    """The rows of a detail's tab as an area of their own, so that their actions take the one
    runner path: ``{parent}`` in the tab's action paths is the detail item's id."""
    parent_id = str(item.get(area.id_key, ""))
    actions = tuple(replace(a, path=fill_parent(a.path, item, parent_id)) for a in tab.actions)
    return Area(
        key=f"{area.key}.{tab.key}",
        title=f"{area.label_of(item)} › {tab.label}",
        path=fill(tab.path, item, area),
        columns=tab.columns,
        group=area.group,
        id_key=tab.id_key,
        label_key=tab.label_key,
        actions=actions,
        scope=area.scope,
        status_key="status" if any(c.key == "status" for c in tab.columns) else None,
        sub_of=SubOf(area, item, tab),
    )


def fill_parent(template: str, parent: dict[str, Any], pid: str) -> str:
    """``{parent}`` is the parent's id, ``{parent.engine}`` any other field of the parent."""
    out = template.replace("{parent}", pid)
    for k, v in parent.items():
        if isinstance(v, str | int):
            out = out.replace("{parent." + k + "}", str(v))
    return out


def fill(template: str, item: dict[str, Any], area: Area | None = None, parent: Any = None) -> str:
    id_key = area.id_key if area else "id"
    out = template.replace("{id}", str(item.get(id_key, "")))
    if parent is not None:
        out = out.replace("{parent}", str(parent))
    for k, v in item.items():
        token = "{" + k + "}"
        if token in out and isinstance(v, str | int):
            out = out.replace(token, str(v))
    return out


def nest(values: dict[str, Any]) -> dict[str, Any]:
    """Form values by dotted name as the request body: ``{"subnets.0.label": "a"}`` becomes
    ``{"subnets": [{"label": "a"}]}`` (a numeric part is a list index)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        parts = name.split(".")
        cur: Any = out
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt: Any = value if last else ([] if parts[i + 1].isdigit() else {})
            if isinstance(cur, list):
                idx = int(part)
                while len(cur) <= idx:
                    cur.append(None)
                if cur[idx] is None or last:
                    cur[idx] = nxt
                cur = cur[idx]
            else:
                if part not in cur or last:
                    cur[part] = nxt
                cur = cur[part]
    return out


def get_path(obj: Any, dotted: str) -> Any:
    cur = obj
    for part in dotted.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
    return cur
