"""Descriptors: a declarative description of a resource area (Textual-free).

A resource area is a descriptor, not a copied screen: the generic list and detail views read an
:class:`Area` and know how to list, filter, inspect and act on it. What makes an area special is a
typed hook on its descriptor (``summary_extras``, ``stats``, ``row_key``, an action's
``prepare_form`` / ``after_send`` / ``consequence`` …), never a check of the area's name in generic
code. Each area lives in its own module under :mod:`linode_tui.areas`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
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


#: ``lookup(kind, key)``: a cached look-up row (``"types"``, ``"regions"``) or None.
Lookup = Callable[[str, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    method: Literal["POST", "PUT", "DELETE"]
    path: str  # template: {id} is the selected item's id, {parent} the parent id for sub-resources
    scope: str
    danger: Danger = "none"
    binding: str | None = None
    form: tuple[FormField, ...] = ()
    note: str = ""
    when: frozenset[str] | None = None  # statuses the action applies to (None: always)
    only_if: Callable[[dict[str, Any]], bool] | None = None  # any other precondition on the item
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

    def consequence_for(self, who: str) -> str:
        return self.consequence.format(who=who) if self.consequence else f"{self.label}: {who}."


@dataclass(frozen=True)
class Shell:
    """How an area's items are reached from a terminal (``s`` ssh, ``L`` LISH; see ui/ops.py).

    ``addresses(client, item)`` lists ``(kind, address)`` pairs best first (kind: ``public IPv4``,
    ``IPv6``, ``private IPv4``, ``VPC``…); ``lish(item)`` is the ``(region, label)`` of its LISH
    console, or None when it has none."""

    addresses: Callable[[Any, dict[str, Any]], Awaitable[list[tuple[str, str]]]]
    lish: Callable[[dict[str, Any]], tuple[str, str] | None] | None = None


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    path: str  # template with {id}
    kind: Literal["list", "object"] = "list"
    columns: tuple[Col, ...] = ()
    link_area: str | None = None  # Enter on a row opens this area's detail
    filter: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # X-Filter from the parent item


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
    # A shell on the item (ssh to its addresses, its LISH console): the ``s``/``L`` keys.
    shell: Shell | None = None

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
