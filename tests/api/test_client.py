from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from linode_tui import __version__
from linode_tui.api.client import ClientNotice, LinodeClient
from linode_tui.api.errors import (
    ApiTimeoutError,
    AuthError,
    BusyError,
    MaintenanceError,
    MalformedResponseError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    ReadOnlyError,
    ServerError,
    ValidationError,
)

BASE = "https://api.example.test/v4"


class Recorder:
    """A MockTransport handler that serves a scripted sequence of responses and records requests."""

    def __init__(self, *responses: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]):
        self.script = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(item, Exception):
            raise item
        if callable(item) and not isinstance(item, httpx.Response):
            return item(request)
        return item


def make(handler: Any, clock: Any, token: str | SecretStr | None = "tok", **kw: Any) -> LinodeClient:
    return LinodeClient(token, BASE, transport=httpx.MockTransport(handler), clock=clock.monotonic,
                        sleep=clock.sleep, wall=clock.wall, **kw)


def ok(body: Any = None, **headers: str) -> httpx.Response:
    return httpx.Response(200, json={} if body is None else body, headers=headers)


def err(status: int, reason: str = "x", headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"errors": [{"reason": reason}]}, headers=headers or {})


# -- headers, auth, repr -------------------------------------------------------------------------


async def test_request_headers_and_url(clock: Any, token: str) -> None:
    rec = Recorder(ok({"id": 1}))
    async with make(rec, clock, token) as api:
        assert await api.get("/linode/instances/1") == {"id": 1}
    req = rec.requests[0]
    assert str(req.url) == f"{BASE}/linode/instances/1"
    assert req.method == "GET"
    assert req.headers["Authorization"] == f"Bearer {token}"
    assert req.headers["User-Agent"] == f"linode-tui/{__version__}"
    assert req.headers["Accept"] == "application/json"
    assert "X-Filter" not in req.headers


async def test_secretstr_token_and_no_token(clock: Any) -> None:
    rec = Recorder(ok())
    async with make(rec, clock, None) as api:
        await api.get("/regions")
        assert not api.has_token
    assert "Authorization" not in rec.requests[0].headers
    rec2 = Recorder(ok())
    async with make(rec2, clock, SecretStr("abc-secret")) as api2:
        await api2.get("/regions")
    assert rec2.requests[0].headers["Authorization"] == "Bearer abc-secret"


async def test_x_filter_is_compact_json(clock: Any) -> None:
    rec = Recorder(ok({"data": [], "page": 1, "pages": 1, "results": 0}))
    flt = {"+and": [{"region": "us-east"}, {"label": {"+contains": "wéb"}}], "+order_by": "label"}
    async with make(rec, clock) as api:
        await api.get("/linode/instances", filter=flt, params={"page": 2})
    req = rec.requests[0]
    raw = req.headers["X-Filter"]
    assert " " not in raw.replace("us-east", "")
    assert json.loads(raw) == flt
    assert req.url.params["page"] == "2"


async def test_repr_never_shows_token(clock: Any, token: str) -> None:
    api = make(Recorder(ok()), clock, token)
    assert token not in repr(api)
    assert token not in str(api)
    assert "**********" in repr(api)
    assert token not in repr(api.__dict__)
    await api.aclose()


