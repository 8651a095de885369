"""Compact data generated from the Linode API v4 spec: the union of 4.189.0 and the 4.229.1 inventory.

The data file ``spec.json.gz`` next to this module is produced by ``_generate.py``
(``python -m linode_tui.specdata._generate``, reading the copies in ``tests/data``); nothing here
reads the original spec files.  It is only read when :func:`load_spec` is first called (the
simulator, the operation explorer), never at import time.

Format of ``spec.json.gz`` (gzip of one compact JSON object):

* ``version``: newest spec version covered (``"4.229.1"``); ``sources``: ``{version: origin}``
* ``operations``: list of objects with ``method``, ``path`` (no ``/{apiVersion}`` prefix, ``{param}``
  names of 4.189.0 where it has the operation), ``operation_id``, ``summary`` (one line), ``tag``,
  ``area`` (first path segment; ``linode/*`` and ``networking/*`` by the second), ``scopes``,
  ``scopes_derived`` (only when derived: the path prefix the scope area was taken from),
  ``is_list`` (GET returning a ``data`` array), ``paginated`` (page/pages/results envelope),
  ``filterable`` (dotted names), ``request`` (``null`` or field rows
  ``[dotted_name, type, required, extras?]``, extras: ``enum``, ``ro``, ``item``, ``src``,
  ``nesting`` -- see ``_generate``), ``response_fields`` (top-level names of the item/object),
  ``response`` (``[[dotted_name, type], ...]``), ``path_params`` (``{name: "int"|"string"}``),
  ``query_params`` (``{name: type}``), ``servers`` (``["v4", "v4beta"]``, ``null`` if unknown),
  ``sources`` (spec versions listing it), ``dropped`` (not in the newer inventory), ``cli``
  (``"linodes create"``), ``beta_fields``, ``deprecated``, ``aliases`` (older operationIds),
  ``path_4.229.1`` (the newer template
  when its parameter names differ)
* ``enums``: ``{"<area>.<dotted.field>": [values...]}``, e.g. ``linode.status``, ``event.action``
* ``examples``: ``{operation_id: example response}`` for every GET operation with a JSON response

On loading, the hand-kept allow-list in :mod:`linode_tui.specdata.extra_filterable` (fields the real
API filters on although no spec says so) is added to the operations' ``filterable``.
"""

from __future__ import annotations

import copy
import gzip
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import unquote

from linode_tui.specdata.extra_filterable import extra_filterable

__all__ = ["FieldSpec", "Operation", "RequestField", "SpecData", "load_spec"]

DATA_FILE = "spec.json.gz"


