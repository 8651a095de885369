from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from linode_tui.api.client import LinodeClient, Page, clamp_page_size
from linode_tui.api.errors import MalformedResponseError, NotFoundError

BASE = "https://api.example.test/v4"


class ListServer:
    """Async MockTransport handler serving a paginated list; measures concurrency."""

    def __init__(self, items: list[dict[str, Any]], pager: Callable[..., httpx.Response],
                 ticks: int = 5, fail_page: int | None = None) -> None:
        self.items = items
        self.pager = pager
        self.ticks = ticks
        self.fail_page = fail_page
        self.in_flight = 0
        self.max_in_flight = 0
        self.pages_requested: list[int] = []
        self.sizes: list[int] = []
        self.filters: list[str | None] = []
        self.overlap_with_page1 = False

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        self.pages_requested.append(page)
        self.sizes.append(int(request.url.params["page_size"]))
        self.filters.append(request.headers.get("X-Filter"))
        if page > 1 and 1 in self.pages_requested and self._page1_open:
            self.overlap_with_page1 = True
        if page == 1:
            self._page1_open = True
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(self.ticks + (page % 3)):  # uneven latency: pages complete out of order
                await asyncio.sleep(0)
        finally:
            self.in_flight -= 1
            if page == 1:
                self._page1_open = False
        if page == self.fail_page:
            return httpx.Response(404, json={"errors": [{"reason": "Not found"}]})
        return self.pager(self.items, request)

    _page1_open = False


def items(n: int) -> list[dict[str, Any]]:
    return [{"id": i, "label": f"linode-{i}"} for i in range(1, n + 1)]


def client(handler: Any, clock: Any, **kw: Any) -> LinodeClient:
    return LinodeClient("tok", BASE, transport=httpx.MockTransport(handler), clock=clock.monotonic,
                        sleep=clock.sleep, wall=clock.wall, **kw)


async def test_list_all_preserves_order_and_overlaps_bounded(clock: Any, pager: Any) -> None:
    server = ListServer(items(1234), pager)
    async with client(server, clock, max_concurrency=4) as api:
        result = await api.list_all("/linode/instances", page_size=50)
    assert [x["id"] for x in result] == list(range(1, 1235))
    assert server.pages_requested[0] == 1
    assert sorted(server.pages_requested) == list(range(1, 26))
    assert server.max_in_flight == 4  # pages 2..N overlapped, bounded by max_concurrency
    assert not server.overlap_with_page1  # page 1 alone first


async def test_list_all_single_page(clock: Any, pager: Any) -> None:
    server = ListServer(items(7), pager)
    async with client(server, clock) as api:
        result = await api.list_all("/volumes")
        assert result == items(7)
        assert api.requests_sent == 1
    assert server.sizes == [500]


@pytest.mark.parametrize("body", [
    {"data": [], "page": 1, "pages": 0, "results": 0},
    {"data": [], "page": 0, "pages": 0, "results": 0},
    {"data": [], "page": 1, "pages": 1, "results": 0},
])
async def test_empty_list_variants(clock: Any, body: dict[str, Any]) -> None:
    async with client(lambda r: httpx.Response(200, json=body), clock) as api:
        assert await api.list_all("/domains") == []
        page = await api.get_page("/domains", force=True)
        assert page == Page(data=[], page=1, pages=1, results=0)
        pages = [p async for p in api.iter_pages("/domains", force=True)]
        assert len(pages) == 1
        assert api.requests_sent == 3


@pytest.mark.parametrize(
    ("asked", "sent"), [(1, 25), (10, 25), (25, 25), (100, 100), (500, 500), (9999, 500)]
)
async def test_page_size_is_clamped(clock: Any, pager: Any, asked: int, sent: int) -> None:
    server = ListServer(items(3), pager)
    async with client(server, clock) as api:
        await api.get_page("/linode/instances", page_size=asked)
    assert server.sizes == [sent]
    assert clamp_page_size(asked) == sent


async def test_get_page_parses_envelope(clock: Any, pager: Any) -> None:
    server = ListServer(items(60), pager)
    async with client(server, clock) as api:
        page = await api.get_page("/linode/instances", page=3, page_size=25)
    assert page.page == 3 and page.pages == 3 and page.results == 60
    assert [x["id"] for x in page.data] == list(range(51, 61))
    assert page.is_last


async def test_get_page_rejects_non_envelope(clock: Any) -> None:
    async with client(lambda r: httpx.Response(200, json={"id": 1}), clock) as api:
        with pytest.raises(MalformedResponseError, match="paginated"):
            await api.get_page("/linode/instances/1")


async def test_iter_pages_yields_page1_first_then_rest(clock: Any, pager: Any) -> None:
    server = ListServer(items(260), pager)
    async with client(server, clock, max_concurrency=3) as api:
        seen: list[int] = []
        requested_when_page1_yielded: list[int] = []
        collected: list[dict[str, Any]] = []
        async for page in api.iter_pages("/linode/instances", page_size=25):
            if not seen:
                requested_when_page1_yielded = list(server.pages_requested)
            seen.append(page.page)
            collected.extend(page.data)
    assert seen[0] == 1
    assert requested_when_page1_yielded == [1]
    assert sorted(seen) == list(range(1, 12))
    assert sorted(x["id"] for x in collected) == list(range(1, 261))
    assert 1 < server.max_in_flight <= 3


async def test_iter_pages_early_stop_cancels_rest(clock: Any, pager: Any) -> None:
    server = ListServer(items(2000), pager, ticks=50)
    async with client(server, clock, max_concurrency=2) as api:
        gen = api.iter_pages("/linode/instances", page_size=25)
        async for page in gen:
            assert page.page == 1
            break
        await gen.aclose()  # type: ignore[attr-defined]
        await asyncio.sleep(0)
        assert len(server.pages_requested) < 80


async def test_list_all_filter_sent_on_every_page(clock: Any, pager: Any) -> None:
    server = ListServer(items(120), pager)
    async with client(server, clock) as api:
        await api.list_all("/linode/instances", filter={"region": "us-east"}, page_size=25)
    assert len(server.filters) == 5
    assert set(server.filters) == {'{"region":"us-east"}'}


async def test_list_all_raises_page_error_and_stops(clock: Any, pager: Any) -> None:
    server = ListServer(items(500), pager, fail_page=3)
    async with client(server, clock, max_concurrency=2) as api:
        with pytest.raises(NotFoundError):
            await api.list_all("/linode/instances", page_size=25)
        await asyncio.sleep(0)
    assert len(server.pages_requested) < 20


async def test_list_all_uses_page_cache(clock: Any, pager: Any) -> None:
    server = ListServer(items(100), pager)
    async with client(server, clock) as api:
        first = await api.list_all("/linode/instances", page_size=25)
        again = await api.list_all("/linode/instances", page_size=25)
        assert first == again
        assert api.requests_sent == 4
        await api.list_all("/linode/instances", page_size=25, force=True)
        assert api.requests_sent == 8
