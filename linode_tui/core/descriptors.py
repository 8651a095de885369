"""Descriptors: a declarative description of a resource area (Textual-free).

A resource area is a descriptor, not a copied screen: the generic list and detail views read an
:class:`Area` and know how to list, filter, inspect and act on it. What makes an area special is a
typed hook on its descriptor (``summary_extras``, ``stats``, ``row_key``, an action's
``prepare_form`` / ``after_send`` / ``consequence`` …), never a check of the area's name in generic
code. Each area lives in its own module under :mod:`linode_tui.areas`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

Danger = Literal["none", "confirm", "type"]
FieldKind = Literal["text", "password", "int", "bool", "select", "multiselect", "tags", "textarea"]
StatsKind = Literal["linode", "nodebalancer"]
Fmt = Literal[
    "text", "status", "mb", "gb", "tags", "list", "date", "money", "bool", "int", "ipv4", "json", "count"
]


@dataclass(frozen=True)
class Col:
    """A column of a resource list: ``key`` is a dotted path into the API object."""

    key: str
    label: str
    fmt: Fmt = "text"
    width: int | None = None


@dataclass(frozen=True)
class Choices:
    """Where a select field takes its choices from (a cached lookup list)."""

    path: str  # may contain {id}
    value: str = "id"
    label: str = "label"
    describe: Callable[[dict[str, Any]], str] | None = None
    filter: dict[str, Any] | None = None


@dataclass(frozen=True)
class FormField:
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


@dataclass(frozen=True)
class Reveal:
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


@dataclass(frozen=True)
class Action:
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
    # Why the action does not apply when ``only_if``/``when`` rule it out ("{who} is not empty"),
    # said in the menu and when its key is pressed; default: the item's state.
    why: str = ""
    # The grant a restricted user needs on the item (GET actions: read_only; None: seeing the item
    # is enough, e.g. deploying a StackScript), and a global grant the action needs besides
    # (deploying creates a Linode: add_linodes).
    item_grant: Literal["read_only", "read_write"] | None = "read_write"
    add_grant: str | None = None
    on_collection: bool = False  # create-style actions need no selected item
    bulk: bool = True
    verb: str = ""  # past tense for messages, e.g. "rebooted"
    footer: bool = False  # the key is shown in the footer
    # What happens, for the confirmation; ``{who}`` is the resource's label (or "3 linodes").
    consequence: str = ""
    # Adjusts the form for the selected item before it is shown (e.g. boot: a config picker only
    # when the Linode has several configs). Called with the client, the action and the item.
    prepare_form: Callable[[Any, Action, dict[str, Any]], Awaitable[tuple[FormField, ...]]] | None = None
    # Runs after the request succeeded (e.g. mark events seen in the status panel).
    after_send: Callable[[ActionHost], None] | None = None
    # Turns the form's values into the request body (nested objects, computed fields, a file read
    # from disk). May raise ``linode_tui.api.errors.ValidationError(field_errors=...)``: the
    # problem shows next to the field and the form stays open.
    to_body: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # Picks a secret out of the response to show once (``Reveal``), e.g. a new token.
    reveal: Callable[[Any], Reveal | None] | None = None
    # Instead of a form and a request, opens a hand-written view or dialog for the item (a grants
    # editor, a kubeconfig dialog): ``opens(area, item)`` returns a Textual screen or AreaView
    # (imported lazily: descriptors stay Textual-free). What it changes it sends through
    # ``ActionRunner.submit`` (the same confirmation and request path).
    opens: Callable[[Area, dict[str, Any] | None], Any] | None = None
    # Lines the confirmation adds from the request body (e.g. the grants that change).
    describe_body: Callable[[dict[str, Any]], str] | None = None

    def consequence_for(self, who: str) -> str:
        return self.consequence.format(who=who) if self.consequence else f"{self.label}: {who}."


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    path: str  # template with {id}
    kind: Literal["list", "object"] = "list"
    columns: tuple[Col, ...] = ()
    link_area: str | None = None  # Enter on a row opens this area's detail
    filter: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # X-Filter from the parent item
    # Actions on the tab's rows (a pool of a cluster, a key of a bucket). In their paths ``{parent}``
    # is the parent item's id (``{parent.engine}`` another field of it) and ``{id}`` the row's
    # ``id_key``; ``on_collection`` ones (add a pool) need no row. The detail view's `a` menu
    # offers them while the tab is shown.
    actions: tuple[Action, ...] = ()
    id_key: str = "id"
    label_key: str = "label"
    title: str = ""  # how messages name a row's kind ("node pool"); default the tab's label
    # The rows of a list tab from the page's data (e.g. the nodes of every pool); default: the data.
    rows: Callable[[list[Any]], list[Any]] | None = None
    # Renders an object tab's answer (None for an empty 204) as text; default: its JSON.
    render: Callable[[Any], str] | None = None

    def sub_area(self, parent: Area, item: dict[str, Any]) -> Area:
        """The tab's rows as an area of their own, for the one action path: ``{parent}`` filled in,
        ``parent`` set so that refreshing it refreshes the parent's views."""
        pid = str(item.get(parent.id_key, ""))
        return Area(
            f"{parent.key}.{self.key}",
            self.title or self.label,
            fill(self.path, item, parent),
            self.columns,
            group=parent.group,
            id_key=self.id_key,
            label_key=self.label_key,
            status_key="status" if any(c.key == "status" for c in self.columns) else None,
            actions=tuple(replace(a, path=fill_parent(a.path, item, pid)) for a in self.actions),
            scope=parent.scope,
            parent=parent,
        )


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    path: str
    columns: tuple[Col, ...]
    aliases: tuple[str, ...] = ()
    group: str = "Compute"
    id_key: str = "id"
    label_key: str = "label"
    detail_path: str | None = None  # template; default path + "/{id}"; "": no single-object GET
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
    parent: Area | None = None  # set on a tab's sub-area (Tab.sub_area)

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
        return str(item.get(self.label_key) or item.get(self.id_key) or "")


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


def get_path(obj: Any, dotted: str) -> Any:
    cur = obj
    for part in dotted.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
    return cur