@dataclass(frozen=True, slots=True)
class RequestField:
    """A top-level, writable request body field (what the generic simulator validates)."""

    name: str
    type: str
    required: bool

    # allow `name, type, required = field`
    def __iter__(self) -> Any:
        return iter((self.name, self.type, self.required))


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One request body field of the full request schema (nested fields have dotted names).

    ``required`` is relative to the parent object (a nested field is required when its parent is
    sent).  ``nesting`` is ``"unknown"`` for a 4.229.1-only field whose position linode-cli's
    flattened model does not tell (its ``name`` is then ``?.<leaf>``); such fields are listed,
    never enforced.  ``source`` names the only spec version that has the field, if just one does.
    """

    name: str
    type: str
    required: bool
    enum: tuple[Any, ...] = ()
    read_only: bool = False
    item_type: str | None = None
    source: str | None = None
    nesting: str | None = None
    nullable: bool = False  # a required field that may be sent as null

    @property
    def depth(self) -> int:
        return 0 if self.nesting == "unknown" else self.name.count(".")

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def parent(self) -> str | None:
        """Dotted name of the parent field (None at the top level or when the position is unknown)."""
        if self.nesting == "unknown" or "." not in self.name:
            return None
        return self.name.rsplit(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    scopes: list[str]
    is_list: bool
    filterable: list[str]
    request_fields: list[RequestField] | None
    request_enums: dict[str, list[Any]]
    response_fields: list[str]
    path_params: dict[str, str]
    # list with the standard page/pages/results envelope (False e.g. for the marker-paged object-list)
    paginated: bool = False
    filterable_set: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    tag: str = ""
    area: str = ""
    # the path prefix a derived scope was taken from (None: the scopes are the spec's own)
    scopes_derived: str | None = None
    request_schema: tuple[FieldSpec, ...] | None = field(default=None, compare=False, repr=False)
    response_attrs: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    query_params: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    servers: tuple[str, ...] | None = None
    sources: tuple[str, ...] = ()
    dropped: bool = False
    deprecated: bool = False
    cli: str | None = None
    beta_fields: tuple[str, ...] = ()
    alt_path: str | None = None

    @property
    def has_body(self) -> bool:
        return self.request_fields is not None

    @property
    def required_fields(self) -> list[str]:
        return [f.name for f in self.request_fields or [] if f.required]

    @property
    def v4beta_only(self) -> bool | None:
        """True when only ``/v4beta`` serves it; None when the sources do not say (4.229.1-only)."""
        if self.servers is None:
            return None
        return tuple(self.servers) == ("v4beta",)

    @property
    def is_new(self) -> bool:
        """Listed only by the newer (4.229.1) inventory, not by spec 4.189.0."""
        return "4.189.0" not in self.sources

    def nested_fields(self) -> list[FieldSpec]:
        """Request fields below the top level whose position is known (for nested validation)."""
        return [f for f in self.request_schema or () if f.parent is not None and not f.read_only]


class _Node:
    """One path segment position in the routing trie."""

    __slots__ = ("literal", "ops", "param")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        # (param name, is_int, child) -- several names may share a position (e.g. {linodeId}/{id})
        self.param: list[tuple[str, bool, _Node]] = []
        self.ops: dict[str, Operation] = {}


def _split(path: str) -> list[str]:
    path = path.split("?", 1)[0].split("#", 1)[0]
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] in ("v4", "v4beta"):
        parts = parts[1:]
    return parts


class SpecData:
    """Loaded spec data with operation lookup and routing."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.version: str = raw["version"]
        self.sources: dict[str, str] = dict(raw.get("sources") or {})
        self.enums: dict[str, list[Any]] = raw["enums"]
        self._examples: dict[str, Any] = raw["examples"]
        self.operations: list[Operation] = [self._make_op(o) for o in raw["operations"]]
        self._by_id: dict[str, Operation] = {o.operation_id: o for o in self.operations}
        # operationIds the newer inventory renamed (4.189.0's "delete-ag" is 4.229.1's "delete-tag")
        for o in raw["operations"]:
            for alias in o.get("aliases") or ():
                self._by_id.setdefault(alias, self._by_id[o["operation_id"]])
        self._by_key: dict[tuple[str, str], Operation] = {(o.method, o.path): o for o in self.operations}
        self._root = _Node()
        for op in self.operations:
            self._insert(op)

    @staticmethod
    def _make_op(o: dict[str, Any]) -> Operation:
        rows = o.get("request")
        schema: tuple[FieldSpec, ...] | None = None
        fields: list[RequestField] | None = None
        enums: dict[str, list[Any]] = {}
        if rows is not None:
            specs = []
            for row in rows:
                extras = row[3] if len(row) > 3 else {}
                specs.append(FieldSpec(
                    name=str(row[0]), type=str(row[1]), required=bool(row[2]),
                    enum=tuple(extras.get("enum") or ()), read_only=bool(extras.get("ro")),
                    item_type=extras.get("item"), source=extras.get("src"), nesting=extras.get("nesting"),
                    nullable=bool(extras.get("null"))))
            schema = tuple(specs)
            top = [f for f in specs if f.depth == 0 and f.nesting is None and not f.read_only]
            fields = [RequestField(f.name, f.type, f.required) for f in top]
            enums = {f.name: list(f.enum) for f in top if f.enum}
        extra = extra_filterable(o["method"], o["path"])
        filterable = sorted(set(o["filterable"]) | extra) if extra else list(o["filterable"])
        servers = o.get("servers")
        return Operation(
            method=o["method"],
            path=o["path"],
            operation_id=o["operation_id"],
            summary=o["summary"],
            scopes=list(o["scopes"]),
            is_list=bool(o["is_list"]),
            filterable=filterable,
            request_fields=fields,
            request_enums=enums,
            response_fields=list(o["response_fields"]),
            path_params=dict(o["path_params"]),
            paginated=bool(o.get("paginated")),
            filterable_set=frozenset(filterable),
            tag=str(o.get("tag") or ""),
            area=str(o.get("area") or ""),
            scopes_derived=o.get("scopes_derived"),
            request_schema=schema,
            response_attrs=tuple((str(n), str(t)) for n, t in o.get("response") or ()),
            query_params=dict(o.get("query_params") or {}),
            servers=tuple(servers) if servers is not None else None,
            sources=tuple(o.get("sources") or ()),
            dropped=bool(o.get("dropped")),
            deprecated=bool(o.get("deprecated")),
            cli=o.get("cli"),
            beta_fields=tuple(o.get("beta_fields") or ()),
            alt_path=next((v for k, v in o.items() if k.startswith("path_") and k[5:6].isdigit()), None),
        )

    def _insert(self, op: Operation) -> None:
        node = self._root
        for seg in _split(op.path):
            if seg.startswith("{") and seg.endswith("}"):
                name = seg[1:-1]
                is_int = op.path_params.get(name) == "int"
                for pname, pint, child in node.param:
                    if pname == name and pint == is_int:
                        node = child
                        break
                else:
                    child = _Node()
                    node.param.append((name, is_int, child))
                    # int params first: more specific than free strings
                    node.param.sort(key=lambda p: not p[1])
                    node = child
            else:
                node = node.literal.setdefault(seg, _Node())
        node.ops[op.method] = op

    def _walk(self, node: _Node, parts: list[str], i: int,
              params: dict[str, str]) -> tuple[_Node, dict[str, str]] | None:
        if i == len(parts):
            return (node, params) if node.ops else None
        seg = parts[i]
        child = node.literal.get(seg)
        if child is not None:
            found = self._walk(child, parts, i + 1, params)
            if found is not None:
                return found
        for name, is_int, pchild in node.param:
            value = unquote(seg)
            if is_int and not value.isdigit():
                continue
            found = self._walk(pchild, parts, i + 1, {**params, name: value})
            if found is not None:
                return found
        return None

    # ------------------------------------------------------------------ public API

    def match(self, method: str, concrete_path: str) -> tuple[Operation, dict[str, str]] | None:
        """Find the operation for e.g. ``("GET", "/linode/instances/123/disks")``.

        The path is resolved first, independently of the method: literal segments beat parameters
        (``/volumes/types`` is never ``/volumes/{volumeId}``) and integer parameters only match digits.
        A method the resolved path does not support gives None (see ``methods_for`` for 405 handling).
        A leading ``/v4`` or ``/v4beta`` segment and a query string are ignored.
        Returns the operation and its (URL-decoded) path parameters, or None.
        """
        found = self._walk(self._root, _split(concrete_path), 0, {})
        if found is None:
            return None
        node, params = found
        op = node.ops.get(method.upper())
        return (op, params) if op is not None else None

    def methods_for(self, concrete_path: str) -> list[str]:
        """HTTP methods allowed on a concrete path (empty if no such path; useful for 405 vs 404)."""
        found = self._walk(self._root, _split(concrete_path), 0, {})
        return sorted(found[0].ops) if found else []

    def operation(self, operation_id: str) -> Operation:
        """Operation by operationId (KeyError if unknown)."""
        return self._by_id[operation_id]

    def find(self, method: str, path_template: str) -> Operation | None:
        """Operation by method and path template (``/linode/instances/{linodeId}``)."""
        return self._by_key.get((method.upper(), path_template))

    def filterable_for(self, method: str, path_template: str) -> frozenset[str]:
        """Filterable (dotted) attribute names of a list operation; empty if none/unknown."""
        op = self._by_key.get((method.upper(), path_template))
        return op.filterable_set if op else frozenset()

    def example(self, operation_id: str) -> Any:
        """Deep copy of the example response of a GET operation (KeyError if none)."""
        return copy.deepcopy(self._examples[operation_id])

    def has_example(self, operation_id: str) -> bool:
        return operation_id in self._examples

    def enum(self, key: str) -> list[Any]:
        """Enum values for e.g. ``"linode.status"`` (empty list if unknown)."""
        return list(self.enums.get(key, []))

    # ------------------------------------------------------------------ explorer API

    def all_operations(self, *, include_dropped: bool = True) -> list[Operation]:
        """Every operation of the union (sorted by path, then method); ``include_dropped=False``
        leaves out those the newer inventory no longer lists."""
        return [o for o in self.operations if include_dropped or not o.dropped]

    def areas(self) -> list[str]:
        """Resource areas (``account``, ``linode/instances``, ``monitor``...), sorted."""
        return sorted({o.area for o in self.operations})

    def by_area(self, area: str) -> list[Operation]:
        """Operations of one area (see :meth:`areas`), sorted by path then method."""
        return [o for o in self.operations if o.area == area]

    def request_schema(self, operation_id: str) -> list[FieldSpec]:
        """Every request body field of an operation (dotted names, parents first); empty if no body.
        KeyError for an unknown operationId."""
        return list(self.operation(operation_id).request_schema or ())


@cache
def load_spec() -> SpecData:
    """Load (once) the generated spec data shipped with the package."""
    packed = resources.files(__name__).joinpath(DATA_FILE).read_bytes()
    return SpecData(json.loads(gzip.decompress(packed)))
