"""The simulator's HTTP framework (routing, auth, scopes, listings, errors), with a stand-in World.

These tests build a SimApp around a tiny fake World and a private Router, so they exercise the
framework alone; tests/sim/test_sim_http.py covers the real create_sim().
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from linode_tui.sim.app import SimApp, is_public, scopes_allow
from linode_tui.sim.clock import SimClock
from linode_tui.sim.faults import Faults
from linode_tui.sim.framework import (
    ApiError,
    Ctx,
    Listing,
    Reply,
    Router,
    TokenInfo,
    busy,
    not_found,
)
from linode_tui.sim.ratelimit import RateLimiter
from linode_tui.specdata import load_spec

REGIONS = ["us-east", "us-west", "eu-west", "ap-south"]


class FakeWorld:
    """The two World methods the framework uses, plus a list of Linode-shaped dicts."""

    def __init__(self, n: int = 60) -> None:
        self.tokens = {
            "demo": TokenInfo("demo", "*", "demo-user"),
            "readonly": TokenInfo("readonly", "*:read_only", "demo-user"),
            "linodes-ro": TokenInfo("linodes-ro", "linodes:read_only", "demo-user"),
            "events-rw": TokenInfo("events-rw", "events:read_write account:read_only", "demo-user"),
        }
        self.ticks = 0
        self.linodes = [
            {
                "id": 1000 + i,
                "label": f"web-{i:03d}",
                "region": REGIONS[i % 4],
                "status": "running" if i % 3 else "offline",
                "tags": ["prod"] if i % 5 == 0 else [],
                "specs": {"memory": 1024 * (1 + i % 4), "vcpus": 1 + i % 2},
                "created": f"2024-01-{1 + i % 28:02d}T00:00:00",
                "group": "",
                "image": "linode/debian12",
                "ipv4": [f"192.0.2.{i}"],
                "placement_group": None,
            }
            for i in range(n)
        ]

    def token_info(self, bearer: str) -> TokenInfo | None:
        return self.tokens.get(bearer)

    def tick(self) -> None:
        self.ticks += 1


def make_router(world: FakeWorld) -> Router:
    r = Router()

    @r.get("/linode/instances")
    def list_linodes(ctx: Ctx) -> Listing:
        return Listing(ctx.world.linodes)

    @r.get("/linode/instances/{linodeId}")
    def get_linode(ctx: Ctx) -> dict[str, Any]:
        for x in ctx.world.linodes:
            if x["id"] == ctx.params["linodeId"]:
                return dict(x)
        raise not_found()

    @r.put("/linode/instances/{linodeId}")
    def put_linode(ctx: Ctx) -> dict[str, Any]:
        label = ctx.json_field("label", type_=str)
        item = get_linode(ctx)
        if label is not None:
            item["label"] = label
        return item

    @r.post("/linode/instances/{linodeId}/boot")
    def boot(ctx: Ctx) -> None:
        if ctx.params["linodeId"] == 1000:
            raise busy()
        return None

    @r.post("/linode/instances")
    def create(ctx: Ctx) -> Reply:
        ctx.json_field("region", required=True, type_=str)
        ctx.json_field("type", required=True, type_=str)
        return Reply(200, {"id": 99}, {"X-Test": "yes"})

    @r.get("/test/items/{itemId}")
    def item(ctx: Ctx) -> dict[str, Any]:
        return {"route": "param", "itemId": ctx.params["itemId"]}

    @r.get("/test/items/special")
    def special(ctx: Ctx) -> dict[str, Any]:
        return {"route": "literal"}

    @r.get("/test/boom")
    def boom(ctx: Ctx) -> dict[str, Any]:
        raise RuntimeError("kaboom")

    @r.get("/test/teapot")
    def teapot(ctx: Ctx) -> ApiError:
        raise ApiError(418, "I'm a teapot", "pot", headers={"X-Pot": "1"})

    @r.get("/test/async")
    async def async_handler(ctx: Ctx) -> dict[str, Any]:
        return {"async": True}

    @r.get("/test/listing-fields")
    def custom_listing(ctx: Ctx) -> Listing:
        return Listing([{"a": 2, "b": "x"}, {"a": 1, "b": "y"}], frozenset({"a"}))

    return r


class Env:
    def __init__(self, n: int = 60, *, faults: str | None = None,
                 limits: dict[str, int] | None = None) -> None:
        self.world = FakeWorld(n)
        self.clock = SimClock(frozen=True)
        self.sleeps: list[float] = []

        async def fake_sleep(s: float) -> None:
            self.sleeps.append(s)

        self.faults = Faults(faults, seed=3)
        self.limiter = RateLimiter(self.clock.now, limits)
        self.limiter.set_limits(self.faults.rate_limits)
        self.app = SimApp(world=self.world, clock=self.clock, spec=load_spec(),
                          router=make_router(self.world), faults=self.faults, limiter=self.limiter,
                          sleep=fake_sleep)

    def client(self, token: str | None = "demo", prefix: str = "/v4") -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                 base_url=f"http://sim{prefix}", headers=headers)


@pytest.fixture
def env() -> Env:
    return Env()


def reasons(r: httpx.Response) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = r.json()["errors"]
    return errors


# ---------------------------------------------------------------------------------------------
# pagination


async def test_listing_default_envelope(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/linode/instances")
    assert r.status_code == 200
    body = r.json()
    assert body["page"] == 1 and body["pages"] == 1 and body["results"] == 60
    assert len(body["data"]) == 60  # default page_size 100
    assert r.headers["content-type"] == "application/json"
    assert env.world.ticks == 1


async def test_pagination_pages_and_last_page(env: Env) -> None:
    env.world.linodes.extend({"id": 5000 + i, "label": f"x{i}"} for i in range(40))  # 100 items
    async with env.client() as c:
        r1 = await c.get("/linode/instances", params={"page": 1, "page_size": 25})
        r4 = await c.get("/linode/instances", params={"page": 4, "page_size": 25})
        r_last = await c.get("/linode/instances", params={"page": 3, "page_size": 30})
    b1, b4, bl = r1.json(), r4.json(), r_last.json()
    assert (b1["page"], b1["pages"], b1["results"], len(b1["data"])) == (1, 4, 100, 25)
    assert [x["id"] for x in b1["data"]][:2] == [1000, 1001]
    assert (b4["page"], len(b4["data"])) == (4, 25)
    assert b4["data"][-1]["id"] == 5039
    assert (bl["page"], bl["pages"], len(bl["data"])) == (3, 4, 30)


async def test_pagination_beyond_last_page_is_empty_with_that_page(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/linode/instances", params={"page": 9, "page_size": 25})
    assert r.status_code == 200
    assert r.json() == {"data": [], "page": 9, "pages": 3, "results": 60}


@pytest.mark.parametrize("size", [24, 501, 0, "abc"])
async def test_page_size_out_of_range_is_400(env: Env, size: Any) -> None:
    async with env.client() as c:
        r = await c.get("/linode/instances", params={"page_size": size})
    assert r.status_code == 400
    assert reasons(r) == [{"reason": "Must be between 25 and 500", "field": "page_size"}]


@pytest.mark.parametrize("size", [25, 500])
async def test_page_size_bounds_accepted(env: Env, size: int) -> None:
    async with env.client() as c:
        r = await c.get("/linode/instances", params={"page_size": size})
    assert r.status_code == 200
    assert len(r.json()["data"]) == min(size, 60)


async def test_page_zero_is_400(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/linode/instances", params={"page": 0})
    assert r.status_code == 400
    assert reasons(r)[0]["field"] == "page"


async def test_empty_listing(env: Env) -> None:
    env.world.linodes.clear()
    async with env.client() as c:
        r = await c.get("/linode/instances")
    assert r.json() == {"data": [], "page": 1, "pages": 1, "results": 0}


# ---------------------------------------------------------------------------------------------
# X-Filter


async def xf(env: Env, xfilter: Any, **params: Any) -> httpx.Response:
    raw = xfilter if isinstance(xfilter, str) else json.dumps(xfilter)
    async with env.client() as c:
        return await c.get("/linode/instances", params=params or None, headers={"X-Filter": raw})


async def test_filter_equality_and_dotted(env: Env) -> None:
    r = await xf(env, {"region": "us-west"})
    data = r.json()["data"]
    assert r.json()["results"] == 15 and {x["region"] for x in data} == {"us-west"}
    r = await xf(env, {"placement_group.label": "nope"})
    assert r.status_code == 200 and r.json()["results"] == 0


async def test_filter_operators(env: Env) -> None:
    ids = lambda r: [x["id"] for x in r.json()["data"]]  # noqa: E731
    r = await xf(env, {"id": {"+gt": 1057}})
    assert ids(r) == [1058, 1059]
    r = await xf(env, {"id": {"+gte": 1058}})
    assert ids(r) == [1058, 1059]
    r = await xf(env, {"id": {"+lt": 1002}})
    assert ids(r) == [1000, 1001]
    r = await xf(env, {"id": {"+lte": 1001}})
    assert ids(r) == [1000, 1001]
    r = await xf(env, {"region": {"+neq": "us-east"}})
    assert r.json()["results"] == 45
    r = await xf(env, {"label": {"+contains": "WEB-05"}})
    assert ids(r) == list(range(1050, 1060))
    r = await xf(env, {"+or": [{"id": 1003}, {"id": 1007}]})
    assert ids(r) == [1003, 1007]
    r = await xf(env, {"+and": [{"region": "us-east"}, {"tags": "prod"}]})
    assert ids(r) == [1000, 1020, 1040]


async def test_filter_order_by_and_order(env: Env) -> None:
    r = await xf(env, {"+order_by": "label", "+order": "desc"}, page_size=25)
    data = r.json()["data"]
    assert [x["label"] for x in data[:3]] == ["web-059", "web-058", "web-057"]
    r = await xf(env, {"region": "eu-west", "+order_by": "id"})
    assert [x["id"] for x in r.json()["data"]][:3] == [1002, 1006, 1010]


async def test_filter_on_non_filterable_field_is_400(env: Env) -> None:
    r = await xf(env, {"status": "running"})
    assert r.status_code == 400
    assert reasons(r) == [{"reason": "Cannot filter on status", "field": "X-Filter"}]
    r = await xf(env, {"+order_by": "specs.memory"})
    assert reasons(r) == [{"reason": "Cannot filter on specs.memory", "field": "X-Filter"}]


async def test_filter_listing_with_explicit_filterable(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/test/listing-fields", headers={"X-Filter": '{"+order_by": "a"}'})
        bad = await c.get("/test/listing-fields", headers={"X-Filter": '{"b": "x"}'})
    assert [x["a"] for x in r.json()["data"]] == [1, 2]
    assert reasons(bad)[0]["reason"] == "Cannot filter on b"


@pytest.mark.parametrize("raw", ["{not json", '{"+and": 5}', '{"+order": "sideways"}', "[1]"])
async def test_malformed_filter_is_400_on_x_filter(env: Env, raw: str) -> None:
    r = await xf(env, raw)
    assert r.status_code == 400
    assert reasons(r)[0]["field"] == "X-Filter"


async def test_filter_and_pagination_combine(env: Env) -> None:
    r = await xf(env, {"region": "us-east"}, page=2, page_size=25)
    assert r.json()["page"] == 2 and r.json()["pages"] == 1 and r.json()["data"] == []


# ---------------------------------------------------------------------------------------------
# routing, prefixes, errors


async def test_literal_segment_beats_parameter(env: Env) -> None:
    async with env.client() as c:
        lit = await c.get("/test/items/special")
        par = await c.get("/test/items/42")
    assert lit.json() == {"route": "literal"}
    assert par.json() == {"route": "param", "itemId": 42}


async def test_v4beta_prefix_and_unknown_prefix(env: Env) -> None:
    async with env.client(prefix="/v4beta") as c:
        r = await c.get("/linode/instances/1003")
    assert r.status_code == 200 and r.json()["id"] == 1003
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=env.app), base_url="http://sim") as c:
        r = await c.get("/v3/linode/instances", headers={"Authorization": "Bearer demo"})
    assert r.status_code == 404 and reasons(r) == [{"reason": "Not found"}]


async def test_unknown_path_404_and_wrong_method_405(env: Env) -> None:
    async with env.client() as c:
        nf = await c.get("/no/such/thing")
        m = await c.patch("/linode/instances/1000", json={})
        m2 = await c.delete("/linode/types")  # a spec path that only has GET
    assert nf.status_code == 404 and reasons(nf) == [{"reason": "Not found"}]
    assert m.status_code == 405 and reasons(m) == [{"reason": "Method Not Allowed"}]
    assert m2.status_code == 405


async def test_handler_errors(env: Env) -> None:
    async with env.client() as c:
        nf = await c.get("/linode/instances/1")
        b = await c.post("/linode/instances/1000/boot")
        ok = await c.post("/linode/instances/1001/boot")
        tea = await c.get("/test/teapot")
        a = await c.get("/test/async")
    assert nf.status_code == 404 and reasons(nf) == [{"reason": "Not found"}]
    assert b.status_code == 400 and reasons(b) == [{"reason": "Linode busy."}]
    assert ok.status_code == 200 and ok.json() == {}
    assert tea.status_code == 418 and reasons(tea) == [{"reason": "I'm a teapot", "field": "pot"}]
    assert tea.headers["x-pot"] == "1"
    assert a.json() == {"async": True}


async def test_reply_and_json_field_validation(env: Env) -> None:
    async with env.client() as c:
        ok = await c.post("/linode/instances", json={"region": "us-east", "type": "g6-nanode-1"})
        missing = await c.post("/linode/instances", json={"region": "us-east"})
        wrong = await c.post("/linode/instances", json={"region": 5, "type": "x"})
        put = await c.put("/linode/instances/1002", json={"label": "renamed"})
    assert ok.status_code == 200 and ok.json() == {"id": 99} and ok.headers["x-test"] == "yes"
    assert missing.status_code == 400
    assert reasons(missing) == [{"reason": "type is required", "field": "type"}]
    assert reasons(wrong) == [{"reason": "region must be a string", "field": "region"}]
    assert put.json()["label"] == "renamed"


async def test_invalid_json_body_is_400(env: Env) -> None:
    async with env.client() as c:
        r = await c.post("/linode/instances", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and reasons(r) == [{"reason": "Invalid JSON"}]


async def test_unexpected_exception_is_500_json_and_logged(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/test/boom")
    assert r.status_code == 500
    assert r.json() == {"errors": [{"reason": "Internal server error"}]}
    assert r.headers["content-type"] == "application/json"
    assert len(env.app.error_log) == 1 and "kaboom" in env.app.error_log[0]


async def test_request_log(env: Env) -> None:
    async with env.client() as c:
        await c.get("/linode/instances", params={"page": 1})
        await c.get("/linode/instances/1")
    async with env.client(token=None) as c:
        await c.get("/linode/instances")
    log = env.app.request_log
    assert [(e.method, e.path, e.status) for e in log] == [
        ("GET", "/linode/instances", 200),
        ("GET", "/linode/instances/1", 404),
        ("GET", "/linode/instances", 401),
    ]
    assert log[0].query == "page=1" and log[0].token_name == "demo" and log[2].token_name is None


# ---------------------------------------------------------------------------------------------
# auth and scopes


async def test_missing_and_unknown_token_401(env: Env) -> None:
    async with env.client(token=None) as c:
        r = await c.get("/linode/instances")
    assert r.status_code == 401 and reasons(r) == [{"reason": "Invalid Token"}]
    assert "x-ratelimit-limit" in r.headers
    async with env.client(token="bogus") as c:
        r = await c.get("/linode/instances")
    assert r.status_code == 401


async def test_public_catalog_without_token(env: Env) -> None:
    async with env.client(token=None) as c:
        types = await c.get("/linode/types")
        regions = await c.get("/regions")
        profile = await c.get("/profile")  # no scope declared, but not public
    assert types.status_code == 200 and "data" in types.json()
    assert regions.status_code == 200
    assert profile.status_code == 401
    async with env.client(token="bogus") as c:
        r = await c.get("/regions")
    assert r.status_code == 401  # a wrong token is refused even on public operations


async def test_scope_headers(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/linode/instances")
    assert r.headers["x-oauth-scopes"] == "*"
    assert r.headers["x-accepted-oauth-scopes"] == "linodes:read_only"
    async with env.client() as c:
        r = await c.get("/regions")
    assert "x-accepted-oauth-scopes" not in r.headers


async def test_missing_scope_is_403_with_accepted_header(env: Env) -> None:
    async with env.client(token="events-rw") as c:
        r = await c.get("/linode/instances")
        ok = await c.get("/account")  # account:read_only granted
    assert r.status_code == 403 and reasons(r) == [{"reason": "Unauthorized"}]
    assert r.headers["x-accepted-oauth-scopes"] == "linodes:read_only"
    assert r.headers["x-oauth-scopes"] == "events:read_write account:read_only"
    assert ok.status_code == 200


async def test_read_only_tokens_refused_on_mutations(env: Env) -> None:
    for token in ("readonly", "linodes-ro"):
        async with env.client(token=token) as c:
            get = await c.get("/linode/instances/1003")
            post = await c.post("/linode/instances/1001/boot")
            put = await c.put("/linode/instances/1001", json={"label": "x"})
        assert get.status_code == 200
        assert post.status_code == 403 and put.status_code == 403
        assert post.headers["x-accepted-oauth-scopes"] == "linodes:read_write"


def test_scopes_allow_rules() -> None:
    assert scopes_allow("*", ["linodes:read_write"])
    assert scopes_allow("linodes:read_write", ["linodes:read_only"])
    assert not scopes_allow("linodes:read_only", ["linodes:read_write"])
    assert scopes_allow("*:read_only", ["volumes:read_only"])
    assert not scopes_allow("*:read_only", ["volumes:read_write"])
    assert scopes_allow("*:read_write", ["volumes:read_write"])
    assert not scopes_allow("images:read_write", ["images:read_write", "linodes:read_only"])
    assert scopes_allow("images:read_write,linodes:read_only", ["images:read_write", "linodes:read_only"])
    assert scopes_allow("ips:read_only", ["ips:read"])  # the spec's typo
    assert scopes_allow("", [])


def test_is_public() -> None:
    spec = load_spec()
    assert is_public(spec.find("GET", "/regions"))
    assert is_public(spec.find("GET", "/linode/kernels/{kernelId}"))
    assert is_public(spec.find("GET", "/volumes/types"))
    assert not is_public(spec.find("GET", "/profile"))
    assert not is_public(spec.find("GET", "/linode/instances"))


def test_router_replaces_same_template_and_reports_paths() -> None:
    r = Router()
    r.get("/a/{x}")(lambda ctx: 1)
    r.get("/a/{x}")(lambda ctx: 2)
    r.post("/a/{x}/b")(lambda ctx: 3)
    assert len(r) == 2
    found = r.match("GET", "/a/7")
    assert found is not None and found[0](None) == 2 and found[1] == {"x": 7} and found[2] == "/a/{x}"  # type: ignore[arg-type]
    assert r.match("GET", "/a/7/b") is None and r.path_known("/a/7/b")
    assert r.match("GET", "/a/hello%20world") is not None
    assert r.match("GET", "/a/hello%20world")[1] == {"x": "hello world"}  # type: ignore[index]


def test_api_error_envelope() -> None:
    e = ApiError(400, "label is required", "label")
    assert e.body() == {"errors": [{"reason": "label is required", "field": "label"}]}
    assert ApiError(404, "Not found").body() == {"errors": [{"reason": "Not found"}]}
    multi = ApiError(400, "a", errors=[{"reason": "a", "field": "x"}, {"reason": "b", "field": "y"}])
    assert len(multi.body()["errors"]) == 2


def test_sorted_fast_path_matches_query_sort_key() -> None:
    from linode_tui.api.query import sort_key
    from linode_tui.sim.app import _sorted

    cases: list[list[dict[str, Any]]] = [
        [{"a": "b", "i": 0}, {"a": "a", "i": 1}, {"a": "b", "i": 2}],  # all str, ties stay stable
        [{"a": 3, "i": 0}, {"a": 1, "i": 1}, {"a": 3, "i": 2}],  # all int
        [{"a": None, "i": 0}, {"a": 2, "i": 1}, {"a": "x", "i": 2}, {"a": True, "i": 3}],  # mixed
        [{"s": {"m": 2}, "i": 0}, {"s": {"m": 1}, "i": 1}],  # dotted
    ]
    for items in cases:
        field = "s.m" if "s" in items[0] else "a"
        for desc in (False, True):
            expected = sorted(items, key=sort_key(field), reverse=desc)
            assert _sorted(list(items), field, desc) == expected
