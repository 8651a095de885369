"""The official Linode clients, unmodified, against the simulator served over HTTP.

The simulator runs in a uvicorn thread on 127.0.0.1 (ephemeral port, frozen clock so lifecycles move
only when the test advances them) and is driven by

* ``linode-cli`` (5.69.0, the venv's console script) as a subprocess, configured only by its
  environment (``LINODE_CLI_TOKEN``/``LINODE_CLI_API_HOST``/``LINODE_CLI_API_SCHEME``) with ``HOME``
  and ``XDG_CONFIG_HOME`` in a temporary directory, so it neither prompts nor reads user config;
* ``linode_api4`` (``LinodeClient("demo", base_url=...)``) in process.

A small ASGI shim in front of the simulator records the ``X-Filter`` header of every request, to
show that filters travel to the server (the simulator's own request log keeps no headers).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs

import pytest

from linode_tui.sim import Simulator, create_sim
from linode_tui.sim.serve import ServerThread

pytestmark = pytest.mark.realclient

LINODE_CLI = Path(sys.executable).parent / "linode-cli"
N_LINODES = 620  # > 500: several pages for linode-cli --all-rows (500 a page) and linode_api4 (100)

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    x_filter: Any


class HeaderLog:
    """ASGI middleware: remember each request's method, path, query and decoded X-Filter."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        self.seen: list[Seen] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            raw = headers.get("x-filter")
            self.seen.append(Seen(scope["method"], scope["path"],
                                  parse_qs(scope.get("query_string", b"").decode("latin-1")),
                                  json.loads(raw) if raw else None))
        await self.app(scope, receive, send)

    def gets(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == "GET" and s.path == path]


@dataclass
class Served:
    sim: Simulator
    log: HeaderLog
    port: int
    home: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v4"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    sim = create_sim(seed=7, linodes=N_LINODES, frozen=True)
    log = HeaderLog(sim.app)
    # ServerThread serves ``.app`` of what it is given: the simulator behind the recording shim
    server = ServerThread(SimpleNamespace(app=log), host="127.0.0.1", port=0)  # type: ignore[arg-type]
    server.start()
    try:
        assert server.port != 0
        yield Served(sim, log, server.port, tmp_path_factory.mktemp("clihome"))
    finally:
        server.stop()
        assert not server.thread.is_alive(), "the simulator's server thread did not stop"
    assert not sim.error_log, sim.error_log[-1]


# ------------------------------------------------------------------------------------------- linode-cli

needs_cli = pytest.mark.skipif(not LINODE_CLI.exists(), reason="linode-cli is not installed in the venv")


