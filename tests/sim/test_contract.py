"""Contract test: every GET operation of the official 4.189.0 spec, called on the simulator.

Each operation is called once (in process, demo token) with its path parameters filled from the
simulated world: the parent collections are listed first and a real id is taken from them (so
``{linodeId}`` is an existing Linode, ``{configId}`` one of *its* configs, ``{bucket}`` a bucket of
``{regionId}``...).  Every answer must be 200 (or 204 where the spec documents it, or a documented
resource-state error listed in :data:`STATE_ERRORS`) and its JSON must validate leniently against
the operation's ``200`` schema (API-NOTES §8: nulls and extra fields allowed, no enum/format checks).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.specdata import load_spec
from tests.contract_util import PREFIX, lenient_validate, load_full_spec, response_schema, spec_available

pytestmark = pytest.mark.skipif(not spec_available(), reason="../shared/linode-openapi is missing")

# Documented resource-state errors the real API answers instead of 200 (status, reason fragment).
# An operation listed here passes with either 200 or exactly this error.
STATE_ERRORS: dict[str, tuple[int, str]] = {
    # API-NOTES §2.3: a cluster still provisioning has no kubeconfig yet
    "get-lke-cluster-kubeconfig": (503, "kubeconfig is not yet available"),
}

# A path parameter whose value is not the list item's ``id`` (or a field of the same name).
_ALIASES = {"tagLabel": "label", "bucket": "label", "regionId": "region"}

# States in which an object answers every sub-resource GET (preferred when choosing an item).
_SETTLED = ("running", "active", "ready", "available", "enabled", "offline")


@dataclass
class Outcome:
    op_id: str
    template: str
    path: str | None = None
    status: int | None = None
    body: Any = None
    problem: str | None = None  # why the operation could not be called
    errors: list[str] = field(default_factory=list)  # lenient validation errors

    @property
    def answered(self) -> bool:
        if self.status is None:
            return False
        if self.status in (200, 204):
            return True
        expected = STATE_ERRORS.get(self.op_id)
        if expected is None or self.status != expected[0]:
            return False
        reasons = " ".join(e.get("reason", "") for e in (self.body or {}).get("errors", []))
        return expected[1] in reasons

    @property
    def valid(self) -> bool:
        return self.answered and not self.errors


def get_operations() -> list[tuple[str, str]]:
    """(operation id, template without the ``/{apiVersion}`` prefix) of every JSON GET in the spec."""
    out = []
    for raw_path, item in load_full_spec()["paths"].items():
        op = item.get("get")
        if op is None:
            continue
        content = ((op.get("responses") or {}).get("200") or {}).get("content") or {}
        if "application/json" not in content:
            continue  # the OAuth client thumbnail (image/png)
        out.append((op["operationId"], raw_path.removeprefix(PREFIX)))
    return out


def _segment_value(value: Any) -> str:
    # ids containing "/" (images: "private/123", "linode/debian12") go into the path as they are,
    # like the real API and its clients expect; anything else is percent-encoded
    return "/".join(quote(part, safe=":") for part in str(value).split("/"))


class Resolver:
    """Fills path templates with real ids by listing parent collections (memoised)."""

    def __init__(self, client: httpx.AsyncClient, sim: Simulator) -> None:
        self.client = client
        self.sim = sim
        self.spec = load_spec()
        self._lists: dict[str, list[dict[str, Any]]] = {}
        self._objects: dict[str, Any] = {}

    async def fetch(self, path: str) -> Any:
        if path not in self._objects:
            r = await self.client.get(path, params={"page_size": 500} if self._is_list(path) else None)
            if r.status_code != 200:
                raise LookupError(f"GET {path} -> {r.status_code} {r.text[:200]}")
            self._objects[path] = r.json()
        return self._objects[path]

    def _is_list(self, path: str) -> bool:
        found = self.spec.match("GET", path)
        return bool(found and found[0].is_list)

    async def items(self, path: str) -> list[dict[str, Any]]:
        if path not in self._lists:
            body = await self.fetch(path)
            self._lists[path] = [x for x in body.get("data", []) if isinstance(x, dict)]
        return self._lists[path]

    @staticmethod
    def choose(items: list[dict[str, Any]]) -> dict[str, Any]:
        if not items:
            raise LookupError("empty collection")
        settled = [it for it in items if it.get("status") in _SETTLED]
        # Linodes of LKE clusters are managed by LKE; prefer a plain one (like a user would)
        plain = [it for it in settled if not it.get("lke_cluster_id")]
        return (plain or settled or items)[0]

    @staticmethod
    def key_value(item: dict[str, Any], name: str) -> Any:
        for key in (name, "id", _ALIASES.get(name)):
            if key is not None and item.get(key) is not None:
                return item[key]
        raise LookupError(f"no value for {{{name}}} in {sorted(item)}")

    async def value(self, parent: str, name: str, template: str) -> Any:
        """A value for the parameter ``name`` whose resolved parent path is ``parent``."""
        if self._is_list(parent):
            return self.key_value(self.choose(await self.items(parent)), name)
        # sub-resources that are not collections of their own
        if name == "address" and parent.endswith("/ips"):  # /linode/instances/{id}/ips/{address}
            ips = await self.fetch(parent)
            return ips["ipv4"]["public"][0]["address"]
        if name == "nodeId" and template.startswith("/lke/"):  # LKE nodes live in the pools
            pools = await self.items(parent.removesuffix("/nodes") + "/pools")
            return self.choose(pools)["nodes"][0]["id"]
        if name == "version" and parent.endswith("/history/rules"):  # firewall rule versions
            history = await self.items(parent.removesuffix("/rules"))
            return self.key_value(history[-1], "version")
        raise LookupError(f"no collection to take {{{name}}} from at {parent}")

    async def fill(self, template: str) -> str:
        segments = template.strip("/").split("/")
        done: list[str] = []
        for seg in segments:
            if seg.startswith("{") and seg.endswith("}"):
                parent = "/" + "/".join(done)
                done.append(_segment_value(await self.value(parent, seg[1:-1], template)))
            else:
                done.append(seg)
        return "/" + "/".join(done)

    async def query(self, op_id: str, path: str) -> dict[str, str] | None:
        """Required query parameters (only the bucket object ACL has one: ``name``)."""
        if op_id == "get-object-storage-bucket-acl":
            objects = await self.items(path.removesuffix("/object-acl") + "/object-list")
            return {"name": objects[0]["name"]}
        return None


async def _run_all(sim: Simulator) -> dict[str, Outcome]:
    spec_json = load_full_spec()
    outcomes: dict[str, Outcome] = {}
    async with sim.http_client() as client:
        resolver = Resolver(client, sim)
        for op_id, template in get_operations():
            out = outcomes[op_id] = Outcome(op_id, template)
            try:
                out.path = await resolver.fill(template)
                params = await resolver.query(op_id, out.path)
            except (LookupError, KeyError, IndexError) as e:
                out.problem = f"cannot fill {template}: {e}"
                continue
            r = await client.get(out.path, params=params)
            out.status = r.status_code
            out.body = r.json() if r.content else None
            if out.status == 200:
                schema = response_schema(spec_json, "get", template)
                out.errors = lenient_validate(out.body, schema) if schema else ["no 200 schema"]
            elif out.status == 204:
                documented = "204" in spec_json["paths"][PREFIX + template]["get"]["responses"]
                out.errors = [] if documented else ["204 is not documented for this operation"]
    return outcomes


@pytest.fixture(scope="module")
def contract() -> tuple[Simulator, dict[str, Outcome]]:
    sim = create_sim(seed=1, linodes=40, frozen=True)
    return sim, asyncio.run(_run_all(sim))


def _describe(o: Outcome) -> str:
    if o.problem:
        return o.problem
    text = json.dumps(o.body)[:300] if o.body is not None else ""
    return f"GET {o.path} -> {o.status} {text}"


@pytest.mark.parametrize(("op_id", "template"), get_operations(), ids=[op for op, _ in get_operations()])
def test_get_operation(contract: tuple[Simulator, dict[str, Outcome]], op_id: str, template: str) -> None:
    sim, outcomes = contract
    o = outcomes[op_id]
    assert o.path is not None, o.problem
    assert "{" not in o.path
    assert o.answered, _describe(o)
    assert not o.errors, f"GET {o.path}: " + "\n".join(o.errors[:20])
    assert not sim.error_log, sim.error_log[-1]


def test_contract_summary(contract: tuple[Simulator, dict[str, Outcome]], capsys: Any) -> None:
    sim, outcomes = contract
    total = len(outcomes)
    answered = sum(o.answered for o in outcomes.values())
    valid = sum(o.valid for o in outcomes.values())
    state = sorted(o.op_id for o in outcomes.values() if o.answered and o.status not in (200, 204))
    with capsys.disabled():
        print(f"\ncontract: answered {answered}/{total}, valid {valid}/{total}"
              + (f" (documented state errors: {', '.join(state)})" if state else ""))
    assert total == 182  # 183 GETs in 4.189.0 minus the image/png OAuth client thumbnail
    # every call went to a concrete path and was logged by the simulator
    logged = {(r.method, r.path) for r in sim.request_log}
    assert all(("GET", (o.path or "").split("?")[0]) in logged for o in outcomes.values() if o.status)
    bad = [_describe(o) for o in outcomes.values() if not o.valid]
    assert answered == total and valid == total, "\n".join(bad)