async def test_token_never_logged(clock: Any, token: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    rec = Recorder(ok(), err(502), err(401, "Invalid Token"), httpx.ConnectError(f"boom Bearer {token}"))
    async with make(rec, clock, token, max_retries=0) as api:
        await api.get("/a")
        for path in ("/b", "/c", "/d"):
            with pytest.raises((ServerError, AuthError, NetworkError)) as exc_info:
                await api.get(path, cache=False)
            assert token not in str(exc_info.value) and token not in repr(exc_info.value)
            cause = exc_info.value.__cause__
            assert cause is None or token not in str(cause)
    assert caplog.records, "expected debug logging"
    assert token not in caplog.text
    for record in caplog.records:
        assert token not in record.getMessage()


async def test_user_agent_version_matches_package(clock: Any) -> None:
    rec = Recorder(ok())
    async with make(rec, clock) as api:
        await api.post("/linode/instances/1/boot")
    assert rec.requests[0].headers["User-Agent"].endswith(__version__)


async def test_v4beta_path_goes_to_beta(clock: Any) -> None:
    rec = Recorder(ok())
    async with make(rec, clock) as api:
        await api.get("/v4beta/placement/groups")
        await api.get("/v4/regions")
    assert str(rec.requests[0].url) == "https://api.example.test/v4beta/placement/groups"
    assert str(rec.requests[1].url) == "https://api.example.test/v4/regions"


# -- decoding, scopes, counters ------------------------------------------------------------------


async def test_empty_and_204_bodies_decode_to_none(clock: Any) -> None:
    rec = Recorder(httpx.Response(204), httpx.Response(200, content=b""))
    async with make(rec, clock) as api:
        assert await api.get("/profile/grants", cache=False) is None
        assert await api.post("/linode/instances/1/boot") is None


async def test_html_200_raises_malformed(clock: Any) -> None:
    rec = Recorder(httpx.Response(200, content=b"<html>login</html>", headers={"content-type": "text/html"}))
    async with make(rec, clock) as api:
        with pytest.raises(MalformedResponseError, match="HTML page"):
            await api.get("/linode/instances")
        assert api.requests_sent == 1  # not retried


async def test_records_oauth_scopes(clock: Any) -> None:
    rec = Recorder(ok(**{"X-OAuth-Scopes": "linodes:read_only volumes:read_write"}))
    async with make(rec, clock) as api:
        assert not api.scopes.known and api.scopes.can("linodes:read_write")
        await api.get("/linode/instances/1")
        assert api.scopes.known
        assert api.scopes.can("linodes:read_only")
        assert not api.scopes.can("linodes:read_write")
        assert api.scopes.can("volumes:read_write")


async def test_requests_sent_counts_http_requests(clock: Any) -> None:
    rec = Recorder(ok())
    async with make(rec, clock) as api:
        await api.get("/a")
        await api.get("/a")  # cached
        await api.get("/a", force=True)
        await api.post("/b", json={"x": 1})
        assert api.requests_sent == 3 == len(rec.requests)
    assert json.loads(rec.requests[2].content) == {"x": 1}


# -- read-only mode ------------------------------------------------------------------------------


@pytest.mark.parametrize("verb", ["post", "put", "delete"])
async def test_read_only_refuses_before_sending(clock: Any, verb: str) -> None:
    rec = Recorder(ok())
    async with make(rec, clock, read_only=True) as api:
        with pytest.raises(ReadOnlyError) as info:
            if verb == "delete":
                await api.delete("/linode/instances/1")
            else:
                await getattr(api, verb)("/linode/instances/1", json={"label": "x"})
        assert api.requests_sent == 0
        with pytest.raises(ReadOnlyError):
            await api.request("PATCH", "/linode/instances/1")
        # reads still work
        await api.get("/linode/instances/1")
    assert [r.method for r in rec.requests] == ["GET"]
    assert info.value.method == verb.upper()
    assert "read-only" in str(info.value).lower()


# -- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 429, 502, 503, 504])
async def test_get_retried_on_transient_status(clock: Any, status: int) -> None:
    rec = Recorder(err(status), err(status), ok({"fine": True}))
    async with make(rec, clock) as api:
        assert await api.get("/linode/instances/1") == {"fine": True}
    assert len(rec.requests) == 3
    assert clock.sleeps == [0.5, 1.0]  # exponential backoff


@pytest.mark.parametrize("exc", [httpx.ConnectError("refused"), httpx.ReadError("reset"),
                                 httpx.ReadTimeout("slow")])
async def test_get_retried_on_network_errors(clock: Any, exc: Exception) -> None:
    rec = Recorder(exc, ok({"fine": True}))
    async with make(rec, clock) as api:
        assert await api.get("/x") == {"fine": True}
    assert len(rec.requests) == 2
    assert clock.sleeps == [0.5]


async def test_get_gives_up_after_max_retries(clock: Any) -> None:
    rec = Recorder(err(502, "bad gateway"))
    notices: list[ClientNotice] = []
    async with make(rec, clock, max_retries=3) as api:
        api.add_listener(notices.append)
        with pytest.raises(ServerError) as info:
            await api.get("/x")
    assert len(rec.requests) == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]
    assert info.value.status == 502
    assert [n.kind for n in notices] == ["retrying"] * 3 + ["error"]
    assert [n.attempt for n in notices] == [1, 2, 3, 4]
    assert "502" in notices[-1].message


async def test_timeout_maps_to_api_timeout_error(clock: Any) -> None:
    rec = Recorder(httpx.ConnectTimeout("too slow"))
    async with make(rec, clock, max_retries=1) as api:
        with pytest.raises(ApiTimeoutError):
            await api.get("/x")
    assert len(rec.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 500])
