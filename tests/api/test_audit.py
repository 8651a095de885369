"""The audit log: what the client sends is written down (scrubbed), what it refuses is not; the
file rotates by size; follow-ups name the event a mutation caused."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import httpx
import pytest

from linode_tui.api.audit import REDACTED, AuditLog, default_audit_path, is_secret_field, scrub_body
from linode_tui.api.client import LinodeClient
from linode_tui.api.errors import NetworkError, ReadOnlyError, ValidationError
from linode_tui.api.events import EventPoller
from linode_tui.sim import create_sim

from .conftest import TOKEN, json_response

ED25519 = (
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop"
)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_default_path_follows_the_data_dir_override(tmp_path: Path) -> None:
    assert default_audit_path({"LINODE_TUI_DATA_DIR": str(tmp_path)}) == tmp_path / "audit.jsonl"
    home = default_audit_path({"HOME": str(tmp_path)})
    assert home == tmp_path / ".local" / "share" / "linode-tui" / "audit.jsonl"


@pytest.mark.parametrize(
    "name",
    ["root_pass", "password", "token", "api_key", "secret_key", "private_key", "ssl_key", "tfa_code",
     "otp_code", "user_data", "client_secret", "db_password", "install_code", "servicetoken"],
)
def test_secret_fields_are_recognised(name: str) -> None:
    assert is_secret_field(name)


@pytest.mark.parametrize("name", ["label", "region", "type", "image", "tags", "iso_code", "key", "booted"])
def test_ordinary_fields_are_kept(name: str) -> None:
    assert not is_secret_field(name)


def test_scrub_body_redacts_at_any_depth_and_fingerprints_public_keys() -> None:
    body = {
        "label": "web-1",
        "root_pass": "hunter2hunter2",
        "metadata": {"user_data": "I2Nsb3VkLWNvbmZpZw=="},
        "authorized_keys": [ED25519],
        "configs": [{"devices": {}, "password": "x-pass-1"}],
        "note": f"my token is {TOKEN}",
        "empty_password": "",
    }
    clean = scrub_body(body, secrets=(TOKEN,))
    text = json.dumps(clean)
    for secret in ("hunter2hunter2", "I2Nsb3VkLWNvbmZpZw==", "x-pass-1", TOKEN, "AAAAC3Nza"):
        assert secret not in text
    assert clean["label"] == "web-1"
    assert clean["root_pass"] == REDACTED and clean["metadata"]["user_data"] == REDACTED
    assert clean["configs"][0]["password"] == REDACTED
    assert clean["authorized_keys"][0].startswith("ssh-ed25519 SHA256:")
    assert clean["empty_password"] == ""  # nothing to hide
    assert body["root_pass"] == "hunter2hunter2"  # the body that is sent is not changed


async def test_a_sent_mutation_is_one_scrubbed_line(tmp_path: Path) -> None:
    sim = create_sim(linodes=3, frozen=True)
    audit = AuditLog(tmp_path / "audit.jsonl", profile="work")
    async with sim.client("demo", audit=audit) as client:
        await client.get("/profile")  # the client learns the user; GETs are never logged
        lin = (await client.get_page("/linode/instances")).data[0]
        with client.audit_context(confirmation=lin["label"], action="Rebuild"):
            await client.post(f"/linode/instances/{lin['id']}/rebuild",
                              json={"image": "linode/debian12", "root_pass": "S3cret-Root-Pass!",
                                    "authorized_keys": [ED25519]})
        await client.get("/linode/instances")
    [entry] = lines(tmp_path / "audit.jsonl")
    assert entry["method"] == "POST" and entry["path"] == f"/linode/instances/{lin['id']}/rebuild"
    assert entry["status"] == 200 and entry["error"] is None and entry["attempts"] == 1
    assert entry["profile"] == "work" and entry["user"] == "demo-user"
    assert entry["confirmation"] == lin["label"] and entry["action"] == "Rebuild"
    assert entry["body"]["root_pass"] == REDACTED and entry["body"]["image"] == "linode/debian12"
    assert entry["api"] == "http://sim/v4" and entry["time"].endswith("Z")
    raw = (tmp_path / "audit.jsonl").read_text()
    assert "S3cret-Root-Pass!" not in raw and "demo" not in raw.replace("demo-user", "")
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "audit.jsonl").stat().st_mode) == 0o600


async def test_the_api_error_is_recorded(tmp_path: Path) -> None:
    sim = create_sim(linodes=3, frozen=True)
    audit = AuditLog(tmp_path / "audit.jsonl")
    async with sim.client("demo", audit=audit) as client:
        with pytest.raises(ValidationError):
            await client.post("/linode/instances", json={"region": "nowhere", "type": "g6-nanode-1",
                                                        "root_pass": "Another-Secret-9"})
    [entry] = audit.read()
    assert entry["status"] == 400 and "region" in entry["error"]
    assert entry["event_id"] is None
    assert "Another-Secret-9" not in (tmp_path / "audit.jsonl").read_text()


async def test_refused_before_sending_is_not_logged(tmp_path: Path) -> None:
    sim = create_sim(linodes=3, frozen=True)
    audit = AuditLog(tmp_path / "audit.jsonl")
    async with sim.client("demo", audit=audit, read_only=True) as client:
        with pytest.raises(ReadOnlyError):
            await client.post("/linode/instances/1/reboot")
    assert audit.read() == [] and not (tmp_path / "audit.jsonl").exists()
    assert not [r for r in sim.request_log if r.method == "POST"]


async def test_no_connection_means_nothing_was_sent(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    audit = AuditLog(tmp_path / "audit.jsonl")
    async with LinodeClient(TOKEN, "http://x/v4", transport=httpx.MockTransport(refuse), audit=audit) as c:
        with pytest.raises(NetworkError):
            await c.post("/volumes", json={"label": "v"})
    assert audit.read() == []


async def test_a_retried_mutation_is_one_entry_with_its_attempts(tmp_path: Path, clock: Any) -> None:
    answers = [json_response(429, {"errors": [{"reason": "Too many requests"}]}, {"Retry-After": "1"}),
               json_response(200, {"id": 5, "label": "v"})]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    audit = AuditLog(tmp_path / "audit.jsonl")
    async with LinodeClient(TOKEN, "http://x/v4", transport=httpx.MockTransport(handler), audit=audit,
                            sleep=clock.sleep, clock=clock.monotonic, wall=clock.wall) as c:
        await c.post("/volumes", json={"label": "v"})
    [entry] = audit.read()
    assert entry["attempts"] == 2 and entry["status"] == 200


async def test_the_event_a_mutation_caused_is_attached(tmp_path: Path) -> None:
    sim = create_sim(linodes=4, frozen=True)
    audit = AuditLog(tmp_path / "audit.jsonl")
    async with sim.client("demo", audit=audit) as client:
        poller = EventPoller(client)
        await poller.poll_once()  # baseline
        page = await client.get_page("/linode/instances")
        lin = next(li for li in page.data if li["status"] == "running" and "fail" not in li["label"])
        other = next(li for li in page.data if li["id"] != lin["id"])
        await client.put(f"/linode/instances/{other['id']}", json={"tags": ["audited"]})
        await client.post(f"/linode/instances/{lin['id']}/reboot")
        vol = await client.post("/volumes", json={"label": "audit-vol", "region": lin["region"], "size": 20})
        updates = await poller.poll_once()
    events = {(u.event.get("action"), (u.event.get("entity") or {}).get("id")): u.event_id
              for u in updates if u.kind in ("new", "notification")}
    entries = {e["path"]: e for e in audit.read()}
    reboot = entries[f"/linode/instances/{lin['id']}/reboot"]
    assert reboot["event_id"] == events[("linode_reboot", lin["id"])]
    assert entries["/volumes"]["event_id"] == events[("volume_create", vol["id"])]
    assert entries[f"/linode/instances/{other['id']}"]["event_id"] == events[("linode_update", other["id"])]
    # Follow-ups are separate lines: the log is only ever appended to.
    raw = lines(tmp_path / "audit.jsonl")
    assert sum(1 for r in raw if "follow_up" in r) == 3


def test_rotation_keeps_a_few_old_files(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl", max_bytes=2048, backups=2)
    for n in range(60):
        audit.record("POST", f"/volumes/{n}/resize", body={"size": n}, status=200)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"]
    assert all(p.stat().st_size <= 2048 for p in tmp_path.iterdir())
    newest = audit.read(limit=5)
    assert [e["path"] for e in newest] == [f"/volumes/{n}/resize" for n in range(59, 54, -1)]
    everything = audit.read(limit=None)
    assert 10 < len(everything) < 60  # the oldest were rotated away
    assert [e["body"]["size"] for e in everything] == sorted((e["body"]["size"] for e in everything),
                                                               reverse=True)


def test_read_skips_torn_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    audit = AuditLog(path)
    audit.record("DELETE", "/volumes/1", status=200)
    with path.open("a") as fh:
        fh.write('{"method": "POST", "pa\n[1, 2]\n')
    audit.record("DELETE", "/volumes/2", status=200)
    assert [e["path"] for e in audit.read()] == ["/volumes/2", "/volumes/1"]


async def test_an_unwritable_log_never_breaks_the_request(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    sim = create_sim(linodes=2, frozen=True)
    audit = AuditLog(blocker / "audit.jsonl")
    async with sim.client("demo", audit=audit) as client:
        lin = (await client.get_page("/linode/instances")).data[0]
        await client.put(f"/linode/instances/{lin['id']}", json={"label": "renamed-1"})
    assert audit.last_error is not None and "not-a-dir" in audit.last_error
    assert audit.read() == []


async def test_security_question_answers_are_never_written(tmp_path: Path) -> None:
    """``response`` is secret in the bodies of POST /profile/security-questions only (a per-path
    rule): the answers are redacted, the question ids kept; a ``response`` elsewhere stays."""
    sim = create_sim(linodes=1, frozen=True)
    audit = AuditLog(tmp_path / "audit.jsonl")
    answers = [{"question_id": 1, "response": "Fluffy the first"},
               {"question_id": 2, "response": "Elm Street 12"},
               {"question_id": 3, "response": "Ms Crabtree"}]
    async with sim.client("demo", audit=audit) as client:
        await client.post("/profile/security-questions", json={"security_questions": answers})
    [entry] = audit.read()
    assert entry["path"] == "/profile/security-questions" and entry["status"] == 200
    assert entry["body"] == {"security_questions": [{"question_id": 1, "response": REDACTED},
                                                    {"question_id": 2, "response": REDACTED},
                                                    {"question_id": 3, "response": REDACTED}]}
    raw = (tmp_path / "audit.jsonl").read_text()
    assert "Fluffy" not in raw and "Elm Street" not in raw and "Crabtree" not in raw
    sent = [r for r in sim.request_log if r.method == "POST"]
    assert json.loads(sent[-1].body)["security_questions"] == answers  # the API still gets them
    # The rule is the path's: the same name elsewhere (a Managed service's expected response) stays.
    assert scrub_body({"body": "ok", "response": "200 OK"}, path="/managed/services") == {
        "body": "ok", "response": "200 OK"}
    assert is_secret_field("response", "/v4/profile/security-questions")
    assert not is_secret_field("response")
