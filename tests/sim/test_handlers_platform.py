"""Simulator handlers of issue 11: database forks (point in time), engine parameters and private
networks; LKE VPCs; bucket TLS certificates; image uploads."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.sim import create_sim

PG = 105722  # an active PostgreSQL database of the seed


@pytest.fixture
def sim() -> Any:
    return create_sim(frozen=True, linodes=40)


def _field(r: Any) -> tuple[int, str | None]:
    errs = r.json().get("errors") or [{}]
    return r.status_code, errs[0].get("field")


async def test_fork_at_a_point_in_time(sim: Any) -> None:
    src = sim.world.databases[PG]
    base = {"label": "pg-fork", "region": src["region"], "type": src["type"]}
    major = src["version"].split(".")[0]
    async with sim.http_client() as c:
        bad_time = {
            **base,
            "engine": f"postgresql/{major}",
            "fork": {"source": PG, "restore_time": "1999-01-01T00:00:00"},
        }
        assert _field(await c.post("/databases/postgresql/instances", json=bad_time)) == (
            400,
            "fork.restore_time",
        )
        other = "13" if major != "13" else "14"
        wrong = {**base, "engine": f"postgresql/{other}", "fork": {"source": PG}}
        assert _field(await c.post("/databases/postgresql/instances", json=wrong)) == (400, "engine")
        missing = {**base, "engine": f"postgresql/{major}", "fork": {"source": 1}}
        assert _field(await c.post("/databases/postgresql/instances", json=missing)) == (400, "fork.source")
        when = src["oldest_restore_time"]
        ok = {**base, "engine": f"postgresql/{major}", "fork": {"source": PG, "restore_time": when}}
        r = await c.post("/databases/postgresql/instances", json=ok)
        assert r.status_code == 200, r.text
        assert r.json()["fork"] == {"source": PG, "restore_time": when}


async def test_engine_config_schema_and_validation(sim: Any) -> None:
    async with sim.http_client() as c:
        schema = (await c.get("/databases/postgresql/config")).json()
        assert schema["pg"]["autovacuum_max_workers"]["maximum"] == 20
        assert "pg_partman_bgw.interval" in schema["pg"]
        one = f"/databases/postgresql/instances/{PG}"
        for body, field in (
            ({"pg": {"autovacuum_max_workers": 99}}, "engine_config.pg.autovacuum_max_workers"),
            ({"pg": {"password_encryption": "rot13"}}, "engine_config.pg.password_encryption"),
            ({"pg": {"jit": "yes"}}, "engine_config.pg.jit"),
            ({"nope": 1}, "engine_config.nope"),
        ):
            assert _field(await c.put(one, json={"engine_config": body})) == (400, field)
        r = await c.put(
            one,
            json={"engine_config": {"work_mem": 8, "pg": {"jit": False, "pg_partman_bgw.interval": 7200}}},
        )
        assert r.status_code == 200, r.text
        assert r.json()["engine_config"] == {
            "work_mem": 8,
            "pg": {"jit": False, "pg_partman_bgw.interval": 7200},
        }
        assert r.json()["status"] == "active"  # nothing that needs a restart
        r = await c.put(one, json={"engine_config": {"shared_buffers_percentage": 30.5}})
        assert r.json()["status"] == "updating"  # this one restarts the database
        assert r.json()["engine_config"]["pg"]["jit"] is False  # the rest kept


async def test_database_in_a_vpc(sim: Any) -> None:
    vid, vpc = next(iter(sim.world.vpcs.items()))
    sid = next(iter(sim.world.subnets[vid]))
    base = {"label": "pg-vpc", "region": vpc["region"], "type": "g6-nanode-1", "engine": "postgresql/16"}
    async with sim.http_client() as c:
        bad = {**base, "private_network": {"vpc_id": vid, "subnet_id": 1}}
        assert _field(await c.post("/databases/postgresql/instances", json=bad)) == (
            400,
            "private_network.subnet_id",
        )
        r = await c.post(
            "/databases/postgresql/instances",
            json={**base, "private_network": {"vpc_id": vid, "subnet_id": sid}},
        )
        assert r.status_code == 200, r.text
        assert r.json()["private_network"] == {"vpc_id": vid, "subnet_id": sid, "public_access": False}


async def test_lke_acl_labels_taints_and_vpc(sim: Any) -> None:
    cid = next(iter(sim.world.lke_clusters))
    pid = next(iter(sim.world.lke_pools[cid]))
    async with sim.http_client() as c:
        acl = f"/lke/clusters/{cid}/control_plane_acl"
        bad = {"acl": {"enabled": True, "addresses": {"ipv4": ["2001:db8::1"]}}}
        assert _field(await c.put(acl, json=bad)) == (400, "acl.addresses.ipv4")
        ok = {"acl": {"enabled": True, "addresses": {"ipv4": ["203.0.113.0/24"], "ipv6": ["2001:db8::/32"]}}}
        r = await c.put(acl, json=ok)
        assert r.status_code == 200 and r.json()["acl"]["addresses"]["ipv6"] == ["2001:db8::/32"]
        pool = f"/lke/clusters/{cid}/pools/{pid}"
        taint = {"key": "gpu", "value": "yes", "effect": "Sometimes"}
        assert _field(await c.put(pool, json={"taints": [taint]})) == (400, "taints[0].effect")
        assert _field(await c.put(pool, json={"labels": {"bad key!": "x"}}))[0] == 400
        r = await c.put(pool, json={"labels": {"team": "data"}, "taints": [{**taint, "effect": "NoExecute"}]})
        assert r.json()["labels"] == {"team": "data"} and r.json()["taints"][0]["effect"] == "NoExecute"
        vid, vpc = next(iter(sim.world.vpcs.items()))
        sid = next(iter(sim.world.subnets[vid]))
        other = next(r for r in sim.world.regions if r != vpc["region"])
        base = {
            "label": "vpc-k8s",
            "k8s_version": sim.world.lke_versions[0]["id"],
            "node_pools": [{"type": "g6-standard-2", "count": 1}],
            "vpc_id": vid,
            "subnet_id": sid,
        }
        assert _field(await c.post("/lke/clusters", json={**base, "region": other})) == (400, "vpc_id")
        r = await c.post("/lke/clusters", json={**base, "region": vpc["region"]})
        assert r.status_code == 200, r.text
        assert (r.json()["vpc_id"], r.json()["subnet_id"]) == (vid, sid)


CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
KEY = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n"


async def test_bucket_tls_certificate(sim: Any) -> None:
    region, label = next(iter(sim.world.buckets))
    ssl = f"/object-storage/buckets/{region}/{label}/ssl"
    async with sim.http_client() as c:
        assert _field(await c.post(ssl, json={"certificate": "nope", "private_key": KEY})) == (
            400,
            "certificate",
        )
        assert _field(await c.post(ssl, json={"certificate": CERT, "private_key": CERT})) == (
            400,
            "private_key",
        )
        assert (await c.post(ssl, json={"certificate": CERT, "private_key": KEY})).json() == {"ssl": True}
        assert (await c.get(ssl)).json() == {"ssl": True}
        assert (await c.post(ssl, json={"certificate": CERT, "private_key": KEY})).status_code == 400
        assert (await c.delete(ssl)).status_code == 200
        assert (await c.get(ssl)).json() == {"ssl": False}
        assert (await c.delete(ssl)).status_code == 404
