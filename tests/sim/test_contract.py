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
import copy
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.specdata import load_spec
from tests import specfiles
from tests.contract_util import (
    PREFIX,
    lenient_validate,
    load_full_spec,
    response_schema,
)

# Documented resource-state errors the real API answers instead of 200 (status, reason fragment).
# An operation listed here passes with either 200 or exactly this error.
STATE_ERRORS: dict[str, tuple[int, str]] = {
    # API-NOTES §2.3: a cluster still provisioning has no kubeconfig yet
    "get-lke-cluster-kubeconfig": (503, "kubeconfig is not yet available"),
}


def _lke_instance_ids_as_strings(body: Any) -> Any:
    """Pool nodes' ``instance_id``: the spec says string; real responses carry the Linode's integer id
    (linode_api4's fixture ``lke_clusters_18881_pools_456.json``, checked below)."""
    pools = body.get("data", [body]) if isinstance(body, dict) else []
    for pool in pools:
        for node in pool.get("nodes") or []:
            value = node.get("instance_id")
            assert value is None or (isinstance(value, int) and not isinstance(value, bool)), node
            node["instance_id"] = None if value is None else str(value)
    return body


def _nb_series_as_numbers(body: Any) -> Any:
    """NodeBalancer stats series: the spec's schema says numbers, but its own description says
    "key/value pairs representing unix timestamp and reading" (``[ms, value]``, as in Linode stats)."""
    data = body.get("data") or {}
    series = [("connections", data)] + [(k, data.get("traffic") or {}) for k in ("in", "out")]
    for key, holder in series:
        points = holder.get(key) or []
        for point in points:
            assert isinstance(point, list) and len(point) == 2 and all(
                isinstance(x, int | float) for x in point), point
        holder[key] = [point[1] for point in points]
    return body


# Known spec bugs where the simulator follows the real API: the deviation is checked precisely and
# then mapped to the spec's shape before the lenient validation.
KNOWN_SPEC_BUGS: dict[str, Any] = {
    "get-lke-cluster-pools": _lke_instance_ids_as_strings,
    "get-lke-node-pool": _lke_instance_ids_as_strings,
    "get-node-balancer-stats": _nb_series_as_numbers,
}

