"""Multipart uploads (a support ticket attachment) through the client's one choke point: refused in
read-only mode, retried only when the API certainly did not process them, audited by name and size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from linode_tui.api.audit import AuditLog
from linode_tui.api.client import LinodeClient, Upload
from linode_tui.api.errors import OutcomeUnknownError, ReadOnlyError, ValidationError
from linode_tui.sim import create_sim

from .conftest import TOKEN, json_response

SHOT = Upload("screen.png", b"\x89PNG\r\n\x1a\n" + b"secret-pixels" * 10, "image/png")


async def test_upload_is_stored_by_the_simulator_and_audited_without_content(tmp_path: Path) -> None:
    sim = create_sim(frozen=True)
    tid = next(iter(sim.world.tickets))
    audit = AuditLog(tmp_path / "audit.jsonl")
    async with sim.client("demo", audit=audit) as client:
        assert await client.upload(f"/support/tickets/{tid}/attachments", {"file": SHOT}) == {}
        ticket = await client.get(f"/support/tickets/{tid}", cache=False)
        with pytest.raises(ValidationError) as missing:  # no `file` part: 400 next to the field
            await client.upload(f"/support/tickets/{tid}/attachments", {"image": SHOT})
    assert "screen.png" in ticket["attachments"]
    assert sim.world.ticket_attachments[tid] == [{"name": "screen.png", "size": len(SHOT.content)}]
    assert missing.value.status == 400 and "file" in missing.value.field_errors
    first = next(e for e in audit.read() if e["status"] == 200)
    assert first["path"] == f"/support/tickets/{tid}/attachments" and first["status"] == 200
    assert first["body"] == {"file": {"filename": "screen.png", "size": len(SHOT.content),
                                      "content_type": "image/png"}}
    assert "secret-pixels" not in (tmp_path / "audit.jsonl").read_text()


async def test_read_only_refuses_an_upload_before_sending(tmp_path: Path) -> None:
    sim = create_sim(frozen=True)
    tid = next(iter(sim.world.tickets))
    audit = AuditLog(tmp_path / "audit.jsonl")
    async with sim.client("demo", audit=audit, read_only=True) as client:
        with pytest.raises(ReadOnlyError):
            await client.upload(f"/support/tickets/{tid}/attachments", {"file": SHOT})
    assert not [r for r in sim.request_log if r.method == "POST"] and audit.read() == []
    assert tid not in sim.world.ticket_attachments


async def test_an_upload_is_retried_after_429_with_the_same_parts(clock: Any) -> None:
    seen: list[bytes] = []
    answers = [json_response(429, {"errors": [{"reason": "Too many requests"}]}, {"Retry-After": "1"}),
               json_response(200, {})]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
        seen.append(request.read())
        return answers.pop(0)

    async with LinodeClient(TOKEN, "http://x/v4", transport=httpx.MockTransport(handler),
                            sleep=clock.sleep, clock=clock.monotonic, wall=clock.wall) as c:
        assert await c.upload("/support/tickets/1/attachments", {"file": SHOT}) == {}
    assert len(seen) == 2 and all(SHOT.content in body for body in seen)
    assert b'name="file"; filename="screen.png"' in seen[1]


async def test_an_upload_is_not_retried_when_the_api_may_have_taken_it(clock: Any) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return json_response(500, {"errors": [{"reason": "Internal error"}]})

    async with LinodeClient(TOKEN, "http://x/v4", transport=httpx.MockTransport(handler),
                            sleep=clock.sleep, clock=clock.monotonic, wall=clock.wall) as c:
        with pytest.raises(OutcomeUnknownError):
            await c.upload("/support/tickets/1/attachments", {"file": SHOT})
    assert calls == [1]


async def test_an_upload_has_one_body() -> None:
    transport = httpx.MockTransport(lambda r: json_response(200, {}))
    async with LinodeClient(TOKEN, "http://x/v4", transport=transport) as c:
        with pytest.raises(ValueError):
            await c.request("POST", "/support/tickets/1/attachments", json={}, files={"file": SHOT})
        with pytest.raises(ValueError):
            await c.request("GET", "/support/tickets/1", files={"file": SHOT})