async def test_get_not_retried_on_other_errors(clock: Any, status: int) -> None:
    rec = Recorder(err(status))
    async with make(rec, clock) as api:
        with pytest.raises(Exception):  # noqa: B017 - the class is checked in test_errors
            await api.get("/x")
    assert len(rec.requests) == 1 and clock.sleeps == []


async def test_get_not_retried_on_maintenance(clock: Any) -> None:
    rec = Recorder(err(503, "down", {"X-Maintenance-Mode": "1"}))
    async with make(rec, clock) as api:
        with pytest.raises(MaintenanceError):
            await api.get("/x")
    assert len(rec.requests) == 1


async def test_retry_after_is_honoured(clock: Any) -> None:
    rec = Recorder(err(429, "Too many requests", {"Retry-After": "7"}), ok({"a": 1}))
    notices: list[ClientNotice] = []
    t0 = clock.wall()
    async with make(rec, clock) as api:
        api.add_listener(notices.append)
        assert await api.get("/x") == {"a": 1}
    assert clock.sleeps == [7.0]
    assert len(rec.requests) == 2
    # one notice for the 429 (carrying when the request goes again), none per retry, and the end
    assert [n.kind for n in notices] == ["rate_limited", "unthrottled"]
    assert notices[0].delay == 7.0
    assert notices[0].retry_at == t0 + 7.0
    assert notices[0].seconds_left(t0 + 2.5) == 5.0 and notices[0].seconds_left(t0 + 9) == 0.0


async def test_huge_retry_after_is_not_waited(clock: Any) -> None:
    rec = Recorder(err(429, "Too many requests", {"Retry-After": "3600"}))
    async with make(rec, clock) as api:
        with pytest.raises(RateLimitedError) as info:
            await api.get("/x")
    assert info.value.retry_after == 3600
    assert clock.sleeps == [] and len(rec.requests) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
async def test_post_never_retried_on_server_errors(clock: Any, status: int) -> None:
    rec = Recorder(err(status))
    async with make(rec, clock) as api:
        with pytest.raises(Exception):  # noqa: B017
            await api.post("/linode/instances/1/reboot")
    assert len(rec.requests) == 1 and clock.sleeps == []


async def test_post_never_retried_on_network_error(clock: Any) -> None:
    rec = Recorder(httpx.ReadTimeout("slow"))
    async with make(rec, clock) as api:
        with pytest.raises(OutcomeUnknownError) as info:
            await api.post("/linode/instances", json={"type": "g6-nanode-1"})
    assert isinstance(info.value.cause, ApiTimeoutError)
    assert str(info.value) == (
        "POST /linode/instances may have been applied: the Linode API did not answer in time. "
        "The outcome is unknown; check the resource or its events before trying again."
    )
    assert len(rec.requests) == 1


@pytest.mark.parametrize(
    "failure", [httpx.ConnectError("refused"), httpx.ConnectTimeout("no route"), httpx.PoolTimeout("full")]
)
async def test_post_that_never_left_is_not_outcome_unknown(clock: Any, failure: Exception) -> None:
    rec = Recorder(failure)
    async with make(rec, clock) as api:
        with pytest.raises(NetworkError) as info:
            await api.post("/linode/instances", json={})
    assert not isinstance(info.value, OutcomeUnknownError)
    assert info.value.sent is False
    assert len(rec.requests) == 1  # mutations are not retried on network errors at all


async def test_post_retried_on_429(clock: Any) -> None:
    rec = Recorder(err(429, "Too many requests", {"Retry-After": "3"}), ok({"id": 9}))
    async with make(rec, clock) as api:
        assert await api.post("/linode/instances", json={}) == {"id": 9}
    assert len(rec.requests) == 2 and clock.sleeps == [3.0]


async def test_mutations_retried_on_linode_busy_bounded(clock: Any) -> None:
    rec = Recorder(err(400, "Linode busy."))
    async with make(rec, clock) as api:
        with pytest.raises(BusyError):
            await api.delete("/linode/instances/1")
    assert len(rec.requests) == 3  # 1 + 2 retries
    assert len(clock.sleeps) == 2 and clock.sleeps[1] > clock.sleeps[0] > 0


async def test_put_retried_on_busy_then_succeeds(clock: Any) -> None:
    rec = Recorder(err(400, "Linode busy."), ok({"label": "new"}))
    async with make(rec, clock) as api:
        assert await api.put("/linode/instances/1", json={"label": "new"}) == {"label": "new"}
    assert len(rec.requests) == 2


