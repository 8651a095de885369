"""Faults between the client and the API, against the simulator.

A ``FaultTransport`` wraps the simulator's ASGI transport and lets a test plan what happens to the
next requests: answer in the API's place (a 429, a 500, maintenance, an HTML page, a reset
connection), forward and then spoil the answer (502 or a cut connection after the simulator did
the work, truncated JSON), delay, or swap the token so the simulator itself answers 401/403.
Once the plan is used up, requests pass through untouched: every test also checks the recovery.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from linode_tui.api.client import ClientNotice, LinodeClient
from linode_tui.api.errors import (
    ApiTimeoutError,
    AuthError,
    LinodeError,
    MaintenanceError,
    MalformedResponseError,
    NetworkError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
)
from linode_tui.sim import Simulator, TokenInfo, create_sim
from linode_tui.sim.faults import html_page

from .conftest import TOKEN

Forward = Callable[[httpx.Request], Awaitable[httpx.Response]]
Fault = Callable[[httpx.Request, Forward], Awaitable[httpx.Response]]

NEW_VOLUME = {"label": "fault-vol", "region": "us-east", "size": 20}


class FaultTransport(httpx.AsyncBaseTransport):
    """The simulator's transport, with planned faults for the next requests (one per request)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.plan: list[Fault] = []
        self.seen: list[tuple[str, str]] = []

    def inject(self, *faults: Fault) -> None:
        self.plan.extend(faults)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path))
        if self.plan:
            return await self.plan.pop(0)(request, self.inner.handle_async_request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


# -- the faults ----------------------------------------------------------------------------------


def answer(status: int, body: bytes, content_type: str = "application/json",
           headers: dict[str, str] | None = None) -> Fault:
    """Something in front of the API answers; the simulator never sees the request."""

    async def fault(request: httpx.Request, forward: Forward) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": content_type, **(headers or {})})

    return fault


def error_json(status: int, reason: str, headers: dict[str, str] | None = None) -> Fault:
    return answer(status, f'{{"errors":[{{"reason":"{reason}"}}]}}'.encode(), headers=headers)


def after(status: int, body: bytes, content_type: str = "text/html") -> Fault:
    """The simulator processes the request; its answer is replaced on the way back."""

    async def fault(request: httpx.Request, forward: Forward) -> httpx.Response:
        real = await forward(request)
        await real.aread()
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    return fault


async def truncated(request: httpx.Request, forward: Forward) -> httpx.Response:
    """The simulator answers; the body is cut in half on the way back."""
    real = await forward(request)
    content = await real.aread()
    headers = {k: v for k, v in real.headers.items() if k.lower() != "content-length"}
    return httpx.Response(real.status_code, content=content[: len(content) // 2], headers=headers)


async def reset_before(request: httpx.Request, forward: Forward) -> httpx.Response:
    """The connection is reset before the request reaches the API."""
    raise httpx.ReadError("[Errno 104] Connection reset by peer")


async def reset_after(request: httpx.Request, forward: Forward) -> httpx.Response:
    """The simulator processes the request; the connection drops before the answer arrives."""
    real = await forward(request)
    await real.aread()
    raise httpx.RemoteProtocolError("Server disconnected without sending a response.")


async def timeout_after(request: httpx.Request, forward: Forward) -> httpx.Response:
    real = await forward(request)
    await real.aread()
    raise httpx.ReadTimeout("The read operation timed out")


async def refused(request: httpx.Request, forward: Forward) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused")


def delayed(seconds: float) -> Fault:
    async def fault(request: httpx.Request, forward: Forward) -> httpx.Response:
        await asyncio.sleep(seconds)  # real time: the slow notice is about real waiting
        return await forward(request)

    return fault


def with_token(token: str) -> Fault:
    """The request reaches the simulator with another token (revoked, or with fewer scopes)."""

    async def fault(request: httpx.Request, forward: Forward) -> httpx.Response:
        request.headers["Authorization"] = f"Bearer {token}"
        return await forward(request)

    return fault


# -- fixtures ------------------------------------------------------------------------------------


class Rig:
    def __init__(self, sim: Simulator, transport: FaultTransport, client: LinodeClient) -> None:
        self.sim = sim
        self.transport = transport
        self.client = client
        self.notices: list[ClientNotice] = []
        self.sleeps: list[float] = []

    def logged(self, method: str, path: str) -> list[int]:
        """Statuses of the requests the simulator processed for ``method path``."""
        return [r.status for r in self.sim.request_log if r.method == method and r.path == path]

    def volumes_named(self, label: str) -> int:
        return sum(1 for v in self.sim.world.volumes.values() if v.get("label") == label)


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    sim = create_sim(linodes=3, frozen=True)
    sim.world.tokens[TOKEN] = TokenInfo(name="faults", scopes="*")
    transport = FaultTransport(sim.transport())
    holder: list[Rig] = []

    async def sim_sleep(seconds: float) -> None:  # retries wait in simulated time
        holder[0].sleeps.append(seconds)
        sim.clock.advance(seconds)

    client = sim.client(TOKEN, transport=transport, sleep=sim_sleep, wall=sim.clock.now, slow_after=0.05)
    r = Rig(sim, transport, client)
    holder.append(r)
    client.add_listener(r.notices.append)
    async with client:
        yield r


def clean(exc: LinodeError) -> str:
    """The error's message, checked to be one readable line without the token."""
    text = str(exc)
    assert TOKEN not in text and TOKEN not in repr(exc)
    assert "\n" not in text and "Traceback" not in text
    return text


async def recovers(rig: Rig) -> None:
    """With the plan used up, the next request succeeds."""
    assert rig.transport.plan == []
    page = await rig.client.get_page("/linode/instances", force=True)
    assert page.results == 3


# -- 429 -----------------------------------------------------------------------------------------


async def test_429_with_retry_after_waits_then_succeeds(rig: Rig) -> None:
    rig.transport.inject(error_json(429, "Too many requests", {"Retry-After": "3"}))
    page = await rig.client.get_page("/linode/instances")
    assert page.results == 3
    assert rig.sleeps == [3.0]
    kinds = [n.kind for n in rig.notices]
    assert kinds[:2] == ["rate_limited", "unthrottled"]  # one notice per 429 episode, then its end
    assert "retry after 3 s" in rig.notices[0].message


async def test_429_on_a_mutation_is_retried_once_and_applied_once(rig: Rig) -> None:
    rig.transport.inject(error_json(429, "Too many requests", {"Retry-After": "2"}))
    vol = await rig.client.post("/volumes", json=NEW_VOLUME)
    assert vol["label"] == "fault-vol"
    assert rig.sleeps == [2.0]
    assert rig.logged("POST", "/volumes") == [200]  # the 429 came before the API: one creation
    assert rig.volumes_named("fault-vol") == 1


async def test_429_beyond_the_longest_wait_is_raised(rig: Rig) -> None:
    rig.transport.inject(error_json(429, "Too many requests", {"Retry-After": "3600"}))
    with pytest.raises(RateLimitedError) as info:
        await rig.client.get("/linode/instances")
    assert info.value.retry_after == 3600
    assert "Rate limited by the API (HTTP 429)" in clean(info.value)
    assert rig.sleeps == []
    rig.sim.clock.advance(3600)  # the client blocks the class until the API's reset
    await recovers(rig)


# -- 5xx -----------------------------------------------------------------------------------------


async def test_500_on_a_read_is_a_server_error_then_recovers(rig: Rig) -> None:
    rig.transport.inject(error_json(500, "Internal server error"))
    with pytest.raises(ServerError) as info:
        await rig.client.get("/linode/instances")
    assert clean(info.value) == (
        "The Linode API had a server error (HTTP 500) for GET /v4/linode/instances: Internal server error."
    )
    assert [n.kind for n in rig.notices] == ["error"]
    await recovers(rig)


async def test_500_on_a_mutation_is_outcome_unknown_and_not_retried(rig: Rig) -> None:
    rig.transport.inject(error_json(500, "Internal server error"))
    with pytest.raises(OutcomeUnknownError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    msg = clean(info.value)
    assert msg == (
        "POST /volumes may have been applied: the Linode API had a server error (HTTP 500): Internal server "
        "error. The outcome is unknown; check the resource or its events before trying again."
    )
    assert isinstance(info.value.cause, ServerError)
    assert (info.value.method, info.value.path, info.value.status) == ("POST", "/volumes", 500)
    assert rig.transport.seen.count(("POST", "/v4/volumes")) == 1  # never sent again
    assert rig.sleeps == []
    assert rig.logged("POST", "/volumes") == []  # (this 500 came before the API: nothing was done)
    await recovers(rig)


async def test_503_maintenance_is_clear_and_known_not_applied(rig: Rig) -> None:
    maintenance = error_json(503, "Currently in maintenance mode.", {"X-Maintenance-Mode": "all"})
    rig.transport.inject(maintenance, maintenance)
    with pytest.raises(MaintenanceError) as info:
        await rig.client.get("/linode/instances")
    assert "maintenance" in clean(info.value)
    assert len(rig.transport.seen) == 1  # a read is not retried into a maintenance window
    with pytest.raises(MaintenanceError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert not isinstance(info.value, OutcomeUnknownError)
    assert clean(info.value) == (
        "The Linode API is in maintenance (HTTP 503): Currently in maintenance mode."
    )
    assert rig.volumes_named("fault-vol") == 0
    await recovers(rig)


async def test_502_after_the_mutation_was_processed(rig: Rig) -> None:
    before = await rig.client.get("/volumes")  # cached: the client must refetch after the fault
    rig.transport.inject(after(502, html_page(502, "Bad Gateway")))
    with pytest.raises(OutcomeUnknownError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    msg = clean(info.value)
    assert "may have been applied" in msg and "HTML page (HTTP 502)" in msg
    assert isinstance(info.value.cause, MalformedResponseError)
    assert rig.logged("POST", "/volumes") == [200]  # exactly one POST: the simulator did it once
    assert rig.volumes_named("fault-vol") == 1
    assert rig.sleeps == []
    error_notices = [n for n in rig.notices if n.kind == "error"]
    assert [n.message for n in error_notices] == [msg]
    # Finding out: the volumes list is refetched (not served from the cache) and shows it.
    after_list = await rig.client.get("/volumes")
    assert after_list["results"] == before["results"] + 1
    assert [v["label"] for v in after_list["data"]].count("fault-vol") == 1
    await recovers(rig)


# -- bodies that are not the API's JSON ----------------------------------------------------------


async def test_html_page_instead_of_json(rig: Rig) -> None:
    rig.transport.inject(answer(200, b"<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>",
                                "text/html"))
    with pytest.raises(MalformedResponseError) as info:
        await rig.client.get("/linode/instances")
    assert clean(info.value) == "the API answered with an HTML page (HTTP 200) — a proxy or gateway error?"
    await recovers(rig)


async def test_html_502_on_a_read_is_retried(rig: Rig) -> None:
    rig.transport.inject(answer(502, html_page(502, "Bad Gateway"), "text/html"))
    page = await rig.client.get_page("/linode/instances")
    assert page.results == 3
    assert rig.sleeps == [0.5]
    assert [n.kind for n in rig.notices] == ["retrying"]
    assert "HTML page (HTTP 502)" in rig.notices[0].message


async def test_truncated_json_on_a_read(rig: Rig) -> None:
    rig.transport.inject(truncated)
    with pytest.raises(MalformedResponseError) as info:
        await rig.client.get("/linode/instances")
    assert clean(info.value) == "the API answered with a body that is not valid JSON (HTTP 200)"
    await recovers(rig)


async def test_truncated_json_after_a_mutation_is_outcome_unknown(rig: Rig) -> None:
    rig.transport.inject(truncated)
    with pytest.raises(OutcomeUnknownError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert "may have been applied: the API answered with a body that is not valid JSON" in clean(info.value)
    assert rig.logged("POST", "/volumes") == [200]
    assert rig.volumes_named("fault-vol") == 1
    await recovers(rig)


# -- broken connections and timeouts -------------------------------------------------------------


async def test_connection_reset_on_a_read_is_retried(rig: Rig) -> None:
    rig.transport.inject(reset_before)
    page = await rig.client.get_page("/linode/instances")
    assert page.results == 3
    assert [n.kind for n in rig.notices] == ["retrying"]
    assert "Connection reset by peer" in rig.notices[0].message


async def test_connection_reset_every_time_is_a_clear_network_error(rig: Rig) -> None:
    rig.transport.inject(*[reset_before] * 4)  # the first try and three retries
    with pytest.raises(NetworkError) as info:
        await rig.client.get("/linode/instances")
    assert clean(info.value) == (
        "The connection to the Linode API broke (GET /linode/instances): [Errno 104] Connection reset by peer"
    )
    assert rig.sleeps == [0.5, 1.0, 2.0]
    assert [n.kind for n in rig.notices][-1] == "error"
    await recovers(rig)


async def test_connection_cut_after_a_mutation_was_sent(rig: Rig) -> None:
    rig.transport.inject(reset_after)
    with pytest.raises(OutcomeUnknownError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert isinstance(info.value.cause, NetworkError) and info.value.status is None
    assert "may have been applied: the connection to the Linode API broke" in clean(info.value)
    assert rig.logged("POST", "/volumes") == [200]
    assert rig.transport.seen.count(("POST", "/v4/volumes")) == 1
    await recovers(rig)


async def test_timeout_after_a_mutation_was_sent(rig: Rig) -> None:
    rig.transport.inject(timeout_after)
    with pytest.raises(OutcomeUnknownError) as info:
        await rig.client.put(f"/volumes/{next(iter(rig.sim.world.volumes))}", json={"label": "renamed"})
    assert isinstance(info.value.cause, ApiTimeoutError)
    assert "may have been applied: the Linode API did not answer in time" in clean(info.value)
    assert rig.volumes_named("renamed") == 1
    await recovers(rig)


async def test_refused_connection_on_a_mutation_is_known_not_applied(rig: Rig) -> None:
    rig.transport.inject(refused)
    with pytest.raises(NetworkError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert not isinstance(info.value, OutcomeUnknownError) and info.value.sent is False
    assert clean(info.value).startswith("Could not reach the Linode API (POST /volumes)")
    assert rig.logged("POST", "/volumes") == []
    await recovers(rig)


# -- slow ----------------------------------------------------------------------------------------


async def test_slow_request_is_announced_and_then_answered(rig: Rig) -> None:
    waiting: list[ClientNotice] = []
    rig.client.add_listener(waiting.append, kinds={"slow", "answered"})
    rig.transport.inject(delayed(0.4))
    task = asyncio.ensure_future(rig.client.get("/linode/instances"))
    await asyncio.sleep(0.2)
    assert [n.kind for n in waiting] == ["slow"]
    slow = waiting[0]
    assert (slow.method, slow.path) == ("GET", "/linode/instances")
    assert slow.elapsed is not None and slow.elapsed >= 0.05
    assert "has had no answer for" in slow.message
    [w] = rig.client.waiting()
    assert (w.method, w.path, w.request_id) == ("GET", "/linode/instances", slow.request_id)
    assert w.elapsed() >= 0.2
    assert (await task)["results"] == 3
    assert [n.kind for n in waiting] == ["slow", "answered"]
    done = waiting[1]
    assert done.request_id == slow.request_id
    assert done.elapsed is not None and done.elapsed >= 0.4
    assert "answered (HTTP 200) after" in done.message
    assert rig.client.waiting() == []
    assert rig.notices == []  # a listener that did not ask for waiting notices hears nothing
    await recovers(rig)
    assert len(waiting) == 2  # a fast request is not announced


async def test_slow_request_that_fails_still_ends_its_wait(rig: Rig) -> None:
    waiting: list[ClientNotice] = []
    rig.client.add_listener(waiting.append, kinds={"slow", "answered"})

    async def slow_reset(request: httpx.Request, forward: Forward) -> httpx.Response:
        await asyncio.sleep(0.15)
        return await reset_after(request, forward)

    rig.transport.inject(slow_reset)
    with pytest.raises(OutcomeUnknownError):
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert [n.kind for n in waiting] == ["slow", "answered"]
    assert "POST /volumes lost its connection after" in waiting[1].message
    assert rig.client.waiting() == []


def test_unknown_notice_kind_is_refused() -> None:
    client = LinodeClient("tok", transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    with pytest.raises(ValueError, match="unknown notice kind"):
        client.add_listener(print, kinds={"slowish"})


# -- 401 / 403 -----------------------------------------------------------------------------------


async def test_401_mid_session(rig: Rig) -> None:
    await rig.client.get("/profile")
    rig.transport.inject(with_token("revoked-0123456789"))
    with pytest.raises(AuthError) as info:
        await rig.client.get("/linode/instances")
    assert clean(info.value) == "Authentication failed (HTTP 401): Invalid Token. Check the API token."
    assert len([s for s in rig.sim.request_log if s.status == 401]) == 1  # not retried
    await recovers(rig)


async def test_401_on_a_mutation_is_known_not_applied(rig: Rig) -> None:
    rig.transport.inject(with_token("revoked-0123456789"))
    with pytest.raises(AuthError):
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert rig.volumes_named("fault-vol") == 0
    await recovers(rig)


async def test_403_names_the_scope(rig: Rig) -> None:
    rig.transport.inject(with_token("readonly"))
    with pytest.raises(PermissionDeniedError) as info:
        await rig.client.post("/volumes", json=NEW_VOLUME)
    assert clean(info.value) == (
        "Permission denied for POST /v4/volumes: the token needs the scope volumes:read_write."
    )
    assert info.value.needed_scopes == ["volumes:read_write"]
    assert rig.logged("POST", "/volumes") == [403]
    assert rig.volumes_named("fault-vol") == 0
    await recovers(rig)
    assert (await rig.client.post("/volumes", json=NEW_VOLUME))["label"] == "fault-vol"
