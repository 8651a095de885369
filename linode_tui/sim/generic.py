"""Generic handlers: how the simulator answers an operation no area handler implements.

* GET → the spec's example (a list → a :class:`Listing` of the example item(s), so X-Filter and
  pagination still apply; a single object → the example with the path's id substituted), merged
  with whatever generic writes stored for that path.
* POST/PUT → the JSON body is validated against the operation's request fields (missing required
  field → 400 ``<field> is required``; wrong JSON type → 400 ``<field> must be a <type>``; value
  outside a declared enum → 400 ``<field> is not valid``); nested fields (``devices.sda.disk_id``)
  are checked inside each parent object actually sent (``field`` is then the dotted path, with
  ``[i]`` for array items, e.g. ``interfaces[0].purpose``).  Then the state changes generically:
  PUT merges the body into the object stored for that path; POST to a collection creates an item
  (example ∪ body, new id) retrievable at ``collection/{id}`` and listed in the collection; any
  other POST is an action answering ``{}``.
* DELETE → forgets the object (a following GET answers 404) and answers ``{}``.
* An id below a collection must exist: the area handler's GET of that item decides when there is
  one (:attr:`GenericStore.probe`, set by the app), else the example list and the generic creates.

Never 501: every operation of the spec gets an answer like the API's.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from linode_tui.sim.framework import ApiError, Ctx, Listing, field_error, not_found

__all__ = ["GenericStore", "validate_body"]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
}

_ARTICLE = {"integer": "an integer", "object": "an object", "array": "an array"}


def _is_type(value: Any, t: str) -> bool:
    types = _JSON_TYPES.get(t)
    if types is None:  # unknown/compound type in the spec: be lenient
        return True
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def validate_body(op: Any, body: Any, *, partial: bool = False) -> None:
    """Validate a request body against ``op.request_fields``; raises a 400 :class:`ApiError`.

    ``partial`` (PUT): required fields may be absent.  Unknown fields are ignored like the API does.
    """
    fields = getattr(op, "request_fields", None)
    if fields is None:
        return
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    enums: dict[str, list[Any]] = getattr(op, "request_enums", {}) or {}
    nullable = {f.name for f in getattr(op, "request_schema", None) or () if getattr(f, "nullable", False)}
    errors: list[dict[str, Any]] = []
    for name, type_, required in fields:
        if name not in body or body[name] is None:
            if required and not partial and not (name in nullable and name in body):
                errors.append({"reason": f"{name} is required", "field": name})
            continue
        value = body[name]
        if not _is_type(value, type_):
            errors.append({"reason": f"{name} must be {_ARTICLE.get(type_, 'a ' + type_)}", "field": name})
            continue
        allowed = enums.get(name)
        if allowed and not isinstance(value, list | dict) and value not in allowed:
            errors.append({"reason": f"{name} is not valid", "field": name})
    nested = op.nested_fields() if callable(getattr(op, "nested_fields", None)) else []
    if nested and not errors:
        _validate_nested(nested, body, errors)
    if errors:
        first = errors[0]
        raise ApiError(400, first["reason"], first.get("field"), errors=errors)


def _values_at(body: dict[str, Any], parent: str) -> list[tuple[str, dict[str, Any]]]:
    """The objects sent at dotted ``parent`` (each item of an array), with their error-field prefix."""
    found: list[tuple[str, dict[str, Any]]] = [("", body)]
    for part in parent.split("."):
        nxt: list[tuple[str, dict[str, Any]]] = []
        for where, obj in found:
            value = obj.get(part)
            name = f"{where}.{part}" if where else part
            if isinstance(value, dict):
                nxt.append((name, value))
            elif isinstance(value, list):
                nxt.extend((f"{name}[{i}]", v) for i, v in enumerate(value) if isinstance(v, dict))
        found = nxt
    return found


def _validate_nested(nested: list[Any], body: dict[str, Any], errors: list[dict[str, Any]]) -> None:
    """Nested fields: type and enum of what is sent, ``required`` only inside a parent that is sent."""
    for spec in nested:
        for where, obj in _values_at(body, spec.parent):
            name = f"{where}.{spec.leaf}"
            if spec.leaf not in obj or obj[spec.leaf] is None:
                if spec.required:
                    errors.append({"reason": f"{name} is required", "field": name})
                continue
            value = obj[spec.leaf]
            type_ = "array" if spec.type == "object" and isinstance(value, list) else spec.type
            if not _is_type(value, type_):
                kind = _ARTICLE.get(type_, "a " + type_)
                errors.append({"reason": f"{name} must be {kind}", "field": name})
            elif spec.enum and not isinstance(value, list | dict) and value not in spec.enum:
                errors.append({"reason": f"{name} is not valid", "field": name})


def _last_param(params: dict[str, Any]) -> Any:
    if not params:
        return None
    return list(params.values())[-1]


def _substitute_id(obj: Any, value: Any) -> Any:
    """Put the path's identifier into an example object (id, or label for string keys)."""
    if not isinstance(obj, dict) or value is None:
        return obj
    if isinstance(value, int):
        if isinstance(obj.get("id"), int) and not isinstance(obj.get("id"), bool):
            obj["id"] = value
    elif isinstance(value, str):
        if isinstance(obj.get("id"), str):
            obj["id"] = value
        elif isinstance(obj.get("label"), str):
            obj["label"] = value
    return obj