def cli(served: Served, *args: str) -> Any:
    """Run ``linode-cli --suppress-warnings ARGS --json`` against the simulator; the decoded output."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(served.home),
        "XDG_CONFIG_HOME": str(served.home / ".config"),
        "LINODE_CLI_TOKEN": "demo",
        "LINODE_CLI_API_HOST": f"127.0.0.1:{served.port}",
        "LINODE_CLI_API_SCHEME": "http",
        "LANG": "C.UTF-8",
    }
    proc = subprocess.run([str(LINODE_CLI), "--suppress-warnings", *args, "--json"], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, f"linode-cli {' '.join(args)} → {proc.returncode}\n{proc.stderr[-2000:]}"
    return json.loads(proc.stdout) if proc.stdout.strip() else None


@needs_cli
def test_cli_lists_every_linode_across_pages(served: Served) -> None:
    world = served.sim.world
    before = len(served.log.gets("/v4/linode/instances"))
    rows = cli(served, "linodes", "list", "--all-rows")
    assert len(rows) == len(world.linodes) == N_LINODES
    assert {r["id"] for r in rows} == set(world.linodes)
    seen = served.log.gets("/v4/linode/instances")[before:]
    assert sorted(s.query["page"][0] for s in seen) == ["1", "2"]  # 620 at 500 a page
    assert {s.query["page_size"][0] for s in seen} == {"500"}


@needs_cli
def test_cli_filters_by_region_on_the_server(served: Served) -> None:
    world = served.sim.world
    region = "us-east"
    expected = {lid for lid, ln in world.linodes.items() if ln["region"] == region}
    assert 0 < len(expected) < len(world.linodes)
    rows = cli(served, "linodes", "list", "--region", region, "--all-rows")
    assert {r["id"] for r in rows} == expected
    assert all(r["region"] == region for r in rows)
    assert served.log.gets("/v4/linode/instances")[-1].x_filter == {"region": region}


@needs_cli
def test_cli_views_boots_and_shuts_down(served: Served) -> None:
    sim = served.sim
    world = sim.world
    plain = [ln for ln in world.linodes.values() if not ln.get("lke_cluster_id")]
    off = next(ln for ln in plain if ln["status"] == "offline")
    on = next(ln for ln in plain if ln["status"] == "running")

    [view] = cli(served, "linodes", "view", str(off["id"]))
    assert (view["id"], view["label"], view["status"], view["region"]) == (
        off["id"], off["label"], "offline", off["region"])
    assert view["specs"]["memory"] == off["specs"]["memory"]

    assert cli(served, "linodes", "boot", str(off["id"])) is None  # 200 {} → no rows
    assert cli(served, "linodes", "shutdown", str(on["id"])) is None

    def statuses() -> tuple[str, str]:
        return world.linodes[off["id"]]["status"], world.linodes[on["id"]]["status"]

    assert statuses() == ("booting", "shutting_down")
    sim.clock.advance(300)  # both jobs are far shorter than 5 minutes of sim time
    events = cli(served, "events", "list")  # the request ticks the world too
    assert statuses() == ("running", "offline")
    mine = {(e["action"], e["entity"]["id"]): e for e in events}
    assert mine[("linode_boot", off["id"])]["status"] == "finished"
    assert mine[("linode_shutdown", on["id"])]["status"] == "finished"
    assert all(e["id"] in world.events for e in events)


@needs_cli
def test_cli_lists_other_areas(served: Served) -> None:
    world = served.sim.world
    volumes = cli(served, "volumes", "list", "--all-rows")
    assert {v["id"] for v in volumes} == set(world.volumes)
    domains = cli(served, "domains", "list", "--all-rows")
    assert {d["domain"] for d in domains} == {d["domain"] for d in world.domains.values()}
    clusters = cli(served, "lke", "clusters-list", "--all-rows")
    assert {c["id"] for c in clusters} == set(world.lke_clusters)
    images = cli(served, "images", "list", "--all-rows")
    assert {i["id"] for i in images} == set(world.images)
    assert any(i["id"].startswith("private/") for i in images)
    [account] = cli(served, "account", "view")
    assert (account["email"], account["company"]) == (world.account["email"], world.account["company"])
    [profile] = cli(served, "profile", "view")
    assert profile["username"] == "demo-user"


# ------------------------------------------------------------------------------------------ linode_api4


@pytest.fixture(scope="module")
def sdk(served: Served) -> Any:
    linode_api4 = pytest.importorskip("linode_api4")
    return linode_api4.LinodeClient("demo", base_url=served.base_url)


def test_sdk_paginates_instances(served: Served, sdk: Any) -> None:
    before = len(served.log.gets("/v4/linode/instances"))
    instances = sdk.linode.instances()
    assert len(instances) == N_LINODES
    ids = [i.id for i in instances]  # iterating loads pages 2.. on demand
    assert len(ids) == len(set(ids)) and set(ids) == set(served.sim.world.linodes)
    seen = served.log.gets("/v4/linode/instances")[before:]
    pages = sorted(int(s.query.get("page", ["1"])[0]) for s in seen)
    assert pages == list(range(1, -(-N_LINODES // 100) + 1))  # every page once, at 100 a page


def test_sdk_filters_instances(served: Served, sdk: Any) -> None:
    from linode_api4 import Instance

    world = served.sim.world
    found = sdk.linode.instances(Instance.region == "eu-west")
    assert {i.id for i in found} == {lid for lid, ln in world.linodes.items() if ln["region"] == "eu-west"}
    assert served.log.gets("/v4/linode/instances")[-1].x_filter == {"region": "eu-west"}


def test_sdk_inspects_one_linode_lazily(served: Served, sdk: Any) -> None:
    from linode_api4 import Instance

    world = served.sim.world
    raw = next(ln for ln in world.linodes.values() if not ln.get("lke_cluster_id"))
    lid = raw["id"]
    linode = Instance(sdk, lid)  # nothing fetched yet
    before = len(served.log.seen)
    assert linode.label == raw["label"]  # first attribute access → GET /linode/instances/{id}
    assert served.log.seen[before].path == f"/v4/linode/instances/{lid}"
    assert linode.status == raw["status"]
    assert (linode.specs.memory, linode.specs.vcpus, linode.specs.disk) == (
        raw["specs"]["memory"], raw["specs"]["vcpus"], raw["specs"]["disk"])
    assert linode.region.id == raw["region"] and linode.type.id == raw["type"]
    ips = linode.ips
    assert ips.ipv4.public[0].address == raw["ipv4"][0]
    assert {d.id for d in linode.disks} == set(world.disks(lid))
    assert {c.id for c in linode.configs} == set(world.configs(lid))
    assert {d.label for d in linode.disks} == {d["label"] for d in world.disks(lid).values()}


def test_sdk_lists_other_areas(served: Served, sdk: Any) -> None:
    world = served.sim.world
    assert {v.id for v in sdk.volumes()} == set(world.volumes)
    volume = sdk.volumes()[0]
    assert volume.size == world.volumes[volume.id]["size"]
    assert {d.domain for d in sdk.domains()} == {d["domain"] for d in world.domains.values()}
    regions = sdk.regions()
    assert "us-east" in {r.id for r in regions} and all(r.country for r in regions)
    types = sdk.linode.types()
    assert any(t.id == "g6-nanode-1" and t.memory == 1024 for t in types)
    events = sdk.account.events()
    assert len(events) > 0 and all(e.id in world.events for e in events)
    assert events[0].action == world.events[events[0].id]["action"]
    profile = sdk.profile()
    assert profile.username == "demo-user" and profile.email
    account = sdk.account()
    assert (account.email, account.company) == (world.account["email"], world.account["company"])


def test_sdk_handles_slash_image_ids(served: Served, sdk: Any) -> None:
    from linode_api4 import Image

    world = served.sim.world
    private = sorted(i for i in world.images if i.startswith("private/"))[0]
    image = sdk.load(Image, private)  # GET /images/private/N (linode_api4 keeps the slash)
    assert (image.id, image.label) == (private, world.images[private]["label"])
    assert served.log.seen[-1].path == f"/v4/images/{private}"
    image.replicate(["us-east", "eu-west"])
    assert {r["region"] for r in world.images[private]["regions"]} == {"us-east", "eu-west"}
    last = served.log.seen[-1]
    assert (last.method, last.path) == ("POST", f"/v4/images/{private}/regions")
