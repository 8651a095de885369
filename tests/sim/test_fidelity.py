"""Simulator fidelity: its clock (start, seeded times, the Date header) and behaviours of the real API
the spec does not tell (API-NOTES): int secondary entity ids, the empty-list envelope, extra
filterable fields, OAuth client thumbnails as real PNGs."""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
import zlib
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.sim.clock import DEFAULT_START, parse_start, resolve_start
from linode_tui.sim.png import identicon_png, is_png

REPO = Path(__file__).resolve().parents[2]
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")
DAY = 86400.0


def iso_epoch(text: str) -> float:
    from datetime import UTC, datetime

    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC).timestamp()


# ----------------------------------------------------------------------------- where the clock starts


def test_start_values() -> None:
    assert parse_start("2025-01-15T12:00:00") == DEFAULT_START
    assert parse_start("2025-01-15T12:00:00Z") == DEFAULT_START
    assert parse_start("2025-01-15T14:00:00+02:00") == DEFAULT_START
    assert parse_start("2025-01-15") == DEFAULT_START - 12 * 3600
    for bad in ("tomorrow", "2025-13-01", "", "1900-01-01"):
        with pytest.raises(ValueError):
            parse_start(bad)
    assert resolve_start(None, now=lambda: 1_800_000_000.7) == 1_800_000_000.0
    assert resolve_start("2025-01-15T12:00:00") == DEFAULT_START
    assert resolve_start(1234.0) == 1234.0


def test_cli_sim_start_flag() -> None:
    from linode_tui.cli import build_sim_parser

    p = build_sim_parser()
    assert p.parse_args([]).start is None  # → the real current time
    assert p.parse_args(["--start", "2025-01-15T12:00:00"]).start == DEFAULT_START


def _seeded_times(sim: Simulator) -> dict[str, float]:
    """Every seeded timestamp of the account a user sees, by a stable path through the JSON."""
    out: dict[str, float] = {}
    w = sim.world
    lid = next(iter(w.linodes))

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{prefix}.{k}", v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{prefix}[{i}]", v)
        elif isinstance(value, str) and ISO.match(value):
            out[prefix] = iso_epoch(value)

    sources: dict[str, Any] = {
        "linodes": w.linodes,
        "events": w.events,
        "maintenance": w.maintenance,
        "logins": w.logins,
        "users": w.users,
        "invoices": w.invoices,
        "payments": w.payments,
        "volumes": w.volumes,
        "domains": w.domains,
        "tickets": w.tickets,
        "lke": w.lke_clusters,
        "buckets": {f"{k[0]}/{k[1]}": v for k, v in w.buckets.items()},
        "backups": w.backups(lid),
        "sshkeys": w.sshkeys,
        "apps": w.apps,
    }
    for name, value in sources.items():
        walk(name, value)
    return out


def test_seeded_timestamps_are_relative_to_the_start() -> None:
    a = create_sim(seed=3, linodes=20, frozen=True, start=DEFAULT_START)
    later = DEFAULT_START + 500 * DAY + 3600 * 7
    b = create_sim(seed=3, linodes=20, frozen=True, start=later)
    ta, tb = _seeded_times(a), _seeded_times(b)
    assert len(ta) > 150 and ta.keys() == tb.keys()
    shifted = {k for k in ta if tb[k] - ta[k] == later - DEFAULT_START}
    assert shifted == set(ta), sorted(set(ta) - shifted)[:10]
    # objects named after dates are named after the start's dates too
    names_b = [o["name"] for objs in b.world.bucket_objects.values() for o in objs]
    assert not any("2024-12" in n for n in names_b)


def test_the_account_looks_current_at_any_start() -> None:
    start = float(int(time.time()))
    sim = create_sim(seed=1, linodes=30, frozen=True, start=start)
    times = _seeded_times(sim)
    created = [t for k, t in times.items() if k.endswith((".created", ".updated"))]
    assert created and max(created) <= start and min(created) >= start - 4 * 365 * DAY
    newest_linode = max(iso_epoch(x["created"]) for x in sim.world.linodes.values())
    assert start - newest_linode < 180 * DAY  # every age read "685 d" or more with the old fixed start
    windows = [iso_epoch(m["when"]) for m in sim.world.maintenance]
    assert windows and all(t > start for t in windows)  # upcoming maintenance is in the future


