from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from linode_tui.api.cache import (
    ResponseCache,
    event_prefixes,
    make_key,
    mutation_prefixes,
    normalise_path,
)
from linode_tui.api.client import LinodeClient


class Loader:
    def __init__(self, value: Any = "v", error: Exception | None = None, ticks: int = 3) -> None:
        self.calls = 0
        self.value = value
        self.error = error
        self.ticks = ticks

    async def __call__(self) -> Any:
        self.calls += 1
        for _ in range(self.ticks):
            await asyncio.sleep(0)
        if self.error is not None:
            raise self.error
        return f"{self.value}{self.calls}"


def test_make_key_normalises() -> None:
    a = make_key("/v4/linode/instances/", {"page_size": 500, "page": 1}, {"b": 1, "a": 2})
    b = make_key("linode/instances", {"page": "1", "page_size": "500"}, {"a": 2, "b": 1})
    assert a == b == ("/linode/instances", (("page", "1"), ("page_size", "500")), '{"a":2,"b":1}')
    assert make_key("/x", {"page": 1}) != make_key("/x", {"page": 2})
    assert make_key("/x", None, {"a": 1}) != make_key("/x")


def test_normalise_path() -> None:
    assert normalise_path("/v4beta/placement/groups/?x=1") == "/placement/groups"
    assert normalise_path("volumes//5/") == "/volumes/5"
    assert normalise_path("/v4") == "/"


async def test_ttl_expiry_with_fake_clock(clock: Any) -> None:
    cache = ResponseCache(10, clock=clock.monotonic)
    load = Loader()
    key = make_key("/volumes")
    assert await cache.fetch(key, load) == "v1"
    clock.advance(9.9)
    assert await cache.fetch(key, load) == "v1"
    clock.advance(0.2)
    assert await cache.fetch(key, load) == "v2"
    assert load.calls == 2


async def test_per_entry_ttl_override(clock: Any) -> None:
    cache = ResponseCache(10, clock=clock.monotonic)
    load = Loader()
    regions = make_key("/regions")
    assert await cache.fetch(regions, load, ttl=3600) == "v1"
    clock.advance(600)
    assert await cache.fetch(regions, load) == "v1"
    cache.put(make_key("/x"), 1, ttl=1)
    clock.advance(1.5)
    assert cache.get(make_key("/x")) is None
    cache.put(make_key("/y"), 1, ttl=0)  # ttl 0: not stored
    assert make_key("/y") not in cache