# A path parameter whose value is not the list item's ``id`` (or a field of the same name).
_ALIASES = {"tagLabel": "label", "bucket": "label", "regionId": "region", "id": "region"}

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
    """Fills path templates with real ids by listing parent collections first (memoised).

    Each parameter's candidates come from its parent path: a collection's items (settled ones
    first), or the objects nested in a sub-resource (e.g. ``/ips`` → addresses, ``/backups`` →
    backup ids).  When a later parameter has no candidate (a Linode without backups, a config
    without interfaces), the resolver backtracks and tries the next candidate of the earlier one.
    """

    MAX_CANDIDATES = 40

    def __init__(self, client: httpx.AsyncClient, sim: Simulator) -> None:
        self.client = client
        self.sim = sim
        self.spec = load_spec()
        self._bodies: dict[str, Any] = {}

    async def fetch(self, path: str) -> Any:
        if path not in self._bodies:
            found = self.spec.match("GET", path)
            if found is None:
                raise LookupError(f"{path} is not a GET operation")
            r = await self.client.get(path, params={"page_size": 500} if found[0].is_list else None)
            if r.status_code != 200:
                raise LookupError(f"GET {path} -> {r.status_code} {r.text[:200]}")
            self._bodies[path] = r.json()
        return self._bodies[path]

    @staticmethod
    def preferred(items: list[Any]) -> list[dict[str, Any]]:
        """Dict items, settled ones first; Linodes managed by LKE after plain ones."""
        dicts = [it for it in items if isinstance(it, dict)]

        def rank(it: dict[str, Any]) -> int:
            settled = it.get("status", "running") in _SETTLED
            return (0 if settled else 2) + (1 if it.get("lke_cluster_id") else 0)

        return sorted(dicts, key=rank)

    @staticmethod
    def key_value(item: dict[str, Any], name: str) -> Any:
        for key in (name, "id", _ALIASES.get(name)):
            if key is not None and item.get(key) is not None:
                return item[key]
        return None

    @staticmethod
    def nested(obj: Any, name: str) -> list[Any]:
        """Values of ``name`` (or ``id``) in every dict nested anywhere inside ``obj``."""
        out: list[Any] = []
        if isinstance(obj, dict):
            value = obj.get(name, obj.get("id"))
            if value is not None and not isinstance(value, dict | list):
                out.append(value)
            for sub in obj.values():
                out += Resolver.nested(sub, name)
        elif isinstance(obj, list):
            for sub in obj:
                out += Resolver.nested(sub, name)
        return out

    async def candidates(self, parent: str, name: str, template: str) -> list[Any]:
        """Values for the parameter ``name`` whose resolved parent path is ``parent``."""
        if name in ("year", "month"):  # stats/transfer of the current month
            now = datetime.fromtimestamp(self.sim.clock.now(), UTC)
            return [now.year if name == "year" else now.month]
        if name == "nodeId" and template.startswith("/lke/"):  # LKE nodes are listed in the pools
            pools = await self.fetch(parent.removesuffix("/nodes") + "/pools")
            return [n["id"] for pool in self.preferred(pools["data"]) for n in pool["nodes"]]
        if parent.endswith("/history/rules"):  # firewall rule versions: history[].rules.version
            return self.nested((await self.fetch(parent.removesuffix("/rules")))["data"], name)
        body = await self.fetch(parent)
        items = body.get("data") if isinstance(body, dict) else body
        if isinstance(items, list):  # a collection (paginated, or a bare array like interfaces)
            values = [self.key_value(it, name) for it in self.preferred(items)]
            return [v for v in values if v is not None]
        return self.nested(body, name)  # a sub-resource object: /ips → addresses, /backups → ids

    async def fill(self, template: str) -> tuple[str, dict[str, Any]]:
        """The concrete path and the value chosen for each parameter."""
        return await self._fill(template, template.strip("/").split("/"), [], {})

    async def _fill(self, template: str, rest: list[str], done: list[str],
                    chosen: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if not rest:
            return "/" + "/".join(done), chosen
        seg, rest = rest[0], rest[1:]
        if not (seg.startswith("{") and seg.endswith("}")):
            return await self._fill(template, rest, [*done, seg], chosen)
        name = seg[1:-1]
        values = await self.candidates("/" + "/".join(done), name, template)
        last: Exception = LookupError(f"no value for {{{name}}} under /{'/'.join(done)}")
        for value in values[: self.MAX_CANDIDATES]:
            try:
                done_here = [*done, _segment_value(value)]
                return await self._fill(template, rest, done_here, {**chosen, name: value})
            except LookupError as e:  # nothing below this one: try the next candidate
                last = e
        raise last

    async def query(self, op_id: str, path: str) -> dict[str, str] | None:
        """Required query parameters (only the bucket object ACL has one: ``name``)."""
        if op_id == "get-object-storage-bucket-acl":
            objects = await self.fetch(path.removesuffix("/object-acl") + "/object-list")
            return {"name": objects["data"][0]["name"]}
        return None


def _identity_errors(template: str, chosen: dict[str, Any], body: Any) -> list[str]:
    """A single object fetched by the id taken from its collection must be *that* object: its own
    identifying field (the one the id came from) carries the same value."""
    if not template.endswith("}") or not isinstance(body, dict) or "data" in body:
        return []
    name = template.rsplit("{", 1)[1].rstrip("}")
    value = chosen.get(name)
    for key in (name, "id", _ALIASES.get(name)):
        if key is not None and key in body and not isinstance(body[key], dict | list):
            if body[key] != value:
                return [f"{key} is {body[key]!r}, but the object was fetched as {{{name}}} = {value!r}"]
            return []
    return []


async def _run_all(sim: Simulator) -> dict[str, Outcome]:
    spec_json = load_full_spec()
    outcomes: dict[str, Outcome] = {}
    async with sim.http_client() as client:
        resolver = Resolver(client, sim)
        for op_id, template in get_operations():
            out = outcomes[op_id] = Outcome(op_id, template)
            try:
                out.path, chosen = await resolver.fill(template)
                params = await resolver.query(op_id, out.path)
            except (LookupError, KeyError, IndexError) as e:
                out.problem = f"cannot fill {template}: {e}"
                continue
            r = await client.get(out.path, params=params)
            out.status = r.status_code
            out.body = r.json() if r.content else None
            if out.status == 200:
                schema = response_schema(spec_json, "get", template)
                body = out.body
                if op_id in KNOWN_SPEC_BUGS:
                    try:
                        body = KNOWN_SPEC_BUGS[op_id](copy.deepcopy(body))
                    except AssertionError as e:
                        out.errors = [f"not the real API's shape either: {e}"]
                        continue
                out.errors = lenient_validate(body, schema) if schema else ["no 200 schema"]
                out.errors += _identity_errors(template, chosen, out.body)
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


_OPERATIONS = get_operations()


@pytest.mark.parametrize(("op_id", "template"), _OPERATIONS, ids=[op for op, _ in _OPERATIONS])
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
    generic = sum(sim.app.router.match("GET", unquote(o.path or "")) is None for o in outcomes.values())
    with capsys.disabled():
        print(f"\ncontract: answered {answered}/{total}, valid {valid}/{total}; "
              f"{total - generic} by area handlers, {generic} by the generic spec-example handler"
              + (f"; documented state errors: {', '.join(state)}" if state else ""))
    assert total == 182  # 183 GETs in 4.189.0 minus the image/png OAuth client thumbnail
    # every call went to a concrete path and was logged by the simulator
    logged = {(r.method, r.path) for r in sim.request_log}
    assert all(("GET", unquote(o.path or "")) in logged for o in outcomes.values() if o.status)
    bad = [_describe(o) for o in outcomes.values() if not o.valid]
    assert answered == total and valid == total, "\n".join(bad)


async def test_slash_containing_ids_are_routed_like_the_api() -> None:
    """Image ids (``private/123``, ``linode/debian12``) go into the path unescaped, as linode-cli and
    linode_api4 (``quote(..., safe="/")``) send them; the percent-encoded form works too."""
    sim = create_sim(seed=1, linodes=5, frozen=True)
    async with sim.http_client() as client:
        images = (await client.get("/images", params={"page_size": 500})).json()["data"]
        private = [i["id"] for i in images if i["id"].startswith("private/")]
        assert private and any(not i["is_public"] for i in images)
        for image_id in [*private, next(i["id"] for i in images if i["is_public"])]:
            for path in (f"/images/{image_id}", f"/images/{quote(image_id, safe='')}"):
                r = await client.get(path)
                assert r.status_code == 200, (path, r.text)
                assert r.json()["id"] == image_id
        assert (await client.get("/images/private/999999999")).status_code == 404
        # sub-resources of such ids too: replicating a private image
        r = await client.post(f"/images/{private[0]}/regions", json={"regions": ["us-east", "eu-west"]})
        assert r.status_code == 200, r.text
        assert {x["region"] for x in r.json()["regions"]} == {"us-east", "eu-west"}
        assert sim.world.images[private[0]]["regions"] == r.json()["regions"]


def test_known_spec_bugs_are_real_api_behaviour() -> None:
    """Evidence for :data:`KNOWN_SPEC_BUGS`: real responses / the spec's own words."""
    pool = specfiles.fixture("lke_clusters_18881_pools_456.json")
    assert all(isinstance(n["instance_id"], int) for n in pool["nodes"])
    spec = load_full_spec()
    nb = response_schema(spec, "get", "/nodebalancers/{nodeBalancerId}/stats")
    assert nb is not None
    connections = nb["properties"]["data"]["properties"]["connections"]
    assert "timestamp" in connections["description"] and connections["items"]["type"] == "number"


async def test_firewall_rule_versions_and_ipv6_ranges_are_the_worlds() -> None:
    """Two operations the simulator once answered with the spec's example: every rules version in a
    firewall's history can be fetched (and only those), and an IPv6 range is the listed one."""
    sim = create_sim(seed=1, linodes=5, frozen=True)
    async with sim.http_client() as client:
        fw = (await client.get("/networking/firewalls")).json()["data"][0]
        base = f"/networking/firewalls/{fw['id']}"
        old = (await client.get(f"{base}/rules")).json()
        new_rules = {**old, "inbound_policy": "DROP" if old["inbound_policy"] == "ACCEPT" else "ACCEPT"}
        for key in ("version", "fingerprint"):
            new_rules.pop(key, None)
        r = await client.put(f"{base}/rules", json=new_rules)
        assert r.status_code == 200, r.text
        history = (await client.get(f"{base}/history")).json()
        versions = [h["rules"]["version"] for h in history["data"]]
        assert versions == [old["version"], old["version"] + 1] and history["results"] == 2
        first = (await client.get(f"{base}/history/rules/{versions[0]}")).json()
        second = (await client.get(f"{base}/history/rules/{versions[1]}")).json()
        assert first["inbound_policy"] == old["inbound_policy"] and first["version"] == versions[0]
        assert second == (await client.get(f"{base}/rules")).json()
        assert (await client.get(f"{base}/history/rules/{versions[1] + 1}")).status_code == 404

        ranges = (await client.get("/networking/ipv6/ranges")).json()["data"]
        for rng in ranges:
            got = (await client.get(f"/networking/ipv6/ranges/{quote(rng['range'], safe='')}")).json()
            assert {k: got[k] for k in rng} == rng and isinstance(got["linodes"], list)
        assert (await client.get("/networking/ipv6/ranges/2001:db8::")).status_code == 404