async def test_date_header_is_the_sim_clock() -> None:
    sim = create_sim(linodes=3, frozen=True)
    async with sim.http_client() as c:
        r = await c.get("/profile")
        assert parsedate_to_datetime(r.headers["date"]).timestamp() == DEFAULT_START
        sim.clock.advance(3725.4)
        r = await c.get("/nope")  # errors carry it too
        assert r.status_code == 404
        assert parsedate_to_datetime(r.headers["date"]).timestamp() == DEFAULT_START + 3725
    assert len(r.headers.get_list("date")) == 1


async def test_client_server_now_follows_a_simulator_started_elsewhere_in_time() -> None:
    """The demo's client uses the sim clock as wall clock; a client on the real clock (talking to
    `linode-tui sim --start …`) learns the offset from the Date header."""
    sim = create_sim(linodes=3, frozen=True)  # 2025-01-15, while this machine says today
    async with sim.client("demo") as client:
        await client.get("/profile", cache=False)
        assert client.server_now() == pytest.approx(DEFAULT_START, abs=1.0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(*args: str) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "linode_tui", "sim", "--port", str(port), "--linodes", "8", *args],
        cwd=REPO, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    return proc, port


def _get(port: int, path: str) -> httpx.Response:
    deadline = time.monotonic() + 20
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/v4{path}", headers={"Authorization": "Bearer demo"},
                             timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_linode_tui_sim_starts_now_or_at_start() -> None:
    now_proc, now_port = _serve()
    fixed_proc, fixed_port = _serve("--start", "2025-01-15T12:00:00")
    try:
        assert now_proc.stdout is not None and fixed_proc.stdout is not None
        assert "clock from 2025-01-15T12:00:00" in fixed_proc.stdout.readline()
        r = _get(now_port, "/account/events?page_size=25")
        served = parsedate_to_datetime(r.headers["date"]).timestamp()
        assert abs(served - time.time()) < 60
        newest = max(iso_epoch(e["created"]) for e in r.json()["data"])
        assert served - 3 * DAY < newest <= served + 1  # recent history, not last year's
        r = _get(fixed_port, "/profile")
        assert DEFAULT_START <= parsedate_to_datetime(r.headers["date"]).timestamp() < DEFAULT_START + 60
    finally:
        for proc in (now_proc, fixed_proc):
            proc.terminate()
            proc.wait(10)


# ----------------------------------------------------------------------------- real-API behaviours


@pytest.fixture(scope="module")
def sim() -> Simulator:
    return create_sim(seed=5, linodes=20, frozen=True)


async def test_secondary_entity_ids_are_ints_for_configs_and_disks(sim: Simulator) -> None:
    sim.clock.advance(3600)  # the seeded job in flight is over
    lid = next(x["id"] for x in sim.world.linodes.values()
               if x["status"] == "running" and "fail" not in x["label"] and x["lke_cluster_id"] is None)
    async with sim.http_client() as c:
        disks = (await c.get(f"/linode/instances/{lid}/disks")).json()["data"]
        swap = next(d for d in disks if d["filesystem"] == "swap")
        r = await c.delete(f"/linode/instances/{lid}/disks/{swap['id']}")  # a disk_delete job
        assert r.status_code == 200, r.text
        sim.clock.advance(600)
        assert (await c.post(f"/linode/instances/{lid}/reboot")).status_code == 200
        sim.clock.advance(600)
        r = await c.get("/account/events", headers={"X-Filter": json.dumps({"entity.id": lid})})
    seconds = [e["secondary_entity"] for e in r.json()["data"] if e["secondary_entity"]]
    by_type = {s["type"]: s for s in seconds}
    assert {"linode_config", "disks"} <= by_type.keys()
    for s in seconds:
        if s["type"] in ("linode_config", "disks"):
            assert type(s["id"]) is int and s["url"].endswith(f"/{s['id']}")


async def test_seeded_history_has_int_config_ids(sim: Simulator) -> None:
    configs = [e["secondary_entity"] for e in sim.world.events.values()
               if (e["secondary_entity"] or {}).get("type") == "linode_config"]
    assert configs and all(type(s["id"]) is int for s in configs)
    images = [e["secondary_entity"] for e in sim.world.events.values()
              if (e["secondary_entity"] or {}).get("type") == "image"]
    assert images and all(isinstance(s["id"], str) and "/" in s["id"] for s in images)


async def test_empty_lists_have_the_documented_envelope(sim: Simulator) -> None:
    """API-NOTES §2.1: an empty list is ``{"data": [], "page": 1, "pages": 1, "results": 0}`` (the most
    common recorded form; ``pages: 0`` also occurs, and the client accepts both)."""
    async with sim.http_client() as c:
        r = await c.get("/linode/instances", headers={"X-Filter": json.dumps({"label": "no-such-linode"})})
        assert r.json() == {"data": [], "page": 1, "pages": 1, "results": 0}
        r = await c.get("/linode/instances?page=3", headers={"X-Filter": json.dumps({"label": "nope"})})
        assert r.json() == {"data": [], "page": 3, "pages": 1, "results": 0}


