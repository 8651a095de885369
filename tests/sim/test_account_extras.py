"""Account, profile and Managed corners of the simulator behaving like the real API: grants list every
entity, payment methods, service transfers, OAuth clients, child accounts, agreements, security
questions, phone verification, Managed credentials and SSH settings."""

from __future__ import annotations

from typing import Any

import pytest

from linode_tui.sim import create_sim
from linode_tui.sim.handlers.billing import incoming_transfers


@pytest.fixture
def sim() -> Any:
    return create_sim(frozen=True, linodes=12)


def _reason(r: Any) -> str:
    return str(r.json()["errors"][0]["reason"])


async def test_grants_list_every_entity_with_null_when_not_granted(sim: Any) -> None:
    granted = {g["id"] for g in sim.world.grants["intern"]["linode"]}
    async with sim.http_client() as c:
        g = (await c.get("/account/users/intern/grants")).json()
        assert {e["id"] for e in g["linode"]} == set(sim.world.linodes)
        assert {e["id"] for e in g["linode"] if e["permissions"]} == granted
        assert all(e["permissions"] is None for e in g["linode"] if e["id"] not in granted)
        assert {e["id"] for e in g["volume"]} == set(sim.world.volumes)
        assert {e["label"] for e in g["domain"]} == {d["domain"] for d in sim.world.domains.values()}
        # billing-admin has no entity grant at all: still every entity is listed, all null
        b = (await c.get("/account/users/billing-admin/grants")).json()
        assert len(b["linode"]) == len(sim.world.linodes) and not any(e["permissions"] for e in b["linode"])
        vol = next(iter(sim.world.volumes))
        r = await c.put(
            "/account/users/billing-admin/grants", json={"volume": [{"id": vol, "permissions": "read_only"}]}
        )
        assert r.status_code == 200
        assert {e["id"]: e["permissions"] for e in r.json()["volume"]}[vol] == "read_only"
        assert len(r.json()["volume"]) == len(sim.world.volumes)


async def test_payment_methods_default_cannot_be_deleted(sim: Any) -> None:
    async with sim.http_client() as c:
        pms = (await c.get("/account/payment-methods")).json()["data"]
        default = next(p for p in pms if p["is_default"])
        other = next(p for p in pms if not p["is_default"] and p["type"] == "credit_card")
        r = await c.delete(f"/account/payment-methods/{default['id']}")
        assert r.status_code == 400 and "default" in _reason(r)
        assert (await c.post(f"/account/payment-methods/{other['id']}/make-default")).status_code == 200
        now = {p["id"]: p["is_default"] for p in (await c.get("/account/payment-methods")).json()["data"]}
        assert now[other["id"]] and not now[default["id"]]
        assert (await c.delete(f"/account/payment-methods/{default['id']}")).status_code == 200
        assert (await c.get(f"/account/payment-methods/{default['id']}")).status_code == 404


async def test_service_transfer_create_cancel_and_accept(sim: Any) -> None:
    lid = next(iter(sim.world.linodes))
    async with sim.http_client() as c:
        r = await c.post("/account/service-transfers", json={"entities": {"linodes": [lid]}})
        assert r.status_code == 200, r.text
        t = r.json()
        assert t["status"] == "pending" and t["is_sender"] and len(t["token"]) == 36
        again = await c.post("/account/service-transfers", json={"entities": {"linodes": [lid]}})
        assert again.status_code == 400 and "pending transfer" in _reason(again)
        bad = await c.post("/account/service-transfers", json={"entities": {"linodes": [1]}})
        assert bad.status_code == 400
        own = await c.post(f"/account/service-transfers/{t['token']}/accept")
        assert own.status_code == 400
        assert (await c.delete(f"/account/service-transfers/{t['token']}")).status_code == 200
        assert (await c.get(f"/account/service-transfers/{t['token']}")).json()["status"] == "canceled"
        (incoming,) = incoming_transfers(sim.world)
        listed = [x["token"] for x in (await c.get("/account/service-transfers")).json()["data"]]
        assert incoming not in listed
        assert (await c.post(f"/account/service-transfers/{incoming}/accept")).status_code == 200
        got = (await c.get("/account/service-transfers")).json()["data"]
        assert {x["token"]: x["status"] for x in got}[incoming] == "accepted"


