"""Contract test over EVERY mutation (POST/PUT/DELETE) of the spec data's union (issue 9).

Each operation is sent to its own freshly seeded simulator (so the order does not matter):

1. path parameters come from the seeded world (:data:`PARAMS` picks an object the operation can
   succeed on; the rest are listed from the parent collections, like the GET contract test);
2. a VALID body is derived from the operation's request schema in the spec data (required fields,
   enums from the enum, values by name/type), with hand-written :data:`BODIES` only where a valid
   value cannot be derived; a PUT sends one changed writable field;
3. the answer must be 2xx and its effect visible: a created object is in its collection / GET by
   id, a PUT's field shows in a later GET, a deleted object's GET is 404 (or it left its
   collection), an action POST adds an event to ``/account/events`` or changes its resource's GET.
   Operations whose effect the real API does not expose are on :data:`NOT_OBSERVABLE` (with why);
4. an INVALID body (a required field left out, else a typed field sent with the wrong JSON type)
   must answer 400 with ``errors[].field`` naming that field.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.specdata import FieldSpec, Operation, load_spec
from tests.sim.test_contract import Resolver, _segment_value

SPEC = load_spec()
MUTATIONS: list[Operation] = [o for o in SPEC.all_operations() if o.method != "GET"]

W = Any  # the simulated World


def _sim() -> Simulator:
    return create_sim(seed=1, linodes=12, frozen=True)


# ---------------------------------------------------------------------------- picking objects


def _linode(w: W, *, status: str = "running", generation: str | None = None, **want: Any) -> dict[str, Any]:
    for x in w.linodes.values():
        if x["status"] != status or x["locks"] or x["lke_cluster_id"] is not None or "fail" in x["label"]:
            continue
        if generation is not None and x.get("interface_generation") != generation:
            continue
        if all(x.get(k) == v for k, v in want.items()):
            return dict(x)
    raise LookupError(f"no {status} Linode {generation or ''} {want}")


# path parameters chosen for an operation (the others are listed from the parent collections)
PARAMS: dict[str, Callable[[W], dict[str, Any]]] = {}

# hand-written valid bodies (merged over the derived one; a callable gets the world and the params)
BODIES: dict[str, Any] = {}

# operations whose effect the real API does not expose via any GET (op id → why)
NOT_OBSERVABLE: dict[str, str] = {}

# the field to break in the invalid-body check when the first candidate is not what the API checks
INVALID_FIELD: dict[str, str] = {}


# ---------------------------------------------------------------------------- deriving bodies

_STRINGS: dict[str, Callable[[W], Any]] = {
    "region": lambda w: "us-east",
    "type": lambda w: "g6-standard-1",
    "image": lambda w: "linode/debian12",
    "root_pass": lambda w: "c0ntract-Walk-Pass!93",
    "password": lambda w: "c0ntract-Walk-Pass!93",
    "email": lambda w: "contract@example.com",
    "label": lambda w: "contract-walk",
    "description": lambda w: "written by the contract walk",
}


def _value(f: FieldSpec, w: W, children: dict[str, Any] | None) -> Any:
    if f.enum:
        return f.enum[0]
    if f.leaf in _STRINGS and f.type == "string":
        return _STRINGS[f.leaf](w)
    if f.type == "object":
        return children or {}
    if f.type == "array":
        if f.item_type == "object":
            return [children or {}]
        return []
    return {"string": "contract", "integer": 1, "number": 1, "boolean": True}.get(f.type, "contract")


def derived_body(op: Operation, w: W) -> dict[str, Any]:
    """Required fields (and required fields of the required objects) with valid values."""
    schema = [f for f in op.request_schema or () if not f.read_only and f.nesting != "unknown"]

    def build(parent: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in schema:
            if f.parent != parent or not f.required:
                continue
            kids = build(f.name) if f.type in ("object", "array") else None
            out[f.leaf] = _value(f, w, kids)
        return out

    return build(None)


def _changed(value: Any, f: FieldSpec) -> Any:
    if f.enum:
        return next((e for e in f.enum if e != value), f.enum[0])
    if f.type == "boolean":
        return not value if isinstance(value, bool) else True
    if f.type in ("integer", "number"):
        return (value + 1) if isinstance(value, int | float) and not isinstance(value, bool) else 1
    if f.type == "array" and f.item_type == "string":
        return ["contract"]
    if f.type == "string":
        return "contract-changed" if f.leaf in ("label", "group") else "changed by the contract walk"
    return None


_PUT_PREFERENCE = ("label", "description", "tags", "notes", "group", "display_name", "name")


def put_change(op: Operation, current: Any) -> dict[str, Any]:
    """One writable top-level field of a PUT, with a value different from the current one."""
    top = [f for f in op.request_schema or () if f.depth == 0 and f.nesting is None and not f.read_only]
    top.sort(key=lambda f: (_PUT_PREFERENCE.index(f.leaf) if f.leaf in _PUT_PREFERENCE else 99))
    cur = current if isinstance(current, dict) else {}
    for f in top:
        new = _changed(cur.get(f.name), f)
        if new is not None:
            return {f.name: new}
    return {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for k, v in extra.items():
        if v is _DROP:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


_DROP = object()


def invalid_case(op: Operation, good: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """A body with one required field left out (else one typed field of the wrong JSON type)."""
    top = [f for f in op.request_schema or () if f.depth == 0 and f.nesting is None and not f.read_only]
    if not top:
        return None
    chosen = INVALID_FIELD.get(op.operation_id)
    if chosen is None:
        required = [f for f in top if f.required and f.name in good]
        if required and op.method == "POST":
            return {k: v for k, v in good.items() if k != required[0].name}, required[0].name
        typed = [f for f in top if f.name in good] + [f for f in top if f.name not in good]
        chosen = typed[0].name
    f = next(x for x in top if x.name == chosen)
    wrong: Any = {"string": 12345, "integer": "one", "number": "one", "boolean": "yes",
                  "array": "not-a-list", "object": "not-an-object"}.get(f.type, 12345)
    if op.method == "POST" and f.required and chosen not in INVALID_FIELD:
        return {k: v for k, v in good.items() if k != chosen}, chosen
    return {**good, chosen: wrong}, chosen


# ---------------------------------------------------------------------------- walking


@dataclass
class Walk:
    op: Operation
    path: str | None = None
    body: Any = None
    status: int | None = None
    answer: Any = None
    problem: str | None = None  # why it could not be sent / did not succeed
    effect: str | None = None  # how the effect showed (None: not visible)
    invalid_field: str | None = None
    invalid_status: int | None = None
    invalid_fields: list[str] = field(default_factory=list)
    generic: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None and self.status is not None and 200 <= self.status < 300

    @property
    def invalid_ok(self) -> bool:
        return self.invalid_status == 400 and self.invalid_field in self.invalid_fields


def _json(r: httpx.Response) -> Any:
    if not r.content or not r.headers.get("content-type", "").startswith("application/json"):
        return r.content or None
    return r.json()


async def _get(c: httpx.AsyncClient, path: str) -> tuple[int, Any]:
    r = await c.get(path, params={"page_size": 500})
    return r.status_code, _json(r)


async def _events(c: httpx.AsyncClient) -> int:
    return int((await c.get("/account/events")).json()["results"])


def _gettable(template: str) -> bool:
    return SPEC.find("GET", template) is not None


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict):
        for key in ("data", "interfaces"):
            if isinstance(body.get(key), list):
                return list(body[key])
    return body if isinstance(body, list) else []


def _key_of(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return None
    for key in ("id", "address", "label", "username", "uuid", "token"):
        if obj.get(key) is not None and not isinstance(obj[key], dict | list):
            return obj[key]
    return None


def _shows(sent: dict[str, Any], got: Any) -> bool | None:
    """Every sent scalar/list field the GET shows equals the sent value (None: GET shows none)."""
    if not isinstance(got, dict):
        return None
    seen = [k for k in sent if k in got and not isinstance(sent[k], dict)]
    if not seen:
        return None
    return all(got[k] == sent[k] for k in seen)


async def _walk(op: Operation) -> Walk:
    out = Walk(op)
    sim = _sim()
    w = sim.world
    async with sim.http_client() as c:
        resolver = Resolver(c, sim)
        template = op.path
        try:
            preset = PARAMS[op.operation_id](w) if op.operation_id in PARAMS else {}
            for name, value in preset.items():
                template = template.replace("{" + name + "}", _segment_value(value))
            path, chosen = await resolver.fill(template)
            params = {**chosen, **preset}
        except (LookupError, KeyError, IndexError, StopIteration) as e:
            out.problem = f"cannot fill {op.path}: {e!r}"
            return out
        out.path = path
        out.generic = sim.app.router.match(op.method, path) is None
        # the body
        before_status, before = await _get(c, path) if _gettable(op.path) else (None, None)
        body: dict[str, Any] = derived_body(op, w) if op.request_schema is not None else {}
        if op.method == "PUT":
            body = {**body, **put_change(op, before)}
        extra = BODIES.get(op.operation_id)
        if callable(extra):
            extra = extra(w, params)
        if extra:
            body = _merge(body, extra)
        out.body = body
        parent = path.rsplit("/", 1)[0]
        parent_t = op.path.rsplit("/", 1)[0]
        parent_before = (await _get(c, parent))[1] if _gettable(parent_t) else None
        events = await _events(c)
        send: dict[str, Any] = {"json": body} if (body or op.request_schema is not None) else {}
        r = await c.request(op.method, path, **send)
        out.status = r.status_code
        out.answer = _json(r)
        if not 200 <= r.status_code < 300:
            out.problem = f"{op.method} {path} {json.dumps(body)[:300]} -> {r.status_code} {r.text[:300]}"
            return out
        # the effect
        why = NOT_OBSERVABLE.get(op.operation_id)
        if op.method == "DELETE":
            if _gettable(op.path):
                status, _ = await _get(c, path)
                out.effect = "GET is 404" if status == 404 else None
            elif _gettable(parent_t):
                after = (await _get(c, parent))[1]
                out.effect = "gone from the collection" if after != parent_before else None
        elif op.method == "PUT":
            status, got = await _get(c, path) if _gettable(op.path) else (None, None)
            shown = _shows(body, got) if status == 200 else None
            if shown:
                out.effect = "GET shows the change"
            elif shown is None and got is not None and got != before:
                out.effect = "GET changed"
        else:  # POST: a create or an action
            created_key = _key_of(out.answer)
            if _gettable(op.path) and SPEC.find("GET", op.path) and SPEC.find("GET", op.path).is_list:  # type: ignore[union-attr]
                status, listed = await _get(c, path)
                keys = [_key_of(x) for x in _items(listed)]
                if created_key is not None and created_key in keys:
                    out.effect = "listed in the collection"
                elif listed != before:
                    out.effect = "collection changed"
            if out.effect is None and created_key is not None and _gettable(op.path + "/{x}"):
                pass
            if out.effect is None and created_key is not None:
                status, _ = await _get(c, f"{path}/{_segment_value(created_key)}")
                if status == 200:
                    out.effect = "GET by id"
        if out.effect is None:
            if await _events(c) > events:
                out.effect = "event"
            elif _gettable(parent_t) and (await _get(c, parent))[1] != parent_before:
                out.effect = "parent changed"
            elif _gettable(op.path) and (await _get(c, path))[1] != before:
                out.effect = "GET changed"
        if out.effect is None and why is not None:
            out.effect = f"not observable: {why}"
        # the invalid body (on a fresh simulator: the valid one may have changed the state)
        case = invalid_case(op, body) if op.request_schema is not None else None
    if case is not None:
        bad, out.invalid_field = case
        sim2 = _sim()
        async with sim2.http_client() as c2:
            rb = await c2.request(op.method, path, json=bad)
        out.invalid_status = rb.status_code
        errors = (_json(rb) or {}).get("errors", []) if rb.status_code >= 400 else []
        out.invalid_fields = [e.get("field") for e in errors if isinstance(e, dict)]
        if sim2.error_log:
            out.invalid_status = 500
    if sim.error_log:
        out.problem = "server error: " + sim.error_log[-1][-400:]
    return out


async def _walk_all() -> dict[str, Walk]:
    return {op.operation_id: await _walk(op) for op in MUTATIONS}


@pytest.fixture(scope="module")
def walks() -> dict[str, Walk]:
    return asyncio.run(_walk_all())


def _why(w: Walk) -> str:
    return w.problem or f"{w.op.method} {w.path} {json.dumps(w.body)[:200]} -> {w.status} {json.dumps(w.answer)[:200]}"


@pytest.mark.parametrize("op", MUTATIONS, ids=[o.operation_id for o in MUTATIONS])
def test_valid_body_succeeds_with_a_visible_effect(walks: dict[str, Walk], op: Operation) -> None:
    w = walks[op.operation_id]
    assert w.ok, _why(w)
    assert w.effect is not None, "no visible effect: " + _why(w)


_WITH_BODY = [o for o in MUTATIONS if o.request_schema]


@pytest.mark.parametrize("op", _WITH_BODY, ids=[o.operation_id for o in _WITH_BODY])
def test_invalid_body_is_400_naming_the_field(walks: dict[str, Walk], op: Operation) -> None:
    w = walks[op.operation_id]
    if w.invalid_field is None:
        pytest.skip("no writable top-level field")
    assert w.invalid_ok, f"{op.method} {w.path}: break {w.invalid_field} -> {w.invalid_status} {w.invalid_fields}"


def test_union_mutation_summary(walks: dict[str, Walk]) -> None:
    total = len(walks)
    valid = sum(w.ok and w.effect is not None for w in walks.values())
    invalid = sum(w.invalid_ok for w in walks.values())
    print(f"\nmutations {total}; valid {valid}; invalid {invalid}")
    assert total == 259