@pytest.mark.parametrize(
    ("path", "xfilter"),
    [
        ("/networking/ips", {"linode_id": "LID"}),
        ("/networking/ips", {"reserved": False}),
        ("/networking/ipv6/ranges", {"region": "us-east"}),
        ("/placement/groups", {"id": "PGID"}),
    ],
)
async def test_fields_the_real_api_filters_beyond_the_spec(
    sim: Simulator, path: str, xfilter: dict[str, Any]
) -> None:
    lid = next(iter(sim.world.linodes))
    pgid = next(iter(sim.world.placement_groups), None)
    assert pgid is not None  # the seeded account has placement groups
    ids = {"LID": lid, "PGID": pgid}
    xfilter = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in xfilter.items()}
    async with sim.http_client() as c:
        everything = (await c.get(path, params={"page_size": 500})).json()
        r = await c.get(path, params={"page_size": 500}, headers={"X-Filter": json.dumps(xfilter)})
        assert r.status_code == 200, r.text
        got = r.json()["data"]
        ((field, value),) = xfilter.items()
        expected = [x for x in everything["data"] if x.get(field) == value]
        assert got == expected and got  # really filtered, and something matched
        # a field neither the spec nor the allow-list names still gets the real 400
        r = await c.get(path, headers={"X-Filter": json.dumps({"gateway": "x"})})
        assert r.status_code == 400 and r.json()["errors"][0]["reason"] == "Cannot filter on gateway"


async def test_linode_ips_filter_selects_one_linodes_addresses(sim: Simulator) -> None:
    lid = next(x["id"] for x in sim.world.linodes.values() if len(x["ipv4"]) > 1)
    async with sim.http_client() as c:
        r = await c.get("/networking/ips", headers={"X-Filter": json.dumps({"linode_id": lid})})
    addresses = {ip["address"] for ip in r.json()["data"]}
    assert set(sim.world.linodes[lid]["ipv4"]) <= addresses
    assert {ip["linode_id"] for ip in r.json()["data"]} == {lid}


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, raw scanlines) of an 8-bit RGB PNG, checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    kinds = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        kinds.append(kind)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 2)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    return width, height, zlib.decompress(idat)


async def test_oauth_client_thumbnail_is_a_png(sim: Simulator) -> None:
    async with sim.http_client() as c:
        cid = (await c.get("/account/oauth-clients")).json()["data"][0]["id"]
        r = await c.get(f"/account/oauth-clients/{cid}/thumbnail")
        assert r.status_code == 200
        assert r.headers["content-type"] == "image/png"
        width, height, raw = _png_pixels(r.content)
        assert (width, height) == (64, 64) and len(raw) == height * (1 + 3 * width)
        stride = 1 + 3 * width
        colours = {raw[y * stride + 1 + 3 * x:y * stride + 4 + 3 * x]
                   for y in range(height) for x in range(width)}
        assert len(colours) == 2  # an identicon: a pattern in one colour on a light background
        # an upload replaces it; something that is not a PNG is refused
        mine = identicon_png("my-own-logo", 32)
        r = await c.put(f"/account/oauth-clients/{cid}/thumbnail", content=mine,
                        headers={"Content-Type": "image/png"})
        assert r.status_code == 200 and r.json() == {}
        assert (await c.get(f"/account/oauth-clients/{cid}/thumbnail")).content == mine
        r = await c.put(f"/account/oauth-clients/{cid}/thumbnail", content=b"GIF89a....",
                        headers={"Content-Type": "image/png"})
        assert r.status_code == 400 and "PNG" in r.json()["errors"][0]["reason"]
    async with sim.http_client(token="readonly") as c:
        r = await c.put(f"/account/oauth-clients/{cid}/thumbnail", content=mine,
                        headers={"Content-Type": "image/png"})
        assert r.status_code in (401, 403)


def test_png_helpers() -> None:
    a, b = identicon_png("a"), identicon_png("b")
    assert is_png(a) and is_png(b) and a != b and identicon_png("a") == a
    assert not is_png(a[:-1]) and not is_png(b"not a png")
    broken = bytearray(a)
    broken[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    assert not is_png(bytes(broken))
    with pytest.raises(ValueError):
        identicon_png("x", 2)
