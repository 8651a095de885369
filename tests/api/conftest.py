"""Generic fixtures for the API-layer tests: a fake clock and a paginating fake endpoint."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest

TOKEN = "tok-SECRET-0123456789abcdef0123456789abcdef"


class FakeClock:
    """Monotonic + wall clock; ``sleep`` records the delay and advances both without sleeping."""

    def __init__(self, start: float = 1000.0, wall_start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.wall_now = wall_start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.wall_now

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.wall_now += seconds

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def json_response(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    content = b"" if body is None else json.dumps(body).encode()
    hdrs = {"content-type": "application/json", **(headers or {})}
    return httpx.Response(status, content=content, headers=hdrs)


def paginate(items: list[Any], request: httpx.Request, *, empty_pages: int = 1) -> httpx.Response:
    """Serve ``items`` like the Linode API's pagination envelope (page, pages, results)."""
    page = int(request.url.params.get("page", "1"))
    size = int(request.url.params.get("page_size", "100"))
    pages = math.ceil(len(items) / size) if items else empty_pages
    chunk = items[(page - 1) * size : page * size]
    return json_response(200, {"data": chunk, "page": page, "pages": pages, "results": len(items)})




@pytest.fixture
def token() -> str:
    """A recognisable fake API token (tests assert it never leaks)."""
    return TOKEN


@pytest.fixture
def jresp() -> Callable[..., httpx.Response]:
    """``jresp(status, body=None, headers=None)`` -> a JSON httpx.Response."""
    return json_response


@pytest.fixture
def pager() -> Callable[..., httpx.Response]:
    """``pager(items, request, empty_pages=1)`` -> a paginated envelope for the requested page."""
    return paginate