async def test_oauth_client_secret_only_on_create_and_reset(sim: Any) -> None:
    async with sim.http_client() as c:
        r = await c.post("/account/oauth-clients", json={"label": "ci", "redirect_uri": "ftp://x"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "redirect_uri"
        r = await c.post(
            "/account/oauth-clients", json={"label": "ci", "redirect_uri": "https://ci.example/cb"}
        )
        made = r.json()
        assert len(made["secret"]) == 64
        assert (await c.get(f"/account/oauth-clients/{made['id']}")).json()["secret"] == "<REDACTED>"
        listed = (await c.get("/account/oauth-clients")).json()["data"]
        assert all(x["secret"] == "<REDACTED>" for x in listed)
        new = (await c.post(f"/account/oauth-clients/{made['id']}/reset-secret")).json()["secret"]
        assert len(new) == 64 and new != made["secret"]
        r = await c.put(f"/account/oauth-clients/{made['id']}", json={"label": "ci-2", "public": True})
        assert r.json()["label"] == "ci-2" and r.json()["public"] is True
        assert (await c.delete(f"/account/oauth-clients/{made['id']}")).status_code == 200
        assert (await c.get(f"/account/oauth-clients/{made['id']}/thumbnail")).status_code == 404


async def test_child_account_token_and_agreements(sim: Any) -> None:
    async with sim.http_client() as c:
        (child,) = (await c.get("/account/child-accounts")).json()["data"]
        tok = (await c.post(f"/account/child-accounts/{child['euuid']}/token")).json()
        assert len(tok["token"]) == 64 and tok["scopes"] == "*" and tok["expiry"] > tok["created"]
        a = (await c.get("/account/agreements")).json()
        assert a["eu_model"] is False
        assert (await c.post("/account/agreements", json={"eu_model": True})).status_code == 200
        assert (await c.get("/account/agreements")).json()["eu_model"] is True
        await c.post("/account/agreements", json={"eu_model": False})  # cannot be withdrawn
        assert (await c.get("/account/agreements")).json()["eu_model"] is True


async def test_security_questions_and_phone_verification(sim: Any) -> None:
    async with sim.http_client() as c:
        qs = (await c.get("/profile/security-questions")).json()["security_questions"]
        assert all(q["response"] is None for q in qs)
        two = [{"question_id": 1, "response": "Paris"}, {"question_id": 2, "response": "Rex"}]
        assert (
            await c.post("/profile/security-questions", json={"security_questions": two})
        ).status_code == 400
        dup = [*two, {"question_id": 2, "response": "Max"}]
        assert (
            await c.post("/profile/security-questions", json={"security_questions": dup})
        ).status_code == 400
        three = [*two, {"question_id": 3, "response": "Volvo"}]
        r = await c.post("/profile/security-questions", json={"security_questions": three})
        assert {q["id"]: q["response"] for q in r.json()["security_questions"]}[3] == "Volvo"
        assert (await c.post("/profile/phone-number/verify", json={"otp_code": "1"})).status_code == 400
        r = await c.post("/profile/phone-number", json={"iso_code": "US", "phone_number": "215-555-0199"})
        assert r.status_code == 200
        code = sim.world.account_extra["phone"]["demo-user"]["code"]
        wrong = await c.post("/profile/phone-number/verify", json={"otp_code": "000000"})
        assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "otp_code"
        assert (await c.post("/profile/phone-number/verify", json={"otp_code": code})).status_code == 200
        assert (await c.get("/profile")).json()["verified_phone_number"] == "US 215-555-0199"


async def test_managed_credentials_never_return_secrets_and_ssh_settings(sim: Any) -> None:
    sim.world.account_settings["managed"] = True
    async with sim.http_client() as c:
        r = await c.post(
            "/managed/credentials", json={"label": "db", "username": "root", "password": "s3cr3t!"}
        )
        cred = r.json()
        assert "password" not in cred and "username" not in cred
        assert "s3cr3t!" not in repr(sim.world.managed_credentials)
        r = await c.post(f"/managed/credentials/{cred['id']}/update", json={"username": "admin"})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "password"
        r = await c.post(f"/managed/credentials/{cred['id']}/update", json={"password": "n3w"})
        assert r.status_code == 200
        assert (await c.post(f"/managed/credentials/{cred['id']}/revoke")).status_code == 200
        assert (await c.get(f"/managed/credentials/{cred['id']}")).status_code == 404
        lid = next(iter(sim.world.linodes))
        r = await c.put(f"/managed/linode-settings/{lid}", json={"ssh": {"port": 70000}})
        assert r.status_code == 400 and r.json()["errors"][0]["field"] == "ssh.port"
        r = await c.put(
            f"/managed/linode-settings/{lid}",
            json={"ssh": {"port": 2222, "user": "ops", "ip": "203.0.113.5"}},
        )
        assert r.json()["ssh"] == {"access": True, "user": "ops", "ip": "203.0.113.5", "port": 2222}
        assert (await c.get(f"/managed/linode-settings/{lid}")).json()["ssh"]["port"] == 2222
