"""No operation answers for an id the simulator does not know: like the real API, every operation
with a path parameter answers ``404 Not found`` for an unknown one (GET, PUT, POST and DELETE of the
union of both specs), never the spec's example."""

from __future__ import annotations

import re

from linode_tui.sim import create_sim
from linode_tui.specdata import load_spec

UNKNOWN = "999999999"


async def test_every_operation_with_an_id_is_404_for_an_unknown_one() -> None:
    sim = create_sim(linodes=3)
    ops = [o for o in load_spec().all_operations(include_dropped=True) if o.path_params]
    answered: list[str] = []
    async with sim.http_client("demo") as c:
        for op in ops:
            path = re.sub(r"\{[^}]+\}", UNKNOWN, op.path)
            body: dict[str, object] | None = {} if op.method in ("POST", "PUT") else None
            r = await c.request(op.method, path, json=body)
            if r.status_code < 300:
                answered.append(f"{op.method} {op.path} -> {r.status_code}")
            elif r.status_code == 404:
                assert r.json() == {"errors": [{"reason": "Not found"}]}, (op.path, r.text)
    print(f"unknown ids: {len(ops) - len(answered)} of {len(ops)} operations answer 404 or refuse")
    assert len(ops) > 300
    assert not answered, answered


async def test_known_ids_still_answer() -> None:
    sim = create_sim(linodes=3)
    async with sim.http_client("demo") as c:
        clients = (await c.get("/account/oauth-clients")).json()["data"]
        assert clients
        thumb = await c.get(f"/account/oauth-clients/{clients[0]['id']}/thumbnail")
        missing = await c.get(f"/account/oauth-clients/{UNKNOWN}/thumbnail")
        linode = next(iter(sim.world.linodes))
        got = await c.get(f"/linode/instances/{linode}")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/png"
    assert missing.status_code == 404
    assert got.status_code == 200 and got.json()["id"] == linode
