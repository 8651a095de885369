"""The real simulator (create_sim) in process and served over HTTP by uvicorn."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from linode_tui.sim import Simulator, create_sim

REPO = Path(__file__).resolve().parents[2]

_HANDLERS = importlib.util.find_spec("linode_tui.sim.handlers")

pytestmark = pytest.mark.skipif(
    _HANDLERS is None or _HANDLERS.origin is None,
    reason="linode_tui.sim.handlers (the WORLD helper's area handlers) is not written yet",
)


@pytest.fixture(scope="module")
def sim() -> Simulator:
    return create_sim(seed=7, linodes=60, frozen=True)


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_in_process_listing_and_headers(sim: Simulator) -> None:
    async with sim.http_client() as c:
        r = await c.get("/linode/instances", params={"page": 2, "page_size": 25})
        beta = await c.get("https://sim/v4beta/linode/instances", params={"page_size": 25})
    assert r.status_code == 200
    body = r.json()
    assert (body["page"], body["pages"], body["results"]) == (2, 3, 60)
    assert len(body["data"]) == 25
    assert r.headers["x-oauth-scopes"] == "*"
    assert r.headers["x-accepted-oauth-scopes"] == "linodes:read_only"
    for h in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
        assert h in r.headers
    assert beta.status_code == 200 and beta.json()["results"] == 60


async def test_in_process_filter_on_world_data(sim: Simulator) -> None:
    async with sim.http_client() as c:
        everything = (await c.get("/linode/instances", params={"page_size": 100})).json()["data"]
        region = everything[0]["region"]
        r = await c.get("/linode/instances", params={"page_size": 100},
                        headers={"X-Filter": f'{{"region": "{region}"}}'})
        bad = await c.get("/linode/instances", headers={"X-Filter": '{"status": "running"}'})
        ordered = await c.get("/linode/instances", params={"page_size": 100},
                              headers={"X-Filter": '{"+order_by": "label", "+order": "desc"}'})
    assert r.json()["results"] == sum(1 for x in everything if x["region"] == region)
    assert all(x["region"] == region for x in r.json()["data"])
    assert bad.status_code == 400
    assert bad.json() == {"errors": [{"reason": "Cannot filter on status", "field": "X-Filter"}]}
    labels = [x["label"] for x in ordered.json()["data"]]
    assert labels == sorted(labels, reverse=True)


async def test_tokens(sim: Simulator) -> None:
    async with sim.http_client(token=None) as c:
        anon = await c.get("/linode/instances")
        regions = await c.get("/regions")
        ro = await c.post("/linode/instances/1/boot", headers=auth("readonly"))
        ro_get = await c.get("/linode/instances", headers=auth("readonly"))
        bad = await c.get("/profile", headers=auth("nope"))
    assert anon.status_code == 401 and anon.json() == {"errors": [{"reason": "Invalid Token"}]}
    assert regions.status_code == 200 and regions.json()["results"] > 0
    assert ro.status_code == 403 and ro.json() == {"errors": [{"reason": "Unauthorized"}]}
    assert ro.headers["x-accepted-oauth-scopes"] == "linodes:read_write"
    assert ro_get.status_code == 200
    assert bad.status_code == 401
    assert sim.world.token_info("restricted") is not None


async def test_request_log_and_error_log(sim: Simulator) -> None:
    before = len(sim.request_log)
    async with sim.http_client() as c:
        await c.get("/account")
    entry = sim.request_log[before]
    assert (entry.method, entry.path, entry.status, entry.token_name) == ("GET", "/account", 200, "demo")
    assert sim.error_log == []


async def test_set_faults_at_run_time() -> None:
    s = create_sim(seed=3, linodes=5, frozen=True)
    async with s.http_client() as c:
        s.set_faults("maintenance")
        m = await c.get("/linode/instances")
        s.set_faults("ratelimited")
        codes = [(await c.get("/linode/instances")).status_code for _ in range(40)]
        s.set_faults(None)
        s.clock.advance(60)
        ok = await c.get("/linode/instances")
    assert m.status_code == 503 and m.headers["x-maintenance-mode"] == "all"
    assert 429 in codes and codes[0] == 200
    assert ok.status_code == 200 and ok.headers["x-ratelimit-limit"] == "1600"


async def test_create_sim_options() -> None:
    sleeps: list[float] = []

    async def fake_sleep(s: float) -> None:
        sleeps.append(s)

    s = create_sim(linodes=3, frozen=True, latency_ms=40, rate_limits={"default": 2}, sleep=fake_sleep)
    async with s.http_client() as c:
        codes = [(await c.get("/linode/instances")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert sleeps == [0.04] * 3
    assert s.clock.frozen and s.clock.now() == s.clock.start


async def test_linode_client_bound_in_process(sim: Simulator) -> None:
    client = sim.client()
    try:
        page = await client.get_page("/linode/instances", page=1, page_size=25)
        assert page.results == 60 and page.pages == 3 and len(page.data) == 25
        everything = await client.list_all("/linode/instances", page_size=25)
        assert len(everything) == 60 and len({x["id"] for x in everything}) == 60
    finally:
        await client.aclose()


# ---------------------------------------------------------------------------------------------
# over real HTTP


def test_served_over_http_by_uvicorn_thread() -> None:
    from linode_tui.sim.serve import ServerThread

    s = create_sim(seed=2, linodes=40)
    with ServerThread(s, "127.0.0.1", 0) as server, httpx.Client(base_url=server.url, timeout=10) as c:
        assert server.port > 0
        r = c.get("/linode/instances", params={"page_size": 25}, headers=auth("demo"))
        beta = c.get(f"http://127.0.0.1:{server.port}/v4beta/regions")
        anon = c.get("/linode/instances")
        post = c.post("/linode/instances/1/boot", content=b"{bad", headers=auth("demo"))
    assert not server.thread.is_alive()
    assert r.status_code == 200 and r.json()["results"] == 40 and len(r.json()["data"]) == 25
    assert r.headers["content-type"] == "application/json"
    assert "x-ratelimit-remaining" in r.headers
    assert beta.status_code == 200
    assert anon.status_code == 401
    assert post.status_code in (400, 404)
    assert [e.status for e in s.request_log[:3]] == [200, 200, 401]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_entry_point_subprocess() -> None:
    """`python -m linode_tui.sim.serve` (what `linode-tui sim` runs) serves, prints the recipe, stops."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "linode_tui.sim.serve", "--port", str(port), "--linodes", "12", "--seed", "4"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        recipe = [proc.stdout.readline(), proc.stdout.readline()]
        assert f"http://127.0.0.1:{port}/v4" in first
        assert any(f"LINODE_CLI_API_HOST=127.0.0.1:{port}" in line for line in recipe)
        deadline = time.monotonic() + 20
        r = None
        while time.monotonic() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/v4/linode/instances", headers=auth("demo"), timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert r is not None and r.status_code == 200 and r.json()["results"] == 12
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    assert proc.returncode is not None
