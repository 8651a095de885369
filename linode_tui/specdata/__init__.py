"""Compact data generated from the Linode API v4 OpenAPI spec (4.189.0 + filterable flags of newer specs).

The data file ``spec.json`` next to this module is produced by ``_generate.py``
(``python -m linode_tui.specdata._generate``); nothing here reads the original spec files.

Format of ``spec.json`` (compact JSON object):

* ``version``: spec version string (``"4.189.0"``)
* ``operations``: list of objects with ``method``, ``path`` (no ``/{apiVersion}`` prefix, ``{param}``
  names kept), ``operation_id``, ``summary``, ``scopes``, ``is_list`` (GET returning a ``data`` array),
  ``paginated`` (list with the page/pages/results envelope), ``filterable`` (dotted names),
  ``request`` (``null`` or ``{"fields": [[name, type, required], ...], "enums": {name: [...]}}``),
  ``response_fields`` (top-level field names of the item/object), ``path_params`` (``{name: "int"|"string"}``)
* ``enums``: ``{"<area>.<dotted.field>": [values...]}``, e.g. ``linode.status``, ``event.action``
* ``examples``: ``{operation_id: example response}`` for every GET operation with a JSON response

On loading, the hand-kept allow-list in :mod:`linode_tui.specdata.extra_filterable` (fields the real
API filters on although no spec says so) is added to the operations' ``filterable``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import unquote

from linode_tui.specdata.extra_filterable import extra_filterable

__all__ = ["Operation", "RequestField", "SpecData", "load_spec"]

DATA_FILE = "spec.json"


@dataclass(frozen=True, slots=True)
class RequestField:
    name: str
    type: str
    required: bool

    # allow `name, type, required = field`
    def __iter__(self) -> Any:
        return iter((self.name, self.type, self.required))


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

    @property
    def has_body(self) -> bool:
        return self.request_fields is not None

    @property
    def required_fields(self) -> list[str]:
        return [f.name for f in self.request_fields or [] if f.required]


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
        self.enums: dict[str, list[Any]] = raw["enums"]
        self._examples: dict[str, Any] = raw["examples"]
        self.operations: list[Operation] = [self._make_op(o) for o in raw["operations"]]
        self._by_id: dict[str, Operation] = {o.operation_id: o for o in self.operations}
        self._by_key: dict[tuple[str, str], Operation] = {(o.method, o.path): o for o in self.operations}
        self._root = _Node()
        for op in self.operations:
            self._insert(op)

    @staticmethod
    def _make_op(o: dict[str, Any]) -> Operation:
        req = o.get("request")
        fields = [RequestField(str(n), str(t), bool(r)) for n, t, r in req["fields"]] if req else None
        extra = extra_filterable(o["method"], o["path"])
        filterable = sorted(set(o["filterable"]) | extra) if extra else list(o["filterable"])
        return Operation(
            method=o["method"],
            path=o["path"],
            operation_id=o["operation_id"],
            summary=o["summary"],
            scopes=list(o["scopes"]),
            is_list=bool(o["is_list"]),
            filterable=filterable,
            request_fields=fields,
            request_enums=dict(req.get("enums") or {}) if req else {},
            response_fields=list(o["response_fields"]),
            path_params=dict(o["path_params"]),
            paginated=bool(o.get("paginated")),
            filterable_set=frozenset(filterable),
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


@cache
def load_spec() -> SpecData:
    """Load (once) the generated spec data shipped with the package."""
    text = resources.files(__name__).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return SpecData(json.loads(text))