async def test_client_errors_raise_without_error_notice(clock: Any) -> None:
    rec = Recorder(err(404, "Not found"))
    notices: list[ClientNotice] = []
    async with make(rec, clock) as api:
        api.add_listener(notices.append)
        with pytest.raises(NotFoundError):
            await api.get("/linode/instances/404")
    assert notices == []


async def test_post_validation_error_not_retried(clock: Any) -> None:
    rec = Recorder(httpx.Response(400, json={"errors": [{"reason": "bad", "field": "label"}]}))
    async with make(rec, clock) as api:
        with pytest.raises(ValidationError) as info:
            await api.post("/linode/instances", json={})
    assert info.value.field_errors == {"label": "bad"}
    assert len(rec.requests) == 1


# -- cache interplay -----------------------------------------------------------------------------


async def test_get_is_cached_within_ttl(clock: Any) -> None:
    rec = Recorder(ok({"v": 1}))
    async with make(rec, clock, cache_ttl=30) as api:
        await api.get("/linode/instances/1")
        clock.advance(29)
        await api.get("/linode/instances/1")
        assert api.requests_sent == 1
        clock.advance(2)
        await api.get("/linode/instances/1")
        assert api.requests_sent == 2
        await api.get("/linode/instances/1", cache=False)
        assert api.requests_sent == 3


async def test_mutation_invalidates_resource(clock: Any) -> None:
    rec = Recorder(lambda r: ok({"path": r.url.path, "method": r.method}))
    async with make(rec, clock) as api:
        await api.get("/linode/instances")
        await api.get("/linode/instances/123")
        await api.get("/linode/instances/123/disks")
        await api.get("/volumes")
        assert api.requests_sent == 4
        await api.post("/linode/instances/123/reboot")
        assert api.requests_sent == 5
        await api.get("/volumes")  # untouched
        assert api.requests_sent == 5
        await api.get("/linode/instances")
        await api.get("/linode/instances/123")
        await api.get("/linode/instances/123/disks")
        assert api.requests_sent == 8
        await api.delete("/volumes/5")
        await api.get("/volumes")
        assert api.requests_sent == 10


async def test_failed_mutation_with_unknown_outcome_invalidates(clock: Any) -> None:
    rec = Recorder(ok({"v": 1}), err(500), ok({"v": 2}))
    async with make(rec, clock) as api:
        assert await api.get("/volumes") == {"v": 1}
        with pytest.raises(OutcomeUnknownError) as info:
            await api.post("/volumes", json={})
        assert isinstance(info.value.cause, ServerError) and info.value.status == 500
        assert await api.get("/volumes") == {"v": 2}


async def test_refused_mutation_keeps_cache(clock: Any) -> None:
    rec = Recorder(ok({"v": 1}), err(404, "Not found"))
    async with make(rec, clock) as api:
        await api.get("/volumes")
        with pytest.raises(NotFoundError):
            await api.delete("/volumes/9")
        await api.get("/volumes")
        assert api.requests_sent == 2


async def test_client_invalidate_for_event(clock: Any) -> None:
    rec = Recorder(lambda r: ok({}))
    async with make(rec, clock) as api:
        await api.get("/volumes")
        await api.get("/linode/instances")
        entity = {"id": 5, "type": "volume", "url": "/v4/volumes/5"}
        prefixes = api.invalidate_for_event("volume_attach", entity)
        assert "/volumes" in prefixes
        await api.get("/volumes")
        await api.get("/linode/instances")
        assert api.requests_sent == 3


async def test_listener_errors_do_not_break_requests(clock: Any) -> None:
    rec = Recorder(err(502), ok({"a": 1}))

    def bad(_: ClientNotice) -> None:
        raise RuntimeError("listener bug")

    async with make(rec, clock) as api:
        api.add_listener(bad)
        assert await api.get("/x") == {"a": 1}


def test_secret_never_shows_its_value() -> None:
    from linode_tui.api.secret import Secret

    s = Secret("tok-123")
    assert s.get_secret_value() == "tok-123"
    shown = [repr(s), str(s), f"{s}", f"{s!r}", f"{s:>20}", repr([s]), repr({"t": s})]
    assert not any("tok-123" in x for x in shown)
    client = LinodeClient("tok-123", "http://x/v4")
    assert "tok-123" not in repr(client)