class GenericStore:
    """Per-path state written by generic POST/PUT/DELETE (one per simulator)."""

    FIRST_ID = 7_000_000

    def __init__(self, spec: Any) -> None:
        self.spec = spec
        self.objects: dict[str, dict[str, Any]] = {}  # concrete path -> stored object
        self.deleted: set[str] = set()
        self.created: dict[str, list[str]] = {}  # collection path -> item paths, creation order
        self._next_id = self.FIRST_ID
        # asks the area handlers' GET of an item whether it exists (True / False; None: no handler);
        # set by the app, so an item of a collection a dedicated handler serves is known here too
        self.probe: Any = None

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _norm(path: str) -> str:
        return "/" + path.strip("/")

    def _child_template(self, list_template: str) -> Any:
        """The GET operation of ``<list_template>/{param}`` (the item of a collection), if any."""
        prefix = list_template.rstrip("/") + "/{"
        for op in self.spec.operations:
            if op.method == "GET" and op.path.startswith(prefix) and "/" not in op.path[len(prefix):]:
                return op
        return None

    def _example(self, op: Any) -> Any:
        if op is not None and self.spec.has_example(op.operation_id):
            return self.spec.example(op.operation_id)
        return None

    def unknown_item(self, path: str, ctx: Ctx | None = None) -> bool:
        """Does ``path`` name (or lie below) an item of a collection that does not exist? The real
        API answers ``404 Not found`` for an id it does not know; a collection's known items are the
        ones its area handler's GET finds (:attr:`probe`), else the ones of its example list and the
        ones created here."""
        parts = path.strip("/").split("/")
        for i in range(1, len(parts)):
            coll = "/" + "/".join(parts[:i])
            item = f"{coll}/{parts[i]}"
            found = self.spec.match("GET", item)
            if found is None or found[0].is_list or not found[0].path.endswith("}"):
                continue  # a literal segment (e.g. /images/sharegroups/tokens), not an id
            known = self.probe(item, ctx) if self.probe is not None else None
            if known is not None:
                if not known:
                    return True
                continue
            listed = self.spec.match("GET", coll)
            if listed is None or not listed[0].is_list:
                continue
            if item in self.objects or item in self.created.get(coll, ()):
                continue
            example = self._example(listed[0])
            rows = example.get("data") if isinstance(example, dict) else example
            known = {
                str(v)
                for row in (rows if isinstance(rows, list) else [])
                if isinstance(row, dict)
                for v in row.values()
                if isinstance(v, str | int) and not isinstance(v, bool)
            }
            if unquote(parts[i]) not in known:
                return True
        return False

    def _is_deleted(self, path: str) -> bool:
        # a deleted object also hides everything below it
        if path in self.deleted:
            return True
        return any(path.startswith(d + "/") for d in self.deleted) if self.deleted else False

    # ------------------------------------------------------------------ verbs

    def handle(self, ctx: Ctx) -> Any:
        op = ctx.operation
        path = self._norm(ctx.path)
        m = ctx.method
        if m == "GET":
            return self.get(ctx, op, path)
        if m == "POST":
            return self.post(ctx, op, path)
        if m == "PUT":
            return self.put(ctx, op, path)
        if m == "DELETE":
            return self.delete(ctx, op, path)
        raise ApiError(405, "Method Not Allowed")

    def get(self, ctx: Ctx, op: Any, path: str) -> Any:
        if self._is_deleted(path) or self.unknown_item(path, ctx):
            raise not_found()
        if op is not None and op.is_list:
            example = self._example(op)
            items: list[dict[str, Any]] = []
            if isinstance(example, dict) and isinstance(example.get("data"), list):
                items = [x for x in example["data"] if isinstance(x, dict)]
            elif isinstance(example, list):
                items = [x for x in example if isinstance(x, dict)]
            out: list[dict[str, Any]] = []
            for it in items:
                ident = it.get("id")
                if ident is not None and self._is_deleted(f"{path}/{ident}"):
                    continue
                stored = self.objects.get(f"{path}/{ident}") if ident is not None else None
                out.append(stored if stored is not None else it)
            for item_path in self.created.get(path, ()):
                if item_path in self.objects and not self._is_deleted(item_path):
                    out.append(self.objects[item_path])
            return Listing(out, op.filterable_set)
        stored = self.objects.get(path)
        if stored is not None:
            return copy.deepcopy(stored)
        example = self._example(op)
        if example is None:
            return {}
        return _substitute_id(example, _last_param(ctx.params))

    def _current(self, ctx: Ctx, path: str) -> dict[str, Any]:
        """The object at ``path`` as a GET would show it (stored, else the GET example)."""
        if path in self.objects:
            stored: dict[str, Any] = copy.deepcopy(self.objects[path])
            return stored
        found = self.spec.match("GET", path)
        if found is None:
            return {}
        get_op, _ = found
        if get_op.is_list:
            return {}
        example = self._example(get_op)
        if not isinstance(example, dict):
            return {}
        _substitute_id(example, _last_param(ctx.params))
        return example

    def put(self, ctx: Ctx, op: Any, path: str) -> Any:
        validate_body(op, ctx.body, partial=True)
        if self._is_deleted(path) or self.unknown_item(path, ctx):
            raise not_found()
        obj = self._current(ctx, path)
        body = ctx.body if isinstance(ctx.body, dict) else {}
        obj.update(copy.deepcopy(body))
        if "updated" in obj:
            obj["updated"] = ctx.clock.iso()
        self.objects[path] = obj
        return copy.deepcopy(obj)

    def post(self, ctx: Ctx, op: Any, path: str) -> Any:
        if op is not None and op.request_fields is not None:
            validate_body(op, ctx.body)
        elif ctx.body is not None and not isinstance(ctx.body, dict):
            raise field_error("body", "Request body must be a JSON object")
        if self._is_deleted(path) or self.unknown_item(path, ctx):
            raise not_found()
        found = self.spec.match("GET", path)
        list_op = found[0] if found is not None and found[0].is_list else None
        if list_op is None:
            return {}  # an action: 200 {}
        # a collection create
        item_op = self._child_template(list_op.path)
        template = self._example(item_op) if item_op is not None else None
        if not isinstance(template, dict):
            example = self._example(list_op)
            data = example.get("data") if isinstance(example, dict) else None
            first = data[0] if isinstance(data, list) and data else None
            template = copy.deepcopy(first) if isinstance(first, dict) else {}
        body = ctx.body if isinstance(ctx.body, dict) else {}
        known = set(template) | set(getattr(op, "response_fields", []) or [])
        for k, v in body.items():
            if not known or k in known:
                template[k] = copy.deepcopy(v)
        new_id = self._next_id
        self._next_id += 1
        template["id"] = new_id
        now = ctx.clock.iso()
        for stamp in ("created", "updated"):
            if stamp in template:
                template[stamp] = now
        item_path = f"{path}/{new_id}"
        self.objects[item_path] = template
        self.created.setdefault(path, []).append(item_path)
        return copy.deepcopy(template)

    def delete(self, ctx: Ctx, op: Any, path: str) -> Any:
        if self._is_deleted(path) or self.unknown_item(path, ctx):
            raise not_found()
        self.objects.pop(path, None)
        self.deleted.add(path)
        return {}
