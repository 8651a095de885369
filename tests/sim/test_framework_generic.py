"""Generic handlers: operations without an area handler answer from the spec and keep generic state."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from linode_tui.sim.framework import ApiError
from linode_tui.sim.generic import validate_body
from linode_tui.specdata import load_spec
from tests.sim.test_framework import Env, reasons


@pytest.fixture
def env() -> Env:
    return Env()


async def test_get_list_is_a_listing_of_the_example(env: Env) -> None:
    async with env.client() as c:
        r = await c.get("/domains")
        f = await c.get("/domains", headers={"X-Filter": '{"domain": "example.org"}'})
        none = await c.get("/domains", headers={"X-Filter": '{"domain": "other.org"}'})
        bad = await c.get("/domains", headers={"X-Filter": '{"soa_email": "x"}'})
        small = await c.get("/domains", params={"page_size": 10})
    body = r.json()
    assert set(body) == {"data", "page", "pages", "results"}
    assert body["results"] == len(body["data"]) >= 1
    assert body["data"][0]["domain"] == "example.org"
    assert f.json()["results"] == 1 and none.json()["results"] == 0
    assert bad.status_code == 400 and reasons(bad)[0]["reason"] == "Cannot filter on soa_email"
    assert small.status_code == 400


async def test_get_detail_knows_only_existing_ids(env: Env) -> None:
    """Like the real API: an id it does not know is 404 Not found (and so is everything below it);
    the items of the collection and the ones created since answer."""
    async with env.client() as c:
        listed = (await c.get("/domains")).json()["data"][0]
        known = await c.get(f"/domains/{listed['id']}")
        unknown = await c.get("/domains/55")
        below_unknown = await c.get("/domains/55/records/77")
        put_unknown = await c.put("/domains/55", json={"soa_email": "a@b.org"})
        bucket = await c.get("/object-storage/buckets/us-east-1/no-such-bucket")
        made = await c.post(
            "/domains", json={"domain": "new.org", "type": "master", "soa_email": "a@new.org"}
        )
        again = await c.get(f"/domains/{made.json()['id']}")
    assert known.status_code == 200 and known.json()["domain"] == listed["domain"]
    assert unknown.status_code == 404 and reasons(unknown) == [{"reason": "Not found"}]
    assert below_unknown.status_code == 404 and put_unknown.status_code == 404
    assert bucket.status_code == 404
    assert made.status_code == 200 and again.status_code == 200 and again.json()["domain"] == "new.org"


async def test_post_validation_errors(env: Env) -> None:
    async with env.client() as c:
        missing = await c.post("/domains", json={"type": "master"})
        wrong = await c.post("/domains", json={"domain": "a.org", "type": "master", "ttl_sec": "soon"})
        both = await c.post("/domains", json={})
        not_obj = await c.post("/domains", json=[1, 2])
        bool_int = await c.post("/domains", json={"domain": "a.org", "type": "master", "ttl_sec": True})
    assert missing.status_code == 400
    assert reasons(missing) == [{"reason": "domain is required", "field": "domain"}]
    assert reasons(wrong) == [{"reason": "ttl_sec must be an integer", "field": "ttl_sec"}]
    assert {e["field"] for e in reasons(both)} == {"domain", "type"}
    assert not_obj.status_code == 400
    assert reasons(bool_int)[0]["field"] == "ttl_sec"


async def test_post_enum_validation(env: Env) -> None:
    spec = load_spec()
    op = spec.find("POST", "/domains")
    assert op is not None
    allowed = op.request_enums.get("type")
    if not allowed:
        pytest.skip("the spec data declares no enum for POST /domains type")
    async with env.client() as c:
        r = await c.post("/domains", json={"domain": "a.org", "type": "not-a-type"})
    assert r.status_code == 400 and reasons(r) == [{"reason": "type is not valid", "field": "type"}]


async def test_post_to_collection_creates_an_item(env: Env) -> None:
    async with env.client() as c:
        created = await c.post("/domains", json={"domain": "new.example", "type": "master", "ttl_sec": 60,
                                                 "root_pass": "not echoed"})
        new = created.json()
        got = await c.get(f"/domains/{new['id']}")
        listed = await c.get("/domains")
        filtered = await c.get("/domains", headers={"X-Filter": '{"domain": "new.example"}'})
    assert created.status_code == 200
    assert new["domain"] == "new.example" and new["ttl_sec"] == 60 and "root_pass" not in new
    assert isinstance(new["id"], int) and new["id"] != 1234
    assert got.json() == new
    assert new["id"] in [d["id"] for d in listed.json()["data"]]
    assert [d["id"] for d in filtered.json()["data"]] == [new["id"]]


async def test_nested_collection_create_and_timestamps(env: Env) -> None:
    async with env.client() as c:
        other_domain = await c.post(
            "/domains", json={"domain": "b.org", "type": "master", "soa_email": "a@b.org"}
        )
        r = await c.post("/domains/1234/records", json={"type": "A", "name": "www", "target": "192.0.2.9"})
        rec = r.json()
        listed = await c.get("/domains/1234/records")
        other = await c.get(f"/domains/{other_domain.json()['id']}/records")
        unknown = await c.post("/domains/9/records", json={"type": "A", "name": "www", "target": "192.0.2.9"})
    assert rec["name"] == "www" and rec["created"] == env.clock.iso()
    assert rec["id"] in [x["id"] for x in listed.json()["data"]]
    assert rec["id"] not in [x["id"] for x in other.json()["data"]]
    assert unknown.status_code == 404  # no such domain


async def test_post_action_returns_empty_object(env: Env) -> None:
    async with env.client() as c:
        r = await c.post("/linode/instances/1001/reboot", json={})
        clone_missing = await c.post("/domains/1234/clone", json={})
    assert r.status_code == 200 and r.json() == {}
    assert clone_missing.status_code == 400 and reasons(clone_missing)[0]["field"] == "domain"


async def test_items_of_a_handler_served_collection_are_known_by_its_get(env: Env) -> None:
    # the Linodes are served by an area handler (not the spec example, whose id is 123): the
    # generic handler asks that handler's GET whether the Linode exists
    async with env.client() as c:
        known = await c.post("/linode/instances/1001/reboot", json={})
        example_only = await c.post("/linode/instances/123/reboot", json={})
        log = list(env.app.request_log)
    assert known.status_code == 200
    assert example_only.status_code == 404 and reasons(example_only)[0]["reason"] == "Not found"
    assert [r.path for r in log] == ["/linode/instances/1001/reboot", "/linode/instances/123/reboot"]


async def test_put_then_get_shows_change(env: Env) -> None:
    async with env.client() as c:
        made = await c.post("/domains", json={"domain": "b.org", "type": "master", "soa_email": "a@b.org"})
        put = await c.put("/domains/1234", json={"description": "changed", "ttl_sec": 120})
        got = await c.get("/domains/1234")
        other = await c.get(f"/domains/{made.json()['id']}")
        bad = await c.put("/domains/1234", json={"ttl_sec": "x"})
    assert put.status_code == 200 and put.json()["description"] == "changed"
    assert got.json()["description"] == "changed" and got.json()["ttl_sec"] == 120
    assert got.json()["id"] == 1234
    assert other.json()["description"] != "changed"
    assert bad.status_code == 400


async def test_put_on_listed_example_item_shows_in_list(env: Env) -> None:
    async with env.client() as c:
        await c.put("/domains/1234", json={"description": "listed change"})
        listed = await c.get("/domains")
    item = next(d for d in listed.json()["data"] if d["id"] == 1234)
    assert item["description"] == "listed change"


async def test_delete_then_get_404(env: Env) -> None:
    async with env.client() as c:
        made = await c.post("/domains", json={"domain": "b.org", "type": "master", "soa_email": "a@b.org"})
        path = f"/domains/{made.json()['id']}"
        d = await c.delete(path)
        got = await c.get(path)
        child = await c.get(f"{path}/records")
        again = await c.delete(path)
        put = await c.put(path, json={"description": "x"})
        d2 = await c.delete("/domains/1234")
        listed = await c.get("/domains")
    assert d.status_code == 200 and d.json() == {}
    assert got.status_code == 404 and reasons(got) == [{"reason": "Not found"}]
    assert child.status_code == 404 and again.status_code == 404 and put.status_code == 404
    assert d2.status_code == 200
    assert 1234 not in [x["id"] for x in listed.json()["data"]]


async def test_created_then_deleted_item_leaves_the_list(env: Env) -> None:
    async with env.client() as c:
        new = (await c.post("/domains", json={"domain": "gone.example", "type": "master"})).json()
        await c.delete(f"/domains/{new['id']}")
        listed = await c.get("/domains")
    assert new["id"] not in [x["id"] for x in listed.json()["data"]]


async def test_every_get_operation_answers_without_501(env: Env) -> None:
    """Every GET of the spec answers 200 (or a real-API error) through the generic handlers."""
    spec = load_spec()
    async with env.client() as c:
        for op in spec.operations:
            if op.method != "GET":
                continue
            path = op.path
            for name, kind in op.path_params.items():
                path = path.replace("{" + name + "}", "123" if kind == "int" else "abc")
            r = await c.get(path)
            assert r.status_code in (200, 404), (op.operation_id, path, r.status_code, r.text[:200])
            assert r.headers["content-type"] == "application/json"
            r.json()
    assert env.app.error_log == []


def test_validate_body_partial_and_unknown_fields() -> None:
    op = SimpleNamespace(request_fields=[("label", "string", True), ("n", "number", False)], request_enums={})
    validate_body(op, {"label": "x", "n": 1.5, "extra": object()})
    validate_body(op, {"n": 2}, partial=True)
    with pytest.raises(ApiError) as e:
        validate_body(op, {"n": "2"}, partial=True)
    assert e.value.errors == [{"reason": "n must be a number", "field": "n"}]