async def test_force_bypasses_and_refreshes(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    load = Loader()
    key = make_key("/volumes")
    await cache.fetch(key, load)
    assert await cache.fetch(key, load, force=True) == "v2"
    assert await cache.fetch(key, load) == "v2"
    assert load.calls == 2


async def test_coalescing_ten_callers_one_request(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    load = Loader()
    key = make_key("/linode/instances", {"page": 1})
    results = await asyncio.gather(*(cache.fetch(key, load) for _ in range(10)))
    assert results == ["v1"] * 10
    assert load.calls == 1
    assert cache.coalesced == 9


async def test_coalescing_shares_the_same_exception(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    boom = RuntimeError("boom")
    load = Loader(error=boom)
    key = make_key("/x")
    results = await asyncio.gather(*(cache.fetch(key, load) for _ in range(5)), return_exceptions=True)
    assert all(r is boom for r in results)
    assert load.calls == 1
    assert key not in cache  # errors are not cached
    load.error = None
    assert await cache.fetch(key, load) == "v2"


async def test_cancelled_caller_does_not_cancel_others(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    load = Loader(ticks=10)
    key = make_key("/x")
    t1 = asyncio.create_task(cache.fetch(key, load))
    t2 = asyncio.create_task(cache.fetch(key, load))
    await asyncio.sleep(0)
    t1.cancel()
    assert await t2 == "v1"
    assert load.calls == 1


async def test_coalescing_through_client(clock: Any) -> None:
    hits = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal hits
        hits += 1
        await asyncio.sleep(0)
        return httpx.Response(200, json={"id": 1})

    async with LinodeClient("t", "https://x.test/v4", transport=httpx.MockTransport(handler),
                            clock=clock.monotonic, sleep=clock.sleep, wall=clock.wall) as api:
        out = await asyncio.gather(*(api.get("/linode/instances/1") for _ in range(10)))
        assert out == [{"id": 1}] * 10
        assert api.requests_sent == 1 == hits


def test_invalidate_prefix_at_segment_boundaries(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    paths = ["/linode/instances", "/linode/instances/123", "/linode/instances/123/disks",
             "/linode/instances/1234", "/linode/instances-foo", "/linode/types", "/volumes"]
    for p in paths:
        cache.put(make_key(p, {"page": 1}), p)
        cache.put(make_key(p, None, {"label": "a"}), p)
    assert cache.invalidate("/linode/instances/123") == 4
    assert make_key("/linode/instances/1234", {"page": 1}) in cache
    assert make_key("/linode/instances/123/disks", {"page": 1}) not in cache
    assert cache.invalidate("/linode/instances") == 4
    assert make_key("/linode/instances-foo", {"page": 1}) in cache
    assert make_key("/linode/types", {"page": 1}) in cache
    assert cache.invalidate() == 6
    assert len(cache) == 0


def test_invalidate_wildcard_segment(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    for p in ["/linode/instances/1/volumes", "/linode/instances/2/volumes", "/linode/instances/2/disks"]:
        cache.put(make_key(p), p)
    assert cache.invalidate("/linode/instances/*/volumes") == 2
    assert make_key("/linode/instances/2/disks") in cache


async def test_invalidation_during_load_discards_result(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    load = Loader(ticks=5)
    key = make_key("/volumes")
    task = asyncio.create_task(cache.fetch(key, load))
    await asyncio.sleep(0)
    cache.invalidate("/volumes")  # a mutation happened while the old list was loading
    assert await task == "v1"  # the caller still gets its answer…
    assert key not in cache  # …but it is not cached
    assert await cache.fetch(key, load) == "v2"


def test_max_entries_evicts_oldest(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic, max_entries=3)
    for i in range(5):
        cache.put(make_key(f"/p{i}"), i)
    assert len(cache) == 3
    assert make_key("/p0") not in cache and make_key("/p4") in cache


@pytest.mark.parametrize(("path", "expected"), [
    ("/linode/instances/123/reboot", ["/linode/instances", "/linode/instances/123"]),
    ("/linode/instances", ["/linode/instances"]),
    ("/linode/instances/123/disks/5/resize", ["/linode/instances", "/linode/instances/123"]),
    ("/volumes/5", ["/volumes", "/volumes/5"]),
    ("/v4/volumes/5/attach", ["/volumes", "/volumes/5"]),
    ("/domains/1/records/2", ["/domains", "/domains/1"]),
    ("/networking/firewalls/7/rules", ["/networking/firewalls", "/networking/firewalls/7"]),
    ("/account/users/bob", ["/account/users", "/account/users/bob"]),
    ("/profile", ["/profile"]),
    ("/lke/clusters/9/pools/3", ["/lke/clusters", "/lke/clusters/9"]),
    ("/databases/mysql/instances/4", ["/databases", "/databases/mysql"]),
    ("/images/private/12", ["/images", "/images/private"]),
])
def test_mutation_prefixes(path: str, expected: list[str]) -> None:
    assert mutation_prefixes(path) == expected


def test_mutation_prefixes_follow_linode_id_in_body() -> None:
    assert mutation_prefixes("/volumes/5/attach", {"linode_id": 77}) == [
        "/volumes", "/volumes/5", "/linode/instances/77"]


@pytest.mark.parametrize(("action", "entity", "expected"), [
    ("linode_reboot", {"id": 12, "type": "linode"}, ["/linode/instances", "/linode/instances/12"]),
    ("disk_create", {"id": 12, "type": "linode"}, ["/linode/instances", "/linode/instances/12"]),
    ("backups_enable", {"id": 3, "type": "linode"}, ["/linode/instances", "/linode/instances/3"]),
    ("password_reset", {"id": 3}, ["/linode/instances", "/linode/instances/3"]),
    ("lassie_reboot", None, ["/linode/instances"]),
    ("volume_create", {"id": 5, "type": "volume", "url": "/v4/volumes/5"},
     ["/volumes", "/linode/instances/*/volumes", "/volumes/5"]),
    ("nodebalancer_config_update", None, ["/nodebalancers", "/linode/instances/*/nodebalancers"]),
    ("firewall_apply", None, ["/networking/firewalls", "/linode/instances/*/firewalls"]),
    ("domain_record_create", None, ["/domains"]),
    ("lke_node_create", None, ["/lke"]),
    ("database_create", None, ["/databases"]),
    ("image_upload", None, ["/images"]),
    ("stackscript_publicize", None, ["/linode/stackscripts"]),
    ("vpc_create", None, ["/vpcs"]),
    ("subnet_delete", None, ["/vpcs"]),
    ("placement_group_assign", None, ["/placement", "/linode/instances"]),
    ("obj_access_key_create", None, ["/object-storage"]),
    ("user_create", None, ["/account/users"]),
    ("user_ssh_key_add", None, ["/profile/sshkeys"]),
    ("ticket_create", None, ["/support"]),
    ("tag_create", None, ["/tags"]),
    ("token_create", None, ["/profile/tokens"]),
    ("community_like", None, []),
    ("something_new", {"id": 1, "type": "linode"}, []),
    ("", None, []),
])
def test_event_prefixes(action: str, entity: dict[str, Any] | None, expected: list[str]) -> None:
    assert event_prefixes(action, entity) == expected


def test_event_prefixes_volume_attach_knows_the_linode() -> None:
    out = event_prefixes("volume_attach", {"id": 5, "type": "volume"}, {"id": 44, "type": "linode"})
    assert "/linode/instances/44" in out and "/volumes" in out


def test_invalidate_for_event(clock: Any) -> None:
    cache = ResponseCache(60, clock=clock.monotonic)
    for p in ["/volumes", "/volumes/5", "/linode/instances/44/volumes", "/linode/instances/44",
              "/linode/instances/45", "/domains"]:
        cache.put(make_key(p), p)
    cache.invalidate_for_event("volume_detach", {"id": 5, "type": "volume"})
    assert {k[0] for k in cache._entries} == {"/linode/instances/44", "/linode/instances/45", "/domains"}
    cache.invalidate_for_event("linode_boot", {"id": 44, "type": "linode"})
    assert {k[0] for k in cache._entries} == {"/domains"}
    cache.invalidate_for_event("unknown_action", {"id": 1, "type": "domain"})
    assert {k[0] for k in cache._entries} == {"/domains"}
